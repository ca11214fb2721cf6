/**
 * Sync options, retry with backoff and the resources finalizer, end to end: a real hub, real git repositories
 * over file://, real kubectl.
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
  kc = await t.cluster('tenant-s');
  await installRuntime(t.hub.core, 'tenant-s');
  await kubectl(bin, kc, ['create', 'namespace', 'apps']);
});
after(async () => t?.stop());

const app = (name: string) => getJson(bin, kc, ['-n', 'argocd', 'application', name]);
const apply = async (json: string) => {
  const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: json });
  assert.equal(r.code, 0, r.stderr);
};
/** A manual sync as `argocd app sync` sets it; resolves with the finished operation state. */
async function sync(name: string, sync: Record<string, unknown> = {}): Promise<any> {
  const before = (await app(name)).status?.operationState?.startedAt;
  const r = await kubectl(bin, kc, ['-n', 'argocd', 'patch', 'application', name, '--type', 'merge', '-p', JSON.stringify({ operation: { sync: { revision: 'HEAD', ...sync }, initiatedBy: { username: 'test' } } })]);
  assert.equal(r.code, 0, r.stderr);
  const a = await waitFor(`${name} operation finished`, async () => {
    const x = await app(name);
    const op = x.status?.operationState;
    return !x.operation && op && op.phase !== 'Running' && (op.startedAt !== before || op.finishedAt) && x;
  });
  return a.status.operationState;
}
const refresh = (name: string) => kubectl(bin, kc, ['-n', 'argocd', 'annotate', '--overwrite', 'application', name, 'argocd.argoproj.io/refresh=normal']);
const label = (name: string) => kubectl(bin, kc, ['-n', 'apps', 'label', 'configmap', name, 'extra=by-hand']);
const labels = async (name: string) => (await getJson(bin, kc, ['-n', 'apps', 'configmap', name])).metadata.labels ?? {};

test('Replace=true replaces the whole object; apply keeps fields it does not own', async () => {
  const repo = gitRepo(join(t.dir, 'repo-replace'));
  repo.write({ 'r/a.yaml': cm('rep-a', { v: '1' }), 'r/b.yaml': cm('rep-b', { v: '1' }, { 'argocd.argoproj.io/sync-options': 'Replace=true' }) });
  await apply(appYaml('replace', repo.url, 'r'));
  assert.equal((await sync('replace')).phase, 'Succeeded');
  await label('rep-a');
  await label('rep-b');
  repo.write({ 'r/a.yaml': cm('rep-a', { v: '2' }), 'r/b.yaml': cm('rep-b', { v: '2' }, { 'argocd.argoproj.io/sync-options': 'Replace=true' }) });
  await refresh('replace');
  const op = await sync('replace');
  assert.equal(op.phase, 'Succeeded', op.message);
  assert.deepEqual(op.syncResult.resources.map((r: any) => r.message).sort(), ['configmap/rep-a configured', 'configmap/rep-b replaced']);
  assert.equal((await labels('rep-a')).extra, 'by-hand', 'a three-way apply leaves the hand-made label');
  assert.equal((await labels('rep-b')).extra, undefined, 'replace drops it');
  // App-level Replace=true through the operation's own syncOptions.
  await label('rep-a');
  repo.write({ 'r/a.yaml': cm('rep-a', { v: '3' }) });
  await refresh('replace');
  assert.equal((await sync('replace', { syncOptions: ['Replace=true'] })).phase, 'Succeeded');
  assert.equal((await labels('rep-a')).extra, undefined);
});

test('ApplyOutOfSyncOnly=true applies only what is out of sync', async () => {
  const repo = gitRepo(join(t.dir, 'repo-oos'));
  repo.write({ 'o/a.yaml': cm('oos-a', { v: '1' }), 'o/b.yaml': cm('oos-b', { v: '1' }) });
  await apply(appYaml('oos', repo.url, 'o', { syncPolicy: { syncOptions: ['ApplyOutOfSyncOnly=true'] } }));
  assert.deepEqual((await sync('oos')).syncResult.resources.map((r: any) => r.name).sort(), ['oos-a', 'oos-b']);
  repo.write({ 'o/a.yaml': cm('oos-a', { v: '2' }) });
  await refresh('oos');
  await waitFor('OutOfSync', async () => (await app('oos')).status?.sync?.revision && (await app('oos')).status.sync.status === 'OutOfSync');
  const op = await sync('oos');
  assert.deepEqual(op.syncResult.resources.map((r: any) => `${r.name} ${r.message}`), ['oos-a configmap/oos-a configured']);
  // Without the option every resource is applied (the unchanged one reports so).
  repo.write({ 'o/a.yaml': cm('oos-a', { v: '3' }) });
  await kubectl(bin, kc, ['-n', 'argocd', 'patch', 'application', 'oos', '--type', 'merge', '-p', '{"spec":{"syncPolicy":{"syncOptions":[]}}}']);
  await refresh('oos');
  await waitFor('OutOfSync again', async () => (await app('oos')).status?.sync?.status === 'OutOfSync');
  assert.deepEqual((await sync('oos')).syncResult.resources.map((r: any) => r.name).sort(), ['oos-a', 'oos-b']);
});

