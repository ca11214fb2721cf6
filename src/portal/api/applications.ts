/**
 * Argo CD Applications in the tenant's `argocd` namespace, through the in-process client as the tenant:
 * list, detail (resource tree from `status.resources` plus the live objects they own, history from
 * `status.history`), create from the form, sync, refresh, delete, diff.
 */
import { isAlreadyExists, isNotFound, isStatusError } from '../../apiserver/errors.ts';
import type { KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';
import { IN_CLUSTER_NAME, IN_CLUSTER_SERVER } from '../../gitops/controller/destination.ts';
import { RESOURCES_FINALIZER } from '../../gitops/controller/finalizer.ts';
import { REFRESH_ANNOTATION } from '../../gitops/controller/index.ts';
import { conflict, invalidFields, notFound, PortalError } from '../errors.ts';
import { ARGOCD_NAMESPACE } from '../runtime/observe.ts';
import { end } from './accounts.ts';
import { runtimeClient } from './connections.ts';
import type { Ctx } from './context.ts';
import { sendJson } from './http.ts';
import type { ApiRoute } from './router.ts';
import type { ApplicationDetail, ApplicationRequest, ApplicationSummary, ResourceDiff, ResourceNode } from './types.ts';
import { applicationObject, checkApplication, summaryOf } from '../apps/shape.ts';
import { resourceTree } from '../apps/tree.ts';

const APP = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace: ARGOCD_NAMESPACE } as const;

async function getApp(client: ClusterClient, name: string): Promise<KObject> {
  return client.get({ ...APP, name }).catch((e) => {
    throw isNotFound(e) ? notFound(`application "${name}" not found`) : e;
  });
}

async function list(ctx: Ctx): Promise<void> {
  const client = await runtimeClient(ctx);
  const apps = (await client.list(APP)).items;
  sendJson(ctx.res, 200, apps.map(summaryOf) satisfies ApplicationSummary[]);
}

async function detail(ctx: Ctx): Promise<void> {
  const client = await runtimeClient(ctx);
  const app = await getApp(client, ctx.params.name!);
  const status = (app.status ?? {}) as { history?: Array<Record<string, unknown>>; operationState?: Record<string, unknown> };
  const inCluster = isInCluster(app);
  const tree: ResourceNode[] = await resourceTree(app, inCluster ? { client, store: ctx.deps.store, cluster: ctx.principal!.account.tenant } : undefined);
  const op = status.operationState;
  const body: ApplicationDetail = {
    ...summaryOf(app),
    tree,
    history: (status.history ?? []).map((h) => ({
      id: Number(h.id),
      revision: String(h.revision ?? ((h.revisions as string[] | undefined) ?? []).join(',')),
      deployedAt: String(h.deployedAt ?? ''),
      ...(h.deployStartedAt ? { deployStartedAt: String(h.deployStartedAt) } : {}),
    })),
    ...(op ? { operation: { phase: String(op.phase), ...(op.message ? { message: String(op.message) } : {}), ...(op.startedAt ? { startedAt: String(op.startedAt) } : {}), ...(op.finishedAt ? { finishedAt: String(op.finishedAt) } : {}) } } : {}),
  };
  sendJson(ctx.res, 200, body);
}

function isInCluster(app: KObject): boolean {
  const d = ((app.spec as { destination?: { server?: string; name?: string } }).destination ?? {});
  return d.server === IN_CLUSTER_SERVER || (!d.server && d.name === IN_CLUSTER_NAME);
}

async function create(ctx: Ctx): Promise<void> {
  const r = checkApplication(await ctx.body());
  if ('fields' in r) throw invalidFields(r.fields);
  const client = await runtimeClient(ctx);
  const created = await client.create(applicationObject(r.ok as ApplicationRequest)).catch((e) => {
    if (isAlreadyExists(e)) throw conflict(`application "${r.ok.name}" already exists`, { name: `application "${r.ok.name}" already exists` });
    if (isStatusError(e) && e.reason === 'Invalid') {
      const fields: Record<string, string> = {};
      for (const c of e.details?.causes ?? []) fields[formField(c.field ?? '')] = c.message ?? '';
      throw new PortalError(400, 'Invalid', e.message, Object.keys(fields).length ? fields : undefined);
    }
    throw e;
  });
  sendJson(ctx.res, 201, summaryOf(created));
}

