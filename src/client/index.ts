/** The cluster client: one interface, an in-process and an HTTP implementation. */
export type { Client, ClusterClient, ListOpts, PatchKind, Ref, Watch, WatchEvent, WatchOpts, WriteOpts } from './types.ts';
export { InProcessClient } from './inprocess.ts';
export { HttpClusterClient, type HttpClusterConfig } from './http.ts';