test('server-side field validation is strict unless Validate=false', async () => {
  const repo = gitRepo(join(t.dir, 'repo-validate'));
  repo.write({ 'v/a.yaml': JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'val-a' }, data: { a: '1' }, notAField: true }) });
  await apply(appYaml('validate', repo.url, 'v'));
  const strict = await sync('validate');
  assert.equal(strict.phase, 'Failed');
  assert.match(strict.message, /strict decoding error: unknown field "notAField"/);
  const lax = await sync('validate', { syncOptions: ['Validate=false'] });
  assert.equal(lax.phase, 'Succeeded', lax.message);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'val-a'])).data.a, '1');
});

test('PruneLast=true prunes after the last wave; by default a prune runs in its own wave', async () => {
  const repo = gitRepo(join(t.dir, 'repo-prunelast'));
  repo.write({ 'p/a.yaml': cm('pl-a', { v: '1' }), 'p/old.yaml': cm('pl-old', { v: '1' }), 'p/w3.yaml': cm('pl-w3', { v: '1' }, { 'argocd.argoproj.io/sync-wave': '3' }) });
  await apply(appYaml('prunelast', repo.url, 'p'));
  assert.equal((await sync('prunelast')).phase, 'Succeeded');
  repo.write({ 'p/old.yaml': null, 'p/a.yaml': cm('pl-a', { v: '2' }) });
  await refresh('prunelast');
  await waitFor('orphan seen', async () => (await app('prunelast')).status?.resources?.some((r: any) => r.requiresPruning));
  const order = (op: any) => op.syncResult.resources.map((r: any) => `${r.name}:${r.status}`);
  assert.deepEqual(order(await sync('prunelast', { prune: true, syncOptions: ['PruneLast=true'] })), ['pl-a:Synced', 'pl-w3:Synced', 'pl-old:Pruned']);
  repo.write({ 'p/old.yaml': cm('pl-old', { v: '1' }) });
  await refresh('prunelast');
  await waitFor('back', async () => (await app('prunelast')).status?.resources?.length === 3);
  assert.equal((await sync('prunelast')).phase, 'Succeeded');
  repo.write({ 'p/old.yaml': null, 'p/a.yaml': cm('pl-a', { v: '3' }) });
  await refresh('prunelast');
  await waitFor('orphan seen again', async () => (await app('prunelast')).status?.resources?.some((r: any) => r.requiresPruning));
  assert.deepEqual(order(await sync('prunelast', { prune: true })), ['pl-old:Pruned', 'pl-a:Synced', 'pl-w3:Synced']);
});

test('an unsupported sync option is a SyncError condition and fails the sync, never ignored', async () => {
  const repo = gitRepo(join(t.dir, 'repo-unknown'));
  repo.write({ 'u/a.yaml': cm('unk-a', { v: '1' }) });
  await apply(appYaml('unknown-opt', repo.url, 'u', { syncPolicy: { syncOptions: ['Prune=confirm'] } }));
  const a = await waitFor('condition', async () => ((await app('unknown-opt')).status?.conditions ? app('unknown-opt') : false));
  assert.deepEqual(a.status.conditions.map((c: any) => [c.type, c.message]), [['SyncError', 'sync option "Prune=confirm" is not supported']]);
  const op = await sync('unknown-opt');
  assert.equal(op.phase, 'Failed');
  assert.equal(op.message, 'sync option "Prune=confirm" is not supported');
  assert.notEqual((await kubectl(bin, kc, ['-n', 'apps', 'get', 'configmap', 'unk-a'])).code, 0, 'nothing applied');
});

