/**
 * Normalization before comparing, as Argo CD's diff: what the server owns or rewrites, and what the user asked
 * to ignore, is taken out of desired, live and last-applied alike so it cannot show up as a difference.
 */
import { isObject, parseApiVersion, type KObject } from '../../apiserver/types.ts';
import { globMatch } from '../render/index.ts';
import { JqError, jqDelete } from './jq.ts';
import { normalizeManagedFields } from './managedfields.ts';
import { removeAt } from './pointer.ts';
import { canonicalQuantity } from './quantity.ts';
import { normalizeSecret } from './secrets.ts';
import type { DiffOptions, ResourceIgnoreDifferences } from './types.ts';

/** Groups served by Kubernetes itself: Argo CD round-trips these through their Go types (remarshal). */
const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'extensions', 'networking.k8s.io', 'rbac.authorization.k8s.io',
  'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'events.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'certificates.k8s.io',
  'flowcontrol.apiserver.k8s.io', 'resource.k8s.io', 'storagemigration.k8s.io',
]);

export const groupOf = (o: Record<string, unknown>) => parseApiVersion(typeof o.apiVersion === 'string' ? o.apiVersion : '').group;
export const isBuiltinType = (o: Record<string, unknown>) => BUILTIN_GROUPS.has(groupOf(o));

/** Metadata only the server writes. creationTimestamp is also often `null` in exported manifests. */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

export interface Normalized {
  desired: KObject | null;
  live: KObject | null;
  /** The parsed, normalized last-applied-configuration of live, when present and wanted. */
  lastApplied: KObject | null;
  warnings: string[];
}

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Normalized copies of live and desired (and of live's last-applied configuration) ready to compare. */
export function normalize(live: KObject | null | undefined, desired: KObject | null | undefined, opts: DiffOptions = {}): Normalized {
  const warnings: string[] = [];
  const d = desired ? structuredClone(desired) : null;
  const l = live ? structuredClone(live) : null;
  let orig: KObject | null = null;
  const lastApplied = l?.metadata?.annotations?.[LAST_APPLIED];
  if (opts.lastAppliedAnnotation !== false && typeof lastApplied === 'string') {
    try {
      const parsed: unknown = JSON.parse(lastApplied);
      if (isObject(parsed)) orig = parsed as KObject;
    } catch (e) {
      warnings.push(`failed to unmarshal ${LAST_APPLIED} in ${l?.metadata?.name ?? ''}: ${(e as Error).message}`);
    }
  }
  const ref = (l ?? d) as KObject | null;
  const ignores = ref ? matchingIgnores(ref, opts) : [];
  const trusted = [...(opts.managedFieldsManagers ?? []), ...ignores.flatMap((i) => i.managedFieldsManagers ?? [])];
  if (l && d) normalizeManagedFields(l, d, trusted);
  const skip = new Set<string>();
  for (const o of [d, l, orig]) if (o) normalizeObject(o, ignores, opts, warnings, skip);
  return { desired: d, live: l, lastApplied: orig, warnings: [...new Set(warnings)] };
}

function normalizeObject(o: KObject, ignores: ResourceIgnoreDifferences[], opts: DiffOptions, warnings: string[], skip: Set<string>): void {
  const meta = isObject(o.metadata) ? o.metadata : undefined;
  if (meta) for (const k of SERVER_METADATA) delete meta[k];
  const statusMode = opts.ignoreResourceStatusField ?? 'all';
  const isCrd = o.kind === 'CustomResourceDefinition' && groupOf(o) === 'apiextensions.k8s.io';
  if (statusMode === 'all' || (statusMode === 'crd' && isCrd)) delete o.status;
  // Argo CD's 'crd' mode also ignores this field the API server rewrites on CRDs.
  if (isCrd && statusMode !== 'off' && isObject(o.spec)) delete o.spec.preserveUnknownFields;
  normalizeSecret(o);
  normalizeRole(o, opts.ignoreAggregatedRoles === true);
  if (isBuiltinType(o)) remarshal(o, []);
  applyIgnores(o, ignores, opts, warnings, skip);
}

/** Empty or aggregated role rules compare as absent (Argo CD's normalizeRole). */
function normalizeRole(o: Record<string, unknown>, ignoreAggregated: boolean): void {
  if (groupOf(o) !== 'rbac.authorization.k8s.io' || (o.kind !== 'Role' && o.kind !== 'ClusterRole')) return;
  if (ignoreAggregated && isObject(o.aggregationRule)) delete o.rules;
  if (Array.isArray(o.rules) && o.rules.length === 0) delete o.rules;
}

// Empty structs Go keeps (a pointer to an empty struct is not omitted): their presence is the setting.
const KEEP_EMPTY = new Set(['emptyDir']);
const QUANTITY_MAPS = new Set(['limits', 'requests', 'hard', 'capacity', 'allocatable', 'overhead', 'max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']);

/**
 * What decoding into the Go type and encoding again does to a built-in object: omitempty drops nulls, empty
 * lists and empty maps, and resource quantities come back canonical. In place.
 */
function remarshal(v: unknown, path: string[]): unknown {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = remarshal(v[i], path);
    return v;
  }
  if (!isObject(v)) return v;
  const quantities = path.length > 0 && QUANTITY_MAPS.has(path[path.length - 1]) && path[0] !== 'metadata';
  for (const [k, child] of Object.entries(v)) {
    if (quantities && (typeof child === 'string' || typeof child === 'number')) {
      v[k] = canonicalQuantity(child) ?? child;
      continue;
    }
    if (k === 'sizeLimit' && (typeof child === 'string' || typeof child === 'number')) {
      v[k] = canonicalQuantity(child) ?? child;
      continue;
    }
    const next = remarshal(child, [...path, k]);
    const empty = next === null || (Array.isArray(next) && next.length === 0) || (isObject(next) && Object.keys(next).length === 0 && !KEEP_EMPTY.has(k));
    if (empty) delete v[k];
  }
  return v;
}

