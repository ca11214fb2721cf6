/**
 * Garbage collection by owner references, as upstream's garbage collector: background (dependents of a
 * deleted owner are deleted), foreground (the owner waits, behind the `foregroundDeletion` finalizer,
 * until its blocking dependents are gone) and orphan (dependents lose the owner reference, then the
 * `orphan` finalizer is removed). Driven by store events; on start it sweeps dependents of owners that
 * vanished while the hub was down.
 */
import type { ApiCore, RequestContext, Target } from '../apiserver/core.ts';
import { isNotFound, isStatusError } from '../apiserver/errors.ts';
import type { KObject } from '../apiserver/types.ts';
import type { ObjectKey, Store, StoreEvent } from '../storage/store.ts';
import { StoreController } from './controller.ts';
import { SYSTEM_USER, targetFor } from './system.ts';

type Item = { kind: 'owner-gone'; cluster: string; uid: string } | { kind: 'finalize'; key: ObjectKey };

export class GarbageCollector extends StoreController<Item> {
  constructor(
    store: Store,
    private readonly core: ApiCore,
  ) {
    super(store, (i) => (i.kind === 'owner-gone' ? `gone|${i.cluster}|${i.uid}` : `fin|${i.key.resource}|${i.key.cluster}|${i.key.namespace}|${i.key.name}`));
  }

  protected override async resync(): Promise<void> {
    for (const d of await this.store.danglingOwners()) this.queue.add({ kind: 'owner-gone', cluster: d.cluster, uid: d.uid });
  }

  protected observe(e: StoreEvent): void {
    const m = e.object.metadata;
    if (e.type === 'DELETED' && m.uid) this.queue.add({ kind: 'owner-gone', cluster: e.key.cluster, uid: m.uid });
    if (e.type !== 'DELETED' && m.deletionTimestamp && (m.finalizers ?? []).some((f) => f === 'foregroundDeletion' || f === 'orphan'))
      this.queue.add({ kind: 'finalize', key: e.key });
    // A dependent went away: an owner waiting in foreground deletion may now be done.
    if (e.type === 'DELETED') for (const r of m.ownerReferences ?? []) this.requeueOwner(e.key.cluster, r.uid);
  }

  private ownersWaiting = new Map<string, ObjectKey>();

  private requeueOwner(cluster: string, uid: string): void {
    const k = this.ownersWaiting.get(`${cluster}|${uid}`);
    if (k) this.queue.add({ kind: 'finalize', key: k });
  }

  private ctx(cluster: string): RequestContext {
    return { cluster, user: SYSTEM_USER, userAgent: 'marina-garbage-collector' };
  }

  private async target(k: ObjectKey): Promise<Target | undefined> {
    return targetFor(this.core, k);
  }

  protected async reconcile(i: Item): Promise<void> {
    if (i.kind === 'owner-gone') return this.ownerGone(i.cluster, i.uid);
    const owner = await this.store.get(i.key);
    if (!owner?.metadata.deletionTimestamp) return;
    const fins = owner.metadata.finalizers ?? [];
    if (fins.includes('orphan')) await this.orphan(i.key, owner);
    else if (fins.includes('foregroundDeletion')) await this.foreground(i.key, owner);
  }

  /** Background: the owner is gone; dependents without another live owner are deleted. */
  private async ownerGone(cluster: string, uid: string): Promise<void> {
    for (const dk of await this.store.dependents(cluster, uid)) {
      const dep = await this.store.get(dk);
      const t = await this.target(dk);
      if (!dep || !t) continue;
      const others = (dep.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      const alive = [];
      for (const r of others) if (await this.ownerExists(cluster, r.uid)) alive.push(r);
      try {
        if (alive.length > 0) await this.dropOwnerRef(dk, t, uid);
        else await this.core.delete(this.ctx(cluster), t, { propagationPolicy: 'Background' });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }

  private async ownerExists(cluster: string, uid: string): Promise<boolean> {
    return this.store.uidExists(cluster, uid);
  }

  private async dropOwnerRef(k: ObjectKey, t: Target, uid: string): Promise<void> {
    const o = await this.store.get(k);
    if (!o) return;
    const refs = (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    const ops = [{ op: 'test', path: '/metadata/resourceVersion', value: o.metadata.resourceVersion }, refs.length ? { op: 'replace', path: '/metadata/ownerReferences', value: refs } : { op: 'remove', path: '/metadata/ownerReferences' }];
    await this.core.patch(this.ctx(k.cluster), t, 'json', ops, { fieldManager: 'garbage-collector' });
  }

  private async removeFinalizer(k: ObjectKey, owner: KObject, fin: string): Promise<void> {
    const t = await this.target(k);
    if (!t) return;
    const fins = (owner.metadata.finalizers ?? []).filter((f) => f !== fin);
    try {
      await this.core.patch(this.ctx(k.cluster), t, 'merge', { metadata: { finalizers: fins.length ? fins : null, resourceVersion: owner.metadata.resourceVersion } }, { fieldManager: 'garbage-collector' });
    } catch (e) {
      if (!(isNotFound(e) || (isStatusError(e) && e.reason === 'Conflict'))) throw e;
      if (!isNotFound(e)) this.queue.add({ kind: 'finalize', key: k });
    }
  }

  private async orphan(k: ObjectKey, owner: KObject): Promise<void> {
    for (const dk of await this.store.dependents(k.cluster, owner.metadata.uid!)) {
      const t = await this.target(dk);
      if (t) await this.dropOwnerRef(dk, t, owner.metadata.uid!).catch((e) => { if (!isNotFound(e)) throw e; });
    }
    await this.removeFinalizer(k, owner, 'orphan');
  }

  private async foreground(k: ObjectKey, owner: KObject): Promise<void> {
    const uid = owner.metadata.uid!;
    let blocking = 0;
    for (const dk of await this.store.dependents(k.cluster, uid)) {
      const dep = await this.store.get(dk);
      const t = await this.target(dk);
      if (!dep || !t) continue;
      if (!dep.metadata.deletionTimestamp) {
        try {
          await this.core.delete(this.ctx(k.cluster), { ...t, name: dk.name }, { propagationPolicy: 'Foreground' });
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
      const ref = dep.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (ref?.blockOwnerDeletion && (await this.store.get(dk))) blocking++;
    }
    if (blocking === 0) {
      this.ownersWaiting.delete(`${k.cluster}|${uid}`);
      return this.removeFinalizer(k, owner, 'foregroundDeletion');
    }
    this.ownersWaiting.set(`${k.cluster}|${uid}`, k);
  }
}
