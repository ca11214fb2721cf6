/**
 * The ApplicationSet controller (Argo CD's applicationset-controller) for every tenant: ApplicationSets in a
 * tenant's `argocd` namespace generate Applications there, owned by the ApplicationSet. Driven by the store's
 * event feed (the ApplicationSet, its Applications, cluster secrets) and, for Git generators, by one shared
 * ticker for the whole hub: nothing runs for an idle tenant. Thin: generation and rendering are pure (render.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ApiCore } from '../../apiserver/core.ts';
import { isNotFound } from '../../apiserver/errors.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import { WorkQueue } from '../../controllers/queue.ts';
import type { Store, StoreEvent } from '../../storage/store.ts';
import { emitEvent } from '../controller/events.ts';
import { GITOPS_USER } from '../controller/identity.ts';
import { repoTrustIn } from '../controller/managed.ts';
import { credsFor, localRepoRefusal, SECRET_TYPE_LABEL, type RepoCache } from '../repo/index.ts';
import { AppSetError, duplicateNames, generateApplications, REASON } from './render.ts';
import { appSetConditions, resourceStatuses, withTransitionTimes, type AppSetCondition } from './status.ts';
import { RESOURCES_FINALIZER } from './template.ts';
import type { AppSetSpec, Generator, GeneratorContext, GitTree } from './types.ts';

export const APPLICATIONSETS = 'argoproj.io/applicationsets';
const APPLICATIONS = 'argoproj.io/applications';
const NS = 'argocd';
const API = 'argoproj.io/v1alpha1';
export const APPSET_REFRESH_ANNOTATION = 'argocd.argoproj.io/application-set-refresh';
/** Annotations an update never drops (Argo CD's defaultPreservedAnnotations). */
const PRESERVED_ANNOTATIONS = ['notified.notifications.argoproj.io', 'argocd.argoproj.io/refresh'];
const POST_DELETE_FINALIZER = 'post-delete-finalizer.argocd.argoproj.io';

interface Key {
  cluster: string;
  namespace: string;
  name: string;
}

export interface AppSetControllerOptions {
  /** How often Git generators are re-read (Argo CD's default requeueAfterSeconds: 180). */
  gitRequeueMs?: number;
  /** Let tenants' git generators read local repositories (file://); root always may. See repo/local.ts. */
  allowLocalRepos?: boolean;
}

