/** Git providers (repository secrets) and clusters (cluster secrets) in the tenant's `argocd` namespace. */
import { isAlreadyExists, isNotFound } from '../../apiserver/errors.ts';
import type { KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from '../../gitops/controller/destination.ts';
import { SECRET_TYPE_LABEL } from '../../gitops/repo/index.ts';
import { VERSION_INFO } from '../../hub/version.ts';
import { checkClusterRequest, clusterSecret, managedClusterOf, testCluster } from '../connect/cluster.ts';
import { checkGitProvider, gitProviderOf, repositorySecret, testRepository, withConnection } from '../connect/repo.ts';
import { repoTrustIn } from '../../gitops/controller/managed.ts';
import { conflict, invalidFields, notFound, PortalError } from '../errors.ts';
import { ARGOCD_NAMESPACE, tenantCluster } from '../runtime/observe.ts';
import { tenantClient, type Ctx } from './context.ts';
import { end } from './accounts.ts';
import { sendJson } from './http.ts';
import type { ApiRoute } from './router.ts';
import type { ManagedCluster } from './types.ts';

const SECRET = { apiVersion: 'v1', kind: 'Secret', namespace: ARGOCD_NAMESPACE } as const;

/** The tenant cluster's client once its runtime exists (its `argocd` namespace); 409 before. */
export async function runtimeClient(ctx: Ctx): Promise<ClusterClient> {
  const tenant = ctx.principal!.account.tenant;
  const notReady = () => new PortalError(409, 'Conflict', 'the runtime is not installed or not ready yet: install it first (POST /api/v1/runtime)');
  if (!(await tenantCluster(ctx.deps, tenant))) throw notReady();
  const client = tenantClient(ctx);
  await client.get({ apiVersion: 'v1', kind: 'Namespace', name: ARGOCD_NAMESPACE }).catch((e) => {
    throw isNotFound(e) ? notReady() : e;
  });
  return client;
}

async function secretsOfType(client: ClusterClient, type: string): Promise<KObject[]> {
  return (await client.list(SECRET, { labelSelector: `${SECRET_TYPE_LABEL}=${type}` })).items;
}

/** Creates or replaces a secret (a second POST for the same URL/server updates credentials and re-tests). */
async function upsert(client: ClusterClient, s: KObject): Promise<number> {
  try {
    await client.create(s);
    return 201;
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    const cur = await client.get({ ...SECRET, name: s.metadata.name });
    await client.update({ ...s, metadata: { ...s.metadata, resourceVersion: cur.metadata.resourceVersion } });
    return 200;
  }
}

async function listGitProviders(ctx: Ctx): Promise<void> {
  const client = await runtimeClient(ctx);
  sendJson(ctx.res, 200, (await secretsOfType(client, 'repository')).map(gitProviderOf));
}

async function createGitProvider(ctx: Ctx): Promise<void> {
  const allowFile = Boolean(ctx.deps.allowFileRepos); // as the GitOps engine: see gitops/repo/local.ts
  const r = checkGitProvider(await ctx.body(), allowFile);
  if ('fields' in r) throw invalidFields(r.fields);
  const client = await runtimeClient(ctx);
  const secret = repositorySecret(r.ok, ARGOCD_NAMESPACE);
  const s = withConnection(secret, await testRepository(r.ok.repoURL, secret, await repoTrustIn(client, ARGOCD_NAMESPACE)));
  const code = await upsert(client, s);
  sendJson(ctx.res, code, gitProviderOf(s));
}

async function deleteOfType(ctx: Ctx, type: string, match: (s: KObject) => boolean, what: string): Promise<void> {
  const client = await runtimeClient(ctx);
  const s = (await secretsOfType(client, type)).find(match);
  if (!s) throw notFound(`${what} "${ctx.params.name}" not found`);
  await client.delete({ ...SECRET, name: s.metadata.name });
  end(ctx.res, 204);
}

async function listClusters(ctx: Ctx): Promise<void> {
  const client = await runtimeClient(ctx);
  const own: ManagedCluster = { name: IN_CLUSTER_NAME, server: IN_CLUSTER_SERVER, status: 'Connected', serverVersion: VERSION_INFO.gitVersion };
  sendJson(ctx.res, 200, [own, ...(await secretsOfType(client, 'cluster')).map(managedClusterOf)]);
}

async function createCluster(ctx: Ctx): Promise<void> {
  const r = checkClusterRequest(await ctx.body());
  if ('fields' in r) throw invalidFields(r.fields);
  const client = await runtimeClient(ctx);
  const existing = (await secretsOfType(client, 'cluster')).map(managedClusterOf);
  if (existing.some((c) => c.name === r.ok.name && c.server !== r.ok.server)) throw conflict(`a cluster named "${r.ok.name}" is already connected`, { name: `a cluster named "${r.ok.name}" is already connected` });
  if (existing.some((c) => c.server === r.ok.server && c.name !== r.ok.name)) {
    throw conflict(`server ${r.ok.server} is already connected as another cluster`, { kubeconfig: `server ${r.ok.server} is already connected as another cluster` });
  }
  const conn = await testCluster(r.ok);
  const s = clusterSecret(r.ok, conn, ARGOCD_NAMESPACE);
  const code = await upsert(client, s);
  sendJson(ctx.res, code, managedClusterOf(s));
}

export const connectionRoutes: ApiRoute[] = [
  { method: 'GET', path: '/api/v1/git-providers', access: 'user', handler: listGitProviders },
  { method: 'POST', path: '/api/v1/git-providers', access: 'user', handler: createGitProvider },
  { method: 'DELETE', path: '/api/v1/git-providers/:name', access: 'user', handler: (ctx) => deleteOfType(ctx, 'repository', (s) => s.metadata.name === ctx.params.name, 'git provider') },
  { method: 'GET', path: '/api/v1/clusters', access: 'user', handler: listClusters },
  { method: 'POST', path: '/api/v1/clusters', access: 'user', handler: createCluster },
  { method: 'DELETE', path: '/api/v1/clusters/:name', access: 'user', handler: (ctx) => deleteOfType(ctx, 'cluster', (s) => managedClusterOf(s).name === ctx.params.name, 'cluster') },
];
