/** Building an Application's status in Argo CD's shape from a comparison and an operation. Pure. */
import type { KObject } from '../../apiserver/types.ts';
import type { OperationState } from '../sync/operation.ts';
import type { Comparison, Condition } from './compare.ts';

export function appStatus(app: KObject, cmp: Comparison, op: OperationState | undefined, history: unknown[] | undefined, now: string): Record<string, unknown> {
  const spec = app.spec as { source?: unknown; sources?: unknown[]; destination?: unknown };
  const previous = (app.status ?? {}) as { conditions?: Condition[] };
  const status: Record<string, unknown> = {
    sync: { status: cmp.syncStatus, ...(cmp.revision ? { revision: cmp.revision } : {}), comparedTo: { source: spec.source ?? spec.sources?.[0], destination: spec.destination } },
    health: { status: cmp.health },
    resources: cmp.resources,
    summary: {},
    reconciledAt: now,
    conditions: keepTransitionTimes(cmp.conditions, previous.conditions ?? [], now),
  };
  if (cmp.sourceType) status.sourceType = cmp.sourceType;
  if (op) status.operationState = op;
  if (history?.length) status.history = history;
  if (!(status.conditions as Condition[]).length) delete status.conditions;
  return status;
}

/** A condition that was already there keeps its lastTransitionTime, so unchanged conditions do not churn writes. */
function keepTransitionTimes(next: Condition[], prev: Condition[], now: string): Condition[] {
  return next.map((c) => ({ ...c, lastTransitionTime: prev.find((p) => p.type === c.type && p.message === c.message)?.lastTransitionTime ?? now }));
}

/** Argo CD's RevisionHistory entry, keeping the last `limit` (spec.revisionHistoryLimit, default 10). */
export function appendHistory(history: Array<Record<string, unknown>>, op: OperationState, limit = 10): Array<Record<string, unknown>> {
  const id = history.reduce((m, h) => Math.max(m, Number(h.id) || 0), -1) + 1;
  const entry = {
    id,
    revision: op.syncResult.revision,
    deployedAt: op.finishedAt,
    deployStartedAt: op.startedAt,
    ...(op.syncResult.source ? { source: op.syncResult.source } : {}),
    ...(op.operation.initiatedBy ? { initiatedBy: op.operation.initiatedBy } : {}),
  };
  return [...history, entry].slice(-limit);
}

/** Whether two statuses differ in anything but reconciledAt (skip writes that only bump the clock). */
export function sameStatus(a: unknown, b: unknown): boolean {
  const strip = (s: unknown) => JSON.stringify({ ...((s ?? {}) as object), reconciledAt: undefined });
  return strip(a) === strip(b);
}
