/** The tenant's dashboard and the admin's tenant list, from real objects (see apps/activity.ts for counting). */
import type { KObject } from '../../apiserver/types.ts';
import { SECRET_TYPE_LABEL } from '../../gitops/repo/index.ts';
import type { Account } from '../accounts/store.ts';
import { activity, lastActivity } from '../apps/activity.ts';
import { managedClusterOf } from '../connect/cluster.ts';
import { ARGOCD_NAMESPACE, currentStatus, portalClient, tenantCluster } from '../runtime/observe.ts';
import type { PortalDeps, Ctx } from './context.ts';
import { sendJson } from './http.ts';
import type { ApiRoute } from './router.ts';
import type { Dashboard, TenantRow } from './types.ts';

interface TenantData {
  apps: KObject[];
  clusterSecrets: KObject[];
  exists: boolean;
}

async function tenantData(deps: PortalDeps, tenant: string): Promise<TenantData> {
  if (!(await tenantCluster(deps, tenant))) return { apps: [], clusterSecrets: [], exists: false };
  const c = portalClient(deps).cluster(tenant);
  const apps = await c.list({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace: ARGOCD_NAMESPACE }).then((l) => l.items, () => []);
  const clusterSecrets = await c.list({ apiVersion: 'v1', kind: 'Secret', namespace: ARGOCD_NAMESPACE }, { labelSelector: `${SECRET_TYPE_LABEL}=cluster` }).then((l) => l.items, () => []);
  return { apps, clusterSecrets, exists: true };
}

async function dashboard(ctx: Ctx): Promise<void> {
  const account = ctx.principal!.account;
  const [status, data] = await Promise.all([currentStatus(ctx.deps, account), tenantData(ctx.deps, account.tenant)]);
  const clusters = { connected: data.exists ? 1 : 0, failed: 0, unknown: 0 }; // in-cluster
  for (const s of data.clusterSecrets) {
    const st = managedClusterOf(s).status;
    if (st === 'Connected') clusters.connected++;
    else if (st === 'Failed') clusters.failed++;
    else clusters.unknown++;
  }
  const body: Dashboard = {
    runtimes: { healthy: status?.phase === 'Active' ? 1 : 0, error: status?.phase === 'Degraded' ? 1 : 0 },
    clusters,
    ...activity(data.apps, Date.now()),
  };
  sendJson(ctx.res, 200, body);
}

async function objectCount(deps: PortalDeps, tenant: string): Promise<number> {
  const namespaces = await deps.store.list('/namespaces', { cluster: tenant });
  let n = (await deps.store.keysInNamespace(tenant, '')).length;
  for (const ns of namespaces.items) n += (await deps.store.keysInNamespace(tenant, ns.metadata.name!)).length;
  return n;
}

async function tenantRow(deps: PortalDeps, a: Account): Promise<TenantRow> {
  const [status, data] = await Promise.all([currentStatus(deps, a), tenantData(deps, a.tenant)]);
  const health = status ? (status.phase === 'Active' ? 'Healthy' : status.phase === 'Degraded' ? 'Degraded' : 'Progressing') : '';
  const last = lastActivity(data.apps);
  return {
    tenant: a.tenant,
    email: a.email,
    createdAt: a.createdAt,
    runtime: status ? { phase: status.phase, health } : null,
    usage: { applications: data.apps.length, objects: data.exists ? await objectCount(deps, a.tenant) : 0, clusters: data.clusterSecrets.length },
    ...(last ? { lastActivity: last } : {}),
  };
}

async function adminTenants(ctx: Ctx): Promise<void> {
  const accounts = await ctx.deps.accounts.list();
  const rows: TenantRow[] = [];
  for (const a of accounts) rows.push(await tenantRow(ctx.deps, a));
  sendJson(ctx.res, 200, rows.sort((x, y) => x.tenant.localeCompare(y.tenant)));
}

export const dashboardRoutes: ApiRoute[] = [
  { method: 'GET', path: '/api/v1/dashboard', access: 'user', handler: dashboard },
  { method: 'GET', path: '/api/v1/admin/tenants', access: 'admin', handler: adminTenants },
];
