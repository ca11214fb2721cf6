/** metav1.LabelSelector matching, just what ClusterRole aggregation needs. */
import type { LabelSelector, LabelSelectorRequirement } from './types.ts';

function requirementMatches(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(labels[req.key]!);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(labels[req.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // LabelSelectorAsSelector rejects unknown operators; a selector that cannot parse selects nothing.
      return false;
  }
}

/** An empty selector matches everything, as LabelSelectorAsSelector does. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string> = {}): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  return (sel.matchExpressions ?? []).every((r) => requirementMatches(r, labels));
}
