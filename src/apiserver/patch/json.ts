/** Small helpers over decoded JSON values shared by the patch implementations. */
import { isObject } from '../types.ts';

export type JsonMap = Record<string, unknown>;

/** The Go dynamic type a decoded JSON value would have; upstream compares these with reflect.TypeOf. */
export type JsonKind = 'map' | 'slice' | 'string' | 'number' | 'bool' | 'nil';

export function kindOf(v: unknown): JsonKind {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

/** Go's encoding/json name for a value's JSON type, as in "cannot unmarshal object into …". */
export function jsonTypeName(v: unknown): string {
  const k = kindOf(v);
  return k === 'map' ? 'object' : k === 'slice' ? 'array' : k === 'bool' ? 'bool' : k === 'nil' ? 'null' : k;
}

/** reflect.DeepEqual over decoded JSON (object key order is irrelevant, list order is not). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * A deep copy that does not keep shared references. The Go algorithms alias freely between patch and
 * result; copying on the way out keeps callers from seeing one object in two places.
 */
export function copyJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copyJson) as T;
  if (isObject(v)) {
    const out: JsonMap = {};
    for (const k of Object.keys(v)) setKey(out, k, copyJson(v[k]));
    return out as T;
  }
  return v;
}

/** Assignment that treats `__proto__` as the ordinary key it is in JSON. */
export function setKey(o: JsonMap, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export const hasKey = (o: JsonMap, k: string) => Object.hasOwn(o, k);
