/**
 * The checks the forms make before sending (the same rules the portal API applies; the API has the last
 * word). Pure: each returns field name → message, empty when the input is fine. Tested in
 * test/portal/validate.test.ts.
 */
import type { ApplicationRequest } from '../../api/types.ts';
import { PASSWORD_MIN, validateEmail, validatePassword, validateTenant } from '../../accounts/validate.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export { PASSWORD_MIN };

const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1) + (m.endsWith('.') ? '' : '.');

/** Sign-up: the API's own rules (src/portal/accounts/validate.ts, shared), worded for a person. */
export function validateSignup(email: string, password: string, tenant: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (validateEmail(email)) errors.email = 'Enter an email address like name@example.com.';
  const p = validatePassword(password);
  if (p) errors.password = [...password].length < PASSWORD_MIN ? `Use at least ${PASSWORD_MIN} characters (${[...password].length} so far).` : sentence(p);
  const t = tenant ? validateTenant(tenant) : undefined;
  if (t) errors.tenant = /reserved/.test(t) ? `"${tenant}" is reserved: pick another name.` : 'Use 3 to 40 lowercase letters, digits or hyphens, starting and ending with a letter or digit.';
  return errors;
}

/** The repository URL forms the API accepts; it has the last word (file:// is for admins only). */
export function validateRepoURL(url: string): string | undefined {
  const u = url.trim();
  if (!u) return 'Enter the repository URL.';
  if (/^git@[^:\s]+:\S+$/.test(u)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    return 'Use a URL like https://github.com/org/repo.git, ssh://git@host/org/repo.git or git@host:org/repo.git.';
  }
  if (!['https:', 'http:', 'ssh:', 'git:', 'file:'].includes(parsed.protocol)) return `The scheme "${parsed.protocol.replace(':', '')}" is not supported: use https, ssh, git or file.`;
  if (parsed.protocol !== 'file:' && !parsed.hostname) return 'The URL needs a host name.';
  return undefined;
}

export function validateCluster(name: string, kubeconfig: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (!DNS_LABEL.test(name)) e.name = 'Use lowercase letters, digits and hyphens (at most 63), starting and ending with a letter or digit.';
  else if (name === 'in-cluster') e.name = '"in-cluster" is your runtime\'s own cluster; pick another name.';
  if (!kubeconfig.trim()) e.kubeconfig = 'Paste a kubeconfig or choose a file.';
  else if (!/^\s*clusters\s*:/m.test(kubeconfig) || !/^\s*current-context\s*:/m.test(kubeconfig) && !/"current-context"/.test(kubeconfig))
    e.kubeconfig = 'This does not look like a kubeconfig: it needs "clusters" and a "current-context".';
  return e;
}

export function validateApplication(r: ApplicationRequest): Record<string, string> {
  const e: Record<string, string> = {};
  if (!r.name || r.name.length > 53 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(r.name)) e.name = 'Use lowercase letters, digits, "-" and "." (at most 53), starting and ending with a letter or digit.';
  const repo = validateRepoURL(r.repoURL);
  if (repo) e.repoURL = repo;
  if (r.path && (r.path.startsWith('/') || r.path.split('/').includes('..'))) e.path = 'Use a path inside the repository, like apps/guestbook (no leading "/" or "..").';
  if (!DNS_LABEL.test(r.destinationNamespace)) e.destinationNamespace = 'Use a namespace name: lowercase letters, digits and hyphens.';
  return e;
}
