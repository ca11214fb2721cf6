/**
 * The client conformance suite: the in-process and the HTTP client behave the same, because both go
 * through the same request core (admission, validation, resourceVersions, watch).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type TestHub } from '../support/hub.ts';
import { HttpClusterClient, InProcessClient, type ClusterClient, type WatchEvent } from '../../src/client/index.ts';
import { ADMIN_USER } from '../../src/hub/hub.ts';
import { StatusError } from '../../src/apiserver/errors.ts';

describe('cluster clients', () => {
  let t: TestHub;
  const clients: Record<string, ClusterClient> = {};
  before(async () => {
    t = await startHub();
    await t.cluster('via-http');
    await t.cluster('via-core');
    clients.http = new HttpClusterClient({ server: `${t.hub.url}/clusters/via-http`, token: await t.hub.adminToken('via-http'), caData: t.hub.tls.cert });
    clients.inprocess = new InProcessClient(t.hub.core, ADMIN_USER).cluster('via-core');
  });
  after(async () => {
    (clients.http as HttpClusterClient).close();
    await t.stop();
  });

  for (const impl of ['inprocess', 'http']) {
    describe(impl, () => {
      const cm = (name: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

      it('creates, reads, lists, updates, patches and deletes', async () => {
        const c = clients[impl]!;
        const created = await c.create(cm('one', { a: '1' }));
        assert.equal(created.metadata.generation, undefined, "ConfigMaps have no generation, as upstream");
        assert.ok(created.metadata.uid);
        const got = await c.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'one' });
        assert.deepEqual(got.data, { a: '1' });
        const updated = await c.update({ ...got, data: { a: '2' } });
        assert.ok(Number(updated.metadata.resourceVersion) > Number(got.metadata.resourceVersion));
        await assert.rejects(c.update({ ...got, data: { a: '3' } }), (e: unknown) => e instanceof StatusError && e.code === 409);
        const patched = await c.patch({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'one' }, 'merge', { data: { b: 'x' } });
        assert.deepEqual(patched.data, { a: '2', b: 'x' });
        const list = await c.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default' });
        assert.deepEqual(list.items.map((o) => o.metadata.name), ['one']);
        await c.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'one' });
        await assert.rejects(c.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'one' }), (e: unknown) => e instanceof StatusError && e.code === 404);
      });

      it('server-side applies with field ownership', async () => {
        const c = clients[impl]!;
        const a = await c.apply(cm('applied', { k: 'v' }), { fieldManager: 'tool-a' });
        assert.equal(a.metadata.managedFields?.[0]?.manager, 'tool-a');
        await assert.rejects(c.apply(cm('applied', { k: 'other' }), { fieldManager: 'tool-b' }), (e: unknown) => e instanceof StatusError && e.code === 409 && /conflict with "tool-a"/.test(e.message));
        const forced = await c.apply(cm('applied', { k: 'other' }), { fieldManager: 'tool-b', force: true });
        assert.equal((forced.data as any).k, 'other');
      });

      it('goes through validation like any request', async () => {
        const c = clients[impl]!;
        await assert.rejects(c.create(cm('Not_A_Name')), (e: unknown) => e instanceof StatusError && e.code === 422 && /metadata.name: Invalid value: "Not_A_Name"/.test(e.message));
        await assert.rejects(c.create({ ...cm('nsless'), metadata: { name: 'x', namespace: 'missing' } }), (e: unknown) => e instanceof StatusError && e.code === 404 && /namespaces "missing" not found/.test(e.message));
      });

      it('watches from a resourceVersion', async () => {
        const c = clients[impl]!;
        const list = await c.list({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default' });
        const events: WatchEvent[] = [];
        const w = await c.watch({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default' }, { resourceVersion: list.metadata.resourceVersion }, (e) => events.push(e));
        await c.create(cm('watched'));
        await c.delete({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'watched' });
        const end = Date.now() + 3000;
        while (events.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
        w.stop();
        assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED watched', 'DELETED watched']);
      });
    });
  }
});
