/**
 * Conditions as the API stores them: the pure core's conditions carry no timestamps, the CRDs require
 * `lastTransitionTime`, so it is stamped here and kept while a condition's status does not change.
 */
import type { Condition } from '../index.ts';

export interface StoredCondition extends Condition {
  lastTransitionTime: string;
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `next` with each condition's transition time taken from `previous` when its status is unchanged. */
export function stamp(next: Condition[], previous: Array<Partial<StoredCondition>> | undefined, at: string = now()): StoredCondition[] {
  return next.map((c) => {
    const p = (previous ?? []).find((x) => x.type === c.type);
    const time = p?.status === c.status && p.lastTransitionTime ? p.lastTransitionTime : at;
    return { ...c, lastTransitionTime: time };
  });
}

/** The XRD's conditions (Crossplane's `apiextensions/v1` definition and offered reconcilers). */
export const XRDConditions = {
  watchingComposite: (): Condition => ({ type: 'Established', status: 'True', reason: 'WatchingCompositeResource' }),
  terminatingComposite: (): Condition => ({ type: 'Established', status: 'False', reason: 'TerminatingCompositeResource' }),
  watchingClaim: (): Condition => ({ type: 'Offered', status: 'True', reason: 'WatchingClaim' }),
  terminatingClaim: (): Condition => ({ type: 'Offered', status: 'False', reason: 'TerminatingClaim' }),
  reconcileError: (message: string): Condition => ({ type: 'Synced', status: 'False', reason: 'ReconcileError', message }),
  reconcileSuccess: (): Condition => ({ type: 'Synced', status: 'True', reason: 'ReconcileSuccess' }),
};

/** Replaces conditions of the same type, keeping the others. */
export function mergeConditions<C extends { type: string }>(existing: C[] | undefined, add: C[]): C[] {
  return [...(existing ?? []).filter((c) => !add.some((a) => a.type === c.type)), ...add];
}
