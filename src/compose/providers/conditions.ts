/** crossplane-runtime's managed-resource conditions: `Synced` and `Ready`, stable reasons, no timestamps. */
import type { Condition } from '../index.ts';

export const ReconcileSuccess = (): Condition => ({ type: 'Synced', status: 'True', reason: 'ReconcileSuccess' });
export const ReconcileError = (message: string): Condition => ({ type: 'Synced', status: 'False', reason: 'ReconcileError', message });
export const ReconcilePaused = (): Condition => ({ type: 'Synced', status: 'False', reason: 'ReconcilePaused' });
export const Available = (): Condition => ({ type: 'Ready', status: 'True', reason: 'Available' });
export const Creating = (): Condition => ({ type: 'Ready', status: 'False', reason: 'Creating' });
export const Deleting = (): Condition => ({ type: 'Ready', status: 'False', reason: 'Deleting' });
export const Unavailable = (message?: string): Condition => ({ type: 'Ready', status: 'False', reason: 'Unavailable', ...(message ? { message } : {}) });

/** crossplane-runtime's wrappers for a failed step of the managed reconciler. */
export const Steps = {
  connect: 'connect failed',
  observe: 'observe failed',
  create: 'create failed',
  update: 'update failed',
  delete: 'delete failed',
} as const;

export const wrap = (step: keyof typeof Steps, err: unknown): string => `${Steps[step]}: ${err instanceof Error ? err.message : String(err)}`;
