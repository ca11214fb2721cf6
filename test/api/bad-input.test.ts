/**
 * Bad input gets a precise Status error naming the problem, and changes nothing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type TestHub } from '../support/hub.ts';
import { api, httpBase, watchEvents } from '../support/api.ts';

describe('bad input', () => {
  let t: TestHub;
  let base: string;
  let tok: string;
  const cms = '/clusters/bad/api/v1/namespaces/default/configmaps';
  before(async () => {
    t = await startHub({ maxBodyBytes: 64 * 1024, eventRetention: 10 });
    base = httpBase(t.hub.url);
    await t.cluster('bad');
    tok = await t.hub.adminToken('bad');
  });
  after(() => t.stop());

  const rv = async () => (await api(base, 'GET', cms, tok)).body.metadata.resourceVersion as string;

  const cases: Array<{ name: string; body: string | object; headers?: Record<string, string>; path?: string; query?: string; code: number; reason: string; message: RegExp }> = [
    { name: 'malformed JSON', body: '{"apiVersion": "v1", "kind": ', code: 400, reason: 'BadRequest', message: /json parse error/ },
    { name: 'malformed YAML', body: 'apiVersion: v1\nkind: [ConfigMap', headers: { 'Content-Type': 'application/yaml' }, code: 400, reason: 'BadRequest', message: /error converting YAML to JSON/ },
    { name: 'missing kind', body: { apiVersion: 'v1', metadata: { name: 'x' } }, code: 400, reason: 'BadRequest', message: /Object 'Kind' is missing/ },
    { name: 'wrong kind for the endpoint', body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }, code: 400, reason: 'BadRequest', message: /the kind in the data \(Secret\) does not match the expected kind \(ConfigMap\)/ },
    { name: 'wrong apiVersion', body: { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } }, code: 400, reason: 'BadRequest', message: /does not match the expected API version \(v1\)/ },
    { name: 'invalid name', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } }, code: 422, reason: 'Invalid', message: /ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/ },
    { name: 'unknown field under Strict', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, bogus: 1 }, query: '?fieldValidation=Strict', code: 400, reason: 'BadRequest', message: /strict decoding error: unknown field "bogus"/ },
    { name: 'namespace mismatch', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'kube-system' } }, code: 400, reason: 'BadRequest', message: /does not match the namespace sent on the request/ },
    { name: 'oversized body', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { a: 'x'.repeat(70 * 1024) } }, code: 413, reason: 'RequestEntityTooLarge', message: /Request entity too large: limit is 65536/ },
    { name: 'unsupported media type', body: 'x', headers: { 'Content-Type': 'text/plain' }, code: 415, reason: 'UnsupportedMediaType', message: /unknown format/ },
    { name: 'wrong type in a built-in field', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 1 } }, code: 422, reason: 'Invalid', message: /data.a: Invalid value: "integer": data.a in body must be of type string/ },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.code} ${c.reason}, nothing stored`, async () => {
      const before = await rv();
      const r = await api(base, 'POST', `${c.path ?? cms}${c.query ?? ''}`, tok, c.body, c.headers);
      assert.equal(r.status, c.code, JSON.stringify(r.body));
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.reason, c.reason);
      assert.match(r.body.message, c.message);
      assert.equal(await rv(), before, 'the store revision did not move');
    });
  }

  it('warns about unknown fields by default and drops them', async () => {
    const r = await api(base, 'POST', cms, tok, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'warned' }, data: { a: 'b' }, bogus: { x: 1 } });
    assert.equal(r.status, 201);
    assert.match(r.headers.get('warning') ?? '', /unknown field \\?"bogus\\?"/);
    assert.equal(r.body.bogus, undefined);
  });

  it('conflicts on a stale resourceVersion and on immutable data', async () => {
    const created = await api(base, 'POST', cms, tok, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'frozen' }, data: { a: 'b' }, immutable: true });
    const stale = { ...created.body, data: { a: 'c' }, metadata: { ...created.body.metadata, resourceVersion: '1' } };
    const r = await api(base, 'PUT', `${cms}/frozen`, tok, stale);
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
    const imm = await api(base, 'PUT', `${cms}/frozen`, tok, { ...created.body, data: { a: 'c' } });
    assert.equal(imm.status, 422);
    assert.match(imm.body.message, /data: Forbidden: field is immutable when `immutable` is set/);
  });

  it('answers a watch from a compacted resourceVersion with 410 Expired', async () => {
    for (let i = 0; i < 1100; i++) await api(base, 'POST', cms, tok, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `fill-${i}` } });
    const events = await watchEvents(`${base}${cms}?watch=true&resourceVersion=2`, tok, (e) => e.length > 0, 3000);
    assert.equal(events[0]?.type, 'ERROR');
    assert.equal(events[0]?.object.code, 410);
    assert.equal(events[0]?.object.reason, 'Expired');
    assert.match(events[0]?.object.message, /too old resource version: 2 \(\d+\)/);
  });
});
