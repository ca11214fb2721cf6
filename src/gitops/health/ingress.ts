/** Ingress health, as gitops-engine's health_ingress.go: Healthy once a controller published an address. */
import { list } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

export function ingressHealth(obj: Record<string, unknown>): HealthStatus {
  return health(list(obj, 'status', 'loadBalancer', 'ingress').length > 0 ? 'Healthy' : 'Progressing');
}
