/** Small helpers for object bookkeeping shared by the request handlers. */
import { randomInt, randomUUID } from 'node:crypto';
import type { KObject } from './types.ts';

/** RFC 3339 with second precision, as metav1.Time serialises. */
export const now = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export const newUid = () => randomUUID();

// utilrand.String's alphabet: no vowels (no words), no confusable characters.
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
export const randomSuffix = (n = 5) => Array.from({ length: n }, () => ALPHANUMS[randomInt(ALPHANUMS.length)]).join('');

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as any)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual((a as any)[k], (b as any)[k]));
}

/** The object without metadata and (optionally) status: what `generation` tracks. */
export function specPart(o: KObject, withoutStatus: boolean): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
  if (withoutStatus) delete rest.status;
  return rest;
}
