/**
 * Which resources a logical cluster serves: the shared built-ins plus the CRDs stored in that cluster.
 * Per-cluster state is a small cache entry built on first use and dropped when a CRD of that cluster
 * changes; a cluster without CRDs shares the built-in table and costs nothing.
 */
import { builtinResources } from './builtins.ts';
import type { PrinterColumn, ResourceType } from './resource.ts';
import { builtinSchema } from './schema/builtin.ts';
import type { SchemaNode } from './schema/node.ts';
import type { KObject } from './types.ts';
import type { Store } from '../storage/store.ts';
import { API_SETS_ANNOTATION, type ApiSet, DEFAULT_SETS, ROOT_SETS, parseSets, sharedCRDs } from './shared.ts';

export const CRD_RESOURCE = 'apiextensions.k8s.io/customresourcedefinitions';

interface ClusterTypes {
  types: ResourceType[];
  schemas: Map<string, SchemaNode | undefined>;
}

const MAX_CACHED = 4096;

/** Marina's own kinds, served in the hub's root cluster only. */
export const ROOT_ONLY: ResourceType[] = [
  {
    group: 'core.marina.io',
    version: 'v1alpha1',
    versions: ['v1alpha1'],
    resource: 'logicalclusters',
    kind: 'LogicalCluster',
    listKind: 'LogicalClusterList',
    singular: 'logicalcluster',
    namespaced: false,
    shortNames: ['lc'],
    categories: [],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: { kubeconfig: { group: 'core.marina.io', version: 'v1alpha1', kind: 'ClusterKubeconfig' } },
    builtin: true,
    printerColumns: [
      { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      { name: 'URL', type: 'string', jsonPath: '.status.URL', priority: 1 },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  },
];

export const ROOT_CLUSTER = 'root';

/** The schema of Marina's LogicalCluster kind. */
const LOGICAL_CLUSTER_SCHEMA: SchemaNode = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      properties: {
        owner: { type: 'string', description: 'The account or claim that owns this cluster.' },
        displayName: { type: 'string' },
      },
    },
    status: {
      type: 'object',
      properties: {
        phase: { type: 'string', enum: ['Ready', 'Terminating'] },
        URL: { type: 'string' },
        conditions: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    },
  },
};

export class Registry {
  private readonly cache = new Map<string, ClusterTypes>();
  private readonly builtins = builtinResources();

  constructor(private readonly store: Store) {}

  /** Drops a cluster's cached view (called when one of its CRDs changes). */
  invalidate(cluster: string): void {
    this.cache.delete(cluster);
  }

  async types(cluster: string): Promise<ResourceType[]> {
    return (await this.entry(cluster)).types;
  }

  private async entry(cluster: string): Promise<ClusterTypes> {
    const hit = this.cache.get(cluster);
    if (hit) return hit;
    const types = [...this.builtins, ...(cluster === ROOT_CLUSTER ? ROOT_ONLY : [])];
    for (const crd of await this.crds(cluster)) if (isEstablished(crd)) types.push(...typesFromCRD(crd));
    const entry = { types, schemas: new Map<string, SchemaNode | undefined>() };
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cluster, entry);
    return entry;
  }

  /** The CRDs a cluster serves: its own (first, so they win) and those of its shared API sets. */
  async crds(cluster: string): Promise<KObject[]> {
    const own = (await this.store.list(CRD_RESOURCE, { cluster })).items;
    const names = new Set(own.map((c) => c.metadata.name));
    const shared = (await this.apiSets(cluster)).flatMap(sharedCRDs).filter((c) => !names.has(c.metadata.name));
    return [...own, ...shared];
  }

  private async apiSets(cluster: string): Promise<ApiSet[]> {
    if (cluster === ROOT_CLUSTER) return ROOT_SETS;
    const lc = await this.store.get({ resource: 'core.marina.io/logicalclusters', cluster: ROOT_CLUSTER, namespace: '', name: cluster });
    return [...new Set([...DEFAULT_SETS, ...parseSets(lc?.metadata.annotations?.[API_SETS_ANNOTATION])])];
  }

  /** Finds a served resource by group, version and plural (or singular / short name, for tolerance). */
  async resolve(cluster: string, group: string, version: string, resource: string): Promise<ResourceType | undefined> {
    const types = await this.types(cluster);
    return types.find((t) => t.group === group && t.version === version && t.resource === resource);
  }

  async byKind(cluster: string, apiVersion: string, kind: string): Promise<ResourceType | undefined> {
    const types = await this.types(cluster);
    return types.find((t) => (t.group ? `${t.group}/${t.version}` : t.version) === apiVersion && t.kind === kind);
  }

  /** The schema of a served resource type (built-in: upstream OpenAPI; CRD: the version's schema). */
  async schema(cluster: string, t: ResourceType): Promise<SchemaNode | undefined> {
    if (t.builtin) {
      if (t.group === 'core.marina.io') return LOGICAL_CLUSTER_SCHEMA;
      return builtinSchema({ group: t.group, version: t.version, kind: t.kind });
    }
    const e = await this.entry(cluster);
    const k = `${t.group}/${t.version}/${t.resource}`;
    if (!e.schemas.has(k)) {
      const v = (t.crd?.spec as any)?.versions?.find((x: any) => x.name === t.version);
      e.schemas.set(k, v?.schema?.openAPIV3Schema as SchemaNode | undefined);
    }
    return e.schemas.get(k);
  }
}

export function isEstablished(crd: KObject): boolean {
  const conds = ((crd.status as any)?.conditions ?? []) as Array<{ type: string; status: string }>;
  return conds.some((c) => c.type === 'Established' && c.status === 'True');
}

/** One ResourceType per served version of a CRD. */
export function typesFromCRD(crd: KObject): ResourceType[] {
  const spec = crd.spec as any;
  const names = spec.names;
  const served = (spec.versions as any[]).filter((v) => v.served);
  const storage = (spec.versions as any[]).find((v) => v.storage)?.name;
  const ordered = [...served].sort((a, b) => (a.name === storage ? -1 : b.name === storage ? 1 : 0)).map((v) => v.name as string);
  return served.map((v) => ({
    group: spec.group,
    version: v.name,
    versions: ordered,
    resource: names.plural,
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    singular: names.singular ?? names.kind.toLowerCase(),
    namespaced: spec.scope === 'Namespaced',
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    subresources: {
      ...(v.subresources?.status ? { status: { group: spec.group, version: v.name, kind: names.kind } } : {}),
      ...(v.subresources?.scale
        ? { scale: { group: 'autoscaling', version: 'v1', kind: 'Scale', specReplicasPath: v.subresources.scale.specReplicasPath, statusReplicasPath: v.subresources.scale.statusReplicasPath, labelSelectorPath: v.subresources.scale.labelSelectorPath } }
        : {}),
    },
    builtin: false,
    crd,
    printerColumns: (v.additionalPrinterColumns ?? []) as PrinterColumn[],
  }));
}
