/**
 * The hub repository, end to end with real git and a real hub: a first start seeds `<dataDir>/hub.git`
 * and the `platform` Application syncs it into root; claims committed with the git CLI (as a user would) and
 * through HubRepository.commit reach root; deleting a claim file removes the claim; a restarted hub reuses
 * the repository; `--hub-repo` points the hub at an external repository.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import Database from 'better-sqlite3';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { getJson, waitFor } from '../gitops/support.ts';
import { environmentClaimPath, HubRepositoryError, hostedRuntimeClaim, seedFiles, tenantClaimPath, TENANTS_NAMESPACE } from '../../src/hub/repo/index.ts';

const KUBECTL = kubectlPath()!;
const AUTHOR = { name: 'Ada Admin', email: 'ada@example.com' };

/** The git CLI as a user runs it (identity given per command, no global config). */
function gitCli(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=user@example.com', '-c', 'user.name=A User', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } }).trim();
}

/** Clones the hub repository, applies file changes, commits and pushes with the git CLI; returns the pushed SHA. */
function pushAsUser(url: string, dir: string, files: Record<string, string | null>, message: string): string {
  if (!existsSync(join(dir, '.git'))) gitCli(tmpdir(), 'clone', '--quiet', url, dir);
  else gitCli(dir, 'pull', '--quiet', '--rebase');
  for (const [p, content] of Object.entries(files)) {
    if (content === null) gitCli(dir, 'rm', '--quiet', p);
    else {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), content);
      gitCli(dir, 'add', p);
    }
  }
  gitCli(dir, 'commit', '--quiet', '-m', message);
  gitCli(dir, 'push', '--quiet', 'origin', 'HEAD:main');
  return gitCli(dir, 'rev-parse', 'HEAD');
}

async function platformApp(kc: string): Promise<any> {
  return getJson(KUBECTL, kc, ['application', 'platform', '-n', 'argocd']);
}

async function waitSynced(kc: string, revision?: string): Promise<any> {
  return waitFor(`platform app Synced${revision ? ` at ${revision}` : ''}`, async () => {
    const app = await platformApp(kc);
    const ok = app.status?.sync?.status === 'Synced' && app.status?.operationState?.phase === 'Succeeded' && (!revision || app.status.sync.revision === revision);
    return ok && app;
  }, 20_000);
}

/**
 * Every stored object of a tenant, in any cluster: the objects of its logical cluster, and objects elsewhere
 * named after it or labelled as composed for its claim. Events (a record of what happened) and the platform
 * Application (whose sync history names what it pruned) are not the tenant's objects.
 */
function leftovers(dbPath: string, tenant: string): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT resource, cluster, namespace, name, value FROM objects').all() as Array<{ resource: string; cluster: string; namespace: string; name: string; value: string }>;
    const mine = (n: string) => n === tenant || n.startsWith(`${tenant}-`) || n.startsWith(`${tenant}.`);
    return rows
      .filter((r) => r.resource !== '/events' && !(r.resource === 'argoproj.io/applications' && r.name === 'platform'))
      .filter((r) => r.cluster === tenant || mine(r.name) || mine(r.namespace) || JSON.parse(r.value).metadata?.labels?.['crossplane.io/claim-name'] === tenant)
      .map((r) => `${r.resource} ${r.cluster}/${r.namespace}/${r.name}`);
  } finally {
    db.close();
  }
}

const claimYaml = (tenant: string, params?: Record<string, unknown>) => stringify(hostedRuntimeClaim(tenant, params));

