/**
 * bench/providers: what a tenant costs through the built-in providers.
 *  (a) provisioning latency: a VirtualCluster (with connection secret) and a GitOpsRuntime created through the
 *      in-process client, one tenant at a time, timed until both report Ready=True (store events, no polling);
 *  (b) the same with N tenants created at once (throughput);
 *  (c) Objects: one ConfigMap Object per tenant through a ProviderConfig holding the tenant's kubeconfig
 *      (in-process, as the tenant's token), created at once, timed until all are Ready;
 *  (d) idle cost: reconciles and shared-ticker registrations during 3 s of quiet afterwards (must be 0).
 * Usage: node --import tsx bench/providers/run.ts [--quick] [--tenants N]
 */
import { cpus, totalmem } from 'node:os';
import { Hub, ADMIN_USER } from '../../src/hub/hub.ts';
import { InProcessClient } from '../../src/client/index.ts';
import type { KObject } from '../../src/apiserver/types.ts';
import { ManagedController } from '../../src/compose/providers/managed.ts';
import { percentile } from '../apiserver/load.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const quick = process.argv.includes('--quick');
const TENANTS = arg('--tenants', quick ? 50 : 300);
const SEQUENTIAL = Math.min(TENANTS, quick ? 20 : 50);

let reconciles = 0;
const original = (ManagedController.prototype as any).reconcile;
(ManagedController.prototype as any).reconcile = function (this: unknown, n: string) {
  reconciles++;
  return original.call(this, n);
};

const hub = await Hub.start({ port: 0 });
const root = new InProcessClient(hub.core, ADMIN_USER, 'bench').cluster('root');
const PV = 'provider.marina.io/v1alpha1';

/** Resolves when every named resource of `kind` has Ready=True (store events; bounded by `ms`). */
function allReady(resource: string, names: string[], ms = 120_000): Promise<number> {
  const left = new Set(names);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: ${left.size} ${resource} not Ready`)), ms);
    const check = (o: KObject | undefined, name: string) => {
      if ((o?.status as any)?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')) left.delete(name);
      if (left.size === 0) {
        clearTimeout(timer);
        unsub();
        resolve(performance.now() - t0);
      }
    };
    const unsub = hub.store.onAnyEvent((e) => {
      if (e.key.cluster === 'root' && e.key.resource === resource && left.has(e.key.name)) check(e.object, e.key.name);
    });
    for (const n of names) void hub.store.get({ resource, cluster: 'root', namespace: '', name: n }).then((o) => check(o, n));
  });
}

const tenant = (name: string) => [
  { apiVersion: PV, kind: 'VirtualCluster', metadata: { name }, spec: { forProvider: {}, writeConnectionSecretToRef: { namespace: 'default', name: `${name}-conn` } } },
  { apiVersion: PV, kind: 'GitOpsRuntime', metadata: { name }, spec: { forProvider: { clusterName: name } } },
];

async function provision(names: string[]): Promise<number> {
  const t0 = performance.now();
  const vcs = allReady('provider.marina.io/virtualclusters', names);
  const rts = allReady('provider.marina.io/gitopsruntimes', names);
  await Promise.all(names.map(async (n) => {
    for (const o of tenant(n)) await root.create(o as KObject);
  }));
  await Promise.all([vcs, rts]);
  return performance.now() - t0;
}

// (a) one at a time
const latencies: number[] = [];
for (let i = 0; i < SEQUENTIAL; i++) latencies.push(await provision([`seq-${i}`]));
latencies.sort((a, b) => a - b);

// (b) at once
const batch = Array.from({ length: TENANTS }, (_, i) => `t-${i}`);
const batchMs = await provision(batch);

// (c) Objects through each tenant's own kubeconfig
for (const n of batch) {
  await root.create({ apiVersion: 'kubernetes.crossplane.io/v1alpha1', kind: 'ProviderConfig', metadata: { name: n }, spec: { credentials: { source: 'Secret', secretRef: { namespace: 'default', name: `${n}-conn`, key: 'kubeconfig' } } } } as KObject);
}
const objects = allReady('kubernetes.crossplane.io/objects', batch);
const o0 = performance.now();
await Promise.all(batch.map((n) => root.create({ apiVersion: 'kubernetes.crossplane.io/v1alpha2', kind: 'Object', metadata: { name: n }, spec: { providerConfigRef: { name: n }, forProvider: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' }, data: { tenant: n } } } } } as KObject)));
await objects;
const objectsMs = performance.now() - o0;

// (d) idle
await hub.settle();
const before = reconciles;
await new Promise((r) => setTimeout(r, 3000));
const idleReconciles = reconciles - before;

const mem = Math.round(process.memoryUsage().rss / 2 ** 20);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log(`(a) one tenant at a time (VirtualCluster + GitOpsRuntime → both Ready), ${SEQUENTIAL} tenants: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
console.log(`(b) ${TENANTS} tenants at once: ${(batchMs / 1000).toFixed(2)} s, ${(TENANTS / (batchMs / 1000)).toFixed(0)} tenants/s`);
console.log(`(c) ${TENANTS} Objects (one ConfigMap per tenant, as the tenant's token) at once: ${(objectsMs / 1000).toFixed(2)} s, ${(TENANTS / (objectsMs / 1000)).toFixed(0)} Objects/s`);
console.log(`(d) 3 s idle afterwards: ${idleReconciles} reconciles; resident memory ${mem} MiB`);
await hub.stop();
