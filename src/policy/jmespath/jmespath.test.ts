import { test } from 'node:test';
import assert from 'node:assert/strict';
import { search } from './interpreter.ts';
import { loadCases } from '../testdata/fixtures.ts';

interface Case {
  name: string;
  expr: string;
  data?: unknown;
  want?: unknown;
  error?: string;
}

for (const c of loadCases<Case>('jmespath.yaml')) {
  test(`jmespath: ${c.name}`, () => {
    if (c.error) {
      assert.throws(() => search(c.data ?? {}, c.expr), { message: c.error });
      return;
    }
    assert.deepEqual(search(c.data ?? {}, c.expr), c.want ?? null);
  });
}

test('time_now_utc is RFC 3339 in UTC', () => {
  assert.match(search({}, 'time_now_utc()') as string, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
});

test('random follows its pattern', () => {
  assert.match(search({}, "random('[a-z0-9]{6}')") as string, /^[a-z0-9]{6}$/);
});
