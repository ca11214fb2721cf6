/**
 * Ordering a sync as gitops-engine's syncTasks: by phase (PreSync, Sync, PostSync), then sync wave, then kind
 * (Namespaces and CRDs first, as kubectl-style kind order), then name. Hooks run in their phase; SyncFail hooks
 * only when the sync fails. Prune tasks run in the Sync phase in their own wave, with the waves of pruned
 * resources mirrored (created last, deleted first) and before the applies of the same wave; with PruneLast
 * (app option or resource annotation) in one wave after the last Sync wave. Pure.
 */
import type { KObject } from '../../apiserver/types.ts';

export const HOOK_ANNOTATION = 'argocd.argoproj.io/hook';
export const HOOK_DELETE_POLICY = 'argocd.argoproj.io/hook-delete-policy';
export const WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

export type SyncPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';
export const PHASES: SyncPhase[] = ['PreSync', 'Sync', 'PostSync'];

/** gitops-engine's kindOrder: dependencies before dependents. */
const KIND_ORDER = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret',
  'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole',
  'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service',
  'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob',
  'IngressClass', 'Ingress', 'APIService',
];
const kindRank = (k: string) => {
  const i = KIND_ORDER.indexOf(k);
  return i < 0 ? KIND_ORDER.length : i;
};

export interface Task {
  obj: KObject;
  phase: SyncPhase;
  wave: number;
  hook: boolean;
  deletePolicies: string[];
  /** A live resource no longer in Git, to delete. */
  prune?: boolean;
}

export interface PlanOptions {
  /** PruneLast=true at app level. */
  pruneLast?: boolean;
  /** ApplyOutOfSyncOnly=true: leave out non-hook resources for which this says they are already synced. */
  skip?: (o: KObject) => boolean;
}

/** Hook phases named by the annotation (a resource may be several hooks); `Skip` leaves it out entirely. */
export function hookPhases(o: KObject): SyncPhase[] | 'Skip' | undefined {
  const v = o.metadata.annotations?.[HOOK_ANNOTATION];
  if (!v) return helmHookPhases(o);
  const names = v.split(',').map((s) => s.trim());
  if (names.includes('Skip')) return 'Skip';
  return names.filter((n): n is SyncPhase => ['PreSync', 'Sync', 'PostSync', 'SyncFail'].includes(n));
}

export const HELM_HOOK = 'helm.sh/hook';
const HELM_HOOK_PHASES: Record<string, SyncPhase> = { 'pre-install': 'PreSync', 'pre-upgrade': 'PreSync', 'post-install': 'PostSync', 'post-upgrade': 'PostSync' };

/**
 * Argo CD's reading of Helm hook annotations (gitops-engine sync/hook/helm): pre-install/pre-upgrade run as
 * PreSync, post-install/post-upgrade as PostSync; `crd-install` is not a hook; any other Helm hook (test,
 * pre-delete, rollback...) is a hook with no phase Argo CD runs, so it is skipped.
 */
function helmHookPhases(o: KObject): SyncPhase[] | 'Skip' | undefined {
  const v = o.metadata.annotations?.[HELM_HOOK];
  if (v === undefined || v === 'crd-install') return undefined;
  const phases = [...new Set(v.split(',').map((s) => HELM_HOOK_PHASES[s.trim()]).filter((p): p is SyncPhase => !!p))];
  return phases.length ? phases : 'Skip';
}

/** The sync wave: Argo CD's annotation, else Helm's `helm.sh/hook-weight`, else 0. */
export const waveOf = (o: KObject) => {
  for (const a of [WAVE_ANNOTATION, 'helm.sh/hook-weight']) {
    const text = o.metadata.annotations?.[a];
    if (text !== undefined && /^[+-]?\d+$/.test(text.trim())) return Number.parseInt(text, 10);
  }
  return 0;
};

const HELM_DELETE_POLICIES: Record<string, string> = { 'before-hook-creation': 'BeforeHookCreation', 'hook-succeeded': 'HookSucceeded', 'hook-failed': 'HookFailed' };

export function deletePoliciesOf(o: KObject): string[] {
  const v = o.metadata.annotations?.[HOOK_DELETE_POLICY];
  if (v) return v.split(',').map((s) => s.trim());
  // Helm's policies when the hook has no Argo CD one.
  const helm = (o.metadata.annotations?.['helm.sh/hook-delete-policy'] ?? '').split(',').map((s) => HELM_DELETE_POLICIES[s.trim()]).filter((p): p is string => !!p);
  // Argo CD: a hook without a policy is replaced before it is created again.
  return helm.length ? helm : ['BeforeHookCreation'];
}

/** Every task of a sync, sorted; SyncFail hooks come last and run only on failure. */
export function planTasks(desired: KObject[], orphans: KObject[] = [], opts: PlanOptions = {}): Task[] {
  const tasks: Task[] = [];
  for (const obj of desired) {
    const hooks = hookPhases(obj);
    if (hooks === 'Skip') continue;
    if (!hooks || hooks.length === 0) {
      if (!opts.skip?.(obj)) tasks.push({ obj, phase: 'Sync', wave: waveOf(obj), hook: false, deletePolicies: [] });
    } else for (const phase of hooks) tasks.push({ obj, phase, wave: waveOf(obj), hook: true, deletePolicies: deletePoliciesOf(obj) });
  }
  tasks.push(...pruneTasks(orphans, tasks, opts.pruneLast ?? false));
  const phaseRank = (p: SyncPhase) => (p === 'SyncFail' ? 3 : PHASES.indexOf(p));
  return tasks.sort(
    (a, b) =>
      phaseRank(a.phase) - phaseRank(b.phase) || a.wave - b.wave || Number(!a.prune) - Number(!b.prune) ||
      kindRank(a.obj.kind) - kindRank(b.obj.kind) || (a.obj.metadata.name ?? '').localeCompare(b.obj.metadata.name ?? ''),
  );
}

/** gitops-engine's prune waves: mirrored (symmetric swap of the distinct waves), PruneLast after the last Sync wave. */
function pruneTasks(orphans: KObject[], others: Task[], pruneLast: boolean): Task[] {
  const waves = [...new Set(orphans.map(waveOf))].sort((a, b) => a - b);
  const mirrored = new Map(waves.map((w, i) => [w, waves[waves.length - 1 - i]!]));
  const lastSyncWave = Math.max(0, ...others.filter((t) => t.phase === 'Sync').map((t) => t.wave)) + 1;
  return orphans.map((obj) => {
    const last = pruneLast || syncOptions(undefined, obj.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION]).has('PruneLast=true');
    return { obj, phase: 'Sync' as const, wave: last ? lastSyncWave : mirrored.get(waveOf(obj))!, hook: false, deletePolicies: [], prune: true };
  });
}

/** Groups of tasks that run together: one (phase, wave), in order. */
export function steps(tasks: Task[]): Task[][] {
  const out: Task[][] = [];
  for (const t of tasks) {
    const last = out[out.length - 1];
    if (last && last[0]!.phase === t.phase && last[0]!.wave === t.wave) last.push(t);
    else out.push([t]);
  }
  return out;
}

/** `syncOptions` of an app or a resource's `argocd.argoproj.io/sync-options` annotation, as a set of "Key=value". */
export function syncOptions(list: unknown, annotation?: string): Set<string> {
  const all = [...(Array.isArray(list) ? list.map(String) : []), ...(annotation ? annotation.split(',') : [])];
  return new Set(all.map((s) => s.trim()).filter(Boolean));
}
