/**
 * Discovery documents: the legacy endpoints (/api, /api/v1, /apis, /apis/g, /apis/g/v) and the
 * aggregated form (apidiscovery.k8s.io v2 and v2beta1) that kubectl 1.27+ asks for first.
 */
import { createHash } from 'node:crypto';
import type { ResourceType } from '../resource.ts';

const SUBRESOURCE_VERBS: Record<string, string[]> = { token: ['create'], kubeconfig: ['get'] };

interface GroupInfo {
  name: string;
  versions: string[]; // preferred first
}

export function groupsOf(types: ResourceType[]): GroupInfo[] {
  const groups = new Map<string, GroupInfo>();
  for (const t of types) {
    if (t.group === '') continue;
    let g = groups.get(t.group);
    if (!g) groups.set(t.group, (g = { name: t.group, versions: [] }));
    for (const v of t.versions) if (!g.versions.includes(v)) g.versions.push(v);
  }
  for (const g of groups.values()) g.versions.sort(compareVersions);
  return [...groups.values()];
}

/** Kubernetes version priority: GA > beta > alpha, then higher numbers first (v2 > v1 > v1beta2). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = v.match(/^v(\d+)(?:(alpha|beta)(\d+))?$/);
    if (!m) return [0, 0, 0, v] as const;
    return [Number(m[1]), m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3, Number(m[3] ?? 0), v] as const;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa[1] !== pb[1]) return pb[1] - pa[1];
  if (pa[0] !== pb[0]) return pb[0] - pa[0];
  if (pa[2] !== pb[2]) return pb[2] - pa[2];
  return a.localeCompare(b);
}

const gvEntry = (group: string, version: string) => ({ groupVersion: group ? `${group}/${version}` : version, version });

export function apiVersions() {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
}

export function apiGroup(g: GroupInfo) {
  return { kind: 'APIGroup', apiVersion: 'v1', name: g.name, versions: g.versions.map((v) => gvEntry(g.name, v)), preferredVersion: gvEntry(g.name, g.versions[0]!) };
}

export function apiGroupList(types: ResourceType[]) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupsOf(types).map(apiGroup) };
}

function resourceEntries(types: ResourceType[], group: string, version: string) {
  const out: Record<string, unknown>[] = [];
  for (const t of types) {
    if (t.group !== group || t.version !== version) continue;
    out.push({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories.length ? { categories: t.categories } : {}),
      storageVersionHash: storageVersionHash(t),
    });
    for (const [sub, info] of Object.entries(t.subresources)) {
      if (!info) continue;
      const verbs = SUBRESOURCE_VERBS[sub] ?? ['get', 'patch', 'update'];
      out.push({ name: `${t.resource}/${sub}`, singularName: '', namespaced: t.namespaced, ...(info.group !== group || info.version !== version ? { group: info.group, version: info.version } : {}), kind: info.kind, verbs });
    }
  }
  return out;
}

export function apiResourceList(types: ResourceType[], group: string, version: string) {
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: resourceEntries(types, group, version) };
}

export function hasGroupVersion(types: ResourceType[], group: string, version: string): boolean {
  return types.some((t) => t.group === group && t.version === version);
}

/** apidiscovery.k8s.io APIGroupDiscoveryList for /api or /apis. */
export function aggregated(types: ResourceType[], legacy: boolean, apiVersion: 'apidiscovery.k8s.io/v2' | 'apidiscovery.k8s.io/v2beta1') {
  const groups = legacy ? [{ name: '', versions: ['v1'] }] : groupsOf(types);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        freshness: 'Current',
        resources: types
          .filter((t) => t.group === g.name && t.version === v)
          .map((t) => ({
            resource: t.resource,
            responseKind: { group: t.group, version: t.version, kind: t.kind },
            scope: t.namespaced ? 'Namespaced' : 'Cluster',
            singularResource: t.singular,
            verbs: t.verbs,
            ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
            ...(t.categories.length ? { categories: t.categories } : {}),
            ...(Object.keys(t.subresources).length
              ? {
                  subresources: Object.entries(t.subresources)
                    .filter(([, i]) => i)
                    .map(([sub, i]) => ({ subresource: sub, responseKind: { group: i!.group, version: i!.version, kind: i!.kind }, verbs: SUBRESOURCE_VERBS[sub] ?? ['get', 'patch', 'update'] })),
                }
              : {}),
          })),
      })),
    })),
  };
}

function storageVersionHash(t: ResourceType): string {
  // As upstream: base64 of the first 8 bytes of sha256("<group>/<storage version>/<kind>").
  return createHash('sha256').update(`${t.group}/${t.versions[0]}/${t.kind}`).digest().subarray(0, 8).toString('base64');
}
