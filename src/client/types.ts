/**
 * The cluster client every controller uses: one interface, two implementations (in-process, calling the
 * API core with the same admission/validation/resourceVersion semantics, and HTTP for remote clusters).
 * Clients take the cluster per call: `client.cluster('tenant-a').get(...)`.
 */
import type { KObject } from '../apiserver/types.ts';

/** A resource addressed by apiVersion and kind, as manifests name it. */
export interface Ref {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
}

export interface ListOpts {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface WriteOpts {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  force?: boolean;
}

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KObject;
}

export interface WatchOpts extends ListOpts {
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
}

export interface Watch {
  stop(): void;
  /** Resolves when the stream ends (server timeout, error, or stop()). */
  done: Promise<void>;
}

export interface ClusterClient {
  /** A read; `subresource` reads a subresource view (e.g. a LogicalCluster's `kubeconfig`). */
  get(ref: Ref, opts?: { subresource?: string }): Promise<KObject>;
  list(ref: Omit<Ref, 'name'>, opts?: ListOpts): Promise<{ items: KObject[]; metadata: { resourceVersion?: string; continue?: string } }>;
  create(obj: KObject, opts?: WriteOpts): Promise<KObject>;
  update(obj: KObject, opts?: WriteOpts): Promise<KObject>;
  updateStatus(obj: KObject, opts?: WriteOpts): Promise<KObject>;
  patch(ref: Ref, type: PatchKind, patch: unknown, opts?: WriteOpts): Promise<KObject>;
  /** Server-side apply of a full object (fieldManager required). */
  apply(obj: KObject, opts: WriteOpts & { fieldManager: string }): Promise<KObject>;
  delete(ref: Ref, opts?: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; dryRun?: boolean }): Promise<void>;
  watch(ref: Omit<Ref, 'name'>, opts: WatchOpts, onEvent: (e: WatchEvent) => void): Promise<Watch>;
  /** Whether the cluster serves this apiVersion/kind (and whether it is namespaced). */
  resourceFor(apiVersion: string, kind: string): Promise<{ resource: string; namespaced: boolean } | undefined>;
}

export interface Client {
  cluster(name: string): ClusterClient;
}
