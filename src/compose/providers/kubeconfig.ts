/**
 * The parts of a kubeconfig a provider connects with: the current context's server, bearer token, CA and
 * client certificate. Pure; errors name what is missing.
 */
import { parse } from 'yaml';

type Obj = Record<string, any>;

export interface KubeconfigCredentials {
  server: string;
  token?: string;
  caData?: string;
  certData?: string;
  keyData?: string;
  insecureSkipTLSVerify?: boolean;
}

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

const pem = (b64?: string) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : undefined);

export function parseKubeconfig(text: string): KubeconfigCredentials {
  let doc: Obj;
  try {
    doc = parse(text) as Obj;
  } catch (e) {
    throw new KubeconfigError(`cannot parse kubeconfig: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object') throw new KubeconfigError('cannot parse kubeconfig: not a YAML mapping');
  const contexts: Obj[] = doc.contexts ?? [];
  const ctxName = doc['current-context'] ?? contexts[0]?.name;
  const ctx = contexts.find((c) => c?.name === ctxName)?.context;
  if (!ctx) throw new KubeconfigError(ctxName ? `kubeconfig has no context "${ctxName}"` : 'kubeconfig has no current-context');
  const cluster = (doc.clusters ?? []).find((c: Obj) => c?.name === ctx.cluster)?.cluster;
  if (!cluster?.server) throw new KubeconfigError(`kubeconfig context "${ctxName}" names cluster "${ctx.cluster ?? ''}" with no server`);
  const user = (doc.users ?? []).find((u: Obj) => u?.name === ctx.user)?.user ?? {};
  if (user.exec || user['auth-provider']) throw new KubeconfigError(`kubeconfig user "${ctx.user}": exec and auth-provider credentials are not supported by Marina; use a token or a client certificate`);
  return {
    server: String(cluster.server).replace(/\/+$/, ''),
    token: user.token,
    caData: pem(cluster['certificate-authority-data']),
    certData: pem(user['client-certificate-data']),
    keyData: pem(user['client-key-data']),
    insecureSkipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
  };
}
