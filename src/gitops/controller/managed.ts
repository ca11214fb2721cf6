/**
 * Argo CD's `ManagedResources` (GET /api/v1/applications/{name}/managed-resources): per resource of an app,
 * its target and live state, the normalized live and predicted live states the comparison used, whether it is
 * modified, and (Marina's addition) a readable unified diff. Computed by the controller's own comparison (same
 * rendering, normalization and `ignoreDifferences`), at the commit(s) the app's status was last compared to,
 * so it agrees with `status.resources` and never asks the Git remote unless the app was never compared.
 */
import { isNotFound } from '../../apiserver/errors.ts';
import { parseApiVersion, type KObject } from '../../apiserver/types.ts';
import { diff, diffText, hideSecretData, LAST_APPLIED, type DiffResult } from '../diff/index.ts';
import { isSecret } from '../diff/secrets.ts';
import { KNOWN_HOSTS_CM, repoTrustOf, SECRET_TYPE_LABEL, TLS_CERTS_CM, type RepoTrust } from '../repo/index.ts';
import type { ClusterClient } from '../../client/index.ts';
import { hookPhases } from '../sync/plan.ts';
import { compareApp, diffOptionsOf, type CompareDeps, type CompareInput, type Comparison } from './compare.ts';
import type { ProjectSpec } from './project.ts';
import { comparedTo } from './status.ts';
import { resourceKey } from './tracking.ts';

/** One item of Argo CD's ManagedResourcesResponse (its ResourceDiff), states as JSON text ("null" when absent), plus `diff`. */
export interface ManagedResource {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  targetState: string;
  liveState: string;
  normalizedLiveState: string;
  predictedLiveState: string;
  hook: boolean;
  modified: boolean;
  resourceVersion?: string;
  /** Unified text diff of normalized live vs predicted live (YAML, keys sorted); '' when they are equal. */
  diff: string;
}

export interface ManagedResourcesResponse {
  apiVersion: 'argoproj.io/v1alpha1';
  kind: 'ManagedResourcesResponse';
  metadata: { name: string; namespace: string };
  items: ManagedResource[];
}

export const MANAGED_RESOURCES_KIND = 'ManagedResourcesResponse';

/** The comparison inputs the controller reads from the tenant: project, repository/cluster secrets, pinned commits. */
export interface ComparisonOptions extends Pick<CompareInput, 'notBefore' | 'installationID' | 'trackingMethod'> {
  /** Ask the remote for the target revision(s) instead of reusing the last compared commit(s). */
  refresh?: boolean;
  /** Compare at these commits (after a sync, at the operation's revision). */
  pinned?: Pick<Comparison, 'revision' | 'revisions'>;
}

export async function comparisonOf(deps: CompareDeps, cluster: string, app: KObject, opts: ComparisonOptions = {}): Promise<{ cmp: Comparison; project?: KObject }> {
  const tenant = deps.inProcess(cluster);
  const ns = app.metadata.namespace ?? 'argocd';
  const spec = (app.spec ?? {}) as { project?: string; source?: unknown; sources?: unknown[]; destination?: unknown };
  const project = await tenant.get({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', namespace: ns, name: spec.project || 'default' }).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const secrets = (await tenant.list({ apiVersion: 'v1', kind: 'Secret', namespace: ns }, { labelSelector: SECRET_TYPE_LABEL })).items;
  const trust = await repoTrustIn(tenant, ns);
  const sync = (app.status as { sync?: { revision?: string; revisions?: string[]; comparedTo?: unknown } } | undefined)?.sync;
  // Argo CD asks the remote only on refresh, poll, or a changed source; otherwise the last compared commit holds.
  const sameSpec = JSON.stringify(sync?.comparedTo) === JSON.stringify(comparedTo(spec));
  const cmp = await compareApp(deps, {
    cluster,
    app,
    project: project?.spec as ProjectSpec | undefined,
    secrets,
    trust,
    installationID: opts.installationID,
    trackingMethod: opts.trackingMethod,
    knownRevision: opts.pinned?.revision ?? (!opts.refresh && sameSpec ? sync?.revision : undefined),
    knownRevisions: opts.pinned?.revisions ?? (!opts.refresh && sameSpec ? sync?.revisions : undefined),
    notBefore: opts.notBefore,
  });
  return { cmp, project };
}

/** The tenant's argocd-tls-certs-cm and argocd-ssh-known-hosts-cm in `ns` (Argo CD's repository trust). */
export async function repoTrustIn(tenant: ClusterClient, ns: string): Promise<RepoTrust> {
  const cm = (name: string) => tenant.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name }).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  const [tls, known] = await Promise.all([cm(TLS_CERTS_CM), cm(KNOWN_HOSTS_CM)]);
  return repoTrustOf(tls, known);
}

