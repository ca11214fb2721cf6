/** Fixture loading for the patch tests: YAML case tables and the schemas they name. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { builtinSchema } from '../../schema/builtin.ts';
import type { SchemaNode } from '../../schema/node.ts';

const here = (name: string) => new URL(name, import.meta.url);

/** A fresh parse per call, so a test can never leak mutations into another. */
export function loadCases<T = Record<string, any>>(file: string): T[] {
  return parse(readFileSync(here(file), 'utf8'), { merge: true }) as T[];
}

let mergeItem: SchemaNode | undefined;

/** The upstream test schema, with `$ref`s resolved the way builtin.ts resolves them. */
function mergeItemSchema(): SchemaNode {
  if (mergeItem) return mergeItem;
  const defs = parse(readFileSync(here('mergeitem-schema.yaml'), 'utf8')) as Record<string, SchemaNode>;
  const seen = new Set<object>();
  const fix = (n: any): any => {
    if (n === null || typeof n !== 'object' || seen.has(n)) return n;
    if (typeof n.$ref === 'string') {
      const { $ref, ...rest } = n;
      return Object.keys(rest).length === 0 ? defs[$ref] : Object.setPrototypeOf(rest, defs[$ref]!);
    }
    seen.add(n);
    for (const k of Object.keys(n)) n[k] = fix(n[k]);
    return n;
  };
  for (const k of Object.keys(defs)) defs[k] = fix(defs[k]);
  return (mergeItem = defs.mergeItem!);
}

/** `apps/v1/Deployment`, `v1/Pod`, `mergeItem` (upstream's test type), or none for schema-less. */
export function schemaFor(kind: string | undefined): SchemaNode | undefined {
  if (!kind) return undefined;
  if (kind === 'mergeItem') return mergeItemSchema();
  const parts = kind.split('/');
  const [group, version, k] = parts.length === 2 ? ['', parts[0]!, parts[1]!] : [parts[0]!, parts[1]!, parts[2]!];
  const s = builtinSchema({ group, version, kind: k });
  if (!s) throw new Error(`no built-in schema for ${kind}`);
  return s;
}

/** What a thrown StatusError must look like; `message`/`cause` match exactly. */
export interface ExpectedError {
  code: number;
  reason: string;
  message?: string;
  cause?: string;
}

export function assertStatus(err: unknown, want: ExpectedError, equal: (a: unknown, b: unknown, m?: string) => void): void {
  const s = (err as { toStatus?: () => any }).toStatus?.();
  if (!s) throw err;
  equal(s.code, want.code, `code: ${s.message}`);
  equal(s.reason, want.reason, `reason: ${s.message}`);
  if (want.message !== undefined) equal(s.message, want.message);
  if (want.cause !== undefined) equal(s.details?.causes?.[0]?.message, want.cause);
}

/** `a.b[0].c` or `a.b[*].c` (a projection over a list); a missing value reads as null. */
export function pick(obj: unknown, path: string | undefined): unknown {
  if (!path) return obj;
  const steps = path.match(/[^.[\]]+|\[\*\]|\[\d+\]/g) ?? [];
  const walk = (v: any, i: number): unknown => {
    if (i === steps.length) return v ?? null;
    const s = steps[i]!;
    if (s === '[*]') return Array.isArray(v) ? v.map((x) => walk(x, i + 1)) : null;
    const key = s.startsWith('[') ? Number(s.slice(1, -1)) : s;
    return v === null || v === undefined ? null : walk(v[key], i + 1);
  };
  return walk(obj, 0);
}
