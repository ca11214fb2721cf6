import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestCache } from './manifests.ts';

test('rendered manifests are cached per commit within a budget of objects, least recently used out first', async (t) => {
  const tree = mkdtempSync(join(tmpdir(), 'marina-manifests-'));
  t.after(() => rmSync(tree, { recursive: true, force: true }));
  for (const n of ['a', 'b', 'c']) writeFileSync(join(tree, `${n}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n`);
  const cache = new ManifestCache(100, undefined, 7);
  const source = { repoURL: 'file:///x', path: '.' };
  const render = async (commit: string) => (await cache.render(tree, commit, source)).objects.length;
  assert.equal(await render('c1'), 3);
  assert.equal(await render('c2'), 3);
  assert.equal(await render('c1'), 3); // a hit: c1 is now the most recently used
  assert.deepEqual([cache.hits, cache.misses], [1, 2]);
  assert.equal(await render('c3'), 3); // 9 objects > 7: c2, the least recently used, goes
  assert.equal(await render('c1'), 3);
  assert.deepEqual([cache.hits, cache.misses], [2, 3]);
  assert.equal(await render('c2'), 3);
  assert.deepEqual([cache.hits, cache.misses], [2, 4]);
  // What a hit returns is a copy: changing it changes nothing cached.
  const first = await cache.render(tree, 'c2', source);
  first.objects[0]!.metadata.name = 'changed';
  assert.equal((await cache.render(tree, 'c2', source)).objects[0]!.metadata.name, 'a');
});
