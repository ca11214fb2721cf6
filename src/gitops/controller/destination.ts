/**
 * Where an Application deploys. `https://kubernetes.default.svc` (or the name `in-cluster`) is the tenant's
 * own logical cluster, reached in-process. Anything else needs an Argo CD cluster secret in the tenant's
 * `argocd` namespace (so a tenant can never target a cluster it holds no credentials for), reached over HTTP
 * with the secret's bearer token: another logical cluster of this hub or any Kubernetes API.
 */
import type { KObject } from '../../apiserver/types.ts';
import { HttpClusterClient, type ClusterClient } from '../../client/index.ts';
import { secretData, SECRET_TYPE_LABEL } from '../repo/index.ts';

export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const IN_CLUSTER_NAME = 'in-cluster';

export interface Destination {
  client: ClusterClient;
  server: string;
  name: string;
  /** What store events of the destination are keyed by: a logical cluster of this hub, or the server URL. */
  watchKey: string;
}

export class DestinationError extends Error {}

export function resolveDestination(
  tenant: string,
  dest: { server?: string; name?: string },
  secrets: KObject[],
  inProcess: (cluster: string) => ClusterClient,
  hubUrl: string,
): Destination {
  if (dest.server && dest.name) throw new DestinationError(`application destination can't have both name and server defined: ${dest.name} ${dest.server}`);
  if (dest.server === IN_CLUSTER_SERVER || (!dest.server && dest.name === IN_CLUSTER_NAME)) {
    return { client: inProcess(tenant), server: IN_CLUSTER_SERVER, name: IN_CLUSTER_NAME, watchKey: tenant };
  }
  for (const s of secrets) {
    if (s.metadata.labels?.[SECRET_TYPE_LABEL] !== 'cluster') continue;
    const d = secretData(s);
    const server = (d.server ?? '').replace(/\/+$/, '');
    if (dest.server ? server !== dest.server.replace(/\/+$/, '') : d.name !== dest.name) continue;
    let config: { bearerToken?: string; tlsClientConfig?: { caData?: string; certData?: string; keyData?: string; insecure?: boolean } } = {};
    try {
      config = d.config ? JSON.parse(d.config) : {};
    } catch {
      throw new DestinationError(`cluster secret ${s.metadata.name} has an invalid config: not JSON`);
    }
    const tls = config.tlsClientConfig ?? {};
    const pem = (v?: string) => (v ? Buffer.from(v, 'base64').toString('utf8') : undefined);
    const client = new HttpClusterClient({
      server,
      token: config.bearerToken,
      caData: pem(tls.caData),
      certData: pem(tls.certData),
      keyData: pem(tls.keyData),
      insecureSkipTLSVerify: tls.insecure,
      userAgent: 'marina-gitops',
    });
    return { client, server, name: d.name ?? server, watchKey: hubClusterOf(server, hubUrl) ?? server };
  }
  const what = dest.server ? `server ${dest.server}` : `name ${dest.name ?? ''}`;
  throw new DestinationError(`unable to find destination server: there are no clusters with this ${what}`);
}

/** `https://HOST/clusters/OTHER` on this hub names logical cluster OTHER (its store events drive self-heal). */
export function hubClusterOf(server: string, hubUrl: string): string | undefined {
  const m = /^https?:\/\/([^/]+)\/clusters\/([^/]+)$/.exec(server);
  const hub = /^https?:\/\/([^/]+)/.exec(hubUrl);
  return m && hub && m[1] === hub[1] ? m[2] : undefined;
}
