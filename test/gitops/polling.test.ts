/**
 * Per-tenant polling (argocd-cm `timeout.reconciliation`, `.jitter`) on the hub's one shared ticker: a tenant
 * with a short period sees a new commit without any refresh; a tenant on the default 180 s does not yet.
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
  for (const c of ['poll-fast', 'poll-default']) {
    kc[c] = await t.cluster(c);
    await installRuntime(t.hub.core, c);
    await kubectl(bin, kc[c]!, ['create', 'namespace', 'apps']);
  }
});
after(async () => t?.stop());

const value = async (c: string) => (await getJson(bin, kc[c]!, ['-n', 'apps', 'configmap', 'polled'])).data.v;

test('timeout.reconciliation per tenant: the fast tenant polls, the default one waits; bad values are reported', async () => {
  const repo = gitRepo(join(t.dir, 'repo-poll'));
  repo.write({ 'p/a.yaml': cm('polled', { v: '1' }) });
  const patch = await kubectl(bin, kc['poll-fast']!, ['-n', 'argocd', 'patch', 'configmap', 'argocd-cm', '--type', 'merge', '-p', JSON.stringify({ data: { 'timeout.reconciliation': '2s', 'timeout.reconciliation.jitter': '0s' } })]);
  assert.equal(patch.code, 0, patch.stderr);
  for (const c of ['poll-fast', 'poll-default']) {
    const r = await kubectl(bin, kc[c]!, ['apply', '-f', '-'], { input: appYaml('polled', repo.url, 'p', { syncPolicy: { automated: {} } }) });
    assert.equal(r.code, 0, r.stderr);
    await waitFor(`${c} synced v1`, async () => (await value(c)) === '1');
  }
  const rev = repo.write({ 'p/a.yaml': cm('polled', { v: '2' }) });
  await waitFor('the fast tenant polled the new commit', async () => (await value('poll-fast')) === '2', 20_000);
  assert.equal((await getJson(bin, kc['poll-fast']!, ['-n', 'argocd', 'application', 'polled'])).status.sync.revision, rev);
  const slow = await getJson(bin, kc['poll-default']!, ['-n', 'argocd', 'application', 'polled']);
  assert.notEqual(slow.status.sync.revision, rev, 'the default tenant polls every 180 s, not yet');
  assert.equal(await value('poll-default'), '1');

  // An unusable value: the default applies and a Warning event on argocd-cm says why.
  await kubectl(bin, kc['poll-default']!, ['-n', 'argocd', 'patch', 'configmap', 'argocd-cm', '--type', 'merge', '-p', '{"data":{"timeout.reconciliation":"soon"}}']);
  const ev = await waitFor('InvalidConfiguration event', async () => {
    const list = await getJson(bin, kc['poll-default']!, ['-n', 'argocd', 'events', '--field-selector', 'involvedObject.name=argocd-cm']);
    return list.items.find((e: any) => e.reason === 'InvalidConfiguration');
  }, 20_000);
  assert.equal(ev.message, 'argocd-cm timeout.reconciliation: invalid duration "soon", using the default 180s');
  assert.equal(ev.type, 'Warning');
});
