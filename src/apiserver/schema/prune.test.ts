import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pruneNonNullableNulls, pruneUnknownFields } from './prune.ts';
import { loadCases, resolveSchema, type SchemaRef } from './testing.ts';

interface Case {
  name: string;
  schema: SchemaRef;
  isResourceRoot?: boolean;
  object: unknown;
  expected: unknown;
  removed: string[];
}

describe('pruneUnknownFields', () => {
  for (const c of loadCases<Case>('prune.yaml')) {
    it(c.name, () => {
      const removed = pruneUnknownFields(c.object, resolveSchema(c.schema), { isResourceRoot: c.isResourceRoot ?? true });
      assert.deepEqual(removed, c.removed);
      assert.deepEqual(c.object, c.expected);
    });
  }
  it('does not touch the schema it is given', () => {
    const schema = { type: 'object' as const, properties: { a: { type: 'string' as const } } };
    pruneUnknownFields({ a: 'x', b: 1 }, schema);
    assert.deepEqual(schema, { type: 'object', properties: { a: { type: 'string' } } });
  });
});

describe('pruneNonNullableNulls', () => {
  it('drops nulls of non-nullable fields without defaults only', () => {
    const obj = { a: null, b: null, c: null, d: { e: null } };
    pruneNonNullableNulls(obj, {
      type: 'object',
      properties: {
        a: { type: 'string' },
        b: { type: 'string', nullable: true },
        c: { type: 'string', default: 'x' },
        d: { type: 'object', properties: { e: { type: 'integer' } } },
      },
    });
    assert.deepEqual(obj, { b: null, c: null, d: {} });
  });
});
