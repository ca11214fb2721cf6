/**
 * RFC 7386 JSON merge patch as evanphx/json-patch v4 implements it for the API server, its inverse
 * (CreateMergePatch), and kubectl's three-way variant for kinds without a Go struct
 * (k8s.io/apimachinery/pkg/util/jsonmergepatch), which is what `kubectl apply` sends for custom resources.
 */
import { StatusError } from '../errors.ts';
import { isObject } from '../types.ts';
import { copyJson, deepEqual, hasKey, kindOf, setKey, type JsonMap } from './json.ts';
import { patchBadRequest } from './status.ts';
import { stringify } from 'yaml';

/** jsonpatch.ErrBadJSONPatch, answered as 400 by the handler. */
const ERR_BAD_JSON_PATCH = 'Invalid JSON Patch';

/**
 * Applies a merge patch to a copy of `doc`: `null` deletes, objects merge recursively, anything else
 * (lists included) replaces. A patch that is not an object cannot yield an object and is a 400.
 */
export function applyMergePatch<T>(doc: T, patch: unknown): T {
  if (!isObject(patch)) throw patchBadRequest(ERR_BAD_JSON_PATCH);
  const target = copyJson(doc) as unknown;
  if (!isObject(target)) return pruneNulls(copyJson(patch)) as T;
  mergeDocs(target, copyJson(patch));
  return target as T;
}

function mergeDocs(doc: JsonMap, patch: JsonMap): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete doc[k];
    } else if (!hasKey(doc, k) || doc[k] === null) {
      setKey(doc, k, pruneNulls(v));
    } else {
      setKey(doc, k, merge(doc[k], v));
    }
  }
}

/** v4's merge(): nulls are pruned from the patch value only when the current value is not an object. */
function merge(cur: unknown, patch: unknown): unknown {
  if (!isObject(cur)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

/** Drops null members of objects, also inside lists (null list elements themselves stay). */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (!isObject(v)) return v;
  for (const k of Object.keys(v)) {
    if (v[k] === null) delete v[k];
    else v[k] = pruneNulls(v[k]);
  }
  return v;
}

/** jsonpatch.CreateMergePatch: the merge patch that turns `original` into `modified`. */
export function createMergePatch(original: JsonMap, modified: JsonMap): JsonMap {
  const into: JsonMap = {};
  for (const [k, b] of Object.entries(modified)) {
    const a = original[k];
    if (!hasKey(original, k) || kindOf(a) !== kindOf(b)) {
      setKey(into, k, copyJson(b));
    } else if (isObject(a)) {
      const sub = createMergePatch(a, b as JsonMap);
      if (Object.keys(sub).length > 0) setKey(into, k, sub);
    } else if (!deepEqual(a, b)) {
      setKey(into, k, copyJson(b));
    }
  }
  for (const k of Object.keys(original)) if (!hasKey(modified, k)) setKey(into, k, null);
  return into;
}

/**
 * jsonmergepatch.CreateThreeWayJSONMergePatch: additions and changes from `current` to `modified`,
 * plus deletions from `original` (the last-applied configuration) to `modified`. Fields set by others
 * and never applied by us survive. Lists are atomic, as in every merge patch.
 */
export function createThreeWayJsonMergePatch(original: JsonMap | undefined, modified: JsonMap | undefined, current: JsonMap | undefined): JsonMap {
  const addAndChange = keepOrDeleteNull(createMergePatch(current ?? {}, modified ?? {}), false);
  const deletions = keepOrDeleteNull(createMergePatch(original ?? {}, modified ?? {}), true);
  if (hasConflicts(addAndChange, deletions)) throw conflictError(addAndChange, deletions);
  // MergePatch(deletePatch, addAndChangePatch): the additions have no nulls, so this is a deep union.
  const patch = copyJson(deletions);
  mergeDocs(patch, copyJson(addAndChange));
  return patch;
}

/** keepOrDeleteNullInObj: keep only nulls (deletions), or only non-nulls (additions and changes). */
function keepOrDeleteNull(m: JsonMap, keepNull: boolean): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(m)) {
    if (v === null) {
      if (keepNull) setKey(out, k, null);
    } else if (isObject(v)) {
      // An explicitly empty map is a value, not an empty patch.
      if (Object.keys(v).length === 0) {
        if (!keepNull) setKey(out, k, v);
        continue;
      }
      const sub = keepOrDeleteNull(v, keepNull);
      if (Object.keys(sub).length > 0) setKey(out, k, sub);
    } else if (!keepNull) {
      setKey(out, k, v);
    }
  }
  return out;
}

/** mergepatch.HasConflicts: the same key set to different values on both sides. */
export function hasConflicts(left: unknown, right: unknown): boolean {
  if (isObject(left)) {
    if (!isObject(right)) return true;
    return Object.keys(left).some((k) => hasKey(right, k) && hasConflicts(left[k], right[k]));
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right) || left.length !== right.length) return true;
    return left.some((v, i) => hasConflicts(v, right[i]));
  }
  return !deepEqual(left, right);
}

/** mergepatch.NewErrConflict, rendered with sorted-key YAML as sigs.k8s.io/yaml would. */
export function conflictError(patch: unknown, changed: unknown): StatusError {
  const y = (v: unknown) => stringify(v, { sortMapEntries: true });
  return new StatusError('Conflict', `patch:\n${y(patch)}\nconflicts with changes made from original to current:\n${y(changed)}\n`);
}
