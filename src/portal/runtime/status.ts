/**
 * A tenant's runtime status from what the hub really holds, pure: the claim file in the hub repository, the
 * HostedRuntime claim the hub synced from it, its composite, the composed resources and the logical cluster.
 * Progress follows the chain a claim goes through; each step is reached only when the state shows it.
 *
 *   claim committed 10 → claim seen 20 → composite 30 → virtual cluster ready 50 → runtime installed 75
 *   → quota and policies ready 90 → claim Ready 100 (Active)
 */
import type { KObject } from '../../apiserver/types.ts';
import type { RuntimeComponent, RuntimePhase, RuntimeStatus } from '../api/types.ts';

export interface RuntimeObservation {
  tenant: string;
  /** The claim file is in the hub repository (the tenant asked for a runtime). */
  claimInRepo: boolean;
  commit?: string;
  claim?: KObject;
  composite?: KObject;
  /** The composite's `spec.resourceRefs`, each with the object when it exists. */
  composed: Array<{ ref: { apiVersion: string; kind: string; name: string; namespace?: string }; object?: KObject }>;
  /** The tenant's LogicalCluster. */
  cluster?: KObject;
  /** Argo CD cluster secrets in the tenant's `argocd` namespace. */
  managedClusters: number;
  version: string;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

const conditions = (o?: KObject) => ((o?.status as { conditions?: Condition[] } | undefined)?.conditions ?? []) as Condition[];
const cond = (o: KObject | undefined, type: string) => conditions(o).find((c) => c.type === type);
const isTrue = (o: KObject | undefined, type: string) => cond(o, type)?.status === 'True';

/** The kind a composed resource stands for (a provider-kubernetes `Object` stands for its manifest's kind). */
export function componentKind(ref: { kind: string }, o?: KObject): string {
  if (ref.kind === 'Object') {
    const m = (o?.spec as { forProvider?: { manifest?: { kind?: string } } } | undefined)?.forProvider?.manifest;
    if (m?.kind) return m.kind;
  }
  return ref.kind;
}

export function component(c: RuntimeObservation['composed'][number]): RuntimeComponent {
  const kind = componentKind(c.ref, c.object);
  if (!c.object) return { name: c.ref.name, kind, syncStatus: 'NotReady', healthStatus: 'Missing', message: 'not created yet' };
  const ready = cond(c.object, 'Ready');
  const synced = cond(c.object, 'Synced');
  // A ProviderConfig has no status to be ready by (compositions give it `readinessChecks: [{type: None}]`).
  if (!ready && !synced && /ProviderConfig$/.test(kind)) return { name: c.ref.name, kind, syncStatus: 'Ready', healthStatus: 'Healthy' };
  let health: RuntimeComponent['healthStatus'] = 'Progressing';
  if (ready?.status === 'True') health = 'Healthy';
  else if (synced?.status === 'False' || (ready?.status === 'False' && !['Creating', 'Deleting', 'Unavailable'].includes(ready.reason ?? ''))) health = 'Degraded';
  else if (!ready) health = 'Progressing';
  const message = (synced?.status === 'False' ? synced.message : undefined) ?? (ready?.status !== 'True' ? ready?.message : undefined);
  return { name: c.ref.name, kind, syncStatus: ready?.status === 'True' ? 'Ready' : 'NotReady', healthStatus: health, ...(message ? { message } : {}) };
}

const STEPS = {
  committed: [10, 'Waiting for the hub to sync the claim from Git…'],
  seen: [20, 'Composing the runtime…'],
  composite: [30, 'Creating the virtual cluster…'],
  cluster: [50, 'Installing the GitOps runtime…'],
  runtime: [75, 'Configuring the environment…'],
  configured: [90, 'Finishing…'],
  ready: [100, 'Ready'],
} as const;

/** undefined when the tenant has no runtime at all (neither in Git nor in the hub). */
export function runtimeStatus(o: RuntimeObservation): RuntimeStatus | undefined {
  if (!o.claimInRepo && !o.claim) return undefined;
  const components = o.composed.map(component);
  const byKind = (k: string) => components.filter((c) => c.kind === k);
  const allHealthy = (cs: RuntimeComponent[]) => cs.length > 0 && cs.every((c) => c.healthStatus === 'Healthy');
  const vc = byKind('VirtualCluster');
  const rt = byKind('GitOpsRuntime');
  const rest = components.filter((c) => c.kind !== 'VirtualCluster' && c.kind !== 'GitOpsRuntime');
  const clusterReady = allHealthy(vc) && (o.cluster?.status as { phase?: string } | undefined)?.phase === 'Ready';

  let step: readonly [number, string] = STEPS.committed;
  if (o.claim) step = STEPS.seen;
  if (o.claim && o.composite) step = STEPS.composite;
  if (step === STEPS.composite && clusterReady) step = STEPS.cluster;
  if (step === STEPS.cluster && allHealthy(rt)) step = STEPS.runtime;
  if (step === STEPS.runtime && rest.every((c) => c.healthStatus === 'Healthy')) step = STEPS.configured;
  if (step === STEPS.configured && isTrue(o.claim, 'Ready')) step = STEPS.ready;

  const deleting = Boolean(o.claim && (!o.claimInRepo || o.claim.metadata.deletionTimestamp));
  const degraded = !deleting && (cond(o.claim, 'Synced')?.status === 'False' || cond(o.composite, 'Synced')?.status === 'False' || components.some((c) => c.healthStatus === 'Degraded'));
  let phase: RuntimePhase = step === STEPS.ready ? 'Active' : 'Installing';
  if (degraded) phase = 'Degraded';
  if (deleting) phase = 'Deleting';
  const gone = components.filter((c) => c.healthStatus === 'Missing').length;
  const progress = deleting ? Math.round((100 * gone) / Math.max(1, components.length)) : step[0];
  const stepText = deleting ? 'Deleting the runtime…' : degraded ? `Degraded: ${firstProblem(o, components)}` : step[1];

  const times = [o.claim, o.composite, ...o.composed.map((c) => c.object)]
    .flatMap((x) => [x?.metadata.creationTimestamp, ...conditions(x).map((c) => c.lastTransitionTime)])
    .filter((t): t is string => Boolean(t))
    .sort();
  return {
    name: o.tenant,
    type: 'Hosted',
    phase,
    progress,
    step: stepText,
    cluster: o.tenant,
    namespace: 'argocd',
    ...(o.commit ? { commit: o.commit } : {}),
    version: o.version,
    updateAvailable: false,
    modules: ['gitops'],
    managedClusters: o.managedClusters,
    lastUpdated: times.at(-1) ?? '',
    components,
    conditions: conditions(o.claim).map((c) => ({ type: c.type, status: c.status, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) })),
  };
}

function firstProblem(o: RuntimeObservation, components: RuntimeComponent[]): string {
  for (const x of [o.claim, o.composite]) {
    const s = cond(x, 'Synced');
    if (s?.status === 'False') return s.message ?? s.reason ?? 'not synced';
  }
  const c = components.find((x) => x.healthStatus === 'Degraded');
  return c ? `${c.kind} ${c.name}: ${c.message ?? 'not ready'}` : 'not ready';
}
