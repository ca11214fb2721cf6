import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch } from './index.ts';
import { assertStatus, loadCases } from './testdata/load.ts';

for (const c of loadCases('jsonpatch.yaml')) {
  test(`jsonpatch: ${c.name}`, () => {
    if (c.error) {
      assert.throws(() => applyJsonPatch(c.doc, c.ops), (e) => (assertStatus(e, c.error, assert.equal), true));
      return;
    }
    const before = structuredClone(c.doc);
    assert.deepEqual(applyJsonPatch(c.doc, c.ops), c.result);
    assert.deepEqual(c.doc, before, 'input must not be mutated');
  });
}

test('jsonpatch: more than 10000 operations is 413', () => {
  const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }));
  assert.throws(() => applyJsonPatch({ a: 1 }, ops), (e) => {
    assertStatus(e, { code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001' }, assert.equal);
    return true;
  });
});
