/**
 * The Application controller: one engine for every tenant. It listens to the store's event feed (no per-tenant
 * watch or timer), queues (cluster, namespace, name) keys, and polls with one shared ticker. A reconcile is
 * thin: compare (compare.ts), maybe advance a sync (sync/operation.ts), write the status.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import { isNotFound } from '../../apiserver/errors.ts';
import { parseApiVersion, type KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import { WorkQueue } from '../../controllers/queue.ts';
import type { Store, StoreEvent } from '../../storage/store.ts';
import { ManifestCache, RepoCache, SECRET_TYPE_LABEL } from '../repo/index.ts';
import { advanceSync, type OperationState } from '../sync/operation.ts';
import { unsupportedMessage, unsupportedOptions } from '../sync/options.ts';
import { syncOptions } from '../sync/plan.ts';
import { afterFailure, retryDueAt, type RetryStrategy } from '../sync/retry.ts';
import { trackingSettingsOf, type CompareDeps, type Comparison } from './compare.ts';
import { comparisonOf, MANAGED_RESOURCES_SUBRESOURCE, managedResourcesOf, managedResourcesResponse, type ManagedResource } from './managed.ts';
import { DelayingQueue } from './delay.ts';
import { pollDue, pollSettings, tickInterval, type PollSettings } from './polling.ts';
import { DestinationError, resolveDestination, type Destination } from './destination.ts';
import { LiveCache } from './livecache.ts';
import { orphanedCondition, orphanedResources, type OrphanedResourcesSettings } from './orphaned.ts';
import { deleteAppResources, resourcesFinalizer } from './finalizer.ts';
import { emitEvent } from './events.ts';
import { GITOPS_USER } from './identity.ts';
import type { ProjectSpec } from './project.ts';
import { appendHistory, appStatus, comparedTo, sameRevisions, sameStatus, syncResultOf } from './status.ts';
import { appOfAny, resourceKey, type TrackingMethod } from './tracking.ts';

export const APPLICATIONS = 'argoproj.io/applications';
export const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';
const ARGOCD_NS = 'argocd';
const ARGOCD_CM = 'argocd-cm';
const APP = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' };

export interface AppControllerOptions {
  /** Argo CD's timeout.reconciliation: how often every app is re-compared against Git. Default 180 s. */
  reconciliationMs?: number;
  /** Up to this much random delay on top (timeout.reconciliation.jitter). Default 60 s. */
  jitterMs?: number;
  repoCacheDir?: string;
  kubectlPath?: string;
  /** Let tenants' Applications use local repositories (file://); root always may. See repo/local.ts. */
  allowLocalRepos?: boolean;
}

interface Key {
  cluster: string;
  namespace: string;
  name: string;
}

export class ApplicationController {
  private readonly queue: WorkQueue<Key>;
  /** Retries with backoff and cascading deletes waiting on resources: one timer for all of them. */
  private readonly delayed: DelayingQueue;
  private readonly client: InProcessClient;
  readonly repos: RepoCache;
  readonly manifests: ManifestCache;
  /** `<destination watch key>|<app name>` → app keys: which apps a live change concerns (self-heal, hooks). */
  private readonly index = new Map<string, Set<string>>();
  private readonly appIndexKey = new Map<string, string>();
  /** Keys with a refresh requested, and when (the latest request): see RepoCache.resolve's notBefore. */
  private readonly refresh = new Map<string, number>();
  private unsubscribe: () => void = () => {};
  private ticker?: NodeJS.Timeout;
  private stopped = false;
  private tickMs = 30_000;
  private tickAt = 0;
  /** Tenants' polling settings (argocd-cm), read on first need and dropped when their argocd-cm changes. */
  private readonly polling = new Map<string, PollSettings>();
  private readonly live = new LiveCache();

