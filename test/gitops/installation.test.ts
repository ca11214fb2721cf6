/**
 * Argo CD's installationID per tenant: two tenants with an Application of the same name deploy to a third
 * logical cluster through cluster secrets; each adopts and prunes only what its own installation manages.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { appYaml, cm, getJson, gitRepo, waitFor } from './support.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
const kc: Record<string, string> = {};

before(async () => {
  t = await startHub();
  for (const c of ['inst-a', 'inst-b', 'shared']) kc[c] = await t.cluster(c);
  for (const c of ['inst-a', 'inst-b']) await installRuntime(t.hub.core, c);
});
after(async () => t?.stop());

const apply = async (cluster: string, json: string) => {
  const r = await kubectl(bin, kc[cluster]!, ['apply', '-f', '-'], { input: json });
  assert.equal(r.code, 0, r.stderr);
};
const app = (cluster: string) => getJson(bin, kc[cluster]!, ['-n', 'argocd', 'application', 'web']);
const liveCm = (name: string) => getJson(bin, kc.shared!, ['-n', 'default', 'configmap', name]);
const exists = async (name: string) => (await kubectl(bin, kc.shared!, ['-n', 'default', 'get', 'configmap', name])).code === 0;
const refresh = (cluster: string) => kubectl(bin, kc[cluster]!, ['-n', 'argocd', 'annotate', '--overwrite', 'application', 'web', 'argocd.argoproj.io/refresh=normal']);
const syncedAt = (cluster: string, rev: string) =>
  waitFor(`${cluster} synced ${rev}`, async () => {
    const a = await app(cluster);
    return a.status?.sync?.revision === rev && a.status?.operationState?.syncResult?.revision === rev && a.status.operationState.phase !== 'Running' && a;
  });

test('two tenants, same app name, one shared destination: each adopts and prunes only its own resources', async () => {
  const server = `${t.hub.url}/clusters/shared`;
  const token = await t.hub.adminToken('shared');
  for (const c of ['inst-a', 'inst-b']) {
    await apply(c, JSON.stringify({
      apiVersion: 'v1', kind: 'Secret',
      metadata: { name: 'shared', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'cluster' } },
      stringData: { name: 'shared', server, config: JSON.stringify({ bearerToken: token, tlsClientConfig: { caData: Buffer.from(t.hub.tls.cert).toString('base64') } }) },
    }));
  }
  // inst-b sets its installationID explicitly in argocd-cm; inst-a uses the default (its logical cluster name).
  assert.equal((await kubectl(bin, kc['inst-b']!, ['-n', 'argocd', 'patch', 'configmap', 'argocd-cm', '--type', 'merge', '-p', '{"data":{"installationID":"team-b"}}'])).code, 0);
  const repoA = gitRepo(join(t.dir, 'inst-repo-a'));
  const repoB = gitRepo(join(t.dir, 'inst-repo-b'));
  const a1 = repoA.write({ 'w/a.yaml': cm('a-only', { by: 'a' }), 'w/s.yaml': cm('common', { by: 'a' }) });
  const b1 = repoB.write({ 'w/b.yaml': cm('b-only', { by: 'b' }), 'w/gone.yaml': cm('b-gone', { by: 'b' }), 'w/s.yaml': cm('common', { by: 'b' }) });
  const spec = { destination: { server, namespace: 'default' }, syncPolicy: { automated: { prune: true } } };

  await apply('inst-a', appYaml('web', repoA.url, 'w', spec));
  let a = await syncedAt('inst-a', a1);
  assert.equal(a.status.sync.status, 'Synced');
  const common = await liveCm('common');
  assert.equal(common.metadata.annotations['argocd.argoproj.io/installation-id'], 'inst-a');
  assert.equal(common.metadata.annotations['argocd.argoproj.io/tracking-id'], 'web:/ConfigMap:default/common');

  // Same app name, same tracking id: inst-b must not adopt inst-a's ConfigMap, and says so.
  await apply('inst-b', appYaml('web', repoB.url, 'w', spec));
  let b = await syncedAt('inst-b', b1);
  const warning = b.status.conditions.find((c: any) => c.type === 'SharedResourceWarning');
  assert.ok(warning, JSON.stringify(b.status.conditions));
  assert.match(warning.message, /^ConfigMap\/common is part of applications web \(installation inst-a\) and web \(installation team-b\)$/);
  assert.equal(b.status.operationState.phase, 'Failed');
  assert.equal(b.status.resources.find((r: any) => r.name === 'common').status, 'OutOfSync');
  assert.equal(b.status.operationState.syncResult.resources.find((r: any) => r.name === 'common').status, 'SyncFailed');
  assert.equal((await liveCm('common')).data.by, 'a', 'not overwritten');
  assert.equal((await liveCm('b-only')).metadata.annotations['argocd.argoproj.io/installation-id'], 'team-b');

  // inst-b drops common and b-gone from Git: b-gone is pruned, inst-a's common is not.
  const b2 = repoB.write({ 'w/s.yaml': null, 'w/gone.yaml': null });
  assert.equal((await refresh('inst-b')).code, 0);
  b = await syncedAt('inst-b', b2);
  assert.equal(b.status.operationState.phase, 'Succeeded');
  await waitFor('b-gone pruned', async () => !(await exists('b-gone')));
  assert.ok(await exists('common'), "inst-a's resource survives inst-b's prune");
  assert.equal(b.status.conditions?.some((c: any) => c.type === 'SharedResourceWarning') ?? false, false);

  // inst-a drops a-only: pruned, and inst-b's b-only is left alone.
  const a2 = repoA.write({ 'w/a.yaml': null });
  assert.equal((await refresh('inst-a')).code, 0);
  a = await syncedAt('inst-a', a2);
  await waitFor('a-only pruned', async () => !(await exists('a-only')));
  assert.ok(await exists('b-only'));
  assert.ok(await exists('common'));
  assert.equal(a.status.sync.status, 'Synced');
});
