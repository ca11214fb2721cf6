/**
 * The managed-resource reconciler every built-in provider shares (crossplane-runtime's `managed.Reconciler`):
 * the pause annotation, management and deletion policies, the finalizer, connect → observe → create /
 * update / delete, `Synced` and `Ready`, `status.atProvider` and the connection secret. A kind supplies
 * only `connect`, which returns the external client for one managed resource. Driven by store events: a
 * kind says which keys (objects in any logical cluster of this hub) a managed resource depends on, and
 * those objects' events requeue it; what lives outside the hub is polled by the shared ticker.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import { StoreController } from '../../controllers/controller.ts';
import { SYSTEM_USER } from '../../controllers/system.ts';
import type { Store, StoreEvent } from '../../storage/store.ts';
import type { Condition, ConnectionDetails } from '../index.ts';
import { mergeConditions, stamp } from '../controller/conditions.ts';
import { publishConnectionSecret } from '../controller/connection.ts';
import { deepEqual, orUndefined, step } from '../controller/util.ts';
import { Creating, Deleting, ReconcileError, ReconcileSuccess, wrap } from './conditions.ts';
import { act, ANNOTATION_EXTERNAL_NAME, ANNOTATION_PAUSED, FINALIZER, gate, type ManagedState } from './plan.ts';
import { resolvePolicy, type Policy } from './policy.ts';
import type { Ticker } from './ticker.ts';

type Obj = Record<string, any>;

export interface Observed {
  exists: boolean;
  upToDate: boolean;
  /** The Ready condition while the resource exists (undefined: leave Ready as it is). */
  ready?: Condition;
  atProvider?: Obj;
  connection?: ConnectionDetails;
}

/** What a create knows at once (crossplane-runtime's ExternalCreation). */
export interface Creation {
  atProvider?: Obj;
  /** Published right away, so what reads the connection secret need not wait for the next observe. */
  connection?: ConnectionDetails;
}

export interface External {
  observe(): Promise<Observed>;
  create(): Promise<Creation | void>;
  /** Returns `status.atProvider` when it knows it. */
  update(): Promise<Obj | void>;
  delete(): Promise<void>;
}

/** The external client of a managed resource with nothing left outside: it observes nothing and does nothing. */
export const GONE: External = {
  observe: async () => ({ exists: false, upToDate: false }),
  create: async () => {},
  update: async () => {},
  delete: async () => {},
};

/** What a reconcile depends on: exact objects (`cluster|namespace|name`), whole resources, or a poll. */
export interface Tracker {
  object(cluster: string, namespace: string, name: string): void;
  resource(cluster: string, resource: string): void;
  poll(): void;
}

export interface ManagedKind {
  apiVersion: string;
  kind: string;
  /** The store resource of the kind, e.g. `kubernetes.crossplane.io/objects`. */
  resource: string;
  connect(mr: KObject, policy: Policy, track: Tracker): Promise<External>;
  /** The `crossplane.io/external-name` to set when the resource has none (undefined: none). */
  externalName?(mr: KObject): string | undefined;
  /** The managed resource is gone: drop anything kept for it. */
  forget?(name: string): void;
}

const objectKey = (cluster: string, namespace: string, name: string) => `o:${cluster}|${namespace}|${name}`;
const resourceKey = (cluster: string, resource: string) => `r:${cluster}|${resource}`;

/** Whether an event changed what a reconcile reads (Crossplane's DesiredStateChanged filter). */
function desiredChanged(e: StoreEvent): boolean {
  if (e.type !== 'MODIFIED' || !e.previous) return true;
  const a = e.previous;
  const b = e.object;
  return !deepEqual(a.spec, b.spec) || !deepEqual(a.metadata.annotations, b.metadata.annotations) || a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp || !deepEqual(a.metadata.finalizers, b.metadata.finalizers);
}

export class ManagedController extends StoreController<string> {
  protected readonly root: ClusterClient;
  /** watch key → managed resources depending on it, and back. */
  private readonly byKey = new Map<string, Set<string>>();
  private readonly keysOf = new Map<string, Set<string>>();

  constructor(
    store: Store,
    core: ApiCore,
    protected readonly kind: ManagedKind,
    private readonly ticker: Ticker,
  ) {
    super(store, (n) => n);
    this.root = new InProcessClient(core, SYSTEM_USER, `marina-provider/${kind.kind.toLowerCase()}`).cluster(ROOT_CLUSTER);
  }

  protected override async resync(): Promise<void> {
    for (const o of (await this.store.list(this.kind.resource, { cluster: ROOT_CLUSTER })).items) this.queue.add(o.metadata.name!);
  }

