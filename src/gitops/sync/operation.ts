/**
 * A sync operation as a resumable state machine over `status.operationState`: each call advances through the
 * (phase, wave) steps as far as it can, and returns while a hook runs or a wave is still progressing; the next
 * event on a tracked resource (or the poll) calls it again. The state lives in the Application, so a restart
 * resumes where it stopped.
 */
import { isAlreadyExists, isNotFound } from '../../apiserver/errors.ts';
import { parseApiVersion, type KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';
import { assessHealth } from '../health/index.ts';
import { applyObject } from './apply.ts';
import { hookResult } from './hooks.ts';
import { prunePropagation, unsupportedMessage, unsupportedOptions } from './options.ts';
import { planTasks, steps, SYNC_OPTIONS_ANNOTATION, syncOptions, type Task } from './plan.ts';

export interface ResourceResult {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status: 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped';
  message: string;
  syncPhase: string;
  hookType?: string;
  hookPhase?: string;
}

export interface OperationState {
  operation: Record<string, unknown>;
  phase: 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating';
  message: string;
  startedAt: string;
  finishedAt?: string;
  /** Argo CD's retry counter: attempts made after the first failure (spec.syncPolicy.retry / operation.retry). */
  retryCount?: number;
  syncResult: { revision: string; source?: unknown; revisions?: string[]; sources?: unknown[]; resources: ResourceResult[] };
}

export interface SyncInput {
  client: ClusterClient;
  state: OperationState;
  desired: KObject[];
  orphans: KObject[];
  /** spec.syncPolicy.syncOptions plus the operation's own. */
  options: Set<string>;
  prune: boolean;
  /** Resource keys (tracking.resourceKey) the comparison found Synced: skipped with ApplyOutOfSyncOnly=true. */
  synced?: Set<string>;
  destinationNamespace?: string;
  now: () => string;
}

const ref = (o: KObject) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
const sameTask = (r: ResourceResult, t: Task) => {
  const { group } = parseApiVersion(t.obj.apiVersion);
  return r.group === group && r.kind === t.obj.kind && r.name === t.obj.metadata.name && r.namespace === (t.obj.metadata.namespace ?? '') && r.syncPhase === t.phase;
};

function result(t: Task | { obj: KObject; phase: string; hook: boolean }, status: ResourceResult['status'], message: string): ResourceResult {
  const { group, version } = parseApiVersion(t.obj.apiVersion);
  const r: ResourceResult = { group, version, kind: t.obj.kind, namespace: t.obj.metadata.namespace ?? '', name: t.obj.metadata.name!, status, message, syncPhase: t.phase };
  if (t.hook) Object.assign(r, { hookType: t.phase, hookPhase: 'Running' });
  return r;
}

/** Advances the operation; returns the new state (phase Running while waiting). */
export async function advanceSync(input: SyncInput): Promise<OperationState> {
  const state = structuredClone(input.state);
  const results = state.syncResult.resources;
  const outOfSyncOnly = input.options.has('ApplyOutOfSyncOnly=true');
  const tasks = planTasks(input.desired, input.orphans, {
    pruneLast: input.options.has('PruneLast=true'),
    // A task already applied in this operation stays in the plan, so a resumed wave finds its results.
    skip: outOfSyncOnly ? (o) => !!input.synced?.has(keyOf(o)) && !results.some((r) => r.name === o.metadata.name && r.kind === o.kind && r.namespace === (o.metadata.namespace ?? '')) : undefined,
  });
  const fail = async (message: string) => {
    for (const t of tasks.filter((x) => x.phase === 'SyncFail')) {
      if (results.some((r) => sameTask(r, t))) continue;
      const r = result(t, 'Synced', '');
      await runTask(input, t).then((m) => (r.message = m), (e) => Object.assign(r, { status: 'SyncFailed', message: (e as Error).message }));
      results.push(r);
    }
    return { ...state, phase: 'Failed' as const, message, finishedAt: input.now() };
  };
  const unsupported = unsupportedOptions(input.options);
  if (unsupported.length) return { ...state, phase: 'Failed', message: unsupportedMessage(unsupported), finishedAt: input.now() };
  try {
    if (input.options.has('CreateNamespace=true') && input.destinationNamespace && results.length === 0) await ensureNamespace(input.client, input.destinationNamespace);
    const all = steps(tasks.filter((t) => t.phase !== 'SyncFail'));
    for (let i = 0; i < all.length; i++) {
      const step = all[i]!;
      if (!step.some((t) => results.some((r) => sameTask(r, t)))) {
        for (const t of step) {
          if (t.prune) {
            results.push(await pruneTask(input, t));
            continue;
          }
          const r = result(t, 'Synced', '');
          try {
            r.message = await runTask(input, t);
          } catch (e) {
            Object.assign(r, { status: 'SyncFailed', message: (e as Error).message });
            if (r.hookPhase) r.hookPhase = 'Failed';
          }
          results.push(r);
        }
      }
      const mine = results.filter((r) => step.some((t) => sameTask(r, t)));
      const failed = mine.find((r) => r.status === 'SyncFailed');
      if (failed) return await fail(`one or more objects failed to apply, reason: ${failed.message}`);
      const waiting = await checkStep(input, step, mine, i === all.length - 1);
      if (waiting === 'failed') {
        const h = mine.find((r) => r.hookPhase === 'Failed');
        return await fail(`one or more synchronization tasks completed unsuccessfully${h ? `, reason: ${h.message}` : ''}`);
      }
      if (waiting) return { ...state, message: waiting };
    }
    return { ...state, phase: 'Succeeded', message: 'successfully synced (all tasks run)', finishedAt: input.now() };
  } catch (e) {
    return { ...state, phase: 'Error', message: (e as Error).message, finishedAt: input.now() };
  }
}

async function runTask(input: SyncInput, t: Task): Promise<string> {
  if (t.hook) {
    // Hooks are created, not applied: BeforeHookCreation replaces a previous run's object.
    const live = await input.client.get(ref(t.obj)).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (live && t.deletePolicies.includes('BeforeHookCreation')) await input.client.delete(ref(t.obj), { propagationPolicy: 'Background' });
    else if (live) return `${t.obj.kind.toLowerCase()}/${t.obj.metadata.name} unchanged`;
    await input.client.create(t.obj);
    return `${t.obj.kind.toLowerCase()}/${t.obj.metadata.name} created`;
  }
  const own = syncOptions(undefined, t.obj.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION]);
  const unsupported = unsupportedOptions(own);
  if (unsupported.length) throw new Error(unsupportedMessage(unsupported));
  const opts = new Set([...input.options, ...own]);
  const how = await applyObject(input.client, t.obj, { serverSide: opts.has('ServerSideApply=true'), replace: opts.has('Replace=true'), validate: !opts.has('Validate=false') });
  return `${t.obj.kind.toLowerCase()}/${t.obj.metadata.name} ${how}`;
}

