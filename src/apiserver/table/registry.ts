/**
 * Which printer renders which kind: one row per group/kind, as upstream's AddHandlers registers one
 * handler per type. Kinds not listed fall back to the CRD convertor's NAME AGE.
 */
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './printers/apps.ts';
import { cronJobPrinter, jobPrinter } from './printers/batch.ts';
import { configMapPrinter, eventPrinter, leasePrinter, namespacePrinter, pvcPrinter, resourceQuotaPrinter, secretPrinter, serviceAccountPrinter } from './printers/core.ts';
import { createdAtPrinter } from './printers/generic.ts';
import { endpointsPrinter, ingressPrinter, networkPolicyPrinter, servicePrinter } from './printers/network.ts';
import { podPrinter } from './printers/pod.ts';
import { hpaPrinter, pdbPrinter } from './printers/policy.ts';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './printers/rbac.ts';
import type { Printer } from './types.ts';

const RBAC = 'rbac.authorization.k8s.io';

/** Keyed `group/Kind`, the core group being ''. */
export const PRINTERS: Readonly<Record<string, Printer>> = {
  '/Pod': podPrinter,
  '/Service': servicePrinter,
  '/Endpoints': endpointsPrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/Namespace': namespacePrinter,
  '/Event': eventPrinter,
  '/PersistentVolumeClaim': pvcPrinter,
  '/ResourceQuota': resourceQuotaPrinter,
  // LimitRange has no printer upstream, so it gets the generic NAME, CREATED AT.
  '/LimitRange': createdAtPrinter,
  'apps/Deployment': deploymentPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'networking.k8s.io/NetworkPolicy': networkPolicyPrinter,
  'autoscaling/HorizontalPodAutoscaler': hpaPrinter,
  'policy/PodDisruptionBudget': pdbPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
  [`${RBAC}/Role`]: createdAtPrinter,
  [`${RBAC}/ClusterRole`]: createdAtPrinter,
  [`${RBAC}/RoleBinding`]: roleBindingPrinter,
  [`${RBAC}/ClusterRoleBinding`]: clusterRoleBindingPrinter,
  'apiextensions.k8s.io/CustomResourceDefinition': createdAtPrinter,
};

export const printerFor = (group: string, kind: string): Printer | undefined => PRINTERS[`${group}/${kind}`];
