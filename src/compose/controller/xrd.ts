/**
 * The XRD controller (Crossplane's definition and offered reconcilers in one): for every
 * CompositeResourceDefinition in any logical cluster it applies the composite CRD and, with `claimNames`,
 * the claim CRD, and reports `Established` / `Offered`. Deleting an XRD deletes its claims, then its
 * composites, then its CRDs, behind the definition and offered finalizers.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import { StoreController } from '../../controllers/controller.ts';
import { SYSTEM_USER } from '../../controllers/system.ts';
import type { Store, StoreEvent } from '../../storage/store.ts';
import { ComposeError, crdsForXRD, type Condition } from '../index.ts';
import { mergeConditions, stamp, XRDConditions as C } from './conditions.ts';
import { XRDS, type Definitions } from './definitions.ts';
import { deepEqual, orUndefined, step } from './util.ts';

export const FIELD_MANAGER_XRD = 'apiextensions.crossplane.io/xrd';
// Crossplane's finalizers on an XRD.
export const FINALIZER_DEFINED = 'defined.apiextensions.crossplane.io';
export const FINALIZER_OFFERED = 'offered.apiextensions.crossplane.io';
const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
const XRD = { apiVersion: 'apiextensions.crossplane.io/v1', kind: 'CompositeResourceDefinition' };

type Item = { cluster: string; name: string };
type Obj = Record<string, any>;

export class XRDController extends StoreController<Item> {
  private readonly clients: InProcessClient;

  constructor(
    store: Store,
    core: ApiCore,
    private readonly defs: Definitions,
  ) {
    super(store, (i) => `${i.cluster}|${i.name}`);
    this.clients = new InProcessClient(core, SYSTEM_USER, 'crossplane-definition-controller');
  }

  protected override async resync(): Promise<void> {
    const all = await this.store.list(XRDS);
    all.items.forEach((o, i) => this.queue.add({ cluster: all.clusters[i]!, name: o.metadata.name! }));
  }

  protected observe(e: StoreEvent): void {
    this.defs.observe(e);
    if (e.key.resource === XRDS) return this.queue.add({ cluster: e.key.cluster, name: e.key.name });
    // A CRD of ours changed or went away: put it back. A claim or composite went away: a terminating XRD may finish.
    const owner = e.object.metadata.ownerReferences?.find((r) => r.kind === XRD.kind && r.apiVersion === XRD.apiVersion);
    if (owner && e.key.resource === 'apiextensions.k8s.io/customresourcedefinitions') this.queue.add({ cluster: e.key.cluster, name: owner.name });
    else if (e.type === 'DELETED') {
      const hit = this.defs.forResource(e.key.cluster, e.key.resource);
      if (hit) this.queue.add({ cluster: e.key.cluster, name: hit.def.xrd.metadata.name! });
    }
  }

  protected async reconcile({ cluster, name }: Item): Promise<void> {
    const xrd = await this.store.get({ resource: XRDS, cluster, namespace: '', name });
    if (!xrd) return; // owner references let garbage collection take any CRD left
    const client = this.clients.cluster(cluster);
    if (xrd.metadata.deletionTimestamp) return this.finalize(cluster, client, xrd);
    const offers = !!(xrd.spec as Obj)?.claimNames;
    const want = [FINALIZER_DEFINED, ...(offers ? [FINALIZER_OFFERED] : [])];
    const finalizers = xrd.metadata.finalizers ?? [];
    const missing = want.filter((f) => !finalizers.includes(f));
    const live = missing.length === 0
      ? xrd
      : await step(`cannot add finalizers to CompositeResourceDefinition ${JSON.stringify(name)}`, () =>
          client.patch({ ...XRD, name }, 'merge', { metadata: { resourceVersion: xrd.metadata.resourceVersion, finalizers: [...finalizers, ...missing] } }),
        );
    let crds;
    try {
      crds = crdsForXRD(live);
    } catch (err) {
      if (!(err instanceof ComposeError)) throw err;
      await this.setStatus(client, live, [C.reconcileError(`cannot render composite resource CustomResourceDefinition: ${err.message}`)]);
      return; // terminal: a change to the XRD requeues it
    }
    for (const crd of [crds.composite, ...(crds.claim ? [crds.claim] : [])]) {
      await step(`cannot apply CustomResourceDefinition ${JSON.stringify(crd.metadata.name)}`, () => client.apply(crd as KObject, { fieldManager: FIELD_MANAGER_XRD, force: true }));
    }
    const conditions = [C.reconcileSuccess(), C.watchingComposite(), ...(crds.claim ? [C.watchingClaim()] : [])];
    await this.setStatus(client, live, conditions, controllersStatus(live));
  }

  /** Claims first (their finalizers delete composites), then composites, then the CRDs; then the finalizers go. */
  private async finalize(cluster: string, client: ClusterClient, xrd: KObject): Promise<void> {
    const spec = xrd.spec as Obj;
    const name = xrd.metadata.name!;
    const steps: Array<{ resource: string; crd: string; condition: Condition }> = [];
    if (spec?.claimNames) steps.push({ resource: `${spec.group}/${spec.claimNames.plural}`, crd: `${spec.claimNames.plural}.${spec.group}`, condition: C.terminatingClaim() });
    steps.push({ resource: `${spec.group}/${spec.names.plural}`, crd: name, condition: C.terminatingComposite() });
    const current = await this.setStatus(client, xrd, steps.map((s) => s.condition));
    for (const s of steps) {
      const left = await this.store.list(s.resource, { cluster });
      for (const o of left.items) {
        if (o.metadata.deletionTimestamp) continue;
        await orUndefined(client.delete({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }));
      }
      if (left.items.length > 0) return; // their DELETED events requeue this XRD
      await step(`cannot delete CustomResourceDefinition ${JSON.stringify(s.crd)}`, () => orUndefined(client.delete({ ...CRD, name: s.crd })));
    }
    const finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== FINALIZER_DEFINED && f !== FINALIZER_OFFERED);
    await step(`cannot remove finalizers from CompositeResourceDefinition ${JSON.stringify(name)}`, () =>
      orUndefined(client.patch({ ...XRD, name }, 'merge', { metadata: { resourceVersion: current.metadata.resourceVersion, finalizers: finalizers.length ? finalizers : null } })),
    );
  }

  private async setStatus(client: ClusterClient, xrd: KObject, conditions: Condition[], extra: Obj = {}): Promise<KObject> {
    const status = (xrd.status ?? {}) as Obj;
    const next = { ...status, ...extra, conditions: mergeConditions(status.conditions, stamp(conditions, status.conditions)) };
    if (deepEqual(next, status)) return xrd;
    return step(`cannot update status of CompositeResourceDefinition ${JSON.stringify(xrd.metadata.name)}`, () => client.updateStatus({ ...xrd, status: next }));
  }
}

/** `status.controllers`: the kinds the definition's controllers watch, as Crossplane reports them. */
function controllersStatus(xrd: KObject): Obj {
  const spec = xrd.spec as Obj;
  const version = (spec.versions ?? []).find((v: Obj) => v.referenceable)?.name ?? spec.versions?.[0]?.name;
  const out: Obj = { compositeResourceType: { apiVersion: `${spec.group}/${version}`, kind: spec.names.kind } };
  if (spec.claimNames) out.compositeResourceClaimType = { apiVersion: `${spec.group}/${version}`, kind: spec.claimNames.kind };
  return { controllers: out };
}
