/**
 * Authentication of API requests: a bearer token must verify, name the requested logical cluster and
 * that cluster's current uid, and (for a service account) an account that still exists.
 */
import type { UserInfo } from '../apiserver/types.ts';
import type { Store } from '../storage/store.ts';
import { ROOT_CLUSTER } from '../apiserver/registry.ts';
import type { TokenIssuer } from './tokens.ts';

export const LOGICAL_CLUSTERS = 'core.marina.io/logicalclusters';

export class Authenticator {
  private readonly uids = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly issuer: TokenIssuer,
    private readonly rootUid: string,
  ) {}

  /** Forget a cluster's cached uid (its LogicalCluster changed). */
  invalidate(cluster: string): void {
    this.uids.delete(cluster);
  }

  async clusterUid(cluster: string): Promise<string | undefined> {
    if (cluster === ROOT_CLUSTER) return this.rootUid;
    const hit = this.uids.get(cluster);
    if (hit) return hit;
    const lc = await this.store.get({ resource: LOGICAL_CLUSTERS, cluster: ROOT_CLUSTER, namespace: '', name: cluster });
    const uid = lc && !lc.metadata.deletionTimestamp ? lc.metadata.uid : undefined;
    if (uid) {
      if (this.uids.size > 10_000) this.uids.clear();
      this.uids.set(cluster, uid);
    }
    return uid;
  }

  async authenticate(cluster: string, authorization: string | undefined): Promise<UserInfo | undefined> {
    const m = authorization?.match(/^Bearer\s+(\S+)$/i);
    if (!m) return undefined;
    const c = this.issuer.verify(m[1]!);
    if (!c || c.cl !== cluster) return undefined;
    if (c.cuid !== (await this.clusterUid(cluster))) return undefined;
    if (c.sa) {
      const sa = await this.store.get({ resource: '/serviceaccounts', cluster, namespace: c.sa.ns, name: c.sa.name });
      if (!sa || sa.metadata.uid !== c.sa.uid) return undefined;
    }
    const groups = [...c.grp];
    if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
    return { username: c.sub, uid: c.jti, groups };
  }
}

export const serviceAccountUser = (ns: string, name: string) => ({
  username: `system:serviceaccount:${ns}:${name}`,
  groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`],
});
