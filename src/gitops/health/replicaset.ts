/** ReplicaSet health, as gitops-engine's health_replicaset.go. */
import { conditions, int, optInt } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

export function replicaSetHealth(obj: Record<string, unknown>): HealthStatus {
  if (int(obj, 'metadata', 'generation') > int(obj, 'status', 'observedGeneration')) {
    return health('Progressing', 'Waiting for rollout to finish: observed replica set generation less then desired generation');
  }
  const failure = conditions(obj).find((c) => c.type === 'ReplicaFailure');
  if (failure?.status === 'True') return health('Degraded', failure.message);
  const replicas = optInt(obj, 'spec', 'replicas');
  const available = int(obj, 'status', 'availableReplicas');
  if (replicas !== undefined && available < replicas) {
    return health('Progressing', `Waiting for rollout to finish: ${available} out of ${replicas} new replicas are available...`);
  }
  return health('Healthy');
}
