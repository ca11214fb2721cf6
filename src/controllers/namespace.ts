/**
 * Namespace lifecycle: a namespace marked for deletion has its contents deleted, then its `kubernetes`
 * finalizer removed, then it disappears. Objects with finalizers keep it Terminating until they go.
 */
import type { ApiCore } from '../apiserver/core.ts';
import { isNotFound } from '../apiserver/errors.ts';
import type { Store, StoreEvent } from '../storage/store.ts';
import { StoreController } from './controller.ts';
import { SYSTEM_USER, targetFor } from './system.ts';

const NAMESPACES = '/namespaces';

export class NamespaceController extends StoreController<{ cluster: string; name: string }> {
  constructor(
    store: Store,
    private readonly core: ApiCore,
  ) {
    super(store, (i) => `${i.cluster}|${i.name}`, 500);
  }

  protected override async resync(): Promise<void> {
    const all = await this.store.list(NAMESPACES);
    all.items.forEach((o, i) => o.metadata.deletionTimestamp && this.queue.add({ cluster: all.clusters[i]!, name: o.metadata.name! }));
  }

  protected observe(e: StoreEvent): void {
    if (e.key.resource === NAMESPACES && e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) this.queue.add({ cluster: e.key.cluster, name: e.key.name });
    // The last objects of a terminating namespace going away lets it finish.
    else if (e.type === 'DELETED' && e.key.namespace) this.queue.add({ cluster: e.key.cluster, name: e.key.namespace });
  }

  protected async reconcile({ cluster, name }: { cluster: string; name: string }): Promise<void> {
    const ns = await this.store.get({ resource: NAMESPACES, cluster, namespace: '', name });
    if (!ns?.metadata.deletionTimestamp) return;
    const ctx = { cluster, user: SYSTEM_USER, userAgent: 'marina-namespace-controller' };
    const remaining = await this.store.keysInNamespace(cluster, name);
    for (const k of remaining) {
      const t = await targetFor(this.core, k);
      const o = await this.store.get(k);
      if (!t || !o || o.metadata.deletionTimestamp) continue;
      await this.core.delete(ctx, t, { propagationPolicy: 'Background' }).catch((e) => {
        if (!isNotFound(e)) throw e;
      });
    }
    if ((await this.store.keysInNamespace(cluster, name)).length > 0) return; // finalizers pending: a later DELETED event requeues
    const spec = (ns.spec ?? {}) as { finalizers?: string[] };
    const done = { ...ns, spec: { ...spec, finalizers: [] } };
    if ((ns.metadata.finalizers ?? []).length === 0) {
      await this.store.delete({ resource: NAMESPACES, cluster, namespace: '', name }).catch(() => undefined);
    } else if ((spec.finalizers ?? []).length) {
      await this.store.update({ resource: NAMESPACES, cluster, namespace: '', name }, done, { expectRv: Number(ns.metadata.resourceVersion) });
    }
  }
}
