/**
 * The managed reconciler's decisions, pure (crossplane-runtime's `managed.Reconciler`, step by step). The
 * reconciler asks `gate` before it connects, and `act` once it has observed the external resource.
 */
import type { Condition } from '../index.ts';
import { ReconcileError, ReconcilePaused, ReconcileSuccess } from './conditions.ts';
import type { Policy } from './policy.ts';

export const ANNOTATION_PAUSED = 'crossplane.io/paused';
export const ANNOTATION_EXTERNAL_NAME = 'crossplane.io/external-name';
export const FINALIZER = 'finalizer.managedresource.crossplane.io';

export interface ManagedState {
  deleting: boolean;
  /** The `crossplane.io/paused` annotation is "true". */
  pausedAnnotation: boolean;
  policy: Policy;
}

/** Before connecting: stop here with `conditions` (and maybe release the finalizer), or go on. */
export type Gate = { next: 'stop'; conditions: Condition[] } | { next: 'release' } | { next: 'proceed' };

export function gate(s: ManagedState): Gate {
  // Paused by the annotation or by empty management policies: nothing at all happens, deletion included.
  if (s.pausedAnnotation || s.policy.paused) return { next: 'stop', conditions: [ReconcilePaused()] };
  if (s.policy.error) return { next: 'stop', conditions: [ReconcileError(s.policy.error)] };
  // Deleting with nothing to delete externally: no need to observe before letting go.
  if (s.deleting && !s.policy.delete) return { next: 'release' };
  return { next: 'proceed' };
}

export interface Observation {
  exists: boolean;
  upToDate: boolean;
}

export type Act =
  | { action: 'delete' }
  | { action: 'release' }
  | { action: 'create' }
  | { action: 'update' }
  | { action: 'none'; conditions: Condition[] };

/** After observing: what to do to the external resource. */
export function act(s: ManagedState, o: Observation): Act {
  if (!o.exists && s.policy.onlyObserve) return { action: 'none', conditions: [ReconcileError('observe failed: external resource does not exist')] };
  if (s.deleting) return o.exists && s.policy.delete ? { action: 'delete' } : { action: 'release' };
  if (!o.exists) return s.policy.create ? { action: 'create' } : { action: 'none', conditions: [ReconcileSuccess()] };
  if (o.upToDate || !s.policy.update) return { action: 'none', conditions: [ReconcileSuccess()] };
  return { action: 'update' };
}