/** `spec.source.repoURL` → `repoURL`: the form's field for an API field. */
function formField(path: string): string {
  const m: Record<string, string> = { 'metadata.name': 'name', 'spec.source.repoURL': 'repoURL', 'spec.source.path': 'path', 'spec.source.targetRevision': 'targetRevision', 'spec.destination.namespace': 'destinationNamespace', 'spec.destination.name': 'destinationName', 'spec.project': 'project' };
  return m[path] ?? path;
}

async function sync(ctx: Ctx): Promise<void> {
  const client = await runtimeClient(ctx);
  const app = await getApp(client, ctx.params.name!);
  if ((app as { operation?: unknown }).operation || ((app.status as { operationState?: { phase?: string } } | undefined)?.operationState?.phase === 'Running')) {
    throw conflict('another operation is already in progress');
  }
  const b = (await ctx.body()) as { prune?: unknown; revision?: unknown };
  const spec = app.spec as { source?: { targetRevision?: string }; syncPolicy?: { automated?: { prune?: boolean } } };
  const operation = {
    sync: { revision: typeof b.revision === 'string' && b.revision ? b.revision : (spec.source?.targetRevision ?? 'HEAD'), prune: typeof b.prune === 'boolean' ? b.prune : (spec.syncPolicy?.automated?.prune ?? false) },
    initiatedBy: { username: ctx.principal!.account.email },
  };
  const updated = await client.patch({ ...APP, name: app.metadata.name }, 'merge', { operation });
  sendJson(ctx.res, 202, summaryOf(updated));
}

async function refresh(ctx: Ctx): Promise<void> {
  const client = await runtimeClient(ctx);
  await getApp(client, ctx.params.name!);
  const type = ctx.url.searchParams.get('type') === 'hard' ? 'hard' : 'normal';
  const updated = await client.patch({ ...APP, name: ctx.params.name }, 'merge', { metadata: { annotations: { [REFRESH_ANNOTATION]: type } } });
  sendJson(ctx.res, 202, summaryOf(updated));
}

/** Deletes the application; with `?cascade=true` (the default, as Argo CD's API) its resources too. */
async function remove(ctx: Ctx): Promise<void> {
  const client = await runtimeClient(ctx);
  const app = await getApp(client, ctx.params.name!);
  const cascade = ctx.url.searchParams.get('cascade') !== 'false';
  const fins = app.metadata.finalizers ?? [];
  if (cascade && !fins.some((f) => f.startsWith(RESOURCES_FINALIZER))) {
    await client.patch({ ...APP, name: app.metadata.name }, 'merge', { metadata: { finalizers: [...fins, RESOURCES_FINALIZER] } });
  } else if (!cascade && fins.some((f) => f.startsWith(RESOURCES_FINALIZER))) {
    await client.patch({ ...APP, name: app.metadata.name }, 'merge', { metadata: { finalizers: fins.filter((f) => !f.startsWith(RESOURCES_FINALIZER)) } });
  }
  await client.delete({ ...APP, name: app.metadata.name });
  end(ctx.res, 204);
}

/** Argo CD's managed resources (the GitOps engine's `managedresources` view of the app), as ResourceDiff rows. */
async function diff(ctx: Ctx): Promise<void> {
  const client = await runtimeClient(ctx);
  const name = ctx.params.name!;
  const view = await client.get({ ...APP, name }, { subresource: 'managedresources' }).catch((e) => {
    throw isNotFound(e) ? notFound(`application "${name}" not found`) : e;
  });
  const items = ((view as unknown as { items?: Array<{ group: string; kind: string; namespace: string; name: string; modified: boolean; diff?: string; hook?: boolean }> }).items ?? []);
  const rows: ResourceDiff[] = items
    .filter((i) => !i.hook)
    .map((i) => ({ group: i.group, kind: i.kind, ...(i.namespace ? { namespace: i.namespace } : {}), name: i.name, modified: i.modified, diff: i.diff ?? '' }));
  sendJson(ctx.res, 200, rows);
}

export const applicationRoutes: ApiRoute[] = [
  { method: 'GET', path: '/api/v1/applications', access: 'user', handler: list },
  { method: 'POST', path: '/api/v1/applications', access: 'user', handler: create },
  { method: 'GET', path: '/api/v1/applications/:name', access: 'user', handler: detail },
  { method: 'DELETE', path: '/api/v1/applications/:name', access: 'user', handler: remove },
  { method: 'POST', path: '/api/v1/applications/:name/sync', access: 'user', handler: sync },
  { method: 'POST', path: '/api/v1/applications/:name/refresh', access: 'user', handler: refresh },
  { method: 'GET', path: '/api/v1/applications/:name/diff', access: 'user', handler: diff },
];
