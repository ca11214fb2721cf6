/** Conditions Marina sets on composites and claims: Crossplane's types and stable CamelCase reasons, no timestamps. */

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message?: string;
}

export const Reasons = {
  ReconcileSuccess: 'ReconcileSuccess',
  ReconcileError: 'ReconcileError',
  UnsupportedFunction: 'UnsupportedFunction',
  Available: 'Available',
  Creating: 'Creating',
} as const;

export const synced = (): Condition => ({ type: 'Synced', status: 'True', reason: Reasons.ReconcileSuccess });
export const syncError = (reason: string, message: string): Condition => ({ type: 'Synced', status: 'False', reason, message });
export const available = (): Condition => ({ type: 'Ready', status: 'True', reason: Reasons.Available });
export const creating = (message?: string): Condition => ({ type: 'Ready', status: 'False', reason: Reasons.Creating, ...(message ? { message } : {}) });

/** "a, b, c, and 2 more" — crossplane-runtime's StableNAndSomeMore with N = 3. */
export function someNames(names: string[], n = 3): string {
  const sorted = [...names].sort();
  if (sorted.length <= n) return sorted.join(', ');
  return `${sorted.slice(0, n).join(', ')}, and ${sorted.length - n} more`;
}

/** Sets conditions on a copy of `conditions`, replacing any of the same type. */
export function setConditions(conditions: Condition[] | undefined, ...add: Condition[]): Condition[] {
  const out = (conditions ?? []).filter((c) => !add.some((a) => a.type === c.type));
  return [...out, ...add];
}
