/**
 * Applying one desired object as `kubectl apply` does (client-side): create with the last-applied annotation,
 * or patch with a three-way patch between last-applied, desired and live (strategic for built-in kinds, JSON
 * merge for the rest). With ServerSideApply=true, a server-side apply as the `argocd-controller` manager.
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

export async function applyObject(client: ClusterClient, desired: KObject, opts: { serverSide?: boolean } = {}): Promise<ApplyResult> {
  if (opts.serverSide) {
    const existed = await client.get(refOf(desired)).then(() => true, (e) => (isNotFound(e) ? false : Promise.reject(e)));
    await client.apply(desired, { fieldManager: FIELD_MANAGER, force: true });
    return existed ? 'configured' : 'created';
  }
  const modified = withLastApplied(desired);
  const live = await client.get(refOf(desired)).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  if (!live) {
    await client.create(modified, { fieldManager: 'argocd-controller' });
    return 'created';
  }
  const lastRaw = live.metadata.annotations?.[LAST_APPLIED];
  const original = lastRaw ? (JSON.parse(lastRaw) as KObject) : undefined;
  const builtin = isBuiltinType(desired);
  const { group, version } = parseApiVersion(desired.apiVersion);
  const patch = builtin
    ? createThreeWayMergePatch(original as never, modified as never, live as never, builtinSchema({ group, version, kind: desired.kind }))
    : createThreeWayJsonMergePatch(original as never, modified as never, live as never);
  if (Object.keys(patch).length === 0) return 'unchanged';
  await client.patch(refOf(desired), builtin ? 'strategic' : 'merge', patch, { fieldManager: 'argocd-controller' });
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
