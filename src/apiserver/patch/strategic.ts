/**
 * Public strategic merge patch operations: apply (what the API server does with
 * `application/strategic-merge-patch+json`) and the two- and three-way patch builders kubectl uses
 * (`kubectl apply` diffs the last-applied annotation, the new manifest and the live object).
 */
import { isObject } from '../types.ts';
import type { SchemaNode } from '../schema/node.ts';
import { copyJson, deepEqual, hasKey, type JsonMap } from './json.ts';
import { conflictError } from './mergepatch.ts';
import { lookupSlice, lookupStruct } from './meta.ts';
import { diffMaps } from './smp-diff.ts';
import { DIRECTIVE, deduplicateScalars, sliceElementType, sortScalars } from './smp-lists.ts';
import { DELETE_FROM_PRIMITIVE_LIST, mergeMap, RETAIN_KEYS, SET_ELEMENT_ORDER } from './smp-merge.ts';
import { patchBadRequest, patchInternal } from './status.ts';
import { goValue } from '../../lib/gofmt.ts';

/**
 * Applies a strategic merge patch to a copy of `doc`, reading list strategies and merge keys from
 * `schema` (the kind's resolved OpenAPI schema). With no schema, or under fields the schema does not
 * describe, maps merge and lists replace, i.e. JSON merge patch plus the `$patch` directives.
 * Upstream refuses the patch type for custom resources before getting here: the API server should
 * answer `strategicMergePatchUnsupported()` when the kind has no built-in schema.
 *
 * Errors are StatusErrors worded as upstream's: 400 for malformed directives, 422 for lists of lists,
 * 500 for the rest (a missing merge key, an unknown `$patch`), as the upstream handler returns them.
 */
export function applyStrategicMergePatch<T>(doc: T, patch: unknown, schema: SchemaNode | undefined): T {
  if (!isObject(patch)) throw patchBadRequest('invalid JSON document');
  const original = copyJson(doc) as unknown;
  if (!isObject(original)) throw patchBadRequest('invalid JSON document');
  const merged = mergeMap(original, copyJson(patch), schema, { mergeParallelList: true, ignoreUnmatchedNulls: true });
  return stripDirectives(copyJson(merged)) as T;
}

/**
 * Directive keys left inside values the patch added (where there was nothing to merge into) would be
 * dropped upstream when the result is decoded into the Go type; drop them here so they are never stored.
 */
function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) v.forEach(stripDirectives);
  else if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (k === DIRECTIVE || k === RETAIN_KEYS || k.startsWith(`${SET_ELEMENT_ORDER}/`) || k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)) delete v[k];
      else stripDirectives(v[k]);
    }
  }
  return v;
}

/** CreateTwoWayMergePatch: the patch that turns `original` into `modified`. */
export function createTwoWayMergePatch(original: JsonMap | undefined, modified: JsonMap | undefined, schema: SchemaNode | undefined): JsonMap {
  return copyJson(diffMaps(copyJson(original ?? {}), copyJson(modified ?? {}), schema, { setElementOrder: true }));
}

export interface ThreeWayOptions {
  /** kubectl's `--overwrite` (default true): with false, fields changed both by others and by us conflict. */
  overwrite: boolean;
}

/**
 * CreateThreeWayMergePatch: changes from `current` to `modified` without deletions, plus deletions
 * from `original` (the last-applied configuration) to `modified`, merged as two patches. Fields others
 * set on the live object survive unless we set them, and fields we stopped applying are removed.
 * Applying the result to `current` with applyStrategicMergePatch gives what `kubectl apply` would.
 */
export function createThreeWayMergePatch(
  original: JsonMap | undefined,
  modified: JsonMap | undefined,
  current: JsonMap | undefined,
  schema: SchemaNode | undefined,
  { overwrite }: ThreeWayOptions = { overwrite: true },
): JsonMap {
  // One copy each, mutated freely below as upstream mutates its decoded maps.
  const o = copyJson(original ?? {});
  const m = copyJson(modified ?? {});
  const c = copyJson(current ?? {});
  const delta = diffMaps(c, m, schema, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(o, m, schema, { setElementOrder: true, ignoreChangesAndAdditions: true });
  const patch = mergeMap(deletions, delta, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
  if (!overwrite) {
    const changed = diffMaps(o, c, schema, {});
    if (mapFieldsConflict(patch, changed, schema, '', '')) throw conflictError(patch, changed);
  }
  return copyJson(patch);
}

/** mergingMapFieldsHaveConflicts: does our patch touch what others changed, differently? */
function mapFieldsConflict(left: unknown, right: unknown, schema: SchemaNode | undefined, strategy: string, mergeKey: string): boolean {
  if (isObject(left)) {
    if (!isObject(right)) return true;
    const lm = hasKey(left, DIRECTIVE);
    const rm = hasKey(right, DIRECTIVE);
    if ((lm || rm) && (lm !== rm || left[DIRECTIVE] !== right[DIRECTIVE])) return true;
    if (strategy === 'replace') return false;
    return mapsConflict(left, right, schema);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesConflict(left, right, schema, strategy, mergeKey);
  }
  return !deepEqual(left, right);
}

function mapsConflict(left: JsonMap, right: JsonMap, schema: SchemaNode | undefined): boolean {
  for (const [key, lv] of Object.entries(left)) {
    if (key === DIRECTIVE || key === RETAIN_KEYS || !hasKey(right, key)) continue;
    const f = Array.isArray(lv) ? lookupSlice(schema, key) : isObject(lv) ? lookupStruct(schema, key) : undefined;
    if (mapFieldsConflict(lv, right[key], f?.schema, f?.meta.strategy ?? '', f?.meta.mergeKey ?? '')) return true;
  }
  return false;
}

function slicesConflict(left: unknown[], right: unknown[], itemSchema: SchemaNode | undefined, strategy: string, mergeKey: string): boolean {
  const kind = sliceElementType(left, right);
  if (strategy === 'merge') {
    // Merging lists of scalars cannot conflict; lists of maps conflict item by item.
    if (kind !== 'map') return false;
    const l = byMergeKey(left, mergeKey);
    const r = byMergeKey(right, mergeKey);
    return [...l].some(([k, v]) => r.has(k) && mapFieldsConflict(v, r.get(k), itemSchema, '', ''));
  }
  if (left.length !== right.length) return true;
  if (kind !== 'map') {
    left = sortScalars(deduplicateScalars(left));
    right = sortScalars(deduplicateScalars(right));
  }
  return left.some((v, i) => mapFieldsConflict(v, right[i], itemSchema, '', ''));
}

function byMergeKey(list: unknown[], mergeKey: string): Map<string, JsonMap> {
  const out = new Map<string, JsonMap>();
  for (const v of list) {
    if (!isObject(v)) throw patchInternal(`invalid element type in merging list:${goValue(list)}`);
    if (!hasKey(v, mergeKey)) throw patchInternal(`cannot find merge key \`${mergeKey}\` in merging list element:${goValue(v)}`);
    out.set(goValue(v[mergeKey]), v);
  }
  return out;
}
