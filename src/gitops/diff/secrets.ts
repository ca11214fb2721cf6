/** Secret handling: compare `stringData` as `data`, and never show values (Argo CD's HideSecretData). */
import { isObject, type KObject } from '../../apiserver/types.ts';

export const isSecret = (o: unknown): boolean => isObject(o) && o.kind === 'Secret' && o.apiVersion === 'v1';

/** Folds stringData into data (base64), as the API server does on write; nil values become "". In place. */
export function normalizeSecret(obj: Record<string, unknown>): void {
  if (!isSecret(obj)) return;
  const data = isObject(obj.data) ? obj.data : undefined;
  if (data) for (const k of Object.keys(data)) if (data[k] === null || data[k] === undefined) data[k] = '';
  if (isObject(obj.stringData) && Object.keys(obj.stringData).length > 0) {
    const merged: Record<string, unknown> = { ...(data ?? {}) };
    for (const [k, v] of Object.entries(obj.stringData)) merged[k] = Buffer.from(String(v ?? ''), 'utf8').toString('base64');
    obj.data = merged;
  }
  delete obj.stringData;
}

/**
 * Replaces each data value with a run of `+`, the same run for the same value across desired, live and
 * last-applied, so a reader still sees which values changed without seeing any of them. Returns copies.
 */
export function hideSecretData<T extends KObject | null>(desired: T, live: T, lastApplied?: Record<string, unknown> | null): [T, T, Record<string, unknown> | null] {
  const objs = [desired, live, lastApplied ?? null].map((o) => (o ? structuredClone(o) : null)) as Array<Record<string, unknown> | null>;
  for (const o of objs) if (o) normalizeSecret(o);
  const keys = new Set<string>();
  for (const o of objs) if (o && isObject(o.data)) Object.keys(o.data).forEach((k) => keys.add(k));
  for (const key of [...keys].sort()) {
    let next = '++++++++';
    const byValue = new Map<string, string>();
    for (const o of objs) {
      if (!o || !isObject(o.data) || !Object.hasOwn(o.data, key)) continue;
      const value = String(o.data[key] ?? '');
      let replacement = byValue.get(value);
      if (replacement === undefined) {
        replacement = next;
        next += '++++';
        byValue.set(value, replacement);
      }
      o.data[key] = replacement;
    }
  }
  return objs as [T, T, Record<string, unknown> | null];
}
