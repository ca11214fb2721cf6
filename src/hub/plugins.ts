/**
 * Marina's built-in admission plugins: server-computed state that upstream controllers would set at
 * once (CRD acceptance, LogicalCluster readiness and default namespaces, service-account token secrets).
 */
import type { AdmissionPlugin } from '../apiserver/admission.ts';
import { invalid } from '../apiserver/errors.ts';
import { crdAcceptedStatus, crdDefaults, validateCRD } from '../apiserver/schema/index.ts';
import type { Store } from '../storage/store.ts';
import type { KObject } from '../apiserver/types.ts';
import { newUid, now } from '../apiserver/util.ts';
import type { TokenIssuer } from '../auth/tokens.ts';
import type { Authenticator } from '../auth/authn.ts';
import { serviceAccountUser } from '../auth/authn.ts';

export const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
export const LC_FINALIZER = 'core.marina.io/logicalcluster';

/** A namespace object as the API would store it, for seeding a new cluster in one step. */
export function namespaceObject(name: string): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: newUid(), creationTimestamp: now(), labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** The default namespaces of a new cluster, in one transaction (existing ones are kept). */
export async function seedCluster(store: Store, cluster: string): Promise<void> {
  await store.createMany(DEFAULT_NAMESPACES.map((ns) => ({ key: { resource: '/namespaces', cluster, namespace: '', name: ns }, obj: namespaceObject(ns) })));
}

export function builtinPlugins(store: Store, issuer: TokenIssuer, authn: Authenticator, baseUrl: () => string): AdmissionPlugin[] {
  return [
    {
      name: 'CustomResourceDefinition',
      async mutate(req) {
        if (req.type.group !== 'apiextensions.k8s.io' || req.subresource || !req.object) return;
        const causes = validateCRD(req.object);
        if (causes.length) throw invalid('apiextensions.k8s.io', 'CustomResourceDefinition', req.object.metadata.name ?? '', causes);
        const o = crdDefaults({ ...req.object, status: req.oldObject?.status ?? {} });
        o.status = crdAcceptedStatus(o);
        return { object: o };
      },
    },
    {
      name: 'NamespaceLabel',
      async mutate(req) {
        if (req.type.group !== '' || req.type.resource !== 'namespaces' || !req.object) return;
        const o = req.object;
        o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name! };
        return { object: o };
      },
    },
    {
      name: 'LogicalCluster',
      async mutate(req) {
        if (req.type.group !== 'core.marina.io' || !req.object || req.subresource) return;
        const o = req.object;
        if (req.operation === 'CREATE') {
          o.metadata.finalizers = [...new Set([...(o.metadata.finalizers ?? []), LC_FINALIZER])];
          o.status = { phase: 'Ready', URL: `${baseUrl()}/clusters/${o.metadata.name}` };
          // Seed before the cluster object exists: once it is acknowledged, the cluster is complete.
          if (!req.dryRun) await seedCluster(store, o.metadata.name!);
        }
        return { object: o };
      },
    },
    {
      name: 'ServiceAccountToken',
      async mutate(req) {
        const o = req.object;
        if (req.type.group !== '' || req.type.resource !== 'secrets' || !o || (o as any).type !== 'kubernetes.io/service-account-token') return;
        const saName = o.metadata.annotations?.['kubernetes.io/service-account.name'];
        if (!saName || (o as any).data?.token) return;
        const sa = await store.get({ resource: '/serviceaccounts', cluster: req.cluster, namespace: o.metadata.namespace!, name: saName });
        if (!sa) return;
        const u = serviceAccountUser(o.metadata.namespace!, saName);
        const token = issuer.sign({ sub: u.username, grp: u.groups, cl: req.cluster, cuid: (await authn.clusterUid(req.cluster))!, sa: { ns: o.metadata.namespace!, name: saName, uid: sa.metadata.uid! } });
        o.metadata.annotations = { ...o.metadata.annotations, 'kubernetes.io/service-account.uid': sa.metadata.uid! };
        (o as any).data = { ...((o as any).data ?? {}), token: Buffer.from(token).toString('base64'), namespace: Buffer.from(o.metadata.namespace!).toString('base64') };
        return { object: o };
      },
    },
  ];
}
