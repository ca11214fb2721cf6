/**
 * The cluster a provider-kubernetes ProviderConfig names. `InjectedIdentity` is the hub's root cluster (the
 * provider's own identity). `Secret` holds a kubeconfig: when its server is a logical cluster of this hub
 * the cluster is reached in-process as the user the kubeconfig's token authenticates as (so that user's
 * RBAC applies and a token never reaches further than it does over HTTP); any other server over HTTP.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import type { KObject } from '../../apiserver/types.ts';
import type { Authenticator } from '../../auth/authn.ts';
import { HttpClusterClient, InProcessClient, type ClusterClient } from '../../client/index.ts';
import { SYSTEM_USER } from '../../controllers/system.ts';
import { hubClusterOf } from '../../gitops/controller/destination.ts';
import { step } from '../controller/util.ts';
import { parseKubeconfig } from './kubeconfig.ts';
import type { Tracker } from './managed.ts';

type Obj = Record<string, any>;

export interface Target {
  client: ClusterClient;
  /** The hub logical cluster the client reaches (its store events announce changes), if any. */
  cluster?: string;
}

export interface TargetDeps {
  core: ApiCore;
  authn: Authenticator;
  hubUrl: () => string;
  userAgent: string;
}

export class Targets {
  private readonly http = new Map<string, HttpClusterClient>();

  constructor(private readonly deps: TargetDeps) {}

  /** Parsed kubeconfigs by their secret value: every Object of a tenant connects with the same one. */
  private readonly parsed = new Map<string, ReturnType<typeof parseKubeconfig>>();

  private kubeconfig(b64: string): ReturnType<typeof parseKubeconfig> {
    let kc = this.parsed.get(b64);
    if (kc) {
      this.parsed.delete(b64); // most recently used last
    } else {
      kc = parseKubeconfig(Buffer.from(b64, 'base64').toString('utf8'));
      if (this.parsed.size >= 1024) this.parsed.delete(this.parsed.keys().next().value!);
    }
    this.parsed.set(b64, kc);
    return kc;
  }

  close(): void {
    for (const c of this.http.values()) c.close();
    this.http.clear();
  }

  /** Resolves a ProviderConfig's credentials (errors read as provider-kubernetes' "cannot build kube client"). */
  async resolve(pc: KObject, root: ClusterClient, track: Tracker): Promise<Target> {
    const spec = (pc.spec ?? {}) as Obj;
    if (spec.identity) throw new Error(`spec.identity of ProviderConfig "${pc.metadata.name}" is not supported by Marina: use spec.credentials with source InjectedIdentity or Secret`);
    const source = spec.credentials?.source;
    if (source === 'InjectedIdentity') return { client: new InProcessClient(this.deps.core, SYSTEM_USER, this.deps.userAgent).cluster(ROOT_CLUSTER), cluster: ROOT_CLUSTER };
    if (source !== 'Secret') throw new Error(`spec.credentials.source "${source ?? ''}" of ProviderConfig "${pc.metadata.name}" is not supported by Marina: use InjectedIdentity or Secret`);
    const ref = spec.credentials.secretRef ?? {};
    if (!ref.name || !ref.namespace || !ref.key) throw new Error(`spec.credentials.secretRef of ProviderConfig "${pc.metadata.name}" must set namespace, name and key`);
    track.object(ROOT_CLUSTER, ref.namespace, ref.name);
    const secret = await step(`cannot get credentials secret ${ref.namespace}/${ref.name}`, () => root.get({ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name }));
    const data = (secret.data ?? {}) as Record<string, string>;
    if (data[ref.key] === undefined) throw new Error(`credentials secret ${ref.namespace}/${ref.name} has no key "${ref.key}"`);
    const kc = this.kubeconfig(data[ref.key]!);
    const cluster = hubClusterOf(kc.server, this.deps.hubUrl());
    if (cluster) {
      if (!(await this.deps.authn.clusterUid(cluster))) throw new ClusterGoneError(cluster);
      const user = kc.token ? await this.deps.authn.authenticate(cluster, `Bearer ${kc.token}`) : undefined;
      if (!user) throw new Error(`the kubeconfig in secret ${ref.namespace}/${ref.name} is not valid for logical cluster "${cluster}" of this hub: Unauthorized`);
      return { client: new InProcessClient(this.deps.core, user, this.deps.userAgent).cluster(cluster), cluster };
    }
    const id = JSON.stringify(kc);
    let client = this.http.get(id);
    if (!client) {
      client = new HttpClusterClient({ ...kc, userAgent: this.deps.userAgent });
      this.http.set(id, client);
    }
    return { client };
  }
}

/** The kubeconfig names a logical cluster of this hub that does not exist (any more). */
export class ClusterGoneError extends Error {
  override readonly name = 'ClusterGoneError';
  constructor(readonly cluster: string) {
    super(`logical cluster ${JSON.stringify(cluster)} of this hub does not exist`);
  }
}

/** The cluster of a ClusterGoneError anywhere in `e`'s cause chain. */
export function clusterGone(e: unknown): string | undefined {
  for (let c: unknown = e; c instanceof Error; c = c.cause) if (c instanceof ClusterGoneError) return c.cluster;
  return undefined;
}

/**
 * A managed resource being deleted whose logical cluster is gone (with everything in it): nothing is left to
 * delete. `last` is the cluster it last wrote to, else the one `e` (the failure to connect) names.
 */
export async function deletedWithItsCluster(mr: KObject, last: string | undefined, e: unknown, authn: Authenticator): Promise<boolean> {
  const cluster = last ?? clusterGone(e);
  return !!mr.metadata.deletionTimestamp && !!cluster && cluster !== ROOT_CLUSTER && !(await authn.clusterUid(cluster));
}
