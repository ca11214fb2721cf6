/**
 * `kubectl auth can-i` as the cluster admin and as a ServiceAccount whose token comes from
 * `kubectl create token` and whose rights come from a Role (TLS carries the `--token`).
 */
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlSuite, table } from './util.ts';

kubectlSuite('auth', (kc) => {
  const ns = () => `auth-${kc().tag}`;
  const other = () => `auth-other-${kc().tag}`;
  let token = '';

  before(async () => {
    await kc().seed(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns() } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: other() } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bot', namespace: ns() } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'readable', namespace: ns() }, data: { a: '1' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm-reader', namespace: ns() }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }] },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'bot-reads', namespace: ns() },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'bot', namespace: ns() }],
      },
    );
  });

  it('auth can-i answers yes for the admin', async () => {
    for (const args of [['create', 'deployments'], ['delete', 'configmaps', '-n', ns()], ['*', '*'], ['get', '/healthz']]) {
      const r = await kc().run(['auth', 'can-i', ...args]);
      assert.equal(r.code, 0, `can-i ${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout.trim(), 'yes');
    }
  });

  it('auth can-i --list shows the admin may do everything', async () => {
    const { header, rows } = table(await kc().ok(['auth', 'can-i', '--list', '-n', ns()]));
    assert.deepEqual(header, ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']);
    assert.ok(rows.some((r) => r.join(' ') === '*.* [] [] [*]'), rows.map((r) => r.join(' ')).join('\n'));
  });

  it('create token issues a ServiceAccount token', async () => {
    token = (await kc().ok(['create', 'token', 'bot', '-n', ns(), '--duration=10m'])).trim();
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    assert.equal(claims.sub, `system:serviceaccount:${ns()}:bot`);
    assert.ok(claims.exp - claims.iat <= 600 && claims.exp - claims.iat >= 590, `lifetime ${claims.exp - claims.iat}s`);
    const missing = await kc().fails(['create', 'token', 'ghost', '-n', ns()]);
    assert.match(missing.stderr, /serviceaccounts "ghost" not found/);
  });

  it('auth can-i --token answers for the ServiceAccount from its Role', async () => {
    assert.ok(token, 'needs the token from the previous test');
    const canI = (...args: string[]) => kc().run(['--token', token, 'auth', 'can-i', ...args]);
    for (const [args, answer] of [
      [['get', 'configmaps', '-n', ns()], 'yes'],
      [['list', 'configmaps', '-n', ns()], 'yes'],
      [['watch', 'configmaps/readable', '-n', ns()], 'yes'],
      [['delete', 'configmaps', '-n', ns()], 'no'],
      [['list', 'secrets', '-n', ns()], 'no'],
      [['list', 'configmaps', '-n', other()], 'no'],
      [['list', 'configmaps', '-A'], 'no'],
    ] as const) {
      const r = await canI(...args);
      assert.equal(r.stdout.trim(), answer, `can-i ${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.equal(r.code, answer === 'yes' ? 0 : 1, `exit code of can-i ${args.join(' ')}`);
    }
    const list = table(await kc().ok(['--token', token, 'auth', 'can-i', '--list', '-n', ns()]));
    const cm = list.rows.find((r) => r[0] === 'configmaps');
    assert.deepEqual(cm, ['configmaps', '[]', '[]', '[get list watch]']);
    assert.ok(!list.rows.some((r) => r[0] === '*.*'), 'the ServiceAccount is not an admin');
  });

  it('the ServiceAccount token reads what its Role allows and is forbidden the rest', async () => {
    const as = (...args: string[]) => kc().run(['--token', token, ...args]);
    const got = await as('get', 'configmap', 'readable', '-n', ns(), '-o', 'jsonpath={.data.a}');
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, '1');
    const del = await as('delete', 'configmap', 'readable', '-n', ns());
    assert.notEqual(del.code, 0);
    assert.match(del.stderr, new RegExp(`Error from server \\(Forbidden\\): configmaps "readable" is forbidden: User "system:serviceaccount:${ns()}:bot" cannot delete resource "configmaps" in API group "" in the namespace "${ns()}"`));
    const sec = await as('get', 'secrets', '-n', ns());
    assert.match(sec.stderr, new RegExp(`secrets is forbidden: User "system:serviceaccount:${ns()}:bot" cannot list resource "secrets" in API group "" in the namespace "${ns()}"`));
    if (kc().version !== '1.27') {
      const who = await as('auth', 'whoami');
      assert.equal(who.code, 0, who.stderr);
      assert.match(who.stdout, new RegExp(`Username\\s+system:serviceaccount:${ns()}:bot`));
    }
    const bad = await kc().run(['--token', 'not-a-token', 'get', 'configmaps', '-n', ns()]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /error: You must be logged in to the server \(Unauthorized\)/);
  });
});
