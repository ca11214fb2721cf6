/**
 * Argo CD keeps the live state of what its apps deploy in a cluster cache fed by watches, so comparing an
 * app again costs no reads. This is that cache for the objects comparisons read from a logical cluster of this
 * hub: an entry is made by the first read of a key and then kept current by the store's events, so an app with
 * thousands of resources (the hub's `platform` app: one claim per tenant) is compared again without reading
 * and parsing each of them. Entries are frozen copies, shared with no writer; bounded, oldest out first.
 */
import type { KObject } from '../../apiserver/types.ts';
import type { ObjectKey, StoreEvent } from '../../storage/store.ts';

const keyOf = (k: ObjectKey) => `${k.cluster}|${k.resource}|${k.namespace}|${k.name}`;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export class LiveCache {
  /** Key → the live object (undefined: known not to exist). */
  private readonly entries = new Map<string, Readonly<KObject> | undefined>();
  /** Keys being read, and whether an event for them came in meanwhile (then the read is not cached). */
  private readonly loading = new Map<string, boolean>();

  constructor(private readonly max = 200_000) {}

  /** Every store event: the entries it concerns follow it. */
  observe(e: StoreEvent): void {
    if (!this.entries.size && !this.loading.size) return;
    const k = keyOf(e.key);
    if (this.loading.has(k)) this.loading.set(k, true);
    if (this.entries.has(k)) this.entries.set(k, e.type === 'DELETED' ? undefined : deepFreeze(structuredClone(e.object)));
  }

  /** The live object of `key` (frozen: do not modify it), read with `load` when not cached yet. */
  async get(key: ObjectKey, load: () => Promise<KObject | undefined>): Promise<Readonly<KObject> | undefined> {
    const k = keyOf(key);
    if (this.entries.has(k)) return this.entries.get(k);
    const concurrent = this.loading.has(k);
    if (!concurrent) this.loading.set(k, false);
    let o: KObject | undefined;
    try {
      o = await load();
    } catch (e) {
      if (!concurrent) this.loading.delete(k);
      throw e;
    }
    if (concurrent) return o;
    const changed = this.loading.get(k);
    this.loading.delete(k);
    if (changed) return o;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(k, o && deepFreeze(structuredClone(o)));
    return this.entries.get(k);
  }

  get size(): number {
    return this.entries.size;
  }
}
