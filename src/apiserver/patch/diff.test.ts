import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch, createThreeWayMergePatch, createTwoWayMergePatch } from './index.ts';
import { assertStatus, loadCases, schemaFor } from './testdata/load.ts';

const mergeItem = schemaFor('mergeItem');

for (const c of loadCases('upstream-diff.yaml')) {
  test(`two-way (upstream table): ${c.name}`, () => {
    const patch = createTwoWayMergePatch(c.original, c.modified, mergeItem);
    assert.deepEqual(patch, c.twoWay);
    assert.deepEqual(applyStrategicMergePatch(c.original ?? {}, patch, mergeItem), c.twoWayResult ?? c.modified);
  });
  test(`three-way (upstream table): ${c.name}`, () => {
    const run = (overwrite: boolean) => createThreeWayMergePatch(c.original, c.modified, c.current, mergeItem, { overwrite });
    if (c.name.includes('conflict')) assert.throws(() => run(false), (e) => (assertStatus(e, { code: 409, reason: 'Conflict' }, assert.equal), true));
    else assert.deepEqual(run(false), c.threeWay);
    const patch = run(true);
    assert.deepEqual(patch, c.threeWay);
    assert.deepEqual(applyStrategicMergePatch(c.current, patch, mergeItem), c.result);
  });
}

for (const c of loadCases('threeway.yaml')) {
  test(`three-way: ${c.name}`, () => {
    const schema = schemaFor(c.kind);
    const inputs = structuredClone([c.original, c.modified, c.current]);
    const run = () => createThreeWayMergePatch(c.original, c.modified, c.current, schema, { overwrite: c.overwrite ?? true });
    if (c.error) {
      assert.throws(run, (e) => (assertStatus(e, c.error, assert.equal), true));
      return;
    }
    const patch = run();
    assert.deepEqual(patch, c.patch);
    assert.deepEqual([c.original, c.modified, c.current], inputs, 'inputs must not be mutated');
    assert.deepEqual(applyStrategicMergePatch(c.current, patch, schema), c.result);
  });
}
