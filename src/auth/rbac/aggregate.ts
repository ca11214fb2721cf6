/**
 * ClusterRole aggregation as the clusterrole-aggregation controller performs it: an aggregated role's
 * rules become the de-duplicated union of the rules of every other ClusterRole its selectors match,
 * taken selector by selector and, within one, in name order. Pure: returns new objects.
 */
import { clone, isObject } from '../../apiserver/types.ts';
import { selectorMatches } from './selector.ts';
import type { ClusterRole, PolicyRule } from './types.ts';

/** Semantic equality: like apimachinery's, a missing list equals an empty one. */
function ruleKey(r: PolicyRule): string {
  const list = (v: string[] | undefined) => v ?? [];
  return JSON.stringify([list(r.verbs), list(r.apiGroups), list(r.resources), list(r.resourceNames), list(r.nonResourceURLs)]);
}

function aggregatedRules(role: ClusterRole, all: ClusterRole[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const seen = new Set<string>();
  const byName = [...all].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  for (const sel of role.aggregationRule?.clusterRoleSelectors ?? []) {
    if (!isObject(sel)) continue;
    for (const other of byName) {
      if (other.metadata.name === role.metadata.name || !selectorMatches(sel, other.metadata.labels)) continue;
      for (const rule of other.rules ?? []) {
        const key = ruleKey(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(clone(rule));
      }
    }
  }
  return out;
}

/**
 * Aggregated roles can feed each other (view → edit → admin), and the controller converges by
 * re-syncing on every change; iterating to a fixed point gives the same result in one call.
 */
export function aggregateClusterRoles(clusterRoles: ClusterRole[]): ClusterRole[] {
  const roles = clusterRoles.map(clone);
  for (let round = 0; round <= roles.length; round++) {
    let changed = false;
    for (const role of roles) {
      if (!role.aggregationRule) continue;
      const next = aggregatedRules(role, roles);
      const current = (role.rules ?? []).map(ruleKey);
      if (current.length === next.length && next.every((r, i) => ruleKey(r) === current[i])) continue;
      role.rules = next;
      changed = true;
    }
    if (!changed) break;
  }
  return roles;
}
