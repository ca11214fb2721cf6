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

export function smpUnsupported(t: ResourceType): StatusError {
  return new StatusError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
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
  const strip = (o: KObject) => {
    const c = clone(o);
    delete c.metadata.resourceVersion;
    c.metadata.managedFields = (c.metadata.managedFields ?? []).map((e) => ({ ...e, time: undefined }));
    return c;
  };
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
