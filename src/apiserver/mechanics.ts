/**
 * The pure mechanics the request core applies, gathered behind one narrow surface: schema pruning,
 * defaulting and validation, patches, server-side apply and managed fields, scale, and kind-specific
 * rules. Each delegates to its own module; this file only adapts signatures.
 */
import { StatusError, type StatusCause } from './errors.ts';
import type { ResourceType } from './resource.ts';
import type { SchemaNode } from './schema/node.ts';
import { type KObject, clone, isObject } from './types.ts';
import { jsonEqual, now } from './util.ts';
import { defaultFieldManager, serverSideApply, updateManagedFields } from './apply/index.ts';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from './patch/index.ts';
import { validateKind as kindRules } from './validation/kinds.ts';
import type { ApiCore, RequestContext } from './core.ts';
import { subresourceCreators as creators } from './subresources.ts';
import { applyDefaults, pruneUnknownFields, validateAgainstSchema } from './schema/index.ts';

export function prune(o: KObject, schema: SchemaNode): string[] {
  return pruneUnknownFields(o, schema);
}

export function defaults(o: KObject, schema: SchemaNode): void {
  applyDefaults(o, schema);
}

export function validate(o: KObject, schema: SchemaNode, t: ResourceType): StatusCause[] {
  return validateAgainstSchema(o, schema, { builtin: t.builtin });
}

export function validateKind(o: KObject, old: KObject | undefined, t: ResourceType): StatusCause[] {
  return kindRules(o, old, t);
}

/** Which top-level fields a write through the main resource or a subresource may not change. */
function resetFields(t: ResourceType): string[][] | undefined {
  // A custom resource without a status subresource owns its status through the main endpoint.
  return t.subresources.status ? undefined : [];
}

/** Records the fields an ordinary write (create, update, non-apply patch) set as owned by `manager`. */
export function trackCreate(o: KObject, old: KObject | undefined, manager: string, t: ResourceType, schema: SchemaNode | undefined, subresource?: string): void {
  const r = updateManagedFields({ before: old, after: o, manager, schema, now: now(), subresource, resetFields: resetFields(t) });
  o.metadata.managedFields = r.metadata.managedFields;
  if (!o.metadata.managedFields?.length) delete o.metadata.managedFields;
}

export function defaultManager(userAgent: string | undefined): string {
  return defaultFieldManager(undefined, userAgent);
}



export function applyPatch(type: string, base: KObject, patch: unknown, schema: SchemaNode | undefined, opts: { manager: string; force: boolean; subresource?: string; type: ResourceType }): KObject {
  switch (type) {
    case 'apply':
      return serverSideApply({ live: base, applied: appliedBody(patch), manager: opts.manager, force: opts.force, schema, now: now(), subresource: opts.subresource, resetFields: resetFields(opts.type) });
    case 'json':
      return applyJsonPatch(base, patch) as KObject;
    case 'merge':
      return applyMergePatch(base, patch) as KObject;
    case 'strategic':
      return applyStrategicMergePatch(base, patch, schema) as KObject;
  }
  throw new StatusError('UnsupportedMediaType', `unsupported patch type ${type}`);
}

function appliedBody(patch: unknown): KObject {
  if (!isObject(patch)) throw new StatusError('BadRequest', 'the apply patch must be an object');
  return patch as KObject;
}

/** An apply that creates: the applied configuration, with the applier owning every field it set. */
export function applyCreate(patch: unknown, t: { type: ResourceType }, manager: string, schema: SchemaNode | undefined): KObject {
  return serverSideApply({ live: undefined, applied: appliedBody(patch), manager, force: false, schema, now: now(), resetFields: resetFields(t.type) });
}

export function sameIgnoringBookkeeping(a: KObject, b: KObject): boolean {
  const strip = (o: KObject): KObject => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined, managedFields: (o.metadata.managedFields ?? []).map((e) => ({ ...e, time: undefined })) },
  });
  return jsonEqual(strip(a), strip(b));
}

export function defaultPropagation(_t: ResourceType): 'Background' {
  return 'Background';
}

