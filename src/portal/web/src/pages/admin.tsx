/** Admin: every tenant with its runtime health, usage and last activity (admin role only; the API enforces it). */
import { useMemo, useState } from 'react';
import { api } from '../api.ts';
import { Badge, Card, Empty, ErrorState, Loading, PageHeader, TextField, Time } from '../components.tsx';
import { useResource, useTitle } from '../hooks.ts';

export function AdminPage() {
  useTitle('Admin');
  const tenants = useResource(() => api.tenants(), [], 15_000);
  const [q, setQ] = useState('');
  const rows = useMemo(() => (tenants.data ?? []).filter((t) => !q || t.tenant.includes(q) || t.email.includes(q)), [tenants.data, q]);
  const healthy = tenants.data?.filter((t) => t.runtime?.phase === 'Active').length ?? 0;
  const failing = tenants.data?.filter((t) => t.runtime && t.runtime.phase === 'Degraded').length ?? 0;
  return (
    <>
      <PageHeader title="Admin" subtitle="All tenants of this Marina: runtime health, usage and last activity." />
      {tenants.loading ? <Loading /> : null}
      {tenants.error && !tenants.data ? <ErrorState error={tenants.error} retry={tenants.reload} /> : null}
      {tenants.data ? (
        <>
          <div className="counters counters-row">
            <div className="counter counter-muted">
              <span className="counter-label">Tenants</span>
              <span className="counter-value">{tenants.data.length}</span>
            </div>
            <div className="counter counter-ok">
              <span className="counter-label">Runtimes healthy</span>
              <span className="counter-value">{healthy}</span>
            </div>
            <div className={`counter counter-${failing ? 'bad' : 'muted'}`}>
              <span className="counter-label">Runtimes degraded</span>
              <span className="counter-value">{failing}</span>
            </div>
          </div>
          <Card title="Tenants" actions={<div className="search"><TextField label="Filter" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="tenant or email" /></div>}>
            {rows.length === 0 ? (
              <Empty title={q ? 'No tenant matches' : 'No tenants yet'} />
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Tenant</th>
                      <th scope="col">Runtime</th>
                      <th scope="col" className="num">Applications</th>
                      <th scope="col" className="num">Objects</th>
                      <th scope="col" className="num">Clusters</th>
                      <th scope="col">Signed up</th>
                      <th scope="col">Last activity</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((t) => (
                      <tr key={t.tenant}>
                        <th scope="row" data-label="Tenant">
                          {t.tenant}
                          <span className="muted small block">{t.email}</span>
                        </th>
                        <td data-label="Runtime">
                          {t.runtime ? (
                            <>
                              <Badge status={t.runtime.phase} /> <span className="muted small block">{t.runtime.health}</span>
                            </>
                          ) : (
                            <span className="muted">none</span>
                          )}
                        </td>
                        <td data-label="Applications" className="num">{t.usage.applications}</td>
                        <td data-label="Objects" className="num">{t.usage.objects}</td>
                        <td data-label="Clusters" className="num">{t.usage.clusters}</td>
                        <td data-label="Signed up"><Time iso={t.createdAt} /></td>
                        <td data-label="Last activity"><Time iso={t.lastActivity} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </>
      ) : null}
    </>
  );
}
