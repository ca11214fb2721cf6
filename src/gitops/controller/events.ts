/**
 * Kubernetes Events on an Application, in Argo CD's reasons, so `kubectl get events -n argocd` explains what
 * happened; other controllers of the hub report on their objects the same way, naming themselves in `component`.
 */
import type { KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';

let seq = 0;

export async function emitEvent(
  client: ClusterClient,
  obj: KObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  opts: { component?: string; now?: number } = {},
): Promise<void> {
  const at = opts.now ?? Date.now();
  const now = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z');
  const name = `${obj.metadata.name}.${at.toString(16)}${(seq++ % 4096).toString(16)}`;
  await client
    .create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: obj.metadata.namespace },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
      reason,
      message,
      type,
      source: { component: opts.component ?? 'argocd-application-controller' },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    } as KObject)
    .catch(() => undefined); // An event is best-effort: never fail a reconcile over it.
}
