/**
 * Test harness for apply/update scenarios: a fixture is a starting object and a sequence of writes
 * (server-side applies, full updates, JSON merge patches), each with its expected outcome. The result
 * of each step is the live object of the next, as in a real API server.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isStatusError } from '../errors.ts';
import { builtinSchema } from '../schema/builtin.ts';
import type { SchemaNode } from '../schema/node.ts';
import { parseApiVersion, isObject, type KObject } from '../types.ts';
import { serverSideApply, updateManagedFields } from './index.ts';

const dir = new URL('./testdata/', import.meta.url);
export const loadFixture = <T>(file: string): T => parse(readFileSync(new URL(file, dir), 'utf8')) as T;

/** `apps/v1/Deployment` (or `v1/ConfigMap`) names a built-in schema; `crd` gives an openAPIV3Schema inline. */
export function schemaOf(c: { schema?: string; crd?: SchemaNode }): SchemaNode | undefined {
  if (c.crd) return c.crd;
  if (!c.schema) return undefined;
  const i = c.schema.lastIndexOf('/');
  const { group, version } = parseApiVersion(c.schema.slice(0, i));
  const s = builtinSchema({ group, version, kind: c.schema.slice(i + 1) });
  if (!s) throw new Error(`no built-in schema ${c.schema}`);
  return s;
}

interface Expect {
  object?: Record<string, unknown>;
  managedFields?: unknown[];
  error?: { code: number; reason?: string; message?: string; causes?: unknown[] };
}

interface Step {
  apply?: KObject;
  update?: KObject;
  patch?: Record<string, unknown>;
  manager: string;
  force?: boolean;
  subresource?: string;
  now?: string;
  resetFields?: string[][];
  expect: Expect;
}

export interface Scenario {
  name: string;
  schema?: string;
  crd?: SchemaNode;
  live?: KObject;
  steps: Step[];
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

const withoutManagedFields = (o: KObject) => {
  const c = structuredClone(o);
  delete c.metadata.managedFields;
  return c;
};

export function runScenario(s: Scenario): void {
  const schema = schemaOf(s);
  let live = s.live ? structuredClone(s.live) : undefined;
  s.steps.forEach((step, i) => {
    const now = step.now ?? `2024-01-01T00:${String(i).padStart(2, '0')}:00Z`;
    const common = { manager: step.manager, schema, now, subresource: step.subresource, resetFields: step.resetFields };
    let result: KObject | undefined;
    let error: unknown;
    try {
      if (step.apply) {
        result = serverSideApply({ ...common, live, applied: structuredClone(step.apply), force: !!step.force });
      } else {
        // A PUT or patch carries the stored managedFields unless the body says otherwise.
        const after = step.update
          ? structuredClone(step.update)
          : (mergePatch(structuredClone(live), step.patch) as KObject);
        if (step.update && !('managedFields' in (step.update.metadata ?? {})) && live?.metadata.managedFields) {
          after.metadata.managedFields = structuredClone(live.metadata.managedFields);
        }
        result = updateManagedFields({ ...common, before: live, after });
      }
    } catch (e) {
      error = e;
    }
    const where = `step ${i} (${step.apply ? 'apply' : step.update ? 'update' : 'patch'} by ${step.manager})`;
    if (step.expect.error) {
      assert.ok(isStatusError(error), `${where}: expected an error, got ${error ?? 'success'}`);
      const st = error.toStatus();
      const want = step.expect.error;
      assert.equal(st.code, want.code, where);
      if (want.reason) assert.equal(st.reason, want.reason, where);
      if (want.message !== undefined) assert.equal(st.message, want.message, where);
      if (want.causes) assert.deepEqual(st.details?.causes, want.causes, where);
      return; // a failed write leaves the live object as it was
    }
    if (error) throw error;
    if (step.expect.object) assert.deepEqual(withoutManagedFields(result!), step.expect.object, `${where}: object`);
    if (step.expect.managedFields) assert.deepEqual(result!.metadata.managedFields ?? [], step.expect.managedFields, `${where}: managedFields`);
    live = result;
  });
}
