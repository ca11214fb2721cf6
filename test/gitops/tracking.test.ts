/**
 * Tracking methods and orphaned resources end to end: a tenant using Argo CD's legacy `label` tracking
 * (`application.resourceTrackingMethod: label`), and an AppProject with `orphanedResources` warning about
 * untracked resources in the destination namespace.
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
  for (const c of ['track-label', 'track-orphans']) {
    kc[c] = await t.cluster(c);
    await installRuntime(t.hub.core, c);
  }
});
after(async () => t?.stop());

const k = async (cluster: string, args: string[], input?: string) => {
  const r = await kubectl(bin, kc[cluster]!, args, input === undefined ? undefined : { input });
  assert.equal(r.code, 0, r.stderr);
  return r;
};
const app = (cluster: string, name: string) => getJson(bin, kc[cluster]!, ['-n', 'argocd', 'application', name]);
const refresh = (cluster: string, name: string) => k(cluster, ['-n', 'argocd', 'annotate', '--overwrite', 'application', name, 'argocd.argoproj.io/refresh=normal']);
const synced = (cluster: string, name: string, rev: string) =>
  waitFor(`${name} synced at ${rev}`, async () => {
    const a = await app(cluster, name);
    return a.status?.sync?.revision === rev && a.status.sync.status === 'Synced' && a.status.operationState?.phase === 'Succeeded' && a.status.operationState.syncResult?.revision === rev && a;
  });

test('label tracking: resources carry app.kubernetes.io/instance only; prune, self-heal and foreign labels follow it', async () => {
  const c = 'track-label';
  await k(c, ['-n', 'argocd', 'patch', 'configmap', 'argocd-cm', '--type', 'merge', '-p', '{"data":{"application.resourceTrackingMethod":"label"}}']);
  await k(c, ['create', 'namespace', 'apps']);
  // Another app's resource (by label) with the same name as one in Git: never adopted.
  await k(c, ['-n', 'apps', 'apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'theirs', labels: { 'app.kubernetes.io/instance': 'other' }, annotations: { 'argocd.argoproj.io/installation-id': 'track-label' } }, data: { by: 'other' } }));
  const repo = gitRepo(join(t.dir, 'repo-label'));
  const rev1 = repo.write({ 'l/a.yaml': cm('a', { v: '1' }), 'l/b.yaml': cm('b', { v: '1' }) });
  await k(c, ['apply', '-f', '-'], appYaml('lbl', repo.url, 'l', { syncPolicy: { automated: { prune: true, selfHeal: true } } }));
  let a = await synced(c, 'lbl', rev1);
  assert.equal(a.status.resources.length, 2);
  const live = await getJson(bin, kc[c]!, ['-n', 'apps', 'configmap', 'a']);
  assert.equal(live.metadata.labels['app.kubernetes.io/instance'], 'lbl');
  assert.equal(live.metadata.annotations['argocd.argoproj.io/tracking-id'], undefined);
  assert.equal(live.metadata.annotations['argocd.argoproj.io/installation-id'], 'track-label');

  // Self-heal: the store event of a labelled resource brings the app back.
  await k(c, ['-n', 'apps', 'delete', 'configmap', 'a']);
  await waitFor('a recreated', async () => (await kubectl(bin, kc[c]!, ['-n', 'apps', 'get', 'configmap', 'a'])).code === 0);

  // Prune by label; the other app's resource of the same name is reported, not overwritten.
  const rev2 = repo.write({ 'l/b.yaml': null, 'l/theirs.yaml': cm('theirs', { by: 'lbl' }) });
  await refresh(c, 'lbl');
  a = await waitFor('rev2 compared and synced', async () => {
    const x = await app(c, 'lbl');
    return x.status?.sync?.revision === rev2 && x.status.operationState?.syncResult?.revision === rev2 && x.status.operationState.phase !== 'Running' && x;
  });
  await waitFor('b pruned', async () => (await kubectl(bin, kc[c]!, ['-n', 'apps', 'get', 'configmap', 'b'])).code !== 0);
  const warning = a.status.conditions?.find((x: any) => x.type === 'SharedResourceWarning');
  assert.ok(warning, JSON.stringify(a.status.conditions));
  assert.match(warning.message, /^ConfigMap\/theirs is part of applications other and lbl$/);
  assert.equal((await getJson(bin, kc[c]!, ['-n', 'apps', 'configmap', 'theirs'])).data.by, 'other');
  assert.ok((await kubectl(bin, kc[c]!, ['-n', 'apps', 'get', 'configmap', 'a'])).code === 0);
});

test('OrphanedResourceWarning: untracked resources of the destination namespace, less the project ignore list', async () => {
  const c = 'track-orphans';
  await k(c, ['-n', 'argocd', 'patch', 'appproject', 'default', '--type', 'merge', '-p', JSON.stringify({ spec: { orphanedResources: { warn: true, ignore: [{ kind: 'Secret' }] } } })]);
  await k(c, ['create', 'namespace', 'apps']);
  await k(c, ['create', 'namespace', 'elsewhere']);
  for (const [ns, kind, name] of [['apps', 'configmap', 'stray-1'], ['apps', 'configmap', 'stray-2'], ['apps', 'secret generic', 'ignored'], ['elsewhere', 'configmap', 'not-in-dest']]) {
    await k(c, ['-n', ns!, 'create', ...kind!.split(' '), name!]);
  }
  const repo = gitRepo(join(t.dir, 'repo-orphans'));
  const rev = repo.write({ 'o/m.yaml': cm('managed', { v: '1' }) });
  await k(c, ['apply', '-f', '-'], appYaml('orph', repo.url, 'o', { syncPolicy: { automated: {} } }));
  await synced(c, 'orph', rev);
  const conditionOf = async () => (await app(c, 'orph')).status?.conditions?.find((x: any) => x.type === 'OrphanedResourceWarning')?.message;
  assert.equal(await waitFor('2 orphans', async () => (await conditionOf()) === 'Application has 2 orphaned resources' && 'ok'), 'ok');

  await k(c, ['-n', 'apps', 'delete', 'configmap', 'stray-1', 'stray-2']);
  await refresh(c, 'orph');
  await waitFor('condition gone', async () => (await conditionOf()) === undefined && 'ok');
});
