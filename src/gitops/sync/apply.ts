/**
 * Applying one desired object as `kubectl apply` does (client-side): create with the last-applied annotation,
 * or patch with a three-way patch between last-applied, desired and live (strategic for built-in kinds, JSON
 * merge for the rest). With ServerSideApply=true, a server-side apply as the `argocd-controller` manager; with
 * Replace=true, `kubectl replace` (create, or a PUT of the whole object). Validation is the server's strict
 * field validation (kubectl's `--validate=strict`), or none with Validate=false (`fieldValidation=Ignore`).
 */
import { isNotFound } from '../../apiserver/errors.ts';
import { createThreeWayJsonMergePatch, createThreeWayMergePatch } from '../../apiserver/patch/index.ts';
import { builtinSchema } from '../../apiserver/schema/index.ts';
import { parseApiVersion, type KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';
import { isBuiltinType, LAST_APPLIED } from '../diff/index.ts';
import { FIELD_MANAGER } from '../controller/identity.ts';

export type ApplyResult = 'created' | 'configured' | 'unchanged';

const refOf = (o: KObject) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });

export interface ApplyOptions {
  serverSide?: boolean;
  replace?: boolean;
  /** false: Validate=false. */
  validate?: boolean;
}

export type ApplyStrategy = 'apply' | 'server-side' | 'replace';

/** gitops-engine's choice: Replace wins over ServerSideApply, which wins over client-side apply. */
export const strategyOf = (opts: ApplyOptions): ApplyStrategy => (opts.replace ? 'replace' : opts.serverSide ? 'server-side' : 'apply');

export async function applyObject(client: ClusterClient, desired: KObject, opts: ApplyOptions = {}): Promise<ApplyResult | 'replaced'> {
  const fieldValidation = opts.validate === false ? ('Ignore' as const) : ('Strict' as const);
  const strategy = strategyOf(opts);
  if (strategy === 'server-side') {
    const existed = await client.get(refOf(desired)).then(() => true, (e) => (isNotFound(e) ? false : Promise.reject(e)));
    await client.apply(desired, { fieldManager: FIELD_MANAGER, force: true, fieldValidation });
    return existed ? 'configured' : 'created';
  }
  const modified = withLastApplied(desired);
  const live = await client.get(refOf(desired)).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  if (!live) {
    await client.create(modified, { fieldManager: 'argocd-controller', fieldValidation });
    return 'created';
  }
  if (strategy === 'replace') {
    // kubectl replace: the whole object from Git, at the live resourceVersion (so a concurrent write conflicts).
    const replacement = structuredClone(modified);
    replacement.metadata.resourceVersion = live.metadata.resourceVersion;
    await client.update(replacement, { fieldManager: 'argocd-controller', fieldValidation });
    return 'replaced';
  }
  const lastRaw = live.metadata.annotations?.[LAST_APPLIED];
  const original = lastRaw ? (JSON.parse(lastRaw) as KObject) : undefined;
  const builtin = isBuiltinType(desired);
  const { group, version } = parseApiVersion(desired.apiVersion);
  const patch = builtin
    ? createThreeWayMergePatch(original as never, modified as never, live as never, builtinSchema({ group, version, kind: desired.kind }))
    : createThreeWayJsonMergePatch(original as never, modified as never, live as never);
  if (Object.keys(patch).length === 0) return 'unchanged';
  await client.patch(refOf(desired), builtin ? 'strategic' : 'merge', patch, { fieldManager: 'argocd-controller', fieldValidation });
  return 'configured';
}

/** kubectl's annotation holds the applied object without the annotation itself. */
export function withLastApplied(desired: KObject): KObject {
  const clean = structuredClone(desired);
  if (clean.metadata.annotations) delete clean.metadata.annotations[LAST_APPLIED];
  const out = structuredClone(clean);
  out.metadata.annotations = { ...(out.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(clean) };
  return out;
}
