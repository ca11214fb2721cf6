/**
 * Predicts live after applying desired, as gitops-engine's ThreeWayDiff does with a three-way merge patch:
 * - fields desired sets take desired's value;
 * - fields only live has (server defaults, other managers' fields) stay, so they never count as drift;
 * - fields the last applied configuration had and desired no longer has are deleted. Without a last-applied
 *   configuration gitops-engine passes desired as the "original" (TwoWayDiff), so nothing is deleted: we do
 *   the same, which is why a field removed from Git is only noticed through last-applied.
 * Lists of built-in types merge by their strategic-merge key (containers by name, ports by port, ...), keeping
 * live-only items; lists of other types are atomic, as JSON merge patch (equal lengths merge item by item so
 * server defaults inside items do not count, which is what gitops-engine's RemoveListFields achieves).
 */
import { isObject } from '../../apiserver/types.ts';
import { deepEqual } from './managedfields.ts';

/** Strategic-merge keys of Kubernetes' list fields, by field name. */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  hostAliases: ['ip'],
  conditions: ['type'],
  ownerReferences: ['uid'],
  topologySpreadConstraints: ['topologyKey'],
  resourceClaims: ['name'],
  // Container ports merge by containerPort, Service ports by port.
  ports: ['containerPort', 'port'],
};
/** Lists of scalars Kubernetes merges as sets. */
const SET_LISTS = new Set(['finalizers']);

export interface MergeMode {
  /** Strategic-merge semantics (built-in types) rather than JSON merge (custom resources). */
  strategic: boolean;
}

export function predictLive(orig: unknown, config: unknown, live: unknown, mode: MergeMode, field = ''): unknown {
  if (isObject(config) && isObject(live)) return mergeMaps(isObject(orig) ? orig : undefined, config, live, mode);
  if (Array.isArray(config) && Array.isArray(live)) return mergeLists(Array.isArray(orig) ? orig : undefined, config, live, mode, field);
  return structuredClone(config);
}

function mergeMaps(orig: Record<string, unknown> | undefined, config: Record<string, unknown>, live: Record<string, unknown>, mode: MergeMode) {
  const out: Record<string, unknown> = { ...live };
  for (const [k, v] of Object.entries(config)) {
    if (v === null) delete out[k]; // JSON merge: null means "remove"
    else out[k] = Object.hasOwn(live, k) ? predictLive(orig?.[k], v, live[k], mode, k) : structuredClone(v);
  }
  if (orig) for (const k of Object.keys(orig)) if (!Object.hasOwn(config, k)) delete out[k];
  return out;
}

function mergeLists(orig: unknown[] | undefined, config: unknown[], live: unknown[], mode: MergeMode, field: string): unknown[] {
  if (mode.strategic) {
    const key = mergeKeyOf(field, config, live);
    if (key) return mergeKeyed(orig, config, live, mode, key);
    if (SET_LISTS.has(field)) {
      const removed = new Set((orig ?? []).filter((x) => !config.includes(x)));
      return [...config, ...live.filter((x) => !config.includes(x) && !removed.has(x))];
    }
  }
  if (config.length !== live.length) return structuredClone(config);
  return config.map((c, i) => predictLive(orig?.[i], c, live[i], mode, field));
}

/** The merge key when every item on both sides is an object that has it. */
function mergeKeyOf(field: string, config: unknown[], live: unknown[]): string | undefined {
  return MERGE_KEYS[field]?.find((k) => [...config, ...live].every((e) => isObject(e) && e[k] !== undefined));
}

function mergeKeyed(orig: unknown[] | undefined, config: unknown[], live: unknown[], mode: MergeMode, key: string): unknown[] {
  const keyOf = (e: unknown) => JSON.stringify((e as Record<string, unknown>)[key]);
  const liveByKey = new Map(live.map((e) => [keyOf(e), e]));
  const origByKey = new Map((orig ?? []).filter(isObject).map((e) => [keyOf(e), e]));
  const configKeys = new Set(config.map(keyOf));
  // Desired's items in desired's order (a reordering in Git is a change, as $setElementOrder makes it).
  const out: unknown[] = config.map((c) => {
    const l = liveByKey.get(keyOf(c));
    return l === undefined ? structuredClone(c) : predictLive(origByKey.get(keyOf(c)), c, l, mode);
  });
  // Live-only items stay where they were (after the item that preceded them), unless last-applied had them.
  let anchor = -1;
  for (const l of live) {
    const k = keyOf(l);
    if (configKeys.has(k)) {
      anchor = out.findIndex((e) => keyOf(e) === k);
      continue;
    }
    if (origByKey.has(k)) continue;
    out.splice(anchor + 1, 0, l);
    anchor++;
  }
  return out;
}
