/**
 * One comparison of an Application (Argo CD's CompareAppState): project checks, destination, source at a
 * commit, desired paired with live, diff and health per resource. Failures come back as conditions in Argo
 * CD's words, never thrown, so the status always explains itself.
 */
import { createHash } from 'node:crypto';
import { isNotFound } from '../../apiserver/errors.ts';
import { parseApiVersion, type KObject } from '../../apiserver/types.ts';
import { assessHealth, isWorse, type HealthStatus, type HealthStatusCode } from '../health/index.ts';
import { diff, type DiffOptions, type DiffResult } from '../diff/index.ts';
import { HelmRepoCache, type HelmRenderContext } from '../render/index.ts';
import { credsFor, localRepoRefusal, type AppSource, type ManifestCache, type RepoCache, type RepoTrust } from '../repo/index.ts';
import { DestinationError, IN_CLUSTER_SERVER, resolveDestination, type Destination } from './destination.ts';
import type { LiveCache } from './livecache.ts';
import { destinationPermitted, resourcePermitted, sourcePermitted, type ProjectSpec } from './project.ts';
import { appOf, INSTALLATION_ANNOTATION, isTrackedBy, ownership, resourceKey, setTracking, trackingMethodOf, type TrackingMethod } from './tracking.ts';
import { hookPhases, SYNC_OPTIONS_ANNOTATION, syncOptions } from '../sync/plan.ts';
import type { ClusterClient } from '../../client/index.ts';

export interface Condition {
  type: string;
  message: string;
  lastTransitionTime?: string;
}

export interface ResourceStatus {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  status: 'Synced' | 'OutOfSync';
  health?: { status: HealthStatusCode; message?: string };
  requiresPruning?: boolean;
  hook?: boolean;
}

export interface Comparison {
  conditions: Condition[];
  /** The commit of the (first) source; `revisions` has one per source when the app uses `sources`. */
  revision?: string;
  revisions?: string[];
  sourceType?: string;
  sourceTypes?: string[];
  destination?: Destination;
  /** Desired objects with namespace defaulted and tracking id set (hooks included). */
  desired: KObject[];
  live: Map<string, KObject>;
  resources: ResourceStatus[];
  /** Live objects this app tracks that are no longer desired. */
  orphans: KObject[];
  /** Desired objects whose live counterpart belongs to another app or installation: never applied (SharedResourceWarning). */
  foreign: KObject[];
  syncStatus: 'Synced' | 'OutOfSync' | 'Unknown';
  health: HealthStatusCode;
  namespaced: Map<string, boolean>;
  /** The diff of each desired, non-hook resource against live, by resourceKey (what `status.resources` was computed from). */
  diffs: Map<string, DiffResult>;
}

export interface CompareDeps {
  repos: RepoCache;
  manifests: ManifestCache;
  /** Helm chart repositories (`source.chart`); one shared cache when not given. */
  helmRepos?: HelmRepoCache;
  inProcess: (cluster: string) => ClusterClient;
  hubUrl: string;
  /** Whether tenants (not only root) may use local repositories: see repo/local.ts. */
  allowLocalRepos?: boolean;
  /** Live objects of in-cluster destinations, kept current by store events (Argo CD's cluster cache). */
  live?: LiveCache;
}

export interface CompareInput {
  cluster: string;
  app: KObject;
  project: ProjectSpec | undefined;
  secrets: KObject[];
  /** The tenant's argocd-tls-certs-cm and argocd-ssh-known-hosts-cm (see repoTrustOf). */
  trust?: RepoTrust;
  /** Argo CD's installationID; read from the tenant's argocd-cm when not given (see trackingSettingsOf). */
  installationID?: string;
  /** argocd-cm `application.resourceTrackingMethod`; read from the tenant's argocd-cm when not given. */
  trackingMethod?: TrackingMethod;
  /** Reuse this commit instead of asking the remote (no refresh requested, spec unchanged). */
  knownRevision?: string;
  /** The same for an app with `sources`, one per source. */
  knownRevisions?: string[];
  /** Refresh requested at (epoch ms): a shared ls-remote started since then may answer. */
  notBefore?: number;
}

const sharedHelmRepos = new HelmRepoCache();

const empty = (conditions: Condition[]): Comparison => ({ conditions, desired: [], live: new Map(), resources: [], orphans: [], foreign: [], syncStatus: 'Unknown', health: 'Unknown', namespaced: new Map(), diffs: new Map() });

