/** Install a hosted runtime in one click and watch it come up, pushed live by the server. */
import { useState } from 'react';
import { api, type RuntimeStatus } from '../api.ts';
import { Badge, Button, Card, ErrorState, FormError, Loading, PageHeader, ProgressBar } from '../components.tsx';
import { useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { useRuntime } from '../runtime.ts';

/** The install banner: progress with percent and step while installing, then the outcome. */
export function RuntimeBanner({ runtime }: { runtime: RuntimeStatus }) {
  if (runtime.phase === 'Active')
    return (
      <div className="banner banner-ok" role="status" aria-live="polite" data-testid="runtime-banner">
        <span className="banner-icon" aria-hidden="true">✓</span>
        <div>
          <strong>Hosted runtime active</strong>
          <p>Hosted runtime active and healthy</p>
        </div>
        <Link to="/runtimes" className="btn btn-light">
          View runtime
        </Link>
      </div>
    );
  if (runtime.phase === 'Degraded') {
    const bad = runtime.conditions.find((c) => c.status === 'False' || c.type === 'Degraded');
    return (
      <div className="banner banner-bad" role="alert" data-testid="runtime-banner">
        <span className="banner-icon" aria-hidden="true">!</span>
        <div>
          <strong>Your hosted runtime needs attention</strong>
          <p>{bad?.message || runtime.step || 'One of its components is not healthy.'}</p>
        </div>
        <Link to="/runtimes" className="btn btn-light">
          See components
        </Link>
      </div>
    );
  }
  const deleting = runtime.phase === 'Deleting';
  return (
    <div className="banner banner-progress" role="status" aria-live="polite" data-testid="runtime-banner">
      <span className="banner-icon spin" aria-hidden="true">◔</span>
      <div className="banner-body">
        <strong>{deleting ? 'Your hosted runtime is being removed.' : 'Your hosted runtime is installing right now. This usually takes a few seconds.'}</strong>
        <div className="progress-row">
          <ProgressBar value={runtime.progress} label={deleting ? 'Removal progress' : 'Installation progress'} />
          <span className="progress-pct" data-testid="runtime-progress">{Math.round(runtime.progress)}%</span>
        </div>
        <p className="step" data-testid="runtime-step">{runtime.step || 'Starting…'}</p>
      </div>
    </div>
  );
}

export function InstallPage() {
  useTitle('Install a hosted runtime');
  const { runtime, error, set, reload, live } = useRuntime();
  const [busy, setBusy] = useState(false);
  const [installError, setInstallError] = useState<unknown>();

  const install = async () => {
    setBusy(true);
    setInstallError(undefined);
    try {
      set(await api.installRuntime());
    } catch (e) {
      setInstallError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Install a hosted runtime" subtitle="Your own Argo CD-compatible GitOps runtime, running on Marina, isolated in its own virtual cluster." />
      {runtime === undefined && !error ? <Loading label="Checking for a runtime…" /> : null}
      {error && runtime === undefined ? <ErrorState error={error} retry={reload} /> : null}
      {runtime === null ? (
        <Card>
          <div className="install-intro">
            <ul className="checklist">
              <li>A virtual Kubernetes cluster of your own, created in seconds</li>
              <li>An Argo CD-compatible runtime with the <code>argocd</code> namespace and the <code>default</code> project</li>
              <li>Quotas and policies that keep tenants apart</li>
              <li>Zero configuration, zero maintenance: Marina keeps it healthy</li>
            </ul>
            <FormError error={installError} />
            <Button onClick={install} busy={busy}>
              Install hosted runtime
            </Button>
          </div>
        </Card>
      ) : null}
      {runtime ? (
        <>
          <RuntimeBanner runtime={runtime} />
          <Card title="What is happening">
            <dl className="facts">
              <dt>Runtime</dt>
              <dd>{runtime.name}</dd>
              <dt>Phase</dt>
              <dd>
                <Badge status={runtime.phase} />
              </dd>
              <dt>Cluster / namespace</dt>
              <dd>
                {runtime.cluster} / {runtime.namespace}
              </dd>
              {runtime.commit ? (
                <>
                  <dt>Requested by commit</dt>
                  <dd>
                    <code>{runtime.commit.slice(0, 10)}</code>
                  </dd>
                </>
              ) : null}
              <dt>Updates</dt>
              <dd>{live ? 'Live' : 'Reconnecting…'}</dd>
            </dl>
          </Card>
        </>
      ) : null}
    </>
  );
}
