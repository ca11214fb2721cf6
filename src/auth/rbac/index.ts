/** RBAC: the authorizer, rule review, ClusterRole aggregation and the bootstrap policy. */
export type {
  ClusterRole,
  ClusterRoleBinding,
  Decision,
  LabelSelector,
  NonResourceRule,
  Policy,
  PolicyLists,
  PolicyRule,
  PolicySource,
  RequestAttributes,
  ResourceRule,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
  SubjectRulesReviewStatus,
} from './types.ts';
export { authorize } from './authorize.ts';
export { rulesFor } from './rules-for.ts';
export { aggregateClusterRoles } from './aggregate.ts';
export { bootstrapPolicy, type BootstrapPolicy } from './bootstrap.ts';
export { ruleAllows } from './match.ts';
export { staticPolicy, visitRulesFor, type RuleVisitor } from './resolver.ts';
export { appliesToUser, serviceAccountUser, serviceAccountUsername } from './subjects.ts';
export { selectorMatches } from './selector.ts';
