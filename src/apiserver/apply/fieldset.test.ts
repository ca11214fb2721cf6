import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SchemaNode } from '../schema/node.ts';
import {
  difference,
  fieldsV1Of,
  fromFieldsV1,
  intersection,
  isEmpty,
  pathString,
  paths,
  recursiveDifference,
  setEquals,
  setOf,
  toFieldsV1,
  union,
} from './index.ts';
import { loadFixture, schemaOf } from './scenario.testutil.ts';

interface Fixture {
  encode: Array<{ name: string; schema?: string; crd?: SchemaNode; object: Record<string, unknown>; fieldsV1: string }>;
  roundtrip: string[];
  normalize: Array<{ name: string; input: string; output: string }>;
  paths: Array<{ name: string; fieldsV1: string; paths: string[] }>;
  invalid: Array<{ name: string; fieldsV1: string; error: string }>;
}

const f = loadFixture<Fixture>('fieldsv1.yaml');

describe('FieldsV1 encoding of an object', () => {
  for (const c of f.encode) {
    it(c.name, () => {
      assert.equal(JSON.stringify(fieldsV1Of(c.object, schemaOf(c))), c.fieldsV1);
    });
  }
});

describe('FieldsV1 round trips', () => {
  for (const text of f.roundtrip) {
    it(text, () => {
      assert.equal(JSON.stringify(toFieldsV1(fromFieldsV1(JSON.parse(text)))), text);
    });
  }
  for (const c of f.normalize) {
    it(c.name, () => {
      assert.equal(JSON.stringify(toFieldsV1(fromFieldsV1(JSON.parse(c.input)))), c.output);
    });
  }
});

describe('FieldsV1 paths', () => {
  for (const c of f.paths) {
    it(c.name, () => {
      assert.deepEqual(paths(fromFieldsV1(JSON.parse(c.fieldsV1))).map(pathString), c.paths);
    });
  }
  for (const c of f.invalid) {
    it(`rejects: ${c.name}`, () => {
      assert.throws(() => fromFieldsV1(JSON.parse(c.fieldsV1)), (e: Error) => e.message.includes(c.error));
    });
  }
});

describe('set algebra (upstream fieldpath.Set semantics)', () => {
  const a = [{ field: 'a' }];
  const ab = [{ field: 'a' }, { field: 'b' }];
  const abc = [{ field: 'a' }, { field: 'b' }, { field: 'c' }];
  const x = [{ field: 'x' }];
  it('difference is leaf-wise: parent - child = parent, child - parent = child', () => {
    assert.ok(setEquals(difference(setOf(a), setOf(ab)), setOf(a)));
    assert.ok(setEquals(difference(setOf(ab), setOf(a)), setOf(ab)));
  });
  it('recursive difference removes whole subtrees', () => {
    assert.ok(isEmpty(recursiveDifference(setOf(abc, ab), setOf(a))));
    assert.ok(setEquals(recursiveDifference(setOf(abc, x), setOf(ab)), setOf(x)));
  });
  it('union and intersection', () => {
    assert.ok(setEquals(union(setOf(a), setOf(abc)), setOf(a, abc)));
    assert.ok(setEquals(intersection(setOf(a, abc), setOf(abc, x)), setOf(abc)));
    assert.ok(isEmpty(intersection(setOf(a), setOf(ab))));
  });
});
