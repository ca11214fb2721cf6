/** rbac.authorization.k8s.io/v1 shapes, as plain JSON objects. */
import type { ObjectMeta, UserInfo } from '../../apiserver/types.ts';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string; // User | Group | ServiceAccount
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string; // Role | ClusterRole
  name: string;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string; // In | NotIn | Exists | DoesNotExist
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface Role {
  apiVersion?: string;
  kind?: 'Role';
  metadata: ObjectMeta;
  rules?: PolicyRule[] | null;
}

export interface ClusterRole {
  apiVersion?: string;
  kind?: 'ClusterRole';
  metadata: ObjectMeta;
  rules?: PolicyRule[] | null;
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] } | null;
}

export interface RoleBinding {
  apiVersion?: string;
  kind?: 'RoleBinding';
  metadata: ObjectMeta;
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

export interface ClusterRoleBinding {
  apiVersion?: string;
  kind?: 'ClusterRoleBinding';
  metadata: ObjectMeta;
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

/** All RBAC objects of one logical cluster, as lists. */
export interface PolicyLists {
  roles?: Role[];
  clusterRoles?: ClusterRole[];
  roleBindings?: RoleBinding[];
  clusterRoleBindings?: ClusterRoleBinding[];
}

/**
 * Lookups the resolver needs, mirroring upstream's RoleGetter/RoleBindingLister/... so a caller can
 * serve them from an index per namespace instead of scanning lists. `undefined` means not found.
 */
export interface PolicySource {
  getRole(namespace: string, name: string): Role | undefined;
  getClusterRole(name: string): ClusterRole | undefined;
  listRoleBindings(namespace: string): RoleBinding[];
  listClusterRoleBindings(): ClusterRoleBinding[];
}

export type Policy = PolicyLists | PolicySource;

/** The request attributes RBAC looks at (upstream authorizer.Attributes). */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  /** Defaults to `nonResourcePath === undefined`. */
  isResourceRequest?: boolean;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** The URL path of a non-resource request, e.g. `/healthz`. */
  nonResourcePath?: string;
}

export interface Decision {
  allowed: boolean;
  /** `RBAC: allowed by ...` when allowed; resolution errors (or empty) when not. */
  reason: string;
}

/** authorization.k8s.io/v1 ResourceRule / NonResourceRule as returned by SelfSubjectRulesReview. */
export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface SubjectRulesReviewStatus {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}
