/** Tolerant readers over untyped JSON: printers must never throw on a half-filled object. */
import { isObject } from '../types.ts';

export type Obj = Record<string, unknown>;

/** Walks a dotted path; any non-object on the way yields undefined. */
export function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export const str = (v: unknown, dflt = ''): string => (typeof v === 'string' ? v : dflt);
export const num = (v: unknown, dflt = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const rec = (v: unknown): Obj => (isObject(v) ? v : {});
export const objs = (v: unknown): Obj[] => arr(v).filter(isObject);

/** IntOrString.String(): ints as decimal, strings verbatim. */
export const intOrString = (v: unknown): string => (typeof v === 'number' ? String(Math.trunc(v)) : str(v));
