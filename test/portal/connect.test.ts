/** Git providers, clusters and applications through the portal API, on a runtime installed through it. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startHub, type TestHub } from '../support/hub.ts';
import { ADMIN_USER } from '../../src/hub/hub.ts';
import { InProcessClient } from '../../src/client/index.ts';
import { waitFor } from '../gitops/support.ts';
import { startGitDaemon, type GitDaemon } from './gitdaemon.ts';
import { gitHttpServer } from '../gitops/gitservers.ts';
import { installRuntimeViaPortal, PortalClient } from './support.ts';

const PW = 'correct horse battery staple';
const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

describe('portal connections and applications', () => {
  let t: TestHub;
  let git: GitDaemon;
  let c: PortalClient;
  let repoURL: string;

  before(async () => {
    t = await startHub({ allowLocalRepos: false });
    git = await startGitDaemon(join(t.dir, 'git'));
    repoURL = git.repo('apps', { 'guestbook/a.yaml': cm('guestbook-a'), 'guestbook/b.yaml': cm('guestbook-b') });
    c = PortalClient.forHub(t.hub.url);
    assert.equal((await c.signup('acme@example.com', PW, 'acme')).status, 201);
  });
  after(async () => {
    await git?.stop();
    await t?.stop();
  });

  it('answers 409 before the runtime exists', async () => {
    const r = await c.call('GET', '/api/v1/git-providers');
    assert.equal(r.status, 409);
    assert.match(r.json.message, /install it first/);
    assert.equal((await c.call('GET', '/api/v1/runtime/kubeconfig')).status, 409);
    await installRuntimeViaPortal(c);
  });

  it('connects a Git repository: validated, tested with ls-remote, stored as an Argo CD repository secret', async () => {
    const bad = await c.call('POST', '/api/v1/git-providers', { repoURL: 'file:///etc' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.fields.repoURL, /not allowed on this hub/);
    const creds = await c.call('POST', '/api/v1/git-providers', { repoURL: 'https://user:pw@example.com/x.git' });
    assert.match(creds.json.fields.repoURL, /must not contain credentials/);
    const key = await c.call('POST', '/api/v1/git-providers', { repoURL: repoURL, sshPrivateKey: 'nope' });
    assert.ok(key.json.fields.sshPrivateKey);
    const none = await c.call('POST', '/api/v1/git-providers', {});
    assert.equal(none.json.fields.repoURL, 'repoURL is required');

    const ok = await c.call('POST', '/api/v1/git-providers', { repoURL });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.status, 'Connected');
    assert.match(ok.json.name, /^repo-\d+$/);
    const s = await t.hub.store.get({ resource: '/secrets', cluster: 'acme', namespace: 'argocd', name: ok.json.name });
    assert.equal(s?.metadata.labels?.['argocd.argoproj.io/secret-type'], 'repository');
    assert.equal(Buffer.from((s!.data as Record<string, string>).url!, 'base64').toString(), repoURL);

    const missing = await c.call('POST', '/api/v1/git-providers', { repoURL: repoURL.replace(/apps$/, 'missing') });
    assert.equal(missing.json.status, 'Failed');
    assert.match(missing.json.message, /^failed to list refs: /);
    const list = await c.call('GET', '/api/v1/git-providers');
    assert.deepEqual(list.json.map((p: { status: string }) => p.status).sort(), ['Connected', 'Failed']);
    assert.equal((await c.call('DELETE', `/api/v1/git-providers/${missing.json.name}`)).status, 204);
    assert.equal((await c.call('DELETE', '/api/v1/git-providers/repo-1')).status, 404);
  });

  it('tests https credentials through askpass: a wrong password fails with Argo CD\'s message, the right one connects', async () => {
    const http = await gitHttpServer(join(t.dir, 'git'), { auth: { username: 'git-user', password: 's3cret-pass' } });
    try {
      const url = `${http.url}/apps.git`;
      const wrong = await c.call('POST', '/api/v1/git-providers', { repoURL: url, username: 'git-user', password: 'wrong-pass' });
      assert.equal(wrong.json.status, 'Failed', wrong.text);
      assert.equal(wrong.json.message, 'failed to list refs: authentication required');
      assert.ok(!wrong.text.includes('wrong-pass'));
      const ok = await c.call('POST', '/api/v1/git-providers', { repoURL: url, username: 'git-user', password: 's3cret-pass' });
      assert.equal(ok.status, 200, ok.text); // same URL: credentials replaced and re-tested
      assert.equal(ok.json.status, 'Connected');
      assert.ok(!ok.text.includes('s3cret-pass'));
      assert.equal((await c.call('DELETE', `/api/v1/git-providers/${ok.json.name}`)).status, 204);
    } finally {
      await http.close();
    }
  });

  it('connects a cluster from a kubeconfig: cluster secret with name, server and config, tested with /version', async () => {
    const kc = readFileSync(await t.cluster('acme-prod'), 'utf8');
    const bad = await c.call('POST', '/api/v1/clusters', { name: 'In Cluster', kubeconfig: 'a: [' });
    assert.equal(bad.status, 400);
    assert.ok(bad.json.fields.name);
    assert.match(bad.json.fields.kubeconfig, /not valid YAML/);
    const exec = parse(kc);
    exec.users[0].user = { exec: { command: 'rm', args: ['-rf', '/'] } };
    const e = await c.call('POST', '/api/v1/clusters', { name: 'prod', kubeconfig: stringify(exec) });
    assert.match(e.json.fields.kubeconfig, /exec credential plugin/);

    const ok = await c.call('POST', '/api/v1/clusters', { name: 'prod', kubeconfig: kc });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.status, 'Connected');
    assert.match(ok.json.serverVersion, /^v1\./);
    const list = await c.call('GET', '/api/v1/clusters');
    assert.deepEqual(list.json.map((x: { name: string }) => x.name), ['in-cluster', 'prod']);
    const secrets = await t.hub.store.list('/secrets', { cluster: 'acme', namespace: 'argocd' });
    const s = secrets.items.find((x) => x.metadata.labels?.['argocd.argoproj.io/secret-type'] === 'cluster')!;
    const d = (k: string) => Buffer.from((s.data as Record<string, string>)[k]!, 'base64').toString();
    assert.equal(d('name'), 'prod');
    assert.match(d('server'), /\/clusters\/acme-prod$/);
    const config = JSON.parse(d('config'));
    assert.ok(config.bearerToken);
    assert.ok(config.tlsClientConfig.caData);

    const wrong = parse(readFileSync(await t.cluster('acme-stage'), 'utf8'));
    wrong.users[0].user.token = 'not-a-token';
    const failed = await c.call('POST', '/api/v1/clusters', { name: 'staging', kubeconfig: stringify(wrong) });
    assert.equal(failed.json.status, 'Failed');
    assert.match(failed.json.message, /\/api: Unauthorized/);
    assert.equal((await c.call('DELETE', '/api/v1/clusters/staging')).status, 204);
  });

  it('creates an application from the form, shows it Synced and Healthy with its tree and history, syncs, refreshes, deletes', async () => {
    const bad = await c.call('POST', '/api/v1/applications', { name: 'Guest Book', prune: true });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.json.fields).sort(), ['destinationNamespace', 'name', 'prune', 'repoURL']);
    const r = await c.call('POST', '/api/v1/applications', { name: 'guestbook', repoURL, path: 'guestbook', destinationNamespace: 'guestbook', automated: true, prune: true, createNamespace: true });
    assert.equal(r.status, 201, r.text);
    assert.equal((await c.call('POST', '/api/v1/applications', { name: 'guestbook', repoURL, destinationNamespace: 'x' })).status, 409);
    let last: unknown;
    const app = await waitFor('guestbook Synced and Healthy', async () => {
      const d = await c.call('GET', '/api/v1/applications/guestbook');
      last = d.json;
      return d.json.syncStatus === 'Synced' && d.json.healthStatus === 'Healthy' && d.json.history.length > 0 ? d.json : undefined;
    }).catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(last)}`);
    });
    const nodes = app.tree.map((n: { kind: string; name: string }) => `${n.kind}/${n.name}`);
    assert.ok(nodes.includes('ConfigMap/guestbook-a') && nodes.includes('ConfigMap/guestbook-b'), nodes.join());
    assert.match(app.history[0].revision, /^[0-9a-f]{40}$/);
    assert.equal(app.operation.phase, 'Succeeded');
    const list = await c.call('GET', '/api/v1/applications');
    assert.deepEqual(list.json.map((a: { name: string }) => a.name), ['guestbook']);

    const diff = await c.call('GET', '/api/v1/applications/guestbook/diff');
    assert.equal(diff.status, 200, diff.text);
    const a = diff.json.find((d: { name: string }) => d.name === 'guestbook-a');
    assert.deepEqual([a.kind, a.modified, a.diff], ['ConfigMap', false, '']);
    assert.equal((await c.call('GET', '/api/v1/applications/nope/diff')).status, 404);
    // A change made by hand (selfHeal is off): the diff shows it, a sync puts it back.
    const admin = new InProcessClient(t.hub.core, ADMIN_USER).cluster('acme');
    await admin.patch({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'guestbook', name: 'guestbook-a' }, 'merge', { data: { k: 'changed-by-hand' } });
    await c.call('POST', '/api/v1/applications/guestbook/refresh');
    const modified = await waitFor('the diff shows the change', async () => {
      const d = (await c.call('GET', '/api/v1/applications/guestbook/diff')).json.find((x: { name: string }) => x.name === 'guestbook-a');
      return d?.modified ? d : undefined;
    });
    assert.match(modified.diff, /changed-by-hand/);
    const sync = await c.call('POST', '/api/v1/applications/guestbook/sync', {});
    assert.equal(sync.status, 202, sync.text);
    await waitFor('second sync recorded', async () => ((await c.call('GET', '/api/v1/applications/guestbook')).json.history.length >= 2 ? true : undefined));
    assert.equal((await c.call('POST', '/api/v1/applications/guestbook/refresh')).status, 202);
    const dash = await c.call('GET', '/api/v1/dashboard');
    assert.equal(dash.json.deployments.length, 30);
    assert.ok(dash.json.deployments.at(-1).successful >= 2);
    assert.equal(dash.json.mostActive[0].name, 'guestbook');
    assert.equal(dash.json.clusters.connected, 2);

    assert.equal((await c.call('DELETE', '/api/v1/applications/guestbook')).status, 204);
    await waitFor('app and its resources gone', async () => {
      const gone = (await c.call('GET', '/api/v1/applications/guestbook')).status === 404;
      const cmGone = !(await t.hub.store.get({ resource: '/configmaps', cluster: 'acme', namespace: 'guestbook', name: 'guestbook-a' }));
      return gone && cmGone;
    });
  });

  it('keeps admin endpoints for admins', async () => {
    assert.equal((await c.call('GET', '/api/v1/admin/tenants')).status, 403);
    await t.hub.portal!.deps.accounts.setRole('acme@example.com', 'admin');
    const r = await c.call('GET', '/api/v1/admin/tenants');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json[0].tenant, 'acme');
    assert.ok(r.json[0].usage.objects > 0);
  });
});
