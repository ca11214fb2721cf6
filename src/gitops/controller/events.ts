/** Kubernetes Events on an Application, in Argo CD's reasons, so `kubectl get events -n argocd` explains what happened. */
import type { KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';

let seq = 0;

export async function emitEvent(client: ClusterClient, app: KObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const name = `${app.metadata.name}.${Date.now().toString(16)}${(seq++ % 4096).toString(16)}`;
  await client
    .create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: app.metadata.namespace },
      involvedObject: { apiVersion: app.apiVersion, kind: app.kind, name: app.metadata.name, namespace: app.metadata.namespace, uid: app.metadata.uid, resourceVersion: app.metadata.resourceVersion },
      reason,
      message,
      type,
      source: { component: 'argocd-application-controller' },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    } as KObject)
    .catch(() => undefined); // An event is best-effort: never fail a reconcile over it.
}
