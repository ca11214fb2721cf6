/**
 * Applications with several `sources`: a directory from one repository, a Kustomization from another, and a
 * `ref`-only source; status in Argo CD's multi-source shape; a resource rendered twice is a RepeatedResourceWarning (the last rendering wins), as in Argo CD.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { cm, getJson, gitRepo, waitFor } from './support.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
let kc: string;

before(async () => {
  t = await startHub();
  kc = await t.cluster('multi');
  await installRuntime(t.hub.core, 'multi');
});
after(async () => t?.stop());

const app = () => getJson(bin, kc, ['-n', 'argocd', 'application', 'multi']);

test('two repositories as sources, plus a ref-only source', async () => {
  const dirRepo = gitRepo(join(t.dir, 'src-dir'));
  const kusRepo = gitRepo(join(t.dir, 'src-kus'));
  const r1 = dirRepo.write({ 'plain/one.yaml': cm('one', { from: 'dir' }) });
  const r2 = kusRepo.write({ 'k/kustomization.yaml': 'resources:\n- two.yaml\nnamePrefix: k-\n', 'k/two.yaml': cm('two', { from: 'kustomize' }), 'values/values.yaml': 'a: 1\n' });
  const sources = [
    { repoURL: dirRepo.url, path: 'plain', targetRevision: 'HEAD' },
    { repoURL: kusRepo.url, path: 'k', targetRevision: 'main' },
    { repoURL: kusRepo.url, targetRevision: 'HEAD', ref: 'values' },
  ];
  const r = await kubectl(bin, kc, ['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'multi', namespace: 'argocd' },
      spec: { project: 'default', sources, destination: { server: 'https://kubernetes.default.svc', namespace: 'apps' }, syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] } },
    }),
  });
  assert.equal(r.code, 0, r.stderr);
  let a = await waitFor('Synced', async () => {
    const x = await app();
    return x.status?.sync?.status === 'Synced' && x.status.operationState?.phase === 'Succeeded' && x;
  });
  assert.deepEqual(a.status.sync.revisions, [r1, r2, r2]);
  assert.equal(a.status.sync.revision, undefined);
  assert.deepEqual(a.status.sync.comparedTo.sources, sources);
  assert.deepEqual(a.status.sourceTypes, ['Directory', 'Kustomize', 'Directory']);
  assert.equal(a.status.sourceType, undefined);
  assert.deepEqual(a.status.operationState.syncResult.revisions, [r1, r2, r2]);
  assert.deepEqual(a.status.operationState.syncResult.sources, sources);
  assert.deepEqual(a.status.history[0].revisions, [r1, r2, r2]);
  assert.deepEqual(a.status.resources.map((x: any) => x.name).sort(), ['k-two', 'one']);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'one'])).data.from, 'dir');
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'k-two'])).data.from, 'kustomize');

  // A change in the second repository alone is a new set of revisions: synced automatically.
  const r3 = kusRepo.write({ 'k/two.yaml': cm('two', { from: 'kustomize', v: '2' }) });
  await kubectl(bin, kc, ['-n', 'argocd', 'annotate', '--overwrite', 'application', 'multi', 'argocd.argoproj.io/refresh=normal']);
  a = await waitFor('r3 synced', async () => {
    const x = await app();
    return JSON.stringify(x.status?.operationState?.syncResult?.revisions) === JSON.stringify([r1, r3, r3]) && x.status.operationState.phase === 'Succeeded' && x;
  });
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'k-two'])).data.v, '2');
  assert.equal(a.status.history.length, 2);

  // The same resource from two sources: a warning in Argo CD's words; the later source's rendering wins.
  dirRepo.write({ 'plain/dup.yaml': cm('k-two', { from: 'dir' }) });
  await kubectl(bin, kc, ['-n', 'argocd', 'annotate', '--overwrite', 'application', 'multi', 'argocd.argoproj.io/refresh=normal']);
  a = await waitFor('RepeatedResourceWarning', async () => {
    const x = await app();
    return x.status?.conditions?.some((c: any) => c.type === 'RepeatedResourceWarning') && x;
  });
  assert.deepEqual(a.status.conditions.map((c: any) => [c.type, c.message]), [['RepeatedResourceWarning', 'Resource /ConfigMap/apps/k-two appeared 2 times among application resources.']]);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'k-two'])).data.from, 'kustomize');
});