/** Deletes an orphan, unless pruning is off for the operation or the resource (Prune=false). Never fails the step. */
async function pruneTask(input: SyncInput, t: Task): Promise<ResourceResult> {
  const r = result(t, 'Pruned', 'pruned');
  const own = syncOptions(undefined, t.obj.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION]);
  if (!input.prune || own.has('Prune=false')) return Object.assign(r, { status: 'PruneSkipped' as const, message: own.has('Prune=false') ? 'ignored (no prune)' : 'ignored (requires pruning)' });
  const propagationPolicy = prunePropagation(new Set([...input.options, ...own]));
  await input.client.delete(ref(t.obj), { propagationPolicy }).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  return r;
}

const keyOf = (o: KObject) => `${parseApiVersion(o.apiVersion).group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** '' when the step is done; a message while it waits; 'failed' when a hook failed. Applies hook delete policies. */
async function checkStep(input: SyncInput, step: Task[], mine: ResourceResult[], last: boolean): Promise<string> {
  let waiting = '';
  let failed = false;
  for (const t of step.filter((x) => !x.prune)) {
    const r = mine.find((x) => sameTask(x, t))!;
    const live = await input.client.get(ref(t.obj)).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
    if (t.hook) {
      if (r.hookPhase === 'Running') {
        const h = hookResult(live);
        r.hookPhase = h.phase;
        if (h.message) r.message = h.message;
        if ((h.phase === 'Succeeded' && t.deletePolicies.includes('HookSucceeded')) || (h.phase === 'Failed' && t.deletePolicies.includes('HookFailed'))) {
          await input.client.delete(ref(t.obj), { propagationPolicy: 'Background' }).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
        }
      }
      if (r.hookPhase === 'Failed') failed = true;
      if (r.hookPhase === 'Running') waiting ||= `waiting for completion of hook ${t.obj.kind}/${t.obj.metadata.name}`;
    } else if (!last && live && assessHealth(live)?.status === 'Progressing') {
      // As gitops-engine: the next wave starts once this one is healthy.
      waiting ||= `waiting for healthy state of ${t.obj.kind}/${t.obj.metadata.name}`;
    }
  }
  return failed ? 'failed' : waiting;
}

async function ensureNamespace(client: ClusterClient, name: string): Promise<void> {
  const ref = { apiVersion: 'v1', kind: 'Namespace', name };
  await client.get(ref).catch(async (e) => {
    if (!isNotFound(e)) throw e;
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as KObject).catch((err) => (isAlreadyExists(err) ? undefined : Promise.reject(err)));
  });
}