  constructor(
    private readonly store: Store,
    private readonly core: ApiCore,
    private readonly hubUrl: () => string,
    private readonly opts: AppControllerOptions = {},
  ) {
    this.client = new InProcessClient(core, GITOPS_USER, 'argocd-application-controller');
    this.repos = new RepoCache(opts.repoCacheDir);
    this.manifests = new ManifestCache(2000, opts.kubectlPath);
    this.queue = new WorkQueue((k) => this.reconcile(k), keyOf, 500);
    this.delayed = new DelayingQueue((k) => this.queue.add(parseKey(k)));
  }

  async start(): Promise<void> {
    this.unsubscribe = this.store.onAnyEvent((e) => this.observe(e));
    // GET .../applications/<name>/managedresources, authorized as a get of the Application (Argo CD's RBAC).
    const view = `${APPLICATIONS}/${MANAGED_RESOURCES_SUBRESOURCE}`;
    this.core.subresourceViews.set(view, async (ctx, app) => managedResourcesResponse(app, await this.managedResources(ctx.cluster, app)) as unknown as KObject);
    this.core.parentAuthorizedViews.add(view);
    const all = await this.store.list(APPLICATIONS);
    all.items.forEach((o, i) => this.enqueue({ cluster: all.clusters[i]!, namespace: o.metadata.namespace!, name: o.metadata.name! }, true));
    if (this.defaults().reconciliationMs > 0) this.schedule();
  }

  /** The hub's defaults for polling; a tenant's argocd-cm may override both (see polling.ts). 0 here turns polling off hub-wide. */
  private defaults() {
    return { reconciliationMs: this.opts.reconciliationMs ?? 180_000, jitterMs: this.opts.jitterMs ?? 60_000 };
  }

  /** The one shared ticker: re-armed after each pass, sleeping a quarter of the shortest period in use. */
  private schedule(): void {
    const periods = [this.defaults().reconciliationMs, ...[...this.polling.values()].map((p) => p.reconciliationMs)];
    this.tickMs = tickInterval(periods);
    this.tickAt = Date.now() + this.tickMs;
    this.ticker = setTimeout(() => {
      this.ticker = undefined;
      void this.tick().catch(() => undefined).finally(() => this.stopped || this.schedule());
    }, this.tickMs);
    this.ticker.unref();
  }

  /** A tenant's shorter period (first seen, or its argocd-cm changed) brings the next tick forward. */
  private tickSooner(s: PollSettings): void {
    if (!this.ticker || this.stopped || s.reconciliationMs <= 0) return;
    const want = tickInterval([s.reconciliationMs]);
    if (want >= this.tickMs || Date.now() + want >= this.tickAt) return;
    clearTimeout(this.ticker);
    this.ticker = undefined;
    this.tickMs = want;
    this.ticker = setTimeout(() => {
      this.ticker = undefined;
      void this.tick().catch(() => undefined).finally(() => this.stopped || this.schedule());
    }, want);
    this.tickAt = Date.now() + want;
    this.ticker.unref();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.ticker) clearTimeout(this.ticker);
    this.delayed.stop();
    this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** A refresh of every Application now, as if each were due for its poll (operations, benchmarks). Returns how many. */
  async refreshAll(): Promise<number> {
    const all = await this.store.list(APPLICATIONS);
    all.items.forEach((o, i) => this.enqueue({ cluster: all.clusters[i]!, namespace: o.metadata.namespace!, name: o.metadata.name! }, true));
    return all.items.length;
  }

  /** A refresh of one Application now, as the refresh annotation asks (used by the hub for its own repository's commits). */
  refreshApp(cluster: string, namespace: string, name: string): void {
    this.enqueue({ cluster, namespace, name }, true);
  }

  private enqueue(k: Key, refresh = false): void {
    if (k.namespace !== ARGOCD_NS) return; // Argo CD's default: Applications live in the runtime's namespace.
    if (refresh) this.refresh.set(keyOf(k), Date.now());
    this.queue.add(k);
  }

