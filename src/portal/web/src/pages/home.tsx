/** Home: the three steps to a first deployment, each done or to do, with its action. */
import { api } from '../api.ts';
import { PageHeader } from '../components.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { useRuntime } from '../runtime.ts';
import { useSession } from '../session.tsx';
import { RuntimeBanner } from './install.tsx';

type State = 'done' | 'todo' | 'progress' | 'loading';

function Step({ n, title, text, state, action, to, doneText }: { n: number; title: string; text: string; state: State; action: string; to: string; doneText: string }) {
  const label = { done: 'Done', todo: 'To do', progress: 'In progress', loading: 'Checking…' }[state];
  return (
    <li className={`step-card step-${state}`} data-testid={`step-${n}`} data-state={state}>
      <div className="step-num" aria-hidden="true">
        {state === 'done' ? '✓' : n}
      </div>
      <div className="step-text">
        <h2>
          <span className="visually-hidden">Step {n}: </span>
          {title}
        </h2>
        <p>{text}</p>
        <span className={`step-state step-state-${state}`}>{state === 'done' ? doneText : label}</span>
      </div>
      <Link to={to} className={`btn ${state === 'done' ? 'btn-secondary' : 'btn-primary'}`}>
        {state === 'done' ? 'View' : action}
        <span className="visually-hidden"> ({title})</span>
      </Link>
    </li>
  );
}

export function HomePage() {
  useTitle('Home');
  const { session } = useSession();
  const { runtime } = useRuntime();
  const git = useResource(() => api.gitProviders(), [], 10_000);
  const clusters = useResource(() => api.clusters(), [], 10_000);
  const gitConnected = git.data?.filter((g) => g.status === 'Connected').length ?? 0;
  const external = clusters.data?.filter((c) => c.name !== 'in-cluster') ?? [];
  const clustersConnected = external.filter((c) => c.status === 'Connected').length;

  const s1: State = runtime === undefined ? 'loading' : runtime === null ? 'todo' : runtime.phase === 'Active' ? 'done' : 'progress';
  const s2: State = git.loading ? 'loading' : gitConnected > 0 ? 'done' : git.data?.length ? 'progress' : 'todo';
  const s3: State = clusters.loading ? 'loading' : clustersConnected > 0 ? 'done' : external.length ? 'progress' : 'todo';

  return (
    <>
      <PageHeader title={`Welcome${session ? `, ${session.tenant}` : ''}`} subtitle="Three steps to your first GitOps deployment." />
      {runtime && runtime.phase !== 'Active' ? <RuntimeBanner runtime={runtime} /> : null}
      <ol className="steps">
        <Step n={1} title="Install a hosted runtime" text="Deploy and manage Argo CD Applications, view deployment dashboards, and enrich your deployments." state={s1} action="Install" to={s1 === 'todo' ? '/install' : s1 === 'progress' ? '/install' : '/runtimes'} doneText="Active and healthy" />
        <Step n={2} title="Connect a Git provider" text="Store resource configurations and let Marina sync them from your Git repositories to your clusters." state={s2} action="Connect" to="/git-providers" doneText={`${gitConnected} connected`} />
        <Step n={3} title="Connect a Kubernetes cluster" text="Connect a destination cluster to deploy your Applications to. Your runtime's own cluster (in-cluster) works right away." state={s3} action="Connect" to="/managed-clusters" doneText={`${clustersConnected} connected`} />
      </ol>
      <section className="next">
        <h2>Then</h2>
        <p>
          <Link to="/applications/new">Create an Application</Link> from a Git path, watch it sync on the <Link to="/applications">Applications</Link> page, and follow
          your deployments on the <Link to="/dashboard">Dashboard</Link>.
        </p>
      </section>
    </>
  );
}
