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
  /** https: do not verify the server's certificate; ssh: do not check the host key (Argo CD's `insecure`). */
  insecure?: boolean;
  /** https client certificate and key (PEM), Argo CD's `tlsClientCertData` / `tlsClientCertKey`. */
  tlsClientCertData?: string;
  tlsClientCertKey?: string;
  /** CA certificates (PEM) trusted for an https server, from argocd-tls-certs-cm. */
  caData?: string;
  /** ssh known hosts lines, from argocd-ssh-known-hosts-cm. */
  knownHosts?: string;
  /** Fields of the matching secret Marina does not support yet (the fetch is refused, naming them). */
  unsupported?: string[];
}

/** Repository secret fields Argo CD knows that Marina cannot honour yet: refusing beats fetching without them. */
const UNSUPPORTED_FIELDS = ['proxy', 'noProxy', 'enableLfs', 'githubAppID', 'githubAppInstallationID', 'githubAppPrivateKey', 'githubAppEnterpriseBaseUrl', 'gcpServiceAccountKey', 'bearerToken', 'useAzureWorkloadIdentity'];

/**
 * What the tenant trusts beyond the system defaults, as Argo CD keeps it: `argocd-tls-certs-cm` (one key per
 * server name, PEM certificates) and `argocd-ssh-known-hosts-cm` (`ssh_known_hosts`).
 */
export interface RepoTrust {
  tlsCerts?: Record<string, string>;
  knownHosts?: string;
}

export const TLS_CERTS_CM = 'argocd-tls-certs-cm';
export const KNOWN_HOSTS_CM = 'argocd-ssh-known-hosts-cm';

/** The tenant's trust settings from the two ConfigMaps' data (either may be missing). */
export function repoTrustOf(tlsCertsCm: KObject | undefined, knownHostsCm: KObject | undefined): RepoTrust {
  const trust: RepoTrust = {};
  const tls = (tlsCertsCm?.data ?? undefined) as Record<string, string> | undefined;
  if (tls && Object.keys(tls).length) trust.tlsCerts = tls;
  const kh = (knownHostsCm?.data as Record<string, string> | undefined)?.ssh_known_hosts;
  if (kh?.trim()) trust.knownHosts = kh;
  return trust;
}

export function secretData(s: KObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((s.data ?? {}) as Record<string, string>)) out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries((s.stringData ?? {}) as Record<string, string>)) out[k] = v;
  return out;
}

/** Git treats `x`, `x/` and `x.git` as the same repository; so does Argo CD's NormalizeGitURL. */
export const normalizeRepoUrl = (u: string) => u.trim().replace(/\/+$/, '').replace(/\.git$/, '').toLowerCase();

/**
 * The credentials for `url`: an exact `repository` secret wins, else the longest matching `repo-creds` prefix
 * (secrets scoped to another `project` than the app's do not count); plus what `trust` holds for the URL's host
 * (a CA for https, known hosts for ssh). Undefined when nothing applies.
 */
export function credsFor(url: string, secrets: KObject[], trust: RepoTrust = {}, project?: string): RepoCreds | undefined {
  const want = normalizeRepoUrl(url);
  let best: { len: number; data: Record<string, string> } | undefined;
  let exact: Record<string, string> | undefined;
  for (const s of secrets) {
    const type = s.metadata.labels?.[SECRET_TYPE_LABEL];
    const d = secretData(s);
    if (!d.url) continue;
    // A project-scoped secret (Argo CD's `project`) serves only that project's applications.
    if (d.project && d.project !== project) continue;
    if (type === 'repository' && normalizeRepoUrl(d.url) === want) {
      exact = d;
      break;
    }
    if (type === 'repo-creds' && url.startsWith(d.url) && (!best || d.url.length > best.len)) best = { len: d.url.length, data: d };
  }
  const c = pick(exact ?? best?.data ?? {});
  if (isSsh(url)) {
    if (trust.knownHosts) c.knownHosts = trust.knownHosts;
  } else {
    const host = hostOf(url);
    if (host && trust.tlsCerts?.[host]) c.caData = trust.tlsCerts[host];
  }
  return Object.keys(c).length ? c : undefined;
}

function pick(d: Record<string, string>): RepoCreds {
  const c: RepoCreds = {};
  if (d.username) c.username = d.username;
  if (d.password) c.password = d.password;
  if (d.sshPrivateKey) c.sshPrivateKey = d.sshPrivateKey;
  // `insecureIgnoreHostKey` is Argo CD's deprecated spelling of `insecure` for ssh.
  if (d.insecure === 'true' || d.insecureIgnoreHostKey === 'true') c.insecure = true;
  if (d.tlsClientCertData) c.tlsClientCertData = d.tlsClientCertData;
  if (d.tlsClientCertKey) c.tlsClientCertKey = d.tlsClientCertKey;
  const unsupported = UNSUPPORTED_FIELDS.filter((f) => d[f]);
  if (unsupported.length) c.unsupported = unsupported;
  return c;
}

/** `ssh://…` or scp-like `user@host:path` (Argo CD's IsSSHURL). */
export const isSsh = (url: string) => url.startsWith('ssh://') || /^[\w.-]+@[\w.-]+:/.test(url);

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
