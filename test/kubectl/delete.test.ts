/**
 * `kubectl delete` with each cascade policy on a Deployment owning a ReplicaSet, `--wait` against a
 * finalizer, and `kubectl wait --for=condition=…`, `--for=jsonpath=…` and `--for=delete`.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, kubectlSuite, WATCH_REQUEST } from './util.ts';

kubectlSuite('delete', (kc) => {
  const ns = () => `delete-${kc().tag}`;
  const rsPath = (name: string) => `/apis/apps/v1/namespaces/${ns()}/replicasets/${name}`;

  /** A Deployment and a ReplicaSet whose controller ownerReference points at the Deployment's uid. */
  async function ownedPair(name: string): Promise<string> {
    const labels = { app: name };
    const template = { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } };
    await kc().seed({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns() }, spec: { replicas: 1, selector: { matchLabels: labels }, template } });
    const uid = (await kc().json(['get', 'deployment', name, '-n', ns()])).metadata.uid;
    const ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name, uid, controller: true, blockOwnerDeletion: true }];
    await kc().seed({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${name}-rs`, namespace: ns(), labels, ownerReferences }, spec: { replicas: 1, selector: { matchLabels: labels }, template } });
    return uid;
  }
  const exists = async (path: string) => (await kc().api('GET', path)).status === 200;

  before(async () => {
    await kc().seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns() } });
  });

  it('delete --cascade=background deletes the owner at once and the dependent soon after', async () => {
    await ownedPair('bg');
    const out = await kc().ok(['delete', 'deployment', 'bg', '-n', ns(), '--cascade=background']);
    assert.equal(out.trim(), 'deployment.apps "bg" deleted');
    const gone = await kc().run(['get', 'deployment', 'bg', '-n', ns()]);
    assert.match(gone.stderr, /Error from server \(NotFound\): deployments\.apps "bg" not found/);
    await eventually('the garbage collector to delete replicaset bg-rs', async () => !(await exists(rsPath('bg-rs'))));
  });

  it('delete --cascade=foreground deletes the dependent before the owner, and --wait waits for both', async () => {
    await ownedPair('fg');
    const r = await kc().run(['delete', 'deployment', 'fg', '-n', ns(), '--cascade=foreground', '--wait=true', '--timeout=20s'], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'deployment.apps "fg" deleted');
    // --wait returned only once the owner was gone, and foreground means its dependent went first.
    assert.equal(await exists(`/apis/apps/v1/namespaces/${ns()}/deployments/fg`), false);
    assert.equal(await exists(rsPath('fg-rs')), false);
  });

  it('delete --cascade=foreground marks the owner with the foregroundDeletion finalizer while a dependent remains', async () => {
    await ownedPair('fgheld');
    // A finalizer on the dependent keeps it (and so the owner) around.
    await kc().update(rsPath('fgheld-rs'), (rs) => (rs.metadata.finalizers = ['example.com/hold']));
    await kc().ok(['delete', 'deployment', 'fgheld', '-n', ns(), '--cascade=foreground', '--wait=false']);
    const owner = await kc().json(['get', 'deployment', 'fgheld', '-n', ns()]);
    assert.ok(owner.metadata.deletionTimestamp, 'owner has a deletionTimestamp');
    assert.deepEqual(owner.metadata.finalizers, ['foregroundDeletion']);
    await eventually('the dependent to be marked for deletion', async () => Boolean((await kc().api('GET', rsPath('fgheld-rs'))).body.metadata?.deletionTimestamp));
    await kc().update(rsPath('fgheld-rs'), (rs) => (rs.metadata.finalizers = []));
    const waited = await kc().run(['wait', '--for=delete', 'deployment/fgheld', '-n', ns(), '--timeout=15s'], { timeoutMs: 20_000 });
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(await exists(rsPath('fgheld-rs')), false);
  });

  it('delete --cascade=orphan keeps the dependent and removes its ownerReference', async () => {
    await ownedPair('orph');
    const out = await kc().ok(['delete', 'deployment', 'orph', '-n', ns(), '--cascade=orphan']);
    assert.equal(out.trim(), 'deployment.apps "orph" deleted');
    await eventually('deployment orph to be gone', async () => !(await exists(`/apis/apps/v1/namespaces/${ns()}/deployments/orph`)));
    // Give a (wrong) garbage collector time to act before checking that the dependent survived.
    await new Promise((r) => setTimeout(r, 1500));
    const rs = await kc().json(['get', 'replicaset', 'orph-rs', '-n', ns()]);
    assert.equal(rs.metadata.deletionTimestamp, undefined);
    assert.equal(rs.metadata.ownerReferences, undefined);
  });

  it('delete --wait waits for finalizers and gives up at --timeout', async () => {
    await kc().seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: ns(), finalizers: ['example.com/hold'] }, data: { a: '1' } });
    const timedOut = await kc().run(['delete', 'configmap', 'held', '-n', ns(), '--timeout=2s'], { timeoutMs: 15_000 });
    assert.notEqual(timedOut.code, 0, timedOut.stdout);
    assert.match(timedOut.stdout, /configmap "held" deleted/);
    assert.match(timedOut.stderr, /timed out waiting for the condition on configmaps\/held/);
    const held = await kc().json(['get', 'cm', 'held', '-n', ns()]);
    assert.ok(held.metadata.deletionTimestamp);
    const quick = await kc().ok(['delete', 'configmap', 'held', '-n', ns(), '--wait=false']);
    assert.equal(quick.trim(), 'configmap "held" deleted');
    // `wait --for=delete` returns once the finalizer is removed.
    const waiter = kc().stream(['wait', '--for=delete', 'configmap/held', '-n', ns(), '--timeout=20s', '-v=6']);
    await waiter.waitFor(WATCH_REQUEST, 10_000, 'stderr');
    await kc().update(`/api/v1/namespaces/${ns()}/configmaps/held`, (cm) => (cm.metadata.finalizers = []));
    const r = await waiter.done(25_000);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'configmap/held condition met');
    assert.equal(await exists(`/api/v1/namespaces/${ns()}/configmaps/held`), false);
  });

  it('wait --for=delete times out on an object that stays', async () => {
    await kc().seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stays', namespace: ns() }, data: {} });
    const r = await kc().run(['wait', '--for=delete', 'configmap/stays', '-n', ns(), '--timeout=1s'], { timeoutMs: 15_000 });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /timed out waiting for the condition on configmaps\/stays/);
  });

  it('wait --for=condition and --for=jsonpath see a status change made meanwhile', async () => {
    await ownedPair('cond');
    const waiter = kc().stream(['wait', '--for=condition=Available', 'deployment/cond', '-n', ns(), '--timeout=20s', '-v=6']);
    const jp = kc().stream(['wait', '--for=jsonpath={.status.readyReplicas}=1', 'deployment/cond', '-n', ns(), '--timeout=20s', '-v=6']);
    // Both are watching before the status changes, so they see it as an event.
    await Promise.all([waiter.waitFor(WATCH_REQUEST, 10_000, 'stderr'), jp.waitFor(WATCH_REQUEST, 10_000, 'stderr')]);
    const status = { replicas: 1, readyReplicas: 1, availableReplicas: 1, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'ok', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] };
    await kc().update(`/apis/apps/v1/namespaces/${ns()}/deployments/cond/status`, (d) => (d.status = status));
    for (const w of [waiter, jp]) {
      const r = await w.done(25_000);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps/cond condition met');
    }
    const no = await kc().run(['wait', '--for=condition=Progressing', 'deployment/cond', '-n', ns(), '--timeout=1s'], { timeoutMs: 15_000 });
    assert.notEqual(no.code, 0);
    assert.match(no.stderr, /timed out waiting for the condition on deployments\/cond/);
  });
});
