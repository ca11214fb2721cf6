/** Deployment health, as gitops-engine's health_deployment.go (borrowed from `kubectl rollout status`). */
import { conditions, int, optInt, str, field } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

export function deploymentHealth(obj: Record<string, unknown>): HealthStatus {
  if (field(obj, 'spec', 'paused') === true) return health('Suspended', 'Deployment is paused');
  // Until the controller has seen the latest spec, the status fields describe an older rollout.
  if (int(obj, 'metadata', 'generation') > int(obj, 'status', 'observedGeneration')) {
    return health('Progressing', 'Waiting for rollout to finish: observed deployment generation less then desired generation');
  }
  const progressing = conditions(obj).find((c) => c.type === 'Progressing');
  const replicas = optInt(obj, 'spec', 'replicas');
  const updated = int(obj, 'status', 'updatedReplicas');
  const total = int(obj, 'status', 'replicas');
  const available = int(obj, 'status', 'availableReplicas');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return health('Degraded', `Deployment "${str(obj, 'metadata', 'name')}" exceeded its progress deadline`);
  }
  if (replicas !== undefined && updated < replicas) {
    return health('Progressing', `Waiting for rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`);
  }
  if (total > updated) {
    return health('Progressing', `Waiting for rollout to finish: ${total - updated} old replicas are pending termination...`);
  }
  if (available < updated) {
    return health('Progressing', `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`);
  }
  return health('Healthy');
}
