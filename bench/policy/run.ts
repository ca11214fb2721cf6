/**
 * bench/policy: admission latency added by 0, 10 and 50 Kyverno-compatible policies (half validate, half
 * mutate), measured two ways: the policy plugin alone on an admission request, and whole Pod creations
 * through the in-process client (API core + storage) with the policies installed.
 * Usage: node --import tsx bench/policy/run.ts [--quick]
 */
import { cpus, totalmem } from 'node:os';
import { Hub, ADMIN_USER } from '../../src/hub/hub.ts';
import { InProcessClient } from '../../src/client/index.ts';
import { PolicyAdmission } from '../../src/policy/plugin.ts';
import type { KObject } from '../../src/apiserver/types.ts';
import { percentile } from '../apiserver/load.ts';

const quick = process.argv.includes('--quick');
const N = quick ? 500 : 3000;

/** Typical policies from Kyverno's library, varied by index so that each is its own rule set. */
function policy(i: number): KObject {
  const name = `p${i}`;
  const kind = i % 2 === 0 ? 'validate' : 'mutate';
  const match = { any: [{ resources: { kinds: ['Pod'] } }] };
  if (kind === 'validate') {
    const variants = [
      { message: 'label app is required', pattern: { metadata: { labels: { app: '?*' } } } },
      { message: 'images must not use latest', pattern: { spec: { containers: [{ image: '!*:latest' }] } } },
      { message: 'memory limits are required', pattern: { spec: { containers: [{ resources: { limits: { memory: '?*' } } }] } } },
      { message: 'privileged is not allowed', pattern: { spec: { '=(securityContext)': { '=(privileged)': 'false' } } } },
      { message: 'at most 4 CPUs', deny: { conditions: { any: [{ key: '{{ request.object.spec.containers[0].resources.limits.cpu || `0` }}', operator: 'GreaterThan', value: 4 }] } } },
    ];
    return { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name }, spec: { validationFailureAction: 'Enforce', background: false, rules: [{ name: `r${i}`, match, validate: variants[i % variants.length] }] } };
  }
  return { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name }, spec: { background: false, rules: [{ name: `r${i}`, match, mutate: { patchStrategicMerge: { metadata: { labels: { [`+(bench-${i})`]: 'yes' } } } } }] } };
}

const pod = (name: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25', resources: { limits: { memory: '128Mi', cpu: '1' } } }] },
});

async function measure(count: number) {
  const hub = await Hub.start({ port: 0 });
  const c = new InProcessClient(hub.core, ADMIN_USER).cluster('root');
  for (let i = 0; i < count; i++) await c.create(policy(i));
  const plugin = hub.core.admission.find((p) => p instanceof PolicyAdmission) as PolicyAdmission;
  const type = (await hub.core.registry.byKind('root', 'v1', 'Pod'))!;
  // Plugin alone, after a warm-up round (JIT) that is not counted.
  for (let i = 0; i < 500; i++) await plugin.mutate({ cluster: 'root', operation: 'CREATE', type, namespace: 'default', name: `w${i}`, object: pod(`w${i}`), user: ADMIN_USER, dryRun: true });
  const lat: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await plugin.mutate({ cluster: 'root', operation: 'CREATE', type, namespace: 'default', name: `x${i}`, object: pod(`x${i}`), user: ADMIN_USER, dryRun: true });
    lat.push(performance.now() - t0);
  }
  lat.sort((a, b) => a - b);
  // Whole creations.
  const created: number[] = [];
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await c.create(pod(`pod-${i}`));
    created.push(performance.now() - t0);
  }
  const secs = (performance.now() - start) / 1000;
  created.sort((a, b) => a - b);
  await hub.stop();
  return { policies: count, pluginP50: percentile(lat, 50), pluginP99: percentile(lat, 99), pluginPerSecond: 1000 / (lat.reduce((a, b) => a + b, 0) / lat.length), createP50: percentile(created, 50), createP99: percentile(created, 99), createsPerSecond: N / secs };
}

async function main() {
  const rows = [];
  for (const n of [0, 10, 50]) rows.push(await measure(n));
  const base = rows[0]!;
  console.log(JSON.stringify({ date: new Date().toISOString().slice(0, 10), machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`, requests: N, rows }, null, 2));
  console.log('\n| policies | plugin p50 ms | plugin p99 ms | admission reviews/s | Pod create p50 ms | p99 ms | added p99 vs 0 policies | creates/s |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.policies} | ${r.pluginP50.toFixed(3)} | ${r.pluginP99.toFixed(3)} | ${r.pluginPerSecond.toFixed(0)} | ${r.createP50.toFixed(3)} | ${r.createP99.toFixed(3)} | ${(r.createP99 - base.createP99).toFixed(3)} | ${r.createsPerSecond.toFixed(0)} |`);
}

main().then(() => process.exit(0), (e) => (console.error(e), process.exit(1)));
