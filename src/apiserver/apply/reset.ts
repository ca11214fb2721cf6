/**
 * Reset fields: what a registry strategy overwrites no matter what a client sends (upstream
 * GetResetFields), e.g. `status` through the main resource and `spec` through `/status`. Field
 * management ignores them: they are not owned, cannot conflict, and keep their stored value.
 */
import type { SchemaNode } from '../schema/node.ts';
import { clone, isObject } from '../types.ts';
import { insert, emptySet, recursiveDifference, type FieldSet } from './fieldset.ts';
import type { Comparison } from './typed.ts';

/** Top-level fields the status subresource never writes besides `status` itself. */
const ALWAYS_WRITABLE = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/**
 * Upstream's usual strategies: the main resource resets `status` when the kind has one; `/status`
 * resets every other top-level field (`spec`, ...) except metadata. Callers with a different
 * strategy (a CRD without a status subresource keeps `status` writable) pass `resetFields` explicitly.
 */
export function defaultResetFields(schema: SchemaNode | undefined, subresource: string | undefined): string[][] {
  const props = schema?.properties;
  if (subresource === 'status') {
    const keys = props ? Object.keys(props) : ['spec'];
    return keys.filter((k) => !ALWAYS_WRITABLE.has(k)).map((k) => [k]);
  }
  if (!subresource && props?.status) return [['status']];
  return [];
}

export function resetSet(resetFields: string[][]): FieldSet {
  const s = emptySet();
  for (const p of resetFields) insert(s, p.map((field) => ({ field })));
  return s;
}

export const excludeFields = (c: Comparison, s: FieldSet): Comparison => ({
  added: recursiveDifference(c.added, s),
  modified: recursiveDifference(c.modified, s),
  removed: recursiveDifference(c.removed, s),
});

/** Puts the stored values of reset fields back into `obj` (or removes them when the stored object has none). */
export function restoreResetFields(obj: Record<string, unknown>, live: Record<string, unknown>, resetFields: string[][]): void {
  for (const p of resetFields) {
    if (p.length === 0) continue;
    let src: unknown = live;
    for (const k of p) src = isObject(src) ? src[k] : undefined;
    let dst: Record<string, unknown> | undefined = obj;
    for (const k of p.slice(0, -1)) {
      if (!isObject(dst[k])) {
        if (src === undefined) {
          dst = undefined; // nothing stored and nothing here: already reset
          break;
        }
        dst[k] = {};
      }
      dst = dst[k] as Record<string, unknown>;
    }
    if (!dst) continue;
    const last = p[p.length - 1]!;
    if (src === undefined) delete dst[last];
    else dst[last] = clone(src);
  }
}
