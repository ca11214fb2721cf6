/** The portal's small design system: status badges, fields, buttons, page states. Styles in styles.css. */
import { useEffect, useId, useRef, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { messageOf, RequestError } from './api.ts';
import { Link } from './router.tsx';

const TONES: Record<string, 'ok' | 'warn' | 'bad' | 'info' | 'muted'> = {
  Healthy: 'ok', Synced: 'ok', Connected: 'ok', Active: 'ok', Succeeded: 'ok', Ready: 'ok', True: 'ok',
  Progressing: 'info', Installing: 'info', Running: 'info', Deleting: 'info', Terminating: 'info',
  OutOfSync: 'warn', Suspended: 'warn', Missing: 'warn', NotReady: 'warn',
  Degraded: 'bad', Failed: 'bad', Error: 'bad', False: 'bad',
  Unknown: 'muted', NotInstalled: 'muted',
};
const ICONS = { ok: '●', warn: '▲', bad: '✕', info: '◔', muted: '○' } as const;

/** A status in words with a color and a shape (never color alone). */
export function Badge({ status, label }: { status: string | undefined; label?: string }) {
  const s = status || 'Unknown';
  const tone = TONES[s] ?? 'muted';
  return (
    <span className={`badge badge-${tone}`} data-status={s}>
      <span aria-hidden="true">{ICONS[tone]}</span> {label ? `${label}: ` : ''}
      {s}
    </span>
  );
}

export function Button({ variant = 'primary', busy, children, ...rest }: { variant?: 'primary' | 'secondary' | 'danger' | 'ghost'; busy?: boolean } & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" className={`btn btn-${variant}`} aria-busy={busy || undefined} {...rest} disabled={rest.disabled || busy}>
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}

interface FieldProps {
  label: string;
  error?: string;
  hint?: ReactNode;
}

function FieldShell({ id, label, error, hint, children, required }: FieldProps & { id: string; children: ReactNode; required?: boolean }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="req" aria-hidden="true"> *</span> : null}
      </label>
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, p: FieldProps): string | undefined {
  return [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function TextField({ label, error, hint, ...rest }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const id = rest.id ?? auto;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} required={rest.required}>
      <input {...rest} id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { label, error, hint })} />
    </FieldShell>
  );
}

export function TextArea({ label, error, hint, ...rest }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId();
  const id = rest.id ?? auto;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} required={rest.required}>
      <textarea {...rest} id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { label, error, hint })} />
    </FieldShell>
  );
}

export function Select({ label, error, hint, children, ...rest }: FieldProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const auto = useId();
  const id = rest.id ?? auto;
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} required={rest.required}>
      <select {...rest} id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, { label, error, hint })}>
        {children}
      </select>
    </FieldShell>
  );
}

export function Checkbox({ label, hint, ...rest }: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="check">
      <input type="checkbox" id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...rest} />
      <label htmlFor={id}>{label}</label>
      {hint ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null}
    </div>
  );
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} id="page-title">{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </header>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner spinner-lg" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ErrorState({ error, retry, title = 'Something went wrong' }: { error: unknown; retry?: () => void; title?: string }) {
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <p>{messageOf(error)}</p>
      {retry ? (
        <Button variant="secondary" onClick={retry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function Empty({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state state-empty">
      <svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true">
        <rect x="6" y="12" width="36" height="26" rx="4" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M6 20h36" stroke="currentColor" strokeWidth="2" />
      </svg>
      <strong>{title}</strong>
      {children ? <p>{children}</p> : null}
      {action}
    </div>
  );
}

/** A form-level error (field errors sit next to their fields). */
export function FormError({ error }: { error: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.scrollIntoView({ block: 'nearest' }); // a long form's submit button is far below it
  }, [error]);
  if (!error) return null;
  return (
    <div className="form-error" role="alert" ref={ref}>
      {messageOf(error)}
    </div>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={v} aria-label={label}>
      <div className="progress-fill" style={{ width: `${v}%` }} />
    </div>
  );
}

export function Card({ title, children, actions, className }: { title?: ReactNode; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`}>
      {title || actions ? (
        <div className="card-head">
          {title ? <h2>{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** "26 Jul 2022, 14:12" in the viewer's time zone; the ISO time in a tooltip. */
export function Time({ iso }: { iso: string | undefined }) {
  if (!iso) return <span className="muted">—</span>;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <span>{iso}</span>;
  const text = d.toLocaleString(undefined, { day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}

/**
 * Splits a failed request into the errors shown next to the form's fields (`known`) and a form-level error
 * for everything else (no field named, or a field the form does not show), so no message is ever lost.
 */
export function splitErrors(e: unknown, known: string[]): { fields: Record<string, string>; form: unknown } {
  const all = (e as { fields?: Record<string, string> } | undefined)?.fields ?? {};
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const [k, v] of Object.entries(all)) {
    if (known.includes(k)) fields[k] = v;
    else other.push(`${k}: ${v}`);
  }
  if (!Object.keys(fields).length && !other.length) return { fields, form: e };
  return { fields, form: other.length ? new Error(other.join('; ')) : undefined };
}

/** True for the API's 409 "install the runtime first" answer (repositories, clusters, applications). */
export function needsRuntime(e: unknown): boolean {
  return e instanceof RequestError && e.status === 409;
}

/** What a page shows instead of its list until the runtime exists. */
export function NeedsRuntime({ what }: { what: string }) {
  return (
    <Empty title="Install your runtime first" action={<Link to="/install" className="btn btn-primary">Install a hosted runtime</Link>}>
      {what} live in your hosted runtime. Install it in one click; it takes a few seconds.
    </Empty>
  );
}

/** A list's loading, error and "install first" states; null when the list itself should show. */
export function ListState({ loading, error, hasData, retry, what }: { loading: boolean; error: unknown; hasData: boolean; retry: () => void; what: string }) {
  if (loading) return <Loading />;
  if (hasData) return null;
  if (needsRuntime(error)) return <NeedsRuntime what={what} />;
  if (error) return <ErrorState error={error} retry={retry} />;
  return null;
}

/** An Application's destination as people name it: the cluster's name (`in-cluster` for the runtime's own) / namespace. */
export function destinationText(d: { name?: string; server?: string; namespace?: string }): string {
  const cluster = d.name ?? (!d.server || d.server === 'https://kubernetes.default.svc' ? 'in-cluster' : d.server);
  return `${cluster} / ${d.namespace ?? 'default'}`;
}