  private observe(e: StoreEvent): void {
    this.live.observe(e);
    const { key } = e;
    if (key.resource === APPLICATIONS) {
      // Our own status writes do not need another pass.
      if (e.type === 'MODIFIED' && e.previous && intent(e.previous) === intent(e.object)) return;
      if (e.type === 'DELETED') this.forget(keyOf(key));
      return this.enqueue(key, e.type === 'ADDED' || !!e.object.metadata.annotations?.[REFRESH_ANNOTATION] || specChanged(e));
    }
    if (key.resource === '/events') return;
    if (key.resource === '/configmaps' && key.namespace === ARGOCD_NS && key.name === ARGOCD_CM && this.polling.delete(key.cluster)) {
      void this.pollingOf(key.cluster).catch(() => undefined); // re-read now: a shorter period takes effect at once
    }
    const app = appOfAny(e.object) ?? appOfAny(e.previous);
    if (!app) return;
    for (const k of this.index.get(`${key.cluster}|${app}`) ?? []) this.queue.add(parseKey(k));
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    const all = await this.store.list(APPLICATIONS);
    for (const [i, o] of all.items.entries()) {
      const at = Date.parse((o.status as { reconciledAt?: string } | undefined)?.reconciledAt ?? '') || 0;
      const k = { cluster: all.clusters[i]!, namespace: o.metadata.namespace!, name: o.metadata.name! };
      // A per-app offset within the jitter spreads the polls instead of a thundering herd every period.
      if (pollDue(now, at, keyOf(k), await this.pollingOf(k.cluster))) this.enqueue(k, true);
    }
  }

