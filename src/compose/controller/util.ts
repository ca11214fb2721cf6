/** Small helpers the composition controllers share: keys, not-found handling, deep equality, error context. */
import { isNotFound } from '../../apiserver/errors.ts';
import type { KObject } from '../../apiserver/types.ts';
import type { ObjectKey } from '../../storage/store.ts';

export const keyOf = (k: ObjectKey) => `${k.resource}|${k.cluster}|${k.namespace}|${k.name}`;

export async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as any)[k], (b as any)[k]));
}

/** Whether every field `want` sets has that value in `have` (what an apply would change nothing in). */
export function contains(have: unknown, want: unknown): boolean {
  if (typeof want !== 'object' || want === null) return have === want;
  if (Array.isArray(want)) return Array.isArray(have) && have.length === want.length && want.every((w, i) => contains(have[i], w));
  if (typeof have !== 'object' || have === null || Array.isArray(have)) return false;
  return Object.entries(want).every(([k, v]) => contains((have as any)[k], v));
}

/** Runs `fn`, wrapping a failure with context and keeping the cause (the API error's kind stays reachable). */
export async function step<T>(context: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new ControllerError(`${context}: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

export class ControllerError extends Error {
  override readonly name = 'ControllerError';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

export const refOf = (o: KObject) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
