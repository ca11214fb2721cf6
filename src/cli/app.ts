/**
 * `marina app list|get|history|diff|sync NAME --cluster CLUSTER`: Argo CD's `argocd app` for a tenant's hosted runtime,
 * over the hub's HTTP API with the logical cluster's admin token (obtained as `marina runtime install` does).
 * `diff` reads the app's managed resources from the hub (the controller's comparison); `sync` sets `operation` as `argocd app sync` does and
 * waits, bounded, for the controller to finish it.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { KObject } from '../apiserver/types.ts';
import { HttpClusterClient } from '../client/index.ts';
import { MANAGED_RESOURCES_SUBRESOURCE, type ManagedResourcesResponse } from '../gitops/controller/index.ts';

interface Opts {
  cluster: string;
  server: string;
  dataDir: string;
  output?: string;
}

const APP_API = 'argoproj.io/v1alpha1';
const NS = 'argocd';
type App = KObject & { operation?: Record<string, unknown>; status?: any; spec?: any };

/** The logical cluster's admin token: the hub admin (data dir) asks the hub for the cluster's kubeconfig. */
export async function clusterClient(o: Pick<Opts, 'cluster' | 'server' | 'dataDir'>): Promise<HttpClusterClient> {
  const server = o.server.replace(/\/$/, '');
  let root: string;
  try {
    root = parse(readFileSync(join(resolve(o.dataDir), 'admin.kubeconfig'), 'utf8')).users[0].user.token;
  } catch {
    throw new Error(`no admin credentials in ${resolve(o.dataDir)} (is the hub running with this --data-dir?)`);
  }
  let token = root;
  if (o.cluster !== 'root') {
    const res = await fetch(`${server}/clusters/root/apis/core.marina.io/v1alpha1/logicalclusters/${encodeURIComponent(o.cluster)}/kubeconfig`, { headers: { Authorization: `Bearer ${root}` } });
    if (res.status !== 200) throw new Error(`logical cluster "${o.cluster}": ${((await res.json().catch(() => ({}))) as { message?: string }).message ?? res.status}`);
    token = parse(((await res.json()) as { kubeconfig: string }).kubeconfig).users[0].user.token;
  }
  return new HttpClusterClient({ server: `${server}/clusters/${o.cluster}`, token, userAgent: 'marina-cli' });
}

const getApp = (c: HttpClusterClient, name: string) => c.get({ apiVersion: APP_API, kind: 'Application', namespace: NS, name }) as Promise<App>;

export async function appList(o: Opts, out: (s: string) => void = console.log): Promise<void> {
  const c = await clusterClient(o);
  const apps = (await c.list({ apiVersion: APP_API, kind: 'Application', namespace: NS })).items as App[];
  if (o.output === 'json') return out(JSON.stringify(apps, null, 2));
  const rows = apps.map((a) => [
    a.metadata.name!, a.spec?.destination?.server ?? a.spec?.destination?.name ?? '', a.spec?.destination?.namespace ?? '', a.spec?.project || 'default',
    a.status?.sync?.status ?? 'Unknown', a.status?.health?.status ?? 'Unknown', a.spec?.syncPolicy?.automated ? 'Auto' : '<none>',
    (a.status?.conditions ?? []).map((x: { type: string }) => x.type).join(',') || '<none>', a.spec?.source?.repoURL ?? '', a.spec?.source?.path ?? '', a.spec?.source?.targetRevision ?? '',
  ]);
  out(table([['NAME', 'CLUSTER', 'NAMESPACE', 'PROJECT', 'STATUS', 'HEALTH', 'SYNCPOLICY', 'CONDITIONS', 'REPO', 'PATH', 'TARGET'], ...rows]));
}

