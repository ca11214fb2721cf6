/** Create an Application from a form: source (a connected repository), destination, sync policy. */
import { useState, type FormEvent } from 'react';
import { api, type ApplicationRequest } from '../api.ts';
import { Button, Card, Checkbox, splitErrors, FormError, PageHeader, Select, TextField } from '../components.tsx';
import { validateApplication } from '../validate.ts';
import { useResource, useTitle } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';

export function NewApplicationPage() {
  useTitle('New application');
  const repos = useResource(() => api.gitProviders(), []);
  const clusters = useResource(() => api.clusters(), []);
  const [form, setForm] = useState<ApplicationRequest>({
    name: '',
    project: 'default',
    repoURL: '',
    path: '',
    targetRevision: 'HEAD',
    destinationName: 'in-cluster',
    destinationNamespace: 'default',
    automated: true,
    prune: true,
    selfHeal: true,
    createNamespace: true,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ApplicationRequest>(k: K, v: ApplicationRequest[K]) => setForm((f) => ({ ...f, [k]: v }));

  const connected = repos.data?.filter((g) => g.status !== 'Failed') ?? [];
  const destinations = clusters.data?.filter((c) => c.status !== 'Failed').map((c) => c.name) ?? [];
  if (!destinations.includes('in-cluster')) destinations.unshift('in-cluster');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const repoURL = form.repoURL || connected[0]?.repoURL || '';
    const req: ApplicationRequest = { ...form, repoURL, name: form.name.trim(), path: form.path?.trim() || undefined, prune: form.automated && form.prune, selfHeal: form.automated && form.selfHeal };
    const v = validateApplication(req);
    setErrors(v);
    if (Object.keys(v).length) return;
    setBusy(true);
    try {
      const a = await api.createApplication(req);
      navigate(`/applications/${encodeURIComponent(a.name)}`);
    } catch (err) {
      const { fields, form } = splitErrors(err, ['name', 'project', 'repoURL', 'path', 'targetRevision', 'destinationName', 'destinationNamespace']);
      setErrors(fields);
      setError(form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="New application" subtitle="Deploy a folder of a Git repository to a cluster, and keep them in sync." />
      <form onSubmit={submit} noValidate className="app-form">
        <FormError error={error} />
        <Card title="General">
          <TextField label="Application name" required spellCheck={false} autoComplete="off" placeholder="guestbook" value={form.name} onChange={(e) => set('name', e.target.value.toLowerCase())} error={errors.name} />
          <TextField label="Project" spellCheck={false} value={form.project} onChange={(e) => set('project', e.target.value)} error={errors.project} hint="The AppProject; default allows everything in your runtime." />
        </Card>
        <Card title="Source">
          {connected.length ? (
            <Select label="Repository" required value={form.repoURL || connected[0]!.repoURL} onChange={(e) => set('repoURL', e.target.value)} error={errors.repoURL}>
              {connected.map((g) => (
                <option key={g.name} value={g.repoURL}>
                  {g.repoURL}
                </option>
              ))}
            </Select>
          ) : (
            <TextField
              label="Repository URL"
              required
              spellCheck={false}
              placeholder="https://github.com/org/repo.git"
              value={form.repoURL}
              onChange={(e) => set('repoURL', e.target.value)}
              error={errors.repoURL}
              hint={
                <>
                  Public repositories work as is; <Link to="/git-providers">connect a Git provider</Link> for private ones.
                </>
              }
            />
          )}
          <TextField label="Path" spellCheck={false} placeholder="apps/guestbook" value={form.path} onChange={(e) => set('path', e.target.value)} error={errors.path} hint="The folder with the manifests (a kustomization or Helm chart works too). Empty: the repository root." />
          <TextField label="Revision" spellCheck={false} value={form.targetRevision} onChange={(e) => set('targetRevision', e.target.value)} error={errors.targetRevision} hint="A branch, tag or commit; HEAD follows the default branch." />
        </Card>
        <Card title="Destination">
          <Select label="Cluster" value={form.destinationName} onChange={(e) => set('destinationName', e.target.value)} error={errors.destinationName}>
            {destinations.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
          <TextField label="Namespace" required spellCheck={false} value={form.destinationNamespace} onChange={(e) => set('destinationNamespace', e.target.value.toLowerCase())} error={errors.destinationNamespace} />
        </Card>
        <Card title="Sync policy">
          <Checkbox label="Sync automatically" hint="Deploy every new commit without a click." checked={!!form.automated} onChange={(e) => set('automated', e.target.checked)} />
          <Checkbox label="Prune resources" hint="Delete what was removed from Git." checked={!!form.prune} disabled={!form.automated} onChange={(e) => set('prune', e.target.checked)} />
          <Checkbox label="Self heal" hint="Undo changes made to the cluster by hand." checked={!!form.selfHeal} disabled={!form.automated} onChange={(e) => set('selfHeal', e.target.checked)} />
          <Checkbox label="Create the namespace" hint="Create the destination namespace if it does not exist." checked={!!form.createNamespace} onChange={(e) => set('createNamespace', e.target.checked)} />
        </Card>
        <div className="form-actions">
          <Button type="submit" busy={busy}>
            Create application
          </Button>
          <Link to="/applications" className="btn btn-ghost">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
