/**
 * `managedFieldsManagers`: changes that trusted managers (an HPA, an operator) made to live are not drift.
 * As Argo CD's managedfields.Normalize: for each field a trusted manager owns (from live's managedFields
 * FieldsV1) whose value differs between live and desired, the field is removed from both.
 */
import { isObject } from '../../apiserver/types.ts';

type Step = { field: string } | { key: Record<string, unknown> } | { index: number };

/** Leaf paths of a FieldsV1 set (`f:spec: {f:replicas: {}}` → [[spec, replicas]]). */
export function fieldsV1Leaves(set: unknown, prefix: Step[] = []): Step[][] {
  if (!isObject(set)) return [];
  const out: Step[][] = [];
  for (const [k, v] of Object.entries(set)) {
    if (k === '.') continue;
    const step = parseStep(k);
    if (!step) continue;
    const path = [...prefix, step];
    if (isObject(v) && Object.keys(v).some((c) => c !== '.')) out.push(...fieldsV1Leaves(v, path));
    else out.push(path);
  }
  return out;
}

function parseStep(k: string): Step | undefined {
  try {
    if (k.startsWith('f:')) return { field: k.slice(2) };
    if (k.startsWith('k:')) {
      const key: unknown = JSON.parse(k.slice(2));
      return isObject(key) ? { key } : undefined;
    }
    if (k.startsWith('i:')) return { index: Number(k.slice(2)) };
  } catch {
    // An unreadable entry only means that field stays compared.
  }
  return undefined; // `v:` (set members) are left compared.
}

/** The container holding the last step, and how to address it. */
function locate(doc: unknown, path: Step[]): { parent: Record<string, unknown> | unknown[]; at: string | number } | undefined {
  let cur: unknown = doc;
  for (let i = 0; i < path.length; i++) {
    const s = path[i];
    let at: string | number;
    if ('field' in s) {
      if (!isObject(cur) || !Object.hasOwn(cur, s.field)) return undefined;
      at = s.field;
    } else {
      if (!Array.isArray(cur)) return undefined;
      at = 'index' in s ? s.index : cur.findIndex((e) => isObject(e) && Object.entries(s.key).every(([k, v]) => deepEqual(e[k], v)));
      if (at < 0 || at >= cur.length) return undefined;
    }
    if (i === path.length - 1) return { parent: cur as Record<string, unknown> | unknown[], at };
    cur = (cur as Record<string | number, unknown>)[at];
  }
  return undefined;
}

function remove(loc: { parent: Record<string, unknown> | unknown[]; at: string | number }): void {
  if (Array.isArray(loc.parent)) loc.parent.splice(loc.at as number, 1);
  else delete loc.parent[loc.at as string];
}

/** Removes, in place from both, the fields trusted managers own and desired would change. */
export function normalizeManagedFields(live: Record<string, unknown>, desired: Record<string, unknown>, trusted: string[]): void {
  if (trusted.length === 0) return;
  const entries = (live.metadata as { managedFields?: unknown } | undefined)?.managedFields;
  if (!Array.isArray(entries)) return;
  for (const entry of entries) {
    if (!isObject(entry) || typeof entry.manager !== 'string' || !trusted.includes(entry.manager)) continue;
    // Deepest paths first, so removing a list element never shifts one still to be visited.
    for (const path of fieldsV1Leaves(entry.fieldsV1).reverse()) {
      const inLive = locate(live, path);
      const inDesired = locate(desired, path);
      if (!inLive || !inDesired) continue;
      const liveValue = (inLive.parent as Record<string | number, unknown>)[inLive.at];
      const desiredValue = (inDesired.parent as Record<string | number, unknown>)[inDesired.at];
      if (deepEqual(liveValue, desiredValue)) continue;
      remove(inLive);
      remove(inDesired);
    }
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}
