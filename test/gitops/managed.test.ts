/**
 * Argo CD's managed resources through the Kubernetes API (`.../applications/<name>/managedresources`): read
 * with `kubectl get --raw` and the HTTP client, authorized like a get of the Application, never showing Secret
 * values, and agreeing with the controller's status.resources.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { HttpClusterClient } from '../../src/client/index.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import type { ManagedResourcesResponse } from '../../src/gitops/controller/index.ts';
import { appYaml, cm, getJson, gitRepo, waitFor } from './support.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
const oldBin = kubectlPath('1.27') ?? bin;
let t: TestHub;
let kc: string;
const PATH = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications';

before(async () => {
  t = await startHub();
  kc = await t.cluster('tenant-m');
  await installRuntime(t.hub.core, 'tenant-m');
  await kubectl(bin, kc, ['create', 'namespace', 'apps']);
});
after(async () => t?.stop());

const raw = async (path: string, b = bin, config = kc) => {
  // kubectl's --raw path is absolute on the server (it replaces the kubeconfig's /clusters/<name> prefix).
  const r = await kubectl(b, config, ['get', '--raw', `/clusters/tenant-m${path}`]);
  return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as ManagedResourcesResponse) : undefined };
};
const secret = (name: string, value: string) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', stringData: { password: value } }) + '\n';

test('managed resources: states, modified, readable diff, ignoreDifferences, masked secrets, prune candidates', async () => {
  const repo = gitRepo(join(t.dir, 'repo-managed'));
  repo.write({ 'm/a.yaml': cm('mr-a', { v: '1', ignored: 'git' }), 'm/b.yaml': cm('mr-b', { v: '1' }), 'm/s.yaml': secret('mr-s', 'hunter2-git') });
  const ignoreDifferences = [{ kind: 'ConfigMap', name: 'mr-a', jsonPointers: ['/data/ignored'] }];
  const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: appYaml('managed', repo.url, 'm', { syncPolicy: { automated: { prune: true } }, ignoreDifferences }) });
  assert.equal(r.code, 0, r.stderr);
  await waitFor('synced', async () => (await getJson(bin, kc, ['-n', 'argocd', 'application', 'managed'])).status?.sync?.status === 'Synced');

  // Live drift: one real change, one ignored, one on the secret; the app is not self-healing.
  await kubectl(bin, kc, ['-n', 'apps', 'patch', 'configmap', 'mr-a', '--type', 'merge', '-p', '{"data":{"ignored":"live"}}']);
  await kubectl(bin, kc, ['-n', 'apps', 'patch', 'configmap', 'mr-b', '--type', 'merge', '-p', '{"data":{"v":"2"}}']);
  await kubectl(bin, kc, ['-n', 'apps', 'patch', 'secret', 'mr-s', '--type', 'merge', '-p', JSON.stringify({ stringData: { password: 'hunter2-live' } })]);

  const res = await raw(`${PATH}/managed/managedresources`);
  assert.equal(res.code, 0, res.stderr);
  const body = res.json!;
  assert.equal(body.kind, 'ManagedResourcesResponse');
  assert.equal(body.apiVersion, 'argoproj.io/v1alpha1');
  const by = Object.fromEntries(body.items.map((i) => [i.name, i]));
  assert.deepEqual(Object.keys(by).sort(), ['mr-a', 'mr-b', 'mr-s']);
  assert.equal(by['mr-a']!.modified, false, 'the ignored field is not a difference');
  assert.equal(by['mr-a']!.diff, '');
  assert.equal(by['mr-b']!.modified, true);
  assert.equal(by['mr-b']!.group, '');
  assert.equal(by['mr-b']!.namespace, 'apps');
  assert.match(by['mr-b']!.diff, /-\s+v: "2"\n\+\s+v: "1"/);
  assert.equal(JSON.parse(by['mr-b']!.liveState).data.v, '2');
  assert.equal(JSON.parse(by['mr-b']!.targetState).data.v, '1');
  assert.equal(JSON.parse(by['mr-b']!.predictedLiveState).data.v, '1');
  assert.equal(JSON.parse(by['mr-b']!.normalizedLiveState).data.v, '2');
  assert.ok(by['mr-b']!.resourceVersion);
  assert.equal(by['mr-s']!.modified, true);
  const text = JSON.stringify(body);
  for (const plain of ['hunter2', Buffer.from('hunter2-git').toString('base64'), Buffer.from('hunter2-live').toString('base64')]) assert.ok(!text.includes(plain), `secret value ${plain} leaked`);
  assert.match(by['mr-s']!.diff, /password: \+{8,}/);

  // Agrees with the controller: what is modified here is OutOfSync there.
  const status = (await getJson(bin, kc, ['-n', 'argocd', 'application', 'managed'])).status;
  for (const s of status.resources) assert.equal(s.status === 'OutOfSync', by[s.name]!.modified, s.name);

  // A resource that left Git is a prune candidate: live only, target "null".
  repo.write({ 'm/b.yaml': null });
  await kubectl(bin, kc, ['-n', 'argocd', 'patch', 'application', 'managed', '--type', 'merge', '-p', '{"spec":{"syncPolicy":{"automated":null}}}']);
  await kubectl(bin, kc, ['-n', 'argocd', 'annotate', '--overwrite', 'application', 'managed', 'argocd.argoproj.io/refresh=normal']);
  await waitFor('mr-b to prune', async () => (await getJson(bin, kc, ['-n', 'argocd', 'application', 'managed'])).status?.resources?.find((x: any) => x.name === 'mr-b')?.requiresPruning);
  const after = (await raw(`${PATH}/managed/managedresources`, oldBin)).json!;
  const b = after.items.find((i) => i.name === 'mr-b')!;
  assert.equal(b.targetState, 'null');
  assert.notEqual(b.liveState, 'null');
  assert.match(b.diff, /^-\s+v: "2"$/m);
});

test('managed resources: HTTP client, RBAC as a get of the Application, not found, read-only', async () => {
  const repo = gitRepo(join(t.dir, 'repo-managed-rbac'));
  repo.write({ 'r/a.yaml': cm('rb-a', { v: '1' }) });
  await kubectl(bin, kc, ['apply', '-f', '-'], { input: appYaml('rbac', repo.url, 'r') });
  const admin = new HttpClusterClient({ server: `${t.hub.url.replace('https:', 'http:')}/clusters/tenant-m`, token: await t.hub.adminToken('tenant-m') });
  const got = await admin.request<ManagedResourcesResponse>('GET', `${PATH}/rbac/managedresources`);
  assert.deepEqual(got.items.map((i) => [i.name, i.modified, i.liveState]), [['rb-a', true, 'null']]);
  assert.match(got.items[0]!.diff, /^\+\s+v: "1"$/m);

  await assert.rejects(admin.request('GET', `${PATH}/nope/managedresources`), (e: any) => e.code === 404);
  await assert.rejects(admin.request('PUT', `${PATH}/rbac/managedresources`, {}), (e: any) => e.code === 405);

  // A service account that may get applications (and nothing else) reads managed resources; one that may not, cannot.
  const sa = async (name: string) => {
    await admin.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'argocd' } });
    const tr = await admin.request('POST', `/api/v1/namespaces/argocd/serviceaccounts/${name}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    return new HttpClusterClient({ server: `${t.hub.url.replace('https:', 'http:')}/clusters/tenant-m`, token: tr.status.token });
  };
  await admin.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'app-reader', namespace: 'argocd' }, rules: [{ apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['get'] }] });
  await admin.create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'app-reader', namespace: 'argocd' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: 'argocd' }] });
  const reader = await sa('reader');
  const stranger = await sa('stranger');
  assert.equal((await reader.request<ManagedResourcesResponse>('GET', `${PATH}/rbac/managedresources`)).items.length, 1);
  await assert.rejects(stranger.request('GET', `${PATH}/rbac/managedresources`), (e: any) => e.code === 403);
  admin.close();
  reader.close();
  stranger.close();
});
