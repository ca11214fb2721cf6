/**
 * The claim controller: binds each claim to a composite (named after the claim with a random suffix,
 * persisted in `spec.resourceRef` before the composite exists), keeps the composite's spec in step with the
 * claim, shows the composite's status and connection secret on the claim, and, behind the
 * claim finalizer (FINALIZER_CLAIM), deletes the composite before the claim goes.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import { StoreController } from '../../controllers/controller.ts';
import { SYSTEM_USER } from '../../controllers/system.ts';
import type { ObjectKey, Store, StoreEvent } from '../../storage/store.ts';
import { claimStatusFromComposite, compositeForClaim, type Condition } from '../index.ts';
import { mergeConditions, stamp } from './conditions.ts';
import { publishConnectionSecret, readConnectionSecret } from './connection.ts';
import type { Definition, Definitions } from './definitions.ts';
import { contains, deepEqual, keyOf, orUndefined, step } from './util.ts';

/** Crossplane's claim finalizer. */
export const FINALIZER_CLAIM = 'finalizer.apiextensions.crossplane.io';
export const FIELD_MANAGER_CLAIM = 'apiextensions.crossplane.io/claim';

type Obj = Record<string, any>;

const syncError = (message: string): Condition => ({ type: 'Synced', status: 'False', reason: 'ReconcileError', message });
const claimName = (c: KObject) => `${c.metadata.namespace}/${c.metadata.name}`;

export class ClaimController extends StoreController<ObjectKey> {
  private readonly clients: InProcessClient;

  constructor(
    store: Store,
    core: ApiCore,
    private readonly defs: Definitions,
  ) {
    super(store, keyOf);
    this.clients = new InProcessClient(core, SYSTEM_USER, 'crossplane-claim-controller');
  }

  protected override async resync(): Promise<void> {
    for (const def of this.defs.list()) {
      if (!def.claim) continue;
      const all = await this.store.list(def.claim, { cluster: def.cluster });
      for (const o of all.items) this.queue.add({ resource: def.claim, cluster: def.cluster, namespace: o.metadata.namespace!, name: o.metadata.name! });
    }
  }

  protected observe(e: StoreEvent): void {
    this.defs.observe(e);
    const hit = this.defs.forResource(e.key.cluster, e.key.resource);
    if (!hit?.def.claim) return;
    if (hit.role === 'claim') return this.queue.add(e.key);
    // A composite changed: its claim shows its status (and, once it is gone, may lose its finalizer).
    const ref = (e.object.spec as Obj | undefined)?.claimRef;
    if (ref?.name && ref.namespace) this.queue.add({ resource: hit.def.claim, cluster: e.key.cluster, namespace: ref.namespace, name: ref.name });
  }

  protected async reconcile(key: ObjectKey): Promise<void> {
    const claim = await this.store.get(key);
    const def = this.defs.forResource(key.cluster, key.resource)?.def;
    if (!claim || !def) return;
    const client = this.clients.cluster(key.cluster);
    if (claim.metadata.deletionTimestamp) return this.finalize(client, claim, def);
    const bound = await this.bind(client, claim, def);
    const desired = compositeForClaim(bound, def.xrd) as KObject;
    const secretRef = (bound.spec as Obj)?.writeConnectionSecretToRef;
    // Crossplane writes the composite's secret to its own namespace under the claim's uid; a logical
    // cluster has no crossplane-system, so it goes to the claim's namespace, still under the uid.
    if (secretRef?.name) (desired.spec as Obj).writeConnectionSecretToRef = { name: bound.metadata.uid, namespace: bound.metadata.namespace };
    const existing = await orUndefined(client.get({ apiVersion: desired.apiVersion, kind: desired.kind, name: desired.metadata.name }));
    const owner = (existing?.spec as Obj | undefined)?.claimRef;
    if (existing && owner && (owner.namespace !== bound.metadata.namespace || owner.name !== bound.metadata.name)) {
      return this.setStatus(client, bound, { status: { ...(bound.status as Obj), conditions: [syncError(`cannot bind claim: composite resource ${JSON.stringify(desired.metadata.name)} is bound to claim ${owner.namespace}/${owner.name}`)] } });
    }
    if (existing?.metadata.deletionTimestamp) return; // its DELETED event requeues the claim
    const xr = existing && contains(existing, desired)
      ? existing
      : await step(`cannot apply composite resource ${JSON.stringify(desired.metadata.name)}`, () => client.apply(desired, { fieldManager: FIELD_MANAGER_CLAIM, force: true }));
    await this.setStatus(client, bound, claimStatusFromComposite(bound, xr));
    if (secretRef?.name) await this.propagateSecret(client, bound, xr, secretRef.name);
  }

