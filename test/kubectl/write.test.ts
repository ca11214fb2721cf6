/**
 * kubectl commands that change existing objects: `edit` (through `KUBE_EDITOR`), `label`, `annotate`,
 * `patch --type json|merge|strategic` and `replace`.
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { editorScript, kubectlSuite, manifest } from './util.ts';

kubectlSuite('write', (kc) => {
  const ns = () => `write-${kc().tag}`;
  const deployment = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns(), labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox:1.36' }] } },
    },
  });
  const configMap = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns() }, data });

  before(async () => {
    await kc().seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns() } });
  });

  it('edit applies what KUBE_EDITOR wrote, and cancels when nothing changed', async () => {
    await kc().seed(configMap('edited', { color: 'red' }));
    const sed = { KUBE_EDITOR: `sed -i s/color:\\ red/color:\\ green/` };
    assert.equal((await kc().ok(['edit', 'configmap', 'edited', '-n', ns()], { env: sed })).trim(), 'configmap/edited edited');
    assert.equal(await kc().ok(['get', 'cm', 'edited', '-n', ns(), '-o', 'jsonpath={.data.color}']), 'green');
    // A node script as editor: adds a label and a key, in YAML.
    const editor = editorScript(kc().dir, `label-${kc().tag}`, `(t) => t.replace(/^data:\\n/m, 'data:\\n  size: large\\n').replace(/^  name: edited$/m, '  labels:\\n    edited-by: script\\n  name: edited')`);
    assert.equal((await kc().ok(['edit', 'cm/edited', '-n', ns()], { env: { KUBE_EDITOR: editor } })).trim(), 'configmap/edited edited');
    const cm = await kc().json(['get', 'cm', 'edited', '-n', ns()]);
    assert.deepEqual(cm.data, { color: 'green', size: 'large' });
    assert.equal(cm.metadata.labels['edited-by'], 'script');
    const noop = await kc().run(['edit', 'cm', 'edited', '-n', ns()], { env: { KUBE_EDITOR: 'true' } });
    assert.equal(noop.code, 0, noop.stderr);
    assert.match(noop.stdout + noop.stderr, /Edit cancelled, no changes made\./);
    // -o json edits JSON; an invalid edit is rejected with the server's field error.
    const bad = await kc().run(['edit', 'deployment', 'nope', '-n', ns()], { env: { KUBE_EDITOR: 'true' } });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /deployments\.apps "nope" not found/);
  });

  it('label adds, refuses to overwrite without --overwrite, overwrites and removes', async () => {
    await kc().seed(configMap('labelled', { a: '1' }));
    assert.equal((await kc().ok(['label', 'configmap', 'labelled', '-n', ns(), 'tier=front', 'team=blue'])).trim(), 'configmap/labelled labeled');
    const clash = await kc().fails(['label', 'configmap', 'labelled', '-n', ns(), 'tier=back']);
    assert.match(clash.stderr, /'tier' already has a value \(front\), and --overwrite is false/);
    assert.equal((await kc().ok(['label', 'configmap', 'labelled', '-n', ns(), 'tier=back', '--overwrite'])).trim(), 'configmap/labelled labeled');
    assert.equal((await kc().ok(['label', 'configmap', 'labelled', '-n', ns(), 'team-'])).trim(), 'configmap/labelled unlabeled');
    const cm = await kc().json(['get', 'cm', 'labelled', '-n', ns()]);
    assert.deepEqual(cm.metadata.labels, { tier: 'back' });
    assert.equal(await kc().ok(['get', 'cm', '-n', ns(), '-l', 'tier=back', '-o', 'name']), 'configmap/labelled\n');
    // --list prints the labels.
    assert.equal((await kc().ok(['label', 'configmap', 'labelled', '-n', ns(), '--list'])).trim(), 'tier=back');
  });

  it('annotate adds, overwrites and removes annotations', async () => {
    await kc().seed(configMap('annotated', { a: '1' }));
    // kubectl 1.27 itself prints `annotate` (its own typo); 1.28+ print `annotated`.
    assert.match((await kc().ok(['annotate', 'configmap', 'annotated', '-n', ns(), 'note=first', 'example.com/owner=ops'])).trim(), /^configmap\/annotated annotated?$/);
    const clash = await kc().fails(['annotate', 'configmap', 'annotated', '-n', ns(), 'note=second']);
    assert.match(clash.stderr, /--overwrite is false but found the following declared annotation\(s\): 'note' already has a value \(first\)/);
    await kc().ok(['annotate', 'configmap', 'annotated', '-n', ns(), 'note=second', '--overwrite']);
    await kc().ok(['annotate', 'configmap', 'annotated', '-n', ns(), 'example.com/owner-']);
    const cm = await kc().json(['get', 'cm', 'annotated', '-n', ns()]);
    assert.deepEqual(cm.metadata.annotations, { note: 'second' });
  });

  it('patch --type merge replaces lists and deletes keys set to null', async () => {
    await kc().seed(deployment('merged'));
    const out = await kc().ok(['patch', 'deployment', 'merged', '-n', ns(), '--type=merge', '-p', JSON.stringify({ metadata: { labels: { app: null, patched: 'merge' } }, spec: { template: { spec: { containers: [{ name: 'only', image: 'alpine:3' }] } } } })]);
    assert.equal(out.trim(), 'deployment.apps/merged patched');
    const d = await kc().json(['get', 'deploy', 'merged', '-n', ns()]);
    assert.deepEqual(d.metadata.labels, { patched: 'merge' });
    assert.deepEqual(d.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['only=alpine:3']);
    assert.equal(d.metadata.generation, 2);
    const same = await kc().ok(['patch', 'deployment', 'merged', '-n', ns(), '--type=merge', '-p', '{"metadata":{"labels":{"patched":"merge"}}}']);
    assert.equal(same.trim(), 'deployment.apps/merged patched (no change)');
  });

  it('patch --type strategic merges containers by name (the default patch type)', async () => {
    await kc().seed(deployment('strategic'));
    const p = { spec: { template: { spec: { containers: [{ name: 'side', image: 'busybox:1.37' }, { name: 'extra', image: 'redis:7' }] } } } };
    assert.equal((await kc().ok(['patch', 'deployment', 'strategic', '-n', ns(), '--type=strategic', '-p', JSON.stringify(p)])).trim(), 'deployment.apps/strategic patched');
    let d = await kc().json(['get', 'deploy', 'strategic', '-n', ns()]);
    assert.deepEqual(d.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`), ['app=nginx:1.25', 'side=busybox:1.37', 'extra=redis:7']);
    assert.deepEqual(d.spec.template.spec.containers[0].ports, [{ containerPort: 80, protocol: 'TCP' }]);
    // $patch: delete removes one element of a merge-keyed list; no --type means strategic.
    await kc().ok(['patch', 'deployment', 'strategic', '-n', ns(), '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}']);
    d = await kc().json(['get', 'deploy', 'strategic', '-n', ns()]);
    assert.deepEqual(d.spec.template.spec.containers.map((c: any) => c.name), ['app', 'extra']);
  });

  it('patch --type json applies RFC 6902 operations and reports a failed test op', async () => {
    await kc().seed(deployment('jsonpatched'));
    const ops = [
      { op: 'replace', path: '/spec/replicas', value: 4 },
      { op: 'add', path: '/metadata/labels/via', value: 'json' },
      { op: 'remove', path: '/spec/template/spec/containers/1' },
    ];
    assert.equal((await kc().ok(['patch', 'deployment', 'jsonpatched', '-n', ns(), '--type=json', '-p', JSON.stringify(ops)])).trim(), 'deployment.apps/jsonpatched patched');
    const d = await kc().json(['get', 'deploy', 'jsonpatched', '-n', ns()]);
    assert.equal(d.spec.replicas, 4);
    assert.equal(d.metadata.labels.via, 'json');
    assert.deepEqual(d.spec.template.spec.containers.map((c: any) => c.name), ['app']);
    const failed = await kc().fails(['patch', 'deployment', 'jsonpatched', '-n', ns(), '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":9},{"op":"replace","path":"/spec/replicas","value":1}]']);
    assert.match(failed.stderr, /testing value \/spec\/replicas failed/);
    assert.equal(await kc().ok(['get', 'deploy', 'jsonpatched', '-n', ns(), '-o', 'jsonpath={.spec.replicas}']), '4');
  });

  it('replace swaps the whole object, rejects a stale resourceVersion, and --force recreates', async () => {
    await kc().seed(configMap('replaced', { a: '1', b: '2' }));
    const live = await kc().json(['get', 'cm', 'replaced', '-n', ns()]);
    const next = { ...configMap('replaced', { c: '3' }), metadata: { ...live.metadata, managedFields: undefined } };
    assert.equal((await kc().ok(['replace', '-f', '-'], { input: manifest(next) })).trim(), 'configmap/replaced replaced');
    assert.deepEqual((await kc().json(['get', 'cm', 'replaced', '-n', ns()])).data, { c: '3' });
    // `next` still carries the old resourceVersion: optimistic concurrency says Conflict.
    const stale = await kc().fails(['replace', '-f', '-'], { input: manifest({ ...next, data: { d: '4' } }) });
    assert.match(stale.stderr, /Error from server \(Conflict\): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "replaced": the object has been modified; please apply your changes to the latest version and try again/);
    const missing = await kc().fails(['replace', '-f', '-'], { input: manifest(configMap(`absent-${kc().tag}`, {})) });
    assert.match(missing.stderr, new RegExp(`Error from server \\(NotFound\\): error when replacing "STDIN": configmaps "absent-${kc().tag}" not found`));
    const forced = await kc().ok(['replace', '--force', '-f', '-'], { input: manifest(configMap('replaced', { e: '5' })) });
    assert.match(forced, /configmap "replaced" deleted\nconfigmap\/replaced replaced\n/);
    const after = await kc().json(['get', 'cm', 'replaced', '-n', ns()]);
    assert.deepEqual(after.data, { e: '5' });
    assert.notEqual(after.metadata.uid, live.metadata.uid);
  });
  it('stringData is folded into data on every write (its keys win) and never stored, as the API server does', async () => {
    const secret = (stringData: Record<string, string>, data?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'folded', namespace: ns() }, ...(data ? { data } : {}), stringData });
    const b64 = (v: string) => Buffer.from(v).toString('base64');
    await kc().ok(['apply', '-f', '-'], { input: manifest(secret({ password: 's3cret', user: 'ada' }, { user: b64('bob'), extra: b64('x') })) });
    let live = await kc().json(['get', 'secret', 'folded', '-n', ns()]);
    assert.deepEqual(live.data, { extra: b64('x'), password: b64('s3cret'), user: b64('ada') });
    assert.equal(live.stringData, undefined);
    assert.equal(live.type, 'Opaque');
    await kc().ok(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: manifest(secret({ password: 'changed' })) });
    live = await kc().json(['get', 'secret', 'folded', '-n', ns()]);
    assert.equal(Buffer.from(live.data.password, 'base64').toString(), 'changed');
    assert.equal(live.stringData, undefined);
  });
});
