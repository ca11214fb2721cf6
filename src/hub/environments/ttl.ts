/** Environment lifetimes and registration, pure: TTL parsing and expiry, the Argo CD cluster secret. */
import type { KObject } from '../../apiserver/types.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A Go duration with days allowed (`90m`, `1h30m`, `1.5h`, `7d`) in milliseconds; undefined when it is not one. */
export function parseTtl(ttl: string): number | undefined {
  if (typeof ttl !== 'string' || !/^([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+$/.test(ttl)) return undefined;
  let total = 0;
  for (const m of ttl.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNITS[m[2]!]!;
  return total;
}

/** When an Environment claim expires (epoch ms): its creation plus `spec.ttl`; undefined without a valid TTL. */
export function expiresAt(claim: KObject): number | undefined {
  const ttl = (claim.spec as { ttl?: string } | undefined)?.ttl;
  const ms = ttl ? parseTtl(ttl) : undefined;
  const created = Date.parse(claim.metadata.creationTimestamp ?? '');
  return ms === undefined || Number.isNaN(created) ? undefined : created + ms;
}

export const CLUSTER_SECRET_LABEL = 'argocd.argoproj.io/secret-type';
export const ENVIRONMENT_LABEL = 'platform.marina.io/environment';
export const clusterSecretName = (environment: string) => `env-${environment}`;

/**
 * The Argo CD cluster secret registering an environment with its tenant's runtime (declarative setup's
 * format: `name`, `server`, `config` with the bearer token and the CA), in the runtime's `argocd` namespace.
 */
export function clusterSecret(environment: string, creds: { server: string; token: string; caData?: string }): KObject {
  const config = { bearerToken: creds.token, tlsClientConfig: creds.caData ? { insecure: false, caData: creds.caData } : { insecure: false } };
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: clusterSecretName(environment),
      namespace: 'argocd',
      labels: { [CLUSTER_SECRET_LABEL]: 'cluster', [ENVIRONMENT_LABEL]: environment, 'app.kubernetes.io/managed-by': 'marina' },
    },
    type: 'Opaque',
    data: { name: b64(environment), server: b64(creds.server), config: b64(JSON.stringify(config)) },
  } as KObject;
}
