/**
 * Polling as Argo CD's `timeout.reconciliation` and `timeout.reconciliation.jitter`, per tenant (its argocd-cm)
 * but driven by the hub's one shared ticker: no timer per tenant. Pure: settings in, decisions out.
 */
import { parseDuration } from '../sync/retry.ts';

export interface PollSettings {
  /** How often an app is re-compared against Git; 0 turns polling off for the tenant. */
  reconciliationMs: number;
  /** Up to this much more, a fixed per-app offset (spreads the polls). */
  jitterMs: number;
  /** Values that could not be used (the default applies instead), in words naming the key. */
  errors: string[];
}

export const RECONCILIATION_KEY = 'timeout.reconciliation';
export const JITTER_KEY = 'timeout.reconciliation.jitter';

/** The tenant's settings from its argocd-cm data, falling back to the hub's defaults. */
export function pollSettings(data: Record<string, string> | undefined, defaults: { reconciliationMs: number; jitterMs: number }): PollSettings {
  const errors: string[] = [];
  const read = (key: string, fallback: number) => {
    const v = data?.[key]?.trim();
    if (!v) return fallback;
    try {
      const ms = parseDuration(v);
      if (ms < 0) throw new Error('negative');
      return ms;
    } catch {
      errors.push(`argocd-cm ${key}: invalid duration "${v}", using the default ${fallback / 1000}s`);
      return fallback;
    }
  };
  return { reconciliationMs: read(RECONCILIATION_KEY, defaults.reconciliationMs), jitterMs: read(JITTER_KEY, defaults.jitterMs), errors };
}

/** Whether an app last reconciled at `reconciledAt` (epoch ms) is due for its poll at `now`. */
export function pollDue(now: number, reconciledAt: number, appKey: string, s: Pick<PollSettings, 'reconciliationMs' | 'jitterMs'>): boolean {
  if (s.reconciliationMs <= 0) return false;
  return now - reconciledAt >= s.reconciliationMs + (hash(appKey) % (Math.floor(s.jitterMs) + 1));
}

/** How long the shared ticker sleeps: a quarter of the shortest period in use, between 1 s and 30 s. */
export function tickInterval(periodsMs: Iterable<number>): number {
  let min = Infinity;
  for (const p of periodsMs) if (p > 0 && p < min) min = p;
  return Math.min(30_000, Math.max(1_000, Number.isFinite(min) ? min / 4 : 30_000));
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}
