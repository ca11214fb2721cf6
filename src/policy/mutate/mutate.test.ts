import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildContext } from '../context.ts';
import { loadCases } from '../testdata/fixtures.ts';
import type { JsonObject } from '../types.ts';
import { applyJsonPatch } from './jsonpatch.ts';
import { mutateRule, type MutateSpec } from './mutate.ts';

interface Case {
  name: string;
  mutate: MutateSpec;
  resource: JsonObject;
  status: string;
  message?: string;
  want?: JsonObject;
}

for (const c of loadCases<Case>('mutate.yaml')) {
  test(`mutate: ${c.name}`, async () => {
    const ctx = buildContext({ operation: 'CREATE', object: c.resource, userInfo: { username: 'alice', groups: [] } });
    const r = await mutateRule('rule', c.mutate, ctx, c.resource, {});
    assert.equal(r.response.status, c.status, r.response.message);
    if (c.message) assert.equal(r.response.message, c.message);
    if (c.want) assert.deepEqual(r.resource, c.want);
    // the reported patch must reproduce the mutation, as the API server will apply it
    if (r.response.patches) assert.deepEqual(applyJsonPatch(c.resource, r.response.patches), r.resource);
  });
}
