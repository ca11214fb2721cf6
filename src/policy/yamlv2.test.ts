import { test } from 'node:test';
import assert from 'node:assert/strict';
import { marshalNestedMap } from './yamlv2.ts';

test('folds long single-quoted scalars past column 80, as go-yaml v2 does', () => {
  const out = marshalNestedMap({
    'james-require-labels': {
      'check-required-labels-james-1':
        'validation error: Required labels (app, version, environment) must be present. rule check-required-labels-james-1 failed at path /metadata/labels/environment/',
    },
  });
  assert.equal(
    out,
    "james-require-labels:\n  check-required-labels-james-1: 'validation error: Required labels (app, version,\n    environment) must be present. rule check-required-labels-james-1 failed at path\n    /metadata/labels/environment/'\n",
  );
});

test('plain and quoted scalars', () => {
  assert.equal(marshalNestedMap({ b: { r: 'rule skipped' }, a: { r: 'true' } }), 'a:\n  r: "true"\nb:\n  r: rule skipped\n');
});