  /** A tenant's `timeout.reconciliation` and `.jitter` from its argocd-cm; unusable values are reported as an event on the ConfigMap. */
  private async pollingOf(cluster: string): Promise<PollSettings> {
    const hit = this.polling.get(cluster);
    if (hit) return hit;
    const tenant = this.client.cluster(cluster);
    const cm = await tenant.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ARGOCD_NS, name: ARGOCD_CM }).catch(() => undefined);
    const s = pollSettings((cm as { data?: Record<string, string> } | undefined)?.data, this.defaults());
    if (this.polling.size >= 4096) this.polling.delete(this.polling.keys().next().value!);
    this.polling.set(cluster, s);
    this.tickSooner(s);
    if (cm) for (const e of s.errors) await emitEvent(tenant, cm, 'Warning', 'InvalidConfiguration', e);
    return s;
  }

  private forget(k: string): void {
    this.unindex(k);
    this.refresh.delete(k);
  }

  private unindex(k: string): void {
    const ik = this.appIndexKey.get(k);
    if (ik) this.index.get(ik)?.delete(k);
    this.appIndexKey.delete(k);
  }

  private remember(k: string, watchKey: string, app: string): void {
    const ik = `${watchKey}|${app}`;
    if (this.appIndexKey.get(k) === ik) return;
    // Only the index moves: a refresh requested while this reconcile ran must survive for the next one.
    this.unindex(k);
    this.appIndexKey.set(k, ik);
    if (!this.index.has(ik)) this.index.set(ik, new Set());
    this.index.get(ik)!.add(k);
  }

  private async reconcile(k: Key): Promise<void> {
    const tenant = this.client.cluster(k.cluster);
    const app = await tenant.get({ ...APP, namespace: k.namespace, name: k.name }).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (!app) return this.forget(keyOf(k));
    if (app.metadata.deletionTimestamp) return this.finalize(k, tenant, app);
    if (this.defaults().reconciliationMs > 0) await this.pollingOf(k.cluster); // its period may shorten the shared tick
    const refreshAt = this.refresh.get(keyOf(k));
    this.refresh.delete(keyOf(k));
    const refresh = refreshAt !== undefined;
    const cmp = await this.compare(k, tenant, app, refresh, undefined, refreshAt);
    if (cmp.destination) this.remember(keyOf(k), cmp.destination.watchKey, k.name);

    const status = (app.status ?? {}) as { operationState?: OperationState; history?: Array<Record<string, unknown>> };
    let op = status.operationState;
    let history = status.history;
    let operation = (app as { operation?: Record<string, unknown> }).operation;
    const blocking = cmp.conditions.find((c) => c.type === 'ComparisonError' || c.type === 'InvalidSpecError');
    const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (!operation && !blocking) operation = autoSyncOperation(app, cmp, op);
    let finalCmp = cmp;
    if (operation) {
      const started = !op || op.phase !== 'Running';
      // What the operation syncs to: the target revision(s), or those it asks for (`sync.revision(s)`, as
      // `argocd app sync --revision`); an operation under way stays at the commit(s) it started with.
      let syncCmp = cmp;
      let refused: string | undefined;
      if (started) {
        const requested = requestedRevisions(app, operation, cmp);
        if (requested && autoSyncTarget(app) !== undefined) refused = `Cannot sync to ${requested.join(', ')}: auto-sync currently set to ${autoSyncTarget(app)}`;
        else if (requested) syncCmp = await this.compare(k, tenant, atRevisions(app, requested), true);
        op = { operation, phase: 'Running', message: '', startedAt: now(), syncResult: { ...syncResultOf(app.spec as { source?: unknown; sources?: unknown[] }, syncCmp), resources: [] } };
        await emitEvent(tenant, app, 'Normal', 'OperationStarted', `Initiated ${operation.initiatedBy && (operation.initiatedBy as { automated?: boolean }).automated ? 'automated ' : ''}sync to ${syncCmp.revisions?.join(', ') ?? syncCmp.revision ?? ''}`);
      } else if (op && !sameRevisions(op.syncResult, cmp)) {
        const r = op.syncResult;
        syncCmp = await this.compare(k, tenant, app, false, r.revisions?.length ? { revisions: r.revisions } : { revision: r.revision || undefined });
      }
      const syncBlocking = refused ? { message: refused } : syncCmp.conditions.find((c) => c.type === 'ComparisonError' || c.type === 'InvalidSpecError');
      const retry = operation.retry as RetryStrategy | undefined;
      let cur = op!;
      const due = retryDueAt(cur, retry);
      if (due !== undefined && due > Date.now()) this.delayed.addAt(keyOf(k), due);
      else {
        if (due !== undefined) cur = retryAttempt(cur, syncCmp);
        cur = syncBlocking ? { ...cur, phase: 'Error', message: syncBlocking.message, finishedAt: now() } : await this.sync(app, syncCmp, cur, operation, now);
        if (cur.phase === 'Failed' || cur.phase === 'Error') cur = afterFailure(cur, retry, new Date());
        const next = retryDueAt(cur, retry);
        if (next !== undefined) this.delayed.addAt(keyOf(k), next);
      }
      op = cur;
      if (cur.phase !== 'Running') {
        operation = undefined;
        if (cur.phase === 'Succeeded') history = appendHistory(history ?? [], cur, (app.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10);
        await emitEvent(tenant, app, cur.phase === 'Succeeded' ? 'Normal' : 'Warning', 'OperationCompleted', `Sync operation to ${cur.syncResult.revisions?.join(', ') ?? cur.syncResult.revision} ${cur.phase === 'Succeeded' ? 'succeeded' : `failed: ${cur.message}`}`);
      }
      finalCmp = await this.compare(k, tenant, app, false, cmp);
    }
    if (op?.phase === 'Failed' || op?.phase === 'Error') finalCmp.conditions.push({ type: 'SyncError', message: op.message });
    const unsupported = unsupportedOptions(syncOptions((app.spec as { syncPolicy?: { syncOptions?: unknown } }).syncPolicy?.syncOptions));
    if (unsupported.length && !finalCmp.conditions.some((c) => c.message === unsupportedMessage(unsupported))) finalCmp.conditions.push({ type: 'SyncError', message: unsupportedMessage(unsupported) });
    const next = appStatus(app, finalCmp, op, history, now());
    if (!blocking && finalCmp.conditions.length) {
      // New problems (not ones already reported) are worth an event.
      const old = new Set(((app.status as { conditions?: Array<{ message: string }> })?.conditions ?? []).map((c) => c.message));
      for (const c of finalCmp.conditions.filter((x) => !old.has(x.message))) await emitEvent(tenant, app, 'Warning', c.type, c.message);
    }
    const hadRefresh = !!app.metadata.annotations?.[REFRESH_ANNOTATION];
    const opChanged = JSON.stringify((app as { operation?: unknown }).operation) !== JSON.stringify(operation);
    if (!refresh && !hadRefresh && !opChanged && sameStatus(app.status, next)) return;
    const updated = structuredClone(app) as KObject & { operation?: unknown };
    updated.status = next;
    if (operation) updated.operation = operation;
    else delete updated.operation;
    if (hadRefresh) delete updated.metadata.annotations![REFRESH_ANNOTATION];
    await tenant.update(updated);
    if (op?.phase === 'Running') return; // Hooks and waves resume on their resources' events.
    // An operation that just finished at an older revision than Git now has (a commit landed while it ran):
    // another pass starts the automated sync of the new one, as Argo CD requeues the app after an operation.
    if (opChanged && op?.phase === 'Succeeded' && finalCmp.syncStatus === 'OutOfSync' && finalCmp.revision && !sameRevisions(op.syncResult, finalCmp)) this.queue.add(k);
  }

  /** Cascading delete for the resources finalizer; the finalizer goes once the tracked resources are gone. */
  private async finalize(k: Key, tenant: ClusterClient, app: KObject): Promise<void> {
    const fin = resourcesFinalizer(app);
    if (!fin) return;
    const secrets = (await tenant.list({ apiVersion: 'v1', kind: 'Secret', namespace: ARGOCD_NS }, { labelSelector: SECRET_TYPE_LABEL })).items;
    let remaining: number;
    try {
      const dest = resolveDestination(k.cluster, (app.spec as { destination?: { server?: string; name?: string } }).destination ?? {}, secrets, (c) => this.client.cluster(c), this.hubUrl());
      const { installationID, method } = await trackingSettingsOf(tenant, k.cluster);
      remaining = await deleteAppResources(dest.client, app, fin.propagation, installationID, method);
    } catch (e) {
      const message = e instanceof DestinationError ? e.message : `error deleting resources: ${(e as Error).message}`;
      const old = (app.status as { conditions?: Array<{ message: string }> } | undefined)?.conditions ?? [];
      if (!old.some((c) => c.message === message)) {
        await emitEvent(tenant, app, 'Warning', 'DeletionError', message);
        const conditions = [{ type: 'DeletionError', message, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }];
        await tenant.update({ ...app, status: { ...(app.status ?? {}), conditions } } as KObject).catch(() => undefined);
      }
      this.delayed.addAt(keyOf(k), Date.now() + 10_000);
      return;
    }
    if (remaining > 0) {
      // Deletions finishing (finalizers on the resources) come back through the index; the timer is a backstop.
      this.delayed.addAt(keyOf(k), Date.now() + 2_000);
      return;
    }
    const updated = structuredClone(app);
    updated.metadata.finalizers = (app.metadata.finalizers ?? []).filter((f) => f !== fin.name);
    await tenant.update(updated);
    await emitEvent(tenant, app, 'Normal', 'ResourceDeleted', `Deleted application resources (${fin.name})`);
  }

  private async compare(k: Key, tenant: ClusterClient, app: KObject, refresh: boolean, pinned?: Pick<Comparison, 'revision' | 'revisions'>, notBefore?: number): Promise<Comparison> {
    const spec = app.spec as { destination?: unknown };
    const { installationID, method } = await trackingSettingsOf(tenant, k.cluster);
    const { cmp, project } = await comparisonOf(this.deps(), k.cluster, app, { refresh, pinned, notBefore, installationID, trackingMethod: method });
    const orphaned = (project?.spec as ProjectSpec | undefined)?.orphanedResources;
    if (orphaned && cmp.destination) {
      const count = await this.orphanedCount(cmp.destination, (spec.destination as { namespace?: string } | undefined)?.namespace, orphaned, method);
      const c = orphanedCondition(count, orphaned);
      if (c) cmp.conditions.push(c);
    }
    return cmp;
  }

  /**
   * Untracked top-level resources in the destination namespace (Argo CD's orphaned resources). Only a logical
   * cluster of this hub can be listed whole (through the store); other destinations count none.
   */
  /** What comparisons need: the shared repository and manifest caches, the in-process client, the hub's URL. */
  deps(): CompareDeps {
    return { repos: this.repos, manifests: this.manifests, inProcess: (c) => this.client.cluster(c), hubUrl: this.hubUrl(), allowLocalRepos: this.opts.allowLocalRepos, live: this.live };
  }

  /** Argo CD's managed resources of an app (see managed.ts), computed like the controller's comparison. */
  managedResources(cluster: string, app: KObject): Promise<ManagedResource[]> {
    return managedResourcesOf(this.deps(), cluster, app);
  }

  private async orphanedCount(dest: Destination, namespace: string | undefined, settings: OrphanedResourcesSettings, method: TrackingMethod): Promise<number> {
    if (!namespace || dest.watchKey === dest.server) return 0;
    const objects: KObject[] = [];
    for (const key of await this.store.keysInNamespace(dest.watchKey, namespace)) {
      const o = await this.store.get(key);
      if (o && !o.metadata.deletionTimestamp) objects.push(o);
    }
    return orphanedResources(objects, namespace, settings, method).length;
  }

  private async sync(app: KObject, cmp: Comparison, op: OperationState, operation: Record<string, unknown>, now: () => string): Promise<OperationState> {
    const spec = app.spec as { syncPolicy?: { syncOptions?: string[]; automated?: { prune?: boolean } }; destination?: { namespace?: string } };
    const s = (operation.sync ?? {}) as { prune?: boolean; syncOptions?: string[] };
    const foreign = new Set(cmp.foreign);
    const next = await advanceSync({
      client: cmp.destination!.client,
      state: op,
      desired: cmp.desired.filter((o) => !foreign.has(o)),
      orphans: cmp.orphans,
      options: syncOptions([...(spec.syncPolicy?.syncOptions ?? []), ...(s.syncOptions ?? [])]),
      prune: s.prune ?? false,
      synced: new Set(cmp.resources.filter((r) => r.status === 'Synced').map(resourceKey)),
      destinationNamespace: spec.destination?.namespace,
      now,
    });
    return next.phase === 'Succeeded' && foreign.size ? refuseForeign(next, cmp) : next;
  }
}

