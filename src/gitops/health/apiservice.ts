/** APIService health, as gitops-engine's health_apiservice.go: the Available condition decides. */
import { conditions } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

export function apiServiceHealth(obj: Record<string, unknown>): HealthStatus {
  const available = conditions(obj).find((c) => c.type === 'Available');
  if (!available) return health('Progressing', 'Waiting to be processed');
  return health(available.status === 'True' ? 'Healthy' : 'Progressing', `${available.reason}: ${available.message}`);
}
