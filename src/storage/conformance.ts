/**
 * The conformance suite every Store backend must pass: same results, same resourceVersion and watch
 * semantics. A backend's test file calls `storeConformance(name, factory)`.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../apiserver/types.ts';
import { type Store, StoreConflict, StoreGone, type StoreEvent } from './store.ts';

const cm = (name: string, ns = 'default', extra: Partial<KObject['metadata']> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, uid: `uid-${name}-${ns}`, ...extra },
  data: { k: name },
});
const key = (name: string, cluster = 'a', ns = 'default') => ({ resource: '/configmaps', cluster, namespace: ns, name });

export function storeConformance(name: string, factory: (opts: { eventRetention?: number }) => Promise<Store>): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory({});
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates, reads, updates and deletes with increasing resourceVersions', async () => {
      const c = await store.create(key('x'), cm('x'));
      const rv1 = Number(c.metadata.resourceVersion);
      assert.ok(rv1 > 0);
      assert.deepEqual((await store.get(key('x')))?.data, { k: 'x' });
      const u = await store.update(key('x'), { ...cm('x'), data: { k: 'y' } }, { expectRv: rv1 });
      assert.ok(Number(u.metadata.resourceVersion) > rv1);
      const d = await store.delete(key('x'));
      assert.equal(d.data && (d.data as any).k, 'y');
      assert.equal(await store.get(key('x')), undefined);
      assert.ok(Number(d.metadata.resourceVersion) > Number(u.metadata.resourceVersion));
    });

    it('rejects duplicate creates and stale updates without changing data', async () => {
      await store.create(key('x'), cm('x'));
      await assert.rejects(store.create(key('x'), cm('x')), (e: unknown) => e instanceof StoreConflict && e.why === 'exists');
      await assert.rejects(store.update(key('x'), cm('x'), { expectRv: 999_999 }), (e: unknown) => e instanceof StoreConflict && e.why === 'rv');
      await assert.rejects(store.update(key('nope'), cm('nope')), (e: unknown) => e instanceof StoreConflict && e.why === 'missing');
      await assert.rejects(store.delete(key('nope')), (e: unknown) => e instanceof StoreConflict && e.why === 'missing');
      assert.equal((await store.get(key('x')))?.metadata.resourceVersion, '1');
    });

    it('keeps clusters apart and lists in key order with pagination', async () => {
      for (const n of ['c', 'a', 'b']) await store.create(key(n), cm(n));
      await store.create(key('a', 'other'), cm('a'));
      const all = await store.list('/configmaps', { cluster: 'a' });
      assert.deepEqual(all.items.map((o) => o.metadata.name), ['a', 'b', 'c']);
      const p1 = await store.list('/configmaps', { cluster: 'a', limit: 2 });
      assert.deepEqual(p1.items.map((o) => o.metadata.name), ['a', 'b']);
      assert.equal(p1.remaining, 1);
      const p2 = await store.list('/configmaps', { cluster: 'a', limit: 2, after: { cluster: 'a', namespace: 'default', name: 'b' } });
      assert.deepEqual(p2.items.map((o) => o.metadata.name), ['c']);
      const wild = await store.list('/configmaps');
      assert.deepEqual(wild.clusters, ['a', 'a', 'a', 'other']);
      assert.equal(await store.count('/configmaps', 'other'), 1);
    });

    it('replays events after a resourceVersion, then delivers live ones in order', async () => {
      const a = await store.create(key('a'), cm('a'));
      await store.create(key('b'), cm('b'));
      const seen: StoreEvent[] = [];
      const w = await store.watch({ resource: '/configmaps', cluster: 'a' }, Number(a.metadata.resourceVersion), (e) => seen.push(e));
      await store.delete(key('a'));
      await store.create(key('z', 'other'), cm('z'));
      await new Promise((r) => setTimeout(r, 20));
      w.close();
      assert.deepEqual(seen.map((e) => `${e.type} ${e.key.name}`), ['ADDED b', 'DELETED a']);
      assert.ok(seen[0]!.rv < seen[1]!.rv);
    });

    it('answers Gone for a resourceVersion older than the retained log', async () => {
      await store.close();
      store = await factory({ eventRetention: 10 });
      for (let i = 0; i < 1100; i++) await store.create(key(`o${i}`), cm(`o${i}`));
      await assert.rejects(store.watch({ resource: '/configmaps' }, 1, () => {}), (e: unknown) => e instanceof StoreGone);
      const w = await store.watch({ resource: '/configmaps' }, await store.revision(), () => {});
      w.close();
    });

    it('indexes dependents by owner uid and finds dangling owners', async () => {
      await store.create(key('owner'), cm('owner'));
      await store.create(key('dep'), cm('dep', 'default', { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'uid-owner-default' }] }));
      assert.deepEqual(await store.dependents('a', 'uid-owner-default'), [key('dep')]);
      assert.deepEqual(await store.danglingOwners(), []);
      await store.delete(key('owner'));
      assert.deepEqual(await store.danglingOwners(), [{ cluster: 'a', uid: 'uid-owner-default' }]);
      assert.equal(await store.uidExists('a', 'uid-dep-default'), true);
    });

    it('keeps the dependents index current as owner references change', async () => {
      const owned = (...uids: string[]) => cm('dep', 'default', { ownerReferences: uids.map((uid) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid })) });
      await store.create(key('dep'), owned('u1'));
      await store.update(key('dep'), { ...owned('u1'), data: { k: 'changed' } });
      assert.deepEqual(await store.dependents('a', 'u1'), [key('dep')]);
      await store.update(key('dep'), owned('u2', 'u3'));
      assert.deepEqual(await store.dependents('a', 'u1'), []);
      assert.deepEqual(await store.dependents('a', 'u2'), [key('dep')]);
      assert.deepEqual(await store.dependents('a', 'u3'), [key('dep')]);
      await store.update(key('dep'), owned());
      assert.deepEqual(await store.dependents('a', 'u2'), []);
      await store.update(key('dep'), owned('u4'));
      await store.delete(key('dep'));
      assert.deepEqual(await store.dependents('a', 'u4'), []);
    });

    it('inserts many objects at once, keeping existing ones', async () => {
      await store.create(key('x'), cm('x'));
      assert.equal(await store.createMany([{ key: key('x'), obj: { ...cm('x'), data: { k: 'new' } } }, { key: key('y'), obj: cm('y') }]), 1);
      assert.deepEqual((await store.get(key('x')))?.data, { k: 'x' });
      assert.ok(await store.get(key('y')));
    });

    it('deletes a whole cluster and nothing else', async () => {
      await store.create(key('x'), cm('x'));
      await store.create(key('y', 'a', 'ns2'), cm('y', 'ns2'));
      await store.create(key('x', 'b'), cm('x'));
      assert.deepEqual((await store.keysInNamespace('a', 'ns2')).map((k) => k.name), ['y']);
      assert.equal(await store.deleteCluster('a'), 2);
      assert.equal((await store.list('/configmaps', { cluster: 'a' })).items.length, 0);
      assert.equal((await store.list('/configmaps', { cluster: 'b' })).items.length, 1);
    });
  });
}
