import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch, createMergePatch, createThreeWayJsonMergePatch } from './index.ts';
import { assertStatus, loadCases } from './testdata/load.ts';

for (const c of loadCases('mergepatch.yaml')) {
  test(`mergepatch: ${c.name}`, () => {
    if (c.error) {
      assert.throws(() => applyMergePatch(c.doc, c.patch), (e) => (assertStatus(e, c.error, assert.equal), true));
      return;
    }
    const before = structuredClone(c.doc);
    assert.deepEqual(applyMergePatch(c.doc, c.patch), c.result);
    assert.deepEqual(c.doc, before, 'input must not be mutated');
    // Round trip: the two-way diff of doc→result reproduces result.
    assert.deepEqual(applyMergePatch(c.doc, createMergePatch(c.doc, c.result)), c.result);
  });
}

for (const c of loadCases('jsonmerge-threeway.yaml')) {
  test(`json merge three-way: ${c.name}`, () => {
    const patch = createThreeWayJsonMergePatch(c.original, c.modified, c.current);
    assert.deepEqual(patch, c.patch);
    assert.deepEqual(applyMergePatch(c.current, patch), c.result);
  });
}
