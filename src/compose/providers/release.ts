/**
 * provider-helm's `Release`: accepted, finalized and deleted like any managed resource, but never
 * installed: Marina cannot fetch remote chart repositories and has no Helm install yet, and says so in
 * `Synced` and `Ready` (naming the chart and repository) instead of pretending.
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
import { ReconcileError, ReconcilePaused, Unavailable } from './conditions.ts';
import { ANNOTATION_PAUSED, FINALIZER } from './plan.ts';

type Obj = Record<string, any>;

export const RELEASES = 'helm.crossplane.io/releases';

/** The message a Release gets while Marina installs no Helm releases. */
export function releaseNotInstalledMessage(release: Obj): string {
  const chart = release.spec?.forProvider?.chart ?? {};
  const what = chart.url
    ? `chart ${JSON.stringify(chart.url)}`
    : `chart ${JSON.stringify(chart.name ?? '')}${chart.version ? ` version ${JSON.stringify(chart.version)}` : ''}${chart.repository ? ` from repository ${JSON.stringify(chart.repository)}` : ''}`;
  return `Helm releases are not installed by Marina yet: ${what} was not installed (Marina cannot fetch remote chart repositories and has no Helm install)`;
}

export function releaseConditions(release: Obj): Condition[] {
  if (release.metadata?.annotations?.[ANNOTATION_PAUSED] === 'true') return [ReconcilePaused()];
  const message = releaseNotInstalledMessage(release);
  return [ReconcileError(message), Unavailable(message)];
}

export class ReleaseController extends StoreController<string> {
  private readonly root: ClusterClient;

  constructor(store: Store, core: ApiCore) {
    super(store, (n) => n);
    this.root = new InProcessClient(core, SYSTEM_USER, 'marina-provider/release').cluster(ROOT_CLUSTER);
  }

  protected override async resync(): Promise<void> {
    for (const o of (await this.store.list(RELEASES, { cluster: ROOT_CLUSTER })).items) this.queue.add(o.metadata.name!);
  }

  protected observe(e: StoreEvent): void {
    if (e.key.resource === RELEASES && e.key.cluster === ROOT_CLUSTER && e.type !== 'DELETED') this.queue.add(e.key.name);
  }

  protected async reconcile(name: string): Promise<void> {
    const r = await this.store.get({ resource: RELEASES, cluster: ROOT_CLUSTER, namespace: '', name });
    if (!r) return;
    const ref = { apiVersion: r.apiVersion, kind: r.kind, name };
    const finalizers = r.metadata.finalizers ?? [];
    if (r.metadata.deletionTimestamp) {
      if (!finalizers.includes(FINALIZER)) return;
      const rest = finalizers.filter((f) => f !== FINALIZER);
      await step(`cannot remove finalizer from Release ${JSON.stringify(name)}`, () =>
        orUndefined(this.root.patch(ref, 'merge', { metadata: { resourceVersion: r.metadata.resourceVersion, finalizers: rest.length ? rest : null } })),
      );
      return;
    }
    let live: KObject = r;
    if (!finalizers.includes(FINALIZER)) {
      live = await step(`cannot add finalizer to Release ${JSON.stringify(name)}`, () => this.root.patch(ref, 'merge', { metadata: { resourceVersion: r.metadata.resourceVersion, finalizers: [...finalizers, FINALIZER] } }));
    }
    const before = (live.status ?? {}) as Obj;
    const conditions = releaseConditions(live);
    const status = { ...before, conditions: mergeConditions(before.conditions, stamp(conditions, before.conditions)) };
    if (deepEqual(status, before)) return;
    await step(`cannot update status of Release ${JSON.stringify(name)}`, () => this.root.updateStatus({ ...live, status }));
  }
}
