/**
 * provider-helm's Release installed by Marina's Helm engine against a real hub, driven with kubectl 1.33: a
 * Helm repository served on 127.0.0.1 by this test (index.yaml + a .tgz packaged here), a ProviderConfig
 * whose kubeconfig Secret is a VirtualCluster's connection secret, the release installed into the tenant's
 * logical cluster (checked with kubectl as the tenant), upgraded by changing values (a dropped object
 * pruned), uninstalled on delete; an unreachable repository is a clear condition.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { condition, kubectlAs, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { waitFor } from '../gitops/support.ts';
import { decodeReleaseSecret, FINALIZER } from '../../src/compose/providers/index.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
let kc: string;
let server: Server | undefined;
let repoURL: string;
const requests: string[] = [];

const { run, apply, getJson, exists } = kubectlAs(bin, () => kc);
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** The chart `web` 1.0.0 and 1.1.0 (1.1.0 adds a Service); `extra` adds a ConfigMap while values.extra is true. */
function packageChart(dir: string, version: string): Buffer {
  const c = join(dir, `web-${version}`, 'web');
  mkdirSync(join(c, 'templates'), { recursive: true });
  mkdirSync(join(c, 'crds'), { recursive: true });
  writeFileSync(join(c, 'Chart.yaml'), `apiVersion: v2\nname: web\nversion: ${version}\nappVersion: "1.0"\n`);
  writeFileSync(join(c, 'values.yaml'), 'color: blue\nreplicas: 1\nextra: true\n');
  writeFileSync(join(c, 'crds', 'widget.yaml'), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.web.example.com}\nspec:\n  group: web.example.com\n  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n');
  writeFileSync(join(c, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  color: {{ .Values.color | quote }}\n  replicas: {{ .Values.replicas | quote }}\n  password: {{ .Values.password | default "none" | quote }}\n  revision: {{ .Release.Revision | quote }}\n  chart: {{ .Chart.Version | quote }}\n');
  writeFileSync(join(c, 'templates', 'extra.yaml'), '{{- if .Values.extra }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\ndata: {a: b}\n{{- end }}\n');
  writeFileSync(join(c, 'templates', 'role.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {{ .Release.Name }}-reader\nrules: []\n');
  const tgz = join(dir, `web-${version}.tgz`);
  execFileSync('tar', ['-czf', tgz, '-C', join(dir, `web-${version}`), 'web']);
  return readFileSync(tgz);
}

before(async () => {
  t = await startHub();
  kc = await t.kubeconfig('root');
  const work = join(t.dir, 'helmrepo');
  mkdirSync(work, { recursive: true });
  const v1 = packageChart(work, '1.0.0');
  const v2 = packageChart(work, '1.1.0');
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const index = `apiVersion: v1\nentries:\n  web:\n  - {name: web, version: 1.0.0, digest: ${sha(v1)}, urls: [web-1.0.0.tgz]}\n  - {name: web, version: 1.1.0, digest: ${sha(v2)}, urls: [web-1.1.0.tgz]}\n`;
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.headers.authorization !== `Basic ${Buffer.from('helm:s3cret').toString('base64')}`) return void res.writeHead(401).end();
    if (req.url === '/charts/index.yaml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(index);
    else if (req.url === '/charts/web-1.0.0.tgz') res.writeHead(200).end(v1);
    else if (req.url === '/charts/web-1.1.0.tgz') res.writeHead(200).end(v2);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  repoURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/charts`;
});
after(async () => {
  server?.close();
  await t?.stop();
});

/** Waits for the Release's conditions; returns it. */
async function waitRelease(name: string, what: string, ok: (r: any) => boolean, ms = 20_000): Promise<any> {
  let last: any;
  try {
    return await waitFor(`Release ${name}: ${what}`, async () => {
      last = await getJson(['release.helm.crossplane.io', name]);
      return ok(last) ? last : undefined;
    }, ms);
  } catch (e) {
    throw new Error(`${(e as Error).message}; last status: ${JSON.stringify(last?.status)}`);
  }
}
const synced = (r: any) => condition(r, 'Synced')?.status === 'True' && condition(r, 'Ready')?.status === 'True';

test('a Release installs into a VirtualCluster, upgrades when its values change, and uninstalls on delete', async () => {
  await apply({ apiVersion: 'provider.marina.io/v1alpha1', kind: 'VirtualCluster', metadata: { name: 'tenant-r' }, spec: { forProvider: {}, writeConnectionSecretToRef: { namespace: 'default', name: 'tenant-r-conn' } } });
  const secret = await waitFor('the connection secret', async () => getJson(['secret', '-n', 'default', 'tenant-r-conn']));
  const tkc = join(t.dir, 'tenant-r.kubeconfig');
  writeFileSync(tkc, Buffer.from(secret.data.kubeconfig, 'base64').toString('utf8'));
  await apply({ apiVersion: 'helm.crossplane.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'tenant-r' }, spec: { credentials: { source: 'Secret', secretRef: { namespace: 'default', name: 'tenant-r-conn', key: 'kubeconfig' } } } });
  await apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'repo-creds', namespace: 'default' }, data: { username: b64('helm'), password: b64('s3cret') } });
  await apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-values', namespace: 'default' }, data: { 'values.yaml': 'color: green\nreplicas: 2\n' } });
  await apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-secret', namespace: 'default' }, data: { pw: b64('hunter2') } });
  const release = (values: object, version = '1.0.0') => ({
    apiVersion: 'helm.crossplane.io/v1beta1',
    kind: 'Release',
    metadata: { name: 'web' },
    spec: {
      providerConfigRef: { name: 'tenant-r' },
      forProvider: {
        chart: { name: 'web', repository: repoURL, version, pullSecretRef: { name: 'repo-creds', namespace: 'default' } },
        namespace: 'apps',
        valuesFrom: [{ configMapKeyRef: { name: 'web-values', namespace: 'default' } }, { secretKeyRef: { name: 'absent', namespace: 'default', key: 'v', optional: true } }],
        values,
        set: [{ name: 'password', valueFrom: { secretKeyRef: { name: 'web-secret', namespace: 'default', key: 'pw' } } }],
      },
    },
  });
  await apply(release({ replicas: 3 }));
  const installed = await waitRelease('web', 'installed', synced);
  assert.deepEqual(installed.status.atProvider, { releaseDescription: 'Install complete', revision: 1, state: 'deployed', version: '1.0.0' });
  assert.deepEqual([condition(installed, 'Synced').reason, condition(installed, 'Ready').reason], ['ReconcileSuccess', 'Available']);
  assert.deepEqual(installed.metadata.finalizers, [FINALIZER]);

  // In the tenant's cluster, as the tenant sees it: the namespace created, the resources, the CRD, Helm's record.
  const cm = await getJson(['--show-managed-fields', '-n', 'apps', 'configmap', 'web-config'], tkc);
  assert.deepEqual(cm.data, { color: 'green', replicas: '3', password: 'hunter2', revision: '1', chart: '1.0.0' });
  assert.equal(cm.metadata.labels['app.kubernetes.io/managed-by'], 'Helm');
  assert.equal(cm.metadata.annotations['meta.helm.sh/release-name'], 'web');
  assert.equal(cm.metadata.annotations['meta.helm.sh/release-namespace'], 'apps');
  assert.ok(cm.metadata.managedFields.some((f: any) => f.manager === 'provider-helm' && f.operation === 'Apply'));
  assert.equal(await exists(['-n', 'apps', 'configmap', 'web-extra'], tkc), true);
  assert.equal(await exists(['clusterrole', 'web-reader'], tkc), true);
  assert.equal(await exists(['crd', 'widgets.web.example.com'], tkc), true);
  assert.equal(await exists(['-n', 'apps', 'configmap', 'web-config']), false, 'nothing is installed in root');
  const rec1 = await getJson(['-n', 'apps', 'secret', 'sh.helm.release.v1.web.v1'], tkc);
  assert.equal(rec1.type, 'helm.sh/release.v1');
  assert.deepEqual({ ...rec1.metadata.labels, modifiedAt: undefined }, { name: 'web', owner: 'helm', status: 'deployed', version: '1', modifiedAt: undefined });
  const r1 = decodeReleaseSecret(rec1);
  assert.deepEqual([r1.name, r1.namespace, r1.version, r1.info.status, r1.chart.metadata.name, r1.config], ['web', 'apps', 1, 'deployed', 'web', { color: 'green', replicas: 3, password: 'hunter2' }]);
  assert.match(r1.manifest, /# Source: web\/templates\/cm.yaml/);
  assert.ok(requests.includes('/charts/index.yaml') && requests.includes('/charts/web-1.0.0.tgz'), requests.join(' '));

  // Reconciling again changes nothing: no new revision.
  await t.hub.settle();
  await run(['annotate', 'release.helm.crossplane.io', 'web', 'marina.test/poke=1']);
  await t.hub.settle();
  assert.equal(await exists(['-n', 'apps', 'secret', 'sh.helm.release.v1.web.v2'], tkc), false);

  // Upgrade: new values and chart version; `extra: false` drops a ConfigMap, which is pruned.
  await apply(release({ replicas: 4, extra: false }, '1.1.0'));
  const upgraded = await waitRelease('web', 'upgraded', (r) => r.status?.atProvider?.revision === 2 && synced(r));
  assert.deepEqual(upgraded.status.atProvider, { releaseDescription: 'Upgrade complete', revision: 2, state: 'deployed', version: '1.1.0' });
  assert.deepEqual((await getJson(['-n', 'apps', 'configmap', 'web-config'], tkc)).data, { color: 'green', replicas: '4', password: 'hunter2', revision: '2', chart: '1.1.0' });
  await waitFor('web-extra pruned', async () => !(await exists(['-n', 'apps', 'configmap', 'web-extra'], tkc)));
  const secrets = await getJson(['-n', 'apps', 'secret', '-l', 'owner=helm,name=web'], tkc);
  assert.deepEqual(secrets.items.map((s: any) => `${s.metadata.name}=${s.metadata.labels.status}`).sort(), ['sh.helm.release.v1.web.v1=superseded', 'sh.helm.release.v1.web.v2=deployed']);

  // A values change in a valuesFrom ConfigMap upgrades too (its events requeue the Release).
  await apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-values', namespace: 'default' }, data: { 'values.yaml': 'color: red\n' } });
  await waitRelease('web', 'revision 3', (r) => r.status?.atProvider?.revision === 3 && synced(r));
  assert.equal((await getJson(['-n', 'apps', 'configmap', 'web-config'], tkc)).data.color, 'red');

  // Delete uninstalls: the resources and the release secrets go (the namespace and the CRD stay, as with Helm).
  await run(['delete', 'release.helm.crossplane.io', 'web', '--timeout=20s']);
  assert.equal(await exists(['-n', 'apps', 'configmap', 'web-config'], tkc), false);
  assert.equal(await exists(['clusterrole', 'web-reader'], tkc), false);
  assert.deepEqual((await getJson(['-n', 'apps', 'secret', '-l', 'owner=helm'], tkc)).items, []);
  assert.equal(await exists(['namespace', 'apps'], tkc), true);
});

test('an unreachable repository, a missing chart version and bad values are clear conditions', async () => {
  await apply({ apiVersion: 'helm.crossplane.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'default' }, spec: { credentials: { source: 'InjectedIdentity' } } });
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const rel = (name: string, chart: object, extra: object = {}) => ({ apiVersion: 'helm.crossplane.io/v1beta1', kind: 'Release', metadata: { name }, spec: { forProvider: { chart, namespace: 'bad', ...extra } } });
  await apply(rel('down', { name: 'web', repository: `http://127.0.0.1:${port}/charts`, version: '1.0.0' }));
  const down = await waitRelease('down', 'an error', (r) => condition(r, 'Synced')?.status === 'False');
  assert.equal(condition(down, 'Synced').reason, 'ReconcileError');
  assert.match(condition(down, 'Synced').message, new RegExp(`^create failed: failed to install release: failed to pull chart: failed to fetch http://127.0.0.1:${port}/charts/index.yaml: .*ECONNREFUSED`));

  await apply(rel('unauthorized', { name: 'web', repository: repoURL, version: '1.0.0' }));
  const unauth = await waitRelease('unauthorized', 'an error', (r) => condition(r, 'Synced')?.status === 'False');
  assert.match(condition(unauth, 'Synced').message, /failed to pull chart: failed to fetch http:\/\/127\.0\.0\.1:\d+\/charts\/index\.yaml : 401 Unauthorized \(check the repository credentials\)$/);

  await apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'repo-creds', namespace: 'default' }, data: { username: b64('helm'), password: b64('s3cret') } });
  await apply(rel('missing', { name: 'web', repository: repoURL, version: '9.9.9', pullSecretRef: { name: 'repo-creds', namespace: 'default' } }));
  const missing = await waitRelease('missing', 'an error', (r) => condition(r, 'Synced')?.status === 'False');
  assert.match(condition(missing, 'Synced').message, /failed to pull chart: chart "web" version "9\.9\.9" not found in repository http:\/\/127\.0\.0\.1/);

  await apply(rel('badvalues', { name: 'web', repository: repoURL, version: '1.0.0', pullSecretRef: { name: 'repo-creds', namespace: 'default' } }, { valuesFrom: [{ configMapKeyRef: { name: 'nope', namespace: 'default' } }] }));
  const bad = await waitRelease('badvalues', 'an error', (r) => condition(r, 'Synced')?.status === 'False');
  assert.match(condition(bad, 'Synced').message, /spec\.forProvider\.valuesFrom\[0\]\.configMapKeyRef: cannot get ConfigMap default\/nope: .*not found/);

  // chart.url: the package itself (here into root, with the InjectedIdentity ProviderConfig); delete uninstalls.
  await apply(rel('byurl', { url: `${repoURL}/web-1.1.0.tgz`, pullSecretRef: { name: 'repo-creds', namespace: 'default' } }, { namespace: 'byurl' }));
  const byurl = await waitRelease('byurl', 'installed', synced);
  assert.deepEqual(byurl.status.atProvider, { releaseDescription: 'Install complete', revision: 1, state: 'deployed', version: '1.1.0' });
  assert.equal((await getJson(['-n', 'byurl', 'configmap', 'byurl-config'])).data.chart, '1.1.0');
  await run(['delete', 'release.helm.crossplane.io', 'byurl', '--timeout=20s']);
  assert.equal(await exists(['-n', 'byurl', 'configmap', 'byurl-config']), false);

  // Nothing was installed: deleting them just lets them go.
  for (const n of ['down', 'unauthorized', 'missing', 'badvalues']) await run(['delete', 'release.helm.crossplane.io', n, '--timeout=20s']);
  assert.equal(await exists(['namespace', 'bad']), false);
});
