/**
 * Namespace lifecycle: deleting a namespace marks it Terminating, forbids new content, deletes what it
 * holds, waits for objects with finalizers, and then disappears.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type TestHub } from '../support/hub.ts';
import { api, httpBase } from '../support/api.ts';

describe('namespace deletion', () => {
  let t: TestHub;
  let base: string;
  let tok: string;
  before(async () => {
    t = await startHub();
    base = httpBase(t.hub.url);
    await t.cluster('ns-life');
    tok = await t.hub.adminToken('ns-life');
  });
  after(() => t.stop());

  const p = (s: string) => `/clusters/ns-life${s}`;

  it('removes the contents, waits for finalizers, then goes away', async () => {
    assert.equal((await api(base, 'POST', p('/api/v1/namespaces'), tok, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } })).status, 201);
    await api(base, 'POST', p('/api/v1/namespaces/doomed/configmaps'), tok, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } });
    await api(base, 'POST', p('/api/v1/namespaces/doomed/secrets'), tok, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'held', finalizers: ['example.com/hold'] } });

    const del = await api(base, 'DELETE', p('/api/v1/namespaces/doomed'), tok);
    assert.equal(del.status, 200);
    assert.equal(del.body.status.phase, 'Terminating');
    assert.ok(del.body.metadata.deletionTimestamp);

    const refused = await api(base, 'POST', p('/api/v1/namespaces/doomed/configmaps'), tok, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
    assert.equal(refused.status, 403);
    assert.match(refused.body.message, /unable to create new content in namespace doomed because it is being terminated/);

    await t.hub.settle();
    assert.equal((await api(base, 'GET', p('/api/v1/namespaces/doomed/configmaps/plain'), tok)).status, 404);
    const held = await api(base, 'GET', p('/api/v1/namespaces/doomed/secrets/held'), tok);
    assert.ok(held.body.metadata.deletionTimestamp, 'the finalized secret is being deleted');
    assert.equal((await api(base, 'GET', p('/api/v1/namespaces/doomed'), tok)).body.status.phase, 'Terminating');

    // Releasing the finalizer lets the secret, then the namespace, go.
    assert.equal((await api(base, 'PATCH', p('/api/v1/namespaces/doomed/secrets/held'), tok, { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' })).status, 200);
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status !== 404 && Date.now() < deadline) {
      await t.hub.settle();
      status = (await api(base, 'GET', p('/api/v1/namespaces/doomed'), tok)).status;
    }
    assert.equal(status, 404);
  });

  it('protects the default namespaces', async () => {
    const r = await api(base, 'DELETE', p('/api/v1/namespaces/default'), tok);
    assert.equal(r.status, 403);
    assert.match(r.body.message, /this namespace may not be deleted/);
  });
});
