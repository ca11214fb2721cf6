/**
 * Whether a rule applies to a request: `match` and `exclude` blocks with `any`/`all` filters or the
 * legacy flat form, each filter checking resources (kinds, names, namespaces, selectors,
 * annotations, operations) and the requesting user (subjects, roles, clusterRoles).
 */
import { matchesSelector, type LabelSelector } from './selector.ts';
import type { AdmissionRequest, Collaborators, JsonObject, UserInfo } from './types.ts';
import { wildcardMatch } from './wildcard.ts';

export interface ResourceDescription {
  kinds?: string[];
  name?: string;
  names?: string[];
  namespaces?: string[];
  annotations?: Record<string, string>;
  selector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  operations?: string[];
}

export interface Subject {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  namespace?: string;
}

export interface ResourceFilter {
  resources?: ResourceDescription;
  subjects?: Subject[];
  roles?: string[];
  clusterRoles?: string[];
}

export interface MatchBlock extends ResourceFilter {
  any?: ResourceFilter[];
  all?: ResourceFilter[];
}

/** What matching needs to know about the request, computed once per request. */
export interface MatchTarget {
  group: string;
  version: string;
  kind: string;
  subresource: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  operation: string;
  userInfo: UserInfo;
}

export function matchTarget(req: AdmissionRequest): MatchTarget {
  const obj = (req.operation === 'DELETE' ? req.oldObject : req.object) ?? req.object ?? req.oldObject ?? {};
  const meta = (obj.metadata ?? {}) as JsonObject;
  const apiVersion = String(obj.apiVersion ?? '');
  const slash = apiVersion.indexOf('/');
  return {
    group: req.kind?.group ?? (slash < 0 ? '' : apiVersion.slice(0, slash)),
    version: req.kind?.version ?? (slash < 0 ? apiVersion : apiVersion.slice(slash + 1)),
    kind: req.kind?.kind ?? String(obj.kind ?? ''),
    subresource: req.subResource ?? '',
    name: String(meta.name ?? req.name ?? ''),
    namespace: String(meta.namespace ?? req.namespace ?? ''),
    labels: (meta.labels ?? {}) as Record<string, string>,
    annotations: (meta.annotations ?? {}) as Record<string, string>,
    operation: req.operation,
    userInfo: req.userInfo ?? { username: '', groups: [] },
  };
}

const VERSION = /^v\d+((alpha|beta)\d+)?$/;

/** Splits a kinds entry into group, version, kind and subresource (Kyverno's GetKindFromGVK). */
export function parseKindSelector(sel: string): { group?: string; version?: string; kind: string; subresource: string } {
  const parts = sel.split('/');
  const isVersion = (p: string) => VERSION.test(p) || p === '*';
  switch (parts.length) {
    case 1:
      return { kind: parts[0], subresource: '' };
    case 2:
      return isVersion(parts[0]) ? { version: parts[0], kind: parts[1], subresource: '' } : { kind: parts[0], subresource: parts[1] };
    case 3:
      return isVersion(parts[0])
        ? { version: parts[0], kind: parts[1], subresource: parts[2] }
        : { group: parts[0], version: parts[1], kind: parts[2], subresource: '' };
    default:
      return { group: parts[0], version: parts[1], kind: parts[2], subresource: parts.slice(3).join('/') };
  }
}

export function kindMatches(kinds: string[], t: MatchTarget): boolean {
  return kinds.some((k) => {
    if (k === '*') return true;
    const s = parseKindSelector(k);
    if (s.group !== undefined && !wildcardMatch(s.group, t.group)) return false;
    if (s.version !== undefined && !wildcardMatch(s.version, t.version)) return false;
    if (!wildcardMatch(s.kind, t.kind)) return false;
    return s.subresource === '' ? t.subresource === '' : wildcardMatch(s.subresource, t.subresource);
  });
}

function namespaceLabels(t: MatchTarget, c: Collaborators): Record<string, string> | undefined {
  if (t.kind === 'Namespace' && t.group === '') return t.labels;
  return t.namespace ? c.namespaceLabels?.(t.namespace) : undefined;
}

/** One check per ResourceDescription field; every present field must hold. */
const RESOURCE_CHECKS: Record<keyof ResourceDescription, (d: ResourceDescription, t: MatchTarget, c: Collaborators) => boolean> = {
  kinds: (d, t) => kindMatches(d.kinds!, t),
  name: (d, t) => wildcardMatch(d.name!, t.name),
  names: (d, t) => d.names!.some((n) => wildcardMatch(n, t.name)),
  namespaces: (d, t) => {
    const ns = t.kind === 'Namespace' && t.group === '' ? t.name : t.namespace;
    return d.namespaces!.some((n) => wildcardMatch(n, ns));
  },
  annotations: (d, t) =>
    Object.entries(d.annotations!).every(([k, v]) => Object.entries(t.annotations).some(([rk, rv]) => wildcardMatch(k, rk) && wildcardMatch(v, rv))),
  selector: (d, t) => matchesSelector(d.selector!, t.labels),
  namespaceSelector: (d, t, c) => {
    const labels = namespaceLabels(t, c);
    return labels !== undefined && matchesSelector(d.namespaceSelector!, labels);
  },
  operations: (d, t) => d.operations!.includes(t.operation),
};

function resourceMatches(d: ResourceDescription | undefined, t: MatchTarget, c: Collaborators): boolean {
  if (!d) return true;
  for (const field of Object.keys(RESOURCE_CHECKS) as (keyof ResourceDescription)[]) {
    const v = d[field];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    if (!RESOURCE_CHECKS[field](d, t, c)) return false;
  }
  return true;
}

function subjectMatches(s: Subject, u: UserInfo): boolean {
  switch (s.kind) {
    case 'ServiceAccount':
      return u.username === `system:serviceaccount:${s.namespace ?? ''}:${s.name}`;
    case 'Group':
      return u.groups.some((g) => wildcardMatch(s.name, g));
    default:
      return wildcardMatch(s.name, u.username);
  }
}

function userMatches(f: ResourceFilter, t: MatchTarget, c: Collaborators): boolean {
  if (f.subjects?.length && !f.subjects.some((s) => subjectMatches(s, t.userInfo))) return false;
  if (f.roles?.length && !f.roles.some((r) => c.userRoles?.roles.includes(r))) return false;
  if (f.clusterRoles?.length && !f.clusterRoles.some((r) => c.userRoles?.clusterRoles.includes(r))) return false;
  return true;
}

function filterMatches(f: ResourceFilter, t: MatchTarget, c: Collaborators): boolean {
  return resourceMatches(f.resources, t, c) && userMatches(f, t, c);
}

const isEmptyFilter = (f: ResourceFilter) => !f.resources && !f.subjects?.length && !f.roles?.length && !f.clusterRoles?.length;

/** True when a match block selects the request (an absent block selects nothing). */
export function blockMatches(block: MatchBlock | undefined, t: MatchTarget, c: Collaborators): boolean {
  if (!block) return false;
  if (block.any?.length) return block.any.some((f) => filterMatches(f, t, c));
  if (block.all?.length) return block.all.every((f) => filterMatches(f, t, c));
  if (isEmptyFilter(block)) return false;
  return filterMatches(block, t, c);
}

/** Whether a rule applies: its match block selects the request and its exclude block does not. */
export function ruleApplies(rule: { match?: MatchBlock; exclude?: MatchBlock }, t: MatchTarget, c: Collaborators): boolean {
  return blockMatches(rule.match, t, c) && !blockMatches(rule.exclude, t, c);
}
