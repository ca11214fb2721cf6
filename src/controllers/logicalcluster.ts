/**
 * LogicalCluster deletion: when a cluster object in the root cluster is marked for deletion, every
 * object of that cluster is removed in one transaction, then the finalizer is released.
 */
import type { Store, StoreEvent } from '../storage/store.ts';
import { ROOT_CLUSTER } from '../apiserver/registry.ts';
import { LOGICAL_CLUSTERS } from '../auth/authn.ts';
import { LC_FINALIZER } from '../hub/plugins.ts';
import { StoreController } from './controller.ts';

export class LogicalClusterController extends StoreController<string> {
  constructor(
    store: Store,
    private readonly onChange: (cluster: string) => void,
  ) {
    super(store, (n) => n);
  }

  protected override async resync(): Promise<void> {
    for (const o of (await this.store.list(LOGICAL_CLUSTERS, { cluster: ROOT_CLUSTER })).items) if (o.metadata.deletionTimestamp) this.queue.add(o.metadata.name!);
  }

  protected observe(e: StoreEvent): void {
    if (e.key.resource !== LOGICAL_CLUSTERS || e.key.cluster !== ROOT_CLUSTER) return;
    this.onChange(e.key.name);
    if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) this.queue.add(e.key.name);
  }

  protected async reconcile(name: string): Promise<void> {
    const k = { resource: LOGICAL_CLUSTERS, cluster: ROOT_CLUSTER, namespace: '', name };
    const lc = await this.store.get(k);
    if (!lc?.metadata.deletionTimestamp) return;
    this.onChange(name);
    await this.store.deleteCluster(name);
    const fins = (lc.metadata.finalizers ?? []).filter((f) => f !== LC_FINALIZER);
    if (fins.length === 0) await this.store.delete(k, { expectRv: Number(lc.metadata.resourceVersion) });
    else await this.store.update(k, { ...lc, metadata: { ...lc.metadata, finalizers: fins } }, { expectRv: Number(lc.metadata.resourceVersion) });
  }
}
