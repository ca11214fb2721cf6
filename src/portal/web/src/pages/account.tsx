/** Account: who is signed in, and the API tokens the CLI and scripts use (created here or by `marina login`). */
import { useState, type FormEvent } from 'react';
import { api, type ApiToken } from '../api.ts';
import { Button, Card, Empty, ErrorState, FormError, Loading, PageHeader, splitErrors, TextField, Time } from '../components.tsx';
import { useResource, useTitle } from '../hooks.ts';
import { useSession } from '../session.tsx';

export function AccountPage() {
  useTitle('Account');
  const { session } = useSession();
  const tokens = useResource(() => api.tokens(), []);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<ApiToken>();
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<string>();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setCreated(undefined);
    setCopied(false);
    if (!name.trim()) {
      setErrors({ name: 'Name the token after where it will be used, like "laptop" or "ci".' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      setCreated(await api.createToken(name.trim()));
      setName('');
      await tokens.reload();
    } catch (err) {
      const { fields, form } = splitErrors(err, ['name']);
      setErrors(fields);
      setError(form);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (t: ApiToken) => {
    if (!confirm(`Revoke the token ${t.name}? Whatever uses it stops working at once.`)) return;
    setRevoking(t.name);
    try {
      await api.revokeToken(t.name);
      if (created?.name === t.name) setCreated(undefined);
      await tokens.reload();
    } catch (err) {
      setError(err);
    } finally {
      setRevoking(undefined);
    }
  };

  const copy = async () => {
    if (!created?.token) return;
    await navigator.clipboard?.writeText(created.token).then(() => setCopied(true), () => undefined);
  };

  return (
    <>
      <PageHeader title="Account" subtitle={`${session?.email} · tenant ${session?.tenant}${session?.role === 'admin' ? ' · admin' : ''}`} />
      <div className="grid-2">
        <Card title="Create an API token">
          <p className="muted">
            For the <code>marina</code> CLI and scripts: send it as <code>Authorization: Bearer …</code>. <code>marina login</code> creates one for you.
          </p>
          <form onSubmit={create} noValidate>
            <FormError error={error} />
            <TextField label="Token name" required spellCheck={false} autoComplete="off" placeholder="laptop" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
            <Button type="submit" busy={busy}>
              Create token
            </Button>
          </form>
          {created?.token ? (
            <div className="token-once" role="status" data-testid="new-token">
              <strong>Copy the token {created.name} now: it is shown only once.</strong>
              <code className="mono">{created.token}</code>
              <Button variant="secondary" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </div>
          ) : null}
        </Card>
        <Card title="API tokens">
          {tokens.loading ? <Loading /> : null}
          {tokens.error && !tokens.data ? <ErrorState error={tokens.error} retry={tokens.reload} /> : null}
          {tokens.data && tokens.data.length === 0 ? <Empty title="No API tokens">Only this browser session can act for you.</Empty> : null}
          {tokens.data && tokens.data.length > 0 ? (
            <ul className="rows">
              {tokens.data.map((t) => (
                <li key={t.name} className="row" data-testid="api-token">
                  <div className="row-main">
                    <strong>{t.name}</strong>
                    <span className="muted small">
                      created <Time iso={t.createdAt} />
                    </span>
                  </div>
                  <span />
                  <Button variant="ghost" busy={revoking === t.name} onClick={() => revoke(t)} aria-label={`Revoke ${t.name}`}>
                    Revoke
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
