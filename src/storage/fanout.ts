/**
 * In-process delivery of store events to subscribers, indexed by resource and cluster so that an event
 * reaches only the watches that can want it. Nothing is allocated for a cluster nobody watches.
 */
import type { StoreEvent, WatchScope } from './store.ts';

type Sub = { scope: WatchScope; fn: (e: StoreEvent) => void };

export class Fanout {
  // resource -> cluster ('*' for all) -> subscribers
  private readonly subs = new Map<string, Map<string, Set<Sub>>>();

  private readonly all = new Set<(e: StoreEvent) => void>();

  subscribeAll(fn: (e: StoreEvent) => void): () => void {
    this.all.add(fn);
    return () => this.all.delete(fn);
  }

  subscribe(scope: WatchScope, fn: (e: StoreEvent) => void): () => void {
    const sub: Sub = { scope, fn };
    let byCluster = this.subs.get(scope.resource);
    if (!byCluster) this.subs.set(scope.resource, (byCluster = new Map()));
    const c = scope.cluster ?? '*';
    let set = byCluster.get(c);
    if (!set) byCluster.set(c, (set = new Set()));
    set.add(sub);
    return () => {
      set!.delete(sub);
      if (set!.size === 0) byCluster!.delete(c);
      if (byCluster!.size === 0) this.subs.delete(scope.resource);
    };
  }

  publish(e: StoreEvent): void {
    for (const fn of this.all) fn(e);
    const byCluster = this.subs.get(e.key.resource);
    if (!byCluster) return;
    for (const c of [e.key.cluster, '*']) {
      const set = byCluster.get(c);
      if (!set) continue;
      for (const s of set) if (matches(s.scope, e)) s.fn(e);
    }
  }

  get size(): number {
    let n = 0;
    for (const m of this.subs.values()) for (const s of m.values()) n += s.size;
    return n;
  }
}

export const matches = (s: WatchScope, e: StoreEvent) =>
  s.resource === e.key.resource && (s.cluster === undefined || s.cluster === e.key.cluster) && (s.namespace === undefined || s.namespace === e.key.namespace);
