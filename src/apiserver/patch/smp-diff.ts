/**
 * The diff half of strategic merge patch (strategicpatch.diffMaps and friends): the patch that turns
 * `original` into `modified`, with `$setElementOrder`, `$retainKeys`, `$deleteFromPrimitiveList` and
 * `$patch: delete` as kubectl emits them. Like upstream, lists of scalars in `original` are sorted in
 * place while diffing; callers pass copies.
 */
import type { SchemaNode } from '../schema/node.ts';
import { deepEqual, hasKey, kindOf, setKey, type JsonMap } from './json.ts';
import { lookupSlice, lookupStruct } from './meta.ts';
import { DELETE_FROM_PRIMITIVE_LIST, SET_ELEMENT_ORDER, RETAIN_KEYS } from './smp-merge.ts';
import {
  DIRECTIVE,
  deduplicateScalars,
  errBadArgType,
  errNoMergeKey,
  mergeKeyValueEqual,
  normalizeSliceOrder,
  sliceElementType,
  sortMapsByField,
  sortScalars,
} from './smp-lists.ts';
import { goValue } from '../../lib/gofmt.ts';
import { isObject } from '../types.ts';
import { patchInternal } from './status.ts';

export interface DiffOptions {
  setElementOrder?: boolean;
  ignoreChangesAndAdditions?: boolean;
  ignoreDeletions?: boolean;
  buildRetainKeysDirective?: boolean;
}

export function diffMaps(original: JsonMap, modified: JsonMap, schema: SchemaNode | undefined, opts: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeys: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (opts.buildRetainKeysDirective && modifiedValue !== null) retainKeys.push(key);
    if (!hasKey(original, key)) {
      if (!opts.ignoreChangesAndAdditions) setKey(patch, key, modifiedValue);
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE) {
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string') throw patchInternal(`invalid value for special key: ${DIRECTIVE}`);
      if (originalValue !== modifiedValue) patch[key] = modifiedValue;
      continue;
    }
    if (kindOf(originalValue) !== kindOf(modifiedValue)) {
      if (!opts.ignoreChangesAndAdditions) setKey(patch, key, modifiedValue);
      continue;
    }
    if (isObject(originalValue)) handleMapDiff(key, originalValue, modifiedValue as JsonMap, patch, schema, opts);
    else if (Array.isArray(originalValue)) handleSliceDiff(key, originalValue, modifiedValue as unknown[], patch, schema, opts);
    else replaceIfNotEqual(key, originalValue, modifiedValue, patch, opts);
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!hasKey(modified, key)) setKey(patch, key, null);
  }
  // Sent when something changes or when the live map has fields the retainKeys list would clear.
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) {
    patch[RETAIN_KEYS] = sortScalars(retainKeys);
  }
  return patch;
}

const hasAdditionalNewField = (original: JsonMap, modified: JsonMap) =>
  Object.entries(original).some(([k, v]) => v !== null && !hasKey(modified, k));

function replaceIfNotEqual(key: string, original: unknown, modified: unknown, patch: JsonMap, opts: DiffOptions): void {
  if (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)) setKey(patch, key, modified);
}

function handleMapDiff(key: string, original: JsonMap, modified: JsonMap, patch: JsonMap, schema: SchemaNode | undefined, opts: DiffOptions): void {
  const f = lookupStruct(schema, key);
  if (f.meta.strategy === 'replace') {
    if (!opts.ignoreChangesAndAdditions) setKey(patch, key, modified);
    return;
  }
  const sub = diffMaps(original, modified, f.schema, { ...opts, buildRetainKeysDirective: f.meta.retainKeys });
  if (Object.keys(sub).length > 0) setKey(patch, key, sub);
}

