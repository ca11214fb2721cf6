import { test } from 'node:test';
import assert from 'node:assert/strict';
import { substituteAll } from './variables.ts';
import { loadCases } from './testdata/fixtures.ts';

interface Case {
  name: string;
  ctx: Record<string, unknown>;
  doc: unknown;
  want?: unknown;
  error?: string;
}

for (const c of loadCases<Case>('variables.yaml')) {
  test(`variables: ${c.name}`, () => {
    if (c.error) {
      assert.throws(() => substituteAll(c.ctx, c.doc), { message: c.error });
      return;
    }
    assert.deepEqual(substituteAll(c.ctx, c.doc), c.want);
  });
}
