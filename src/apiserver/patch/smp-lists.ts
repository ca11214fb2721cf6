/**
 * List helpers of strategic merge patch: element typing, merge-key lookups and the ordering rules of
 * the "preserve order in strategic merge patch" design (patch order first, then live order). Ported
 * from strategicpatch/patch.go closely enough that the same inputs give the same element order.
 */
import { isObject } from '../types.ts';
import { goType, goValue } from '../../lib/gofmt.ts';
import { kindOf, type JsonKind, type JsonMap } from './json.ts';
import { ErrNoListOfLists, patchInternal, unprocessable } from './status.ts';

export const DIRECTIVE = '$patch';

export const errNoMergeKey = (m: unknown, key: string) => patchInternal(`map: ${goValue(m)} does not contain declared merge key: ${key}`);
export const errBadArgType = (expected: string, actual: unknown) => patchInternal(`expected a ${expected}, but received a ${goType(actual)}`);

/** sliceElementType: the one kind shared by every element, never a list. */
export function sliceElementType(...lists: unknown[][]): JsonKind {
  let prev: JsonKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (prev === undefined) {
        if (k === 'slice') throw unprocessable(ErrNoListOfLists);
        prev = k;
      } else if (prev !== k) {
        throw patchInternal(`list element types are not identical: ${goValue(lists)}`);
      }
    }
  }
  if (prev === undefined) throw patchInternal('no elements in any of the given slices');
  return prev;
}

/** Go's `%v` of a scalar: how upstream sorts and compares scalars and merge-key values. */
const str = (v: unknown) => goValue(v);

/** sortScalars, in place (upstream sorts in place too, and later code observes it). */
export function sortScalars<T>(s: T[]): T[] {
  return s.sort((a, b) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0));
}

/** sortMapsBasedOnField: a sorted copy, by the `%v` of each map's merge-key value. */
export function sortMapsByField(s: unknown[], key: string): unknown[] {
  const k = (m: unknown) => str((m as JsonMap)[key]);
  return [...s].sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
}

/** deduplicateScalars: swaps each duplicate with the last element; the order is fixed up later. */
export function deduplicateScalars(s: unknown[]): unknown[] {
  s = [...s];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s = s.slice(0, length);
        length--;
        j--;
      }
    }
  }
  return s;
}

/** The value `index` compares: the merge-key value of maps, the element itself otherwise. */
const keyOf = (item: unknown, mergeKey: string, kind: JsonKind) =>
  kind === 'map' ? (isObject(item) ? (item[mergeKey] ?? null) : null) : item;

/** index(): position of the first element with the same key, or -1. */
function indexIn(l: unknown[], v: unknown, mergeKey: string, kind: JsonKind): number {
  const want = keyOf(v, mergeKey, kind);
  return l.findIndex((x) => keyOf(x, mergeKey, kind) === want);
}

export function findMapInSlice(m: unknown[], key: string, value: unknown): { map: JsonMap; index: number } | undefined {
  for (let i = 0; i < m.length; i++) {
    const v = m[i];
    if (!isObject(v)) throw patchInternal(`value for key ${i} is not a map.`);
    if (Object.hasOwn(v, key) && v[key] === value) return { map: v, index: i };
  }
  return undefined;
}

export function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw errBadArgType('map[string]interface {}', item);
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** extractToDeleteItems: elements with `$patch: delete` are kept apart (and go last). */
export function extractToDeleteItems(l: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const del: unknown[] = [];
  for (const v of l) {
    if (!isObject(v)) throw errBadArgType('map[string]interface {}', v);
    (v[DIRECTIVE] === 'delete' ? del : keep).push(v);
  }
  return [keep, del];
}

/**
 * normalizeSliceOrder: sorts `toSort` by position in `order`. Go's sort.SliceStable is an insertion
 * sort for short lists and the comparator treats unknown elements as "less"; we run the same insertion
 * sort so that even that case orders like upstream.
 */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: JsonKind): unknown[] {
  let del: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    [toSort, del] = extractToDeleteItems(toSort);
  }
  const s = [...toSort];
  const pos = s.map((v) => indexIn(order, v, mergeKey, kind));
  const less = (a: number, b: number) => (pos[a]! >= 0 && pos[b]! >= 0 ? pos[a]! < pos[b]! : true);
  for (let i = 1; i < s.length; i++) {
    for (let j = i; j > 0 && less(j, j - 1); j--) {
      [s[j], s[j - 1]] = [s[j - 1], s[j]];
      [pos[j], pos[j - 1]] = [pos[j - 1]!, pos[j]!];
    }
  }
  return [...s, ...del];
}

/**
 * normalizeElementOrder: patch items in patch order, server-only items in live order, then interleaved
 * by live position. An item new to the list has no live position and wins every comparison, which is
 * why upstream puts items added without `$setElementOrder` first.
 */
export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: JsonKind,
): unknown[] {
  const right = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Splits `merged` into the items whose key appears in `by` and the rest. */
export function partitionByPresence(merged: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  if (mergeKey === '') {
    const set = new Set(by.map(scalarKey));
    for (const v of merged) (set.has(scalarKey(v)) ? inPatch : serverOnly).push(v);
    return [inPatch, serverOnly];
  }
  for (const v of merged) {
    if (!isObject(v)) throw errBadArgType('map[string]interface {}', v);
    if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findMapInSlice(by, mergeKey, v[mergeKey]) ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** Go map keys compare by dynamic type and value; a typed tag keeps 1 and "1" apart. */
const scalarKey = (v: unknown) => `${typeof v}:${typeof v === 'object' ? JSON.stringify(v) : String(v)}`;

export function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  if (!isObject(left)) throw errBadArgType('map[string]interface {}', left);
  if (!isObject(right)) throw errBadArgType('map[string]interface {}', right);
  if (!Object.hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}

/** deleteFromSlice: the parallel `$deleteFromPrimitiveList` list removes every equal scalar. */
export function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const del = new Set(toDelete.map(scalarKey));
  return current.filter((v) => !del.has(scalarKey(v)));
}
