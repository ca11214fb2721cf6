/**
 * Argo CD's orphaned resources monitoring (AppProject `spec.orphanedResources`): top-level namespaced resources
 * in the app's destination namespace that no application tracks. With `warn` (Argo CD: on unless `warn: false`)
 * the app gets an `OrphanedResourceWarning` condition. Pure.
 */
import { parseApiVersion, type KObject } from '../../apiserver/types.ts';
import { globMatch } from '../render/index.ts';
import { appOf, type TrackingMethod } from './tracking.ts';

export interface OrphanedResourcesSettings {
  warn?: boolean;
  ignore?: Array<{ group?: string; kind?: string; name?: string }>;
}

/** Kinds Argo CD never watches (its default `resource.exclusions`) or that only mirror other objects. */
const EXCLUDED = new Set(['/Event', 'events.k8s.io/Event', '/Endpoints', 'discovery.k8s.io/EndpointSlice', 'coordination.k8s.io/Lease']);

const glob = (pattern: string, value: string) => pattern === '*' || pattern === value || globMatch(pattern, value);

/** Argo CD's isKnownOrphanedResourceExclusion: objects every namespace has, and the project's `ignore` entries. */
export function isIgnoredOrphan(o: KObject, settings: OrphanedResourcesSettings): boolean {
  const { group } = parseApiVersion(o.apiVersion);
  const name = o.metadata.name ?? '';
  if (group === '' && o.kind === 'Service' && name === 'kubernetes' && o.metadata.namespace === 'default') return true;
  if (group === '' && o.kind === 'ServiceAccount' && name === 'default') return true;
  if (group === '' && o.kind === 'ConfigMap' && name === 'kube-root-ca.crt') return true;
  return (settings.ignore ?? []).some((i) => (!i.kind || glob(i.kind, o.kind)) && glob(i.group ?? '', group) && (!i.name || glob(i.name, name)));
}

/** The orphaned resources among the live objects of the destination namespace `namespace`. */
export function orphanedResources(objects: KObject[], namespace: string, settings: OrphanedResourcesSettings, method: TrackingMethod): KObject[] {
  return objects.filter(
    (o) =>
      o.metadata.namespace === namespace &&
      !o.metadata.ownerReferences?.length &&
      !EXCLUDED.has(`${parseApiVersion(o.apiVersion).group}/${o.kind}`) &&
      !appOf(o, method) &&
      !isIgnoredOrphan(o, settings),
  );
}

/** The condition, in Argo CD's words, when there is something to warn about. */
export function orphanedCondition(count: number, settings: OrphanedResourcesSettings): { type: string; message: string } | undefined {
  if (count === 0 || settings.warn === false) return undefined;
  return { type: 'OrphanedResourceWarning', message: `Application has ${count} orphaned resources` };
}
