/**
 * The composite controller: for each composite resource, select its Composition, render it against the
 * composed resources observed through `spec.resourceRefs`, persist the references (before creating anything,
 * so generated names never leak), apply the composed resources, publish connection details and write the
 * status the ToComposite patches and readiness give. Changes to composed resources (their controller
 * reference) and to Compositions enqueue the composite; nothing polls.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import { StoreController } from '../../controllers/controller.ts';
import { SYSTEM_USER } from '../../controllers/system.ts';
import type { ObjectKey, Store, StoreEvent } from '../../storage/store.ts';
import { ComposeError, randomName, renderComposition, setValue, type Condition, type RenderResult } from '../index.ts';
import { observeComposed, orphaned, resourceRefs, templateNames } from './composed.ts';
import { mergeConditions, stamp } from './conditions.ts';
import { observedConnectionDetails, publishConnectionSecret } from './connection.ts';
import { COMPOSITIONS, type Definition, type Definitions } from './definitions.ts';
import { selectComposition } from './select.ts';
import { contains, deepEqual, keyOf, orUndefined, refOf, step } from './util.ts';

export const FIELD_MANAGER_COMPOSED = 'apiextensions.crossplane.io/composed';
export const FIELD_MANAGER_COMPOSITE = 'apiextensions.crossplane.io/composite';

type Obj = Record<string, any>;

const syncError = (message: string): Condition => ({ type: 'Synced', status: 'False', reason: 'ReconcileError', message });

export class CompositeController extends StoreController<ObjectKey> {
  private readonly clients: InProcessClient;

  constructor(
    store: Store,
    core: ApiCore,
    private readonly defs: Definitions,
  ) {
    super(store, keyOf);
    this.clients = new InProcessClient(core, SYSTEM_USER, 'crossplane-composite-controller');
  }

  protected override async resync(): Promise<void> {
    // Definitions are loaded before start; every composite they define is reconciled once.
    for (const def of this.defs.list()) await this.enqueueAll(def);
  }

  private async enqueueAll(def: Definition): Promise<void> {
    const all = await this.store.list(def.composite, { cluster: def.cluster });
    for (const o of all.items) this.queue.add({ resource: def.composite, cluster: def.cluster, namespace: '', name: o.metadata.name! });
  }

  protected observe(e: StoreEvent): void {
    this.defs.observe(e);
    const { key } = e;
    if (this.defs.forResource(key.cluster, key.resource)?.role === 'composite') return this.queue.add(key);
    if (key.resource === COMPOSITIONS) {
      const t = (e.object.spec as Obj | undefined)?.compositeTypeRef;
      const def = this.defs.forCompositeKind(key.cluster, t?.apiVersion, t?.kind);
      if (def) void this.enqueueAll(def).catch(() => undefined);
      return;
    }
    for (const r of e.object.metadata.ownerReferences ?? []) {
      if (!r.controller) continue;
      const def = this.defs.forCompositeKind(key.cluster, r.apiVersion, r.kind);
      if (def) this.queue.add({ resource: def.composite, cluster: key.cluster, namespace: '', name: r.name });
    }
  }

  protected async reconcile(key: ObjectKey): Promise<void> {
    const xr = await this.store.get(key);
    const def = this.defs.forResource(key.cluster, key.resource)?.def;
    // Deletion needs nothing here: composed resources and the connection secret carry controller references.
    if (!xr || !def || xr.metadata.deletionTimestamp) return;
    const client = this.clients.cluster(key.cluster);
    const compositions = (await this.store.list(COMPOSITIONS, { cluster: key.cluster })).items;
    let composition: Obj;
    try {
      composition = selectComposition(xr, def.xrd, compositions).composition;
    } catch (err) {
      if (!(err instanceof ComposeError)) throw err;
      await this.writeStatus(client, xr, [syncError(`cannot select Composition: ${err.message}`)], []);
      return; // a Composition appearing or changing requeues this composite
    }
    const observed = await observeComposed(client, xr);
    const result = renderComposition({
      composite: xr,
      composition,
      observed,
      observedConnectionDetails: await observedConnectionDetails(client, observed),
      names: randomName,
      connectionSecretKeys: (def.xrd.spec as Obj)?.connectionSecretKeys,
    });
    const names = templateNames(composition);
    const live = await this.persistSpec(client, xr, composition.metadata.name, resourceRefs(names, result.composed, observed), result);
    const failures = await this.applyComposed(client, result, observed);
    for (const o of orphaned(names, observed)) await step(`cannot delete composed resource ${o.kind} ${JSON.stringify(o.metadata.name)}`, () => orUndefined(client.delete(refOf(o))));
    const published = await this.publish(client, live, result);
    const conditions = failures.length ? [syncError(failures.join('; ')), ...result.conditions.filter((c) => c.type !== 'Synced')] : result.conditions;
    await this.writeStatus(client, live, conditions, result.compositeStatusPatches.filter((p) => p.fieldPath.startsWith('status.')), published);
    if (failures.length) throw new Error(failures.join('; ')); // retried
  }

  /** `spec.compositionRef` and `spec.resourceRefs` (and ToComposite patches into spec), before anything is created. */
  private async persistSpec(client: ClusterClient, xr: KObject, composition: string, refs: Obj[], result: RenderResult): Promise<KObject> {
    const patch: Obj = { apiVersion: xr.apiVersion, kind: xr.kind, metadata: { name: xr.metadata.name }, spec: { compositionRef: { name: composition }, resourceRefs: refs } };
    for (const p of result.compositeStatusPatches) if (p.fieldPath.startsWith('spec.')) setValue(patch, p.fieldPath, p.value);
    if (contains(xr, patch)) return xr;
    return step(`cannot update composite resource ${JSON.stringify(xr.metadata.name)}`, () => client.apply(patch as KObject, { fieldManager: FIELD_MANAGER_COMPOSITE, force: true }));
  }

  /** Applies each rendered resource that differs from what is observed; returns the failures, with context. */
  private async applyComposed(client: ClusterClient, result: RenderResult, observed: Record<string, KObject>): Promise<string[]> {
    const failures = result.errors.map((e) => e.message);
    for (const c of result.composed) {
      if (observed[c.name] && contains(observed[c.name], c.resource)) continue;
      try {
        await client.apply(c.resource as KObject, { fieldManager: FIELD_MANAGER_COMPOSED, force: true });
      } catch (e) {
        failures.push(`cannot apply composed resource ${JSON.stringify(c.name)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return failures;
  }

  private async publish(client: ClusterClient, xr: KObject, result: RenderResult): Promise<boolean> {
    const ref = (xr.spec as Obj)?.writeConnectionSecretToRef;
    if (!ref?.name || !ref.namespace) return false;
    return publishConnectionSecret(client, ref, result.connectionDetails, xr, FIELD_MANAGER_COMPOSITE);
  }

  private async writeStatus(client: ClusterClient, xr: KObject, conditions: Condition[], patches: Array<{ fieldPath: string; value: unknown }>, published = false): Promise<void> {
    const before = (xr.status ?? {}) as Obj;
    const holder: Obj = { status: structuredClone(before) };
    for (const p of patches) setValue(holder, p.fieldPath, structuredClone(p.value));
    holder.status.conditions = mergeConditions(before.conditions, stamp(conditions, before.conditions));
    if (published) holder.status.connectionDetails = { lastPublishedTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
    if (deepEqual(holder.status, before)) return;
    await step(`cannot update status of composite resource ${JSON.stringify(xr.metadata.name)}`, () => client.updateStatus({ ...xr, status: holder.status }));
  }
}
