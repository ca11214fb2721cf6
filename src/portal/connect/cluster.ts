/**
 * Connecting a cluster: a kubeconfig's current context becomes an Argo CD cluster secret (`name`, `server`,
 * `config` with `bearerToken` / `tlsClientConfig`), tested with GET /version. Only inline credentials are
 * accepted: a token or client certificate data (exec plugins, auth providers and file paths would run or read
 * something on the hub, so they are refused with a message saying so).
 */
import { parse } from 'yaml';
import type { KObject } from '../../apiserver/types.ts';
import { HttpClusterClient } from '../../client/index.ts';
import { SECRET_TYPE_LABEL } from '../../gitops/repo/index.ts';
import type { ClusterRequest, ManagedCluster } from '../api/types.ts';
import { clusterSecretName } from './names.ts';
import { CHECKED_ANNOTATION, MESSAGE_ANNOTATION, STATUS_ANNOTATION, type Connection } from './repo.ts';

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const VERSION_ANNOTATION = 'portal.marina.io/server-version';

export interface ClusterConfig {
  bearerToken?: string;
  tlsClientConfig: { insecure: boolean; caData?: string; certData?: string; keyData?: string };
}

export interface ParsedCluster {
  name: string;
  server: string;
  config: ClusterConfig;
}

type Entry<T> = { name?: string } & T;

export function checkClusterRequest(body: unknown): { ok: ParsedCluster } | { fields: Record<string, string> } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  if (typeof b.name !== 'string' || b.name === '') fields.name = 'name is required';
  else if (!NAME.test(b.name)) fields.name = "name must consist of lower case alphanumeric characters or '-', at most 63, starting and ending with an alphanumeric character";
  else if (b.name === 'in-cluster') fields.name = 'name "in-cluster" is reserved for the runtime\'s own cluster';
  let parsed: { server: string; config: ClusterConfig } | undefined;
  if (typeof b.kubeconfig !== 'string' || b.kubeconfig.trim() === '') fields.kubeconfig = 'kubeconfig is required';
  else {
    const r = fromKubeconfig(b.kubeconfig);
    if ('error' in r) fields.kubeconfig = r.error;
    else parsed = r;
  }
  if (Object.keys(fields).length || !parsed) return { fields };
  return { ok: { name: b.name as string, ...parsed } };
}

