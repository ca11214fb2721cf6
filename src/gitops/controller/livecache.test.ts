import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KObject } from '../../apiserver/types.ts';
import type { StoreEvent } from '../../storage/store.ts';
import { LiveCache } from './livecache.ts';

const key = { cluster: 't1', resource: 'apps/deployments', namespace: 'default', name: 'web' };
const obj = (rv: string): KObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', resourceVersion: rv } });
const ev = (type: StoreEvent['type'], o: KObject, k = key): StoreEvent => ({ type, key: k, rv: Number(o.metadata.resourceVersion), object: o });

test('the first read loads; later reads are served from the cache and follow store events', async () => {
  const c = new LiveCache();
  let loads = 0;
  const load = async () => (loads++, obj('1'));
  assert.equal((await c.get(key, load))?.metadata.resourceVersion, '1');
  assert.equal((await c.get(key, load))?.metadata.resourceVersion, '1');
  assert.equal(loads, 1);
  c.observe(ev('MODIFIED', obj('2')));
  assert.equal((await c.get(key, load))?.metadata.resourceVersion, '2');
  c.observe(ev('DELETED', obj('3')));
  assert.equal(await c.get(key, load), undefined);
  c.observe(ev('ADDED', obj('4')));
  assert.equal((await c.get(key, load))?.metadata.resourceVersion, '4');
  assert.equal(loads, 1);
  // Events of other keys change nothing.
  c.observe(ev('MODIFIED', obj('5'), { ...key, cluster: 't2' }));
  assert.equal((await c.get(key, load))?.metadata.resourceVersion, '4');
});

test('entries are frozen copies: neither the writer of an event nor a reader can change them', async () => {
  const c = new LiveCache();
  await c.get(key, async () => obj('1'));
  const written = obj('2');
  c.observe(ev('MODIFIED', written));
  written.metadata.resourceVersion = '99';
  const got = (await c.get(key, async () => undefined))!;
  assert.equal(got.metadata.resourceVersion, '2');
  assert.throws(() => {
    (got.metadata as { resourceVersion?: string }).resourceVersion = 'x';
  }, TypeError);
});

test('a read that an event overtook is returned but not cached', async () => {
  const c = new LiveCache();
  let release!: () => void;
  const slow = c.get(key, () => new Promise<KObject>((r) => (release = () => r(obj('1')))));
  c.observe(ev('MODIFIED', obj('2')));
  release();
  assert.equal((await slow)?.metadata.resourceVersion, '1');
  assert.equal(c.size, 0);
  assert.equal((await c.get(key, async () => obj('2')))?.metadata.resourceVersion, '2');
  assert.equal(c.size, 1);
});

test('a failed read caches nothing; the oldest entry goes when full', async () => {
  const c = new LiveCache(2);
  await assert.rejects(c.get(key, async () => Promise.reject(new Error('forbidden'))), /forbidden/);
  assert.equal(c.size, 0);
  for (const name of ['a', 'b', 'c']) await c.get({ ...key, name }, async () => obj('1'));
  assert.equal(c.size, 2);
  let loads = 0;
  await c.get({ ...key, name: 'a' }, async () => (loads++, obj('1')));
  assert.equal(loads, 1);
});