/** The ignoreDifferences entries (the app's and the system-level ones) that apply to this object. */
export function matchingIgnores(o: KObject, opts: DiffOptions): ResourceIgnoreDifferences[] {
  const all: ResourceIgnoreDifferences[] = [...(opts.ignoreDifferences ?? [])];
  for (const [key, override] of Object.entries(opts.overrides ?? {})) {
    const ig = override.ignoreDifferences;
    if (!ig || (!ig.jsonPointers?.length && !ig.jqPathExpressions?.length && !ig.managedFieldsManagers?.length)) continue;
    const slash = key.indexOf('/');
    all.push({ group: slash < 0 ? '' : key.slice(0, slash), kind: slash < 0 ? key : key.slice(slash + 1), ...ig });
  }
  const group = groupOf(o);
  const name = o.metadata?.name ?? '';
  const namespace = o.metadata?.namespace ?? '';
  return all.filter(
    (i) => globMatch(i.group ?? '', group) && globMatch(i.kind, o.kind) && (!i.name || i.name === name) && (!i.namespace || i.namespace === namespace),
  );
}

/** `skip` collects jq expressions that failed on one side, so a runaway one costs its time limit once, not thrice. */
function applyIgnores(o: KObject, ignores: ResourceIgnoreDifferences[], opts: DiffOptions, warnings: string[], skip: Set<string>): void {
  for (const ig of ignores) {
    for (const p of ig.jsonPointers ?? []) {
      try {
        removeAt(o, p);
      } catch (e) {
        warnings.push((e as Error).message);
      }
    }
    for (const expr of ig.jqPathExpressions ?? []) {
      if (skip.has(expr)) continue;
      try {
        const out = jqDelete(o, expr, opts.jqTimeoutMs);
        if (!isObject(out)) throw new JqError('jq path expression did not return an object', 'Failed');
        for (const k of Object.keys(o)) delete (o as Record<string, unknown>)[k];
        Object.assign(o, out);
      } catch (e) {
        if (!(e instanceof JqError)) throw e;
        skip.add(expr);
        // Argo CD skips a failing expression too; we also say so.
        warnings.push(`jqPathExpression "${expr}": ${e.message}`);
      }
    }
  }
}