/** The managed resources of Application `appName` in `namespace` of logical cluster `cluster`. NotFound when the app does not exist. */
export async function managedResources(deps: CompareDeps, cluster: string, namespace: string, appName: string): Promise<ManagedResource[]> {
  const app = await deps.inProcess(cluster).get({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace, name: appName });
  return managedResourcesOf(deps, cluster, app);
}

export async function managedResourcesOf(deps: CompareDeps, cluster: string, app: KObject): Promise<ManagedResource[]> {
  const { cmp } = await comparisonOf(deps, cluster, app);
  return managedItems(app, cmp);
}

/** The response object served at `.../applications/<name>/managedresources`. */
export function managedResourcesResponse(app: KObject, items: ManagedResource[]): ManagedResourcesResponse {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: MANAGED_RESOURCES_KIND, metadata: { name: app.metadata.name!, namespace: app.metadata.namespace ?? '' }, items };
}

/** Pure: the items of a comparison, desired (hooks included, marked) then resources to prune, sorted as Argo CD's CLI prints them. */
export function managedItems(app: KObject, cmp: Comparison): ManagedResource[] {
  const items: ManagedResource[] = [];
  const opts = diffOptionsOf(app);
  for (const o of cmp.desired) {
    const key = keyOf(o);
    const live = cmp.live.get(key);
    const d = cmp.diffs.get(key) ?? diff(o, live, opts);
    items.push(item(o, live, d, !!hookPhases(o)));
  }
  for (const live of cmp.orphans) items.push(item(undefined, live, diff(null, live, opts), !!hookPhases(live)));
  return items.sort((a, b) => `${a.group}/${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.group}/${b.kind}/${b.namespace}/${b.name}`));
}

function item(target: KObject | undefined, live: KObject | undefined, d: DiffResult, hook: boolean): ManagedResource {
  const o = (target ?? live)!;
  const [t, l] = maskedStates(target ?? null, live ?? null);
  const r: ManagedResource = {
    group: parseApiVersion(o.apiVersion).group,
    kind: o.kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name!,
    targetState: JSON.stringify(t),
    liveState: JSON.stringify(l),
    normalizedLiveState: JSON.stringify(d.normalizedLive),
    predictedLiveState: JSON.stringify(d.predictedLive),
    hook,
    modified: d.modified,
    diff: diffText(d),
  };
  if (live?.metadata.resourceVersion) r.resourceVersion = live.metadata.resourceVersion;
  return r;
}

/** Secret values never leave the hub: target and live are masked the way the diff masks them (Argo CD's HideSecretData). */
function maskedStates(target: KObject | null, live: KObject | null): [KObject | null, KObject | null] {
  if (!isSecret(target) && !isSecret(live)) return [target, live];
  let last: Record<string, unknown> | null = null;
  try {
    last = JSON.parse(live?.metadata.annotations?.[LAST_APPLIED] ?? 'null');
  } catch {
    last = null;
  }
  const [t, l, orig] = hideSecretData(target, live, last);
  if (l?.metadata.annotations?.[LAST_APPLIED] !== undefined) l.metadata.annotations[LAST_APPLIED] = orig ? JSON.stringify(orig) : '';
  return [t, l];
}

const keyOf = (o: KObject) => resourceKey({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name! });

/** The subresource path segment: GET .../applications/<name>/managedresources. */
export const MANAGED_RESOURCES_SUBRESOURCE = 'managedresources';