test('retry with backoff: a resource failing first is retried until its namespace exists', async () => {
  const repo = gitRepo(join(t.dir, 'repo-retry'));
  repo.write({ 'x/a.yaml': cm('retry-a', { v: '1' }) });
  await apply(appYaml('retry', repo.url, 'x', {
    destination: { server: 'https://kubernetes.default.svc', namespace: 'later' },
    syncPolicy: { automated: {}, retry: { limit: 10, backoff: { duration: '500ms', factor: 2, maxDuration: '2s' } } },
  }));
  const waiting = await waitFor('retrying', async () => {
    const x = await app('retry');
    return (x.status?.operationState?.retryCount ?? 0) >= 1 && x;
  });
  assert.equal(waiting.status.operationState.phase, 'Running');
  assert.match(waiting.status.operationState.message, /namespaces "later" not found\. Retrying attempt #\d+ at \d{1,2}:\d\d[AP]M\./);
  assert.deepEqual(waiting.operation.retry, { limit: 10, backoff: { duration: '500ms', factor: 2, maxDuration: '2s' } });
  assert.equal((await kubectl(bin, kc, ['create', 'namespace', 'later'])).code, 0);
  const done = await waitFor('Succeeded after retry', async () => {
    const x = await app('retry');
    return x.status?.operationState?.phase === 'Succeeded' && x;
  });
  assert.ok(done.status.operationState.retryCount >= 1);
  assert.equal(done.status.sync.status, 'Synced');
  assert.equal((await getJson(bin, kc, ['-n', 'later', 'configmap', 'retry-a'])).data.v, '1');
});

test('retries exhausted: Failed with the count', async () => {
  const repo = gitRepo(join(t.dir, 'repo-retry-fail'));
  repo.write({ 'x/a.yaml': cm('never-a', { v: '1' }) });
  await apply(appYaml('retry-fail', repo.url, 'x', { destination: { server: 'https://kubernetes.default.svc', namespace: 'never' }, syncPolicy: { automated: {}, retry: { limit: 2, backoff: { duration: '200ms' } } } }));
  const a = await waitFor('Failed', async () => ((await app('retry-fail')).status?.operationState?.phase === 'Failed' ? app('retry-fail') : false));
  assert.equal(a.status.operationState.retryCount, 2);
  assert.match(a.status.operationState.message, /\(retried 2 times\)\.$/);
});

for (const [finalizer, name] of [['resources-finalizer.argocd.argoproj.io', 'fin'], ['resources-finalizer.argocd.argoproj.io/foreground', 'fin-fg'], ['resources-finalizer.argocd.argoproj.io/background', 'fin-bg']] as const) {
  test(`deleting an app with ${finalizer} deletes its resources first`, async () => {
    const repo = gitRepo(join(t.dir, `repo-${name}`));
    repo.write({ 'f/a.yaml': cm(`${name}-a`, { v: '1' }), 'f/keep.yaml': cm(`${name}-keep`, { v: '1' }, { 'argocd.argoproj.io/sync-options': 'Delete=false' }) });
    const spec = JSON.parse(appYaml(name, repo.url, 'f', { syncPolicy: { automated: {} } }));
    spec.metadata.finalizers = [finalizer];
    await apply(JSON.stringify(spec));
    await waitFor('Synced', async () => (await app(name)).status?.sync?.status === 'Synced');
    const del = await kubectl(bin, kc, ['-n', 'argocd', 'delete', 'application', name, '--wait=false']);
    assert.equal(del.code, 0, del.stderr);
    await waitFor('app gone', async () => (await kubectl(bin, kc, ['-n', 'argocd', 'get', 'application', name])).code !== 0);
    assert.notEqual((await kubectl(bin, kc, ['-n', 'apps', 'get', 'configmap', `${name}-a`])).code, 0, 'tracked resource deleted');
    assert.equal((await kubectl(bin, kc, ['-n', 'apps', 'get', 'configmap', `${name}-keep`])).code, 0, 'Delete=false kept');
  });
}

test('deleting an app without the finalizer leaves its resources', async () => {
  const repo = gitRepo(join(t.dir, 'repo-nofin'));
  repo.write({ 'f/a.yaml': cm('nofin-a', { v: '1' }) });
  await apply(appYaml('nofin', repo.url, 'f', { syncPolicy: { automated: {} } }));
  await waitFor('Synced', async () => (await app('nofin')).status?.sync?.status === 'Synced');
  assert.equal((await kubectl(bin, kc, ['-n', 'argocd', 'delete', 'application', 'nofin'])).code, 0);
  assert.equal((await kubectl(bin, kc, ['-n', 'apps', 'get', 'configmap', 'nofin-a'])).code, 0);
});

test('a sync to another revision (argocd app sync --revision): deployed there, OutOfSync against the target; refused under auto-sync', async () => {
  const repo = gitRepo(join(t.dir, 'repo-revision'));
  const rev1 = repo.write({ 'v/a.yaml': cm('rev-a', { v: '1' }) });
  const rev2 = repo.write({ 'v/a.yaml': cm('rev-a', { v: '2' }) });
  await apply(appYaml('revision', repo.url, 'v'));
  const op = await sync('revision', { revision: rev1 });
  assert.equal(op.phase, 'Succeeded', op.message);
  assert.equal(op.syncResult.revision, rev1);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'rev-a'])).data.v, '1');
  const a = await waitFor('OutOfSync against HEAD', async () => {
    const x = await app('revision');
    return x.status?.sync?.status === 'OutOfSync' && x;
  });
  assert.equal(a.status.sync.revision, rev2, 'status compares with the target revision');
  assert.equal(a.status.history.at(-1).revision, rev1);
  const back = await sync('revision');
  assert.equal(back.syncResult.revision, rev2);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'rev-a'])).data.v, '2');

  // With automated sync the app stays at its target: a sync elsewhere is refused, in Argo CD's words.
  await kubectl(bin, kc, ['-n', 'argocd', 'patch', 'application', 'revision', '--type', 'merge', '-p', '{"spec":{"syncPolicy":{"automated":{}}}}']);
  const refused = await sync('revision', { revision: rev1 });
  assert.equal(refused.phase, 'Error');
  assert.equal(refused.message, `Cannot sync to ${rev1}: auto-sync currently set to HEAD`);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'rev-a'])).data.v, '2');
});
