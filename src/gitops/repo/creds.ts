/**
 * Argo CD's declarative repository credentials: Secrets labelled `argocd.argoproj.io/secret-type` =
 * `repository` (exact URL) or `repo-creds` (URL prefix, longest wins). An exact repository secret wins over
 * a template. Pure: secrets in, credentials out.
 */
import type { KObject } from '../../apiserver/types.ts';

export const SECRET_TYPE_LABEL = 'argocd.argoproj.io/secret-type';

export interface RepoCreds {
  username?: string;
  password?: string;
  sshPrivateKey?: string;
  insecure?: boolean;
}

export function secretData(s: KObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((s.data ?? {}) as Record<string, string>)) out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries((s.stringData ?? {}) as Record<string, string>)) out[k] = v;
  return out;
}

/** Git treats `x`, `x/` and `x.git` as the same repository; so does Argo CD's NormalizeGitURL. */
export const normalizeRepoUrl = (u: string) => u.trim().replace(/\/+$/, '').replace(/\.git$/, '').toLowerCase();

export function credsFor(url: string, secrets: KObject[]): RepoCreds | undefined {
  const want = normalizeRepoUrl(url);
  let best: { len: number; data: Record<string, string> } | undefined;
  for (const s of secrets) {
    const type = s.metadata.labels?.[SECRET_TYPE_LABEL];
    const d = secretData(s);
    if (!d.url) continue;
    if (type === 'repository' && normalizeRepoUrl(d.url) === want) return pick(d);
    if (type === 'repo-creds' && url.startsWith(d.url) && (!best || d.url.length > best.len)) best = { len: d.url.length, data: d };
  }
  return best ? pick(best.data) : undefined;
}

function pick(d: Record<string, string>): RepoCreds | undefined {
  const c: RepoCreds = {};
  if (d.username) c.username = d.username;
  if (d.password) c.password = d.password;
  if (d.sshPrivateKey) c.sshPrivateKey = d.sshPrivateKey;
  if (d.insecure === 'true') c.insecure = true;
  return Object.keys(c).length ? c : undefined;
}
