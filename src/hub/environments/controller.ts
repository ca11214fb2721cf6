/**
 * The environment controller: one for every Environment claim of the hub (store events in, one work queue,
 * one shared delay queue for every TTL: no timer per environment).
 *
 * - Registration: once an Environment is Ready, its cluster is registered with the tenant's hosted runtime as
 *   an Argo CD cluster secret `env-<name>` in the runtime cluster's `argocd` namespace (server, bearer token
 *   and CA from the environment VirtualCluster's connection secret), behind a finalizer that removes the
 *   secret when the claim goes.
 * - TTL: when `spec.ttl` has passed since the claim's creation the environment is deprovisioned: a claim that
 *   came from Git (tracked by the `platform` Application) by committing the removal of its file to the hub
 *   repository, any other by deleting the claim; an Event (reason TTLExpired) on the claim says why.
 */
import { parseAllDocuments, stringify } from 'yaml';
import type { ApiCore } from '../../apiserver/core.ts';
import { isNotFound } from '../../apiserver/errors.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import { StoreController } from '../../controllers/controller.ts';
import { DelayingQueue } from '../../gitops/controller/delay.ts';
import { emitEvent } from '../../gitops/controller/events.ts';
import type { ObjectKey, Store, StoreEvent } from '../../storage/store.ts';
import { parse } from 'yaml';
import { MARINA_AUTHOR, type GitHubRepository } from '../repo/repository.ts';
import { PLATFORM_APP } from '../repo/platform.ts';
import { environmentClaimPath, TENANTS_NAMESPACE } from '../repo/tenants.ts';
import { clusterSecret, clusterSecretName, expiresAt } from './ttl.ts';

export const ENVIRONMENTS = 'platform.marina.io/environments';
export const HOSTED_RUNTIMES = 'platform.marina.io/hostedruntimes';
export const FINALIZER_REGISTRATION = 'platform.marina.io/environment-registration';
const ROOT = 'root';
const FIELD_MANAGER = 'marina-environment-controller';
const USER = { username: 'system:marina:environment-controller', groups: ['system:masters', 'system:authenticated'] };
const ENV = { apiVersion: 'platform.marina.io/v1alpha1', kind: 'Environment' };
const TRACKING = 'argocd.argoproj.io/tracking-id';

type Obj = Record<string, any>;
type Key = { namespace: string; name: string };

