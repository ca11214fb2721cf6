/** The RBAC authorizer: allow on the first rule that matches, otherwise no opinion. */
import { ruleAllows } from './match.ts';
import { aggregateErrors, visitRulesFor } from './resolver.ts';
import type { Decision, Policy, RequestAttributes } from './types.ts';

export function authorize(attrs: RequestAttributes, policy: Policy): Decision {
  let reason = '';
  const errors: string[] = [];
  visitRulesFor(policy, attrs.user, attrs.namespace ?? '', (source, rule, error) => {
    if (rule && ruleAllows(attrs, rule)) {
      reason = `RBAC: allowed by ${source}`;
      return false;
    }
    if (error) errors.push(error);
    return true;
  });
  if (reason) return { allowed: true, reason };
  // Upstream denies with NoOpinion; the reason carries only resolution errors (dangling roleRefs).
  return { allowed: false, reason: errors.length ? `RBAC: ${aggregateErrors(errors)}` : '' };
}
