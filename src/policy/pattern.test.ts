import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchValue } from './pattern.ts';
import { loadCases } from './testdata/fixtures.ts';

interface Case {
  name: string;
  value: unknown;
  pattern: unknown;
  want: boolean;
}

for (const c of loadCases<Case>('pattern-values.yaml')) {
  test(`value pattern: ${c.name}`, () => {
    assert.equal(matchValue(c.value, c.pattern), c.want);
  });
}
