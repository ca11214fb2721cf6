/** Runtimes: the list view of the source document, the runtime's components, and the kubeconfig download. */
import { useState } from 'react';
import { api } from '../api.ts';
import { Badge, Button, Card, Empty, ErrorState, FormError, Loading, PageHeader, Time } from '../components.tsx';
import { useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { useRuntime } from '../runtime.ts';
import { RuntimeBanner } from './install.tsx';

export function RuntimesPage() {
  useTitle('Runtimes');
  const { runtime, error, reload, set } = useRuntime();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();

  const uninstall = async () => {
    if (!confirm('Uninstall the hosted runtime? Its virtual cluster and everything deployed to it are deleted.')) return;
    setBusy(true);
    setActionError(undefined);
    try {
      set(await api.uninstallRuntime());
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Runtimes"
        subtitle="Where your Applications are reconciled."
        actions={
          runtime ? (
            <a className="btn btn-secondary" href={api.kubeconfigUrl} download={`${runtime.cluster}.kubeconfig`}>
              Download kubeconfig
            </a>
          ) : null
        }
      />
      {runtime === undefined && !error ? <Loading /> : null}
      {error && runtime === undefined ? <ErrorState error={error} retry={reload} /> : null}
      {runtime === null ? (
        <Empty title="No runtime yet" action={<Link to="/install" className="btn btn-primary">Install a hosted runtime</Link>}>
          Install a hosted runtime in one click to start deploying from Git.
        </Empty>
      ) : null}
      {runtime ? (
        <>
          {runtime.phase !== 'Active' ? <RuntimeBanner runtime={runtime} /> : null}
          <Card title="List view">
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Type</th>
                    <th scope="col">Cluster / Namespace</th>
                    <th scope="col">Modules</th>
                    <th scope="col">Managed clusters</th>
                    <th scope="col">Version</th>
                    <th scope="col">Status</th>
                    <th scope="col">Last updated</th>
                  </tr>
                </thead>
                <tbody>
                  <tr data-testid="runtime-row">
                    <th scope="row" data-label="Name">{runtime.name}</th>
                    <td data-label="Type">
                      {runtime.type} {runtime.type === 'Hosted' ? <span className="tag">Beta</span> : null}
                    </td>
                    <td data-label="Cluster / Namespace">
                      {runtime.cluster} / {runtime.namespace}
                    </td>
                    <td data-label="Modules">{runtime.modules.length ? runtime.modules.join(', ') : '—'}</td>
                    <td data-label="Managed clusters">{runtime.managedClusters}</td>
                    <td data-label="Version">
                      {runtime.version} {runtime.updateAvailable ? <span className="tag tag-warn">Update available</span> : null}
                    </td>
                    <td data-label="Status">
                      <Badge status={runtime.phase} />
                    </td>
                    <td data-label="Last updated">
                      <Time iso={runtime.lastUpdated} />
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
          </Card>
          <Card title="Runtime components">
            {runtime.components.length === 0 ? (
              <p className="muted">No components reported yet.</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Sync status</th>
                      <th scope="col">Health</th>
                      <th scope="col">Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {runtime.components.map((c) => (
                      <tr key={`${c.kind}/${c.name}`}>
                        <th scope="row" data-label="Name">{c.name}</th>
                        <td data-label="Kind">{c.kind}</td>
                        <td data-label="Sync status">
                          <Badge status={c.syncStatus} />
                        </td>
                        <td data-label="Health">
                          <Badge status={c.healthStatus} />
                        </td>
                        <td data-label="Message" className="wrap">{c.message || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
          {runtime.conditions.length ? (
            <Card title="Conditions">
              <ul className="conditions">
                {runtime.conditions.map((c) => (
                  <li key={c.type}>
                    <Badge status={c.status} label={c.type} /> {c.reason ? <code>{c.reason}</code> : null} {c.message}
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          <Card title="Danger zone" className="card-danger">
            <p>Uninstalling removes the runtime's claim from the hub repository; Marina then deletes its virtual cluster.</p>
            <FormError error={actionError} />
            <Button variant="danger" onClick={uninstall} busy={busy} disabled={runtime.phase === 'Deleting'}>
              Uninstall runtime
            </Button>
          </Card>
        </>
      ) : null}
    </>
  );
}
