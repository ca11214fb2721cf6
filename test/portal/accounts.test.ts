/** Accounts through the portal API on a real hub: sign-up rules, login, sessions, CSRF, API tokens, rate limits. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import { ADMIN_USER, Hub } from '../../src/hub/hub.ts';
import { InProcessClient } from '../../src/client/index.ts';
import { PortalClient } from './support.ts';

const PW = 'correct horse battery staple';

describe('portal accounts', () => {
  let dir: string;
  let hub: Hub;
  const start = () => Hub.start({ port: 0, dataDir: join(dir, 'data'), synchronous: 'NORMAL', portal: { signupLimit: { limit: 8, windowMs: 60_000 }, loginLimit: { limit: 8, windowMs: 60_000 } } });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marina-portal-'));
    hub = await start();
  });
  after(async () => {
    await hub.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects bad sign-up input with an error per field and stores nothing', async () => {
    const c = PortalClient.forHub(hub.url);
    const r = await c.call('POST', '/api/v1/signup', { email: 'not-an-email', password: 'short', tenant: 'Bad_Name' });
    assert.equal(r.status, 400);
    assert.equal(r.json.reason, 'Invalid');
    assert.match(r.json.fields.email, /email/);
    assert.match(r.json.fields.password, /at least 12/);
    assert.match(r.json.fields.tenant, /lower case/);
    const reserved = await c.signup('x@example.com', PW, 'root');
    assert.equal(reserved.status, 400);
    assert.match(reserved.json.fields!.tenant, /reserved/);
    const none = await c.call('POST', '/api/v1/signup', '{not json');
    assert.equal(none.status, 400);
    assert.equal((await c.login('x@example.com', PW)).status, 401);
  });

  it('signs up, hashes with argon2id, derives the tenant, and refuses duplicates with 409', async () => {
    const c = PortalClient.forHub(hub.url);
    const r = await c.signup('Alice.Smith@Example.com', PW);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual({ ...r.json, csrfToken: undefined }, { email: 'alice.smith@example.com', tenant: 'alice-smith', role: 'user', csrfToken: undefined });
    const setCookie = r.headers.get('set-cookie')!;
    assert.match(setCookie, /^marina_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/); // plain http: not Secure
    const secret = await hub.store.get({ resource: '/secrets', cluster: 'root', namespace: 'marina-system', name: 'account-alice-smith' });
    assert.match(Buffer.from((secret!.data as Record<string, string>).passwordHash!, 'base64').toString(), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.ok(!JSON.stringify(secret).includes(Buffer.from(PW).toString('base64')));

    const dupEmail = await PortalClient.forHub(hub.url).signup('alice.smith@example.com', PW, 'other-tenant');
    assert.equal(dupEmail.status, 409);
    assert.ok(dupEmail.json.fields!.email);
    assert.equal(await hub.store.get({ resource: '/secrets', cluster: 'root', namespace: 'marina-system', name: 'account-other-tenant' }), undefined);
    // A logical cluster nobody's account owns is not up for grabs either.
    await new InProcessClient(hub.core, ADMIN_USER).cluster('root').create({ apiVersion: 'core.marina.io/v1alpha1', kind: 'LogicalCluster', metadata: { name: 'team-x' } });
    const existing = await PortalClient.forHub(hub.url).signup('carol@example.com', PW, 'team-x');
    assert.equal(existing.status, 409, existing.text);
    assert.ok(existing.json.fields!.tenant);
    const dupTenant = await PortalClient.forHub(hub.url).signup('bob@example.com', PW, 'alice-smith');
    assert.equal(dupTenant.status, 409);
    assert.ok(dupTenant.json.fields!.tenant);
  });

  it('logs in; a wrong password and an unknown email get the same 401', async () => {
    const c = PortalClient.forHub(hub.url);
    const wrong = await c.login('alice.smith@example.com', 'wrong password 123');
    const unknown = await c.login('nobody@example.com', PW);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.json, unknown.json);
    const ok = await c.login('ALICE.SMITH@example.com', PW);
    assert.equal(ok.status, 200);
    const s = await c.call('GET', '/api/v1/session');
    assert.equal(s.json.tenant, 'alice-smith');
    assert.equal(s.json.csrfToken, ok.json.csrfToken);
  });

  it('needs the CSRF token for cookie-authenticated changes, not for API tokens', async () => {
    const c = PortalClient.forHub(hub.url);
    await c.login('alice.smith@example.com', PW);
    const no = await c.call('POST', '/api/v1/tokens', { name: 'cli' }, { csrf: false });
    assert.equal(no.status, 403);
    assert.match(no.json.message, /X-CSRF-Token/);
    const bad = await c.call('POST', '/api/v1/tokens', { name: 'cli' }, { csrf: false, headers: { 'X-CSRF-Token': 'x'.repeat(43) } });
    assert.equal(bad.status, 403);
    const yes = await c.call('POST', '/api/v1/tokens', { name: 'cli' });
    assert.equal(yes.status, 201);
    assert.match(yes.json.token, /^mrn_/);
    const dup = await c.call('POST', '/api/v1/tokens', { name: 'cli' });
    assert.equal(dup.status, 409);
    const list = await c.call('GET', '/api/v1/tokens');
    assert.deepEqual(list.json.map((t: { name: string; token?: string }) => [t.name, t.token]), [['cli', undefined]]);

    const t = PortalClient.forHub(hub.url);
    t.token = yes.json.token;
    const viaToken = await t.call('POST', '/api/v1/tokens', { name: 'second' });
    assert.equal(viaToken.status, 201);
    assert.equal((await t.call('GET', '/api/v1/session')).json.email, 'alice.smith@example.com');
    // Revoked: the token stops working at once.
    assert.equal((await c.call('DELETE', '/api/v1/tokens/cli')).status, 204);
    assert.equal((await t.call('GET', '/api/v1/session')).status, 401);
    t.token = 'mrn_garbage';
    assert.equal((await t.call('GET', '/api/v1/session')).status, 401);
  });

  it('marks the cookie Secure when the request came over TLS', async () => {
    const body = JSON.stringify({ email: 'alice.smith@example.com', password: PW });
    const setCookie = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest(`${hub.url}/api/v1/login`, { method: 'POST', ca: hub.tls.cert, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        resolve(String(res.headers['set-cookie'] ?? ''));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.match(setCookie, /^marina_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
  });

  it('logout revokes the session, and sessions survive a hub restart', async () => {
    const a = PortalClient.forHub(hub.url);
    await a.login('alice.smith@example.com', PW);
    const b = PortalClient.forHub(hub.url);
    await b.login('alice.smith@example.com', PW);
    const stolen = a.cookie;
    assert.equal((await a.call('POST', '/api/v1/logout')).status, 204);
    const replay = PortalClient.forHub(hub.url);
    replay.cookie = stolen;
    assert.equal((await replay.call('GET', '/api/v1/session')).status, 401);

    await hub.stop();
    hub = await start();
    const after = new PortalClient(hub.url.replace(/^https:/, 'http:'));
    after.cookie = b.cookie;
    const s = await after.call('GET', '/api/v1/session');
    assert.equal(s.status, 200, s.text);
    assert.equal(s.json.tenant, 'alice-smith');
  });

  it('rate limits sign-up and login per client address with 429 and Retry-After', async () => {
    const c = PortalClient.forHub(hub.url);
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 10; i++) {
      last = await c.login('alice.smith@example.com', 'wrong password 123');
      codes.push(last.status);
    }
    assert.deepEqual(codes, [401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
    assert.equal(last!.json.reason, 'TooManyRequests');
    assert.ok(Number(last!.headers.get('retry-after')) > 0);
    const s: number[] = [];
    for (let i = 0; i < 9; i++) s.push((await c.call('POST', '/api/v1/signup', { email: 'x', password: 'y' })).status);
    assert.deepEqual(s, [400, 400, 400, 400, 400, 400, 400, 400, 429]);
  });

  it('requires authentication and answers unknown paths with 404', async () => {
    const c = PortalClient.forHub(hub.url);
    assert.equal((await c.call('GET', '/api/v1/session')).status, 401);
    assert.equal((await c.call('GET', '/api/v1/runtime')).status, 401);
    assert.equal((await c.call('GET', '/api/v1/nothing')).status, 404);
    assert.equal((await c.call('PUT', '/api/v1/session')).status, 405);
  });
});
