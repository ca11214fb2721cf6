/** Argo Workflows' Workflow health, as gitops-engine's health_argo.go: only status.phase and status.message count. */
import { str } from './fields.ts';
import { health, type HealthStatus, type HealthStatusCode } from './types.ts';

const BY_PHASE: Record<string, HealthStatusCode> = {
  '': 'Progressing',
  Pending: 'Progressing',
  Running: 'Progressing',
  Succeeded: 'Healthy',
  Failed: 'Degraded',
  Error: 'Degraded',
};

export function workflowHealth(obj: Record<string, unknown>): HealthStatus {
  return health(BY_PHASE[str(obj, 'status', 'phase')] ?? 'Unknown', str(obj, 'status', 'message'));
}