/** Argo CD's automated sync: once per new revision, or again at the same one when selfHeal is on; never retrying a failed one by itself. */
function autoSyncOperation(app: KObject, cmp: Comparison, last: OperationState | undefined): Record<string, unknown> | undefined {
  const auto = (app.spec as { syncPolicy?: { automated?: { prune?: boolean; selfHeal?: boolean; allowEmpty?: boolean } } }).syncPolicy?.automated;
  if (!auto || cmp.syncStatus !== 'OutOfSync' || !cmp.revision) return undefined;
  if (cmp.desired.length === 0 && !auto.allowEmpty) return undefined;
  const sameRevision = sameRevisions(last?.syncResult, cmp);
  if (sameRevision && (last?.phase === 'Failed' || last?.phase === 'Error')) return undefined;
  if (sameRevision && !auto.selfHeal) return undefined;
  const retry = (app.spec as { syncPolicy?: { retry?: RetryStrategy } }).syncPolicy?.retry;
  return { sync: { ...(cmp.revisions ? { revisions: cmp.revisions } : { revision: cmp.revision }), prune: auto.prune ?? false }, initiatedBy: { automated: true }, ...(retry ? { retry } : {}) };
}

/**
 * The revisions an operation asks for when they differ from the app's target revisions and from the commits
 * those resolved to (one per source), else undefined. `sync.revision` applies to a single-source app, `sync.revisions` to one with `sources`.
 */
