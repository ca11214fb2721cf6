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

/** Argo CD's `installationID` (argocd-cm): which Argo CD instance (here: which tenant) manages a resource. */
export const INSTALLATION_ANNOTATION = 'argocd.argoproj.io/installation-id';

/**
 * Whose a live resource is, for app `app` of installation `installationID`: `ours` (tracking id and
 * installation id both match), `foreign` (tracked by another app or another installation, including a matching
 * tracking id without an installation id), or `untracked` (no tracking: Argo CD adopts it on sync).
 */
export function ownership(app: string, installationID: string, o: KObject | undefined): 'ours' | 'foreign' | 'untracked' {
  const ann = o?.metadata.annotations ?? {};
  const tracked = appOfTrackingId(ann[TRACKING_ANNOTATION]);
  const inst = ann[INSTALLATION_ANNOTATION];
  if (!tracked) return inst && inst !== installationID ? 'foreign' : 'untracked';
  return tracked === app && inst === installationID ? 'ours' : 'foreign';
}

export const isTrackedBy = (app: string, installationID: string, o: KObject | undefined) => ownership(app, installationID, o) === 'ours';

/** A stable identity for pairing desired with live. */
export const resourceKey = (o: { apiVersion?: string; group?: string; kind: string; namespace?: string; name: string }) =>
  `${o.group ?? parseApiVersion(o.apiVersion ?? '').group}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
