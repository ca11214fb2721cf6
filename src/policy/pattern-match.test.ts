import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchPattern } from './pattern-match.ts';
import { loadCases } from './testdata/fixtures.ts';

interface Case {
  name: string;
  resource: unknown;
  pattern: unknown;
  want: { ok: boolean; skip?: boolean; path?: string };
}

for (const c of loadCases<Case>('anchors.yaml')) {
  test(`pattern: ${c.name}`, () => {
    const r = matchPattern(c.resource, c.pattern);
    assert.equal(r.ok, c.want.ok, r.message);
    assert.equal(r.skip, c.want.skip ?? false, r.message);
    if (c.want.path !== undefined) assert.equal(r.path, c.want.path, r.message);
  });
}
