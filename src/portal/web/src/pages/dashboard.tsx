/** Dashboard: the panels of the source document — runtimes, managed clusters, deployments, most active apps. */
import { useEffect, useRef, useState } from 'react';
import { api, type Dashboard } from '../api.ts';
import { Card, ErrorState, Loading, PageHeader } from '../components.tsx';
import { bucketize, niceScale, type Bucket, type Period } from '../chart.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function DashboardPage() {
  useTitle('Dashboard');
  const dash = useResource(() => api.dashboard(), [], 10_000);
  return (
    <>
      <PageHeader title="Dashboard" subtitle="Your runtime, clusters and deployments over the last 30 days." />
      {dash.loading ? <Loading /> : null}
      {dash.error && !dash.data ? <ErrorState error={dash.error} retry={dash.reload} /> : null}
      {dash.data ? <Panels d={dash.data} /> : null}
    </>
  );
}

function Counter({ label, value, tone, testid }: { label: string; value: number; tone: 'ok' | 'bad' | 'muted'; testid: string }) {
  return (
    <div className={`counter counter-${tone}`}>
      <span className="counter-label">{label}</span>
      <span className="counter-value" data-testid={testid}>
        {value}
      </span>
    </div>
  );
}

function Panels({ d }: { d: Dashboard }) {
  const [period, setPeriod] = useState<Period>('daily');
  const [days, setDays] = useState(30);
  const series = d.deployments.slice(-days); // the API sends the last 30 days, oldest first
  const buckets = bucketize(series, period);
  const ok = series.reduce((n, x) => n + x.successful, 0);
  const failed = series.reduce((n, x) => n + x.failed, 0);
  return (
    <div className="dash">
      <Card title="Runtimes" actions={<Link to="/runtimes">View</Link>}>
        <div className="counters">
          <Counter label="Healthy" value={d.runtimes.healthy} tone="ok" testid="runtimes-healthy" />
          <Counter label="Error" value={d.runtimes.error} tone={d.runtimes.error ? 'bad' : 'muted'} testid="runtimes-error" />
        </div>
      </Card>
      <Card title="Managed clusters" actions={<Link to="/managed-clusters">View</Link>}>
        <div className="counters">
          <Counter label="Connected" value={d.clusters.connected} tone="ok" testid="clusters-connected" />
          <Counter label="Failed" value={d.clusters.failed} tone={d.clusters.failed ? 'bad' : 'muted'} testid="clusters-failed" />
          <Counter label="Unknown" value={d.clusters.unknown} tone="muted" testid="clusters-unknown" />
        </div>
      </Card>
      <Card
        title="Deployments"
        className="dash-wide"
        actions={
          <div className="chart-controls">
            <label className="inline-select">
              Time
              <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
                <option value={7}>Last 7 days</option>
                <option value={14}>Last 14 days</option>
                <option value={30}>Last 30 days</option>
              </select>
            </label>
            <div className="segmented" role="group" aria-label="Group deployments by">
              {(['daily', 'weekly', 'monthly'] as const).map((p) => (
                <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
                  {p[0]!.toUpperCase() + p.slice(1)}
                </button>
              ))}
            </div>
          </div>
        }
      >
        <div className="counters">
          <Counter label="Successful" value={ok} tone="ok" testid="deployments-successful" />
          <Counter label="Failed deployments / rollbacks" value={failed} tone={failed ? 'bad' : 'muted'} testid="deployments-failed" />
        </div>
        <BarChart buckets={buckets} />
      </Card>
      <Card title="Most active applications (last 30 days)" className="dash-wide" actions={<Link to="/applications">View</Link>}>
        {d.mostActive.length === 0 ? (
          <p className="muted">No deployments in the last 30 days yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="most-active">
              <thead>
                <tr>
                  <th scope="col">Application</th>
                  <th scope="col" className="num">Count</th>
                  <th scope="col">Percentage</th>
                </tr>
              </thead>
              <tbody>
                {d.mostActive.map((a) => (
                  <tr key={a.name}>
                    <th scope="row" data-label="Application">
                      <Link to={`/applications/${encodeURIComponent(a.name)}`}>{a.name}</Link>
                    </th>
                    <td data-label="Count" className="num">
                      {a.deployments}
                    </td>
                    <td data-label="Percentage">
                      <span className="meter" aria-hidden="true">
                        <span style={{ width: `${Math.min(100, a.percent)}%` }} />
                      </span>{' '}
                      {Math.round(a.percent)}%
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

const H = 220;
const PAD = { l: 36, r: 8, t: 10, b: 34 };

/** Stacked bars (successful, failed) drawn as SVG, with the same numbers as a table for screen readers. */
export function BarChart({ buckets }: { buckets: Bucket[] }) {
  // Drawn at the figure's real width so text and bars are never stretched.
  const ref = useRef<HTMLElement>(null);
  const [W, setW] = useState(720);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setW(Math.max(280, Math.round(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const max = Math.max(0, ...buckets.map((b) => b.successful + b.failed));
  const scale = niceScale(max);
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const slot = buckets.length ? iw / buckets.length : iw;
  const bw = Math.max(2, Math.min(40, slot * 0.7));
  const y = (v: number) => PAD.t + ih - (v / scale.max) * ih;
  const every = Math.ceil(buckets.length / Math.max(2, Math.floor(W / 90)));
  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Deployments: ${buckets.map((b) => `${b.label} ${b.successful} successful, ${b.failed} failed`).join('; ')}`}>
        {scale.ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.l - 6} y={y(t) + 4} textAnchor="end" className="axis">
              {t}
            </text>
          </g>
        ))}
        {buckets.map((b, i) => {
          const x = PAD.l + i * slot + (slot - bw) / 2;
          return (
            <g key={b.start}>
              <title>{`${b.label}: ${b.successful} successful, ${b.failed} failed`}</title>
              <rect x={x} y={y(b.successful)} width={bw} height={y(0) - y(b.successful)} className="bar-ok" rx="2" />
              <rect x={x} y={y(b.successful + b.failed)} width={bw} height={y(b.successful) - y(b.successful + b.failed)} className="bar-bad" rx="2" />
              {i % every === 0 ? (
                <text x={x + bw / 2} y={H - PAD.b + 16} textAnchor="middle" className="axis">
                  {b.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span>
          <i className="swatch swatch-ok" aria-hidden="true" /> Successful
        </span>
        <span>
          <i className="swatch swatch-bad" aria-hidden="true" /> Failed / rollbacks
        </span>
      </figcaption>
    </figure>
  );
}
