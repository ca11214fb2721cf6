/**
 * An Application's resource tree: its resources as `status.resources` lists them, each with the live objects
 * that name it as owner (a Deployment's ReplicaSets and their Pods), when the app deploys to the tenant's own
 * cluster (other destinations are reached over HTTP; their children are not looked up). Bounded in depth and
 * size.
 */
import type { KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';
import type { Store } from '../../storage/store.ts';
import type { ResourceNode } from '../api/types.ts';

const MAX_DEPTH = 4;
const MAX_NODES = 500;

interface ResourceStatus {
  group?: string;
  version?: string;
  kind: string;
  namespace?: string;
  name: string;
  status?: string;
  health?: { status: string; message?: string };
}

export interface LiveLookup {
  client: ClusterClient;
  store: Store;
  cluster: string;
}

export async function resourceTree(app: KObject, live?: LiveLookup): Promise<ResourceNode[]> {
  const resources = ((app.status as { resources?: ResourceStatus[] } | undefined)?.resources ?? []);
  const budget = { left: MAX_NODES };
  const out: ResourceNode[] = [];
  for (const r of resources) {
    if (budget.left-- <= 0) break;
    const node: ResourceNode = {
      group: r.group ?? '',
      version: r.version ?? '',
      kind: r.kind,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      name: r.name,
      ...(r.status ? { syncStatus: r.status } : {}),
      ...(r.health ? { health: { status: r.health.status, ...(r.health.message ? { message: r.health.message } : {}) } } : {}),
      children: [],
    };
    if (live) {
      const apiVersion = r.group ? `${r.group}/${r.version}` : (r.version ?? 'v1');
      const obj = await live.client.get({ apiVersion, kind: r.kind, namespace: r.namespace, name: r.name }).catch(() => undefined);
      if (obj?.metadata.uid) node.children = await children(live, obj.metadata.uid, 1, budget);
    }
    out.push(node);
  }
  return out;
}

async function children(live: LiveLookup, uid: string, depth: number, budget: { left: number }): Promise<ResourceNode[]> {
  if (depth > MAX_DEPTH) return [];
  const out: ResourceNode[] = [];
  for (const key of await live.store.dependents(live.cluster, uid)) {
    if (budget.left-- <= 0) break;
    const o = await live.store.get(key);
    if (!o) continue;
    const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
    out.push({
      group: group!,
      version: version!,
      kind: o.kind,
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      name: o.metadata.name!,
      children: o.metadata.uid ? await children(live, o.metadata.uid, depth + 1, budget) : [],
    });
  }
  return out.sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
}