export async function compareApp(deps: CompareDeps, input: CompareInput): Promise<Comparison> {
  const { app } = input;
  const spec = (app.spec ?? {}) as { project?: string; source?: AppSource; sources?: AppSource[]; destination?: { server?: string; name?: string; namespace?: string }; ignoreDifferences?: never };
  const projectName = spec.project || 'default';
  if (!input.project) return empty([{ type: 'InvalidSpecError', message: `Application referencing project ${projectName} which does not exist` }]);
  // Argo CD: a non-empty `sources` replaces `source` entirely.
  const multi = !!spec.sources?.length;
  const sources = multi ? spec.sources! : spec.source ? [spec.source] : [];
  if (!sources.length) return empty([{ type: 'InvalidSpecError', message: 'Application must have at least one source' }]);
  const dest = spec.destination ?? {};
  const invalid = sources.flatMap((s) => {
    const local = localRepoRefusal(input.cluster, s.repoURL, !!deps.allowLocalRepos);
    return local ? [local] : sourcePermitted(projectName, input.project!, s.repoURL);
  });
  let destination: Destination | undefined;
  try {
    destination = resolveDestination(input.cluster, dest, input.secrets, deps.inProcess, deps.hubUrl);
  } catch (e) {
    if (!(e instanceof DestinationError)) throw e;
    invalid.push(e.message);
  }
  // As Argo CD, a destination given by name is checked against the project with its server inferred too.
  if (destination) invalid.push(...destinationPermitted(projectName, input.project, { ...dest, server: dest.server ?? destination.server }));
  if (invalid.length || !destination) return empty(invalid.map((message) => ({ type: 'InvalidSpecError', message })));

  const revisions: string[] = [];
  const sourceTypes: string[] = [];
  const objects: KObject[] = [];
  try {
    for (const [i, source] of sources.entries()) {
      const creds = credsFor(source.repoURL, input.secrets, input.trust, projectName);
      if (creds?.unsupported) throw new Error(`repository secret for ${source.repoURL} uses ${creds.unsupported.join(', ')}, not supported by Marina yet`);
      const helmCtx: HelmRenderContext = { appName: app.metadata.name!, namespace: dest.namespace ?? '' };
      if (source.chart) {
        // A chart from a Helm repository: the revision is the chart version (Argo CD's status.sync.revision).
        const fetched = await (deps.helmRepos ?? sharedHelmRepos).chart(source.repoURL, source.chart, source.targetRevision, creds, input.notBefore);
        revisions.push(fetched.version);
        const rendered = await deps.manifests.renderChart(fetched, source, helmCtx);
        sourceTypes.push(rendered.sourceType);
        objects.push(...rendered.objects);
        continue;
      }
      const known = multi ? input.knownRevisions?.[i] : input.knownRevision;
      const revision = known ?? (await deps.repos.resolve(source.repoURL, source.targetRevision, creds, input.notBefore));
      revisions.push(revision);
      // A `ref`-only source only lends its files to others (Helm value files): no manifests of its own.
      if (multi && isRefOnly(source)) {
        sourceTypes.push('Directory');
        continue;
      }
      const tree = await deps.repos.checkout(source.repoURL, revision, creds);
      const rendered = await deps.manifests.render(tree, revision, source, helmCtx);
      sourceTypes.push(rendered.sourceType);
      objects.push(...rendered.objects);
    }
  } catch (e) {
    const msg = `Failed to load target state: ${(e as Error).message}`;
    return { ...empty([{ type: 'ComparisonError', message: msg }]), destination };
  }
  const revision = revisions[0]!;
  const shape = multi ? { revisions, sourceTypes } : { sourceType: sourceTypes[0] };

  const appName = app.metadata.name!;
  const settings = input.installationID !== undefined && input.trackingMethod !== undefined ? undefined : await trackingSettingsOf(deps.inProcess(input.cluster), input.cluster);
  const installationID = input.installationID ?? settings!.installationID;
  const method = input.trackingMethod ?? settings!.method;
  const conditions: Condition[] = [];
  const namespaced = new Map<string, boolean>();
  /** Desired object → the plural of its resource, where the destination serves it. */
  const plural = new Map<KObject, string>();
  const desired: KObject[] = [];
  const skipDryRun = syncOptions((spec as { syncPolicy?: { syncOptions?: unknown } }).syncPolicy?.syncOptions);
  for (const o of objects) {
    const info = await destination.client.resourceFor(o.apiVersion, o.kind).catch(() => undefined);
    const isNs = info?.namespaced ?? true;
    // As Argo CD: with SkipDryRunOnMissingResource a kind the cluster does not serve yet (its CRD comes from an
    // earlier wave, or a controller such as an XRD) is no comparison error; it is Missing until its wave applies it.
    if (!info && !skipDryRun.has('SkipDryRunOnMissingResource=true') && !syncOptions(undefined, o.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION]).has('SkipDryRunOnMissingResource=true')) {
      conditions.push({ type: 'ComparisonError', message: `The server could not find the requested resource: ${o.kind}.${o.apiVersion} ${o.metadata.name}` });
    }
    if (isNs && !o.metadata.namespace) o.metadata.namespace = dest.namespace || 'default';
    if (!isNs) delete o.metadata.namespace;
    const denied = resourcePermitted(projectName, input.project, parseApiVersion(o.apiVersion).group, o.kind, isNs);
    if (denied.length) {
      conditions.push(...denied.map((message) => ({ type: 'InvalidSpecError', message })));
      continue;
    }
    setTracking(o, appName, installationID, method);
    namespaced.set(resourceKey(o as never), isNs);
    if (info) plural.set(o, info.resource);
    desired.push(o);
  }
  // As Argo CD: a resource rendered more than once is a RepeatedResourceWarning; the last rendering wins.
  for (const message of repeatedResources(desired)) conditions.push({ type: 'RepeatedResourceWarning', message });
  const lastByKey = new Map(desired.map((o) => [resourceKey({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name! }), o]));
  desired.splice(0, desired.length, ...lastByKey.values());

  const live = new Map<string, KObject>();
  for (const o of desired) {
    const read = () => destination.client.get({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    const resource = plural.get(o);
    // The cache holds objects as stored: a request for another version of the kind is read (and converted).
    const fromCache = deps.live && resource && destination.server === IN_CLUSTER_SERVER;
    let l = fromCache
      ? await deps.live!.get({ cluster: input.cluster, resource: `${parseApiVersion(o.apiVersion).group}/${resource}`, namespace: o.metadata.namespace ?? '', name: o.metadata.name! }, read)
      : await read();
    if (fromCache && l && l.apiVersion !== o.apiVersion) l = await read();
    if (l) live.set(resourceKey({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name! }), l);
  }

  // Previously managed resources that left Git: they still carry our tracking id (Argo CD finds them in its cluster cache; we remember them in status).
  const desiredKeys = new Set(desired.map((o) => resourceKey({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name! })));
  const orphans: KObject[] = [];
  const previous = ((app.status as { resources?: ResourceStatus[] } | undefined)?.resources ?? []);
  for (const r of previous) {
    const key = resourceKey(r);
    if (desiredKeys.has(key)) continue;
    const l = await destination.client.get({ apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind: r.kind, namespace: r.namespace, name: r.name }).catch(() => undefined);
    if (l && isTrackedBy(appName, installationID, l, method)) orphans.push(l);
  }

  // A live object of the same identity managed by another app or installation is not ours: report it, never adopt it.
  const foreign: KObject[] = [];
  for (const o of desired) {
    if (hookPhases(o)) continue;
    const l = live.get(resourceKey({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name! }));
    if (ownership(appName, installationID, l, method) !== 'foreign') continue;
    foreign.push(o);
    conditions.push({ type: 'SharedResourceWarning', message: sharedResourceMessage(o, l!, appName, installationID, method) });
  }

  const resources: ResourceStatus[] = [];
  let health: HealthStatusCode = 'Healthy';
  let outOfSync = false;
  const diffs = new Map<string, DiffResult>();
  const opts = diffOptionsOf(app);
  const optsKey = JSON.stringify(opts);
  for (const o of desired) {
    const hook = hookPhases(o);
    if (hook) continue; // Hooks are not part of the app's sync status or health (Argo CD).
    const key = resourceKey({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name! });
    const l = live.get(key);
    const modified = modifiedOf(`${input.cluster}|${app.metadata.namespace ?? ''}|${appName}|${key}`, o, l, optsKey, () => {
      const d = diff(o, l, opts);
      diffs.set(key, d);
      return d.modified;
    });
    const h = l ? healthOf(l) : { status: 'Missing' as const };
    if (modified) outOfSync = true;
    if (h && isWorse(health, h.status)) health = h.status;
    resources.push(statusOf(o, modified ? 'OutOfSync' : 'Synced', h ?? undefined));
  }
  for (const o of orphans) {
    outOfSync = true;
    resources.push({ ...statusOf(o, 'OutOfSync', undefined), requiresPruning: true });
  }
  return { conditions, revision, ...shape, destination, desired, live, resources, orphans, foreign, syncStatus: outOfSync ? 'OutOfSync' : 'Synced', health, namespaced, diffs };
}

/**
 * Per-resource results kept between comparisons, as Argo CD keeps them in its cluster cache: an app's commit
 * or a change of one of its resources re-compares the app, and without these every other resource would be
 * diffed and health-checked again although neither its desired nor its live state changed. Keyed by what
 * the result depends on; bounded (least recently used go first). A result taken from here is not put in
 * `Comparison.diffs` (whoever needs the full diff computes it again).
 */
const MAX_CACHED = 50_000;
const healthCache = new Map<string, { rv: string; health: HealthStatus | undefined }>();
const diffCache = new Map<string, { desired: string; opts: string; live: string; modified: boolean }>();

function touch<V>(m: Map<string, V>, k: string, v: V): void {
  m.delete(k);
  if (m.size >= MAX_CACHED) m.delete(m.keys().next().value!);
  m.set(k, v);
}

/** A live object's health, computed once per resourceVersion (health depends on the live object only). */
function healthOf(l: KObject): HealthStatus | undefined {
  const uid = l.metadata.uid;
  const rv = l.metadata.resourceVersion;
  if (!uid || !rv) return assessHealth(l);
  const hit = healthCache.get(uid);
  if (hit?.rv === rv) return hit.health;
  const health = assessHealth(l);
  touch(healthCache, uid, { rv, health });
  return health;
}

/** Whether desired differs from live, computed again only when the desired object, the options or the live resourceVersion changed. */
function modifiedOf(key: string, desired: KObject, live: KObject | undefined, opts: string, compute: () => boolean): boolean {
  const d = createHash('sha1').update(JSON.stringify(desired)).digest('base64');
  const l = live ? `${live.metadata.uid ?? ''}/${live.metadata.resourceVersion ?? ''}` : '';
  const hit = diffCache.get(key);
  if (hit && live?.metadata.resourceVersion && hit.desired === d && hit.opts === opts && hit.live === l) return hit.modified;
  const modified = compute();
  touch(diffCache, key, { desired: d, opts, live: l, modified });
  return modified;
}

/** The normalization an Application's resources are compared with (its `ignoreDifferences`). */
export const diffOptionsOf = (app: KObject): DiffOptions => ({ ignoreDifferences: (app.spec as { ignoreDifferences?: DiffOptions['ignoreDifferences'] } | undefined)?.ignoreDifferences });

/**
 * The tenant's argocd-cm tracking settings: `installationID` (else its logical cluster name, unique per hub) and
 * `application.resourceTrackingMethod` (default `annotation`).
 */
export async function trackingSettingsOf(tenant: ClusterClient, cluster: string): Promise<{ installationID: string; method: TrackingMethod }> {
  const cm = await tenant.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'argocd', name: 'argocd-cm' }).catch(() => undefined);
  const data = (cm as { data?: Record<string, string> } | undefined)?.data ?? {};
  return { installationID: data.installationID || cluster, method: trackingMethodOf(data['application.resourceTrackingMethod']) };
}

