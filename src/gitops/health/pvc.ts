/** PersistentVolumeClaim health, as gitops-engine's health_pvc.go. */
import { str } from './fields.ts';
import { health, type HealthStatus, type HealthStatusCode } from './types.ts';

const BY_PHASE: Record<string, HealthStatusCode> = { Lost: 'Degraded', Pending: 'Progressing', Bound: 'Healthy' };

export function pvcHealth(obj: Record<string, unknown>): HealthStatus {
  return health(BY_PHASE[str(obj, 'status', 'phase')] ?? 'Unknown');
}
