/**
 * Sign-up and login input rules, pure: every problem is reported at once, keyed by the field it concerns.
 */
import type { LoginRequest, SignupRequest } from '../api/types.ts';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;
const EMAIL = /^[^\s@"<>()[\],;:\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Names a tenant cannot take: the hub's own cluster and namespaces, and names that read like the platform. */
const RESERVED = new Set(['root', 'system', 'admin', 'default', 'marina', 'argocd', 'tenants', 'crossplane-system', 'kyverno', 'in-cluster']);

export type FieldErrors = Record<string, string>;

export function validateEmail(email: unknown): string | undefined {
  if (typeof email !== 'string' || email.trim() === '') return 'email is required';
  if (email.length > 254) return 'email must be at most 254 characters';
  if (!EMAIL.test(email.trim())) return 'email must be an address like name@example.com';
  return undefined;
}

export function validatePassword(password: unknown): string | undefined {
  if (typeof password !== 'string' || password === '') return 'password is required';
  if ([...password].length < PASSWORD_MIN) return `password must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `password must be at most ${PASSWORD_MAX} characters`;
  return undefined;
}

export function validateTenant(tenant: unknown): string | undefined {
  if (typeof tenant !== 'string' || tenant === '') return 'tenant is required';
  if (tenant.length < 3 || tenant.length > 40) return 'tenant must be 3 to 40 characters';
  if (!DNS_LABEL.test(tenant)) return "tenant must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  if (RESERVED.has(tenant) || tenant.startsWith('kube-') || tenant.startsWith('system-') || tenant.startsWith('marina-')) return `tenant "${tenant}" is reserved`;
  return undefined;
}

/** Lower-cased, trimmed: the form an email is stored and looked up in. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A tenant name from an email's local part: `Jane.Doe+x@example.com` → `jane-doe-x` (padded to 3 chars). */
export function tenantFromEmail(email: string): string {
  const local = normalizeEmail(email).split('@')[0] ?? '';
  let t = local.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  if (t.length < 3) t = t ? `${t}-tenant` : 'tenant';
  if (RESERVED.has(t) || t.startsWith('kube-') || t.startsWith('system-') || t.startsWith('marina-')) t = `${t.slice(0, 33)}-tenant`;
  return t;
}

/** The normalized sign-up request, or the field errors. */
export function checkSignup(body: unknown): { ok: Required<SignupRequest> } | { fields: FieldErrors } {
  const b = (body && typeof body === 'object' ? body : {}) as Partial<Record<keyof SignupRequest, unknown>>;
  const fields: FieldErrors = {};
  const e = validateEmail(b.email);
  if (e) fields.email = e;
  const p = validatePassword(b.password);
  if (p) fields.password = p;
  const tenant = b.tenant === undefined || b.tenant === '' ? (e ? undefined : tenantFromEmail(b.email as string)) : b.tenant;
  if (tenant !== undefined) {
    const t = validateTenant(tenant);
    if (t) fields.tenant = t;
  }
  if (Object.keys(fields).length) return { fields };
  return { ok: { email: normalizeEmail(b.email as string), password: b.password as string, tenant: tenant as string } };
}

export function checkLogin(body: unknown): { ok: LoginRequest } | { fields: FieldErrors } {
  const b = (body && typeof body === 'object' ? body : {}) as Partial<Record<keyof LoginRequest, unknown>>;
  const fields: FieldErrors = {};
  if (typeof b.email !== 'string' || b.email.trim() === '') fields.email = 'email is required';
  if (typeof b.password !== 'string' || b.password === '') fields.password = 'password is required';
  else if (b.password.length > PASSWORD_MAX) fields.password = `password must be at most ${PASSWORD_MAX} characters`;
  if (Object.keys(fields).length) return { fields };
  return { ok: { email: normalizeEmail(b.email as string), password: b.password as string } };
}
