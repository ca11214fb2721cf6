/** The RFC 6902 patch between two objects: what an admission webhook returns for a mutation. */
import { createPatch } from 'rfc6902';
import type { PatchOperation } from '../types.ts';

export function diffPatch(before: unknown, after: unknown): PatchOperation[] {
  return createPatch(before, after) as PatchOperation[];
}
