/** StatefulSet health, as gitops-engine's health_statefulset.go. */
import { field, int, optInt, str } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

export function statefulSetHealth(obj: Record<string, unknown>): HealthStatus {
  const observed = int(obj, 'status', 'observedGeneration');
  if (observed === 0 || int(obj, 'metadata', 'generation') > observed) {
    return health('Progressing', 'Waiting for statefulset spec update to be observed...');
  }
  const replicas = optInt(obj, 'spec', 'replicas');
  const ready = int(obj, 'status', 'readyReplicas');
  const updated = int(obj, 'status', 'updatedReplicas');
  if (replicas !== undefined && ready < replicas) {
    return health('Progressing', `Waiting for ${replicas - ready} pods to be ready...`);
  }
  const strategy = str(obj, 'spec', 'updateStrategy', 'type');
  const rollingUpdate = field(obj, 'spec', 'updateStrategy', 'rollingUpdate');
  if (strategy === 'RollingUpdate' && rollingUpdate !== undefined && rollingUpdate !== null) {
    const partition = optInt(rollingUpdate, 'partition');
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition) {
      return health(
        'Progressing',
        `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`,
      );
    }
    return health('Healthy', `partitioned roll out complete: ${updated} new pods have been updated...`);
  }
  if (strategy === 'OnDelete') return health('Healthy', `statefulset has ${ready} ready pods`);
  const updateRevision = str(obj, 'status', 'updateRevision');
  const currentRevision = str(obj, 'status', 'currentRevision');
  if (updateRevision !== currentRevision) {
    return health('Progressing', `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`);
  }
  return health('Healthy', `statefulset rolling update complete ${int(obj, 'status', 'currentReplicas')} pods at revision ${currentRevision}...`);
}
