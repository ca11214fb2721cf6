/** The web forms' checks before sending: which inputs each refuses, and for which field. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateApplication, validateCluster, validateRepoURL, validateSignup } from '../../src/portal/web/src/validate.ts';
import type { ApplicationRequest } from '../../src/portal/api/types.ts';

const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://10.0.0.1"}\ncurrent-context: c\n';
const APP: ApplicationRequest = { name: 'guestbook', repoURL: 'https://github.com/argoproj/argocd-example-apps.git', path: 'guestbook', destinationNamespace: 'default' };

describe('web form checks', () => {
  it('sign-up: email, password of at least 12 characters, optional tenant that is a DNS label and not reserved', () => {
    const cases: Array<[string, string, string, string[]]> = [
      ['ada@example.com', 'correct horse battery', '', []],
      ['ada@example.com', 'correct horse battery', 'ada-team', []],
      ['ada', 'correct horse battery', '', ['email']],
      ['ada@example.com', 'elevenchars', '', ['password']],
      ['ada@example.com', '🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑', '', []], // characters, not bytes or UTF-16 units
      ['ada@example.com', 'correct horse battery', 'Ada', ['tenant']],
      ['ada@example.com', 'correct horse battery', 'ab', ['tenant']],
      ['ada@example.com', 'correct horse battery', 'root', ['tenant']],
      ['', '', '-x-', ['email', 'password', 'tenant']],
    ];
    for (const [email, password, tenant, fields] of cases) assert.deepEqual(Object.keys(validateSignup(email, password, tenant)).sort(), fields, `${email} ${password} ${tenant}`);
    assert.match(validateSignup('ada@example.com', 'short', '').password!, /at least 12 characters \(5 so far\)/);
    assert.match(validateSignup('ada@example.com', 'correct horse battery', 'argocd').tenant!, /reserved/);
  });

  it('repository URLs: https, http, ssh, scp-like, git and file', () => {
    for (const ok of ['https://github.com/org/repo.git', 'http://git.local/repo', 'ssh://git@github.com/org/repo.git', 'git@github.com:org/repo.git', 'git://127.0.0.1:9418/repo', 'file:///srv/git/repo'])
      assert.equal(validateRepoURL(ok), undefined, ok);
    for (const [bad, re] of [['', /Enter/], ['github.com/org/repo', /Use a URL/], ['ftp://example.com/repo', /"ftp" is not supported/], ['https://', /Use a URL|host/]] as const)
      assert.match(validateRepoURL(bad) ?? '', re, bad);
  });

  it('clusters: a DNS-label name other than in-cluster, and a kubeconfig with clusters and a current context', () => {
    assert.deepEqual(validateCluster('staging', KUBECONFIG), {});
    assert.deepEqual(Object.keys(validateCluster('Staging', KUBECONFIG)), ['name']);
    assert.deepEqual(Object.keys(validateCluster('in-cluster', KUBECONFIG)), ['name']);
    assert.deepEqual(Object.keys(validateCluster('staging', '')), ['kubeconfig']);
    assert.deepEqual(Object.keys(validateCluster('staging', 'apiVersion: v1\nclusters: []\n')), ['kubeconfig']);
  });

  it('applications: name, repository, a relative path inside the repository, a namespace', () => {
    assert.deepEqual(validateApplication(APP), {});
    assert.deepEqual(validateApplication({ ...APP, path: undefined }), {});
    const cases: Array<[Partial<ApplicationRequest>, string[]]> = [
      [{ name: 'Guestbook' }, ['name']],
      [{ name: 'x'.repeat(54) }, ['name']],
      [{ repoURL: 'nope' }, ['repoURL']],
      [{ path: '/etc' }, ['path']],
      [{ path: 'apps/../..' }, ['path']],
      [{ destinationNamespace: 'Prod' }, ['destinationNamespace']],
    ];
    for (const [change, fields] of cases) assert.deepEqual(Object.keys(validateApplication({ ...APP, ...change })), fields, JSON.stringify(change));
  });
});