export function requestedRevisions(app: KObject, operation: Record<string, unknown>, resolved: Pick<Comparison, 'revision' | 'revisions'> = {}): string[] | undefined {
  const spec = app.spec as { source?: { targetRevision?: string }; sources?: Array<{ targetRevision?: string }> };
  const s = (operation.sync ?? {}) as { revision?: string; revisions?: string[] };
  const targets = spec.sources?.length ? spec.sources.map((x) => x.targetRevision || 'HEAD') : [spec.source?.targetRevision || 'HEAD'];
  const asked = spec.sources?.length ? (s.revisions ?? []) : s.revision ? [s.revision] : [];
  const commits = spec.sources?.length ? (resolved.revisions ?? []) : [resolved.revision];
  const wanted = targets.map((t, i) => asked[i] || t);
  // The target itself, or the commit it resolved to (automated syncs name the commit), is no other revision.
  return wanted.some((w, i) => w !== targets[i] && w !== commits[i]) ? wanted : undefined;
}

/** The target revision automated sync holds the app to (Argo CD refuses manual syncs elsewhere), or undefined without automation. */
const autoSyncTarget = (app: KObject): string | undefined => {
  const spec = app.spec as { syncPolicy?: { automated?: unknown }; source?: { targetRevision?: string }; sources?: Array<{ targetRevision?: string }> };
  if (!spec.syncPolicy?.automated) return undefined;
  return spec.sources?.length ? spec.sources.map((x) => x.targetRevision || 'HEAD').join(', ') : spec.source?.targetRevision || 'HEAD';
};

