/**
 * Schema-aware walks over JSON values, mirroring structured-merge-diff's typed package: the field set
 * a value sets (ToFieldSet), the merge of an applied configuration into a live object (Merge), the
 * difference between two values (Compare) and removal of owned items (RemoveItems). Values are plain
 * JSON; `undefined` means "absent", which upstream distinguishes from an explicit null.
 */
import { badRequest } from '../errors.ts';
import type { SchemaNode } from '../schema/node.ts';
import { isObject } from '../types.ts';
import { emptySet, insert, isEmpty, withPrefix, type FieldSet } from './fieldset.ts';
import { pathString, peKey, type Path, type PathElement } from './path.ts';
import { childSchema, fieldSchema, listItemPE, resolve, type Atom } from './schema.ts';

type ListAtom = Atom & { kind: 'list' };

/** Deep JSON equality, insensitive to object key order (upstream value.Equals). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

const emptyish = (v: unknown) => v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);

/**
 * The element naming a list item. `strict` is for the applied configuration, where upstream rejects
 * items it cannot key; stored objects fall back to the index so a bad item never blocks a write.
 */
function itemPE(a: ListAtom, item: unknown, i: number, path: Path, strict: boolean): PathElement {
  const pe = listItemPE(a, item, i);
  if (typeof pe !== 'string') return pe;
  if (strict) throw badRequest(`failed to create typed patch object: ${pathString(path)}: element ${i}: ${pe}`);
  return { index: i };
}

function keyedItems(a: ListAtom, list: unknown[], path: Path, strict: boolean) {
  const pes = list.map((it, i) => itemPE(a, it, i, path, strict));
  const byKey = new Map<string, unknown>();
  pes.forEach((pe, i) => {
    const k = peKey(pe);
    if (byKey.has(k) && strict) throw badRequest(`failed to create typed patch object: ${pathString(path)}: duplicate entries for key ${pathString([pe])}`);
    if (!byKey.has(k)) byKey.set(k, list[i]);
  });
  return { pes, byKey };
}

// ---- ToFieldSet -------------------------------------------------------------------------------

/** Every field a value sets: leaves, list items, and map keys that are not declared struct fields. */
export function toFieldSet(value: unknown, node: SchemaNode | undefined, strict = false): FieldSet {
  const set = emptySet();
  walkSet(value, node, [], set, strict);
  return set;
}

function walkSet(v: unknown, node: SchemaNode | undefined, path: Path, set: FieldSet, strict: boolean): void {
  const a = resolve(node, v);
  if (a.kind === 'scalar' || (a.kind !== 'map' && a.type === 'atomic') || (a.kind === 'map' && a.atomic)) {
    insert(set, path);
    return;
  }
  if (a.kind === 'list') {
    if (!Array.isArray(v)) return;
    const { pes } = keyedItems(a, v, path, strict);
    v.forEach((item, i) => {
      const p = [...path, pes[i]!];
      walkSet(item, a.item, p, set, strict);
      insert(set, p);
    });
    return;
  }
  if (!isObject(v)) return;
  for (const [k, cv] of Object.entries(v)) {
    const { node: cn, declared } = fieldSchema(a, k);
    const p = [...path, { field: k }];
    walkSet(cv, cn, p, set, strict);
    // Empty maps and nulls are owned as such, and so is every free-form key (labels, deduced maps).
    if (cv === null || (isObject(cv) && Object.keys(cv).length === 0) || !declared) insert(set, p);
  }
}

/** Adds declared struct fields that have owned children as members too (upstream EnsureNamedFieldsAreMembers). */
export function ensureNamedFieldsAreMembers(s: FieldSet, node: SchemaNode | undefined): FieldSet {
  const a = resolve(node, undefined);
  const out: FieldSet = { members: new Map(s.members), children: new Map() };
  for (const [k, c] of s.children) {
    if ('field' in c.pe && a.kind === 'map' && fieldSchema(a, c.pe.field).declared) out.members.set(k, c.pe);
    out.children.set(k, { pe: c.pe, set: ensureNamedFieldsAreMembers(c.set, childSchema(a, c.pe)) });
  }
  return out;
}

