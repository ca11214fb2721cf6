/**
 * The `marina` command. `up` starts the hub; the other commands talk to a running hub through its API
 * (found with --server / MARINA_SERVER), authenticated with the admin kubeconfig kept in the data
 * directory (--data-dir / MARINA_DATA_DIR).
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { Hub, kubeconfigYaml } from '../hub/hub.ts';
import { MARINA_VERSION } from '../hub/version.ts';
import { registerPolicyCommands } from './policy.ts';
import { registerRuntimeCommands } from './runtime.ts';
import { registerAppCommands } from './app.ts';
import { registerPortalCommands, tenantKubeconfig } from './portal.ts';

const program = new Command();
const dataDirOption = () => new Option('--data-dir <dir>', 'data directory (SQLite database, admin credentials)').env('MARINA_DATA_DIR').default('.marina');
const serverOption = () => new Option('--server <url>', 'the hub to talk to').env('MARINA_SERVER').default('http://127.0.0.1:8080');

program.name('marina').description('Marina: virtual Kubernetes control planes with a hosted GitOps runtime per tenant').version(MARINA_VERSION);

program
  .command('up')
  .description('start the hub: the API server for every logical cluster, its controllers and the portal')
  .addOption(new Option('--port <port>', 'port to listen on').env('MARINA_PORT').default('8080'))
  .addOption(new Option('--host <host>', 'address to listen on').env('MARINA_HOST').default('127.0.0.1'))
  .addOption(dataDirOption())
  .addOption(new Option('--public-url <url>', 'URL written into kubeconfigs (default http://HOST:PORT)').env('MARINA_PUBLIC_URL'))
  .addOption(new Option('--max-body-bytes <n>', 'largest accepted request body').env('MARINA_MAX_BODY_BYTES').default(String(3 * 1024 * 1024)))
  .addOption(new Option('--hub-repo <url>', 'an existing Git repository for the platform\'s desired state (default: DATA_DIR/hub.git, created on first start)').env('MARINA_HUB_REPO'))
  .addOption(new Option('--allow-local-repos', 'let tenants use file:// repositories on this machine (development; by default only the hub\'s own cluster may)').env('MARINA_ALLOW_LOCAL_REPOS'))
  .addOption(new Option('--sync <mode>', 'SQLite durability: FULL (fsync every commit) or NORMAL').choices(['FULL', 'NORMAL']).env('MARINA_SQLITE_SYNC').default('FULL'))
  .action(async (o) => {
    const hub = await Hub.start({ port: Number(o.port), host: o.host, dataDir: resolve(o.dataDir), publicUrl: o.publicUrl, maxBodyBytes: Number(o.maxBodyBytes), synchronous: o.sync, hubRepo: o.hubRepo, allowLocalRepos: !!o.allowLocalRepos });
    console.log(`marina ${MARINA_VERSION} serving on ${hub.url}`);
    console.log(`  portal:         ${o.publicUrl ? hub.url : hub.url.replace(/^https:/, 'http:')}/`); // the self-signed port also speaks plain HTTP
    console.log(`  data directory: ${resolve(o.dataDir)}`);
    console.log(`  hub repository: ${hub.hubRepo.url}`);
    console.log(`  root cluster:   kubectl --kubeconfig ${join(resolve(o.dataDir), 'admin.kubeconfig')} get namespaces`);
    const stop = async () => {
      await hub.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

/** The admin credentials of the hub on this machine. */
function adminToken(dataDir: string): string {
  try {
    const kc = parse(readFileSync(join(resolve(dataDir), 'admin.kubeconfig'), 'utf8'));
    return kc.users[0].user.token;
  } catch {
    throw new Error(`no admin credentials in ${resolve(dataDir)} (is the hub running with this --data-dir?)`);
  }
}

async function api(o: { server: string; dataDir: string }, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${o.server}/clusters/root${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken(o.dataDir)}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as any;
  if (!res.ok) throw new Error(json.message ?? `${res.status} ${res.statusText}`);
  return json;
}

const LC = '/apis/core.marina.io/v1alpha1/logicalclusters';
const cluster = program.command('cluster').description('manage logical clusters');

cluster
  .command('create <name>')
  .description('create a logical cluster')
  .addOption(serverOption())
  .addOption(dataDirOption())
  .action(async (name, o) => {
    await api(o, 'POST', LC, { apiVersion: 'core.marina.io/v1alpha1', kind: 'LogicalCluster', metadata: { name } });
    console.log(`logicalcluster.core.marina.io/${name} created`);
  });

cluster
  .command('list')
  .description('list logical clusters')
  .addOption(serverOption())
  .addOption(dataDirOption())
  .action(async (o) => {
    const list = await api(o, 'GET', LC);
    const rows = [['NAME', 'PHASE', 'URL'], ...list.items.map((c: any) => [c.metadata.name, c.status?.phase ?? '', c.status?.URL ?? ''])];
    const widths = rows[0]!.map((_: string, i: number) => Math.max(...rows.map((r: string[]) => r[i]!.length)));
    for (const r of rows) console.log(r.map((c: string, i: number) => c.padEnd(widths[i]! + 3)).join('').trimEnd());
  });

cluster
  .command('delete <name>')
  .description('delete a logical cluster and everything in it')
  .addOption(serverOption())
  .addOption(dataDirOption())
  .action(async (name, o) => {
    await api(o, 'DELETE', `${LC}/${name}`);
    console.log(`logicalcluster.core.marina.io "${name}" deleted`);
  });

program
  .command('kubeconfig [cluster]')
  .description("print a kubeconfig: without a cluster, the logged-in tenant's runtime cluster; with one (hub admin), that logical cluster (`root` is the hub itself)")
  .addOption(serverOption())
  .addOption(dataDirOption())
  .action(async (name, o, cmd) => {
    if (!name) return tenantKubeconfig(cmd);
    if (name === 'root') return void process.stdout.write(readFileSync(join(resolve(o.dataDir), 'admin.kubeconfig'), 'utf8'));
    const res = await api(o, 'GET', `${LC}/${name}/kubeconfig`).catch(() => undefined);
    if (res?.kubeconfig) return void process.stdout.write(res.kubeconfig);
    throw new Error(`logical cluster "${name}" not found`);
  });

registerPolicyCommands(program);
registerRuntimeCommands(program);
registerAppCommands(program);
registerPortalCommands(program);

program.parseAsync().catch((e) => {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
});

export { kubeconfigYaml };
