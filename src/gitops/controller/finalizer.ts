/**
 * Argo CD's cascading delete: an Application carrying `resources-finalizer.argocd.argoproj.io` (foreground) or
 * its `/background` / `/foreground` variants has its tracked resources deleted before the finalizer is removed
 * and the Application goes away. Resources annotated `argocd.argoproj.io/sync-options: Delete=false` are left.
 */
import { isNotFound } from '../../apiserver/errors.ts';
import type { KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';
import { SYNC_OPTIONS_ANNOTATION, syncOptions } from '../sync/plan.ts';
import type { ResourceStatus } from './compare.ts';
import { isTrackedBy, type TrackingMethod } from './tracking.ts';

export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const POLICIES: Record<string, 'Foreground' | 'Background'> = {
  [RESOURCES_FINALIZER]: 'Foreground',
  [`${RESOURCES_FINALIZER}/foreground`]: 'Foreground',
  [`${RESOURCES_FINALIZER}/background`]: 'Background',
};

/** The resources finalizer on an app and the propagation it asks for, if any. */
export function resourcesFinalizer(app: KObject): { name: string; propagation: 'Foreground' | 'Background' } | undefined {
  const name = (app.metadata.finalizers ?? []).find((f) => f in POLICIES);
  return name ? { name, propagation: POLICIES[name]! } : undefined;
}

const refOf = (r: ResourceStatus) => ({ apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind: r.kind, namespace: r.namespace, name: r.name });

/** Deletes what the app still tracks; returns how many of its resources still exist (0: the finalizer may go). */
export async function deleteAppResources(client: ClusterClient, app: KObject, propagationPolicy: 'Foreground' | 'Background', installationID: string, method: TrackingMethod = 'annotation'): Promise<number> {
  const resources = ((app.status as { resources?: ResourceStatus[] } | undefined)?.resources ?? []);
  let remaining = 0;
  for (const r of resources) {
    const live = await client.get(refOf(r)).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (!live || !isTrackedBy(app.metadata.name!, installationID, live, method)) continue;
    if (syncOptions(undefined, live.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION]).has('Delete=false')) continue;
    remaining++;
    if (!live.metadata.deletionTimestamp) await client.delete(refOf(r), { propagationPolicy }).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  }
  if (remaining === 0) return 0;
  // Objects without finalizers are gone at once; count again so a plain delete finishes in one pass.
  let still = 0;
  for (const r of resources) {
    const live = await client.get(refOf(r)).catch(() => undefined);
    if (live && isTrackedBy(app.metadata.name!, installationID, live, method) && !syncOptions(undefined, live.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION]).has('Delete=false')) still++;
  }
  return still;
}
