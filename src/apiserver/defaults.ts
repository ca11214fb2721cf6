/**
 * Defaulting of built-in kinds: the values upstream's defaulters fill in, so stored objects (and what
 * GitOps diffs compare against) look as they would on a real cluster. One function per kind.
 */
import { randomInt } from 'node:crypto';
import type { KObject } from './types.ts';

type Obj = Record<string, any>;

const setDefault = (o: Obj, k: string, v: unknown) => {
  if (o[k] === undefined) o[k] = v;
};

function defaultContainer(c: Obj): void {
  const image = String(c.image ?? '');
  const tag = image.includes('@') ? 'digest' : image.slice(image.lastIndexOf('/') + 1).split(':')[1];
  setDefault(c, 'imagePullPolicy', tag === 'latest' || tag === undefined ? 'Always' : 'IfNotPresent');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  for (const p of c.ports ?? []) setDefault(p, 'protocol', 'TCP');
  for (const e of c.env ?? []) {
    if (e.valueFrom?.fieldRef) setDefault(e.valueFrom.fieldRef, 'apiVersion', 'v1');
  }
}

export function defaultPodSpec(s: Obj | undefined): void {
  if (!s) return;
  setDefault(s, 'restartPolicy', 'Always');
  setDefault(s, 'terminationGracePeriodSeconds', 30);
  setDefault(s, 'dnsPolicy', 'ClusterFirst');
  setDefault(s, 'securityContext', {});
  setDefault(s, 'schedulerName', 'default-scheduler');
  if (s.serviceAccountName && !s.serviceAccount) s.serviceAccount = s.serviceAccountName;
  for (const c of [...(s.containers ?? []), ...(s.initContainers ?? [])]) defaultContainer(c);
  for (const v of s.volumes ?? []) {
    for (const src of ['configMap', 'secret'] as const) if (v[src]) setDefault(v[src], 'defaultMode', 420);
    if (v.projected) setDefault(v.projected, 'defaultMode', 420);
  }
}

const template = (o: Obj) => {
  const t = o.spec?.template;
  if (t) {
    setDefault(t, 'metadata', {});
    defaultPodSpec(t.spec);
  }
};

function workload(o: Obj): void {
  if (!o.spec) return;
  setDefault(o.spec, 'replicas', 1);
  setDefault(o.spec, 'revisionHistoryLimit', 10);
  template(o);
}

const DEFAULTERS: Record<string, (o: Obj) => void> = {
  Pod: (o) => {
    defaultPodSpec(o.spec);
    setDefault(o.spec ?? {}, 'enableServiceLinks', true);
    setDefault(o.spec ?? {}, 'preemptionPolicy', 'PreemptLowerPriority');
    setDefault(o.spec ?? {}, 'priority', 0);
  },
  Deployment: (o) => {
    workload(o);
    if (!o.spec) return;
    setDefault(o.spec, 'progressDeadlineSeconds', 600);
    setDefault(o.spec, 'strategy', {});
    setDefault(o.spec.strategy, 'type', 'RollingUpdate');
    if (o.spec.strategy.type === 'RollingUpdate') {
      setDefault(o.spec.strategy, 'rollingUpdate', {});
      setDefault(o.spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
      setDefault(o.spec.strategy.rollingUpdate, 'maxSurge', '25%');
    }
  },
  ReplicaSet: (o) => {
    if (o.spec) setDefault(o.spec, 'replicas', 1);
    template(o);
  },
  StatefulSet: (o) => {
    workload(o);
    if (!o.spec) return;
    setDefault(o.spec, 'podManagementPolicy', 'OrderedReady');
    setDefault(o.spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    setDefault(o.spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
  },
  DaemonSet: (o) => {
    template(o);
    if (!o.spec) return;
    setDefault(o.spec, 'revisionHistoryLimit', 10);
    setDefault(o.spec, 'updateStrategy', { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  },
  Job: (o) => {
    if (!o.spec) return;
    setDefault(o.spec, 'parallelism', 1);
    setDefault(o.spec, 'completions', 1);
    setDefault(o.spec, 'backoffLimit', 6);
    setDefault(o.spec, 'completionMode', 'NonIndexed');
    setDefault(o.spec, 'suspend', false);
    setDefault(o.spec, 'podReplacementPolicy', 'TerminatingOrFailed');
    template(o);
    if (o.spec.template?.spec?.restartPolicy === 'Always') o.spec.template.spec.restartPolicy = 'Never';
  },
  CronJob: (o) => {
    if (!o.spec) return;
    setDefault(o.spec, 'concurrencyPolicy', 'Allow');
    setDefault(o.spec, 'suspend', false);
    setDefault(o.spec, 'successfulJobsHistoryLimit', 3);
    setDefault(o.spec, 'failedJobsHistoryLimit', 1);
    const jt = o.spec.jobTemplate;
    if (jt?.spec) {
      setDefault(jt, 'metadata', {});
      DEFAULTERS.Job!({ spec: jt.spec });
    }
  },
  Service: (o) => {
    const s = o.spec;
    if (!s) return;
    setDefault(s, 'type', 'ClusterIP');
    setDefault(s, 'sessionAffinity', 'None');
    if (s.type !== 'ExternalName') {
      if (s.clusterIP === undefined) s.clusterIP = `10.96.${randomInt(256)}.${1 + randomInt(254)}`;
      setDefault(s, 'clusterIPs', [s.clusterIP]);
      setDefault(s, 'ipFamilies', ['IPv4']);
      setDefault(s, 'ipFamilyPolicy', 'SingleStack');
      setDefault(s, 'internalTrafficPolicy', 'Cluster');
    }
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') setDefault(s, 'externalTrafficPolicy', 'Cluster');
    for (const p of s.ports ?? []) {
      setDefault(p, 'protocol', 'TCP');
      setDefault(p, 'targetPort', p.port);
    }
  },
  Secret: (o) => {
    // As the v1 → internal conversion: stringData is folded into data (its keys win) and never stored.
    if (o.stringData && typeof o.stringData === 'object') {
      const data: Obj = { ...(o.data ?? {}) };
      for (const [k, v] of Object.entries(o.stringData as Obj)) data[k] = Buffer.from(String(v ?? ''), 'utf8').toString('base64');
      if (Object.keys(data).length > 0) o.data = data;
    }
    delete o.stringData;
    setDefault(o, 'type', 'Opaque');
  },
  Namespace: (o) => {
    setDefault(o, 'spec', {});
    setDefault(o.spec, 'finalizers', ['kubernetes']);
    setDefault(o, 'status', {});
    setDefault(o.status, 'phase', 'Active');
  },
  PersistentVolumeClaim: (o) => {
    if (o.spec) setDefault(o.spec, 'volumeMode', 'Filesystem');
    setDefault(o, 'status', { phase: 'Pending' });
  },
  HorizontalPodAutoscaler: (o) => {
    if (o.spec) setDefault(o.spec, 'minReplicas', 1);
  },
  NetworkPolicy: (o) => {
    if (o.spec && !o.spec.policyTypes) o.spec.policyTypes = o.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
  },
};

/** Fills in built-in defaults in place (group-qualified kinds share names only where upstream does). */
export function applyBuiltinDefaults(group: string, obj: KObject): void {
  if (group === 'events.k8s.io' || group === 'core.marina.io') return;
  DEFAULTERS[obj.kind]?.(obj as Obj);
}
