/** Label and selector rendering as apimachinery's labels.FormatLabels and LabelSelector.String. */
import { isObject } from '../types.ts';
import { arr, objs, rec, str } from './util.ts';

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const m = rec(labels);
  const keys = Object.keys(m).sort();
  return keys.length ? keys.map((k) => `${k}=${str(m[k])}`).join(',') : '<none>';
}

function requirement(key: string, op: string, values: string[]): string | undefined {
  const vs = [...values].sort().join(',');
  switch (op) {
    case 'Equals':
      return `${key}=${values[0] ?? ''}`;
    case 'In':
      return `${key} in (${vs})`;
    case 'NotIn':
      return `${key} notin (${vs})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
    default:
      return undefined;
  }
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key, '' for an empty or
 * absent selector, and undefined when the selector is invalid (an unknown operator).
 */
export function selectorString(selector: unknown): string | undefined {
  if (!isObject(selector)) return '';
  const reqs: [string, string][] = [];
  for (const [k, v] of Object.entries(rec(selector.matchLabels))) reqs.push([k, requirement(k, 'Equals', [str(v)])!]);
  for (const e of objs(selector.matchExpressions)) {
    const r = requirement(str(e.key), str(e.operator), arr(e.values).map((v) => str(v)));
    if (r === undefined) return undefined;
    reqs.push([str(e.key), r]);
  }
  return reqs
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((r) => r[1])
    .join(',');
}

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: unknown): string {
  const s = selectorString(selector);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}
