import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from './defaults.ts';
import { loadCases, resolveSchema, type SchemaRef } from './testing.ts';

interface Case {
  name: string;
  schema: SchemaRef;
  object: unknown;
  expected: unknown;
}

describe('applyDefaults', () => {
  for (const c of loadCases<Case>('defaults.yaml')) {
    it(c.name, () => {
      const out = applyDefaults(c.object, resolveSchema(c.schema));
      assert.equal(out, c.object, 'defaults in place');
      assert.deepEqual(out, c.expected);
    });
  }
  it('copies defaults instead of sharing them', () => {
    const schema = { type: 'object' as const, properties: { d: { type: 'object' as const, default: { a: [1] } } } };
    const x = applyDefaults({} as { d?: { a: number[] } }, schema);
    x.d!.a.push(2);
    assert.deepEqual(schema.properties.d.default, { a: [1] });
  });
});
