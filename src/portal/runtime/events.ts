/**
 * Which tenant a store event concerns, for the runtime's server-sent events: one store subscription for the
 * whole hub, fanned out to the connections that listen for a tenant. Nothing is held for a tenant without an
 * open connection.
 *
 * An event concerns tenant T when it happens in T's logical cluster, is T's LogicalCluster, or is in the root
 * cluster and belongs to T's claim (the claim itself, or a composite or composed resource labelled
 * `crossplane.io/claim-name` = the claim's name in the claim's namespace).
 */
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import { LOGICAL_CLUSTERS } from '../../auth/authn.ts';
import type { Store, StoreEvent } from '../../storage/store.ts';

const CLAIM_NAME = 'crossplane.io/claim-name';
const CLAIM_NAMESPACE = 'crossplane.io/claim-namespace';

export interface ClaimRef {
  namespace: string;
  name: string;
}

export function tenantsOf(e: StoreEvent, listening: Iterable<string>, claimOf: (tenant: string) => ClaimRef | undefined): string[] {
  const out: string[] = [];
  for (const t of listening) if (concerns(e, t, claimOf(t))) out.push(t);
  return out;
}

export function concerns(e: StoreEvent, tenant: string, claim: ClaimRef | undefined): boolean {
  if (e.key.cluster === tenant) return true;
  if (e.key.cluster !== ROOT_CLUSTER) return false;
  if (e.key.resource === LOGICAL_CLUSTERS) return e.key.name === tenant;
  if (!claim) return false;
  if (e.key.namespace === claim.namespace && e.key.name === claim.name) return true;
  const l = e.object.metadata.labels ?? {};
  return l[CLAIM_NAME] === claim.name && l[CLAIM_NAMESPACE] === claim.namespace;
}

export class TenantEvents {
  private readonly listeners = new Map<string, Set<() => void>>();
  private unsubscribe?: () => void;

  constructor(private readonly store: Store, private readonly claimOf: (tenant: string) => ClaimRef | undefined) {}

  /** Calls `fn` on every change that concerns the tenant, until the returned function is called. */
  listen(tenant: string, fn: () => void): () => void {
    if (!this.unsubscribe) this.unsubscribe = this.store.onAnyEvent((e) => this.dispatch(e));
    let set = this.listeners.get(tenant);
    if (!set) this.listeners.set(tenant, (set = new Set()));
    set.add(fn);
    return () => {
      set!.delete(fn);
      if (set!.size === 0) this.listeners.delete(tenant);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** A change the store does not see (a commit to the hub repository). */
  notify(tenant: string): void {
    for (const fn of this.listeners.get(tenant) ?? []) fn();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private dispatch(e: StoreEvent): void {
    if (this.listeners.size === 0) return;
    for (const t of tenantsOf(e, this.listeners.keys(), this.claimOf)) this.notify(t);
  }
}