/** The app as if its sources targeted `revisions` (to compare at an operation's revisions). */
function atRevisions(app: KObject, revisions: string[]): KObject {
  const copy = structuredClone(app);
  const spec = copy.spec as { source?: { targetRevision?: string }; sources?: Array<{ targetRevision?: string }> };
  if (spec.sources?.length) spec.sources.forEach((x, i) => (x.targetRevision = revisions[i]));
  else if (spec.source) spec.source.targetRevision = revisions[0];
  return copy;
}

/** Resources another app or installation manages are never applied: the sync fails on them, naming them (Argo CD's FailOnSharedResource). */
function refuseForeign(op: OperationState, cmp: Comparison): OperationState {
  const messages = cmp.conditions.filter((c) => c.type === 'SharedResourceWarning').map((c) => c.message);
  const resources = [...op.syncResult.resources];
  for (const o of cmp.foreign) {
    const { group, version } = parseApiVersion(o.apiVersion);
    const message = messages.find((m) => m.startsWith(`${o.kind}/${o.metadata.name} `)) ?? 'managed by another application';
    resources.push({ group, version, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name!, status: 'SyncFailed', message, syncPhase: 'Sync' });
  }
  return { ...op, phase: 'Failed', message: `one or more objects failed to apply, reason: ${messages.join('; ')}`, syncResult: { ...op.syncResult, resources } };
}

/** A retry starts over: the failed attempt's results and finish time make way for a fresh run at the current revision. */
function retryAttempt(op: OperationState, cmp: Pick<Comparison, 'revision' | 'revisions'>): OperationState {
  const at = cmp.revisions ? { revisions: cmp.revisions } : { revision: cmp.revision ?? op.syncResult.revision };
  const next: OperationState = { ...op, message: '', syncResult: { ...op.syncResult, ...at, resources: [] } };
  delete next.finishedAt;
  return next;
}

const keyOf = (k: Key) => `${k.cluster}|${k.namespace}|${k.name}`;
const parseKey = (s: string): Key => {
  const [cluster, namespace, name] = s.split('|') as [string, string, string];
  return { cluster, namespace, name };
};
const intent = (o: KObject) => JSON.stringify([o.spec, (o as { operation?: unknown }).operation, o.metadata.annotations, o.metadata.deletionTimestamp]);
const specChanged = (e: StoreEvent) => !!e.previous && JSON.stringify(e.previous.spec) !== JSON.stringify(e.object.spec);
