/**
 * An Object's `Ready` condition from the observed object, as provider-kubernetes computes it for each
 * `spec.readiness.policy`. Pure. `undefined` means the policy leaves Ready to the reconciler
 * (SuccessfulCreate: Available once the object is up to date).
 */
import type { Condition } from '../index.ts';
import { Available, Unavailable } from './conditions.ts';

type Obj = Record<string, any>;

export const READINESS_POLICIES = ['SuccessfulCreate', 'DeriveFromObject', 'AllTrue', 'DeriveFromCelQuery'] as const;

export function objectReadiness(readiness: Obj | undefined, observed: Obj): Condition | undefined {
  const policy = readiness?.policy ?? 'SuccessfulCreate';
  const conditions: Obj[] = Array.isArray(observed?.status?.conditions) ? observed.status.conditions : [];
  switch (policy) {
    case 'SuccessfulCreate':
      return undefined;
    case 'DeriveFromObject':
      return conditions.some((c) => c?.type === 'Ready' && c.status === 'True') ? Available() : Unavailable();
    case 'AllTrue':
      return conditions.length > 0 && conditions.every((c) => c?.status === 'True') ? Available() : Unavailable();
    case 'DeriveFromCelQuery':
      return Unavailable('spec.readiness.policy: DeriveFromCelQuery is not supported by Marina yet: use SuccessfulCreate, DeriveFromObject or AllTrue');
    default:
      return Unavailable(`unknown readiness policy "${policy}"`);
  }
}