export async function appGet(name: string, o: Opts, out: (s: string) => void = console.log): Promise<void> {
  const a = await getApp(await clusterClient(o), name);
  if (o.output === 'json') return out(JSON.stringify(a, null, 2));
  const op = a.status?.operationState;
  const sources = (a.spec?.sources ?? []) as Array<Record<string, string>>;
  const lines: string[][] = [['Name:', `${NS}/${name}`], ['Project:', a.spec?.project || 'default'], ['Server:', a.spec?.destination?.server ?? a.spec?.destination?.name ?? ''], ['Namespace:', a.spec?.destination?.namespace ?? '']];
  if (sources.length) {
    // As `argocd app get` for a multi-source app: one block per source.
    lines.push(['Sources:', '']);
    for (const src of sources) {
      lines.push(['- Repo:', src.repoURL ?? ''], ['  Target:', src.targetRevision ?? '']);
      if (src.path) lines.push(['  Path:', src.path]);
      if (src.ref) lines.push(['  Ref:', src.ref]);
    }
  } else lines.push(['Repo:', a.spec?.source?.repoURL ?? ''], ['Target:', a.spec?.source?.targetRevision ?? ''], ['Path:', a.spec?.source?.path ?? '']);
  lines.push(['SyncWindow:', 'Sync Allowed'], ['Sync Policy:', a.spec?.syncPolicy?.automated ? 'Automated' : 'Manual']);
  lines.push(['Sync Status:', `${a.status?.sync?.status ?? 'Unknown'}${syncedTo(a.spec, a.status?.sync)}`], ['Health Status:', a.status?.health?.status ?? 'Unknown']);
  if (op) {
    lines.push(['Operation:', 'Sync']);
    const r = op.syncResult ?? {};
    if (r.revisions?.length) lines.push(['Sync Revisions:', r.revisions.join(', ')]);
    else if (r.revision) lines.push(['Sync Revision:', r.revision]);
    lines.push(['Phase:', op.phase], ['Message:', op.message ?? '']);
  }
  out(lines.map(([k, v]) => `${k!.padEnd(16)}${v}`.trimEnd()).join('\n'));
  for (const c of a.status?.conditions ?? []) out(`\nCONDITION ${c.type}: ${c.message}`);
  const res = (a.status?.resources ?? []) as Array<Record<string, any>>;
  if (res.length) out('\n' + table([['GROUP', 'KIND', 'NAMESPACE', 'NAME', 'STATUS', 'HEALTH'], ...res.map((r) => [r.group ?? '', r.kind, r.namespace ?? '', r.name, r.status, r.health?.status ?? ''])]));
}

/** " to HEAD (1a2b3c4)", or for several sources " to HEAD (1a2b3c4), main (5d6e7f8)" (each source's target and commit). */
export function syncedTo(spec: { source?: { targetRevision?: string }; sources?: Array<{ targetRevision?: string }> } | undefined, sync: { revision?: string; revisions?: string[] } | undefined): string {
  if (sync?.revisions?.length) return ` to ${sync.revisions.map((rev, i) => `${spec?.sources?.[i]?.targetRevision || 'HEAD'} (${rev.slice(0, 7)})`).join(', ')}`;
  return sync?.revision ? ` to ${spec?.source?.targetRevision || 'HEAD'} (${sync.revision.slice(0, 7)})` : '';
}

/** `argocd app history`: the deployed revisions (each source's for a multi-source app), oldest first. */
export async function appHistory(name: string, o: Opts, out: (s: string) => void = console.log): Promise<void> {
  const a = await getApp(await clusterClient(o), name);
  const history = (a.status?.history ?? []) as Array<{ id: number; deployedAt?: string; revision?: string; revisions?: string[] }>;
  if (o.output === 'json') return out(JSON.stringify(history, null, 2));
  out(table([['ID', 'DATE', 'REVISION'], ...history.map((h) => [String(h.id), h.deployedAt ?? '', h.revisions?.length ? h.revisions.join(', ') : (h.revision ?? '')])]));
}

/**
 * Prints the readable diff of every resource that differs, from the hub's managed resources of the app (the
 * controller's own comparison, served at `.../applications/<name>/managedresources`); resolves true when
 * something differs (exit code 1, as argocd). Hooks are left out, as `argocd app diff` does.
 */
export async function appDiff(name: string, o: Opts, out: (s: string) => void = console.log): Promise<boolean> {
  const c = await clusterClient(o);
  const app = await getApp(c, name);
  const res = await c.request<ManagedResourcesResponse>('GET', `/apis/${APP_API}/namespaces/${NS}/applications/${encodeURIComponent(name)}/${MANAGED_RESOURCES_SUBRESOURCE}`);
  for (const cond of app.status?.conditions ?? []) out(`${cond.type}: ${cond.message}`);
  let differs = false;
  for (const r of res.items) {
    const missing = r.targetState === 'null' || r.liveState === 'null';
    if (r.hook || !(r.modified || missing)) continue;
    differs = true;
    out(`===== ${r.group}/${r.kind} ${r.namespace}/${r.name} ======`);
    out(r.diff);
  }
  return differs;
}

