/** Sign up and log in: rules stated up front, errors next to the field they concern. */
import { useState, type FormEvent } from 'react';
import { api, type Session } from '../api.ts';
import { Button, splitErrors, FormError, TextField } from '../components.tsx';
import { PASSWORD_MIN, validateSignup } from '../validate.ts';
import { useTitle } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Logo } from '../app.tsx';

function AuthFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="auth">
      <div className="auth-brand">
        <Logo />
        <span>Marina</span>
      </div>
      <main id="main" className="auth-card">
        <h1 id="page-title" tabIndex={-1}>{title}</h1>
        {children}
      </main>
      <p className="auth-foot">Your own GitOps runtime, in one click.</p>
    </div>
  );
}

function afterLogin(s: Session, setSession: (s: Session) => void) {
  setSession(s);
  const next = new URLSearchParams(location.search).get('next');
  navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
}

export function SignupPage() {
  useTitle('Sign up');
  const { setSession } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const v = validateSignup(email, password, tenant);
    setErrors(v);
    if (Object.keys(v).length) {
      document.getElementById(Object.keys(v)[0] === 'email' ? 'signup-email' : Object.keys(v)[0] === 'password' ? 'signup-password' : 'signup-tenant')?.focus();
      return;
    }
    setBusy(true);
    try {
      afterLogin(await api.signup({ email: email.trim(), password, ...(tenant ? { tenant } : {}) }), setSession);
    } catch (err) {
      const { fields, form } = splitErrors(err, ['email', 'password', 'tenant']);
      setErrors(fields);
      setError(form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Create your account">
      <p className="lead">You get your own tenant with a hosted Argo CD-compatible runtime. No credit card, no manual.</p>
      <form onSubmit={submit} noValidate>
        <FormError error={error} />
        <TextField id="signup-email" label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        <TextField
          id="signup-password"
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={`At least ${PASSWORD_MIN} characters. A sentence you can remember works well.`}
          error={errors.password}
        />
        <TextField
          id="signup-tenant"
          label="Tenant name (optional)"
          autoComplete="off"
          spellCheck={false}
          value={tenant}
          onChange={(e) => setTenant(e.target.value.toLowerCase())}
          hint="Names your workspace and its cluster: 3–40 lowercase letters, digits or hyphens. Left empty, it comes from your email."
          error={errors.tenant}
        />
        <Button type="submit" busy={busy} className="btn btn-primary btn-block">
          Create account
        </Button>
      </form>
      <p className="switch">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthFrame>
  );
}

export function LoginPage() {
  useTitle('Log in');
  const { setSession } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const v: Record<string, string> = {};
    if (!email.trim()) v.email = 'Enter your email address.';
    if (!password) v.password = 'Enter your password.';
    setErrors(v);
    if (Object.keys(v).length) return;
    setBusy(true);
    try {
      afterLogin(await api.login({ email: email.trim(), password }), setSession);
    } catch (err) {
      const { fields, form } = splitErrors(err, ['email', 'password']);
      setErrors(fields);
      setError(form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Log in to Marina">
      <form onSubmit={submit} noValidate>
        <FormError error={error} />
        <TextField label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        <TextField label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
        <Button type="submit" busy={busy} className="btn btn-primary btn-block">
          Log in
        </Button>
      </form>
      <p className="switch">
        New to Marina? <Link to="/signup">Create an account</Link>
      </p>
    </AuthFrame>
  );
}
