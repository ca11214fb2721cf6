/**
 * Local repositories on a hub that does not allow them to tenants (the `marina up` default): a tenant's
 * Application reading file:// gets an InvalidSpecError and nothing is fetched; the hub's own root cluster
 * may (the hub repository is one). A destination given by name is checked with its inferred server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { appYaml, cm, getJson, gitRepo, waitFor } from './support.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;

before(async () => {
  t = await startHub({ allowLocalRepos: false });
});
after(async () => t?.stop());

async function appIn(kc: string, yaml: string, name: string): Promise<any> {
  const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: yaml });
  assert.equal(r.code, 0, r.stderr);
  return waitFor(`${name} compared`, async () => {
    const a = await getJson(bin, kc, ['-n', 'argocd', 'application', name]);
    return a.status?.sync?.status && a.status.sync.status !== '' ? a : undefined;
  });
}

test("a tenant's file:// repository is refused; root's is served", async () => {
  const repo = gitRepo(join(t.dir, 'local'));
  repo.write({ 'app/a.yaml': cm('a', { v: '1' }) });
  const tenant = await t.cluster('tenant-l');
  await installRuntime(t.hub.core, 'tenant-l');
  const refused = await appIn(tenant, appYaml('local', repo.url, 'app', { destination: { name: 'in-cluster', namespace: 'apps' } }), 'local');
  assert.equal(refused.status.sync.status, 'Unknown');
  assert.deepEqual(
    refused.status.conditions.map((c: any) => [c.type, c.message]),
    [['InvalidSpecError', `repository ${repo.url} is not accessible: local repositories (file:// and paths) are reserved to the hub's own cluster`]],
  );

  const root = await t.kubeconfig('root');
  const served = await appIn(root, appYaml('local-root', repo.url, 'app', { destination: { name: 'in-cluster', namespace: 'apps' } }), 'local-root');
  assert.equal(served.status.sync.status, 'OutOfSync', JSON.stringify(served.status.conditions));
  assert.equal(served.status.conditions, undefined);
});
