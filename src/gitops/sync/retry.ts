/**
 * Argo CD's sync retry (`spec.syncPolicy.retry`, copied into `operation.retry`): a failed or errored operation
 * goes back to Running with `retryCount` + 1 until `limit` (negative: unlimited), the next attempt due
 * `duration * factor^(retryCount-1)` after the failure, capped at `maxDuration`. Defaults as Argo CD: 5s, ×2, 3m.
 * Pure: the controller schedules the due time on its delaying queue.
 */
import type { OperationState } from './operation.ts';

export interface RetryStrategy {
  limit?: number;
  backoff?: { duration?: string | number; factor?: number; maxDuration?: string | number };
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, or a bare number of seconds (Argo CD's parseStringToDuration). Throws on garbage. */
export function parseDuration(v: string | number): number {
  if (typeof v === 'number') return v * 1000;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let ms = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(v))) {
    ms += Number(m[1]) * UNITS[m[2]!]!;
    end = re.lastIndex;
  }
  if (end === 0 || end !== v.length) throw new Error(`time: invalid duration "${v}"`);
  return ms;
}

/** Delay before retry number `retryCount + 1` (retryCount attempts already retried). */
export function backoffMs(retry: RetryStrategy | undefined, retryCount: number): number {
  const b = retry?.backoff ?? {};
  const duration = b.duration !== undefined && b.duration !== '' ? parseDuration(b.duration) : 5000;
  const max = b.maxDuration !== undefined && b.maxDuration !== '' ? parseDuration(b.maxDuration) : 180_000;
  const factor = b.factor ?? 2;
  const wait = duration * Math.pow(factor, retryCount);
  return max > 0 ? Math.min(max, wait) : wait;
}

/** The state after an attempt finished Failed/Error: back to Running for a retry, or final with the count. */
export function afterFailure(state: OperationState, retry: RetryStrategy | undefined, now: Date): OperationState {
  const count = state.retryCount ?? 0;
  const limit = retry?.limit ?? 0;
  if (limit < 0 || count < limit) {
    let at: Date;
    try {
      at = new Date(now.getTime() + backoffMs(retry, count));
    } catch (e) {
      return { ...state, phase: 'Failed', message: `${state.message} (failed to retry: ${(e as Error).message})` };
    }
    return { ...state, phase: 'Running', retryCount: count + 1, message: `${state.message}. Retrying attempt #${count + 1} at ${kitchen(at)}.` };
  }
  return count > 0 ? { ...state, message: `${state.message} (retried ${count} times).` } : state;
}

/** When a state waiting for a retry may run again (Running with finishedAt set by the failed attempt), else undefined. */
export function retryDueAt(state: OperationState | undefined, retry: RetryStrategy | undefined): number | undefined {
  if (!state || state.phase !== 'Running' || !state.finishedAt || !state.retryCount) return undefined;
  return Date.parse(state.finishedAt) + backoffMs(retry, state.retryCount - 1);
}

/** Go's time.Kitchen ("3:04PM"), in UTC. */
export function kitchen(d: Date): string {
  const h = d.getUTCHours();
  return `${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')}${h < 12 ? 'AM' : 'PM'}`;
}
