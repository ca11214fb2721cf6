/**
 * kubectl read commands against a logical cluster: discovery (`api-resources`, `api-versions`, `version`),
 * `create namespace`, every `get` output and selector, `get -w` and `describe`.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlSuite, table, type Kubectl } from './util.ts';

kubectlSuite('read', (kc) => {
  it('api-resources lists built-ins with short names, groups, scope and kind', async () => {
    const out = await kc().ok(['api-resources']);
    const { header, rows } = table(out);
    assert.deepEqual(header, ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    const line = (name: string) => out.split('\n').find((l) => l.startsWith(`${name} `))?.trim().split(/\s+/);
    assert.deepEqual(line('deployments'), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
    assert.deepEqual(line('namespaces'), ['namespaces', 'ns', 'v1', 'false', 'Namespace']);
    assert.deepEqual(line('customresourcedefinitions'), ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', 'false', 'CustomResourceDefinition']);
    assert.ok(rows.length > 30, `only ${rows.length} resources`);
    const ns = await kc().ok(['api-resources', '--namespaced=false', '-o', 'name']);
    assert.ok(ns.split('\n').includes('clusterroles.rbac.authorization.k8s.io'), ns);
    assert.ok(!ns.split('\n').includes('configmaps'), ns);
    const rbac = await kc().ok(['api-resources', '--api-group=rbac.authorization.k8s.io', '-o', 'name']);
    assert.deepEqual(rbac.trim().split('\n').sort(), ['clusterrolebindings.rbac.authorization.k8s.io', 'clusterroles.rbac.authorization.k8s.io', 'rolebindings.rbac.authorization.k8s.io', 'roles.rbac.authorization.k8s.io']);
    const verbs = await kc().ok(['api-resources', '-o', 'wide']);
    const cm = verbs.split('\n').find((l) => l.startsWith('configmaps '));
    assert.match(cm ?? '', /create,delete,deletecollection,get,list,patch,update,watch/);
  });

  it('api-versions lists every served group version', async () => {
    const out = (await kc().ok(['api-versions'])).trim().split('\n');
    for (const gv of ['v1', 'apps/v1', 'batch/v1', 'apiextensions.k8s.io/v1', 'rbac.authorization.k8s.io/v1', 'networking.k8s.io/v1', 'coordination.k8s.io/v1', 'policy/v1', 'autoscaling/v2', 'events.k8s.io/v1']) {
      assert.ok(out.includes(gv), `${gv} missing from ${out.join(' ')}`);
    }
  });

  it('version reports client and server versions', async () => {
    const v = JSON.parse(await kc().ok(['version', '-o', 'json']));
    assert.equal(v.clientVersion.minor, kc().version.split('.')[1]);
    assert.equal(v.serverVersion.major, '1');
    assert.match(v.serverVersion.gitVersion, /^v1\.\d+\.\d+/);
    const text = await kc().ok(['version']);
    // 1.28+ prints `Server Version: v1.x.y`; 1.27 prints the version.Info struct.
    assert.match(text, /Server Version: (v1\.\d+\.\d+|version\.Info\{Major:"1", Minor:"\d+", GitVersion:"v1\.\d+\.\d+)/);
  });

  it('create namespace, then get it as a table and by name', async () => {
    const ns = `ns-${kc().tag}`;
    assert.equal((await kc().ok(['create', 'namespace', ns])).trim(), `namespace/${ns} created`);
    const again = await kc().fails(['create', 'namespace', ns]);
    assert.match(again.stderr, new RegExp(`Error from server \\(AlreadyExists\\): namespaces "${ns}" already exists`));
    const { header, rows } = table(await kc().ok(['get', 'namespace', ns]));
    assert.deepEqual(header, ['NAME', 'STATUS', 'AGE']);
    assert.deepEqual(rows[0]!.slice(0, 2), [ns, 'Active']);
    const missing = await kc().fails(['get', 'namespace', `nope-${kc().tag}`]);
    assert.match(missing.stderr, new RegExp(`Error from server \\(NotFound\\): namespaces "nope-${kc().tag}" not found`));
  });

  describe('get on a namespace of three ConfigMaps and a Deployment', () => getSuite(kc));
});

function getSuite(kc: () => Kubectl): void {
  const ns = () => `get-${kc().tag}`;
  before(async () => {
    await kc().seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns() } });
    const cms = ['a', 'b', 'c'].map((n, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${n}`, namespace: ns(), labels: { tier: i < 2 ? 'front' : 'back', app: 'shop' } }, data: Object.fromEntries(Array.from({ length: i + 1 }, (_, j) => [`k${j}`, `v${j}`])) }));
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns(), labels: { app: 'web' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox:1.36' }] } } },
    };
    await kc().seed(...cms, deploy);
  });

  it('get prints the default table columns of each kind', async () => {
    const cm = table(await kc().ok(['get', 'configmaps', '-n', ns()]));
    assert.deepEqual(cm.header, ['NAME', 'DATA', 'AGE']);
    assert.deepEqual(cm.rows.filter((r) => r[0]!.startsWith('cm-')).map((r) => r.slice(0, 2)), [['cm-a', '1'], ['cm-b', '2'], ['cm-c', '3']]);
    const dep = table(await kc().ok(['get', 'deployment', 'web', '-n', ns()]));
    assert.deepEqual(dep.header, ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.deepEqual(dep.rows[0]!.slice(0, 4), ['web', '0/2', '0', '0']);
  });

  it('get -o wide adds the wide columns', async () => {
    const dep = table(await kc().ok(['get', 'deployment', 'web', '-n', ns(), '-o', 'wide']));
    assert.deepEqual(dep.header, ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    assert.deepEqual(dep.rows[0]!.slice(5), ['nginx,side', 'nginx:1.25,busybox:1.36', 'app=web']);
  });

  it('get -o json, -o yaml, -o name and -o jsonpath', async () => {
    const obj = await kc().json(['get', 'configmap', 'cm-b', '-n', ns()]);
    assert.equal(obj.kind, 'ConfigMap');
    assert.equal(obj.apiVersion, 'v1');
    assert.deepEqual(obj.data, { k0: 'v0', k1: 'v1' });
    assert.match(obj.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(obj.metadata.resourceVersion, /^\d+$/);
    const list = await kc().json(['get', 'configmaps', '-n', ns(), '-l', 'app=shop']);
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.items.map((o: any) => o.kind), ['ConfigMap', 'ConfigMap', 'ConfigMap']);
    const yaml = await kc().ok(['get', 'configmap', 'cm-a', '-n', ns(), '-o', 'yaml']);
    assert.match(yaml, /^apiVersion: v1\ndata:\n  k0: v0\nkind: ConfigMap\nmetadata:\n/);
    assert.match(yaml, new RegExp(`\n  namespace: ${ns()}\n`));
    assert.equal(await kc().ok(['get', 'configmaps', '-n', ns(), '-l', 'app=shop', '-o', 'name']), 'configmap/cm-a\nconfigmap/cm-b\nconfigmap/cm-c\n');
    assert.equal(await kc().ok(['get', 'deployment', '-n', ns(), '-o', 'name']), 'deployment.apps/web\n');
    const jp = await kc().ok(['get', 'configmaps', '-n', ns(), '-l', 'app=shop', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.labels.tier}{"\\n"}{end}']);
    assert.equal(jp, 'cm-a=front\ncm-b=front\ncm-c=back\n');
    assert.equal(await kc().ok(['get', 'deployment', 'web', '-n', ns(), '-o', 'jsonpath={.spec.template.spec.containers[1].image}']), 'busybox:1.36');
    const cc = await kc().ok(['get', 'configmaps', '-n', ns(), '-l', 'app=shop', '-o', 'custom-columns=N:.metadata.name,T:.metadata.labels.tier']);
    assert.deepEqual(table(cc).rows, [['cm-a', 'front'], ['cm-b', 'front'], ['cm-c', 'back']]);
  });

  it('get -l and --field-selector metadata.name= filter on the server', async () => {
    assert.equal(await kc().ok(['get', 'cm', '-n', ns(), '-l', 'tier=front', '-o', 'name']), 'configmap/cm-a\nconfigmap/cm-b\n');
    assert.equal(await kc().ok(['get', 'cm', '-n', ns(), '-l', 'tier!=front,app=shop', '-o', 'name']), 'configmap/cm-c\n');
    assert.equal(await kc().ok(['get', 'cm', '-n', ns(), '-l', 'tier in (back)', '-o', 'name']), 'configmap/cm-c\n');
    assert.equal(await kc().ok(['get', 'cm', '-n', ns(), '--field-selector', 'metadata.name=cm-b', '-o', 'name']), 'configmap/cm-b\n');
    assert.equal(await kc().ok(['get', 'cm', '-n', ns(), '-l', 'app=shop', '--field-selector', 'metadata.name!=cm-b', '-o', 'name']), 'configmap/cm-a\nconfigmap/cm-c\n');
    const none = await kc().run(['get', 'cm', '-n', ns(), '-l', 'tier=nothing']);
    assert.equal(none.code, 0);
    assert.match(none.stderr, new RegExp(`No resources found in ${ns()} namespace\\.`));
    const bad = await kc().fails(['get', 'cm', '-n', ns(), '--field-selector', 'data.k0=v0']);
    assert.match(bad.stderr, /field label not supported: data\.k0/);
  });

  it('get -A lists across namespaces with a NAMESPACE column', async () => {
    const { header, rows } = table(await kc().ok(['get', 'configmaps', '-A', '-l', 'app=shop']));
    assert.deepEqual(header, ['NAMESPACE', 'NAME', 'DATA', 'AGE']);
    assert.deepEqual(rows.map((r) => r.slice(0, 2)), [[ns(), 'cm-a'], [ns(), 'cm-b'], [ns(), 'cm-c']]);
    const all = await kc().ok(['get', 'namespaces', '-A', '-o', 'name']);
    assert.match(all, /namespace\/default\n/);
  });

  it('get --chunk-size=1 pages through every object with limit and continue', async () => {
    const args = ['get', 'configmaps', '-n', ns(), '-l', 'app=shop', '--chunk-size=1', '-v=6'];
    const r = await kc().run(args);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(table(r.stdout).rows.map((row) => row[0]), ['cm-a', 'cm-b', 'cm-c']);
    // 1.27 logs `GET <url> 200 OK in N milliseconds`; 1.33 logs `"Response" verb="GET" url="<url>" status="200 OK"`.
    const requests = r.stderr.split('\n').filter((l) => /GET/.test(l) && /\/configmaps\?/.test(l));
    assert.equal(requests.length, 3, requests.join('\n'));
    assert.ok(requests.every((l) => /limit=1/.test(l) && /200 OK/.test(l)), requests.join('\n'));
    assert.equal(requests.filter((l) => /continue=/.test(l)).length, 2, requests.join('\n'));
    const names = await kc().ok(['get', 'configmaps', '-n', ns(), '-l', 'app=shop', '--chunk-size=1', '-o', 'name']);
    assert.equal(names, 'configmap/cm-a\nconfigmap/cm-b\nconfigmap/cm-c\n');
  });

  it('get -w prints the current row, then a row for each change', async () => {
    const name = `watched-${kc().tag}`;
    await kc().seed({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns() }, data: { a: '1' } });
    const watch = kc().stream(['get', 'configmap', name, '-n', ns(), '-w', '--request-timeout=20s']);
    try {
      await watch.waitFor(new RegExp(`${name}\\s+1\\s`));
      await kc().update(`/api/v1/namespaces/${ns()}/configmaps/${name}`, (cm) => (cm.data.b = '2'));
      const out = await watch.waitFor(new RegExp(`${name}\\s+2\\s`));
      assert.match(out, /^NAME\s+DATA\s+AGE\n/);
    } finally {
      await watch.stop();
    }
    // --output-watch-events names the event type of each line.
    const events = kc().stream(['get', 'configmaps', '-n', ns(), '-w', '--output-watch-events', '--request-timeout=20s']);
    try {
      const first = await events.waitFor(new RegExp(`ADDED\\s+${name}\\s`));
      assert.match(first, /^EVENT\s+NAME\s+DATA\s+AGE\n/);
      assert.equal((await kc().api('DELETE', `/api/v1/namespaces/${ns()}/configmaps/${name}`)).status, 200);
      await events.waitFor(new RegExp(`DELETED\\s+${name}\\s`));
    } finally {
      await events.stop();
    }
  });

  it('describe prints a human summary of the object', async () => {
    const cm = await kc().ok(['describe', 'configmap', 'cm-b', '-n', ns()]);
    assert.match(cm, /^Name:\s+cm-b\n/);
    assert.match(cm, new RegExp(`\nNamespace:\\s+${ns()}\n`));
    assert.match(cm, /\nLabels:\s+app=shop\n\s+tier=front\n/);
    // describe walks the data map in Go's random order.
    assert.match(cm, /\nData\n====\n/);
    assert.match(cm, /\nk0:\n----\nv0\n/);
    assert.match(cm, /\nk1:\n----\nv1\n/);
    const dep = await kc().ok(['describe', 'deployment', 'web', '-n', ns()]);
    assert.match(dep, /^Name:\s+web\n/);
    assert.match(dep, /\nSelector:\s+app=web\n/);
    assert.match(dep, /\nReplicas:\s+2 desired \| 0 updated \| 0 total \| 0 available \| 0 unavailable\n/);
    assert.match(dep, /\n\s+nginx:\n\s+Image:\s+nginx:1\.25\n/);
    const ns1 = await kc().ok(['describe', 'namespace', ns()]);
    assert.match(ns1, new RegExp(`^Name:\\s+${ns()}\n`));
    assert.match(ns1, /\nStatus:\s+Active\n/);
  });
}
