/**
 * Tenant isolation: tenant B's session, API token and kubeconfig cannot read, list, watch or change tenant A's
 * runtime, clusters, secrets, applications or claim — through the portal API and through the Kubernetes API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { startGitDaemon, type GitDaemon } from './gitdaemon.ts';
import { installRuntimeViaPortal, PortalClient } from './support.ts';

const PW = 'correct horse battery staple';
const bin = kubectlPath()!;

describe('tenant isolation', () => {
  let t: TestHub;
  let git: GitDaemon;
  let a: PortalClient;
  let b: PortalClient;
  let bToken: PortalClient;
  let aRepo: string;
  let aCluster: string;
  let bKubeconfig: string;

  before(async () => {
    t = await startHub();
    git = await startGitDaemon(join(t.dir, 'git'));
    const url = git.repo('a-apps', { 'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a-config\ndata:\n  secret: of-a\n' });
    a = PortalClient.forHub(t.hub.url);
    b = PortalClient.forHub(t.hub.url);
    assert.equal((await a.signup('a@example.com', PW, 'tenant-a')).status, 201);
    assert.equal((await b.signup('b@example.com', PW, 'tenant-b')).status, 201);
    await installRuntimeViaPortal(a);
    await installRuntimeViaPortal(b);
    aRepo = (await a.call('POST', '/api/v1/git-providers', { repoURL: url })).json.name;
    const prod = readFileSync(await t.cluster('a-prod'), 'utf8');
    aCluster = (await a.call('POST', '/api/v1/clusters', { name: 'a-prod', kubeconfig: prod })).json.name;
    assert.equal((await a.call('POST', '/api/v1/applications', { name: 'a-app', repoURL: url, path: 'app', destinationNamespace: 'default' })).status, 201);
    bToken = PortalClient.forHub(t.hub.url);
    bToken.token = (await b.call('POST', '/api/v1/tokens', { name: 'ci' })).json.token;
    const kc = await b.call('GET', '/api/v1/runtime/kubeconfig');
    assert.equal(kc.status, 200, kc.text);
    bKubeconfig = join(t.dir, 'b.kubeconfig');
    writeFileSync(bKubeconfig, kc.text);
  });
  after(async () => {
    await git?.stop();
    await t?.stop();
  });

  it("B's session and token see only B's objects through the portal API", async () => {
    for (const c of [b, bToken]) {
      assert.deepEqual((await c.call('GET', '/api/v1/applications')).json, []);
      assert.deepEqual((await c.call('GET', '/api/v1/git-providers')).json, []);
      assert.deepEqual((await c.call('GET', '/api/v1/clusters')).json.map((x: { name: string }) => x.name), ['in-cluster']);
      assert.equal((await c.call('GET', '/api/v1/applications/a-app')).status, 404);
      assert.equal((await c.call('GET', '/api/v1/applications/a-app/diff')).status, 404);
      assert.equal((await c.call('GET', '/api/v1/applications?tenant=tenant-a')).json.length, 0);
      assert.equal((await c.call('GET', '/api/v1/applications/..%2F..%2Ftenant-a')).status, 404);
      assert.equal((await c.call('GET', '/api/v1/admin/tenants')).status, 403);
      const s = await c.call('GET', '/api/v1/session');
      assert.equal(s.json.tenant, 'tenant-b');
    }
  });

  it("B cannot change A's applications, repositories or clusters", async () => {
    for (const c of [b, bToken]) {
      assert.equal((await c.call('POST', '/api/v1/applications/a-app/sync', {})).status, 404);
      assert.equal((await c.call('POST', '/api/v1/applications/a-app/refresh')).status, 404);
      assert.equal((await c.call('DELETE', '/api/v1/applications/a-app')).status, 404);
      assert.equal((await c.call('DELETE', `/api/v1/git-providers/${aRepo}`)).status, 404);
      assert.equal((await c.call('DELETE', '/api/v1/clusters/a-prod')).status, 404);
      assert.equal((await c.call('DELETE', '/api/v1/tokens/ci-of-a')).status, 404);
    }
    // B creating "the same" names lands in B's cluster only.
    assert.equal((await b.call('POST', '/api/v1/applications', { name: 'a-app', repoURL: 'git://127.0.0.1:1/x', destinationNamespace: 'default' })).status, 201);
    assert.equal((await b.call('DELETE', '/api/v1/applications/a-app?cascade=false')).status, 204);
    const get = (cluster: string, resource: string, ns: string, name: string) => t.hub.store.get({ resource, cluster, namespace: ns, name });
    assert.ok(await get('tenant-a', 'argoproj.io/applications', 'argocd', 'a-app'));
    assert.ok(await get('tenant-a', '/secrets', 'argocd', aRepo));
    const aSecrets = await t.hub.store.list('/secrets', { cluster: 'tenant-a', namespace: 'argocd' });
    assert.ok(aSecrets.items.some((x) => x.metadata.labels?.['argocd.argoproj.io/secret-type'] === 'cluster'), aCluster);
  });

  it("A's session cookie does not work with B's CSRF token, and B's cookie does not act for A", async () => {
    const mixed = PortalClient.forHub(t.hub.url);
    mixed.cookie = a.cookie;
    mixed.csrf = b.csrf;
    assert.equal((await mixed.call('DELETE', '/api/v1/applications/a-app')).status, 403);
    assert.ok(await t.hub.store.get({ resource: 'argoproj.io/applications', cluster: 'tenant-a', namespace: 'argocd', name: 'a-app' }));
  });

  it("B's kubeconfig reaches B's cluster only: no read, list, watch or write of A's cluster or the root cluster", async () => {
    const own = await kubectl(bin, bKubeconfig, ['get', 'secrets', '-n', 'argocd', '-o', 'name']);
    assert.equal(own.code, 0, own.stderr);
    assert.equal(own.stdout.trim(), '');
    const kc = parse(readFileSync(bKubeconfig, 'utf8'));
    const server = kc.clusters[0].cluster.server as string;
    for (const other of ['tenant-a', 'root']) {
      const k = structuredClone(kc);
      k.clusters[0].cluster.server = server.replace(/\/clusters\/tenant-b$/, `/clusters/${other}`);
      const p = join(t.dir, `b-to-${other}.kubeconfig`);
      writeFileSync(p, stringify(k));
      for (const args of [
        ['get', 'secrets', '-n', 'argocd'],
        ['get', 'applications.argoproj.io', '-A'],
        ['get', 'secret', aRepo, '-n', 'argocd', '-o', 'yaml'],
        ['get', 'configmaps', '-A', '--watch', '--request-timeout=3s'],
        ['delete', 'secret', aRepo, '-n', 'argocd'],
        ['get', 'secrets', '-n', 'marina-system'],
        ['get', 'hostedruntimes.platform.marina.io', '-n', 'tenants', 'tenant-a'],
        ['get', 'virtualclusters.provider.marina.io'],
      ]) {
        const r = await kubectl(bin, p, args, { timeoutMs: 15_000 });
        assert.notEqual(r.code, 0, `${other}: kubectl ${args.join(' ')} succeeded: ${r.stdout}`);
        assert.match(r.stderr, /Unauthorized|must be logged in/i, `${other}: ${args.join(' ')}: ${r.stderr}`);
      }
    }
    assert.ok(await t.hub.store.get({ resource: '/secrets', cluster: 'tenant-a', namespace: 'argocd', name: aRepo }));
  });

  it('a logical cluster that merely has a tenant\'s name is not that tenant\'s', async () => {
    const c = PortalClient.forHub(t.hub.url);
    assert.equal((await c.signup('c@example.com', PW, 'tenant-c')).status, 201);
    await t.cluster('tenant-c'); // made by the hub admin, not by tenant-c's runtime claim
    assert.equal((await c.call('GET', '/api/v1/runtime/kubeconfig')).status, 409);
    assert.equal((await c.call('GET', '/api/v1/git-providers')).status, 409);
    assert.equal((await c.call('GET', '/api/v1/applications')).status, 409);
    assert.equal((await c.call('GET', '/api/v1/runtime')).status, 404);
  });

  it("B's portal token is not a Kubernetes token, and B's kubeconfig token is not a portal token", async () => {
    const kcToken = parse(readFileSync(bKubeconfig, 'utf8')).users[0].user.token as string;
    const asPortal = PortalClient.forHub(t.hub.url);
    asPortal.token = kcToken;
    assert.equal((await asPortal.call('GET', '/api/v1/session')).status, 401);
    const res = await fetch(`${t.hub.url.replace('https:', 'http:')}/clusters/tenant-b/api/v1/namespaces`, { headers: { Authorization: `Bearer ${bToken.token}` } });
    assert.equal(res.status, 401);
  });
});