/** A source that only carries `ref` (Argo CD's multi-source Helm value files): it renders nothing. */
export const isRefOnly = (s: AppSource) => !!s.ref && !s.path && !s.chart;

/** Resources rendered more than once (across sources or within one), in Argo CD's words. */
export function repeatedResources(objects: KObject[]): string[] {
  const counts = new Map<string, number>();
  for (const o of objects) {
    const k = resourceKey({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name! });
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([k, n]) => `Resource ${k} appeared ${n} times among application resources.`);
}

/** Argo CD's SharedResourceWarning wording, naming the installations when they are what differs. */
export function sharedResourceMessage(o: KObject, live: KObject, app: string, installationID: string, method: TrackingMethod = 'annotation'): string {
  const other = appOf(live, method) ?? '';
  const otherInst = live.metadata.annotations?.[INSTALLATION_ANNOTATION];
  const what = `${o.kind}/${o.metadata.name}`;
  if (other && other !== app && otherInst === installationID) return `${what} is part of applications ${other} and ${app}`;
  return `${what} is part of applications ${other || '(untracked)'} (installation ${otherInst ?? '(none)'}) and ${app} (installation ${installationID})`;
}

function statusOf(o: KObject, status: 'Synced' | 'OutOfSync', health?: { status: HealthStatusCode; message?: string }): ResourceStatus {
  const { group, version } = parseApiVersion(o.apiVersion);
  const r: ResourceStatus = { group, version, kind: o.kind, name: o.metadata.name!, status };
  if (o.metadata.namespace) r.namespace = o.metadata.namespace;
  if (health) r.health = health.message ? { status: health.status, message: health.message } : { status: health.status };
  return r;
}
