/**
 * bench/gitops: the GitOps engine's figures for issue 3.
 *  (a) webhook-to-Synced latency (p50/p99): an automated app of 50 ConfigMaps; each round commits a change,
 *      POSTs a GitHub push payload to /api/webhook and waits (store events, no polling) until the app reports
 *      the new commit Synced with its operation Succeeded.
 *  (b) steady-state cost with many idle Applications across many tenants: tenants created through the hub's
 *      API in-process, a runtime installed in each, apps (2 ConfigMaps each, own namespace) on a few shared
 *      file:// repositories, all synced; resident memory before/after creating them; then CPU seconds of one
 *      full reconcile pass (every app refreshed: ls-remote, render, compare, status), this process and its
 *      git children separately.
 *  (c) generated-manifest cache hit rate over (b)'s creation and over the pass.
 * Usage: node --expose-gc --import tsx bench/gitops/run.ts [--quick] [--apps N --tenants M] [--rounds R]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hub, ADMIN_USER } from '../../src/hub/hub.ts';
import { InProcessClient } from '../../src/client/index.ts';
import type { KObject } from '../../src/apiserver/types.ts';
import { ApplicationController } from '../../src/gitops/controller/index.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { percentile } from '../apiserver/load.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const quick = process.argv.includes('--quick');
const ROUNDS = arg('--rounds', quick ? 10 : 30);
const APPS = arg('--apps', quick ? 1000 : 10_000);
const TENANTS = arg('--tenants', quick ? 100 : 1000);
const REPOS = 4;
const dir = mkdtempSync(join(tmpdir(), 'marina-bench-gitops-'));

function repo(name: string) {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  const g = (...a: string[]) => execFileSync('git', ['-C', d, '-c', 'user.email=b@example.com', '-c', 'user.name=b', ...a], { encoding: 'utf8' }).trim();
  g('init', '--quiet', '--initial-branch=main');
  return {
    url: `file://${d}`,
    write(files: Record<string, string>) {
      for (const [p, c] of Object.entries(files)) {
        mkdirSync(join(d, p, '..'), { recursive: true });
        writeFileSync(join(d, p), c);
      }
      g('add', '-A');
      g('commit', '--quiet', '-m', 'change');
      return g('rev-parse', 'HEAD');
    },
  };
}
const cm = (name: string, v: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v } }) + '\n';
const app = (name: string, repoURL: string, namespace: string): KObject => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name, namespace: 'argocd' },
  spec: { project: 'default', source: { repoURL, path: 'app', targetRevision: 'HEAD' }, destination: { server: 'https://kubernetes.default.svc', namespace }, syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] } },
});

/** The hub's one ApplicationController (the benchmark reads its counters and forces a pass). */
const controllerOf = (hub: Hub) => (hub as unknown as { controllers: unknown[] }).controllers.find((c) => c instanceof ApplicationController) as ApplicationController;

async function tenants(hub: Hub, n: number, prefix: string): Promise<string[]> {
  const root = new InProcessClient(hub.core, ADMIN_USER).cluster('root');
  const names = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  for (const name of names) await root.create({ apiVersion: 'core.marina.io/v1alpha1', kind: 'LogicalCluster', metadata: { name } });
  for (const name of names) await installRuntime(hub.core, name);
  return names;
}

/** Resolves when `pred` holds for an event of the Application, or rejects after `ms`. */
function whenApp(hub: Hub, cluster: string, name: string, pred: (o: KObject) => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`timed out waiting for ${cluster}/${name}`))), ms);
    const off = hub.store.onAnyEvent((e) => {
      if (e.key.resource !== 'argoproj.io/applications' || e.key.cluster !== cluster || e.object.metadata.name !== name || !pred(e.object)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
const syncedAt = (rev: string) => (o: KObject) => {
  const s = o.status as any;
  return s?.sync?.revision === rev && s.sync.status === 'Synced' && s.operationState?.phase === 'Succeeded' && s.operationState.syncResult?.revision === rev;
};

async function webhookLatency() {
  const hub = await Hub.start({ port: 0, dataDir: join(dir, 'hub-a'), synchronous: 'NORMAL' });
  try {
    const [cluster] = await tenants(hub, 1, 'wh');
    const r = repo('wh-repo');
    const files = (round: number) => Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`app/cm-${i}.yaml`, cm(`cm-${i}`, i === round % 50 ? `r${round}` : 'x')]));
    let rev = r.write(files(-1));
    const tenant = new InProcessClient(hub.core, ADMIN_USER).cluster(cluster!);
    const ready = whenApp(hub, cluster!, 'fifty', syncedAt(rev), 60_000);
    await tenant.create(app('fifty', r.url, 'fifty'));
    await ready;
    const url = `${hub.url.replace('https:', 'http:')}/api/webhook`;
    const lat: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rev = r.write(files(round));
      const done = whenApp(hub, cluster!, 'fifty', syncedAt(rev), 30_000);
      const t0 = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push' }, body: JSON.stringify({ ref: 'refs/heads/main', repository: { html_url: r.url, default_branch: 'main' } }) });
      if (res.status !== 200) throw new Error(`webhook: ${res.status} ${await res.text()}`);
      await done;
      lat.push(performance.now() - t0);
    }
    lat.sort((a, b) => a - b);
    return { rounds: ROUNDS, p50: percentile(lat, 50), p99: percentile(lat, 99), max: lat[lat.length - 1]! };
  } finally {
    await hub.stop();
  }
}

