/**
 * Git providers: a repository URL and credentials become an Argo CD repository secret; the connection is
 * tested with `git ls-remote` (credentials through an askpass helper or a temporary key file, never in argv,
 * a URL or a log).
 */
import type { KObject } from '../../apiserver/types.ts';
import { credsFor, git, listRefsError, SECRET_TYPE_LABEL, withGitCredentials, type RepoTrust } from '../../gitops/repo/index.ts';
import type { GitProvider, GitProviderRequest } from '../api/types.ts';
import { repoSecretName } from './names.ts';

export const STATUS_ANNOTATION = 'portal.marina.io/connection-status';
export const MESSAGE_ANNOTATION = 'portal.marina.io/connection-message';
export const CHECKED_ANNOTATION = 'portal.marina.io/checked-at';
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)[^\s]+$/;

export interface Connection {
  status: 'Connected' | 'Failed';
  message?: string;
  checkedAt: string;
}

/** The request's field errors (empty when valid). `allowFile`: whether file:// URLs are accepted. */
export function checkGitProvider(body: unknown, allowFile: boolean): { ok: GitProviderRequest } | { fields: Record<string, string> } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const k of ['username', 'password', 'sshPrivateKey']) if (b[k] !== undefined && typeof b[k] !== 'string') fields[k] = `${k} must be a string`;
  const url = typeof b.repoURL === 'string' ? b.repoURL.trim() : '';
  let scheme = '';
  if (!url) fields.repoURL = 'repoURL is required';
  else if (url.startsWith('-') || /\s/.test(url)) fields.repoURL = 'repoURL must be a URL (https://, ssh://, git@host:path, git:// or file://)';
  else if (SCP_LIKE.test(url)) scheme = 'ssh';
  else {
    let u: URL | undefined;
    try {
      u = new URL(url);
    } catch {
      fields.repoURL = 'repoURL must be a URL (https://, ssh://, git@host:path, git:// or file://)';
    }
    if (u) {
      scheme = u.protocol.replace(/:$/, '');
      if (!['https', 'http', 'ssh', 'git', 'file'].includes(scheme)) fields.repoURL = `repoURL scheme "${scheme}" is not supported: use https, ssh, git or file`;
      else if (scheme === 'file' && !allowFile) fields.repoURL = 'file:// repositories are not allowed on this hub (marina up --allow-local-repos)';
      else if ((scheme === 'https' || scheme === 'http') && (u.username || u.password)) fields.repoURL = 'repoURL must not contain credentials: send them as username and password';
      else if (scheme === 'ssh' && u.password) fields.repoURL = 'repoURL must not contain a password';
    }
  }
  const hasPassword = typeof b.username === 'string' && b.username !== '' || typeof b.password === 'string' && b.password !== '';
  if (hasPassword && scheme && scheme !== 'https' && scheme !== 'http') fields.password = 'username and password are only used with https:// repositories';
  if (typeof b.sshPrivateKey === 'string' && b.sshPrivateKey !== '') {
    if (scheme && scheme !== 'ssh') fields.sshPrivateKey = 'sshPrivateKey is only used with ssh repositories (ssh:// or git@host:path)';
    else if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(b.sshPrivateKey)) fields.sshPrivateKey = 'sshPrivateKey must be a PEM or OpenSSH private key';
  }
  if (Object.keys(fields).length) return { fields };
  const ok: GitProviderRequest = { repoURL: url };
  for (const k of ['username', 'password', 'sshPrivateKey'] as const) if (typeof b[k] === 'string' && b[k] !== '') ok[k] = b[k] as string;
  return { ok };
}

/**
 * `git ls-remote` against the repository as the GitOps engine will fetch it: the credentials of `secret`
 * (the one about to be stored) and the tenant's trust (argocd-tls-certs-cm, argocd-ssh-known-hosts-cm).
 * Failed carries Argo CD's "failed to list refs: …" message.
 */
export async function testRepository(url: string, secret: KObject, trust: RepoTrust, timeoutMs = 20_000): Promise<Connection> {
  const creds = credsFor(url, [secret], trust);
  const checkedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  try {
    await withGitCredentials(creds, (env) => git(['ls-remote', '--heads', '--', url], { env, timeoutMs }), url);
    return { status: 'Connected', checkedAt };
  } catch (e) {
    return { status: 'Failed', message: listRefsError(e).message.slice(0, 2000), checkedAt };
  }
}

/** The connection's result on the secret (annotations). */
export function withConnection(s: KObject, c: Connection): KObject {
  return { ...s, metadata: { ...s.metadata, annotations: { ...s.metadata.annotations, [STATUS_ANNOTATION]: c.status, [MESSAGE_ANNOTATION]: c.message ?? '', [CHECKED_ANNOTATION]: c.checkedAt } } };
}

export function repositorySecret(r: GitProviderRequest, namespace: string): KObject {
  const data: Record<string, string> = { type: 'git', url: r.repoURL };
  if (r.username) data.username = r.username;
  if (r.password) data.password = r.password;
  if (r.sshPrivateKey) data.sshPrivateKey = r.sshPrivateKey;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: repoSecretName(r.repoURL),
      namespace,
      labels: { [SECRET_TYPE_LABEL]: 'repository', 'app.kubernetes.io/managed-by': 'marina-portal' },
    },
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  };
}

export function gitProviderOf(s: KObject): GitProvider {
  const a = s.metadata.annotations ?? {};
  const url = Buffer.from(String((s.data as Record<string, string> | undefined)?.url ?? ''), 'base64').toString('utf8') || String((s.stringData as Record<string, string> | undefined)?.url ?? '');
  const status = a[STATUS_ANNOTATION] === 'Connected' || a[STATUS_ANNOTATION] === 'Failed' ? a[STATUS_ANNOTATION] : 'Unknown';
  return { name: s.metadata.name!, repoURL: url, status, ...(a[MESSAGE_ANNOTATION] ? { message: a[MESSAGE_ANNOTATION] } : {}), ...(a[CHECKED_ANNOTATION] ? { checkedAt: a[CHECKED_ANNOTATION] } : {}) };
}
