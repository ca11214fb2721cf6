/** Reads what the runtime status is derived from (see status.ts), through the hub's API as the portal. */
import { isNotFound } from '../../apiserver/errors.ts';
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient, type ClusterClient, type Ref } from '../../client/index.ts';
import { SECRET_TYPE_LABEL } from '../../gitops/repo/index.ts';
import { MARINA_VERSION } from '../../hub/version.ts';
import { ANNOTATION_VIRTUALCLUSTER_OWNER } from '../../compose/providers/index.ts';
import { PORTAL_USER, type Account } from '../accounts/store.ts';
import type { PortalDeps } from '../api/context.ts';
import type { RuntimeStatus } from '../api/types.ts';
import { runtimeStatus, type RuntimeObservation } from './status.ts';

export const ARGOCD_NAMESPACE = 'argocd';

export async function getOrUndefined(c: ClusterClient, ref: Ref): Promise<KObject | undefined> {
  return c.get(ref).catch((e) => {
    if (isNotFound(e)) return undefined;
    throw e;
  });
}

export const portalClient = (deps: PortalDeps) => new InProcessClient(deps.core, PORTAL_USER, 'marina-portal');

/**
 * The tenant's LogicalCluster when it exists, is Ready, and was made for the tenant's own runtime: created by
 * a VirtualCluster composed for the tenant's claim (the provider marks the cluster with that VirtualCluster's
 * uid). A logical cluster that merely has the tenant's name (made by the hub admin, or another claim) is never
 * the tenant's.
 */
export async function tenantCluster(deps: PortalDeps, tenant: string): Promise<KObject | undefined> {
  const root = portalClient(deps).cluster(ROOT_CLUSTER);
  const lc = await getOrUndefined(root, { apiVersion: 'core.marina.io/v1alpha1', kind: 'LogicalCluster', name: tenant });
  if (!lc || lc.metadata.deletionTimestamp || (lc.status as { phase?: string } | undefined)?.phase !== 'Ready') return undefined;
  const owner = lc.metadata.annotations?.[ANNOTATION_VIRTUALCLUSTER_OWNER];
  const claim = deps.claims?.claim(tenant);
  if (!owner || !claim) return undefined;
  const selector = `crossplane.io/claim-name=${claim.metadata.name},crossplane.io/claim-namespace=${claim.metadata.namespace}`;
  const vcs = await root.list({ apiVersion: 'provider.marina.io/v1alpha1', kind: 'VirtualCluster' }, { labelSelector: selector }).catch(() => ({ items: [] as KObject[] }));
  return vcs.items.some((v) => v.metadata.uid === owner) ? lc : undefined;
}

export async function observe(deps: PortalDeps, account: Account): Promise<RuntimeObservation> {
  const tenant = account.tenant;
  const client = portalClient(deps);
  const root = client.cluster(ROOT_CLUSTER);
  const claimInRepo = deps.hubRepo && deps.claims ? (await deps.hubRepo.read(deps.claims.path(tenant))) !== undefined : false;
  const tmpl = deps.claims?.claim(tenant);
  const claim = tmpl ? await getOrUndefined(root, { apiVersion: tmpl.apiVersion, kind: tmpl.kind, namespace: tmpl.metadata.namespace, name: tmpl.metadata.name }) : undefined;
  const rr = (claim?.spec as { resourceRef?: Ref } | undefined)?.resourceRef;
  const composite = rr?.name ? await getOrUndefined(root, rr) : undefined;
  const refs = ((composite?.spec as { resourceRefs?: Array<{ apiVersion: string; kind: string; name: string; namespace?: string }> } | undefined)?.resourceRefs ?? []);
  const composed = await Promise.all(refs.map(async (ref) => ({ ref, object: await getOrUndefined(root, ref) })));
  const cluster = await tenantCluster(deps, tenant);
  let managedClusters = 0;
  if (cluster) {
    const secrets = await client.cluster(tenant).list({ apiVersion: 'v1', kind: 'Secret', namespace: ARGOCD_NAMESPACE }, { labelSelector: `${SECRET_TYPE_LABEL}=cluster` }).catch(() => ({ items: [] }));
    managedClusters = secrets.items.length;
  }
  return { tenant, claimInRepo, commit: account.runtimeCommit, claim, composite, composed, cluster, managedClusters, version: MARINA_VERSION };
}

export async function currentStatus(deps: PortalDeps, account: Account): Promise<RuntimeStatus | undefined> {
  return runtimeStatus(await observe(deps, account));
}

/** What the event stream sends once a runtime is gone (or before one is asked for). */
export function notInstalled(tenant: string): RuntimeStatus {
  return {
    name: tenant, type: 'Hosted', phase: 'NotInstalled', progress: 0, step: 'No runtime installed', cluster: tenant, namespace: ARGOCD_NAMESPACE,
    version: MARINA_VERSION, updateAvailable: false, modules: [], managedClusters: 0, lastUpdated: '', components: [], conditions: [],
  };
}
