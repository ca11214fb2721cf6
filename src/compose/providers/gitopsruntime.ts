/**
 * `GitOpsRuntime` (provider.marina.io/v1alpha1): the hosted GitOps runtime of a logical cluster, as
 * `marina runtime install` gives it (src/gitops/runtime/install.ts): the argo-cd API set, the `argocd`
 * namespace, the `default` AppProject and `argocd-cm`, installed through the client. Deleting it removes
 * the namespace (its Applications go with it) and the API set entry.
 */
import { isAlreadyExists } from '../../apiserver/errors.ts';
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import { API_SETS_ANNOTATION, parseSets } from '../../apiserver/shared.ts';
import type { KObject } from '../../apiserver/types.ts';
import type { Client, ClusterClient } from '../../client/index.ts';
import { apiSetsPatch, ARGOCD_NAMESPACE, runtimeObjects } from '../../gitops/runtime/install.ts';
import { orUndefined, step } from '../controller/util.ts';
import { Available, Unavailable } from './conditions.ts';
import type { Creation, External, ManagedKind, Observed } from './managed.ts';
import { LOGICAL_CLUSTER } from './virtualcluster.ts';

type Obj = Record<string, any>;

const APPLICATION = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' };
const refOf = (o: KObject) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });

/** The API sets annotation without `argo-cd` (undefined: it is not there). */
export function withoutArgoCD(current: string | undefined): string | undefined {
  const sets = parseSets(current) as string[];
  return sets.includes('argo-cd') ? sets.filter((s) => s !== 'argo-cd').join(',') : undefined;
}

export function gitOpsRuntimeKind(root: ClusterClient, clients: Client): ManagedKind {
  return {
    apiVersion: 'provider.marina.io/v1alpha1',
    kind: 'GitOpsRuntime',
    resource: 'provider.marina.io/gitopsruntimes',
    async connect(rt, _policy, track) {
      const cluster: string | undefined = (rt.spec as Obj | undefined)?.forProvider?.clusterName;
      if (!cluster) throw new Error('spec.forProvider.clusterName: Required value');
      if (cluster === ROOT_CLUSTER) throw new Error('spec.forProvider.clusterName: Invalid value: "root": the hub\'s own runtime is not a GitOpsRuntime');
      track.object(ROOT_CLUSTER, '', cluster);
      track.object(cluster, '', ARGOCD_NAMESPACE);
      track.resource(cluster, 'argoproj.io/applications');
      for (const o of runtimeObjects()) track.object(cluster, o.metadata.namespace ?? '', o.metadata.name!);
      return new GitOpsRuntimeExternal(cluster, root, clients.cluster(cluster), !!rt.metadata.deletionTimestamp);
    },
  };
}

class GitOpsRuntimeExternal implements External {
  constructor(
    private readonly cluster: string,
    private readonly root: ClusterClient,
    private readonly tenant: ClusterClient,
    private readonly deleting: boolean,
  ) {}

  private lc(): Promise<KObject | undefined> {
    return step(`cannot get logical cluster ${JSON.stringify(this.cluster)}`, () => orUndefined(this.root.get({ ...LOGICAL_CLUSTER, name: this.cluster })));
  }

  async observe(): Promise<Observed> {
    const lc = await this.lc();
    if (!lc || lc.metadata.deletionTimestamp) return { exists: false, upToDate: false };
    const ns = await orUndefined(this.tenant.get({ apiVersion: 'v1', kind: 'Namespace', name: ARGOCD_NAMESPACE }));
    const enabled = !apiSetsPatch(lc.metadata.annotations?.[API_SETS_ANNOTATION]);
    // While deleting, the API set entry is part of what is left to remove (after the namespace).
    if (!ns) return { exists: this.deleting && enabled, upToDate: false };
    let present = enabled && !ns.metadata.deletionTimestamp;
    for (const o of runtimeObjects().slice(1)) if (present) present = !!(await orUndefined(this.tenant.get(refOf(o))));
    const applications = enabled ? (await orUndefined(this.tenant.list(APPLICATION)))?.items.length ?? 0 : 0;
    return {
      exists: true,
      upToDate: present,
      ready: present ? Available() : Unavailable(ns.metadata.deletionTimestamp ? `namespace ${ARGOCD_NAMESPACE} is being deleted` : undefined),
      atProvider: { clusterName: this.cluster, namespace: ARGOCD_NAMESPACE, applications },
    };
  }

  async create(): Promise<Creation> {
    const lc = await this.lc();
    if (!lc) throw new Error(`logical cluster ${JSON.stringify(this.cluster)} does not exist`);
    const patch = apiSetsPatch(lc.metadata.annotations?.[API_SETS_ANNOTATION]);
    if (patch) {
      await step(`cannot enable the argo-cd API set in logical cluster ${JSON.stringify(this.cluster)}`, () =>
        this.root.patch({ ...LOGICAL_CLUSTER, name: this.cluster }, 'merge', { metadata: { resourceVersion: lc.metadata.resourceVersion, ...patch.metadata } }),
      );
    }
    for (const o of runtimeObjects()) {
      await step(`cannot create ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`, () =>
        this.tenant.create(o).catch((e) => {
          if (!isAlreadyExists(e)) throw e;
        }),
      );
    }
    return { atProvider: { clusterName: this.cluster, namespace: ARGOCD_NAMESPACE, applications: 0 } };
  }

  async update(): Promise<void> {
    await this.create();
  }

  /** The namespace first (its Applications go with it); once it is gone, the API set entry. */
  async delete(): Promise<void> {
    const ns = await orUndefined(this.tenant.get({ apiVersion: 'v1', kind: 'Namespace', name: ARGOCD_NAMESPACE }));
    if (ns) {
      if (!ns.metadata.deletionTimestamp) await step(`cannot delete namespace ${ARGOCD_NAMESPACE}`, () => orUndefined(this.tenant.delete({ apiVersion: 'v1', kind: 'Namespace', name: ARGOCD_NAMESPACE })));
      return;
    }
    const lc = await this.lc();
    const value = lc && withoutArgoCD(lc.metadata.annotations?.[API_SETS_ANNOTATION]);
    if (lc && value !== undefined) {
      await step(`cannot disable the argo-cd API set in logical cluster ${JSON.stringify(this.cluster)}`, () =>
        this.root.patch({ ...LOGICAL_CLUSTER, name: this.cluster }, 'merge', { metadata: { resourceVersion: lc.metadata.resourceVersion, annotations: { [API_SETS_ANNOTATION]: value || null } } }),
      );
    }
  }
}
