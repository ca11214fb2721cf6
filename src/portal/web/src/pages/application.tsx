/** One Application: status, Sync and Refresh, the resource tree, the live-vs-desired diff, the sync history. */
import { useRef, useState, type KeyboardEvent } from 'react';
import { api, RequestError, type ResourceDiff, type ResourceNode } from '../api.ts';
import { Badge, destinationText, Button, Empty, ErrorState, FormError, Loading, NeedsRuntime, needsRuntime, PageHeader, Time } from '../components.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';

const TABS = ['Resources', 'Diff', 'History'] as const;
type Tab = (typeof TABS)[number];

export function ApplicationPage({ name }: { name: string }) {
  useTitle(name);
  const app = useResource(() => api.application(name), [name], 3000);
  const [tab, setTab] = useState<Tab>('Resources');
  const [busy, setBusy] = useState<'sync' | 'refresh' | 'delete'>();
  const [actionError, setActionError] = useState<unknown>();
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  const act = async (what: 'sync' | 'refresh' | 'delete') => {
    if (what === 'delete' && !confirm(`Delete the application ${name}? Its resources are deleted from the cluster too.`)) return;
    setBusy(what);
    setActionError(undefined);
    try {
      if (what === 'sync') await api.syncApplication(name);
      else if (what === 'refresh') await api.refreshApplication(name);
      else {
        await api.deleteApplication(name);
        navigate('/applications');
        return;
      }
      await app.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const onTabKey = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next]!);
    tabRefs.current[next]?.focus();
  };

  if (app.loading) return <Loading />;
  if (!app.data) {
    if (needsRuntime(app.error)) return <NeedsRuntime what="Applications" />;
    if (app.error instanceof RequestError && app.error.status === 404)
      return (
        <Empty title={`No application named ${name}`} action={<Link to="/applications" className="btn btn-secondary">All applications</Link>}>
          It may have been deleted.
        </Empty>
      );
    return <ErrorState error={app.error} retry={app.reload} />;
  }
  const a = app.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/applications">Applications</Link> <span aria-hidden="true">/</span> <span>{a.name}</span>
      </nav>
      <PageHeader
        title={a.name}
        subtitle={
          <span className="status-line" data-testid="app-status">
            <Badge status={a.syncStatus} label="Sync" /> <Badge status={a.healthStatus} label="Health" />
            {a.operationPhase ? <Badge status={a.operationPhase} label="Last operation" /> : null}
          </span>
        }
        actions={
          <>
            <Button onClick={() => act('sync')} busy={busy === 'sync'}>
              Sync
            </Button>
            <Button variant="secondary" onClick={() => act('refresh')} busy={busy === 'refresh'}>
              Refresh
            </Button>
            <Button variant="ghost" onClick={() => act('delete')} busy={busy === 'delete'}>
              Delete
            </Button>
          </>
        }
      />
      <FormError error={actionError} />
      {app.error ? <p className="muted small" role="status">Live updates paused: {String((app.error as Error).message)}</p> : null}
      <div className="grid-summary">
        <dl className="facts card">
          <dt>Repository</dt>
          <dd className="mono wrap">{a.repoURL}</dd>
          <dt>Path</dt>
          <dd className="mono">{a.path || '.'}</dd>
          <dt>Revision</dt>
          <dd className="mono">
            {a.targetRevision || 'HEAD'}
            {a.revision ? <span className="muted"> ({a.revision.slice(0, 7)})</span> : null}
          </dd>
          <dt>Destination</dt>
          <dd>
            {destinationText(a.destination)}
          </dd>
          <dt>Project</dt>
          <dd>{a.project}</dd>
          <dt>Last sync</dt>
          <dd>
            <Time iso={a.lastSyncedAt} />
          </dd>
        </dl>
        {a.operation || a.conditions.length ? (
          <div className="card">
            {a.operation ? (
              <p>
                <Badge status={a.operation.phase} label="Operation" /> {a.operation.message}
              </p>
            ) : null}
            {a.conditions.map((c, i) => (
              <p key={i} className="condition">
                <Badge status={/Error|Warning/.test(c.type) ? 'Degraded' : 'Unknown'} label={c.type} /> {c.message}
              </p>
            ))}
          </div>
        ) : null}
      </div>
      <div role="tablist" aria-label="Application details" className="tabs">
        {TABS.map((t, i) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            onClick={() => setTab(t)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t === 'Resources' ? `Resources (${countNodes(a.tree)})` : t === 'History' ? `History (${a.history.length})` : 'Diff'}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabpanel" tabIndex={0}>
        {tab === 'Resources' ? <Tree nodes={a.tree} /> : null}
        {tab === 'Diff' ? <Diff name={a.name} version={`${a.revision}|${a.syncStatus}|${a.lastSyncedAt}`} /> : null}
        {tab === 'History' ? <History history={a.history} /> : null}
      </div>
    </>
  );
}

