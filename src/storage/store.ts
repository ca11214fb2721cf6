/**
 * The Store: every object of every logical cluster, addressed by (resource, cluster, namespace, name),
 * with one global, monotonically increasing resourceVersion and a durable event log that watches resume
 * from. Two backends implement it (SQLite by default, PostgreSQL at scale) and both pass
 * `conformance.ts`.
 */
import type { KObject } from '../apiserver/types.ts';

/** Where an object lives. `resource` is `<group>/<plural>` (`/pods` for the core group). */
export interface ObjectKey {
  resource: string;
  cluster: string;
  namespace: string; // '' for cluster-scoped objects
  name: string;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  key: ObjectKey;
  rv: number;
  /** The object after the change (for DELETED, the last state, with the deletion's resourceVersion). */
  object: KObject;
  /** The object before the change, for MODIFIED and DELETED when the store knows it (live events only). */
  previous?: KObject;
}

export interface ListOptions {
  /** Restrict to one cluster; undefined lists across every cluster (controllers' wildcard view). */
  cluster?: string;
  namespace?: string;
  limit?: number;
  /** Exclusive start after this (cluster, namespace, name), for pagination. */
  after?: { cluster: string; namespace: string; name: string };
}

export interface ListResult {
  items: KObject[];
  /** The logical cluster of each item (parallel to `items`). */
  clusters: string[];
  /** The store revision the list was read at. */
  rv: number;
  /** Set when `limit` cut the list: how many matching objects remain. */
  remaining?: number;
}

/** Precondition for a write: the stored resourceVersion must equal this. */
export interface WriteOptions {
  expectRv?: number;
}

export interface Watcher {
  close(): void;
}

/** A filter on which events a subscription receives, matched cheaply before any decoding. */
export interface WatchScope {
  resource: string;
  cluster?: string; // undefined = every cluster
  namespace?: string;
}

export interface Store {
  get(key: ObjectKey): Promise<KObject | undefined>;
  list(resource: string, opts?: ListOptions): Promise<ListResult>;
  /** Inserts a new object; throws StoreConflict('exists') when the key is taken. Returns it with its rv. */
  create(key: ObjectKey, obj: KObject): Promise<KObject>;
  /** Inserts several objects in one transaction, skipping keys that exist. Returns how many were inserted. */
  createMany(entries: Array<{ key: ObjectKey; obj: KObject }>): Promise<number>;
  /** Replaces an object; throws StoreConflict('missing'|'rv') on a missing key or a stale expectRv. */
  update(key: ObjectKey, obj: KObject, opts?: WriteOptions): Promise<KObject>;
  /** Removes an object; throws StoreConflict('missing'|'rv'). Returns the last state. */
  delete(key: ObjectKey, opts?: WriteOptions): Promise<KObject>;
  /** Removes every object of a cluster (its deletion), emitting DELETED events. Returns how many. */
  deleteCluster(cluster: string): Promise<number>;
  /** Keys of the objects whose ownerReferences name this uid, within one cluster. */
  dependents(cluster: string, ownerUid: string): Promise<ObjectKey[]>;
  /** Keys of every object in one namespace of a cluster, whatever its resource (namespace deletion). */
  keysInNamespace(cluster: string, namespace: string): Promise<ObjectKey[]>;
  /** (cluster, uid) of owners named in ownerReferences that no longer exist (garbage collection on start). */
  danglingOwners(): Promise<Array<{ cluster: string; uid: string }>>;
  /** Live events of every resource in every cluster (controllers that react to any deletion). */
  onAnyEvent(fn: (e: StoreEvent) => void): () => void;
  /** Whether an object with this uid exists in the cluster. */
  uidExists(cluster: string, uid: string): Promise<boolean>;
  /** Counts objects of a resource in a cluster (and namespace). */
  count(resource: string, cluster: string, namespace?: string): Promise<number>;
  /** The current revision. */
  revision(): Promise<number>;
  /** The oldest revision a watch can still resume from (events after it are retained). */
  oldestRevision(): Promise<number>;
  /**
   * Replays retained events with rv > fromRv matching the scope, then delivers live ones, in order.
   * Throws StoreGone when fromRv is older than the retained log.
   */
  watch(scope: WatchScope, fromRv: number, onEvent: (e: StoreEvent) => void): Promise<Watcher>;
  close(): Promise<void>;
}

export class StoreConflict extends Error {
  constructor(readonly why: 'exists' | 'missing' | 'rv', readonly currentRv?: number) {
    super(`store conflict: ${why}`);
  }
}

export class StoreGone extends Error {
  constructor(readonly requested: number, readonly oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

export const keyString = (k: ObjectKey) => `${k.resource}|${k.cluster}|${k.namespace}|${k.name}`;

/** The owner uids an object names, for the dependents index. */
export const ownerUids = (o: KObject): string[] => (o.metadata.ownerReferences ?? []).map((r) => r.uid).filter(Boolean);