function handleSliceDiff(key: string, original: unknown[], modified: unknown[], patch: JsonMap, schema: SchemaNode | undefined, opts: DiffOptions): void {
  const f = lookupSlice(schema, key);
  if (f.meta.strategy !== 'merge') {
    replaceIfNotEqual(key, original, modified, patch, opts);
    return;
  }
  const [add, del, order] = diffLists(original, modified, f.schema, f.meta.mergeKey, { ...opts, buildRetainKeysDirective: f.meta.retainKeys });
  if (add.length > 0) setKey(patch, key, add);
  if (del.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

/** A merge list's patch, its parallel deletion list (scalars only) and its `$setElementOrder` list. */
function diffLists(
  original: unknown[],
  modified: unknown[],
  itemSchema: SchemaNode | undefined,
  mergeKey: string,
  opts: DiffOptions,
): [unknown[], unknown[], unknown[]] {
  if (original.length === 0) {
    return modified.length === 0 || opts.ignoreChangesAndAdditions ? [[], [], []] : [modified, [], []];
  }
  const kind = sliceElementType(original, modified);
  if (kind === 'map') {
    const [changes, deletions] = diffListsOfMaps(original, modified, itemSchema, mergeKey, opts);
    const ordered = normalizeSliceOrder(changes, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    const patchList = [...ordered, ...deletions];
    const wantOrder =
      opts.setElementOrder &&
      ((!opts.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!opts.ignoreDeletions && patchList.length > 0));
    const order = wantOrder ? modified.map((v) => ({ [mergeKey]: (v as JsonMap)[mergeKey] ?? null })) : [];
    return [patchList, [], order];
  }
  const [add, del] = diffListsOfScalars(original, modified, opts);
  const patchList = normalizeSliceOrder(add, modified, mergeKey, kind);
  // `original` was sorted in place above, so a mere reordering also counts as a change (as upstream).
  const wantOrder =
    opts.setElementOrder && ((!opts.ignoreDeletions && del.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)));
  return [patchList, del, wantOrder ? modified : []];
}

function isOrderSame(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => mergeKeyValueEqual(original[i], m, mergeKey));
}

/** Additions and deletions between two scalar lists, compared as sets of their `%v` strings. */
function diffListsOfScalars(original: unknown[], modified: unknown[], opts: DiffOptions): [unknown[], unknown[]] {
  const o = sortScalars(original);
  const m = sortScalars([...modified]);
  const add: unknown[] = [];
  const del: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const os = i < o.length ? goValue(o[i]) : undefined;
    const ms = j < m.length ? goValue(m[j]) : undefined;
    if (os !== undefined && ms !== undefined && os === ms) {
      i++;
      j++;
    } else if (os === undefined || (ms !== undefined && os > ms)) {
      if (!opts.ignoreChangesAndAdditions) add.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) del.push(o[i]);
      i++;
    }
  }
  return [add, deduplicateScalars(del)];
}

/** Changed and added items (changes reduced to their diff plus merge key), and delete directives. */
function diffListsOfMaps(
  original: unknown[],
  modified: unknown[],
  itemSchema: SchemaNode | undefined,
  mergeKey: string,
  opts: DiffOptions,
): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  const o = sortMapsByField(original, mergeKey);
  const m = modified.length ? (sliceElementType(modified), sortMapsByField(modified, mergeKey)) : [];
  const entry = (list: unknown[], i: number): [JsonMap, unknown, string] => {
    const v = list[i];
    if (!isObject(v)) throw errBadArgType('map[string]interface {}', v);
    if (!hasKey(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    return [v, v[mergeKey], goValue(v[mergeKey])];
  };
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const oe = i < o.length ? entry(o, i) : undefined;
    const me = j < m.length ? entry(m, j) : undefined;
    if (oe && me && oe[2] === me[2]) {
      const sub = diffMaps(oe[0], me[0], itemSchema, opts);
      if (Object.keys(sub).length > 0) {
        sub[mergeKey] = me[1];
        patch.push(sub);
      }
      i++;
      j++;
    } else if (me && (!oe || oe[2] > me[2])) {
      if (!opts.ignoreChangesAndAdditions) patch.push(me[0]);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletions.push({ [mergeKey]: oe![1], [DIRECTIVE]: 'delete' });
      i++;
    }
  }
  return [patch, deletions];
}
