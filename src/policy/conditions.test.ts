import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateConditions } from './conditions.ts';
import { loadCases } from './testdata/fixtures.ts';

interface Case {
  name: string;
  ctx?: Record<string, unknown>;
  key: unknown;
  operator: string;
  value: unknown;
  want?: boolean;
  error?: string;
}

for (const c of loadCases<Case>('conditions.yaml')) {
  test(`condition: ${c.name}`, () => {
    const ctx = c.ctx ?? {};
    const conditions = { all: [{ key: c.key, operator: c.operator, value: c.value }] };
    if (c.error) {
      assert.throws(() => evaluateConditions(ctx, conditions), { message: c.error });
      return;
    }
    assert.equal(evaluateConditions(ctx, conditions).result, c.want);
  });
}

test('any/all blocks and messages', () => {
  const r = evaluateConditions({}, {
    any: [
      { key: 'a', operator: 'Equals', value: 'b', message: 'a is not b' },
      { key: 'a', operator: 'Equals', value: 'c', message: 'a is not c' },
    ],
  });
  assert.deepEqual(r, { result: false, message: 'a is not b; a is not c' });
});

test('legacy list form: all must hold', () => {
  assert.equal(evaluateConditions({}, [{ key: 1, operator: 'Equals', value: 1 }, { key: 1, operator: 'Equals', value: 2 }]).result, false);
  assert.equal(evaluateConditions({}, undefined).result, true);
});
