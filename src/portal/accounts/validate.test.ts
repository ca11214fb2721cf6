/** Sign-up rules: tenants derived from emails, and every bad field reported at once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSignup, tenantFromEmail } from './validate.ts';

const derived: Array<[string, string]> = [
  ['jane@example.com', 'jane'],
  ['Jane.Doe+ci@Example.com', 'jane-doe-ci'],
  ['a@example.com', 'a-tenant'],
  ['__@example.com', 'tenant'],
  ['root@example.com', 'root-tenant'],
  ['kube-admin@example.com', 'kube-admin-tenant'],
  [`${'x'.repeat(60)}@example.com`, 'x'.repeat(40)],
];
for (const [email, tenant] of derived) test(`tenant of ${email}`, () => assert.equal(tenantFromEmail(email), tenant));

test('every bad field at once; nothing derived from a bad email', () => {
  const r = checkSignup({ email: 'x@', password: 12345, tenant: '-x-' });
  assert.ok('fields' in r);
  assert.deepEqual(Object.keys(r.fields).sort(), ['email', 'password', 'tenant']);
  const r2 = checkSignup({ email: 'nope', password: 'long enough password' });
  assert.ok('fields' in r2);
  assert.deepEqual(Object.keys(r2.fields), ['email']);
});

test('normalized: lower-cased, trimmed email; tenant from it when omitted', () => {
  assert.deepEqual(checkSignup({ email: ' Bob@Example.COM ', password: 'long enough password' }), { ok: { email: 'bob@example.com', password: 'long enough password', tenant: 'bob' } });
});
