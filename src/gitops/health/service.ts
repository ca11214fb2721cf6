/** Service health, as gitops-engine's health_service.go: a LoadBalancer is ready once it has an ingress point. */
import { list, str } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

export function serviceHealth(obj: Record<string, unknown>): HealthStatus {
  if (str(obj, 'spec', 'type') !== 'LoadBalancer') return health('Healthy');
  return health(list(obj, 'status', 'loadBalancer', 'ingress').length > 0 ? 'Healthy' : 'Progressing');
}