// ---- Merge ------------------------------------------------------------------------------------

/** Merges `rhs` (the applied configuration) into `lhs` (the live object); undefined when nothing is left. */
export function merge(lhs: unknown, rhs: unknown, node: SchemaNode | undefined, path: Path = []): unknown {
  const al = lhs === undefined ? undefined : resolve(node, lhs);
  const ar = rhs === undefined ? undefined : resolve(node, rhs);
  const a = (ar ?? al)!;
  const leaf = () => (rhs !== undefined ? rhs : lhs);
  if (al && ar && al.kind !== ar.kind) return leaf(); // a deduced value changed shape
  if (a.kind === 'scalar') return leaf();
  if (a.kind === 'list') {
    const l = Array.isArray(lhs) ? lhs : undefined;
    const r = Array.isArray(rhs) ? rhs : undefined;
    if (a.type === 'atomic' || (emptyish(l) && emptyish(r))) return leaf();
    return mergeList(a, l ?? [], r ?? [], path);
  }
  const l = isObject(lhs) ? lhs : undefined;
  const r = isObject(rhs) ? rhs : undefined;
  // Empty on both sides is a leaf, which keeps the {} / null distinction the client chose.
  if (a.atomic || (emptyish(l) && emptyish(r))) return leaf();
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(l ?? {}), ...Object.keys(r ?? {})])) {
    const v = merge(l?.[k], r?.[k], fieldSchema(a, k).node, [...path, { field: k }]);
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Upstream's list merge order: shared items follow the applied order, live-only items keep their
 * place relative to them, applied-only items land where the configuration puts them.
 */
function mergeList(a: ListAtom, l: unknown[], r: unknown[], path: Path): unknown[] | undefined {
  const L = keyedItems(a, l, path, false);
  const R = keyedItems(a, r, path, true);
  const lk = L.pes.map(peKey);
  const rk = R.pes.map(peKey);
  const shared = rk.filter((k) => L.byKey.has(k));
  let si = 0;
  const done = new Set<string>();
  const out: unknown[] = [];
  const take = (k: string, pe: PathElement, lv: unknown, rv: unknown) => {
    const v = merge(lv, rv, a.item, [...path, pe]);
    if (v !== undefined) out.push(v);
    done.add(k);
  };
  let li = 0;
  let ri = 0;
  while (li < l.length || ri < r.length) {
    if (li < l.length && ri < r.length) {
      if (lk[li] === rk[ri]) {
        take(lk[li]!, L.pes[li]!, L.byKey.get(lk[li]!), R.byKey.get(rk[ri]!));
        li++;
        ri++;
        si++;
        continue;
      }
      if (R.byKey.has(lk[li]!) && si < shared.length && shared[si] !== lk[li]) {
        li++; // a shared item, but not the next one in applied order
        continue;
      }
    }
    if (li < l.length) {
      if (!R.byKey.has(lk[li]!)) {
        take(lk[li]!, L.pes[li]!, l[li], undefined);
        li++;
        continue;
      }
      if (done.has(lk[li]!)) {
        li++;
        continue;
      }
    }
    if (ri < r.length) {
      const k = rk[ri]!;
      take(k, R.pes[ri]!, L.byKey.get(k), R.byKey.get(k));
      ri++;
      if (si < shared.length && shared[si] === k) si++;
    }
  }
  return out.length > 0 ? out : undefined;
}

// ---- Compare ----------------------------------------------------------------------------------

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * What changed from lhs to rhs (upstream TypedValue.Compare): leaves are added/modified/removed, and a
 * map or list that appears or disappears as a whole is itself added/removed.
 *
 * `zeroRoot` approximates upstream creating from a typed Go zero value: struct fields present in that
 * zero value (declared struct-typed or required fields, reached through such fields from the root)
 * are not reported as added, so creates of built-in kinds do not claim `.spec` itself.
 */
export function compare(lhs: unknown, rhs: unknown, node: SchemaNode | undefined, zeroRoot = false): Comparison {
  const c: Comparison = { added: emptySet(), modified: emptySet(), removed: emptySet() };
  walkCompare(lhs, rhs, node, [], c, zeroRoot);
  return c;
}

function walkCompare(l: unknown, r: unknown, node: SchemaNode | undefined, path: Path, c: Comparison, zero: boolean): void {
  const al = l === undefined ? undefined : resolve(node, l);
  const ar = r === undefined ? undefined : resolve(node, r);
  const a = (ar ?? al)!;
  const leaf = () => {
    // An empty struct the Go zero value already had is no change at all.
    if (l === undefined && zero && isObject(r) && Object.keys(r).length === 0) return;
    if (l === undefined) insert(c.added, path);
    else if (r === undefined) insert(c.removed, path);
    else if (!jsonEqual(l, r)) insert(c.modified, path);
  };
  if ((al && ar && al.kind !== ar.kind) || a.kind === 'scalar') return leaf();
  if (a.kind === 'list') {
    const ll = Array.isArray(l) ? l : [];
    const rl = Array.isArray(r) ? r : [];
    if (a.type === 'atomic' || (ll.length === 0 && rl.length === 0)) return leaf();
    const L = keyedItems(a, ll, path, false);
    const R = keyedItems(a, rl, path, false);
    const seen = new Set<string>();
    L.pes.forEach((pe, i) => {
      const k = peKey(pe);
      if (seen.has(k)) return;
      seen.add(k);
      walkCompare(ll[i], R.byKey.get(k), a.item, [...path, pe], c, false);
    });
    R.pes.forEach((pe, i) => {
      const k = peKey(pe);
      if (seen.has(k)) return;
      seen.add(k);
      walkCompare(undefined, rl[i], a.item, [...path, pe], c, false);
    });
  } else {
    const lm = isObject(l) ? l : {};
    const rm = isObject(r) ? r : {};
    if (a.atomic || (Object.keys(lm).length === 0 && Object.keys(rm).length === 0)) return leaf();
    for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
      const { node: cn, declared } = fieldSchema(a, k);
      const cr = cn ? resolve(cn, undefined) : undefined;
      const childZero = zero && declared && ((cr?.kind === 'map' && !!cr.fields) || !!a.required?.includes(k));
      walkCompare(lm[k], rm[k], cn, [...path, { field: k }], c, childZero);
    }
  }
  if (l === undefined && !zero) insert(c.added, path);
  else if (r === undefined && l !== undefined) insert(c.removed, path);
}

