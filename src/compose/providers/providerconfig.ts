/**
 * ProviderConfig usage, as crossplane-runtime's providerconfig reconciler: the `in-use.crossplane.io`
 * finalizer keeps a ProviderConfig while managed resources use it (so they can still connect to delete
 * what they created), `status.users` counts them, and a deleted one in use says
 * `Terminating=True (InUse)`. Marina counts the managed resources themselves (by `spec.providerConfigRef`)
 * instead of ProviderConfigUsage objects.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import { StoreController } from '../../controllers/controller.ts';
import { SYSTEM_USER } from '../../controllers/system.ts';
import type { Store, StoreEvent } from '../../storage/store.ts';
import type { Condition } from '../index.ts';
import { mergeConditions, stamp } from '../controller/conditions.ts';
import { deepEqual, orUndefined, step } from '../controller/util.ts';

type Obj = Record<string, any>;

export const FINALIZER_IN_USE = 'in-use.crossplane.io';

export interface ProviderConfigKind {
  /** The store resources: the ProviderConfig's and its managed resources'. */
  resource: string;
  users: string;
}

export const providerConfigOf = (mr: KObject): string => {
  const spec = (mr.spec ?? {}) as Obj;
  return spec.providerConfigRef?.name ?? spec.providerRef?.name ?? 'default';
};

const terminating = (): Condition => ({ type: 'Terminating', status: 'True', reason: 'InUse', message: 'Blocking deletion while usages still exist' });

export class ProviderConfigController extends StoreController<string> {
  private readonly root: ClusterClient;
  /** ProviderConfig name → the managed resources naming it, kept from store events (no list per reconcile). */
  private readonly usersOf = new Map<string, Set<string>>();
  private readonly pcOf = new Map<string, string>();

  constructor(
    store: Store,
    core: ApiCore,
    private readonly kind: ProviderConfigKind,
  ) {
    super(store, (n) => n);
    this.root = new InProcessClient(core, SYSTEM_USER, 'marina-provider/providerconfig').cluster(ROOT_CLUSTER);
  }

  protected override async resync(): Promise<void> {
    for (const o of (await this.store.list(this.kind.users, { cluster: ROOT_CLUSTER })).items) this.use(o.metadata.name!, providerConfigOf(o));
    for (const o of (await this.store.list(this.kind.resource, { cluster: ROOT_CLUSTER })).items) this.queue.add(o.metadata.name!);
  }

  /** Records that managed resource `mr` uses ProviderConfig `pc` (undefined: none any more); returns what it used. */
  private use(mr: string, pc: string | undefined): string | undefined {
    const was = this.pcOf.get(mr);
    if (was === pc) return was;
    const old = was === undefined ? undefined : this.usersOf.get(was);
    old?.delete(mr);
    if (old?.size === 0) this.usersOf.delete(was!);
    if (pc === undefined) this.pcOf.delete(mr);
    else {
      this.pcOf.set(mr, pc);
      let set = this.usersOf.get(pc);
      if (!set) this.usersOf.set(pc, (set = new Set()));
      set.add(mr);
    }
    return was;
  }

  protected observe(e: StoreEvent): void {
    if (e.key.cluster !== ROOT_CLUSTER) return;
    if (e.key.resource === this.kind.resource && e.type !== 'DELETED') this.queue.add(e.key.name);
    else if (e.key.resource === this.kind.users) {
      const now = e.type === 'DELETED' ? undefined : providerConfigOf(e.object);
      const was = this.use(e.key.name, now);
      if (was !== now) for (const n of [was, now]) if (n) this.queue.add(n);
    }
  }

  protected async reconcile(name: string): Promise<void> {
    const pc = await this.store.get({ resource: this.kind.resource, cluster: ROOT_CLUSTER, namespace: '', name });
    if (!pc) return;
    const users = this.usersOf.get(name)?.size ?? 0;
    const ref = { apiVersion: pc.apiVersion, kind: pc.kind, name };
    const finalizers = pc.metadata.finalizers ?? [];
    if (pc.metadata.deletionTimestamp && users === 0) {
      if (!finalizers.includes(FINALIZER_IN_USE)) return;
      const rest = finalizers.filter((f) => f !== FINALIZER_IN_USE);
      await step(`cannot update ProviderConfig ${JSON.stringify(name)}`, () => orUndefined(this.root.patch(ref, 'merge', { metadata: { resourceVersion: pc.metadata.resourceVersion, finalizers: rest.length ? rest : null } })));
      return;
    }
    let live = pc;
    if (!pc.metadata.deletionTimestamp && !finalizers.includes(FINALIZER_IN_USE)) {
      live = await step(`cannot update ProviderConfig ${JSON.stringify(name)}`, () => this.root.patch(ref, 'merge', { metadata: { resourceVersion: pc.metadata.resourceVersion, finalizers: [...finalizers, FINALIZER_IN_USE] } }));
    }
    const before = (live.status ?? {}) as Obj;
    const status: Obj = { ...before, users };
    if (live.metadata.deletionTimestamp) status.conditions = mergeConditions(before.conditions, stamp([terminating()], before.conditions));
    if (deepEqual(status, before)) return;
    await step(`cannot update ProviderConfig status ${JSON.stringify(name)}`, () => this.root.updateStatus({ ...live, status }));
  }
}
