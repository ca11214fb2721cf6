/** Git providers: connect a repository (validated and tested by the server), list with status, disconnect. */
import { useState, type FormEvent } from 'react';
import { api, type GitProvider } from '../api.ts';
import { Badge, ListState, Button, Card, Empty, splitErrors, FormError, PageHeader, TextArea, TextField, Time } from '../components.tsx';
import { validateRepoURL } from '../validate.ts';
import { useResource, useTitle } from '../hooks.ts';

export function GitProvidersPage() {
  useTitle('Git providers');
  const list = useResource(() => api.gitProviders(), [], 10_000);
  const [repoURL, setRepoURL] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [sshPrivateKey, setKey] = useState('');
  const [showCreds, setShowCreds] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<GitProvider>();
  const [removing, setRemoving] = useState<string>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setResult(undefined);
    const bad = validateRepoURL(repoURL);
    setErrors(bad ? { repoURL: bad } : {});
    if (bad) return;
    setBusy(true);
    try {
      const g = await api.connectGit({ repoURL: repoURL.trim(), ...(username ? { username } : {}), ...(password ? { password } : {}), ...(sshPrivateKey ? { sshPrivateKey } : {}) });
      setResult(g);
      if (g.status === 'Connected') {
        setRepoURL('');
        setUsername('');
        setPassword('');
        setKey('');
      }
      await list.reload();
    } catch (err) {
      const { fields, form } = splitErrors(err, ['repoURL', 'username', 'password', 'sshPrivateKey']);
      setErrors(fields);
      setError(form);
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async (g: GitProvider) => {
    if (!confirm(`Disconnect ${g.repoURL}? Applications that use it stop syncing.`)) return;
    setRemoving(g.name);
    try {
      await api.disconnectGit(g.name);
      await list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setRemoving(undefined);
    }
  };

  return (
    <>
      <PageHeader title="Git providers" subtitle="Repositories Marina may read your manifests from. Marina tests each connection with git ls-remote." />
      <div className="grid-2">
        <Card title="Connect a repository">
          <form onSubmit={submit} noValidate>
            <FormError error={error} />
            <TextField
              label="Repository URL"
              required
              spellCheck={false}
              autoComplete="off"
              placeholder="https://github.com/org/repo.git"
              value={repoURL}
              onChange={(e) => setRepoURL(e.target.value)}
              hint="https://, ssh://, git@host:path or git://"
              error={errors.repoURL}
            />
            <button type="button" className="link-button" aria-expanded={showCreds} onClick={() => setShowCreds(!showCreds)}>
              {showCreds ? '▾' : '▸'} Credentials for a private repository
            </button>
            {showCreds ? (
              <div className="subform">
                <TextField label="Username" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} error={errors.username} />
                <TextField label="Password or access token" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
                <TextArea label="SSH private key" rows={4} spellCheck={false} value={sshPrivateKey} onChange={(e) => setKey(e.target.value)} hint="For ssh:// and git@ URLs." error={errors.sshPrivateKey} />
              </div>
            ) : null}
            <Button type="submit" busy={busy}>
              Connect
            </Button>
            {result ? (
              <p className={`result result-${result.status === 'Connected' ? 'ok' : 'bad'}`} role="status">
                <Badge status={result.status} /> {result.repoURL}
                {result.message ? ` — ${result.message}` : ''}
              </p>
            ) : null}
          </form>
        </Card>
        <Card title="Connected repositories">
          <ListState loading={list.loading} error={list.error} hasData={!!list.data} retry={list.reload} what="Git connections" />
          {list.data && list.data.length === 0 ? <Empty title="No repositories yet">Connect the repository that holds your manifests.</Empty> : null}
          {list.data && list.data.length > 0 ? (
            <ul className="rows">
              {list.data.map((g) => (
                <li key={g.name} className="row" data-testid="git-provider">
                  <div className="row-main">
                    <strong className="mono">{g.repoURL}</strong>
                    <span className="muted small">
                      {g.message ? `${g.message} · ` : ''}checked <Time iso={g.checkedAt} />
                    </span>
                  </div>
                  <Badge status={g.status} />
                  <Button variant="ghost" busy={removing === g.name} onClick={() => disconnect(g)} aria-label={`Disconnect ${g.repoURL}`}>
                    Disconnect
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
      </div>
    </>
  );
}