const keyOf = (k: Key) => `${k.namespace}/${k.name}`;
const orUndefined = <T>(p: Promise<T>): Promise<T | undefined> => p.catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
const isReady = (o: KObject) => ((o.status as Obj | undefined)?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');

export class EnvironmentController extends StoreController<Key> {
  private readonly client: InProcessClient;
  private readonly ttl: DelayingQueue;
  /** Claims whose expiry was acted on (their removal is on its way): never acted on twice. */
  private readonly expired = new Set<string>();

  constructor(
    store: Store,
    core: ApiCore,
    private readonly repo: GitHubRepository | undefined,
    private readonly now: () => number = Date.now,
  ) {
    super(store, keyOf);
    this.client = new InProcessClient(core, USER, FIELD_MANAGER);
    this.ttl = new DelayingQueue((k) => {
      const [namespace, name] = k.split('/') as [string, string];
      this.queue.add({ namespace, name });
    });
  }

  override stop(): void {
    this.ttl.stop();
    super.stop();
  }

  protected override async resync(): Promise<void> {
    for (const o of (await this.store.list(ENVIRONMENTS, { cluster: ROOT })).items) this.queue.add({ namespace: o.metadata.namespace!, name: o.metadata.name! });
  }

  protected observe(e: StoreEvent): void {
    if (e.key.cluster !== ROOT) return;
    if (e.key.resource === ENVIRONMENTS) return this.queue.add({ namespace: e.key.namespace, name: e.key.name });
    // A tenant's runtime becoming ready (or changing) may complete its environments' registration.
    if (e.key.resource === HOSTED_RUNTIMES && e.key.namespace === TENANTS_NAMESPACE) {
      void this.store.list(ENVIRONMENTS, { cluster: ROOT, namespace: e.key.name }).then((l) => l.items.forEach((o) => this.queue.add({ namespace: o.metadata.namespace!, name: o.metadata.name! })), () => undefined);
    }
  }

  protected async reconcile(key: Key): Promise<void> {
    const root = this.client.cluster(ROOT);
    const claim = await orUndefined(root.get({ ...ENV, ...key }));
    if (!claim) return;
    if (claim.metadata.deletionTimestamp) return this.finalize(root, claim);
    const at = expiresAt(claim);
    if (at !== undefined) {
      if (at <= this.now()) return this.expire(root, claim);
      this.ttl.addAt(keyOf(key), at);
    }
    if (isReady(claim)) await this.register(root, claim);
  }

  /** The tenant's runtime cluster: its HostedRuntime's cluster, once that is Ready. */
  private async runtimeCluster(root: ClusterClient, tenant: string): Promise<string | undefined> {
    const rt = await orUndefined(root.get({ apiVersion: 'platform.marina.io/v1alpha1', kind: 'HostedRuntime', namespace: TENANTS_NAMESPACE, name: tenant }));
    return rt && isReady(rt) ? ((rt.status as Obj).clusterName as string | undefined) : undefined;
  }

  /** Server, token and CA of the environment's cluster, from its VirtualCluster's connection secret. */
  private async credentials(root: ClusterClient, claim: KObject): Promise<{ server: string; token: string; caData?: string } | undefined> {
    const ref = (claim.spec as Obj)?.resourceRef;
    if (!ref?.name) return undefined;
    const xr = await orUndefined(root.get({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name }));
    const vcRef = ((xr?.spec as Obj | undefined)?.resourceRefs ?? []).find((r: Obj) => r.kind === 'VirtualCluster');
    if (!vcRef) return undefined;
    const vc = await orUndefined(root.get({ apiVersion: vcRef.apiVersion, kind: vcRef.kind, name: vcRef.name }));
    const sref = (vc?.spec as Obj | undefined)?.writeConnectionSecretToRef;
    if (!sref?.name) return undefined;
    const secret = await orUndefined(root.get({ apiVersion: 'v1', kind: 'Secret', namespace: sref.namespace, name: sref.name }));
    const kc = (secret as Obj | undefined)?.data?.kubeconfig;
    if (!kc) return undefined;
    const doc = parse(Buffer.from(kc, 'base64').toString('utf8')) as Obj;
    const ctx = (doc.contexts ?? []).find((c: Obj) => c.name === doc['current-context'])?.context ?? doc.contexts?.[0]?.context;
    const cluster = (doc.clusters ?? []).find((c: Obj) => c.name === ctx?.cluster)?.cluster;
    const user = (doc.users ?? []).find((u: Obj) => u.name === ctx?.user)?.user;
    if (!cluster?.server || !user?.token) return undefined;
    return { server: String(cluster.server).replace(/\/+$/, ''), token: user.token, caData: cluster['certificate-authority-data'] };
  }

  private async register(root: ClusterClient, claim: KObject): Promise<void> {
    const tenant = claim.metadata.namespace!;
    const cluster = await this.runtimeCluster(root, tenant);
    const creds = await this.credentials(root, claim);
    if (!cluster || !creds) return; // the runtime's or the cluster's readiness requeues this claim
    if (!claim.metadata.finalizers?.includes(FINALIZER_REGISTRATION)) {
      await root.patch({ ...ENV, namespace: tenant, name: claim.metadata.name }, 'merge', {
        metadata: { resourceVersion: claim.metadata.resourceVersion, finalizers: [...(claim.metadata.finalizers ?? []), FINALIZER_REGISTRATION] },
      });
    }
    const runtime = this.client.cluster(cluster);
    const want = clusterSecret(claim.metadata.name!, creds);
    const live = await orUndefined(runtime.get({ apiVersion: 'v1', kind: 'Secret', namespace: 'argocd', name: want.metadata.name }));
    if (live && JSON.stringify((live as Obj).data) === JSON.stringify((want as Obj).data)) return;
    await runtime.apply(want, { fieldManager: FIELD_MANAGER, force: true });
    await this.event(root, claim, 'Normal', 'Registered', `cluster ${creds.server} registered with the runtime of tenant ${tenant} as Argo CD cluster "${claim.metadata.name}" (secret argocd/${want.metadata.name})`);
  }

  /** Removes the registration (a runtime that is already gone has nothing to remove), then the finalizer. */
  private async finalize(root: ClusterClient, claim: KObject): Promise<void> {
    if (!claim.metadata.finalizers?.includes(FINALIZER_REGISTRATION)) return;
    const tenant = claim.metadata.namespace!;
    const rt = await orUndefined(root.get({ apiVersion: 'platform.marina.io/v1alpha1', kind: 'HostedRuntime', namespace: TENANTS_NAMESPACE, name: tenant }));
    const cluster = ((rt?.status as Obj | undefined)?.clusterName as string | undefined) ?? tenant;
    const exists = await orUndefined(root.get({ apiVersion: 'core.marina.io/v1alpha1', kind: 'LogicalCluster', name: cluster }));
    if (exists && !exists.metadata.deletionTimestamp) {
      await orUndefined(this.client.cluster(cluster).delete({ apiVersion: 'v1', kind: 'Secret', namespace: 'argocd', name: clusterSecretName(claim.metadata.name!) }));
    }
    const finalizers = claim.metadata.finalizers.filter((f) => f !== FINALIZER_REGISTRATION);
    await orUndefined(root.patch({ ...ENV, namespace: tenant, name: claim.metadata.name }, 'merge', { metadata: { resourceVersion: claim.metadata.resourceVersion, finalizers: finalizers.length ? finalizers : null } }));
  }

  private async expire(root: ClusterClient, claim: KObject): Promise<void> {
    const uid = claim.metadata.uid!;
    if (this.expired.has(uid)) return;
    this.expired.add(uid);
    const { namespace, name } = claim.metadata as { namespace: string; name: string };
    const why = `Environment ${namespace}/${name} expired: ttl ${(claim.spec as Obj).ttl} since ${claim.metadata.creationTimestamp}`;
    try {
      const fromGit = claim.metadata.annotations?.[TRACKING]?.startsWith(`${PLATFORM_APP}:`);
      const file = fromGit && this.repo ? await this.claimFile(claim) : undefined;
      if (file) {
        const sha = await this.repo!.commit({ [file.path]: file.rest }, { author: MARINA_AUTHOR, message: `${why}\n\nRemoved by Marina's environment controller.` });
        await this.event(root, claim, 'Normal', 'TTLExpired', `${why}; removed it from ${file.path} in the hub repository (commit ${sha.slice(0, 12)})`);
        return;
      }
      await this.event(root, claim, 'Normal', 'TTLExpired', `${why}; deleting the claim${fromGit ? ' (its file was not found in the hub repository)' : ''}`);
      await orUndefined(root.delete({ ...ENV, namespace, name }, { propagationPolicy: 'Background' }));
    } catch (e) {
      this.expired.delete(uid);
      throw e;
    }
  }

  /**
   * The hub repository file holding this claim: `tenants/<tenant>/environments/<name>.yaml` by convention, else
   * any YAML file under tenants/ that does. `rest` is the file without the claim (null: delete the file).
   */
  private async claimFile(claim: KObject): Promise<{ path: string; rest: string | null } | undefined> {
    const { namespace, name } = claim.metadata as { namespace: string; name: string };
    let conventional: string | undefined;
    try {
      conventional = environmentClaimPath(namespace, name);
    } catch {
      conventional = undefined;
    }
    const candidates = [...(conventional ? [conventional] : []), ...(await this.repo!.list('tenants/')).filter((p) => /\.ya?ml$/.test(p) && p !== conventional)];
    for (const path of candidates) {
      const text = await this.repo!.read(path);
      if (!text?.includes(name)) continue;
      const docs = parseAllDocuments(text).map((d) => d.toJS() as Obj | null).filter((d): d is Obj => !!d);
      const isClaim = (d: Obj) => d.kind === 'Environment' && String(d.apiVersion ?? '').startsWith('platform.marina.io/') && d.metadata?.name === name && (d.metadata?.namespace ?? namespace) === namespace;
      if (!docs.some(isClaim)) continue;
      const rest = docs.filter((d) => !isClaim(d));
      return { path, rest: rest.length ? rest.map((d) => stringify(d)).join('---\n') : null };
    }
    return undefined;
  }

  private event(root: ClusterClient, claim: KObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    return emitEvent(root, claim, type, reason, message, { component: 'marina-environment-controller', now: this.now() });
  }
}
