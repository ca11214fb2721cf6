/** Building an Application's status in Argo CD's shape from a comparison and an operation. Pure. */
import type { KObject } from '../../apiserver/types.ts';
import type { OperationState } from '../sync/operation.ts';
import type { Comparison, Condition } from './compare.ts';

export function appStatus(app: KObject, cmp: Comparison, op: OperationState | undefined, history: unknown[] | undefined, now: string): Record<string, unknown> {
  const spec = app.spec as { source?: unknown; sources?: unknown[]; destination?: unknown };
  const previous = (app.status ?? {}) as { conditions?: Condition[] };
  const status: Record<string, unknown> = {
    sync: { status: cmp.syncStatus, ...(cmp.revisions ? { revisions: cmp.revisions } : cmp.revision ? { revision: cmp.revision } : {}), comparedTo: comparedTo(spec) },
    health: { status: cmp.health },
    resources: cmp.resources,
    summary: {},
    reconciledAt: now,
    conditions: keepTransitionTimes(cmp.conditions, previous.conditions ?? [], now),
  };
  if (cmp.sourceType) status.sourceType = cmp.sourceType;
  if (cmp.sourceTypes) status.sourceTypes = cmp.sourceTypes;
  if (op) status.operationState = op;
  if (history?.length) status.history = history;
  if (!(status.conditions as Condition[]).length) delete status.conditions;
  return status;
}

/** What a comparison was made against, in Argo CD's ComparedTo shape: `sources` replaces `source` when set. */
export function comparedTo(spec: { source?: unknown; sources?: unknown[]; destination?: unknown }): Record<string, unknown> {
  return spec.sources?.length ? { sources: spec.sources, destination: spec.destination } : { source: spec.source, destination: spec.destination };
}

/** Argo CD's SyncOperationResult head: `revision`/`source`, or `revisions`/`sources` for an app with several sources. */
export function syncResultOf(spec: { source?: unknown; sources?: unknown[] }, cmp: { revision?: string; revisions?: string[] }): { revision: string; source?: unknown; revisions?: string[]; sources?: unknown[] } {
  if (spec.sources?.length) return { revision: '', revisions: cmp.revisions ?? [], sources: spec.sources };
  return { revision: cmp.revision ?? '', source: spec.source };
}

/** Whether an operation's result was at the comparison's commit(s). */
export const sameRevisions = (r: { revision?: string; revisions?: string[] } | undefined, cmp: { revision?: string; revisions?: string[] }) =>
  cmp.revisions ? JSON.stringify(r?.revisions) === JSON.stringify(cmp.revisions) : r?.revision === cmp.revision;

/** A condition that was already there keeps its lastTransitionTime, so unchanged conditions do not churn writes. */
function keepTransitionTimes(next: Condition[], prev: Condition[], now: string): Condition[] {
  return next.map((c) => ({ ...c, lastTransitionTime: prev.find((p) => p.type === c.type && p.message === c.message)?.lastTransitionTime ?? now }));
}

/** Argo CD's RevisionHistory entry, keeping the last `limit` (spec.revisionHistoryLimit, default 10). */
export function appendHistory(history: Array<Record<string, unknown>>, op: OperationState, limit = 10): Array<Record<string, unknown>> {
  const id = history.reduce((m, h) => Math.max(m, Number(h.id) || 0), -1) + 1;
  const entry = {
    id,
    ...(op.syncResult.revisions ? { revisions: op.syncResult.revisions } : { revision: op.syncResult.revision }),
    deployedAt: op.finishedAt,
    deployStartedAt: op.startedAt,
    ...(op.syncResult.source ? { source: op.syncResult.source } : {}),
    ...(op.syncResult.sources ? { sources: op.syncResult.sources } : {}),
    ...(op.operation.initiatedBy ? { initiatedBy: op.operation.initiatedBy } : {}),
  };
  return [...history, entry].slice(-limit);
}

/** Whether two statuses differ in anything but reconciledAt (skip writes that only bump the clock). */
export function sameStatus(a: unknown, b: unknown): boolean {
  const strip = (s: unknown) => JSON.stringify({ ...((s ?? {}) as object), reconciledAt: undefined });
  return strip(a) === strip(b);
}
