/** DaemonSet health, as gitops-engine's health_daemonset.go. */
import { int, str } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

export function daemonSetHealth(obj: Record<string, unknown>): HealthStatus {
  if (int(obj, 'metadata', 'generation') > int(obj, 'status', 'observedGeneration')) {
    return health('Progressing', 'Waiting for rollout to finish: observed daemon set generation less then desired generation');
  }
  const name = str(obj, 'metadata', 'name');
  const updated = int(obj, 'status', 'updatedNumberScheduled');
  const desired = int(obj, 'status', 'desiredNumberScheduled');
  const available = int(obj, 'status', 'numberAvailable');
  // OnDelete never replaces pods by itself, so waiting for them to update would wait forever.
  if (str(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    return health('Healthy', `daemon set ${updated} out of ${desired} new pods have been updated`);
  }
  if (updated < desired) {
    return health('Progressing', `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`);
  }
  if (available < desired) {
    return health('Progressing', `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`);
  }
  return health('Healthy');
}
