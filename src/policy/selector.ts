/** Kubernetes label selectors (matchLabels + matchExpressions), with Kyverno's wildcard values. */
import { containsWildcard, wildcardMatch } from './wildcard.ts';

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** True when `labels` satisfy the selector; an empty selector matches everything. */
export function matchesSelector(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const have = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    // Kyverno expands wildcard keys/values against the resource's labels before matching
    if (containsWildcard(k) || containsWildcard(v)) {
      if (!Object.entries(have).some(([hk, hv]) => wildcardMatch(k, hk) && wildcardMatch(v, hv))) return false;
    } else if (have[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(have, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!present || !values.includes(have[e.key])) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[e.key])) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
