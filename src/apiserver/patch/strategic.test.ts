import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch, strategicMergePatchUnsupported } from './index.ts';
import { assertStatus, loadCases, pick, schemaFor } from './testdata/load.ts';

for (const c of loadCases('strategic.yaml')) {
  test(`strategic: ${c.name}`, () => {
    const schema = schemaFor(c.kind);
    if (c.error) {
      assert.throws(() => applyStrategicMergePatch(c.original, c.patch, schema), (e) => (assertStatus(e, c.error, assert.equal), true));
      return;
    }
    const before = structuredClone(c.original);
    const got = applyStrategicMergePatch(c.original, c.patch, schema);
    assert.deepEqual(pick(got, c.path), c.result);
    assert.deepEqual(c.original, before, 'input must not be mutated');
  });
}

for (const c of loadCases('upstream-apply.yaml')) {
  test(`strategic (upstream table): ${c.name}`, () => {
    const run = () => applyStrategicMergePatch(c.original, c.patch, schemaFor('mergeItem'));
    if (c.errorContains) {
      assert.throws(run, (e: any) => JSON.stringify(e.toStatus()).includes(c.errorContains));
      return;
    }
    assert.deepEqual(run(), c.result);
  });
}

test('strategic: custom resources get 415 like upstream', () => {
  assertStatus(
    strategicMergePatchUnsupported(),
    {
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    },
    assert.equal,
  );
});
