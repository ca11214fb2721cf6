/**
 * The merge half of strategic merge patch (strategicpatch.mergeMap and friends). Operates in place on
 * values the caller has already copied, as the Go code does; `applyStrategicMergePatch` is the pure
 * entry point. The same code merges two patches when kubectl builds a three-way patch
 * (`mergeParallelList: false`), where directives are carried over instead of executed.
 */
import { isObject } from '../types.ts';
import type { SchemaNode } from '../schema/node.ts';
import { goValue } from '../../lib/gofmt.ts';
import { deepEqual, hasKey, kindOf, setKey, type JsonMap } from './json.ts';
import { lookupSlice, lookupStruct, schemaName } from './meta.ts';
import {
  DIRECTIVE,
  deduplicateScalars,
  deleteFromSlice,
  errBadArgType,
  errNoMergeKey,
  extractToDeleteItems,
  findMapInSlice,
  mergeKeyValueEqual,
  normalizeElementOrder,
  partitionByPresence,
  sliceElementType,
} from './smp-lists.ts';
import {
  ErrBadPatchFormatForPrimitiveList,
  ErrBadPatchFormatForRetainKeys,
  ErrBadPatchFormatForSetElementOrderList,
  patchBadRequest,
  patchInternal,
} from './status.ts';

export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

export interface MergeOptions {
  /** Execute `$deleteFromPrimitiveList`/`$setElementOrder`/`$retainKeys` (server side) or keep them. */
  mergeParallelList: boolean;
  /** Drop nulls that match nothing (server side) or keep them as deletions (when merging patches). */
  ignoreUnmatchedNulls: boolean;
}

export function mergeMap(original: JsonMap | undefined, patch: JsonMap, schema: SchemaNode | undefined, opts: MergeOptions): JsonMap {
  if (hasKey(patch, DIRECTIVE)) return handleDirectiveInMergeMap(patch[DIRECTIVE], patch);
  original ??= {};
  applyRetainKeysDirective(original, patch, opts);
  mergePatchIntoOriginal(original, patch, schema, opts);

  for (const [rawKey, patchV] of Object.entries(patch)) {
    let k = rawKey;
    let isDeleteList = false;
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      if (!opts.mergeParallelList) {
        setKey(original, rawKey, patchV);
        continue;
      }
      k = extractKey(rawKey, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete original[k];
      if (opts.ignoreUnmatchedNulls) continue;
    }
    if (!hasKey(original, k) || kindOf(original[k]) !== kindOf(patchV)) {
      // A deletion list for a list that is not there deletes nothing.
      if (!isDeleteList) takePatchValue(original, k, patchV, opts);
      continue;
    }
    const kind = kindOf(patchV);
    if (kind === 'map') {
      const f = lookupStruct(schema, k);
      setKey(original, k, mergeMapHandler(original[k], patchV, f.schema, f.meta.strategy, opts));
    } else if (kind === 'slice') {
      const f = lookupSlice(schema, k);
      setKey(original, k, mergeSliceHandler(original[k], patchV, f.schema, f.meta.strategy, f.meta.mergeKey, isDeleteList, opts));
    } else {
      takePatchValue(original, k, patchV, opts);
    }
  }
  return original;
}

/** A value with nothing to merge into: taken as is, minus directives (and unmatched nulls on the server). */
function takePatchValue(original: JsonMap, k: string, patchV: unknown, opts: MergeOptions): void {
  if (opts.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
  const [v, keep] = removeDirectives(patchV);
  if (keep) setKey(original, k, v);
  else delete original[k];
}

function discardNullValuesFromPatch(v: unknown): void {
  if (Array.isArray(v)) v.forEach(discardNullValuesFromPatch);
  else if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValuesFromPatch(v[k]);
    }
  }
}

/** removeDirectives: a map carrying `$patch` is dropped wherever it sits in a new value. */
function removeDirectives(v: unknown): [unknown, boolean] {
  if (isObject(v)) {
    if (hasKey(v, DIRECTIVE)) return [null, false];
    for (const k of Object.keys(v)) {
      const [nv, keep] = removeDirectives(v[k]);
      if (keep) v[k] = nv;
      else delete v[k];
    }
    return [v, true];
  }
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const x of v) {
      const [nx, keep] = removeDirectives(x);
      if (keep) out.push(nx);
    }
    return [out, true];
  }
  return [v, true];
}

/** `$patch: replace` takes the map as given, `$patch: delete` empties it; `merge` is not valid on a map. */
function handleDirectiveInMergeMap(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === 'delete') return {};
  throw patchInternal(`unknown patch type: ${goValue(directive)} in map: ${goValue(patch)}`);
}

/** extractKey: `$prefix/field` → `field`. */
function extractKey(s: string, prefix: string): string {
  const i = s.indexOf('/');
  if (i < 0 || s.slice(0, i) !== prefix) {
    throw patchBadRequest(prefix === DELETE_FROM_PRIMITIVE_LIST ? ErrBadPatchFormatForPrimitiveList : ErrBadPatchFormatForSetElementOrderList);
  }
  return s.slice(i + 1);
}

/**
 * `$retainKeys` clears every field of `original` not listed. Every non-null field the patch sets must
 * be listed, else the patch is malformed. Between two patches it is copied and must agree.
 */