function countNodes(nodes: ResourceNode[]): number {
  return nodes.reduce((n, x) => n + 1 + countNodes(x.children), 0);
}

function Tree({ nodes }: { nodes: ResourceNode[] }) {
  if (!nodes.length) return <Empty title="No resources">Nothing deployed yet: sync the application, or check its path in Git.</Empty>;
  return (
    <ul className="tree" data-testid="resource-tree">
      {nodes.map((n) => (
        <TreeNode key={`${n.group}/${n.kind}/${n.namespace}/${n.name}`} node={n} />
      ))}
    </ul>
  );
}

function TreeNode({ node }: { node: ResourceNode }) {
  return (
    <li>
      <div className="tree-node" data-testid="resource" data-kind={node.kind} data-name={node.name}>
        <span className="kind">{node.kind}</span>
        <span className="name">{node.name}</span>
        {node.namespace ? <span className="muted small">{node.namespace}</span> : null}
        <span className="tree-badges">
          {node.syncStatus ? <Badge status={node.syncStatus} /> : null}
          {node.health ? <Badge status={node.health.status} /> : null}
        </span>
        {node.health?.message ? <span className="muted small tree-msg">{node.health.message}</span> : null}
      </div>
      {node.children.length ? (
        <ul>
          {node.children.map((c) => (
            <TreeNode key={`${c.group}/${c.kind}/${c.namespace}/${c.name}`} node={c} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function Diff({ name, version }: { name: string; version: string }) {
  const diff = useResource(() => api.diff(name), [name, version]);
  if (diff.loading) return <Loading label="Comparing live and desired state…" />;
  if (!diff.data) {
    if (diff.error instanceof RequestError && diff.error.status === 501)
      return <Empty title="Diff not available">This Marina does not compute the live-vs-desired diff yet: {diff.error.body.message}</Empty>;
    return <ErrorState error={diff.error} retry={diff.reload} />;
  }
  const modified = diff.data.filter((d) => d.modified);
  return (
    <div data-testid="diff">
      <p className="muted">
        {modified.length === 0 ? `All ${diff.data.length} resources match Git.` : `${modified.length} of ${diff.data.length} resources differ from Git.`} Lines with − are live only; lines with + are in Git only.
      </p>
      {diff.data.map((d) => (
        <DiffBlock key={`${d.group}/${d.kind}/${d.namespace}/${d.name}`} d={d} />
      ))}
    </div>
  );
}

function DiffBlock({ d }: { d: ResourceDiff }) {
  return (
    <details className="diff-block" open={d.modified} data-testid="diff-resource" data-modified={d.modified}>
      <summary>
        <span className="kind">{d.kind}</span> <span className="name">{d.name}</span> {d.namespace ? <span className="muted small">{d.namespace}</span> : null}{' '}
        <Badge status={d.modified ? 'OutOfSync' : 'Synced'} label={d.modified ? undefined : undefined} />
      </summary>
      {d.diff ? (
        <pre className="diff">
          {d.diff.split('\n').map((l, i) => (
            <span key={i} className={l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : l.startsWith('@@') ? 'hunk' : undefined}>
              {l}
              {'\n'}
            </span>
          ))}
        </pre>
      ) : (
        <p className="muted small pad">Live matches desired.</p>
      )}
    </details>
  );
}

function History({ history }: { history: Array<{ id: number; revision: string; deployedAt: string; deployStartedAt?: string }> }) {
  if (!history.length) return <Empty title="No syncs yet">Each successful sync is recorded here with its Git revision.</Empty>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Revision</th>
            <th scope="col">Started</th>
            <th scope="col">Deployed</th>
          </tr>
        </thead>
        <tbody>
          {[...history].reverse().map((h) => (
            <tr key={h.id}>
              <td data-label="#">{h.id}</td>
              <td data-label="Revision" className="mono">
                {h.revision.slice(0, 10)}
              </td>
              <td data-label="Started">
                <Time iso={h.deployStartedAt} />
              </td>
              <td data-label="Deployed">
                <Time iso={h.deployedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