  protected observe(e: StoreEvent): void {
    if (e.key.resource === this.kind.resource && e.key.cluster === ROOT_CLUSTER) {
      if (desiredChanged(e)) this.queue.add(e.key.name);
      return;
    }
    // A ProviderConfig's status (`users`, counted as managed resources come and go) is nothing a managed
    // resource reads: without this, every resource using a shared ProviderConfig would be reconciled again
    // each time another one is added (O(n) per tenant for the hub's own `hub` ProviderConfig).
    if (e.key.resource.endsWith('/providerconfigs') && !desiredChanged(e)) return;
    for (const k of [objectKey(e.key.cluster, e.key.namespace, e.key.name), resourceKey(e.key.cluster, e.key.resource)]) {
      for (const n of this.byKey.get(k) ?? []) this.queue.add(n);
    }
  }

  override stop(): void {
    super.stop();
    for (const n of this.keysOf.keys()) this.ticker.set(this.tickKey(n), undefined);
  }

  private tickKey(name: string): string {
    return `${this.kind.resource}|${name}`;
  }

  /** Replaces what `name` depends on. */
  private setWatches(name: string, keys: Set<string>, poll: boolean): void {
    for (const k of this.keysOf.get(name) ?? []) {
      if (keys.has(k)) continue;
      const s = this.byKey.get(k);
      s?.delete(name);
      if (s?.size === 0) this.byKey.delete(k);
    }
    if (keys.size) this.keysOf.set(name, keys);
    else this.keysOf.delete(name);
    for (const k of keys) {
      let s = this.byKey.get(k);
      if (!s) this.byKey.set(k, (s = new Set()));
      s.add(name);
    }
    this.ticker.set(this.tickKey(name), poll ? () => this.queue.add(name) : undefined);
  }

  protected async reconcile(name: string): Promise<void> {
    const mr = await this.store.get({ resource: this.kind.resource, cluster: ROOT_CLUSTER, namespace: '', name });
    if (!mr || (mr.metadata.deletionTimestamp && !mr.metadata.finalizers?.includes(FINALIZER))) {
      this.setWatches(name, new Set(), false);
      this.kind.forget?.(name);
      return;
    }
    const keys = new Set<string>();
    let poll = false;
    // A key is watched from the moment it is read, not only once the reconcile ends: an object created while
    // this pass still runs (after it read "not found") requeues the resource at once instead of leaving it to
    // the retry tick, which is only the backstop for what no store event announces.
    const watch = (k: string) => {
      if (keys.has(k)) return;
      keys.add(k);
      let s = this.byKey.get(k);
      if (!s) this.byKey.set(k, (s = new Set()));
      s.add(name);
    };
    const track: Tracker = {
      object: (c, ns, n) => watch(objectKey(c, ns, n)),
      resource: (c, r) => watch(resourceKey(c, r)),
      poll: () => (poll = true),
    };
    try {
      const retry = await this.reconcileManaged(mr, track);
      this.setWatches(name, keys, poll || retry);
    } catch (e) {
      this.setWatches(name, keys, poll);
      throw e;
    }
  }