/** `argocd app sync`: sets the operation, then waits for the controller to finish it (bounded by timeoutSec). */
export async function appSync(name: string, o: Opts & { prune?: boolean; revision?: string; syncOption?: string[]; timeout: string }, out: (s: string) => void = console.log): Promise<string> {
  const c = await clusterClient(o);
  const app = await getApp(c, name);
  if (app.operation) throw new Error('another operation is already in progress');
  const before = app.status?.operationState?.startedAt;
  const multi = !!app.spec?.sources?.length;
  if (multi && o.revision) throw new Error(`--revision needs an application with a single source; ${name} has ${app.spec.sources.length} sources`);
  // As argocd: a multi-source app syncs every source at its targetRevision (`revisions`, one per source).
  const sync: Record<string, unknown> = multi ? { revisions: app.spec.sources.map((x: { targetRevision?: string }) => x.targetRevision || 'HEAD') } : { revision: o.revision ?? app.spec?.source?.targetRevision ?? 'HEAD' };
  if (o.prune) sync.prune = true;
  if (o.syncOption?.length) sync.syncOptions = o.syncOption;
  const operation: Record<string, unknown> = { sync, initiatedBy: { username: 'marina-cli' } };
  if (app.spec?.syncPolicy?.retry) operation.retry = app.spec.syncPolicy.retry;
  const patchedAt = Math.floor(Date.now() / 1000) * 1000; // operation times have second precision
  await c.patch({ apiVersion: APP_API, kind: 'Application', namespace: NS, name }, 'merge', { operation });
  const end = Date.now() + Number(o.timeout) * 1000;
  // Finished: the operation field is cleared and the state is a new one (or one finished since we asked).
  const finished = (x: App) => {
    const op = x.status?.operationState;
    return !x.operation && !!op && op.phase !== 'Running' && (op.startedAt !== before || Date.parse(op.finishedAt ?? '') >= patchedAt);
  };
  let last: App | undefined;
  while (Date.now() < end && !(last && finished(last))) {
    await new Promise((r) => setTimeout(r, 250));
    last = await getApp(c, name);
  }
  const op = last?.status?.operationState;
  if (!last || !finished(last)) throw new Error(`timed out after ${o.timeout}s waiting for the sync of ${name} (phase ${op?.phase ?? 'Unknown'}: ${op?.message ?? ''})`);
  const revs = op.syncResult?.revisions as string[] | undefined;
  const revLine = revs?.length ? `Sync Revisions:     ${revs.join(', ')}` : `Sync Revision:      ${op.syncResult?.revision ?? ''}`;
  out(`Operation:          Sync\n${revLine}\nPhase:              ${op.phase}\nMessage:            ${op.message}`);
  for (const r of op.syncResult?.resources ?? []) out(`  ${r.kind}/${r.name}  ${r.status}  ${r.message ?? ''}`);
  return op.phase;
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]! + 2))).join('').trimEnd()).join('\n');
}

export function registerAppCommands(program: Command): void {
  const app = program.command('app').description('manage Argo CD Applications of a logical cluster');
  const common = (cmd: Command) =>
    cmd
      .requiredOption('--cluster <cluster>', 'the logical cluster whose argocd namespace holds the Application')
      .addOption(new Option('--server <url>', 'the hub to talk to').env('MARINA_SERVER').default('http://127.0.0.1:8080'))
      .addOption(new Option('--data-dir <dir>', 'data directory (admin credentials)').env('MARINA_DATA_DIR').default('.marina'));
  common(app.command('list').description('list applications').option('-o, --output <format>', 'wide (default) or json')).action((o: Opts) => appList(o));
  common(app.command('get <name>').description('show an application, its operation and resources').option('-o, --output <format>', 'wide (default) or json')).action((n: string, o: Opts) => appGet(n, o));
  common(app.command('history <name>').description('show the deployment history (revisions per source)').option('-o, --output <format>', 'wide (default) or json')).action((n: string, o: Opts) => appHistory(n, o));
  common(app.command('diff <name>').description('show the difference between Git and the live state (exit code 1 when they differ)')).action(async (n: string, o: Opts) => {
    if (await appDiff(n, o)) process.exitCode = 1;
  });
  common(
    app
      .command('sync <name>')
      .description('sync an application (sets its operation) and wait for the result')
      .option('--prune', 'allow deleting resources no longer in Git')
      .option('--revision <rev>', 'sync to this revision instead of the target revision')
      .option('--sync-option <opt...>', 'sync options, e.g. Replace=true')
      .option('--timeout <seconds>', 'how long to wait for the operation', '300'),
  ).action(async (n: string, o: Opts & { timeout: string }) => {
    const phase = await appSync(n, o);
    if (phase !== 'Succeeded') process.exitCode = 1;
  });
}
