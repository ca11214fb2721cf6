/** Pure helpers for the dashboard's deployments chart (no DOM; unit-tested in test/portal/chart.test.ts). */

export interface Bucket {
  /** First day of the bucket, YYYY-MM-DD. */
  start: string;
  label: string;
  successful: number;
  failed: number;
}

export type Period = 'daily' | 'weekly' | 'monthly';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Monday of the ISO week `date` (YYYY-MM-DD) falls in. */
export function weekStart(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - dow);
  return d.toISOString().slice(0, 10);
}

function dayLabel(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1]}`;
}

/** Groups the per-day series (oldest first) into days, ISO weeks or calendar months, oldest first. */
export function bucketize(days: Array<{ date: string; successful: number; failed: number }>, period: Period): Bucket[] {
  const out = new Map<string, Bucket>();
  for (const d of days) {
    const start = period === 'daily' ? d.date : period === 'weekly' ? weekStart(d.date) : `${d.date.slice(0, 7)}-01`;
    let b = out.get(start);
    if (!b) {
      const label = period === 'monthly' ? `${MONTHS[Number(start.slice(5, 7)) - 1]} ${start.slice(0, 4)}` : period === 'weekly' ? `wk of ${dayLabel(start)}` : dayLabel(start);
      b = { start, label, successful: 0, failed: 0 };
      out.set(start, b);
    }
    b.successful += d.successful;
    b.failed += d.failed;
  }
  return [...out.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/** A "nice" axis maximum ≥ max (1, 2, 5 × 10^n), at least 1, and its tick values. */
export function niceScale(max: number, ticks = 4): { max: number; ticks: number[] } {
  if (max <= 0) return { max: 1, ticks: [0, 1] };
  const rough = max / ticks;
  const pow = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= rough)!;
  const stepInt = Math.max(1, Math.ceil(step));
  const top = Math.ceil(max / stepInt) * stepInt;
  const out: number[] = [];
  for (let v = 0; v <= top; v += stepInt) out.push(v);
  return { max: top, ticks: out };
}
