/**
 * `x-kubernetes-list-type` uniqueness, as apiextensions' `listtype.ValidateListSetsAndMaps`: sets must not
 * repeat an element, maps must not repeat a key tuple. Only the second occurrence of a value is reported.
 */
import type { StatusCause } from '../errors.ts';
import { duplicate, invalidValue } from './fielderr.ts';
import type { SchemaNode } from './node.ts';
import { index } from './path.ts';
import { isObject } from '../types.ts';

/** A canonical string for comparing unstructured values (map keys sorted, as json.Marshal does in Go). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

/** Indices of each value's second appearance. */
function nonUnique(keys: string[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  keys.forEach((k, i) => {
    const n = seen.get(k) ?? 0;
    if (n === 1) out.push(i);
    seen.set(k, n + 1);
  });
  return out;
}

const UNSPECIFIED = '\u0000unspecified';

export function validateListType(list: unknown[], s: SchemaNode, path: string): StatusCause[] {
  const type = s['x-kubernetes-list-type'];
  if (type === 'set') return nonUnique(list.map(canonical)).map((i) => duplicate(index(path, i), list[i]));
  if (type !== 'map') return [];
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && !isObject(x)) return [invalidValue(index(path, i), x, 'must be an object for an array of list-type map')];
  }
  const keyFields = s['x-kubernetes-list-map-keys'] ?? [];
  const keyOf = (x: unknown): Record<string, unknown> | undefined => {
    const o = (x ?? {}) as Record<string, unknown>;
    if (keyFields.length === 1) return keyFields[0]! in o ? { [keyFields[0]!]: o[keyFields[0]!] } : undefined;
    const key: Record<string, unknown> = {};
    for (const f of keyFields) if (f in o) key[f] = o[f];
    return key;
  };
  const keys = list.map(keyOf);
  return nonUnique(keys.map((k) => (k === undefined ? UNSPECIFIED : canonical(k)))).map((i) => duplicate(index(path, i), keys[i] ?? {}));
}
