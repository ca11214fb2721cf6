/**
 * Rule matching, ported from upstream pkg/apis/rbac/v1/evaluation_helpers.go and RuleAllows in
 * plugin/pkg/auth/authorizer/rbac/rbac.go. Kept literal so edge cases (`*`-suffix URLs, `*∕sub`) agree.
 */
import type { PolicyRule, RequestAttributes } from './types.ts';

export const verbMatches = (rule: PolicyRule, verb: string): boolean =>
  (rule.verbs ?? []).some((v) => v === '*' || v === verb);

export const apiGroupMatches = (rule: PolicyRule, group: string): boolean =>
  (rule.apiGroups ?? []).some((g) => g === '*' || g === group);

/** `combined` is `resource` or `resource/subresource`. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    // `*/scale` grants the scale subresource of every resource, but never the resource itself.
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** An empty resourceNames list means "any name", including requests without a name (list, create). */
export const resourceNameMatches = (rule: PolicyRule, name: string): boolean =>
  !rule.resourceNames?.length || rule.resourceNames.includes(name);

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === '*' || u === path) return true;
    // Go's strings.TrimRight strips every trailing `*`, so `/api**` behaves like `/api*`.
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export const isResourceRequest = (a: RequestAttributes): boolean => a.isResourceRequest ?? a.nonResourcePath === undefined;

export function ruleAllows(a: RequestAttributes, rule: PolicyRule): boolean {
  if (isResourceRequest(a)) {
    const sub = a.subresource ?? '';
    const combined = sub ? `${a.resource ?? ''}/${sub}` : (a.resource ?? '');
    return (
      verbMatches(rule, a.verb) &&
      apiGroupMatches(rule, a.apiGroup ?? '') &&
      resourceMatches(rule, combined, sub) &&
      resourceNameMatches(rule, a.name ?? '')
    );
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.nonResourcePath ?? '');
}
