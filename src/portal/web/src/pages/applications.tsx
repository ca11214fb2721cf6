/** Applications: every Application with its sync and health, refreshed live while the page is visible. */
import { api } from '../api.ts';
import { Badge, destinationText, ListState, Empty, PageHeader, Time } from '../components.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function ApplicationsPage() {
  useTitle('Applications');
  const apps = useResource(() => api.applications(), [], 3000);
  return (
    <>
      <PageHeader
        title="Applications"
        subtitle="What Marina deploys from Git, and whether the cluster matches it."
        actions={
          <Link to="/applications/new" className="btn btn-primary">
            New application
          </Link>
        }
      />
      <ListState loading={apps.loading} error={apps.error} hasData={!!apps.data} retry={apps.reload} what="Applications" />
      {apps.data && apps.data.length === 0 ? (
        <Empty title="No applications yet" action={<Link to="/applications/new" className="btn btn-primary">Create your first application</Link>}>
          An Application deploys a folder of a Git repository to a cluster and keeps them in sync.
        </Empty>
      ) : null}
      {apps.data && apps.data.length > 0 ? (
        <div className="card">
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Sync</th>
                  <th scope="col">Health</th>
                  <th scope="col">Source</th>
                  <th scope="col">Destination</th>
                  <th scope="col">Last sync</th>
                </tr>
              </thead>
              <tbody>
                {apps.data.map((a) => (
                  <tr key={a.name} data-testid="app-row" data-app={a.name}>
                    <th scope="row" data-label="Name">
                      <Link to={`/applications/${encodeURIComponent(a.name)}`}>{a.name}</Link>
                      <span className="muted small block">{a.project}</span>
                    </th>
                    <td data-label="Sync">
                      <Badge status={a.syncStatus} />
                      {a.operationPhase === 'Running' ? <span className="muted small block">syncing…</span> : null}
                    </td>
                    <td data-label="Health">
                      <Badge status={a.healthStatus} />
                    </td>
                    <td data-label="Source" className="wrap">
                      <span className="mono small">{a.repoURL}</span>
                      <span className="muted small block">
                        {a.path || '.'} @ {a.targetRevision || 'HEAD'}
                      </span>
                    </td>
                    <td data-label="Destination">
                      {destinationText(a.destination)}
                    </td>
                    <td data-label="Last sync">
                      <Time iso={a.lastSyncedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </>
  );
}
