/**
 * Repository credentials for real: a private repository over https (git http-backend behind Basic auth, TLS
 * with a test CA, and a second server requiring a client certificate) and over ssh (a real sshd on loopback),
 * reached with Argo CD repository secrets (`repository` and `repo-creds`), argocd-tls-certs-cm and
 * argocd-ssh-known-hosts-cm. Without credentials the app reports Argo CD's ComparisonError, and a tenant
 * without the secret cannot read what another tenant fetched.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { appYaml, cm, getJson, gitRepo, waitFor } from './support.ts';
import { gitHttpServer, sshdUnavailable, sshServer, testPki, type GitHttpServer, type Pki, type SshServer } from './gitservers.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
const kc: Record<string, string> = {};
let pki: Pki;
let https: GitHttpServer;
let mtls: GitHttpServer;
const AUTH = { username: 'git-user', password: 's3cret-pass' };
const sshSkip = sshdUnavailable();
let ssh: SshServer | undefined;

before(async () => {
  t = await startHub();
  for (const c of ['cred-a', 'cred-b', 'cred-c']) {
    kc[c] = await t.cluster(c);
    await installRuntime(t.hub.core, c);
    await kubectl(bin, kc[c]!, ['create', 'namespace', 'apps']);
  }
  pki = testPki(join(t.dir, 'pki'));
  https = await gitHttpServer(join(t.dir, 'served'), { auth: AUTH, tls: { pki } });
  mtls = await gitHttpServer(join(t.dir, 'served'), { tls: { pki, requireClientCert: true } });
  if (!sshSkip) ssh = await sshServer(join(t.dir, 'sshd'));
});
after(async () => {
  ssh?.close();
  await https?.close();
  await mtls?.close();
  await t?.stop();
});

const apply = async (c: string, json: string) => {
  const r = await kubectl(bin, kc[c]!, ['-n', 'argocd', 'apply', '-f', '-'], { input: json });
  assert.equal(r.code, 0, r.stderr);
};
const secret = (name: string, type: 'repository' | 'repo-creds', data: Record<string, string>) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name, labels: { 'argocd.argoproj.io/secret-type': type } }, stringData: data });
const app = (c: string, name: string) => getJson(bin, kc[c]!, ['-n', 'argocd', 'application', name]);
const refresh = (c: string, name: string) => kubectl(bin, kc[c]!, ['-n', 'argocd', 'annotate', '--overwrite', 'application', name, 'argocd.argoproj.io/refresh=hard']);
const auto = { syncPolicy: { automated: {} } };
async function comparisonError(c: string, name: string, re: RegExp): Promise<string> {
  return waitFor(`${c}/${name} ComparisonError ${re}`, async () => {
    const m = (await app(c, name)).status?.conditions?.find((x: any) => x.type === 'ComparisonError')?.message;
    return typeof m === 'string' && re.test(m) && m;
  });
}
const liveData = (c: string, name: string) => waitFor(`${c} configmap ${name}`, async () => (await getJson(bin, kc[c]!, ['-n', 'apps', 'configmap', name])).data);

test('https with Basic auth and a trusted CA: ComparisonError without credentials, synced with a repository secret; no leak to another tenant', async () => {
  const repo = gitRepo(join(t.dir, 'served', 'private'));
  const rev = repo.write({ 'p/a.yaml': cm('private-cm', { secret: 'only-for-cred-a' }) });
  const url = `${https.url}/private`;
  for (const c of ['cred-a', 'cred-b']) await apply(c, cm('argocd-tls-certs-cm', { '127.0.0.1': pki.ca }));

  await apply('cred-a', appYaml('priv', url, 'p', auto));
  const msg = await comparisonError('cred-a', 'priv', /failed to list refs: authentication required/);
  assert.match(msg, /^Failed to load target state: /);
  assert.ok(!msg.includes(AUTH.password));

  await apply('cred-a', secret('private-repo', 'repository', { type: 'git', url, ...AUTH }));
  await refresh('cred-a', 'priv');
  assert.equal((await liveData('cred-a', 'private-cm')).secret, 'only-for-cred-a');
  assert.equal((await app('cred-a', 'priv')).status.sync.revision, rev);

  // Tenant B, same URL, no secret: refused, although tenant A's fetch of that commit is in the shared cache.
  await apply('cred-b', appYaml('steal', url, 'p', auto));
  await comparisonError('cred-b', 'steal', /failed to list refs: authentication required/);
  // Even claiming the commit in its own status (no ls-remote then) reads nothing: the checkout is per credentials.
  const spec = (await app('cred-b', 'steal')).spec;
  const p = await kubectl(bin, kc['cred-b']!, ['-n', 'argocd', 'patch', 'application', 'steal', '--type', 'merge', '-p', JSON.stringify({ status: { sync: { status: 'Unknown', revision: rev, comparedTo: { source: spec.source, destination: spec.destination } } } })]);
  assert.equal(p.code, 0, p.stderr);
  const raw = await kubectl(bin, kc['cred-b']!, ['get', '--raw', '/clusters/cred-b/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/steal/managedresources']);
  assert.equal(raw.code, 0, raw.stderr);
  assert.deepEqual(JSON.parse(raw.stdout).items, []);
  assert.ok(!raw.stdout.includes('only-for-cred-a'));
  const none = await kubectl(bin, kc['cred-b']!, ['-n', 'apps', 'get', 'configmap', 'private-cm']);
  assert.notEqual(none.code, 0, 'tenant B must not get the private content');

  // A wrong password is refused the same way.
  await apply('cred-b', secret('wrong', 'repository', { url, username: AUTH.username, password: 'wrong' }));
  await refresh('cred-b', 'steal');
  await waitFor('wrong password refused', async () => (await app('cred-b', 'steal')).status?.conditions?.find((x: any) => x.type === 'ComparisonError' && /authentication required/.test(x.message)) && https.codes.filter((c) => c === 401).length > 2);
});

test('https: repo-creds prefix match; an untrusted certificate fails until `insecure`; a client certificate from tlsClientCertData', async () => {
  gitRepo(join(t.dir, 'served', 'team')).write({ 't/a.yaml': cm('team-cm', { v: 'team' }) });
  await apply('cred-c', secret('all-of-server', 'repo-creds', { url: `${https.url}/`, ...AUTH }));
  await apply('cred-c', appYaml('team', `${https.url}/team`, 't', auto));
  await comparisonError('cred-c', 'team', /failed to list refs: tls: failed to verify certificate: x509: certificate signed by unknown authority/);
  await apply('cred-c', secret('all-of-server', 'repo-creds', { url: `${https.url}/`, ...AUTH, insecure: 'true' }));
  await refresh('cred-c', 'team');
  assert.equal((await liveData('cred-c', 'team-cm')).v, 'team');

  // The mTLS server: without a client certificate the handshake fails; with one from the secret it serves.
  await apply('cred-c', cm('argocd-tls-certs-cm', { '127.0.0.1': pki.ca }));
  await apply('cred-c', appYaml('mtls', `${mtls.url}/team`, 't', { ...auto, destination: { server: 'https://kubernetes.default.svc', namespace: 'default' } }));
  await comparisonError('cred-c', 'mtls', /failed to list refs: /);
  await apply('cred-c', secret('mtls-repo', 'repository', { url: `${mtls.url}/team`, tlsClientCertData: pki.clientCert, tlsClientCertKey: pki.clientKey }));
  await refresh('cred-c', 'mtls');
  await waitFor('mtls synced', async () => (await app('cred-c', 'mtls')).status?.sync?.status === 'Synced');
  assert.equal((await getJson(bin, kc['cred-c']!, ['-n', 'default', 'configmap', 'team-cm'])).data.v, 'team');
});

test('ssh with a key from sshPrivateKey: host key from argocd-ssh-known-hosts-cm or `insecure`', { skip: sshSkip }, async () => {
  const dir = join(t.dir, 'ssh-repo');
  gitRepo(dir).write({ 's/a.yaml': cm('ssh-cm', { v: 'over-ssh' }) });
  const url = `${ssh!.url}${dir}`;

  await apply('cred-a', secret('ssh-repo', 'repository', { url, sshPrivateKey: ssh!.privateKey }));
  await apply('cred-a', appYaml('ssh', url, 's', auto));
  await comparisonError('cred-a', 'ssh', /failed to list refs: ssh: handshake failed: knownhosts: key is unknown/);
  await apply('cred-a', cm('argocd-ssh-known-hosts-cm', { ssh_known_hosts: ssh!.knownHosts }));
  await refresh('cred-a', 'ssh');
  assert.equal((await liveData('cred-a', 'ssh-cm')).v, 'over-ssh');

  // `insecure: "true"` skips the host key check; without a key the server refuses.
  await apply('cred-b', secret('ssh-nokey', 'repository', { url, insecure: 'true' }));
  await apply('cred-b', appYaml('ssh', url, 's', auto));
  await comparisonError('cred-b', 'ssh', /failed to list refs: ssh: handshake failed: ssh: unable to authenticate/);
  await apply('cred-b', secret('ssh-nokey', 'repository', { url, insecure: 'true', sshPrivateKey: ssh!.privateKey }));
  await refresh('cred-b', 'ssh');
  assert.equal((await liveData('cred-b', 'ssh-cm')).v, 'over-ssh');
});
