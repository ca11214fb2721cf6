/**
 * bench/provisioning: claim-to-Ready latency of HostedRuntime claims (issue 4) and the memory of many hosted
 * runtimes, on a hub in-process with an on-disk SQLite store and its own hub repository.
 *  - API: the claim created with the in-process client (admin) in root's `tenants` namespace.
 *  - Git: the claim committed with HubRepository.commit (one commit per tenant; the platform Application is
 *    refreshed by the commit and syncs it).
 *  Each mode runs tenants one after another (`--seq N`) and `--burst M` at once. Latency: from the create or
 *  commit call to the claim's Ready=True, observed on the store's event feed (no polling).
 *  - Memory: resident set size and V8 heap (after a forced GC) with `--memory N` hosted runtimes Ready (the tenants
 *    of the latency runs count), topped up in bursts through the API or, with `--memory-via git`, by commits.
 * Usage: node --expose-gc --import tsx bench/provisioning/run.ts [--seq 1000] [--burst 100] [--memory 1000] [--memory-steps 500] [--memory-via api|git] [--mode api|git]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Hub, ADMIN_USER } from '../../src/hub/hub.ts';
import { InProcessClient } from '../../src/client/index.ts';
import { hostedRuntimeClaim, tenantClaimPath } from '../../src/hub/repo/index.ts';
import { percentile } from '../apiserver/load.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SEQ = arg('--seq', 1000);
const BURST = arg('--burst', 100);
const MEMORY = arg('--memory', 1000);
const CLAIMS = 'platform.marina.io/hostedruntimes';
const AUTHOR = { name: 'bench', email: 'bench@example.com' };

const dir = mkdtempSync(join(tmpdir(), 'marina-bench-provisioning-'));
const hub = await Hub.start({ port: 0, dataDir: join(dir, 'data'), synchronous: 'NORMAL' });
const root = new InProcessClient(hub.core, ADMIN_USER).cluster('root');

/** Resolves when the claim `name` reports Ready=True (store events: no polling). */
const waiting = new Map<string, () => void>();
hub.store.onAnyEvent((e) => {
  if (e.key.resource !== CLAIMS || e.key.cluster !== 'root') return;
  const ready = ((e.object.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  if (ready) waiting.get(e.key.name)?.();
});
const readyOf = (name: string, timeoutMs = 600_000) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`claim ${name} not Ready after ${timeoutMs} ms`)), timeoutMs);
    waiting.set(name, () => {
      clearTimeout(t);
      waiting.delete(name);
      resolve();
    });
  });

let n = 0;
async function provision(mode: 'api' | 'git'): Promise<number> {
  const name = `t${++n}`;
  const ready = readyOf(name);
  const t0 = performance.now();
  if (mode === 'api') await root.create(hostedRuntimeClaim(name));
  else await hub.hubRepo.commit({ [tenantClaimPath(name)]: stringify(hostedRuntimeClaim(name)) }, { author: AUTHOR, message: `Add tenant ${name}` });
  await ready;
  return performance.now() - t0;
}

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return { n: 0 };
  return { n: s.length, p50: +percentile(s, 50).toFixed(1), p99: +percentile(s, 99).toFixed(1), max: +s[s.length - 1]!.toFixed(1) };
};

function rssMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return +(process.memoryUsage().rss / 1048576).toFixed(1);
}
const heapMB = () => +(process.memoryUsage().heapUsed / 1048576).toFixed(1);

// The platform app must have synced the package (XRDs established) before the first claim.
await new Promise<void>((resolve, reject) => {
  const end = Date.now() + 60_000;
  const check = async () => {
    const x = await root.get({ apiVersion: 'apiextensions.crossplane.io/v1', kind: 'CompositeResourceDefinition', name: 'xhostedruntimes.platform.marina.io' }).catch(() => undefined);
    if (((x?.status as { conditions?: Array<{ type: string; status: string }> })?.conditions ?? []).some((c) => c.type === 'Offered' && c.status === 'True')) return resolve();
    if (Date.now() > end) return reject(new Error('platform package not synced'));
    setTimeout(check, 50);
  };
  void check();
});

const rssStart = rssMB();
const heapStart = heapMB();
const results: Record<string, unknown> = {};
const modes = (process.argv.includes('--mode') ? [process.argv[process.argv.indexOf('--mode') + 1]] : ['api', 'git']) as Array<'api' | 'git'>;
for (const mode of modes) {
  const seq: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < SEQ; i++) seq.push(await provision(mode));
  // The median of each tenth of the run, in order: flat when a tenant's cost does not grow with the tenants before it.
  const tenths = Array.from({ length: 10 }, (_, i) => seq.slice(Math.floor((i * seq.length) / 10), Math.floor(((i + 1) * seq.length) / 10))).filter((xs) => xs.length);
  const p50ByTenth = tenths.map((xs) => +percentile([...xs].sort((a, b) => a - b), 50).toFixed(1));
  results[`${mode} one after another`] = { ...summary(seq), p50ByTenth, seconds: +((performance.now() - t0) / 1000).toFixed(1) };
  console.error(mode, 'sequential', results[`${mode} one after another`]);
  const t1 = performance.now();
  const burst = await Promise.all(Array.from({ length: BURST }, () => provision(mode)));
  results[`${mode} ${BURST} at once`] = { ...summary(burst), seconds: +((performance.now() - t1) / 1000).toFixed(1) };
  console.error(mode, 'burst', results[`${mode} ${BURST} at once`]);
}

// Memory: top up to MEMORY Ready hosted runtimes (in bursts, through the API, or with `--memory-via git` commits).
// With --memory-steps S, RSS is also recorded every S runtimes (the per-runtime slope).
const STEP = arg('--memory-steps', 0);
const VIA = (process.argv.includes('--memory-via') ? process.argv[process.argv.indexOf('--memory-via') + 1] : 'api') as 'api' | 'git';
const steps: Array<{ hostedRuntimes: number; rssMB: number; heapMB: number }> = [];
while (n < MEMORY) {
  await Promise.all(Array.from({ length: Math.min(BURST || 100, MEMORY - n, STEP ? STEP - (n % STEP) : BURST || 100) }, () => provision(VIA)));
  if (STEP && n % STEP === 0 && n < MEMORY) {
    await hub.settle();
    steps.push({ hostedRuntimes: n, rssMB: rssMB(), heapMB: heapMB() });
    console.error('memory', steps.at(-1));
  }
}
await hub.settle();
const rssEnd = rssMB();
const heapEnd = heapMB();
results.memory = { via: VIA, hostedRuntimes: n, rssStartMB: rssStart, rssMB: rssEnd, perRuntimeKB: +(((rssEnd - rssStart) * 1024) / n).toFixed(1), heapStartMB: heapStart, heapMB: heapEnd, heapPerRuntimeKB: +(((heapEnd - heapStart) * 1024) / n).toFixed(1), steps };

console.log(JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version }, date: new Date().toISOString(), seq: SEQ, burst: BURST, results }, null, 2));
await hub.stop();
rmSync(dir, { recursive: true, force: true });
