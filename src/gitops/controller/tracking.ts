/** Argo CD's annotation tracking: `argocd.argoproj.io/tracking-id: <app>:<group>/<kind>:<namespace>/<name>`. */
import { parseApiVersion, type KObject } from '../../apiserver/types.ts';

export const TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';

export function trackingId(app: string, o: KObject): string {
  const { group } = parseApiVersion(o.apiVersion);
  return `${app}:${group}/${o.kind}:${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** The app name a tracking id belongs to, or undefined when the value is not one. */
export function appOfTrackingId(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const i = id.indexOf(':');
  return i > 0 ? id.slice(0, i) : undefined;
}

export const isTrackedBy = (app: string, o: KObject | undefined) => appOfTrackingId(o?.metadata.annotations?.[TRACKING_ANNOTATION]) === app;

/** A stable identity for pairing desired with live. */
export const resourceKey = (o: { apiVersion?: string; group?: string; kind: string; namespace?: string; name: string }) =>
  `${o.group ?? parseApiVersion(o.apiVersion ?? '').group}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
