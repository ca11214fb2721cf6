/** Clusters: connect a destination cluster from a kubeconfig, list with status, disconnect. */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { api, type ManagedCluster } from '../api.ts';
import { Badge, ListState, Button, Card, Empty, splitErrors, FormError, PageHeader, TextArea, TextField, Time } from '../components.tsx';
import { validateCluster } from '../validate.ts';
import { useResource, useTitle } from '../hooks.ts';

export function ClustersPage() {
  useTitle('Clusters');
  const list = useResource(() => api.clusters(), [], 10_000);
  const [name, setName] = useState('');
  const [kubeconfig, setKubeconfig] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ManagedCluster>();
  const [removing, setRemoving] = useState<string>();

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) setKubeconfig(await f.text());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setResult(undefined);
    const v = validateCluster(name, kubeconfig);
    setErrors(v);
    if (Object.keys(v).length) return;
    setBusy(true);
    try {
      const c = await api.connectCluster({ name, kubeconfig });
      setResult(c);
      if (c.status === 'Connected') {
        setName('');
        setKubeconfig('');
      }
      await list.reload();
    } catch (err) {
      const { fields, form } = splitErrors(err, ['name', 'kubeconfig']);
      setErrors(fields);
      setError(form);
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async (c: ManagedCluster) => {
    if (!confirm(`Disconnect the cluster ${c.name}? Applications deploying to it stop syncing.`)) return;
    setRemoving(c.name);
    try {
      await api.disconnectCluster(c.name);
      await list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setRemoving(undefined);
    }
  };

  return (
    <>
      <PageHeader title="Clusters" subtitle="Destination clusters your runtime deploys to. Your runtime's own cluster is always available as in-cluster." />
      <div className="grid-2">
        <Card title="Connect a Kubernetes cluster">
          <form onSubmit={submit} noValidate>
            <FormError error={error} />
            <TextField label="Name" required spellCheck={false} autoComplete="off" placeholder="production" value={name} onChange={(e) => setName(e.target.value.toLowerCase())} error={errors.name} hint="How Applications will refer to this cluster." />
            <TextArea
              label="Kubeconfig"
              required
              rows={8}
              spellCheck={false}
              className="mono"
              value={kubeconfig}
              onChange={(e) => setKubeconfig(e.target.value)}
              hint="Its current context is used. Marina keeps the credentials in your runtime only."
              error={errors.kubeconfig}
            />
            <div className="field">
              <label htmlFor="kubeconfig-file">…or choose a kubeconfig file</label>
              <input id="kubeconfig-file" type="file" onChange={onFile} />
            </div>
            <Button type="submit" busy={busy}>
              Connect
            </Button>
            {result ? (
              <p className={`result result-${result.status === 'Connected' ? 'ok' : 'bad'}`} role="status">
                <Badge status={result.status} /> {result.name}
                {result.message ? ` — ${result.message}` : ''}
              </p>
            ) : null}
          </form>
        </Card>
        <Card title="Managed clusters">
          <ListState loading={list.loading} error={list.error} hasData={!!list.data} retry={list.reload} what="Cluster connections" />
          {list.data && list.data.length === 0 ? <Empty title="No clusters yet">Install a runtime to get in-cluster, or connect a cluster of your own.</Empty> : null}
          {list.data && list.data.length > 0 ? (
            <ul className="rows">
              {list.data.map((c) => (
                <li key={c.name} className="row" data-testid="cluster">
                  <div className="row-main">
                    <strong>{c.name}</strong>
                    <span className="muted small mono">{c.server}</span>
                    <span className="muted small">
                      {c.serverVersion ? `Kubernetes ${c.serverVersion} · ` : ''}
                      {c.message ? `${c.message} · ` : ''}checked <Time iso={c.checkedAt} />
                    </span>
                  </div>
                  <Badge status={c.status} />
                  {c.name !== 'in-cluster' ? (
                    <Button variant="ghost" busy={removing === c.name} onClick={() => disconnect(c)} aria-label={`Disconnect ${c.name}`}>
                      Disconnect
                    </Button>
                  ) : (
                    <span className="muted small">built in</span>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      </div>
    </>
  );
}
