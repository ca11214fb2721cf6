/**
 * Deleting a CustomResourceDefinition deletes its custom resources, as upstream's
 * `customresourcecleanup` finalizer does, so that a CRD created again later starts empty.
 */
import type { StoreEvent } from '../storage/store.ts';
import { CRD_RESOURCE } from '../apiserver/registry.ts';
import { StoreController } from './controller.ts';

type Item = { cluster: string; resource: string };

export class CRDCleanup extends StoreController<Item> {
  constructor(store: ConstructorParameters<typeof StoreController<Item>>[0]) {
    super(store, (i) => `${i.cluster}|${i.resource}`);
  }

  protected observe(e: StoreEvent): void {
    if (e.key.resource !== CRD_RESOURCE || e.type !== 'DELETED') return;
    const spec = e.object.spec as { group?: string; names?: { plural?: string } } | undefined;
    if (spec?.group && spec.names?.plural) this.queue.add({ cluster: e.key.cluster, resource: `${spec.group}/${spec.names.plural}` });
  }

  protected async reconcile(i: Item): Promise<void> {
    // A CRD of the same name may already be back: only delete when none serves this resource.
    const crds = await this.store.list(CRD_RESOURCE, { cluster: i.cluster });
    if (crds.items.some((c) => `${(c.spec as any)?.group}/${(c.spec as any)?.names?.plural}` === i.resource)) return;
    for (const o of (await this.store.list(i.resource, { cluster: i.cluster })).items) {
      await this.store.delete({ resource: i.resource, cluster: i.cluster, namespace: o.metadata.namespace ?? '', name: o.metadata.name! }).catch(() => undefined);
    }
  }
}
