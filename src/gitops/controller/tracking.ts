/**
 * Argo CD's resource tracking (`application.resourceTrackingMethod` in argocd-cm):
 * - `annotation` (default here): `argocd.argoproj.io/tracking-id: <app>:<group>/<kind>:<namespace>/<name>`;
 * - `label` (Argo CD's legacy method): `app.kubernetes.io/instance: <app>`;
 * - `annotation+label`: both written, the annotation decides.
 * Every method also writes Marina's `argocd.argoproj.io/installation-id` annotation (Argo CD's installationID).
 */
import { parseApiVersion, type KObject } from '../../apiserver/types.ts';

export const TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

export type TrackingMethod = 'annotation' | 'label' | 'annotation+label';
export const TRACKING_METHODS: readonly TrackingMethod[] = ['annotation', 'label', 'annotation+label'];

/** argocd-cm `application.resourceTrackingMethod`; anything unknown or absent is `annotation`. */
export const trackingMethodOf = (value: string | undefined): TrackingMethod =>
  TRACKING_METHODS.includes(value?.trim() as TrackingMethod) ? (value!.trim() as TrackingMethod) : 'annotation';

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

/** The app a live object is tracked by under `method`, if any. */
export function appOf(o: KObject | undefined, method: TrackingMethod = 'annotation'): string | undefined {
  if (!o) return undefined;
  if (method === 'label') return o.metadata.labels?.[INSTANCE_LABEL] || undefined;
  const id = o.metadata.annotations?.[TRACKING_ANNOTATION];
  const app = appOfTrackingId(id);
  // As Argo CD: a tracking id names the resource it was set on; one copied onto another object (a Crossplane
  // claim's annotations propagate to its composite) does not make that object the app's.
  return app && id === trackingId(app, o) ? app : undefined;
}

/** The app an object may belong to under any method (store events: which apps to look at again). */
export const appOfAny = (o: KObject | undefined): string | undefined => appOf(o, 'annotation') ?? appOf(o, 'label');

/** Marks a desired object as app `app`'s under `method`, with the installation id. Mutates `o`. */
export function setTracking(o: KObject, app: string, installationID: string, method: TrackingMethod = 'annotation'): KObject {
  const annotations: Record<string, string> = { ...(o.metadata.annotations ?? {}), [INSTALLATION_ANNOTATION]: installationID };
  if (method !== 'label') annotations[TRACKING_ANNOTATION] = trackingId(app, o);
  o.metadata.annotations = annotations;
  if (method !== 'annotation') o.metadata.labels = { ...(o.metadata.labels ?? {}), [INSTANCE_LABEL]: app };
  return o;
}

/** Argo CD's `installationID` (argocd-cm): which Argo CD instance (here: which tenant) manages a resource. */
export const INSTALLATION_ANNOTATION = 'argocd.argoproj.io/installation-id';

/**
 * Whose a live resource is, for app `app` of installation `installationID` under tracking `method`: `ours`
 * (tracked by the app and installation ids match), `foreign` (tracked by another app or another installation,
 * including a matching app without an installation id), or `untracked` (no tracking: Argo CD adopts it on sync).
 */
export function ownership(app: string, installationID: string, o: KObject | undefined, method: TrackingMethod = 'annotation'): 'ours' | 'foreign' | 'untracked' {
  const tracked = appOf(o, method);
  const inst = o?.metadata.annotations?.[INSTALLATION_ANNOTATION];
  if (!tracked) return inst && inst !== installationID ? 'foreign' : 'untracked';
  return tracked === app && inst === installationID ? 'ours' : 'foreign';
}

export const isTrackedBy = (app: string, installationID: string, o: KObject | undefined, method: TrackingMethod = 'annotation') => ownership(app, installationID, o, method) === 'ours';

/** A stable identity for pairing desired with live. */
export const resourceKey = (o: { apiVersion?: string; group?: string; kind: string; namespace?: string; name: string }) =>
  `${o.group ?? parseApiVersion(o.apiVersion ?? '').group}/${o.kind}/${o.namespace ?? ''}/${o.name}`;
