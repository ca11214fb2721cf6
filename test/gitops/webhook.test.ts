/**
 * Git webhooks: payload parsing (YAML fixtures in testdata/webhook), signatures and matching, pure; then against
 * a running hub, a push reported by each provider's payload shape syncs the new commit without polling.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { appConcerned, canonicalRepo, parsePush, secretsFrom, verify, type Push } from '../../src/gitops/webhook/index.ts';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { appYaml, cm, getJson, gitRepo, waitFor } from './support.ts';

const dir = join(import.meta.dirname, 'testdata', 'webhook');
for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
  const fx = parse(readFileSync(join(dir, f), 'utf8')) as { headers: Record<string, string>; body: unknown; want: unknown };
  test(`payload ${f}`, () => assert.deepEqual(parsePush(fx.headers, JSON.stringify(fx.body)), fx.want));
}

test('GitHub form-encoded payloads', () => {
  const body = new URLSearchParams({ payload: JSON.stringify({ ref: 'refs/heads/main', repository: { html_url: 'https://github.com/o/r', default_branch: 'main' } }) }).toString();
  const p = parsePush({ 'x-github-event': 'push', 'content-type': 'application/x-www-form-urlencoded' }, body);
  assert.equal('push' in p && p.push.revision, 'main');
});

for (const [a, b] of [
  ['https://github.com/Org/Repo.git', 'git@github.com:org/repo'],
  ['ssh://git@github.com:22/org/repo.git', 'http://github.com/org/repo/'],
  ['https://user@gitlab.example.com/g/app', 'https://gitlab.example.com/g/app.git'],
  ['file:///tmp/x/repo', 'FILE:///tmp/x/repo.git'],
] as const) test(`same repository: ${a} ~ ${b}`, () => assert.equal(canonicalRepo(a), canonicalRepo(b)));
test('different repositories', () => assert.notEqual(canonicalRepo('https://github.com/org/repo'), canonicalRepo('https://github.com/org/repo2')));

const push: Push = { provider: 'github', repoURLs: ['https://github.com/org/repo'], revision: 'main', touchedHead: true };
for (const [targetRevision, repoURL, want] of [
  ['HEAD', 'https://github.com/org/repo.git', true],
  ['', 'git@github.com:org/repo.git', true],
  ['main', 'https://github.com/org/repo', true],
  ['refs/heads/main', 'https://github.com/org/repo', true],
  ['dev', 'https://github.com/org/repo', false],
  ['HEAD', 'https://github.com/org/other', false],
] as const) test(`app at ${repoURL}@${targetRevision || '(empty)'} concerned: ${want}`, () => assert.equal(appConcerned({ source: { repoURL, targetRevision } }, push), want));
test('a push to another branch leaves HEAD apps alone', () => assert.equal(appConcerned({ sources: [{ repoURL: 'https://github.com/org/repo', targetRevision: 'HEAD' }] }, { ...push, revision: 'dev', touchedHead: false }), false));

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');
test('signatures', () => {
  const body = Buffer.from('{"x":1}');
  const s = { github: 'gh', gitlab: 'gl', gitea: 'gt', bitbucket: '{uuid}', bitbucketserver: 'bs' };
  assert.equal(verify('github', { 'x-hub-signature-256': `sha256=${sign('gh', '{"x":1}')}` }, body, s), '');
  assert.equal(verify('github', { 'x-hub-signature-256': `sha256=${sign('nope', '{"x":1}')}` }, body, s), 'HMAC verification failed');
  assert.equal(verify('github', {}, body, s), 'HMAC verification failed');
  assert.equal(verify('github', {}, body, {}), '', 'no secret configured: accepted as Argo CD does');
  assert.equal(verify('gitlab', { 'x-gitlab-token': 'gl' }, body, s), '');
  assert.equal(verify('gitlab', { 'x-gitlab-token': 'g' }, body, s), 'GitLab token verification failed');
  assert.equal(verify('gitea', { 'x-gitea-signature': sign('gt', '{"x":1}') }, body, s), '');
  assert.equal(verify('bitbucket', { 'x-hook-uuid': '{uuid}' }, body, s), '');
  assert.equal(verify('bitbucketserver', { 'x-hub-signature': `sha256=${sign('bs', '{"x":1}')}` }, body, s), '');
});
test('secrets: environment over argocd-secret', () => {
  assert.deepEqual(secretsFrom({ MARINA_WEBHOOK_GITHUB_SECRET: 'env' }, { 'webhook.github.secret': 'cm', 'webhook.gitlab.secret': 'gl' }), { github: 'env', gitlab: 'gl' });
});

// --- against a running hub ---------------------------------------------------------------------------------
const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
let kcA: string;
let kcB: string;
const GITHUB_SECRET = 'gh-secret-for-test';

before(async () => {
  process.env.MARINA_WEBHOOK_GITHUB_SECRET = GITHUB_SECRET;
  t = await startHub(); // Polling stays at Argo CD's 180 s: only the webhook can explain a prompt sync.
  kcA = await t.cluster('hook-a');
  kcB = await t.cluster('hook-b');
  await installRuntime(t.hub.core, 'hook-a');
  await installRuntime(t.hub.core, 'hook-b');
  // GitLab's token comes from the hub's argocd-secret (root cluster), as in Argo CD.
  const root = await t.kubeconfig('root');
  await kubectl(bin, root, ['create', 'namespace', 'argocd']);
  const r = await kubectl(bin, root, ['-n', 'argocd', 'create', 'secret', 'generic', 'argocd-secret', '--from-literal=webhook.gitlab.secret=gl-token']);
  assert.equal(r.code, 0, r.stderr);
});
after(async () => {
  delete process.env.MARINA_WEBHOOK_GITHUB_SECRET;
  await t?.stop();
});

const post = (headers: Record<string, string>, body: string) =>
  fetch(`${t.hub.url.replace('https:', 'http:')}/api/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const app = (kc: string, name: string) => getJson(bin, kc, ['-n', 'argocd', 'application', name]);
const githubPush = (url: string) => JSON.stringify({ ref: 'refs/heads/main', repository: { html_url: url, default_branch: 'main' } });

test('webhook: bad signature 401, unknown event 400, no tenant data in answers', async () => {
  const body = githubPush('https://github.com/org/repo');
  const bad = await post({ 'x-github-event': 'push', 'x-hub-signature-256': 'sha256=00' }, body);
  assert.equal(bad.status, 401);
  assert.deepEqual(await bad.json(), { message: 'Webhook processing failed: HMAC verification failed' });
  const unknown = await post({}, body);
  assert.equal(unknown.status, 400);
  assert.match(((await unknown.json()) as { message: string }).message, /unknown webhook event/);
  const gl = await post({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'wrong' }, '{}');
  assert.equal(gl.status, 401);
  assert.equal((await fetch(`${t.hub.url.replace('https:', 'http:')}/api/webhook`)).status, 405);
});

test('webhook: a GitHub push syncs apps of every tenant tracking the repository, without polling', async () => {
  const repo = gitRepo(join(t.dir, 'repo-hook'));
  repo.write({ 'w/a.yaml': cm('hooked', { v: '1' }) });
  const spec = (name: string, rev = 'HEAD') => {
    const a = JSON.parse(appYaml(name, repo.url, 'w', { syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] } }));
    a.spec.source.targetRevision = rev;
    return JSON.stringify(a);
  };
  for (const [kc, s] of [[kcA, spec('web')], [kcB, spec('web')], [kcB, spec('pinned', 'release')]] as const) {
    const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: s });
    assert.equal(r.code, 0, r.stderr);
  }
  await waitFor('synced in both', async () => (await app(kcA, 'web')).status?.sync?.status === 'Synced' && (await app(kcB, 'web')).status?.sync?.status === 'Synced');
  const rev2 = repo.write({ 'w/a.yaml': cm('hooked', { v: '2' }) });
  const body = githubPush(`${repo.url.replace('file://', 'FILE://')}.git`); // case and .git differ: normalized as Argo CD does
  const r = await post({ 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sign(GITHUB_SECRET, body)}` }, body);
  assert.equal(r.status, 200);
  assert.deepEqual(await r.json(), { message: 'received' });
  for (const kc of [kcA, kcB]) {
    await waitFor('rev2 synced', async () => {
      const a = await app(kc, 'web');
      return a.status?.sync?.revision === rev2 && a.status.sync.status === 'Synced';
    }, 10_000);
    assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'hooked'])).data.v, '2');
  }
  assert.equal((await app(kcB, 'pinned')).metadata.annotations?.['argocd.argoproj.io/refresh'], undefined, 'an app on another branch is not refreshed');
});

test('webhook: GitLab (token from argocd-secret), Gitea (HMAC) and Bitbucket payloads refresh too', async () => {
  const repo = gitRepo(join(t.dir, 'repo-hook2'));
  repo.write({ 'w/a.yaml': cm('hooked2', { v: '0' }) });
  const r = await kubectl(bin, kcA, ['apply', '-f', '-'], { input: appYaml('multi', repo.url, 'w', { syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] } }) });
  assert.equal(r.code, 0, r.stderr);
  await waitFor('Synced', async () => (await app(kcA, 'multi')).status?.sync?.status === 'Synced');
  const deliveries: Array<[Record<string, string>, string]> = [
    [{ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'gl-token' }, JSON.stringify({ ref: 'refs/heads/main', project: { git_http_url: repo.url, default_branch: 'main' } })],
    [{ 'x-gitea-event': 'push' }, JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: repo.url, default_branch: 'main' } })],
    [{ 'x-event-key': 'repo:push' }, JSON.stringify({ repository: { links: { html: { href: repo.url } } }, push: { changes: [{ new: { name: 'main' } }] } })],
  ];
  for (const [i, [headers, body]] of deliveries.entries()) {
    const rev = repo.write({ 'w/a.yaml': cm('hooked2', { v: String(i + 1) }) });
    const res = await post(headers, body);
    assert.equal(res.status, 200, `${JSON.stringify(headers)}: ${await res.text()}`);
    await waitFor(`synced after ${Object.keys(headers)[0]}`, async () => (await app(kcA, 'multi')).status?.sync?.revision === rev, 10_000);
  }
});
