/**
 * `marina runtime install CLUSTER`: what Argo CD's install manifest gives a cluster, minus the workloads
 * (the hub's one GitOps engine serves every tenant): the Argo CD API set, the `argocd` namespace, the
 * `default` AppProject and an `argocd-cm` ConfigMap. Idempotent: existing objects are left as they are.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import { isAlreadyExists } from '../../apiserver/errors.ts';
import { API_SETS_ANNOTATION, parseSets } from '../../apiserver/shared.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import { GITOPS_USER } from '../controller/identity.ts';

export const ARGOCD_NAMESPACE = 'argocd';

/** The objects a runtime consists of inside the tenant cluster, as Argo CD creates them. */
export function runtimeObjects(): KObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ARGOCD_NAMESPACE } },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'default', namespace: ARGOCD_NAMESPACE },
      spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'argocd-cm', namespace: ARGOCD_NAMESPACE, labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' } },
      data: {},
    },
  ];
}

/** The LogicalCluster merge patch enabling the `argo-cd` API set, keeping the sets already enabled. */
export function apiSetsPatch(current: string | undefined): { metadata: { annotations: Record<string, string> } } | undefined {
  const sets = parseSets(current);
  if (sets.includes('argo-cd')) return undefined;
  return { metadata: { annotations: { [API_SETS_ANNOTATION]: [...sets, 'argo-cd'].join(',') } } };
}

export async function installRuntime(core: ApiCore, cluster: string): Promise<void> {
  const client = new InProcessClient(core, GITOPS_USER, 'marina-runtime-install');
  const lcRef = { apiVersion: 'core.marina.io/v1alpha1', kind: 'LogicalCluster', name: cluster };
  if (cluster !== 'root') {
    const lc = await client.cluster('root').get(lcRef);
    const patch = apiSetsPatch(lc.metadata.annotations?.[API_SETS_ANNOTATION]);
    if (patch) await client.cluster('root').patch(lcRef, 'merge', patch);
  }
  await createAll(client.cluster(cluster), runtimeObjects());
}

export async function createAll(tenant: ClusterClient, objs: KObject[]): Promise<void> {
  for (const o of objs) {
    await tenant.create(o).catch((e) => {
      if (!isAlreadyExists(e)) throw e;
    });
  }
}