// ---- RemoveItems ------------------------------------------------------------------------------

/** The value without the paths in `toRemove` (upstream RemoveItems); undefined when nothing is left. */
export function removeItems(v: unknown, toRemove: FieldSet, node: SchemaNode | undefined, path: Path = []): unknown {
  if (isEmpty(toRemove)) return v;
  const a = resolve(node, v);
  if (a.kind === 'list' && Array.isArray(v) && a.type !== 'atomic') {
    const out: unknown[] = [];
    v.forEach((item, i) => {
      const pe = itemPE(a, item, i, path, false);
      if (toRemove.members.has(peKey(pe))) return;
      const rest = removeItems(item, withPrefix(toRemove, pe), a.item, [...path, pe]);
      if (rest !== undefined) out.push(rest);
    });
    return out.length > 0 ? out : undefined;
  }
  if (a.kind === 'map' && isObject(v) && !a.atomic) {
    const out: Record<string, unknown> = {};
    for (const [k, cv] of Object.entries(v)) {
      const pe = { field: k };
      if (toRemove.members.has(peKey(pe))) continue;
      // Upstream leaves a null where a map or list emptied out; we drop the key instead.
      const rest = removeItems(cv, withPrefix(toRemove, pe), fieldSchema(a, k).node, [...path, pe]);
      if (rest !== undefined) out[k] = rest;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return v;
}