export class ApplicationSetController {
  private readonly client: InProcessClient;
  private readonly queue: WorkQueue<Key>;
  /** When each ApplicationSet with a Git generator last read Git (the shared ticker re-queues the due ones). */
  private readonly gitReadAt = new Map<string, number>();
  /** Keys due a full pass (generate, write Applications); others only refresh status.resources from owned Applications. */
  private readonly full = new Set<string>();
  private unsubscribe: () => void = () => {};
  private ticker?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    core: ApiCore,
    private readonly repos: RepoCache,
    private readonly opts: AppSetControllerOptions = {},
  ) {
    this.client = new InProcessClient(core, GITOPS_USER, 'argocd-applicationset-controller');
    this.queue = new WorkQueue((k) => this.reconcile(k), keyOf, 200);
  }

  async start(): Promise<void> {
    this.unsubscribe = this.store.onAnyEvent((e) => this.observe(e));
    const all = await this.store.list(APPLICATIONSETS);
    all.items.forEach((o, i) => this.enqueue({ cluster: all.clusters[i]!, namespace: o.metadata.namespace!, name: o.metadata.name! }));
    const every = this.opts.gitRequeueMs ?? 180_000;
    if (every > 0) {
      this.ticker = setInterval(() => this.tick(every), Math.max(1_000, Math.min(every / 4, 30_000)));
      this.ticker.unref();
    }
  }

  stop(): void {
    this.unsubscribe();
    if (this.ticker) clearInterval(this.ticker);
    this.queue.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private enqueue(k: Key, full = true): void {
    if (k.namespace !== NS) return;
    if (full) this.full.add(keyOf(k));
    this.queue.add(k);
  }

  private observe(e: StoreEvent): void {
    const { key } = e;
    if (key.resource === APPLICATIONSETS) {
      if (e.type === 'DELETED') this.gitReadAt.delete(keyOf(key));
      // Our own status writes need no other pass.
      if (e.type === 'MODIFIED' && e.previous && intent(e.previous) === intent(e.object)) return;
      return this.enqueue(key);
    }
    if (key.resource === APPLICATIONS && key.namespace === NS) {
      // An owned Application changed (its status feeds status.resources: no need to read Git again) or went
      // away (a full pass re-creates it if still generated).
      for (const o of [e.object, e.previous]) {
        const owner = o?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ApplicationSet' && r.apiVersion === API);
        if (owner) return this.enqueue({ cluster: key.cluster, namespace: NS, name: owner.name }, e.type === 'DELETED');
      }
      return;
    }
    if (key.resource === '/secrets' && key.namespace === NS && [e.object, e.previous].some((o) => o?.metadata.labels?.[SECRET_TYPE_LABEL] === 'cluster')) {
      void this.store.list(APPLICATIONSETS, { cluster: key.cluster, namespace: NS }).then((l) => l.items.forEach((o) => this.enqueue({ cluster: key.cluster, namespace: NS, name: o.metadata.name! })));
    }
  }

  private tick(every: number): void {
    const now = Date.now();
    void this.store.list(APPLICATIONSETS).then((all) =>
      all.items.forEach((o, i) => {
        const k = { cluster: all.clusters[i]!, namespace: o.metadata.namespace!, name: o.metadata.name! };
        const at = this.gitReadAt.get(keyOf(k));
        if (at !== undefined && now - at >= every) this.enqueue(k);
      }),
    );
  }

  private async reconcile(k: Key): Promise<void> {
    const tenant = this.client.cluster(k.cluster);
    const appset = await tenant.get({ apiVersion: API, kind: 'ApplicationSet', namespace: k.namespace, name: k.name }).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    const full = this.full.delete(keyOf(k));
    if (!appset) return void this.gitReadAt.delete(keyOf(k));
    const prevConditions = (appset.status as { conditions?: AppSetCondition[] } | undefined)?.conditions;
    if (!full && prevConditions?.length && !appset.metadata.deletionTimestamp) return this.writeStatus(tenant, appset, prevConditions, await this.owned(tenant, appset));
    const spec = (appset.spec ?? {}) as AppSetSpec;
    const policy = spec.syncPolicy?.applicationsSync ?? 'sync';
    const allowUpdate = policy === 'sync' || policy === 'create-update';
    const allowDelete = policy === 'sync' || policy === 'create-delete';
    if (appset.metadata.deletionTimestamp) return this.finalize(tenant, appset, allowDelete);

    const secrets = (await tenant.list({ apiVersion: 'v1', kind: 'Secret', namespace: k.namespace }, { labelSelector: SECRET_TYPE_LABEL })).items;
    const trust = await repoTrustIn(tenant, k.namespace);
    const project = typeof spec.template?.spec?.project === 'string' && !spec.template.spec.project.includes('{{') ? spec.template.spec.project : undefined;
    const ctx: GeneratorContext = {
      clusterSecrets: secrets.filter((s) => s.metadata.labels?.[SECRET_TYPE_LABEL] === 'cluster'),
      git: async (url, revision) => {
        const local = localRepoRefusal(k.cluster, url, !!this.opts.allowLocalRepos);
        if (local) throw new Error(local);
        const creds = credsFor(url, secrets, trust, project);
        if (creds?.unsupported) throw new Error(`repository secret for ${url} uses ${creds.unsupported.join(', ')}, not supported by Marina yet`);
        const commit = await this.repos.resolve(url, revision, creds);
        return fsTree(await this.repos.checkout(url, commit, creds));
      },
    };
    if (usesGit(spec.generators ?? [])) this.gitReadAt.set(keyOf(k), Date.now());
    else this.gitReadAt.delete(keyOf(k));

    let desired: KObject[];
    try {
      desired = await generateApplications(appset, ctx);
    } catch (e) {
      const err = e instanceof AppSetError ? e : new AppSetError(REASON.paramsError, (e as Error).message);
      await emitEvent(tenant, appset, 'Warning', err.reason, err.message);
      return this.writeStatus(tenant, appset, appSetConditions({ reason: err.reason, message: err.message }, false), await this.owned(tenant, appset));
    }

    // Argo CD's validateGeneratedApplications: unique names, an existing project.
    const errors = duplicateNames(appset.metadata.name!, desired);
    for (const [i, a] of desired.entries()) {
      if (errors.has(i)) continue;
      const p = ((a.spec as { project?: string }).project as string) || 'default';
      const exists = await tenant.get({ apiVersion: API, kind: 'AppProject', namespace: k.namespace, name: p }).then(() => true, (e) => (isNotFound(e) ? false : Promise.reject(e)));
      if (!exists) errors.set(i, `application references project ${p} which does not exist`);
      else if (!a.metadata.name) errors.set(i, 'application name is empty after rendering the template');
    }
    const valid = desired.filter((_, i) => !errors.has(i));
    const current = await this.owned(tenant, appset);
    let failure: { reason: string; message: string } | undefined;
    if (errors.size) {
      const last = [...errors.values()].pop()!;
      failure = { reason: REASON.validationError, message: errors.size > 1 ? `${last} (and ${errors.size - 1} more)` : last };
    }

    const currentNames = new Set(current.map((a) => a.metadata.name!));
    const toWrite = allowUpdate ? valid : valid.filter((a) => !currentNames.has(a.metadata.name!));
    for (const a of toWrite) {
      const err = await this.createOrUpdate(tenant, appset, a);
      if (err && !failure) failure = { reason: allowUpdate ? REASON.updateError : REASON.createError, message: err };
    }
    if (allowDelete) {
      const wanted = new Set(desired.map((a) => a.metadata.name!));
      for (const a of current.filter((x) => !wanted.has(x.metadata.name!))) {
        const err = await tenant.delete({ apiVersion: API, kind: 'Application', namespace: k.namespace, name: a.metadata.name! }).then(() => undefined, (e) => (isNotFound(e) ? undefined : (e as Error).message));
        if (err && !failure) failure = { reason: REASON.deleteError, message: err };
        else if (!err) await emitEvent(tenant, appset, 'Normal', 'Deleted', `Deleted Application "${a.metadata.name}"`);
      }
    }
    if (appset.metadata.annotations?.[APPSET_REFRESH_ANNOTATION]) {
      const fresh = await tenant.get({ apiVersion: API, kind: 'ApplicationSet', namespace: k.namespace, name: k.name });
      delete fresh.metadata.annotations![APPSET_REFRESH_ANNOTATION];
      await tenant.update(fresh).catch(() => undefined);
    }
    await this.writeStatus(tenant, appset, appSetConditions(failure, true), await this.owned(tenant, appset));
  }

  /** Applications this ApplicationSet controls (owner reference with controller: true and its uid). */
  private async owned(tenant: ClusterClient, appset: KObject): Promise<KObject[]> {
    const apps = (await tenant.list({ apiVersion: API, kind: 'Application', namespace: appset.metadata.namespace })).items;
    return apps.filter((a) => a.metadata.ownerReferences?.some((r) => r.controller && r.uid === appset.metadata.uid));
  }

  /** Argo CD's createOrUpdateInCluster for one Application: spec, labels, annotations, finalizers from the template; owner set. */
  private async createOrUpdate(tenant: ClusterClient, appset: KObject, generated: KObject): Promise<string | undefined> {
    const ref = { apiVersion: API, kind: 'Application', namespace: generated.metadata.namespace, name: generated.metadata.name! };
    const owner = { apiVersion: API, kind: 'ApplicationSet', name: appset.metadata.name!, uid: appset.metadata.uid!, controller: true, blockOwnerDeletion: true };
    const found = await tenant.get(ref).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (!found) {
      const app = { ...generated, metadata: { ...generated.metadata, ownerReferences: [owner] } } as KObject;
      return tenant.create(app).then(
        async () => void (await emitEvent(tenant, appset, 'Normal', 'created', `created Application "${ref.name}"`)),
        (e) => `failed to create Application ${ref.name}: ${(e as Error).message}`,
      );
    }
    const other = found.metadata.ownerReferences?.find((r) => r.controller && r.uid !== appset.metadata.uid);
    if (other) return `Object ${ref.namespace}/${ref.name} is already owned by another ${other.kind} controller ${other.name}`;
    const spec = (appset.spec ?? {}) as AppSetSpec;
    const meta = generated.metadata as { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
    const annotations = { ...(meta.annotations ?? {}) };
    const labels = { ...(meta.labels ?? {}) };
    for (const key of [...(spec.preservedFields?.annotations ?? []), ...PRESERVED_ANNOTATIONS]) if (found.metadata.annotations?.[key] !== undefined) annotations[key] = found.metadata.annotations[key]!;
    for (const key of spec.preservedFields?.labels ?? []) if (found.metadata.labels?.[key] !== undefined) labels[key] = found.metadata.labels[key]!;
    const finalizers = [...(meta.finalizers ?? []), ...(found.metadata.finalizers ?? []).filter((f) => f.startsWith(POST_DELETE_FINALIZER) && !(meta.finalizers ?? []).includes(f))];
    const next = structuredClone(found) as KObject & { operation?: unknown };
    next.spec = generated.spec;
    if ((generated as { operation?: unknown }).operation) next.operation = (generated as { operation?: unknown }).operation;
    setOrDelete(next.metadata, 'annotations', Object.keys(annotations).length ? annotations : undefined);
    setOrDelete(next.metadata, 'labels', Object.keys(labels).length ? labels : undefined);
    setOrDelete(next.metadata, 'finalizers', finalizers.length ? finalizers : undefined);
    next.metadata.ownerReferences = [...(found.metadata.ownerReferences ?? []).filter((r) => r.uid !== appset.metadata.uid), owner];
    if (JSON.stringify([found.spec, found.metadata, (found as { operation?: unknown }).operation]) === JSON.stringify([next.spec, next.metadata, next.operation])) return undefined;
    return tenant.update(next).then(
      async () => void (await emitEvent(tenant, appset, 'Normal', 'updated', `updated Application "${ref.name}"`)),
      (e) => `failed to update Application ${ref.name}: ${(e as Error).message}`,
    );
  }

  /** Deletion: a policy that forbids deleting Applications lets them go (owner references removed); the finalizer goes. */
  private async finalize(tenant: ClusterClient, appset: KObject, allowDelete: boolean): Promise<void> {
    if (!allowDelete) {
      for (const a of await this.owned(tenant, appset)) {
        const next = structuredClone(a);
        const refs = (a.metadata.ownerReferences ?? []).filter((r) => r.uid !== appset.metadata.uid);
        setOrDelete(next.metadata, 'ownerReferences', refs.length ? refs : undefined);
        await tenant.update(next).catch(() => undefined);
      }
    }
    if (!(appset.metadata.finalizers ?? []).includes(RESOURCES_FINALIZER)) return;
    const next = structuredClone(appset);
    setOrDelete(next.metadata, 'finalizers', (appset.metadata.finalizers ?? []).filter((f) => f !== RESOURCES_FINALIZER));
    await tenant.update(next).catch(() => undefined);
  }

  private async writeStatus(tenant: ClusterClient, appset: KObject, conditions: AppSetCondition[], apps: KObject[]): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const prev = (appset.status ?? {}) as { conditions?: AppSetCondition[]; resources?: unknown[] };
    const status: Record<string, unknown> = { ...prev, conditions: withTransitionTimes(conditions, prev.conditions, now) };
    const resources = resourceStatuses(apps);
    if (resources.length) status.resources = resources;
    else delete status.resources;
    if (JSON.stringify(status) === JSON.stringify(appset.status ?? {})) return;
    const fresh = await tenant.get({ apiVersion: API, kind: 'ApplicationSet', namespace: appset.metadata.namespace, name: appset.metadata.name! }).catch(() => undefined);
    if (!fresh) return;
    await tenant.updateStatus({ ...fresh, status }).catch(() => undefined);
  }
}

/** Whether any generator (nested in matrix/merge too) reads Git. */
export function usesGit(gens: Generator[]): boolean {
  return gens.some((g) => !!g.git || usesGit(g.matrix?.generators ?? []) || usesGit(g.merge?.generators ?? []));
}

/** A checked-out tree as the git generator sees it: directories and files, hidden ones left out (as Argo CD). */
export function fsTree(root: string): GitTree {
  const dirs: string[] = [];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        dirs.push(relative(root, p));
        walk(p);
      } else if (st.isFile()) files.push(relative(root, p));
    }
  };
  if (existsSync(root)) walk(root);
  return {
    directories: async () => dirs,
    files: async () => files,
    read: async (path) => readFileSync(join(root, path), 'utf8'),
  };
}

function setOrDelete(o: object, k: string, v: unknown): void {
  if (v === undefined) delete (o as Record<string, unknown>)[k];
  else (o as Record<string, unknown>)[k] = v;
}

const keyOf = (k: { cluster: string; namespace: string; name: string }) => `${k.cluster}|${k.namespace}|${k.name}`;
const intent = (o: KObject) => JSON.stringify([o.spec, o.metadata.annotations, o.metadata.deletionTimestamp, o.metadata.finalizers]);
