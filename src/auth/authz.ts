/**
 * The RBAC authorizer of every logical cluster: the cluster's stored Roles and bindings over the shared
 * bootstrap policy (cluster-admin, admin, edit, view, discovery roles), which is never copied into a
 * cluster. A cluster's index is built on first use and dropped when any of its RBAC objects change.
 */
import type { Authorizer } from '../apiserver/core.ts';
import type { KObject, UserInfo } from '../apiserver/types.ts';
import type { Store } from '../storage/store.ts';
import { aggregateClusterRoles, appliesToUser, authorize, bootstrapPolicy, rulesFor, type PolicySource, type ClusterRole, type ClusterRoleBinding, type Role, type RoleBinding } from './rbac/index.ts';

export const RBAC_RESOURCES = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'].map((r) => `rbac.authorization.k8s.io/${r}`);

const MAX_CACHED = 2048;

export class RbacAuthorizer implements Authorizer {
  private readonly cache = new Map<string, PolicySource>();
  private readonly bootstrap = bootstrapPolicy();

  constructor(private readonly store: Store) {}

  invalidate(cluster: string): void {
    this.cache.delete(cluster);
  }

  async source(cluster: string): Promise<PolicySource> {
    const hit = this.cache.get(cluster);
    if (hit) return hit;
    const [roles, rbs, crs, crbs] = await Promise.all(RBAC_RESOURCES.map(async (r) => (await this.store.list(r, { cluster })).items));
    const byName = <T extends KObject>(base: T[], stored: T[]) => {
      const m = new Map(base.map((o) => [o.metadata.name!, o]));
      for (const o of stored) m.set(o.metadata.name!, o);
      return [...m.values()];
    };
    const clusterRoles = aggregateClusterRoles(byName(this.bootstrap.clusterRoles as unknown as KObject[], crs!) as unknown as ClusterRole[]);
    const crByName = new Map(clusterRoles.map((r) => [r.metadata.name!, r]));
    const rolesByNs = new Map<string, Map<string, Role>>();
    for (const r of roles! as unknown as Role[]) {
      const ns = r.metadata.namespace!;
      if (!rolesByNs.has(ns)) rolesByNs.set(ns, new Map());
      rolesByNs.get(ns)!.set(r.metadata.name!, r);
    }
    const rbsByNs = new Map<string, RoleBinding[]>();
    for (const b of rbs! as unknown as RoleBinding[]) rbsByNs.set(b.metadata.namespace!, [...(rbsByNs.get(b.metadata.namespace!) ?? []), b]);
    const clusterRoleBindings = byName(this.bootstrap.clusterRoleBindings as unknown as KObject[], crbs!) as unknown as ClusterRoleBinding[];
    const src: PolicySource = {
      getRole: (ns, name) => rolesByNs.get(ns)?.get(name),
      getClusterRole: (name) => crByName.get(name),
      listRoleBindings: (ns) => rbsByNs.get(ns) ?? [],
      listClusterRoleBindings: () => clusterRoleBindings,
    };
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cluster, src);
    return src;
  }

  async authorize(cluster: string, user: UserInfo, a: { verb: string; group: string; resource: string; subresource?: string; namespace?: string; name?: string }) {
    // The superuser group short-circuits, as upstream's privileged group does.
    if (user.groups.includes('system:masters')) return { allowed: true, reason: '' };
    return authorize({ user, verb: a.verb, apiGroup: a.group, resource: a.resource, subresource: a.subresource ?? '', namespace: a.namespace ?? '', name: a.name ?? '', isResourceRequest: true } as never, await this.source(cluster));
  }

  /** The Roles (`ns:name`) and ClusterRoles bound to a user in a namespace, as Kyverno's `roles`/`clusterRoles` see them. */
  async rolesOf(cluster: string, user: UserInfo, namespace: string | undefined): Promise<{ roles: string[]; clusterRoles: string[] }> {
    const src = await this.source(cluster);
    const roles = new Set<string>();
    const clusterRoles = new Set<string>();
    for (const b of src.listClusterRoleBindings()) if ((b.subjects ?? []).some((s) => appliesToUser(user, s, ''))) clusterRoles.add(b.roleRef.name);
    if (namespace)
      for (const b of src.listRoleBindings(namespace)) {
        if (!(b.subjects ?? []).some((s) => appliesToUser(user, s, namespace))) continue;
        if (b.roleRef.kind === 'Role') roles.add(`${namespace}:${b.roleRef.name}`);
        else clusterRoles.add(b.roleRef.name);
      }
    return { roles: [...roles], clusterRoles: [...clusterRoles] };
  }

  async rules(cluster: string, user: UserInfo, namespace: string) {
    if (user.groups.includes('system:masters'))
      return { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false };
    return rulesFor(user, namespace, await this.source(cluster));
  }
}