/** CPU seconds of reaped children (git), from /proc/self/stat cutime + cstime. */
function childCpuSeconds(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[13]) + Number(f[14])) / 100; // fields 16 and 17 of stat(5), in clock ticks (USER_HZ = 100)
}
const rssMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 2 ** 20;
};

async function idleApps() {
  const hub = await Hub.start({ port: 0, dataDir: join(dir, 'hub-b'), synchronous: 'NORMAL' });
  try {
    const ctrl = controllerOf(hub);
    const repos = Array.from({ length: REPOS }, (_, i) => repo(`shared-${i}`));
    for (const [i, r] of repos.entries()) r.write({ 'app/a.yaml': cm('a', `repo${i}`), 'app/b.yaml': cm('b', `repo${i}`) });
    let t0 = performance.now();
    const names = await tenants(hub, TENANTS, 't');
    const tenantSeconds = (performance.now() - t0) / 1000;
    await ctrl.idle();
    const rssBefore = rssMb();
    t0 = performance.now();
    for (let i = 0; i < APPS; i++) {
      const tenant = new InProcessClient(hub.core, ADMIN_USER).cluster(names[i % TENANTS]!);
      await tenant.create(app(`app-${i}`, repos[i % REPOS]!.url, `ns-${i}`));
    }
    await ctrl.idle();
    const createSeconds = (performance.now() - t0) / 1000;
    const created = { hits: ctrl.manifests.hits, misses: ctrl.manifests.misses };
    const rssAfter = rssMb();
    const unsynced = await countUnsynced(hub, names);

    const cpu0 = process.cpuUsage();
    const child0 = childCpuSeconds();
    const ls0 = ctrl.repos.lsRemoteCalls;
    t0 = performance.now();
    const n = await ctrl.refreshAll();
    await ctrl.idle();
    const passSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const pass = { hits: ctrl.manifests.hits - created.hits, misses: ctrl.manifests.misses - created.misses };
    return {
      apps: APPS, tenants: TENANTS, repos: REPOS, tenantSeconds, createSeconds, unsynced,
      rssBeforeMb: rssBefore, rssAfterMb: rssAfter, addedMb: rssAfter - rssBefore,
      pass: { apps: n, wallSeconds: passSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, gitChildCpuSeconds: childCpuSeconds() - child0, lsRemoteCalls: ctrl.repos.lsRemoteCalls - ls0 },
      cache: { creation: rate(created), pass: rate(pass) },
    };
  } finally {
    await hub.stop();
  }
}

const rate = (c: { hits: number; misses: number }) => ({ ...c, hitRate: c.hits / Math.max(1, c.hits + c.misses) });

async function countUnsynced(hub: Hub, names: string[]): Promise<number> {
  let bad = 0;
  for (const name of names) {
    const list = await new InProcessClient(hub.core, ADMIN_USER).cluster(name).list({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace: 'argocd' });
    bad += list.items.filter((a) => (a.status as any)?.sync?.status !== 'Synced').length;
  }
  return bad;
}

const started = new Date();
const wh = await webhookLatency();
const idle = await idleApps();
rmSync(dir, { recursive: true, force: true });
const f = (x: number, d = 1) => x.toFixed(d);
console.log(`bench/gitops ${quick ? '(quick) ' : ''}${started.toISOString()} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length} · ${f(totalmem() / 2 ** 30, 0)} GiB · node ${process.version}${(globalThis as { gc?: unknown }).gc ? '' : ' · (run with --expose-gc for steadier RSS figures)'}`);
console.log(`(a) webhook → Synced, app of 50 ConfigMaps, ${wh.rounds} pushes: p50 ${f(wh.p50)} ms, p99 ${f(wh.p99)} ms, max ${f(wh.max)} ms`);
console.log(`(b) ${idle.apps} Applications across ${idle.tenants} tenants on ${idle.repos} shared repos (${idle.unsynced} not Synced): tenants+runtimes ${f(idle.tenantSeconds)} s, apps created+synced ${f(idle.createSeconds)} s`);
console.log(`    RSS ${f(idle.rssBeforeMb, 0)} MB → ${f(idle.rssAfterMb, 0)} MB: +${f(idle.addedMb, 0)} MB (${f((idle.addedMb * 1024) / idle.apps)} KB per app)`);
console.log(`    full reconcile pass of ${idle.pass.apps} apps: ${f(idle.pass.wallSeconds)} s wall, ${f(idle.pass.cpuSeconds, 2)} CPU s in the hub (${f((idle.pass.cpuSeconds * 1000) / idle.pass.apps, 2)} ms per app) + ${f(idle.pass.gitChildCpuSeconds, 2)} CPU s in git (${idle.pass.lsRemoteCalls} ls-remote)`);
console.log(`(c) manifest cache: creation ${idle.cache.creation.hits}/${idle.cache.creation.hits + idle.cache.creation.misses} hits (${f(idle.cache.creation.hitRate * 100)} %), pass ${idle.cache.pass.hits}/${idle.cache.pass.hits + idle.cache.pass.misses} (${f(idle.cache.pass.hitRate * 100)} %)`);
