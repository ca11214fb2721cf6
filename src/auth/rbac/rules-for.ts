/** What SelfSubjectRulesReview (`kubectl auth can-i --list`) reports for RBAC. */
import type { UserInfo } from '../../apiserver/types.ts';
import { aggregateErrors, visitRulesFor } from './resolver.ts';
import type { NonResourceRule, Policy, PolicyRule, ResourceRule, SubjectRulesReviewStatus } from './types.ts';

const present = (v: string[] | undefined) => (v && v.length ? v : undefined);

export function rulesFor(user: UserInfo, namespace: string, policy: Policy): SubjectRulesReviewStatus {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(policy, user, namespace, (_source, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  const resourceRules: ResourceRule[] = [];
  const nonResourceRules: NonResourceRule[] = [];
  for (const r of rules) {
    // A rule lands in both lists if it (invalidly) names both; upstream does the same.
    if (r.resources?.length) {
      const out: ResourceRule = { verbs: r.verbs ?? [] };
      if (present(r.apiGroups)) out.apiGroups = r.apiGroups;
      out.resources = r.resources;
      if (present(r.resourceNames)) out.resourceNames = r.resourceNames;
      resourceRules.push(out);
    }
    if (r.nonResourceURLs?.length) nonResourceRules.push({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs });
  }
  // RBAC can always enumerate its rules, so `incomplete` is false even when a roleRef dangles;
  // the dangling reference is reported as evaluationError, as upstream's SelfSubjectRulesReview does.
  const status: SubjectRulesReviewStatus = { resourceRules, nonResourceRules, incomplete: false };
  if (errors.length) status.evaluationError = aggregateErrors(errors);
  return status;
}