  /** The finalizer and `spec.resourceRef`, written before the composite exists so a retry reuses its name. */
  private async bind(client: ClusterClient, claim: KObject, def: Definition): Promise<KObject> {
    const finalizers = claim.metadata.finalizers ?? [];
    const ref = (claim.spec as Obj | undefined)?.resourceRef;
    if (finalizers.includes(FINALIZER_CLAIM) && ref?.name) return claim;
    const xr = compositeForClaim(claim, def.xrd);
    const patch = {
      metadata: { resourceVersion: claim.metadata.resourceVersion, finalizers: [...finalizers.filter((f) => f !== FINALIZER_CLAIM), FINALIZER_CLAIM] },
      spec: { resourceRef: { apiVersion: xr.apiVersion, kind: xr.kind, name: xr.metadata.name } },
    };
    return step(`cannot bind claim ${claimName(claim)}`, () => client.patch({ apiVersion: claim.apiVersion, kind: claim.kind, namespace: claim.metadata.namespace, name: claim.metadata.name }, 'merge', patch));
  }

  private async setStatus(client: ClusterClient, claim: KObject, next: { status: Obj }): Promise<void> {
    const before = (claim.status ?? {}) as Obj;
    const status = { ...next.status, conditions: mergeConditions(before.conditions, stamp(next.status.conditions ?? [], before.conditions)) };
    if (deepEqual(status, before)) return;
    await step(`cannot update status of claim ${claimName(claim)}`, () => client.updateStatus({ ...claim, status }));
  }

  private async propagateSecret(client: ClusterClient, claim: KObject, xr: KObject, name: string): Promise<void> {
    const details = await readConnectionSecret(client, (xr.spec as Obj)?.writeConnectionSecretToRef);
    if (details) await publishConnectionSecret(client, { name, namespace: claim.metadata.namespace! }, details, claim, FIELD_MANAGER_CLAIM);
  }

  /** Deletes the bound composite (with the claim's `compositeDeletePolicy`), waits for it, then lets the claim go. */
  private async finalize(client: ClusterClient, claim: KObject, def: Definition): Promise<void> {
    if (!claim.metadata.finalizers?.includes(FINALIZER_CLAIM)) return;
    const spec = (claim.spec ?? {}) as Obj;
    const ref = spec.resourceRef;
    if (ref?.name) {
      const xrRef = { apiVersion: ref.apiVersion, kind: ref.kind ?? def.compositeKind, name: ref.name };
      const xr = await orUndefined(client.get(xrRef));
      const owner = (xr?.spec as Obj | undefined)?.claimRef;
      if (xr && owner?.name === claim.metadata.name && owner?.namespace === claim.metadata.namespace) {
        const propagationPolicy = spec.compositeDeletePolicy === 'Foreground' ? 'Foreground' : 'Background';
        if (!xr.metadata.deletionTimestamp) await step(`cannot delete composite resource ${JSON.stringify(ref.name)}`, () => orUndefined(client.delete(xrRef, { propagationPolicy })));
        return; // the composite's DELETED event requeues the claim
      }
    }
    const finalizers = claim.metadata.finalizers.filter((f) => f !== FINALIZER_CLAIM);
    const patch = { metadata: { resourceVersion: claim.metadata.resourceVersion, finalizers: finalizers.length ? finalizers : null } };
    await step(`cannot remove finalizer from claim ${claimName(claim)}`, () =>
      orUndefined(client.patch({ apiVersion: claim.apiVersion, kind: claim.kind, namespace: claim.metadata.namespace, name: claim.metadata.name }, 'merge', patch)),
    );
  }
}