/** The current context's server and credentials, or what is wrong with the kubeconfig. */
export function fromKubeconfig(text: string): { server: string; config: ClusterConfig } | { error: string } {
  let kc: Record<string, unknown>;
  try {
    kc = parse(text) as Record<string, unknown>;
  } catch (e) {
    return { error: `kubeconfig is not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  if (!kc || typeof kc !== 'object') return { error: 'kubeconfig must be a YAML document of kind Config' };
  const contexts = (kc.contexts ?? []) as Array<Entry<{ context?: { cluster?: string; user?: string } }>>;
  const current = kc['current-context'] as string | undefined;
  const ctx = current ? contexts.find((c) => c.name === current) : contexts.length === 1 ? contexts[0] : undefined;
  if (!ctx?.context) return { error: current ? `kubeconfig: context "${current}" not found` : 'kubeconfig has no current-context' };
  const cluster = ((kc.clusters ?? []) as Array<Entry<{ cluster?: Record<string, unknown> }>>).find((c) => c.name === ctx.context!.cluster)?.cluster;
  if (!cluster) return { error: `kubeconfig: cluster "${ctx.context.cluster}" of the current context not found` };
  const server = String(cluster.server ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(server)) return { error: 'kubeconfig: the cluster has no https:// server URL' };
  if (cluster['certificate-authority']) return { error: 'kubeconfig: certificate-authority (a file path) is not supported: embed it as certificate-authority-data' };
  const user = ((kc.users ?? []) as Array<Entry<{ user?: Record<string, unknown> }>>).find((u) => u.name === ctx.context!.user)?.user ?? {};
  for (const [k, why] of [['exec', 'an exec credential plugin'], ['auth-provider', 'an auth provider'], ['tokenFile', 'a token file'], ['client-certificate', 'a client certificate file'], ['client-key', 'a client key file']] as const) {
    if (user[k]) return { error: `kubeconfig: the user uses ${why} (${k}), which is not supported: use a token or client-certificate-data and client-key-data` };
  }
  if (!user.token && !user['client-certificate-data']) return { error: 'kubeconfig: the user has no token and no client-certificate-data' };
  if (user['client-certificate-data'] && !user['client-key-data']) return { error: 'kubeconfig: client-certificate-data needs client-key-data' };
  const config: ClusterConfig = { tlsClientConfig: { insecure: cluster['insecure-skip-tls-verify'] === true } };
  if (typeof user.token === 'string') config.bearerToken = user.token;
  if (cluster['certificate-authority-data']) config.tlsClientConfig.caData = String(cluster['certificate-authority-data']);
  if (user['client-certificate-data']) config.tlsClientConfig.certData = String(user['client-certificate-data']);
  if (user['client-key-data']) config.tlsClientConfig.keyData = String(user['client-key-data']);
  return { server, config };
}

/** GET /version (the server's gitVersion) and GET /api (the credentials work); Failed names the call that failed. */
export async function testCluster(c: { server: string; config: ClusterConfig }, timeoutMs = 10_000): Promise<Connection & { serverVersion?: string }> {
  const pem = (v?: string) => (v ? Buffer.from(v, 'base64').toString('utf8') : undefined);
  const tls = c.config.tlsClientConfig;
  const client = new HttpClusterClient({ server: c.server, token: c.config.bearerToken, caData: pem(tls.caData), certData: pem(tls.certData), keyData: pem(tls.keyData), insecureSkipTLSVerify: tls.insecure, userAgent: 'marina-portal' });
  const checkedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let timer: NodeJS.Timeout | undefined;
  let path = '/version';
  try {
    // /version is public on Kubernetes (system:public-info-viewer); discovery (/api) needs valid credentials.
    const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs)));
    const v = await Promise.race([client.request<{ gitVersion?: string }>('GET', path), deadline]);
    path = '/api';
    await Promise.race([client.request('GET', path), deadline]);
    return { status: 'Connected', checkedAt, ...(v?.gitVersion ? { serverVersion: v.gitVersion } : {}) };
  } catch (e) {
    return { status: 'Failed', checkedAt, message: `GET ${c.server}${path}: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

export function clusterSecret(c: ParsedCluster, conn: Connection & { serverVersion?: string }, namespace: string): KObject {
  const data = { name: c.name, server: c.server, config: JSON.stringify(c.config) };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: clusterSecretName(c.server),
      namespace,
      labels: { [SECRET_TYPE_LABEL]: 'cluster', 'app.kubernetes.io/managed-by': 'marina-portal' },
      annotations: { [STATUS_ANNOTATION]: conn.status, [MESSAGE_ANNOTATION]: conn.message ?? '', [CHECKED_ANNOTATION]: conn.checkedAt, [VERSION_ANNOTATION]: conn.serverVersion ?? '' },
    },
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  };
}

export function managedClusterOf(s: KObject): ManagedCluster {
  const a = s.metadata.annotations ?? {};
  const d = Object.fromEntries(Object.entries((s.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  const status = a[STATUS_ANNOTATION] === 'Connected' || a[STATUS_ANNOTATION] === 'Failed' ? a[STATUS_ANNOTATION] : 'Unknown';
  return {
    name: d.name ?? s.metadata.name!,
    server: d.server ?? '',
    status,
    ...(a[MESSAGE_ANNOTATION] ? { message: a[MESSAGE_ANNOTATION] } : {}),
    ...(a[VERSION_ANNOTATION] ? { serverVersion: a[VERSION_ANNOTATION] } : {}),
    ...(a[CHECKED_ANNOTATION] ? { checkedAt: a[CHECKED_ANNOTATION] } : {}),
  };
}
