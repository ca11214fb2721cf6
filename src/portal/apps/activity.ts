/**
 * Deployment activity from Applications, pure. A successful deployment is an entry of `status.history`
 * (Argo CD records a history entry for each successful sync, keeping `revisionHistoryLimit`, default 10);
 * a failed one is a `status.operationState` in phase Failed or Error (Argo CD keeps only the latest
 * operation, so older failures are not counted). Days are UTC dates of `deployedAt` / `finishedAt`.
 */
import type { KObject } from '../../apiserver/types.ts';
import type { Dashboard } from '../api/types.ts';

export const WINDOW_DAYS = 30;

export function utcDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

export interface Deployment {
  app: string;
  at: string;
  ok: boolean;
}

export function deploymentsOf(app: KObject): Deployment[] {
  const s = (app.status ?? {}) as { history?: Array<{ deployedAt?: string }>; operationState?: { phase?: string; finishedAt?: string } };
  const out: Deployment[] = (s.history ?? []).filter((h) => h.deployedAt).map((h) => ({ app: app.metadata.name!, at: h.deployedAt!, ok: true }));
  const op = s.operationState;
  if (op?.finishedAt && (op.phase === 'Failed' || op.phase === 'Error')) out.push({ app: app.metadata.name!, at: op.finishedAt, ok: false });
  return out;
}

export function activity(apps: KObject[], now: number): Pick<Dashboard, 'deployments' | 'mostActive'> {
  const days: Dashboard['deployments'] = [];
  for (let i = WINDOW_DAYS - 1; i >= 0; i--) days.push({ date: utcDay(now - i * 86_400_000), successful: 0, failed: 0 });
  const byDate = new Map(days.map((d) => [d.date, d]));
  const perApp = new Map<string, number>();
  for (const d of apps.flatMap(deploymentsOf)) {
    const t = Date.parse(d.at);
    const row = Number.isFinite(t) ? byDate.get(utcDay(t)) : undefined;
    if (!row) continue;
    if (d.ok) row.successful++;
    else row.failed++;
    perApp.set(d.app, (perApp.get(d.app) ?? 0) + 1);
  }
  const total = [...perApp.values()].reduce((a, b) => a + b, 0);
  const mostActive = [...perApp.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([name, n]) => ({ name, deployments: n, percent: total ? Math.round((1000 * n) / total) / 10 : 0 }));
  return { deployments: days, mostActive };
}

export function lastActivity(apps: KObject[]): string | undefined {
  return apps.flatMap(deploymentsOf).map((d) => d.at).sort().at(-1);
}
