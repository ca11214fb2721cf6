/** Small readers over plain JSON objects, so each check reads like the typed Go it mirrors. */
import { isObject } from '../../apiserver/types.ts';

/** The value at a field path, or undefined when any step is missing or not an object. */
export function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** A number field; Go's zero value (0) when absent, as the typed structs gitops-engine converts to. */
export const int = (obj: unknown, ...path: string[]): number => {
  const v = field(obj, ...path);
  return typeof v === 'number' ? v : 0;
};

/** An optional number field (a Go pointer): undefined when absent. */
export const optInt = (obj: unknown, ...path: string[]): number | undefined => {
  const v = field(obj, ...path);
  return typeof v === 'number' ? v : undefined;
};

export const str = (obj: unknown, ...path: string[]): string => {
  const v = field(obj, ...path);
  return typeof v === 'string' ? v : '';
};

export const list = (obj: unknown, ...path: string[]): Record<string, unknown>[] => {
  const v = field(obj, ...path);
  return Array.isArray(v) ? v.filter(isObject) : [];
};

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** `status.conditions` as typed conditions (missing strings read as ''). */
export const conditions = (obj: unknown): Condition[] =>
  list(obj, 'status', 'conditions').map((c) => ({ type: str(c, 'type'), status: str(c, 'status'), reason: str(c, 'reason'), message: str(c, 'message') }));
