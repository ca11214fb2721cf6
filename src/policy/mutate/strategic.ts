/**
 * Strategic merge of a (preprocessed) overlay into a resource, as kustomize's patchstrategicmerge
 * filter does without a schema: maps merge key by key, `null` deletes, lists of maps merge by an
 * associative key (name, mountPath, ...), other lists are replaced; `$patch: delete|replace` honoured.
 */
import { preprocessOverlay, ConditionError, GlobalConditionError } from './preprocess.ts';

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

// kyaml's AssociativeSequenceKeys, plus `port` for Service ports
const ASSOCIATIVE_KEYS = ['name', 'mountPath', 'devicePath', 'ip', 'type', 'topologyKey', 'containerPort', 'port'];

const DELETE = Symbol('delete');

function stripDirectives(v: unknown): unknown {
  if (isMap(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) if (k !== '$patch' && x !== null) out[k] = stripDirectives(x);
    return out;
  }
  if (Array.isArray(v)) return v.map(stripDirectives);
  return v;
}

function mergeMap(base: unknown, patch: Obj): unknown {
  if (patch.$patch === 'delete') return DELETE;
  if (patch.$patch === 'replace' || !isMap(base)) return stripDirectives(patch);
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch') continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const merged = merge(out[k], v);
    if (merged === DELETE) delete out[k];
    else out[k] = merged;
  }
  return out;
}

function associativeKey(patch: unknown[]): string | undefined {
  if (!patch.every(isMap)) return undefined;
  return ASSOCIATIVE_KEYS.find((k) => patch.every((e) => (e as Obj)[k] !== undefined && (e as Obj)[k] !== null));
}

function mergeList(base: unknown, patch: unknown[]): unknown {
  const key = associativeKey(patch);
  if (!key || !Array.isArray(base)) return stripDirectives(patch);
  const out = [...base];
  for (const el of patch as Obj[]) {
    const i = out.findIndex((b) => isMap(b) && b[key] === el[key]);
    if (i < 0) {
      if (el.$patch !== 'delete') out.push(stripDirectives(el));
      continue;
    }
    const merged = merge(out[i], el);
    if (merged === DELETE) out.splice(i, 1);
    else out[i] = merged;
  }
  return out;
}

function merge(base: unknown, patch: unknown): unknown {
  if (isMap(patch)) return mergeMap(base, patch);
  if (Array.isArray(patch)) return mergeList(base, patch);
  return clone(patch);
}

export type StrategicResult = { patched: unknown; skipped?: string };

/**
 * Applies a patchStrategicMerge overlay with Kyverno's anchors. When a condition does not hold the
 * overlay is empty and the resource comes back unchanged, as upstream does.
 */
export function applyStrategicMerge(resource: unknown, overlay: unknown): StrategicResult {
  let processed: unknown;
  try {
    processed = preprocessOverlay(overlay, resource);
  } catch (e) {
    if (e instanceof ConditionError || e instanceof GlobalConditionError) return { patched: clone(resource), skipped: e.message };
    throw new Error(`failed to preProcess rule: ${(e as Error).message}`);
  }
  const merged = merge(clone(resource), processed);
  return { patched: merged === DELETE ? {} : merged };
}
