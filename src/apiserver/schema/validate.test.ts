import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StatusCause } from '../errors.ts';
import { unsupportedSchemaFeatures } from './features.ts';
import { loadCases, resolveSchema, type SchemaRef } from './testing.ts';
import { validateAgainstSchema } from './validate.ts';

interface Case {
  name: string;
  schema: SchemaRef;
  object: unknown;
  rootPath?: string;
  causes: StatusCause[];
}

describe('validateAgainstSchema', () => {
  for (const c of loadCases<Case>('validate.yaml')) {
    it(c.name, () => {
      const got = validateAgainstSchema(c.object, resolveSchema(c.schema), { rootPath: c.rootPath });
      assert.deepEqual(got, c.causes);
    });
  }
});

describe('unsupportedSchemaFeatures', () => {
  it('lists CEL rules with their data paths', () => {
    const schema = resolveSchema({ crd: 'crossplane/apiextensions.crossplane.io_compositions.yaml' });
    const found = unsupportedSchemaFeatures(schema);
    assert.deepEqual(
      found.map((f) => f.path),
      ['spec', 'spec.compositeTypeRef', 'spec.pipeline[*].credentials[*]', 'spec.pipeline[*].requirements.requiredResources[*]'],
    );
    assert.deepEqual(found[1]!.rules, ['self == oldSelf']);
  });
  it('finds nothing in a schema without CEL', () => {
    assert.deepEqual(unsupportedSchemaFeatures(resolveSchema({ crd: 'argo-cd/application-crd.yaml' })), []);
  });
});
