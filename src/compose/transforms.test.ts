import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComposeError } from './errors.ts';
import { resolveTransform } from './transforms.ts';
import { loadTable } from './testdata.ts';

interface Case {
  name: string;
  transform: Record<string, unknown>;
  input: unknown;
  want?: unknown;
  error?: string;
}

for (const c of loadTable<Case>('transforms.yaml')) {
  test(`transform: ${c.name}`, () => {
    if (c.error) {
      assert.throws(() => resolveTransform(c.transform, c.input), (err: unknown) => err instanceof ComposeError && err.kind === c.error);
      return;
    }
    assert.deepEqual(resolveTransform(c.transform, c.input), c.want);
  });
}