function applyRetainKeysDirective(original: JsonMap, patch: JsonMap, opts: MergeOptions): void {
  if (!hasKey(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!opts.mergeParallelList) {
    if (hasKey(original, RETAIN_KEYS)) {
      if (!deepEqual(original[RETAIN_KEYS], retain)) {
        throw patchInternal(`${goValue(original[RETAIN_KEYS])} and ${goValue(retain)} are not deep equal: this may happen when calculating the 3-way diff patch`);
      }
    } else setKey(original, RETAIN_KEYS, retain);
    return;
  }
  if (!Array.isArray(retain)) throw patchBadRequest(ErrBadPatchFormatForRetainKeys);
  const keep = new Set(retain.filter((v): v is string => typeof v === 'string'));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw patchBadRequest(ErrBadPatchFormatForRetainKeys);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * mergePatchIntoOriginal: each `$setElementOrder/<field>` is merged together with its list, and the
 * result is ordered by it (precedence: `$setElementOrder`, then patch order, then live order).
 */
function mergePatchIntoOriginal(original: JsonMap, patch: JsonMap, schema: SchemaNode | undefined, opts: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    if (!opts.mergeParallelList) {
      if (hasKey(original, key)) {
        if (!deepEqual(original[key], order)) throw patchBadRequest(ErrBadPatchFormatForSetElementOrderList);
      } else setKey(original, key, order);
    }
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('[]interface {}', order);
    const field = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = hasKey(original, field);
    const foundPatch = hasKey(patch, field);
    if (foundOriginal && !Array.isArray(original[field])) throw errBadArgType('[]interface {}', original[field]);
    if (foundPatch && !Array.isArray(patch[field])) throw errBadArgType('[]interface {}', patch[field]);
    const originalList = (foundOriginal ? original[field] : []) as unknown[];
    const patchList = (foundPatch ? patch[field] : []) as unknown[];
    const f = lookupSlice(schema, field);
    const mergeKey = f.meta.mergeKey;
    validatePatchWithSetOrderList(patchList, order, mergeKey);

    if (!foundOriginal && !foundPatch) continue;
    const merged =
      foundOriginal && foundPatch
        ? mergeSliceHandler(originalList, patchList, f.schema, f.meta.strategy, mergeKey, false, opts)
        : foundOriginal
          ? originalList
          : patchList;
    const [patchItems, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const kind = sliceElementType(originalList, patchList);
    setKey(original, field, normalizeElementOrder(patchItems, serverOnly, order, originalList, mergeKey, kind));
    delete patch[field];
  }
}

/** The patch list (deletions aside) must be a subsequence of `$setElementOrder`. */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? extractToDeleteItems(patchList)[0] : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < order.length) {
    if (isObject(nonDelete[p]) && hasKey(nonDelete[p] as JsonMap, DIRECTIVE)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[p], order[s], mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= order.length) {
    throw patchInternal(`The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`);
  }
}

function mergeMapHandler(original: unknown, patch: unknown, schema: SchemaNode | undefined, strategy: string, opts: MergeOptions): JsonMap {
  if (!isObject(original)) throw errBadArgType('map[string]interface {}', original);
  if (!isObject(patch)) throw errBadArgType('map[string]interface {}', patch);
  return strategy === 'replace' ? patch : mergeMap(original, patch, schema, opts);
}

function mergeSliceHandler(
  original: unknown,
  patch: unknown,
  itemSchema: SchemaNode | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  opts: MergeOptions,
): unknown[] {
  if (!Array.isArray(original)) throw errBadArgType('[]interface {}', original);
  if (!Array.isArray(patch)) throw errBadArgType('[]interface {}', patch);
  // Upstream quirk kept: a `$deleteFromPrimitiveList` on a list without merge strategy replaces it.
  return strategy === 'merge' ? mergeSlice(original, patch, itemSchema, mergeKey, opts, isDeleteList) : patch;
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  itemSchema: SchemaNode | undefined,
  mergeKey: string,
  opts: MergeOptions,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: unknown[];
  if (kind !== 'map') {
    if (opts.mergeParallelList && isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw patchInternal(`cannot merge lists without merge key for ${schemaName(itemSchema)}`);
    [original, patch] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(original, patch, mergeKey, itemSchema, opts);
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, kind);
}

/** `$patch: delete` elements remove by merge key, `$patch: replace` drops the live list. */
function mergeSliceWithSpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch as JsonMap[]) {
    if (!hasKey(v, DIRECTIVE)) {
      plain.push(v);
      continue;
    }
    const directive = v[DIRECTIVE];
    if (directive === 'delete') {
      if (!hasKey(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      for (let hit = findMapInSlice(original, mergeKey, v[mergeKey]); hit; hit = findMapInSlice(original, mergeKey, v[mergeKey])) {
        original = [...original.slice(0, hit.index), ...original.slice(hit.index + 1)];
      }
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw patchInternal('merging lists cannot yet be specified in the patch');
    } else {
      throw patchInternal(`unknown patch type: ${goValue(directive)} in map: ${goValue(v)}`);
    }
  }
  return replace ? [plain, []] : [original, plain];
}

function mergeSliceWithoutSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  itemSchema: SchemaNode | undefined,
  opts: MergeOptions,
): unknown[] {
  const out = [...original];
  for (const v of patch as JsonMap[]) {
    if (!hasKey(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    const hit = findMapInSlice(out, mergeKey, v[mergeKey]);
    if (hit) out[hit.index] = mergeMap(hit.map, v, itemSchema, opts);
    else out.push(v);
  }
  return out;
}