const getPath = (o: unknown, path: string | undefined): unknown => {
  if (!path) return undefined;
  let cur: any = o;
  for (const p of path.replace(/^\./, '').split('.')) cur = isObject(cur) ? cur[p] : undefined;
  return cur;
};

const setPath = (o: Record<string, any>, path: string, v: unknown) => {
  const parts = path.replace(/^\./, '').split('.');
  let cur = o;
  for (const p of parts.slice(0, -1)) cur = isObject(cur[p]) ? cur[p] : (cur[p] = {});
  cur[parts[parts.length - 1]!] = v;
};

/** autoscaling/v1 Scale view of an object with a scale subresource. */
export function toScale(o: KObject, t: ResourceType): KObject {
  const s = t.subresources.scale!;
  const specPath = s.specReplicasPath ?? '.spec.replicas';
  const statusPath = s.statusReplicasPath ?? '.status.replicas';
  const selector = t.builtin ? (o.spec as any)?.selector : getPath(o, s.labelSelectorPath);
  const selStr = typeof selector === 'string' ? selector : selector ? Object.entries((selector as any).matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') : undefined;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
    spec: { replicas: (getPath(o, specPath) as number) ?? 0 },
    status: { replicas: (getPath(o, statusPath) as number) ?? 0, ...(selStr ? { selector: selStr } : {}) },
  };
}

export function fromScale(old: KObject, scale: KObject, t: ResourceType): KObject {
  const s = t.subresources.scale!;
  const o = clone(old);
  const replicas = (scale.spec as any)?.replicas;
  if (typeof replicas !== 'number' || replicas < 0)
    throw new StatusError('Invalid', `Scale.autoscaling "${old.metadata.name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`);
  setPath(o, s.specReplicasPath ?? '.spec.replicas', replicas);
  return o;
}

export const subresourceCreators: Record<string, (ctx: RequestContext, parent: KObject, body: unknown, core: ApiCore) => Promise<KObject>> = creators;

/**
 * Kinds whose registry strategy sets metadata.generation upstream (workloads and other spec/status
 * kinds, custom resources); ConfigMaps, Secrets, Namespaces, RBAC objects and the like have none.
 */
const GENERATION_KINDS = new Set([
  'apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', '/ReplicationController', '/Pod',
  'batch/Job', 'batch/CronJob', 'networking.k8s.io/Ingress', 'networking.k8s.io/NetworkPolicy', 'policy/PodDisruptionBudget',
  'autoscaling/HorizontalPodAutoscaler', 'apiextensions.k8s.io/CustomResourceDefinition',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
]);

export function tracksGeneration(t: ResourceType): boolean {
  return !t.builtin || GENERATION_KINDS.has(`${t.group}/${t.kind}`);
}

const EMPTY_METADATA = ['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields'] as const;

const isEmpty = (v: unknown) => (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);

/**
 * What Go's `omitempty` does on the way to storage: empty metadata collections vanish for every kind, and
 * for built-in kinds so do empty maps (fields typed as maps, e.g. ConfigMap `data`), while an empty struct
 * such as `emptyDir: {}` stays. Without this, `kubectl diff` sees `annotations: {}` as a change.
 */
export function dropEmpty(o: KObject, schema: SchemaNode | undefined): void {
  for (const k of EMPTY_METADATA) if (isEmpty(o.metadata[k])) delete o.metadata[k];
  if (schema) dropEmptyMaps(o, schema, 0);
}

function dropEmptyMaps(v: unknown, s: SchemaNode | undefined, depth: number): void {
  if (!s || depth > 40) return;
  if (Array.isArray(v)) {
    for (const x of v) dropEmptyMaps(x, s.items, depth + 1);
    return;
  }
  if (!isObject(v)) return;
  for (const [k, child] of Object.entries(v)) {
    if (depth === 0 && k === 'metadata') continue;
    const cs = s.properties?.[k] ?? (isObject(s.additionalProperties) ? (s.additionalProperties as SchemaNode) : undefined);
    if (!cs) continue;
    const isMapType = !cs.properties && isObject(cs.additionalProperties) && !cs['x-kubernetes-preserve-unknown-fields'];
    if (isMapType && isEmpty(child)) delete v[k];
    else dropEmptyMaps(child, cs, depth + 1);
  }
}
