/**
 * `kubectl apply` client-side (three-way merge with the last-applied annotation) and server-side (field
 * managers, conflicts, `--force-conflicts`), `--dry-run=server`, and `kubectl diff` (server dry run).
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlSuite, manifest } from './util.ts';

kubectlSuite('apply', (kc) => {
  const ns = () => `apply-${kc().tag}`;
  const configMap = (name: string, data: Record<string, string>, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns(), ...(labels ? { labels } : {}) }, data });
  const deployment = (name: string, images: Record<string, string>, replicas = 1) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns() },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: Object.entries(images).map(([n, image]) => ({ name: n, image })) } } },
  });

  before(async () => {
    await kc().seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns() } });
  });

  it('client-side apply creates, is unchanged, configures, and keeps the last-applied annotation', async () => {
    const apply = (obj: object) => kc().ok(['apply', '-f', '-'], { input: manifest(obj) });
    assert.equal((await apply(configMap('csa', { a: '1', b: '2' }))).trim(), 'configmap/csa created');
    assert.equal((await apply(configMap('csa', { a: '1', b: '2' }))).trim(), 'configmap/csa unchanged');
    const live = await kc().json(['get', 'cm', 'csa', '-n', ns()]);
    const last = JSON.parse(live.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    assert.deepEqual(last.data, { a: '1', b: '2' });
    // Something else adds a label; the next apply drops `b` (it was applied before) but keeps that label.
    await kc().update(`/api/v1/namespaces/${ns()}/configmaps/csa`, (cm) => (cm.metadata.labels = { ...cm.metadata.labels, added: 'elsewhere' }));
    assert.equal((await apply(configMap('csa', { a: '10', c: '3' }))).trim(), 'configmap/csa configured');
    const after = await kc().json(['get', 'cm', 'csa', '-n', ns()]);
    assert.deepEqual(after.data, { a: '10', c: '3' });
    assert.equal(after.metadata.labels.added, 'elsewhere');
    const view = await kc().ok(['apply', 'view-last-applied', 'configmap/csa', '-n', ns(), '-o', 'json']);
    assert.deepEqual(JSON.parse(view).data, { a: '10', c: '3' });
  });

  it('client-side apply of a Deployment merges containers by name (strategic)', async () => {
    await kc().ok(['apply', '-f', '-'], { input: manifest(deployment('csa-web', { web: 'nginx:1.25', log: 'fluentd:1' })) });
    await kc().update(`/apis/apps/v1/namespaces/${ns()}/deployments/csa-web`, (d) => (d.spec.template.spec.containers[1].env = [{ name: 'LEVEL', value: 'debug' }]));
    const out = await kc().ok(['apply', '-f', '-'], { input: manifest(deployment('csa-web', { web: 'nginx:1.26', log: 'fluentd:1' }, 3)) });
    assert.equal(out.trim(), 'deployment.apps/csa-web configured');
    const d = await kc().json(['get', 'deploy', 'csa-web', '-n', ns()]);
    assert.equal(d.spec.replicas, 3);
    assert.deepEqual(d.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['web=nginx:1.26', 'log=fluentd:1']);
    assert.deepEqual(d.spec.template.spec.containers[1].env, [{ name: 'LEVEL', value: 'debug' }]);
    // Two spec changes since creation: the out-of-band env, then the apply.
    assert.equal(d.metadata.generation, 3);
  });

  it('apply --dry-run=server reports the change without making it', async () => {
    await kc().seed(configMap('dry', { a: '1' }));
    const out = await kc().ok(['apply', '--dry-run=server', '-f', '-'], { input: manifest(configMap('dry', { a: '2' })) });
    assert.equal(out.trim(), 'configmap/dry configured (server dry run)');
    const created = await kc().ok(['apply', '--dry-run=server', '-f', '-'], { input: manifest(configMap(`dry-new-${kc().tag}`, { a: '2' })) });
    assert.equal(created.trim(), `configmap/dry-new-${kc().tag} created (server dry run)`);
    assert.equal(await kc().ok(['get', 'cm', 'dry', '-n', ns(), '-o', 'jsonpath={.data.a}']), '1');
    const missing = await kc().run(['get', 'cm', `dry-new-${kc().tag}`, '-n', ns()]);
    assert.match(missing.stderr, /NotFound/);
  });

  it('server-side apply records the field manager, conflicts with another manager, and --force-conflicts takes over', async () => {
    const ssa = (obj: object, ...flags: string[]) => kc().run(['apply', '--server-side', ...flags, '-f', '-'], { input: manifest(obj) });
    let r = await ssa(configMap('ssa', { owned: 'by-kubectl', other: 'x' }));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'configmap/ssa serverside-applied');
    let live = await kc().json(['get', 'cm', 'ssa', '-n', ns(), '--show-managed-fields']);
    const mine = live.metadata.managedFields.find((m: any) => m.manager === 'kubectl');
    assert.equal(mine?.operation, 'Apply', JSON.stringify(live.metadata.managedFields));
    assert.deepEqual(Object.keys(mine.fieldsV1['f:data']).sort(), ['f:other', 'f:owned']);
    // Applying the same again is a no-op for the manager.
    r = await ssa(configMap('ssa', { owned: 'by-kubectl', other: 'x' }));
    assert.equal(r.stdout.trim(), 'configmap/ssa serverside-applied');

    r = await ssa(configMap('ssa', { owned: 'by-rival' }), '--field-manager=rival');
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.data\.owned/);
    assert.match(r.stderr, /--force-conflicts/);
    assert.equal(await kc().ok(['get', 'cm', 'ssa', '-n', ns(), '-o', 'jsonpath={.data.owned}']), 'by-kubectl');

    r = await ssa(configMap('ssa', { owned: 'by-rival' }), '--field-manager=rival', '--force-conflicts');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'configmap/ssa serverside-applied');
    live = await kc().json(['get', 'cm', 'ssa', '-n', ns(), '--show-managed-fields']);
    assert.deepEqual(live.data, { owned: 'by-rival', other: 'x' });
    const byManager = Object.fromEntries(live.metadata.managedFields.map((m: any) => [m.manager, Object.keys(m.fieldsV1['f:data'] ?? {}).sort()]));
    assert.deepEqual(byManager, { kubectl: ['f:other'], rival: ['f:owned'] });
    // kubectl now gives up `other` by not applying it: the field is removed since nobody else owns it.
    r = await ssa(configMap('ssa', {}));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await kc().json(['get', 'cm', 'ssa', '-n', ns()])).data, { owned: 'by-rival' });
  });

  it('diff exits 0 when nothing changes and 1 with a unified diff when something does (server dry run)', async () => {
    await kc().seed(configMap('diffed', { key: 'old', same: 'x' }, { app: 'diffed' }));
    const same = await kc().run(['diff', '-f', '-'], { input: manifest(configMap('diffed', { key: 'old', same: 'x' }, { app: 'diffed' })) });
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.equal(same.stdout, '');
    const changed = await kc().run(['diff', '-f', '-'], { input: manifest(configMap('diffed', { key: 'new', same: 'x' }, { app: 'diffed' })) });
    assert.equal(changed.code, 1, changed.stderr);
    assert.match(changed.stdout, /^diff -u -N /m);
    assert.match(changed.stdout, /\n-  key: old\n\+  key: new\n/);
    assert.doesNotMatch(changed.stdout, /[-+]  same: x/);
    // The server did not persist the dry-run.
    assert.equal(await kc().ok(['get', 'cm', 'diffed', '-n', ns(), '-o', 'jsonpath={.data.key}']), 'old');
    const fresh = await kc().run(['diff', '-f', '-'], { input: manifest(configMap(`diff-new-${kc().tag}`, { k: 'v' })) });
    assert.equal(fresh.code, 1, fresh.stderr);
    assert.match(fresh.stdout, /\n\+  k: v\n/);
    // The seed was written by another field manager ("node"): as upstream, only --force-conflicts may take .data.key.
    const conflicted = await kc().run(['diff', '--server-side', '-f', '-'], { input: manifest(configMap('diffed', { key: 'ssa', same: 'x' }, { app: 'diffed' })) });
    assert.match(conflicted.stderr, /Apply failed with 1 conflict: conflict with "node" using v1: \.data\.key/);
    const ssa = await kc().run(['diff', '--server-side', '--force-conflicts', '-f', '-'], { input: manifest(configMap('diffed', { key: 'ssa', same: 'x' }, { app: 'diffed' })) });
    assert.equal(ssa.code, 1, ssa.stderr);
    assert.match(ssa.stdout, /\n-  key: old\n\+  key: ssa\n/);
  });
});
