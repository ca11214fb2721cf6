/** The built-in checks, one row per group/kind (gitops-engine's GetHealthCheckFunc). Extending = a row + a fixture. */
import { apiServiceHealth } from './apiservice.ts';
import { applicationHealth } from './application.ts';
import { daemonSetHealth } from './daemonset.ts';
import { deploymentHealth } from './deployment.ts';
import { hpaHealth } from './hpa.ts';
import { ingressHealth } from './ingress.ts';
import { jobHealth } from './job.ts';
import { podHealth } from './pod.ts';
import { pvcHealth } from './pvc.ts';
import { replicaSetHealth } from './replicaset.ts';
import { serviceHealth } from './service.ts';
import { statefulSetHealth } from './statefulset.ts';
import type { HealthCheck } from './types.ts';
import { workflowHealth } from './workflow.ts';

/** Keyed `group/Kind` (core group: `/Kind`). The old `extensions` group still serves a few clusters' workloads. */
const BUILTIN: Record<string, HealthCheck> = {
  'apps/Deployment': deploymentHealth,
  'extensions/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'extensions/DaemonSet': daemonSetHealth,
  'apps/ReplicaSet': replicaSetHealth,
  'extensions/ReplicaSet': replicaSetHealth,
  '/Pod': podHealth,
  '/Service': serviceHealth,
  '/PersistentVolumeClaim': pvcHealth,
  'networking.k8s.io/Ingress': ingressHealth,
  'extensions/Ingress': ingressHealth,
  'batch/Job': jobHealth,
  'autoscaling/HorizontalPodAutoscaler': hpaHealth,
  'apiregistration.k8s.io/APIService': apiServiceHealth,
  'argoproj.io/Application': applicationHealth,
  'argoproj.io/Workflow': workflowHealth,
};

export function builtinHealthCheck(group: string, kind: string): HealthCheck | undefined {
  return BUILTIN[`${group}/${kind}`];
}
