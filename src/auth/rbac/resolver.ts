/**
 * Walks every rule that applies to a user in a namespace, ported from upstream's
 * DefaultRuleResolver.VisitRulesFor: ClusterRoleBindings first (they grant everywhere), then the
 * RoleBindings of the request's namespace. Missing roles are reported as errors, never as denials,
 * because rules are purely additive.
 */
import type { UserInfo } from '../../apiserver/types.ts';
import { describeSubject, firstApplyingSubject } from './subjects.ts';
import type { Policy, PolicyLists, PolicyRule, PolicySource, RoleRef } from './types.ts';

/** Return false to stop visiting. `source` is set with `rule`; `error` is set alone. */
export type RuleVisitor = (source: string | undefined, rule: PolicyRule | undefined, error: string | undefined) => boolean;

/** A PolicySource over plain lists (no indexing: fine for tests and small clusters). */
export function staticPolicy(lists: PolicyLists): PolicySource {
  const { roles = [], clusterRoles = [], roleBindings = [], clusterRoleBindings = [] } = lists;
  return {
    getRole: (ns, name) => roles.find((r) => r.metadata.namespace === ns && r.metadata.name === name),
    getClusterRole: (name) => clusterRoles.find((r) => r.metadata.name === name),
    listRoleBindings: (ns) => roleBindings.filter((b) => b.metadata.namespace === ns),
    listClusterRoleBindings: () => clusterRoleBindings,
  };
}

export const asSource = (p: Policy): PolicySource => ('getRole' in p && typeof p.getRole === 'function' ? p : staticPolicy(p as PolicyLists));

/** The rules a roleRef grants, or the upstream-style NotFound message. */
export function roleRefRules(src: PolicySource, ref: RoleRef, bindingNamespace: string): { rules: PolicyRule[] } | { error: string } {
  switch (ref.kind) {
    case 'Role': {
      const role = bindingNamespace ? src.getRole(bindingNamespace, ref.name) : undefined;
      return role ? { rules: role.rules ?? [] } : { error: `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    case 'ClusterRole': {
      const role = src.getClusterRole(ref.name);
      return role ? { rules: role.rules ?? [] } : { error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
    }
    default:
      return { error: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
  }
}

export function visitRulesFor(policy: Policy, user: UserInfo, namespace: string, visit: RuleVisitor): void {
  const src = asSource(policy);
  for (const b of src.listClusterRoleBindings()) {
    const i = firstApplyingSubject(user, b.subjects, '');
    if (i < 0) continue;
    const res = roleRefRules(src, b.roleRef, '');
    if ('error' in res) {
      if (!visit(undefined, undefined, res.error)) return;
      continue;
    }
    const source = `ClusterRoleBinding ${JSON.stringify(b.metadata.name ?? '')} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(b.subjects![i]!, '')}`;
    for (const rule of res.rules) if (!visit(source, rule, undefined)) return;
  }
  if (!namespace) return;
  for (const b of src.listRoleBindings(namespace)) {
    const i = firstApplyingSubject(user, b.subjects, namespace);
    if (i < 0) continue;
    const res = roleRefRules(src, b.roleRef, namespace);
    if ('error' in res) {
      if (!visit(undefined, undefined, res.error)) return;
      continue;
    }
    const source = `RoleBinding ${JSON.stringify(`${b.metadata.name ?? ''}/${b.metadata.namespace ?? namespace}`)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(b.subjects![i]!, namespace)}`;
    for (const rule of res.rules) if (!visit(source, rule, undefined)) return;
  }
}

/** utilerrors.NewAggregate(...).Error(): one message bare, several de-duplicated inside brackets. */
export function aggregateErrors(errors: string[]): string {
  const uniq = [...new Set(errors)];
  if (uniq.length <= 1) return uniq[0] ?? '';
  return `[${uniq.join(', ')}]`;
}