describe('hub repository', () => {
  let t: TestHub;
  let root: string;
  let work: string;

  before(async () => {
    t = await startHub();
    root = await t.kubeconfig('root');
    work = mkdtempSync(join(tmpdir(), 'marina-hubrepo-user-'));
  });
  after(async () => {
    await t.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('is created on first start with platform/, policies/ and tenants/, and the platform app syncs it into root', async () => {
    const dir = join(t.dir, 'data', 'hub.git');
    assert.equal(t.hub.hubRepo.url, `file://${dir}`);
    assert.ok(existsSync(join(dir, 'HEAD')), 'a bare repository in the data directory');
    const files = gitCli(tmpdir(), '--git-dir', dir, 'ls-tree', '-r', '--name-only', 'main').split('\n');
    for (const f of ['platform/hosted-runtime/definition.yaml', 'platform/hosted-runtime/composition.yaml', 'policies/tenant-quota.yaml', 'policies/environment-compliance.yaml', 'tenants/README.md']) {
      assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
    }
    assert.equal(gitCli(tmpdir(), '--git-dir', dir, 'rev-list', '--count', 'main'), '1', 'one seed commit');

    const app = await waitSynced(root);
    assert.equal(app.spec.source.repoURL, t.hub.hubRepo.url);
    assert.equal(app.spec.source.directory.recurse, true);
    assert.deepEqual(app.spec.syncPolicy.automated, { prune: true, selfHeal: true });
    assert.ok(app.spec.syncPolicy.syncOptions.includes('CreateNamespace=true'));
    assert.equal(app.status.health.status, 'Healthy');
    const xrd = await getJson(KUBECTL, root, ['compositeresourcedefinition', 'xhostedruntimes.platform.marina.io']);
    assert.equal(xrd.status.conditions.find((c: any) => c.type === 'Established')?.status, 'True');
    const policy = await getJson(KUBECTL, root, ['clusterpolicy', 'tenant-environment-quota']);
    assert.equal(policy.metadata.annotations['argocd.argoproj.io/tracking-id'].split(':')[0], 'platform', 'the platform app manages the hub policies');
    const ns = await kubectl(KUBECTL, root, ['get', 'namespace', TENANTS_NAMESPACE]);
    assert.equal(ns.code, 0, ns.stderr);
  });

  it('turns a claim file pushed with the git CLI into a HostedRuntime claim in root, and its deletion removes it', async () => {
    const url = t.hub.hubRepo.url;
    const sha = pushAsUser(url, join(work, 'clone'), { [tenantClaimPath('acme')]: claimYaml('acme', { size: 'medium' }) }, 'Add tenant acme');
    await waitSynced(root, sha);
    const claim = await waitFor('claim acme', () => getJson(KUBECTL, root, ['hostedruntime', 'acme', '-n', TENANTS_NAMESPACE]));
    assert.equal(claim.spec.parameters.size, 'medium');
    const bound = await waitFor('claim bound', async () => (await getJson(KUBECTL, root, ['hostedruntime', 'acme', '-n', TENANTS_NAMESPACE])).spec.resourceRef?.name);
    assert.match(bound, /^acme-[a-z0-9]{5}$/);
    const ready = await waitFor('claim Ready', async () => {
      const c = await getJson(KUBECTL, root, ['hostedruntime', 'acme', '-n', TENANTS_NAMESPACE]);
      return c.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True') && c;
    });
    assert.equal(ready.status.clusterName, 'acme');
    assert.equal(ready.status.server, `${t.hub.url}/clusters/acme`);

    // The tenant's cluster, through the kubeconfig of the claim's connection secret, as the tenant gets it.
    const secret = await getJson(KUBECTL, root, ['secret', 'acme-kubeconfig', '-n', TENANTS_NAMESPACE]);
    assert.deepEqual(Object.keys(secret.data).sort(), ['kubeconfig', 'server', 'token']);
    const acme = join(work, 'acme.kubeconfig');
    writeFileSync(acme, Buffer.from(secret.data.kubeconfig, 'base64'));
    const project = await getJson(KUBECTL, acme, ['appproject', 'default', '-n', 'argocd']);
    assert.deepEqual(project.spec.sourceRepos, ['*']);
    const quota = await getJson(KUBECTL, acme, ['resourcequota', 'tenant-quota', '-n', 'default']);
    assert.deepEqual(quota.spec.hard, { pods: '50', 'requests.cpu': '8', 'requests.memory': '16Gi', 'limits.cpu': '16', 'limits.memory': '32Gi' }, 'size medium');
    const policies = await getJson(KUBECTL, acme, ['clusterpolicies']);
    assert.deepEqual(policies.items.map((p: any) => `${p.metadata.name}=${p.spec.validationFailureAction}`).sort(), [
      'disallow-latest-tag=Audit', 'disallow-privileged-containers=Audit', 'require-requests-limits=Audit',
    ]);

    const gone = pushAsUser(url, join(work, 'clone'), { [tenantClaimPath('acme')]: null }, 'Remove tenant acme');
    await waitSynced(root, gone);
    await waitFor('claim acme gone', async () => (await kubectl(KUBECTL, root, ['get', 'hostedruntime', 'acme', '-n', TENANTS_NAMESPACE])).code !== 0);
    await waitFor('composite gone', async () => (await kubectl(KUBECTL, root, ['get', 'xhostedruntime', bound])).code !== 0);
    const left = await waitFor('nothing of acme left in the store', async () => {
      const rows = leftovers(join(t.dir, 'data', 'marina.db'), 'acme');
      return rows.length === 0 ? rows : false;
    }).catch(() => leftovers(join(t.dir, 'data', 'marina.db'), 'acme'));
    assert.deepEqual(left, []);
    assert.notEqual((await kubectl(KUBECTL, acme, ['get', 'namespaces'])).code, 0, 'the old kubeconfig reaches nothing');
  });

  it('commits through HubRepository.commit, serialized, with the author and message given, and reads files back', async () => {
    const shas = await Promise.all(['beta', 'gamma'].map((n) => t.hub.hubRepo.commit({ [tenantClaimPath(n)]: claimYaml(n) }, { author: AUTHOR, message: `Add tenant ${n}` })));
    assert.notEqual(shas[0], shas[1]);
    const dir = join(t.dir, 'data', 'hub.git');
    const log = gitCli(tmpdir(), '--git-dir', dir, 'log', '--format=%H %an <%ae> %s', '-3', 'main').split('\n');
    assert.match(log[0]!, new RegExp(`^${shas[1]} Ada Admin <ada@example.com> Add tenant gamma$`));
    assert.match(log[1]!, new RegExp(`^${shas[0]} Ada Admin <ada@example.com> Add tenant beta$`));
    assert.equal(await t.hub.hubRepo.read(tenantClaimPath('beta')), claimYaml('beta'));
    assert.equal(await t.hub.hubRepo.read(tenantClaimPath('nobody')), undefined);

    await waitSynced(root, shas[1]);
    for (const n of ['beta', 'gamma']) await waitFor(`claim ${n}`, () => getJson(KUBECTL, root, ['hostedruntime', n, '-n', TENANTS_NAMESPACE]));

    const del = await t.hub.hubRepo.commit({ [tenantClaimPath('beta')]: null, [tenantClaimPath('gamma')]: null }, { author: AUTHOR, message: 'Remove beta and gamma' });
    await waitSynced(root, del);
    for (const n of ['beta', 'gamma']) await waitFor(`claim ${n} gone`, async () => (await kubectl(KUBECTL, root, ['get', 'hostedruntime', n, '-n', TENANTS_NAMESPACE])).code !== 0);
    assert.equal(await t.hub.hubRepo.commit({ [tenantClaimPath('beta')]: null }, { author: AUTHOR, message: 'nothing to do' }), del, 'a commit that changes nothing is not made');
  });

  it('rejects bad input with an error naming it and commits nothing', async () => {
    const dir = join(t.dir, 'data', 'hub.git');
    const before = gitCli(tmpdir(), '--git-dir', dir, 'rev-parse', 'main');
    const bad: Array<[Record<string, string | null>, { author: { name: string; email: string }; message: string }, RegExp]> = [
      [{ '../escape.yaml': 'x' }, { author: AUTHOR, message: 'm' }, /must not contain empty, "\." or "\.\." segments/],
      [{ '/abs.yaml': 'x' }, { author: AUTHOR, message: 'm' }, /must be a relative file path/],
      [{ '.git/config': 'x' }, { author: AUTHOR, message: 'm' }, /must not touch \.git/],
      [{}, { author: AUTHOR, message: 'm' }, /at least one file/],
      [{ 'tenants/x.yaml': 'x' }, { author: { name: '', email: '' }, message: 'm' }, /author\.name and author\.email are required/],
      [{ 'tenants/x.yaml': 'x' }, { author: AUTHOR, message: ' ' }, /message must not be empty/],
    ];
    for (const [changes, opts, want] of bad) await assert.rejects(t.hub.hubRepo.commit(changes, opts), (e: Error) => e instanceof HubRepositoryError && want.test(e.message));
    assert.equal(gitCli(tmpdir(), '--git-dir', dir, 'rev-parse', 'main'), before);
    assert.throws(() => tenantClaimPath('Not_A_Name'), /lower case alphanumeric/);
    assert.throws(() => hostedRuntimeClaim('root'), /reserved/);
  });
});

describe('hub repository across restarts', () => {
  it('a restarted hub with the same data directory reuses its repository and claims', async () => {
    const base = mkdtempSync(join(tmpdir(), 'marina-hubrepo-restart-'));
    try {
      const first = await startHub({ dataDir: join(base, 'data') });
      const kc = await first.kubeconfig('root');
      const sha = await first.hub.hubRepo.commit({ [tenantClaimPath('keep')]: claimYaml('keep') }, { author: AUTHOR, message: 'Add tenant keep' });
      await waitSynced(kc, sha);
      const url = first.hub.hubRepo.url;
      await first.hub.stop();

      const second = await startHub({ dataDir: join(base, 'data') });
      try {
        assert.equal(second.hub.hubRepo.url, url);
        const dir = join(base, 'data', 'hub.git');
        assert.equal(gitCli(tmpdir(), '--git-dir', dir, 'rev-parse', 'main'), sha, 'no new seed commit');
        const kc2 = await second.kubeconfig('root');
        await waitSynced(kc2, sha);
        await getJson(KUBECTL, kc2, ['hostedruntime', 'keep', '-n', TENANTS_NAMESPACE]);
        assert.equal(await second.hub.hubRepo.read(tenantClaimPath('keep')), claimYaml('keep'));
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('with no data directory the repository lives in a temporary folder removed on stop', async () => {
    const t = await startHub({ dataDir: undefined });
    const dir = new URL(t.hub.hubRepo.url).pathname;
    assert.ok(existsSync(dir));
    await t.stop();
    assert.equal(existsSync(dir), false);
  });
});

describe('--hub-repo', () => {
  it('seeds an empty external repository and syncs from it; commits are pushed there', async () => {
    const base = mkdtempSync(join(tmpdir(), 'marina-hubrepo-external-'));
    const bare = join(base, 'platform.git');
    gitCli(base, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
    const t = await startHub({ hubRepo: `file://${bare}` });
    try {
      assert.equal(t.hub.hubRepo.url, `file://${bare}`);
      assert.equal(existsSync(join(t.dir, 'data', 'hub.git')), false, 'no repository of its own');
      assert.ok(gitCli(base, '--git-dir', bare, 'ls-tree', '-r', '--name-only', 'main').includes('platform/hosted-runtime/definition.yaml'));
      const kc = await t.kubeconfig('root');
      await waitSynced(kc);
      const sha = await t.hub.hubRepo.commit({ [tenantClaimPath('ext')]: claimYaml('ext') }, { author: AUTHOR, message: 'Add tenant ext' });
      assert.equal(gitCli(base, '--git-dir', bare, 'rev-parse', 'main'), sha, 'pushed to the external repository');
      await waitSynced(kc, sha);
      await waitFor('claim ext', () => getJson(KUBECTL, kc, ['hostedruntime', 'ext', '-n', TENANTS_NAMESPACE]));

      // Someone else pushes meanwhile: the next commit is built on top of theirs.
      const clone = join(base, 'clone');
      const theirs = pushAsUser(`file://${bare}`, clone, { 'NOTES.md': 'edited by hand\n' }, 'Add notes');
      const mine = await t.hub.hubRepo.commit({ [tenantClaimPath('ext2')]: claimYaml('ext2') }, { author: AUTHOR, message: 'Add tenant ext2' });
      assert.equal(gitCli(base, '--git-dir', bare, 'rev-parse', `${mine}^`), theirs);
    } finally {
      await t.stop();
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('syncs an existing repository whose claims arrive together with their XRDs (claims wait for their CRDs)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'marina-hubrepo-existing-'));
    const bare = join(base, 'platform.git');
    gitCli(base, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
    pushAsUser(`file://${bare}`, join(base, 'clone'), { ...seedFiles(), [tenantClaimPath('early')]: claimYaml('early') }, 'A platform with a tenant');
    const t = await startHub({ hubRepo: `file://${bare}` });
    try {
      const kc = await t.kubeconfig('root');
      const app = await waitSynced(kc);
      assert.equal(app.status.conditions, undefined, 'no comparison error for a claim whose CRD was not served yet');
      await waitFor('claim early', () => getJson(KUBECTL, kc, ['hostedruntime', 'early', '-n', TENANTS_NAMESPACE]));
    } finally {
      await t.stop();
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('an unreachable repository fails the start with a clear error', async () => {
    await assert.rejects(startHub({ hubRepo: 'file:///nonexistent/marina/repo.git' }), /cannot read the hub repository file:\/\/\/nonexistent\/marina\/repo\.git/);
  });
});

describe('Environment claims', () => {
  it('register with the tenant runtime, and expire after their TTL: from Git by a commit removing the file, else through the API', async () => {
    const t = await startHub();
    const work = mkdtempSync(join(tmpdir(), 'marina-hubrepo-env-'));
    try {
      const root = await t.kubeconfig('root');
      await t.hub.hubRepo.commit({ [tenantClaimPath('envt')]: claimYaml('envt') }, { author: AUTHOR, message: 'Add tenant envt' });
      await waitFor('runtime envt Ready', async () => {
        const c = await getJson(KUBECTL, root, ['hostedruntime', 'envt', '-n', TENANTS_NAMESPACE]);
        return c.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True');
      }, 30_000);
      const env = (name: string, ttl: string) => stringify({ apiVersion: 'platform.marina.io/v1alpha1', kind: 'Environment', metadata: { name, namespace: 'envt' }, spec: { ttl } });
      const added = await t.hub.hubRepo.commit({ [environmentClaimPath('envt', 'preview')]: env('preview', '6s') }, { author: AUTHOR, message: 'Add environment preview' });

      // Ready, with its own cluster, registered in the tenant's runtime as an Argo CD cluster.
      await waitFor('environment preview Ready', async () => {
        const c = await getJson(KUBECTL, root, ['environment', 'preview', '-n', 'envt']);
        return c.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True') && c.status.clusterName === 'envt--preview';
      }, 30_000);
      const secret = await getJson(KUBECTL, root, ['secret', 'envt-kubeconfig', '-n', TENANTS_NAMESPACE]);
      const tenantKc = join(work, 'envt.kubeconfig');
      writeFileSync(tenantKc, Buffer.from(secret.data.kubeconfig, 'base64'));
      const reg = await waitFor('cluster secret env-preview', () => getJson(KUBECTL, tenantKc, ['secret', 'env-preview', '-n', 'argocd']));
      assert.equal(reg.metadata.labels['argocd.argoproj.io/secret-type'], 'cluster');
      assert.equal(Buffer.from(reg.data.server, 'base64').toString(), `${t.hub.url}/clusters/envt--preview`);
      assert.ok(JSON.parse(Buffer.from(reg.data.config, 'base64').toString()).bearerToken);

      // The TTL passes: the file leaves Git in a commit by Marina, the claim, its cluster and registration go.
      await waitFor('claim file removed from the hub repository', async () => (await t.hub.hubRepo.read(environmentClaimPath('envt', 'preview'))) === undefined, 30_000);
      const dir = join(t.dir, 'data', 'hub.git');
      const last = gitCli(tmpdir(), '--git-dir', dir, 'log', '--format=%P|%an|%s', '-1', 'main');
      assert.match(last, /^\S+\|Marina\|Environment envt\/preview expired: ttl 6s since /);
      assert.ok(gitCli(tmpdir(), '--git-dir', dir, 'merge-base', '--is-ancestor', added, 'main') === '');
      await waitFor('environment claim gone', async () => (await kubectl(KUBECTL, root, ['get', 'environment', 'preview', '-n', 'envt'])).code !== 0, 30_000);
      const events = await getJson(KUBECTL, root, ['events', '-n', 'envt']);
      const ev = events.items.find((e: any) => e.reason === 'TTLExpired' && e.involvedObject.name === 'preview');
      assert.ok(ev, 'a TTLExpired event');
      assert.match(ev.message, /removed it from tenants\/envt\/environments\/preview\.yaml in the hub repository \(commit [0-9a-f]{12}\)/);
      await waitFor('cluster envt--preview gone', async () => (await kubectl(KUBECTL, root, ['get', 'logicalcluster', 'envt--preview'])).code !== 0, 30_000);
      await waitFor('registration gone', async () => (await kubectl(KUBECTL, tenantKc, ['get', 'secret', 'env-preview', '-n', 'argocd'])).code !== 0);

      // Created through the API instead: deleted through the API.
      const r = await kubectl(KUBECTL, root, ['create', '-f', '-'], { input: env('scratch', '3s') });
      assert.equal(r.code, 0, r.stderr);
      await waitFor('API environment gone', async () => (await kubectl(KUBECTL, root, ['get', 'environment', 'scratch', '-n', 'envt'])).code !== 0, 30_000);
      const ev2 = (await getJson(KUBECTL, root, ['events', '-n', 'envt'])).items.find((e: any) => e.reason === 'TTLExpired' && e.involvedObject.name === 'scratch');
      assert.match(ev2.message, /^Environment envt\/scratch expired: ttl 3s since .*; deleting the claim$/);
    } finally {
      await t.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