  /** One pass of the managed reconciler; true when it ended in an error worth retrying on the next tick. */
  private async reconcileManaged(mr: KObject, track: Tracker): Promise<boolean> {
    const policy = resolvePolicy(mr.spec as Obj | undefined);
    const state: ManagedState = { deleting: !!mr.metadata.deletionTimestamp, pausedAnnotation: mr.metadata.annotations?.[ANNOTATION_PAUSED] === 'true', policy };
    const g = gate(state);
    if (g.next === 'stop') {
      await this.setStatus(mr, g.conditions);
      return false;
    }
    if (g.next === 'release') {
      await this.release(mr);
      return false;
    }
    const live = state.deleting ? mr : await this.initialize(mr);
    const secretRef = (live.spec as Obj | undefined)?.writeConnectionSecretToRef;
    if (secretRef?.name && secretRef.namespace) {
      track.object(ROOT_CLUSTER, secretRef.namespace, secretRef.name);
      track.object(ROOT_CLUSTER, '', secretRef.namespace); // a namespace appearing lets a failed publish succeed
    }
    let ext: External;
    try {
      ext = await this.kind.connect(live, policy, track);
    } catch (e) {
      await this.setStatus(live, [ReconcileError(wrap('connect', e))]);
      return true;
    }
    let obs: Observed;
    try {
      obs = await ext.observe();
    } catch (e) {
      await this.setStatus(live, [ReconcileError(wrap('observe', e))]);
      return true;
    }
    const next = act(state, obs);
    switch (next.action) {
      case 'release':
        await this.release(live);
        return false;
      case 'delete':
        try {
          await ext.delete();
        } catch (e) {
          await this.setStatus(live, [Deleting(), ReconcileError(wrap('delete', e))]);
          return true;
        }
        // Observe again: gone now (release), or still going (its events, or the poll, requeue this).
        if (!(await ext.observe().catch(() => ({ exists: true }))).exists) {
          await this.release(live);
          return false;
        }
        await this.setStatus(live, [Deleting(), ReconcileSuccess()]);
        return false;
      case 'create': {
        let created: Creation | void;
        try {
          created = await ext.create();
          if (created?.connection) await this.publish(live, created.connection);
        } catch (e) {
          await this.setStatus(live, [ReconcileError(wrap(next.action, e))]);
          return true;
        }
        await this.setStatus(live, [Creating(), ReconcileSuccess()], created?.atProvider);
        this.queue.add(live.metadata.name!); // as crossplane-runtime: observe at once
        return false;
      }
      case 'update': {
        let atProvider: Obj | void;
        try {
          atProvider = await ext.update();
        } catch (e) {
          await this.setStatus(live, [ReconcileError(wrap(next.action, e))]);
          return true;
        }
        await this.setStatus(live, [ReconcileSuccess()], atProvider ?? undefined);
        return false;
      }
      case 'none': {
        let conditions = [...next.conditions, ...(obs.exists && obs.ready ? [obs.ready] : [])];
        if (obs.exists && obs.connection) {
          try {
            await this.publish(live, obs.connection);
          } catch (e) {
            const why = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e instanceof Error ? e.message : e);
            conditions = [...conditions.filter((c) => c.type !== 'Synced'), ReconcileError(`cannot create or update connection secret: ${why}`)];
          }
        }
        await this.setStatus(live, conditions, obs.atProvider);
        return conditions.some((c) => c.type === 'Synced' && c.status === 'False');
      }
    }
  }

  /** The finalizer and the external-name annotation, before anything external is touched. */
  private async initialize(mr: KObject): Promise<KObject> {
    const finalizers = mr.metadata.finalizers ?? [];
    const externalName = mr.metadata.annotations?.[ANNOTATION_EXTERNAL_NAME] ? undefined : this.kind.externalName?.(mr);
    if (finalizers.includes(FINALIZER) && !externalName) return mr;
    const patch: Obj = { metadata: { resourceVersion: mr.metadata.resourceVersion, finalizers: [...finalizers.filter((f) => f !== FINALIZER), FINALIZER] } };
    if (externalName) patch.metadata.annotations = { [ANNOTATION_EXTERNAL_NAME]: externalName };
    return step(`cannot add finalizer to ${this.kind.kind} ${JSON.stringify(mr.metadata.name)}`, () => this.root.patch(this.ref(mr), 'merge', patch));
  }

  /** Unpublishes the connection secret and removes the finalizer: the managed resource goes. */
  private async release(mr: KObject): Promise<void> {
    const ref = (mr.spec as Obj | undefined)?.writeConnectionSecretToRef;
    if (ref?.name && ref.namespace) {
      const secret = await orUndefined(this.root.get({ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name }));
      if (secret?.metadata.ownerReferences?.some((o) => o.uid === mr.metadata.uid)) {
        await step(`cannot unpublish connection secret ${ref.namespace}/${ref.name}`, () => orUndefined(this.root.delete({ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name })));
      }
    }
    const finalizers = (mr.metadata.finalizers ?? []).filter((f) => f !== FINALIZER);
    if (finalizers.length === (mr.metadata.finalizers ?? []).length) return;
    await step(`cannot remove finalizer from ${this.kind.kind} ${JSON.stringify(mr.metadata.name)}`, () =>
      orUndefined(this.root.patch(this.ref(mr), 'merge', { metadata: { resourceVersion: mr.metadata.resourceVersion, finalizers: finalizers.length ? finalizers : null } })),
    );
  }

  private async publish(mr: KObject, details: ConnectionDetails): Promise<void> {
    const ref = (mr.spec as Obj | undefined)?.writeConnectionSecretToRef;
    if (!ref?.name || !ref.namespace) return;
    await publishConnectionSecret(this.root, { name: ref.name, namespace: ref.namespace }, details, mr, 'managed.crossplane.io/connection');
  }

  private ref(mr: KObject) {
    return { apiVersion: mr.apiVersion, kind: mr.kind, name: mr.metadata.name };
  }

  protected async setStatus(mr: KObject, conditions: Condition[], atProvider?: Obj): Promise<void> {
    const before = (mr.status ?? {}) as Obj;
    const status: Obj = { ...before, conditions: mergeConditions(before.conditions, stamp(conditions, before.conditions)) };
    if (atProvider) status.atProvider = atProvider;
    if (deepEqual(status, before)) return;
    await step(`cannot update status of ${this.kind.kind} ${JSON.stringify(mr.metadata.name)}`, () => this.root.updateStatus({ ...mr, status }));
  }
}
