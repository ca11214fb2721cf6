/**
 * `marina runtime install|status|delete` without a cluster: the logged-in tenant's hosted runtime, through the
 * portal API (src/cli/portal.ts). `marina runtime install CLUSTER` (hub admin): enables the Argo CD API set on the logical cluster (as the hub admin) and
 * creates the runtime's objects in it (with the cluster's own admin kubeconfig), all through the hub's API.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { apiSetsPatch, runtimeObjects } from '../gitops/runtime/install.ts';
import { API_SETS_ANNOTATION } from '../apiserver/shared.ts';
import type { KObject } from '../apiserver/types.ts';
import { tenantRuntimeDelete, tenantRuntimeInstall, tenantRuntimeStatus } from './portal.ts';

interface Opts {
  server: string;
  dataDir: string;
}

const LC = '/apis/core.marina.io/v1alpha1/logicalclusters';

function rootToken(dataDir: string): string {
  try {
    return parse(readFileSync(join(resolve(dataDir), 'admin.kubeconfig'), 'utf8')).users[0].user.token;
  } catch {
    throw new Error(`no admin credentials in ${resolve(dataDir)} (is the hub running with this --data-dir?)`);
  }
}

async function call(server: string, token: string, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType, Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json().catch(() => ({})) };
}

function pathOf(o: KObject): string {
  const base = o.apiVersion === 'v1' ? '/api/v1' : `/apis/${o.apiVersion}`;
  const plural = o.kind === 'AppProject' ? 'appprojects' : `${o.kind.toLowerCase()}s`;
  return o.metadata.namespace ? `${base}/namespaces/${o.metadata.namespace}/${plural}` : `${base}/${plural}`;
}

export async function runtimeInstall(name: string, o: Opts): Promise<void> {
  const server = o.server.replace(/\/$/, '');
  const root = rootToken(o.dataDir);
  const lc = await call(server, root, 'GET', `/clusters/root${LC}/${name}`);
  if (lc.status !== 200) throw new Error(lc.json.message ?? `logical cluster "${name}" not found`);
  const patch = apiSetsPatch(lc.json.metadata?.annotations?.[API_SETS_ANNOTATION]);
  if (patch && name !== 'root') {
    const r = await call(server, root, 'PATCH', `/clusters/root${LC}/${name}`, patch, 'application/merge-patch+json');
    if (r.status !== 200) throw new Error(r.json.message ?? `enabling the argo-cd API set: ${r.status}`);
  }
  const kc = name === 'root' ? undefined : await call(server, root, 'GET', `/clusters/root${LC}/${name}/kubeconfig`);
  const token = kc ? parse(kc.json.kubeconfig).users[0].user.token : root;
  for (const obj of runtimeObjects()) {
    const r = await call(server, token, 'POST', `/clusters/${name}${pathOf(obj)}`, obj);
    if (r.status !== 201 && r.status !== 409) throw new Error(r.json.message ?? `creating ${obj.kind} ${obj.metadata.name}: ${r.status}`);
  }
}

export function registerRuntimeCommands(program: Command): void {
  const runtime = program.command('runtime').description('manage hosted GitOps runtimes (Argo CD compatible)');
  runtime
    .command('install [cluster]')
    .description('without a cluster: install the logged-in tenant\'s hosted runtime (commits its claim to the hub repository) and follow it until Active; with a cluster (hub admin): enable the Argo CD API in that logical cluster and create its argocd namespace, default AppProject and argocd-cm')
    .addOption(new Option('--server <url>', 'the hub to talk to').env('MARINA_SERVER').default('http://127.0.0.1:8080'))
    .addOption(new Option('--data-dir <dir>', 'data directory (admin credentials)').env('MARINA_DATA_DIR').default('.marina'))
    .option('--no-wait', 'tenant install: return once requested')
    .option('--timeout <seconds>', 'tenant install: how long to wait for Active', '120')
    .action(async (name: string | undefined, o: Opts & { wait: boolean; timeout: string }, cmd: Command) => {
      if (!name) return tenantRuntimeInstall(cmd, o);
      await runtimeInstall(name, o);
      console.log(`runtime installed in logical cluster "${name}" (namespace argocd, appproject default)`);
    });
  runtime
    .command('status')
    .description("the logged-in tenant's runtime: phase, progress, components; --watch follows it live")
    .addOption(new Option('--server <url>', 'the hub (default: the one logged in to)').env('MARINA_SERVER').default('http://127.0.0.1:8080'))
    .option('-w, --watch', 'follow the progress until Active (or deleted)')
    .option('-o, --output <format>', 'json for the raw RuntimeStatus')
    .option('--timeout <seconds>', 'with --watch: how long to follow', '600')
    .action((o, cmd: Command) => tenantRuntimeStatus(cmd, o));
  runtime
    .command('delete')
    .description("delete the logged-in tenant's runtime (commits the claim's removal to the hub repository)")
    .addOption(new Option('--server <url>', 'the hub (default: the one logged in to)').env('MARINA_SERVER').default('http://127.0.0.1:8080'))
    .option('--no-wait', 'return once requested')
    .option('--timeout <seconds>', 'how long to wait for the deletion', '120')
    .action((o, cmd: Command) => tenantRuntimeDelete(cmd, o));
}
