/** Table-driven tests of the controller's pure parts: revision resolution, credentials, sync ordering, project checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseLsRemote, resolveRevision, credsFor, GitError, listRefsError } from '../../src/gitops/repo/index.ts';
import { planTasks } from '../../src/gitops/sync/plan.ts';
import { appOf, ownership, setTracking, trackingMethodOf, type TrackingMethod } from '../../src/gitops/controller/tracking.ts';
import { orphanedCondition, orphanedResources } from '../../src/gitops/controller/orphaned.ts';
import { isRefOnly, repeatedResources } from '../../src/gitops/controller/compare.ts';
import { comparedTo, sameRevisions, syncResultOf } from '../../src/gitops/controller/status.ts';
import { pollDue, pollSettings, tickInterval } from '../../src/gitops/controller/polling.ts';
import { destinationPermitted, resourcePermitted, sourcePermitted } from '../../src/gitops/controller/project.ts';
import type { KObject } from '../../src/apiserver/types.ts';

const refs = parseLsRemote('aaa1111\tHEAD\naaa1111\trefs/heads/main\nbbb2222\trefs/tags/v1\nccc3333\trefs/tags/v1^{}\n');
for (const [rev, want] of [
  ['HEAD', { commit: 'aaa1111' }],
  ['', { commit: 'aaa1111' }],
  ['main', { commit: 'aaa1111' }],
  ['v1', { commit: 'ccc3333' }],
  ['deadbeef12', { sha: 'deadbeef12' }],
  ['nope', { error: "unable to resolve 'nope' to a commit SHA" }],
] as const) test(`targetRevision ${JSON.stringify(rev)}`, () => assert.deepEqual(resolveRevision(refs, rev), want));

const secret = (type: string, data: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: type, labels: { 'argocd.argoproj.io/secret-type': type } }, stringData: data });
test('repository secrets: exact URL wins over the longest repo-creds prefix', () => {
  const secrets = [secret('repo-creds', { url: 'https://git.example.com/', username: 'org' }), secret('repo-creds', { url: 'https://git.example.com/team/', username: 'team' }), secret('repository', { url: 'https://git.example.com/team/app.git', password: 'p' })];
  assert.deepEqual(credsFor('https://git.example.com/team/app', secrets), { password: 'p' });
  assert.deepEqual(credsFor('https://git.example.com/team/other', secrets), { username: 'team' });
  assert.equal(credsFor('https://elsewhere/x', secrets), undefined);
});

const o = (kind: string, name: string, ann: Record<string, string> = {}): KObject => ({ apiVersion: 'v1', kind, metadata: { name, annotations: ann } });
test('sync order: phase, wave, then Namespaces first', () => {
  const order = planTasks([
    o('ConfigMap', 'post', { 'argocd.argoproj.io/hook': 'PostSync' }),
    o('ConfigMap', 'w1', { 'argocd.argoproj.io/sync-wave': '1' }),
    o('ConfigMap', 'c'),
    o('Namespace', 'ns'),
    o('ConfigMap', 'pre', { 'argocd.argoproj.io/hook': 'PreSync' }),
    o('ConfigMap', 'skip', { 'argocd.argoproj.io/hook': 'Skip' }),
    o('ConfigMap', 'fail', { 'argocd.argoproj.io/hook': 'SyncFail' }),
  ]).map((t) => `${t.phase}/${t.wave}/${t.obj.metadata.name}`);
  assert.deepEqual(order, ['PreSync/0/pre', 'Sync/0/ns', 'Sync/0/c', 'Sync/1/w1', 'PostSync/0/post', 'SyncFail/0/fail']);
});

test('AppProject checks', () => {
  const spec = { sourceRepos: ['https://github.com/org/*'], destinations: [{ server: '*', namespace: 'team-*' }], clusterResourceWhitelist: [{ group: 'rbac.authorization.k8s.io', kind: '*' }], namespaceResourceBlacklist: [{ group: '', kind: 'Secret' }] };
  assert.deepEqual(sourcePermitted('p', spec, 'https://github.com/org/app'), []);
  assert.equal(sourcePermitted('p', spec, 'https://gitlab.com/x').length, 1);
  assert.deepEqual(destinationPermitted('p', spec, { server: 'https://kubernetes.default.svc', namespace: 'team-a' }), []);
  assert.equal(destinationPermitted('p', spec, { server: 'https://kubernetes.default.svc', namespace: 'kube-system' }).length, 1);
  assert.deepEqual(resourcePermitted('p', spec, 'rbac.authorization.k8s.io', 'ClusterRole', false), []);
  assert.equal(resourcePermitted('p', spec, '', 'Namespace', false).length, 1);
  assert.equal(resourcePermitted('p', spec, '', 'Secret', true).length, 1);
  assert.deepEqual(resourcePermitted('p', spec, '', 'ConfigMap', true), []);
});

const tracked = (ann: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'ns', annotations: ann } });
const TID = 'argocd.argoproj.io/tracking-id';
const IID = 'argocd.argoproj.io/installation-id';
for (const [what, obj, want] of [
  ['absent live object', undefined, 'untracked'],
  ['no annotations', tracked({}), 'untracked'],
  ['same app, same installation', tracked({ [TID]: 'web:/ConfigMap:ns/x', [IID]: 'inst-a' }), 'ours'],
  ['same app, other installation', tracked({ [TID]: 'web:/ConfigMap:ns/x', [IID]: 'inst-b' }), 'foreign'],
  ['same app, no installation id', tracked({ [TID]: 'web:/ConfigMap:ns/x' }), 'foreign'],
  ['other app, same installation', tracked({ [TID]: 'api:/ConfigMap:ns/x', [IID]: 'inst-a' }), 'foreign'],
  ['no tracking id, other installation', tracked({ [IID]: 'inst-b' }), 'foreign'],
  ['no tracking id, same installation', tracked({ [IID]: 'inst-a' }), 'untracked'],
  ['a tracking id copied from another object (a claim\'s, onto its composite)', tracked({ [TID]: 'web:/ConfigMap:ns/other', [IID]: 'inst-a' }), 'untracked'],
] as const) test(`ownership: ${what}`, () => assert.equal(ownership('web', 'inst-a', obj), want));

for (const [value, want] of [
  [undefined, 'annotation'],
  ['', 'annotation'],
  ['annotation', 'annotation'],
  ['label', 'label'],
  [' annotation+label\n', 'annotation+label'],
  ['bogus', 'annotation'],
] as const) test(`tracking method ${JSON.stringify(value)}`, () => assert.equal(trackingMethodOf(value), want));

const INST = 'app.kubernetes.io/instance';
const labelled = (labels: Record<string, string>, ann: Record<string, string> = {}): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'ns', labels, annotations: ann } });
for (const [method, annotations, labels] of [
  ['annotation', { [TID]: 'web:/ConfigMap:ns/x', [IID]: 'inst-a' }, {}],
  ['label', { [IID]: 'inst-a' }, { [INST]: 'web' }],
  ['annotation+label', { [TID]: 'web:/ConfigMap:ns/x', [IID]: 'inst-a' }, { [INST]: 'web' }],
] as const) {
  test(`setTracking (${method})`, () => {
    const obj = setTracking(labelled({ keep: 'me' }), 'web', 'inst-a', method);
    assert.deepEqual(obj.metadata.annotations, annotations);
    assert.deepEqual(obj.metadata.labels, { keep: 'me', ...labels });
    assert.equal(appOf(obj, method), 'web');
    assert.equal(ownership('web', 'inst-a', obj, method), 'ours');
    assert.equal(ownership('api', 'inst-a', obj, method), 'foreign');
    assert.equal(ownership('web', 'inst-b', obj, method), 'foreign');
  });
}
for (const [what, method, obj, want] of [
  ['label only, annotation method', 'annotation', labelled({ [INST]: 'web' }, { [IID]: 'inst-a' }), 'untracked'],
  ['label only, label method', 'label', labelled({ [INST]: 'web' }, { [IID]: 'inst-a' }), 'ours'],
  ['label only, annotation+label method (annotation decides)', 'annotation+label', labelled({ [INST]: 'web' }, { [IID]: 'inst-a' }), 'untracked'],
  ['annotation only, label method', 'label', labelled({}, { [TID]: 'web:/ConfigMap:ns/x', [IID]: 'inst-a' }), 'untracked'],
  ['other app label', 'label', labelled({ [INST]: 'api' }, { [IID]: 'inst-a' }), 'foreign'],
  ['own label, no installation id', 'label', labelled({ [INST]: 'web' }), 'foreign'],
  ['annotation says other app, label says ours', 'annotation+label', labelled({ [INST]: 'web' }, { [TID]: 'api:/ConfigMap:ns/x', [IID]: 'inst-a' }), 'foreign'],
] as const) test(`ownership by method: ${what}`, () => assert.equal(ownership('web', 'inst-a', obj, method as TrackingMethod), want));

test('orphaned resources: untracked top-level objects of the destination namespace, less ignored ones', () => {
  const at = (apiVersion: string, kind: string, name: string, namespace = 'apps', extra: Partial<KObject['metadata']> = {}): KObject => ({ apiVersion, kind, metadata: { name, namespace, ...extra } });
  const objs = [
    at('v1', 'ConfigMap', 'stray'),
    at('apps/v1', 'Deployment', 'stray'),
    at('v1', 'ConfigMap', 'managed', 'apps', { annotations: { [TID]: 'web:/ConfigMap:apps/managed' } }),
    at('v1', 'ConfigMap', 'labelled', 'apps', { labels: { [INST]: 'web' } }),
    at('v1', 'ConfigMap', 'elsewhere', 'other'),
    at('v1', 'ConfigMap', 'kube-root-ca.crt'),
    at('v1', 'ServiceAccount', 'default'),
    at('v1', 'Event', 'e1'),
    at('apps/v1', 'ReplicaSet', 'owned', 'apps', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'stray', uid: 'u' }] as never }),
    at('v1', 'Secret', 'ignored-1'),
  ];
  const names = (method: TrackingMethod, ignore: Array<{ group?: string; kind?: string; name?: string }> = []) => orphanedResources(objs, 'apps', { ignore }, method).map((x) => `${x.kind}/${x.metadata.name}`);
  assert.deepEqual(names('annotation'), ['ConfigMap/stray', 'Deployment/stray', 'ConfigMap/labelled', 'Secret/ignored-1']);
  assert.deepEqual(names('label'), ['ConfigMap/stray', 'Deployment/stray', 'ConfigMap/managed', 'Secret/ignored-1']);
  assert.deepEqual(names('annotation', [{ kind: 'Secret', name: 'ignored-*' }, { group: 'apps' }]), ['ConfigMap/stray', 'ConfigMap/labelled']);
  assert.deepEqual(orphanedCondition(2, { warn: true }), { type: 'OrphanedResourceWarning', message: 'Application has 2 orphaned resources' });
  assert.equal(orphanedCondition(2, { warn: false }), undefined);
  assert.equal(orphanedCondition(0, { warn: true }), undefined);
});

const cmAt = (name: string, namespace = 'apps'): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });
for (const [what, objs, want] of [
  ['none repeated', [cmAt('a'), cmAt('b'), cmAt('a', 'other')], []],
  ['one repeated twice', [cmAt('a'), cmAt('b'), cmAt('a')], ['Resource /ConfigMap/apps/a appeared 2 times among application resources.']],
  ['same name, other group', [cmAt('a'), { apiVersion: 'example.com/v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'apps' } }], []],
  ['three times', [cmAt('a'), cmAt('a'), cmAt('a')], ['Resource /ConfigMap/apps/a appeared 3 times among application resources.']],
] as const) test(`repeated resources: ${what}`, () => assert.deepEqual(repeatedResources(objs as unknown as KObject[]), want));

for (const [what, src, want] of [
  ['ref only', { repoURL: 'r', ref: 'values' }, true],
  ['ref with a path renders', { repoURL: 'r', ref: 'values', path: 'p' }, false],
  ['ref with a chart renders', { repoURL: 'r', ref: 'values', chart: 'c' }, false],
  ['no ref', { repoURL: 'r' }, false],
] as const) test(`ref-only source: ${what}`, () => assert.equal(isRefOnly(src), want));

for (const [what, spec, cmp, want] of [
  ['single source', { source: { repoURL: 'a' } }, { revision: 'r1' }, { revision: 'r1', source: { repoURL: 'a' } }],
  ['sources win over source', { source: { repoURL: 'a' }, sources: [{ repoURL: 'b' }, { repoURL: 'c' }] }, { revision: 'r1', revisions: ['r1', 'r2'] }, { revision: '', revisions: ['r1', 'r2'], sources: [{ repoURL: 'b' }, { repoURL: 'c' }] }],
  ['empty sources means source', { source: { repoURL: 'a' }, sources: [] }, { revision: 'r1' }, { revision: 'r1', source: { repoURL: 'a' } }],
] as const) test(`sync result shape: ${what}`, () => assert.deepEqual(syncResultOf(spec as never, cmp as never), want));

test('comparedTo and sameRevisions follow source / sources', () => {
  assert.deepEqual(comparedTo({ source: { x: 1 }, destination: 'd' }), { source: { x: 1 }, destination: 'd' });
  assert.deepEqual(comparedTo({ sources: [{ x: 1 }], destination: 'd' }), { sources: [{ x: 1 }], destination: 'd' });
  assert.equal(sameRevisions({ revision: 'a' }, { revision: 'a' }), true);
  assert.equal(sameRevisions({ revision: '', revisions: ['a', 'b'] }, { revision: 'a', revisions: ['a', 'b'] }), true);
  assert.equal(sameRevisions({ revision: '', revisions: ['a', 'b'] }, { revision: 'a', revisions: ['a', 'c'] }), false);
  assert.equal(sameRevisions(undefined, { revision: 'a' }), false);
});

const credsCases = parse(readFileSync(join(import.meta.dirname, 'testdata', 'creds', 'cases.yaml'), 'utf8'));
const credSecrets = credsCases.secrets.map((s: { type: string; data: Record<string, string> }, i: number) => ({ ...secret(s.type, s.data), metadata: { name: `s${i}`, labels: { 'argocd.argoproj.io/secret-type': s.type } } }));
for (const c of credsCases.cases) test(`credsFor ${c.url}`, () => assert.deepEqual(credsFor(c.url, credSecrets, credsCases.trust, c.project) ?? null, c.want));
for (const c of credsCases.listRefs) test(`listRefsError: ${c.stderr.split('\n').pop()}`, () => assert.equal(listRefsError(new GitError('git ls-remote failed', c.stderr)).message, c.want));

const polling = parse(readFileSync(join(import.meta.dirname, 'testdata', 'polling', 'cases.yaml'), 'utf8'));
for (const c of polling.settings) test(`pollSettings ${JSON.stringify(c.data)}`, () => assert.deepEqual(pollSettings(c.data ?? undefined, { reconciliationMs: 180_000, jitterMs: 60_000 }), c.want));
for (const c of polling.due) test(`pollDue now=${c.now} ${JSON.stringify(c.settings)}`, () => assert.equal(pollDue(c.now, c.at, c.key ?? 'k', c.settings), c.want));
for (const c of polling.tick) test(`tickInterval ${JSON.stringify(c.periods)}`, () => assert.equal(tickInterval(c.periods), c.want));
