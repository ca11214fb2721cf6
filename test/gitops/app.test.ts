/**
 * The Application controller end to end: a real hub, real git repositories over file://, real kubectl.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { appYaml, cm, getJson, gitRepo, waitFor } from './support.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
let kc: string;

before(async () => {
  t = await startHub();
  kc = await t.cluster('tenant-a');
  await installRuntime(t.hub.core, 'tenant-a');
});
after(async () => t?.stop());

const app = (name: string) => getJson(bin, kc, ['-n', 'argocd', 'application', name]);
const apply = async (json: string) => {
  const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: json });
  assert.equal(r.code, 0, r.stderr);
};

test('runtime install creates the default AppProject and argocd-cm', async () => {
  const p = await getJson(bin, kc, ['-n', 'argocd', 'appproject', 'default']);
  assert.deepEqual(p.spec.sourceRepos, ['*']);
  assert.deepEqual(p.spec.destinations, [{ server: '*', namespace: '*' }]);
  await getJson(bin, kc, ['-n', 'argocd', 'configmap', 'argocd-cm']);
});

test('automated app: create, change + refresh, prune, self-heal', async () => {
  const repo = gitRepo(join(t.dir, 'repo-auto'));
  const rev1 = repo.write({ 'app/a.yaml': cm('a', { v: '1' }), 'app/b.yaml': cm('b', { v: '1' }), 'app/svc.yaml': JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }] } }) });
  await apply(appYaml('auto', repo.url, 'app', { syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] } }));
  let a = await waitFor('Synced', async () => ((await app('auto')).status?.sync?.status === 'Synced' ? app('auto') : false));
  assert.equal(a.status.sync.revision, rev1);
  assert.equal(a.status.health.status, 'Healthy');
  assert.equal(a.status.sourceType, 'Directory');
  assert.equal(a.status.resources.length, 3);
  assert.equal(a.status.operationState.phase, 'Succeeded');
  assert.equal(a.status.history.length, 1);
  const live = await getJson(bin, kc, ['-n', 'apps', 'configmap', 'a']);
  assert.equal(live.metadata.annotations['argocd.argoproj.io/tracking-id'], 'auto:/ConfigMap:apps/a');

  // Change in Git, then a refresh: the new revision is synced automatically, and b (removed) is pruned.
  const rev2 = repo.write({ 'app/a.yaml': cm('a', { v: '2' }), 'app/b.yaml': null });
  assert.equal((await kubectl(bin, kc, ['-n', 'argocd', 'annotate', 'application', 'auto', 'argocd.argoproj.io/refresh=normal'])).code, 0);
  a = await waitFor('rev2 synced', async () => {
    const x = await app('auto');
    return x.status?.sync?.revision === rev2 && x.status.sync.status === 'Synced' && x;
  });
  assert.equal(a.metadata.annotations?.['argocd.argoproj.io/refresh'], undefined);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'a'])).data.v, '2');
  await waitFor('b pruned', async () => (await kubectl(bin, kc, ['-n', 'apps', 'get', 'configmap', 'b'])).code !== 0);

  // Self-heal: a deleted managed resource comes back.
  assert.equal((await kubectl(bin, kc, ['-n', 'apps', 'delete', 'configmap', 'a'])).code, 0);
  await waitFor('a recreated', async () => (await kubectl(bin, kc, ['-n', 'apps', 'get', 'configmap', 'a'])).code === 0);
});

test('manual sync through operation; a Deployment stays Progressing', async () => {
  const repo = gitRepo(join(t.dir, 'repo-manual'));
  repo.write({
    'm/cm.yaml': cm('m', { k: 'v' }),
    'm/deploy.yaml': JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }),
  });
  await kubectl(bin, kc, ['create', 'namespace', 'apps']);
  await apply(appYaml('manual', repo.url, 'm'));
  let a = await waitFor('OutOfSync', async () => ((await app('manual')).status?.sync?.status === 'OutOfSync' ? app('manual') : false));
  assert.equal(a.status.health.status, 'Missing');
  const r = await kubectl(bin, kc, ['-n', 'argocd', 'patch', 'application', 'manual', '--type', 'merge', '-p', JSON.stringify({ operation: { sync: { revision: 'HEAD' }, initiatedBy: { username: 'test' } } })]);
  assert.equal(r.code, 0, r.stderr);
  a = await waitFor('Synced', async () => ((await app('manual')).status?.sync?.status === 'Synced' ? app('manual') : false));
  assert.equal(a.operation, undefined);
  assert.equal(a.status.health.status, 'Progressing');
  const d = a.status.resources.find((x: any) => x.kind === 'Deployment');
  assert.equal(d.health.status, 'Progressing');
  const lastApplied = (await getJson(bin, kc, ['-n', 'apps', 'deployment', 'web'])).metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  assert.ok(lastApplied, 'client-side apply records last-applied-configuration');
});

const job = (name: string, hook: string, extra: Record<string, string> = {}) =>
  JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, annotations: { 'argocd.argoproj.io/hook': hook, ...extra } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } }) + '\n';

const setJobStatus = (name: string, status: Record<string, unknown>) =>
  kubectl(bin, kc, ['-n', 'hooks', 'patch', 'job', name, '--subresource=status', '--type', 'merge', '-p', JSON.stringify({ status })]);

test('waves and hooks run in order; the sync waits for the PreSync Job', async () => {
  const repo = gitRepo(join(t.dir, 'repo-hooks'));
  repo.write({
    'h/pre.yaml': job('pre', 'PreSync'),
    'h/w2.yaml': cm('w2', { x: '1' }, { 'argocd.argoproj.io/sync-wave': '2' }),
    'h/w1.yaml': cm('w1', { x: '1' }, { 'argocd.argoproj.io/sync-wave': '1' }),
    'h/post.yaml': cm('post', { x: '1' }, { 'argocd.argoproj.io/hook': 'PostSync' }),
  });
  await apply(appYaml('hooks', repo.url, 'h', { destination: { server: 'https://kubernetes.default.svc', namespace: 'hooks' }, syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] } }));
  await waitFor('waiting on PreSync', async () => (await app('hooks')).status?.operationState?.message?.includes('hook Job/pre'));
  assert.notEqual((await kubectl(bin, kc, ['-n', 'hooks', 'get', 'configmap', 'w1'])).code, 0, 'wave 1 waits for the PreSync hook');
  assert.equal((await setJobStatus('pre', { succeeded: 1 })).code, 0);
  const a = await waitFor('Succeeded', async () => ((await app('hooks')).status?.operationState?.phase === 'Succeeded' ? app('hooks') : false));
  const order = a.status.operationState.syncResult.resources.map((r: any) => `${r.syncPhase}:${r.name}`);
  assert.deepEqual(order, ['PreSync:pre', 'Sync:w1', 'Sync:w2', 'PostSync:post']);
  assert.equal(a.status.operationState.syncResult.resources[0].hookPhase, 'Succeeded');
  assert.equal(a.status.sync.status, 'Synced');
});

test('a failing hook marks the sync Failed and runs SyncFail hooks', async () => {
  const repo = gitRepo(join(t.dir, 'repo-fail'));
  repo.write({ 'f/pre.yaml': job('pre-fail', 'PreSync'), 'f/c.yaml': cm('never', { x: '1' }), 'f/onfail.yaml': cm('onfail', { x: '1' }, { 'argocd.argoproj.io/hook': 'SyncFail' }) });
  await apply(appYaml('failing', repo.url, 'f', { destination: { server: 'https://kubernetes.default.svc', namespace: 'hooks' }, syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] } }));
  await waitFor('hook created', async () => (await kubectl(bin, kc, ['-n', 'hooks', 'get', 'job', 'pre-fail'])).code === 0);
  assert.equal((await setJobStatus('pre-fail', { failed: 1 })).code, 0);
  const a = await waitFor('Failed', async () => ((await app('failing')).status?.operationState?.phase === 'Failed' ? app('failing') : false));
  assert.match(a.status.operationState.message, /completed unsuccessfully/);
  assert.ok(a.status.conditions.some((c: any) => c.type === 'SyncError'));
  assert.equal((await kubectl(bin, kc, ['-n', 'hooks', 'get', 'configmap', 'onfail'])).code, 0, 'SyncFail hook ran');
  assert.notEqual((await kubectl(bin, kc, ['-n', 'hooks', 'get', 'configmap', 'never'])).code, 0);
});

test('AppProject denials are InvalidSpecError conditions', async () => {
  const repo = gitRepo(join(t.dir, 'repo-deny'));
  repo.write({ 'd/ns.yaml': JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'denied-ns' } }) });
  await apply(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'narrow', namespace: 'argocd' }, spec: { sourceRepos: ['https://example.com/*'], destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'apps' }] } }));
  await apply(appYaml('denied', repo.url, 'd', { project: 'narrow' }));
  const a = await waitFor('condition', async () => ((await app('denied')).status?.conditions ? app('denied') : false));
  assert.equal(a.status.conditions[0].type, 'InvalidSpecError');
  assert.match(a.status.conditions[0].message, /is not permitted in project 'narrow'/);
  // Repo allowed now; the cluster-scoped Namespace is not whitelisted.
  const replaced = await kubectl(bin, kc, ['replace', '-f', '-'], { input: JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'narrow', namespace: 'argocd' }, spec: { sourceRepos: ['*'], destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'apps' }] } }) });
  assert.equal(replaced.code, 0, replaced.stderr);
  await kubectl(bin, kc, ['-n', 'argocd', 'annotate', 'application', 'denied', 'argocd.argoproj.io/refresh=normal']);
  const b = await waitFor('resource denial', async () => {
    const x = await app('denied');
    return x.status?.conditions?.some((c: any) => /resource :Namespace is not permitted/.test(c.message)) && x;
  });
  assert.equal(b.status.conditions[0].type, 'InvalidSpecError');
});

test('a second logical cluster as destination through a cluster secret', async () => {
  const kcB = await t.cluster('tenant-b');
  const token = await t.hub.adminToken('tenant-b');
  const repo = gitRepo(join(t.dir, 'repo-remote'));
  repo.write({ 'r/cm.yaml': cm('remote', { where: 'b' }) });
  const server = `${t.hub.url}/clusters/tenant-b`;
  await apply(JSON.stringify({
    apiVersion: 'v1', kind: 'Secret',
    metadata: { name: 'tenant-b', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
    stringData: { name: 'tenant-b', server, config: JSON.stringify({ bearerToken: token, tlsClientConfig: { caData: Buffer.from(t.hub.tls.cert).toString('base64') } }) },
  }));
  await apply(appYaml('remote', repo.url, 'r', { destination: { server, namespace: 'default' }, syncPolicy: { automated: { selfHeal: true } } }));
  await waitFor('Synced', async () => (await app('remote')).status?.sync?.status === 'Synced');
  assert.equal((await getJson(bin, kcB, ['configmap', 'remote'])).data.where, 'b');
  assert.notEqual((await kubectl(bin, kc, ['get', 'configmap', 'remote'])).code, 0, 'not in the tenant cluster');
  // Self-heal across clusters: the other cluster's events reach the app through the index.
  await kubectl(bin, kcB, ['delete', 'configmap', 'remote']);
  await waitFor('recreated in tenant-b', async () => (await kubectl(bin, kcB, ['get', 'configmap', 'remote'])).code === 0);
  // A server with no cluster secret is refused.
  await apply(appYaml('nowhere', repo.url, 'r', { destination: { server: `${t.hub.url}/clusters/root`, namespace: 'default' } }));
  await waitFor('InvalidSpecError', async () => (await app('nowhere')).status?.conditions?.[0]?.message?.includes('unable to find destination server'));
});

test('the kubecon-eu-2023-demo Applications are accepted unchanged but for repoURL', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const dir = '/work/shared/examples/kubecon-eu-2023-demo/argocd-applications';
  const repo = gitRepo(join(t.dir, 'repo-demo'));
  repo.write({ 'crossplane-resources/x.yaml': cm('xr', { a: 'b' }), 'virtualargocds/y.yaml': cm('va', { a: 'b' }) });
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
    const text = readFileSync(join(dir, f), 'utf8').replace(/repoURL: .*/, `repoURL: ${repo.url}`);
    const r = await kubectl(bin, kc, ['-n', 'argocd', 'apply', '-f', '-'], { input: text });
    assert.equal(r.code, 0, `${f}: ${r.stderr}`);
  }
  await waitFor('crossplane-resources Synced', async () => (await app('crossplane-resources')).status?.sync?.status === 'Synced');
  await waitFor('virtual-argocds Synced', async () => (await app('virtual-argocds')).status?.sync?.status === 'Synced');
  // `chart:` wants a Helm repository; a git URL there is explained (test/gitops/helm.test.ts serves a real one).
  const helm = await waitFor('chart source error reported', async () => ((await app('crossplane')).status?.conditions ? app('crossplane') : false));
  assert.equal(helm.status.conditions[0].type, 'ComparisonError');
  assert.match(helm.status.conditions[0].message, /Helm chart repository URL "file:.*" must be http:\/\/ or https:\/\//);
});
