/**
 * AppProject enforcement, as Argo CD's ValidatePermissions and IsGroupKindPermitted: each check returns the
 * problems it finds in Argo CD's words, so a denial lists every reason at once. Pure.
 */
import { globMatch } from '../render/index.ts';
import { normalizeRepoUrl } from '../repo/index.ts';
import type { OrphanedResourcesSettings } from './orphaned.ts';

export interface ProjectSpec {
  sourceRepos?: string[];
  destinations?: Array<{ server?: string; name?: string; namespace?: string }>;
  clusterResourceWhitelist?: GroupKind[];
  clusterResourceBlacklist?: GroupKind[];
  namespaceResourceWhitelist?: GroupKind[];
  namespaceResourceBlacklist?: GroupKind[];
  sourceNamespaces?: string[];
  orphanedResources?: OrphanedResourcesSettings;
}
interface GroupKind {
  group?: string;
  kind?: string;
}

const glob = (pattern: string, value: string) => pattern === '*' || pattern === value || globMatch(pattern, value);

export function sourcePermitted(project: string, spec: ProjectSpec, repoURL: string): string[] {
  const ok = (spec.sourceRepos ?? []).some((p) => p === '*' || glob(normalizeRepoUrl(p), normalizeRepoUrl(repoURL)) || glob(p, repoURL));
  return ok ? [] : [`application repo ${repoURL} is not permitted in project '${project}'`];
}

export function destinationPermitted(project: string, spec: ProjectSpec, dest: { server?: string; name?: string; namespace?: string }): string[] {
  const ns = dest.namespace ?? '';
  const ok = (spec.destinations ?? []).some(
    (d) =>
      ((d.server !== undefined && dest.server !== undefined && glob(d.server, dest.server)) || (d.name !== undefined && dest.name !== undefined && glob(d.name, dest.name))) &&
      glob(d.namespace ?? '', ns),
  );
  return ok ? [] : [`application destination server '${dest.server ?? dest.name ?? ''}' and namespace '${ns}' do not match any of the allowed destinations in project '${project}'`];
}

const matches = (list: GroupKind[] | undefined, group: string, kind: string) => (list ?? []).some((e) => glob(e.group ?? '', group) && glob(e.kind ?? '', kind));

/** Argo CD: cluster-scoped kinds need the whitelist; namespaced ones are allowed unless a whitelist exists and misses them. */
export function resourcePermitted(project: string, spec: ProjectSpec, group: string, kind: string, namespaced: boolean): string[] {
  const ok = namespaced
    ? (spec.namespaceResourceWhitelist === undefined || matches(spec.namespaceResourceWhitelist, group, kind)) && !matches(spec.namespaceResourceBlacklist, group, kind)
    : matches(spec.clusterResourceWhitelist, group, kind) && !matches(spec.clusterResourceBlacklist, group, kind);
  return ok ? [] : [`resource ${group}:${kind} is not permitted in project ${project}`];
}
