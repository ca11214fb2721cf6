/**
 * End to end through the portal API only: sign up, install a runtime (a commit to the hub repository), see
 * the progress reach 100% and Active over server-sent events, download the kubeconfig, connect a Git
 * repository served by git daemon, create an Application with kubectl against the tenant's cluster, see it
 * Synced and Healthy, delete the runtime, and find no object of that tenant left anywhere in the store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { waitFor } from '../gitops/support.ts';
import type { RuntimeStatus } from '../../src/portal/api/types.ts';
import { startGitDaemon, type GitDaemon } from './gitdaemon.ts';
import { PortalClient, readEvents } from './support.ts';

const PW = 'correct horse battery staple';
const TENANT = 'e2e-tenant';
const bin = kubectlPath()!;

describe('portal end to end', () => {
  let t: TestHub;
  let git: GitDaemon;
  let c: PortalClient;
  let kc: string;
  let repoURL: string;
  const events = (until: (s: RuntimeStatus) => boolean, timeoutMs = 20_000) =>
    readEvents<RuntimeStatus>(`${c.base}/api/v1/runtime/events`, { Cookie: c.cookie! }, until, timeoutMs);

  before(async () => {
    t = await startHub();
    git = await startGitDaemon(join(t.dir, 'git'));
    repoURL = git.repo('guestbook', {
      'guestbook/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: guestbook-ui\ndata:\n  title: hello\n',
      'guestbook/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: guestbook-ui\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n  selector:\n    app: guestbook-ui\n',
    });
    c = PortalClient.forHub(t.hub.url);
  });
  after(async () => {
    await git?.stop();
    await t?.stop();
  });

  it('signs up; no runtime yet', async () => {
    const r = await c.signup('e2e@example.com', PW, TENANT);
    assert.equal(r.status, 201, r.text);
    assert.equal((await c.call('GET', '/api/v1/runtime')).status, 404);
    const first = await events((s) => s.phase === 'NotInstalled', 5_000);
    assert.equal(first.at(-1)!.phase, 'NotInstalled');
  });

  it('installs the runtime through a hub repository commit and follows it to 100% Active over SSE', async (ctx) => {
    const stream = events((s) => s.phase === 'Active', 30_000);
    await new Promise((r) => setTimeout(r, 200)); // the stream is open before the install
    const r = await c.call('POST', '/api/v1/runtime');
    assert.equal(r.status, 202, r.text);
    assert.match(r.json.commit, /^[0-9a-f]{40}$/);
    const started = Date.now();
    const seen = await stream;
    const progress = seen.map((s) => s.progress);
    ctx.diagnostic(`install: ${Date.now() - started} ms to Active; steps seen: ${seen.map((s) => `${s.progress}% ${s.step}`).join(' → ')}`);
    assert.deepEqual([...progress].sort((x, y) => x - y), progress, `progress never goes back: ${progress}`);
    assert.equal(seen.at(-1)!.progress, 100);
    assert.equal(seen.at(-1)!.step, 'Ready');
    assert.ok(seen.some((s) => s.phase === 'Installing' && s.progress < 100), `saw an installing state: ${progress}`);
    const st = (await c.call('GET', '/api/v1/runtime')).json as RuntimeStatus;
    assert.equal(st.phase, 'Active');
    assert.equal(st.commit, r.json.commit);
    assert.ok(st.components.length >= 2);
    assert.ok(st.components.every((x) => x.healthStatus === 'Healthy'), JSON.stringify(st.components));
    assert.ok(st.components.some((x) => x.kind === 'VirtualCluster') && st.components.some((x) => x.kind === 'GitOpsRuntime'));
    // The commit is the account's, in the hub repository.
    const repoUrl = t.hub.hubRepo!.url.replace(/^file:\/\//, '');
    const log = execFileSync('git', ['--git-dir', repoUrl.endsWith('.git') ? repoUrl : join(repoUrl, '.git'), 'log', '-1', '--format=%an <%ae>|%s', r.json.commit], { encoding: 'utf8' }).trim();
    assert.equal(log, `e2e@example.com <e2e@example.com>|Install the hosted runtime of tenant ${TENANT}`);
    // Installing again is idempotent: no second commit.
    assert.equal((await c.call('POST', '/api/v1/runtime')).json.commit, r.json.commit);
  });

  it('downloads a kubeconfig for the tenant cluster', async () => {
    const r = await c.call('GET', '/api/v1/runtime/kubeconfig');
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-disposition')!, new RegExp(`filename="${TENANT}.kubeconfig"`));
    kc = join(t.dir, 'tenant.kubeconfig');
    writeFileSync(kc, r.text);
    const ns = await kubectl(bin, kc, ['get', 'namespaces', '-o', 'name']);
    assert.equal(ns.code, 0, ns.stderr);
    assert.match(ns.stdout, /namespace\/argocd/);
    const who = await kubectl(bin, kc, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    if (who.code === 0) assert.equal(who.stdout, 'e2e@example.com');
  });

  it('connects a Git repository and deploys an Application created with kubectl: Synced and Healthy', async () => {
    const p = await c.call('POST', '/api/v1/git-providers', { repoURL });
    assert.equal(p.json.status, 'Connected', p.text);
    const app = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'guestbook', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL, path: 'guestbook', targetRevision: 'HEAD' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
      },
    };
    const applied = await kubectl(bin, kc, ['apply', '-f', '-'], { input: JSON.stringify(app) });
    assert.equal(applied.code, 0, applied.stderr);
    const d = await waitFor('guestbook Synced and Healthy through the portal', async () => {
      const r = await c.call('GET', '/api/v1/applications/guestbook');
      return r.json?.syncStatus === 'Synced' && r.json?.healthStatus === 'Healthy' ? r.json : undefined;
    }, 30_000);
    assert.deepEqual(d.tree.map((n: { kind: string }) => n.kind).sort(), ['ConfigMap', 'Namespace', 'Service'].filter((k) => d.tree.some((n: { kind: string }) => n.kind === k)));
    assert.ok(d.tree.some((n: { kind: string; name: string }) => n.kind === 'Service' && n.name === 'guestbook-ui'));
    const cm = await kubectl(bin, kc, ['get', 'configmap', 'guestbook-ui', '-n', 'guestbook', '-o', 'jsonpath={.data.title}']);
    assert.equal(cm.stdout, 'hello');
    const dash = (await c.call('GET', '/api/v1/dashboard')).json;
    assert.equal(dash.runtimes.healthy, 1);
    assert.ok(dash.deployments.at(-1).successful >= 1);
  });

  it('deletes the runtime through a commit; nothing of the tenant is left in the store', async () => {
    const stream = events((s) => s.phase === 'NotInstalled', 30_000);
    await new Promise((r) => setTimeout(r, 200));
    const r = await c.call('DELETE', '/api/v1/runtime');
    assert.equal(r.status, 202, r.text);
    const seen = await stream;
    assert.ok(seen.some((s) => s.phase === 'Deleting'), JSON.stringify(seen.map((s) => s.phase)));
    assert.equal((await c.call('GET', '/api/v1/runtime')).status, 404);
    await t.hub.settle();
    // Every object of the store: none in the tenant's cluster; in other clusters none named after the tenant
    // or labelled as composed for its claim — except its account records (the account outlives its runtime and
    // may install again) and Kubernetes Events (records of what happened, which expire as upstream's do).
    const db = new Database(join(t.dir, 'data', 'marina.db'), { readonly: true });
    try {
      const inCluster = db.prepare('SELECT resource, namespace, name FROM objects WHERE cluster = ?').all(TENANT);
      assert.deepEqual(inCluster, []);
      const left = (db
        .prepare('SELECT resource, cluster, namespace, name FROM objects WHERE cluster <> ? AND (name LIKE ? OR namespace = ? OR value LIKE ?)')
        .all(TENANT, `%${TENANT}%`, TENANT, `%"crossplane.io/claim-name":"${TENANT}"%`) as Array<{ resource: string; namespace: string; name: string }>)
        .filter((o) => !(o.resource === '/secrets' && o.namespace === 'marina-system') && o.resource !== '/events' && o.resource !== 'events.k8s.io/events');
      assert.deepEqual(left, []);
    } finally {
      db.close();
    }
    const kcAfter = await kubectl(bin, kc, ['get', 'namespaces']);
    assert.notEqual(kcAfter.code, 0, 'the old kubeconfig must stop working');
  });
});
