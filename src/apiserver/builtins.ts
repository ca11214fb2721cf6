/**
 * The built-in resources every logical cluster serves, derived from the upstream OpenAPI document's
 * paths (scope, verbs, subresources, kinds) plus what discovery adds that OpenAPI does not carry
 * (short names, singular names, categories). One shared table: no cluster allocates its own.
 */
import { swagger } from './schema/builtin.ts';
import type { ResourceType } from './resource.ts';

/** group/version/resource → [shortNames, categories]. Order is discovery order. */
const SERVED: Array<[string, string[], string[]?]> = [
  ['/v1/namespaces', ['ns']],
  ['/v1/configmaps', ['cm']],
  ['/v1/secrets', []],
  ['/v1/serviceaccounts', ['sa']],
  ['/v1/services', ['svc'], ['all']],
  ['/v1/endpoints', ['ep']],
  ['/v1/events', ['ev']],
  ['/v1/pods', ['po'], ['all']],
  ['/v1/podtemplates', []],
  ['/v1/replicationcontrollers', ['rc'], ['all']],
  ['/v1/persistentvolumeclaims', ['pvc']],
  ['/v1/persistentvolumes', ['pv']],
  ['/v1/resourcequotas', ['quota']],
  ['/v1/limitranges', ['limits']],
  ['/v1/nodes', ['no']],
  ['apps/v1/deployments', ['deploy'], ['all']],
  ['apps/v1/replicasets', ['rs'], ['all']],
  ['apps/v1/statefulsets', ['sts'], ['all']],
  ['apps/v1/daemonsets', ['ds'], ['all']],
  ['apps/v1/controllerrevisions', []],
  ['batch/v1/jobs', [], ['all']],
  ['batch/v1/cronjobs', ['cj'], ['all']],
  ['networking.k8s.io/v1/ingresses', ['ing']],
  ['networking.k8s.io/v1/ingressclasses', []],
  ['networking.k8s.io/v1/networkpolicies', ['netpol']],
  ['discovery.k8s.io/v1/endpointslices', []],
  ['autoscaling/v2/horizontalpodautoscalers', ['hpa'], ['all']],
  ['policy/v1/poddisruptionbudgets', ['pdb']],
  ['rbac.authorization.k8s.io/v1/roles', []],
  ['rbac.authorization.k8s.io/v1/rolebindings', []],
  ['rbac.authorization.k8s.io/v1/clusterroles', []],
  ['rbac.authorization.k8s.io/v1/clusterrolebindings', []],
  ['coordination.k8s.io/v1/leases', []],
  ['events.k8s.io/v1/events', ['ev']],
  ['apiextensions.k8s.io/v1/customresourcedefinitions', ['crd', 'crds'], ['api-extensions']],
  ['apiregistration.k8s.io/v1/apiservices', [], ['api-extensions']],
  ['scheduling.k8s.io/v1/priorityclasses', ['pc']],
  ['storage.k8s.io/v1/storageclasses', ['sc']],
  ['admissionregistration.k8s.io/v1/validatingwebhookconfigurations', [], ['api-extensions']],
  ['admissionregistration.k8s.io/v1/mutatingwebhookconfigurations', [], ['api-extensions']],
  ['authorization.k8s.io/v1/selfsubjectaccessreviews', []],
  ['authorization.k8s.io/v1/selfsubjectrulesreviews', []],
  ['authorization.k8s.io/v1/subjectaccessreviews', []],
  ['authorization.k8s.io/v1/localsubjectaccessreviews', []],
  ['authentication.k8s.io/v1/selfsubjectreviews', []],
  ['authentication.k8s.io/v1/tokenreviews', []],
];

const ACTION_VERBS: Record<string, string[]> = {
  get: ['get'],
  list: ['list', 'watch'],
  post: ['create'],
  put: ['update'],
  patch: ['patch'],
  delete: ['delete'],
  deletecollection: ['deletecollection'],
};

const VERB_ORDER = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

let table: ResourceType[] | undefined;

/** The built-in resource types, in discovery order. Computed once from the OpenAPI document. */
export function builtinResources(): ResourceType[] {
  if (table) return table;
  const doc = swagger();
  const out: ResourceType[] = [];
  for (const [gvr, shortNames, categories] of SERVED) {
    const [group, version, resource] = gvr.split('/') as [string, string, string];
    const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const nsBase = `${prefix}/namespaces/{namespace}/${resource}`;
    const clBase = `${prefix}/${resource}`;
    const namespaced = resource !== 'namespaces' && (doc.paths[nsBase] !== undefined || doc.paths[`${nsBase}/{name}`] !== undefined);
    const base = namespaced ? nsBase : clBase;
    const verbs = new Set<string>();
    let kind = '';
    for (const p of [base, `${base}/{name}`]) {
      for (const op of Object.values(doc.paths[p] ?? {})) {
        if (!op || typeof op !== 'object' || !op['x-kubernetes-action']) continue;
        for (const v of ACTION_VERBS[op['x-kubernetes-action']] ?? []) verbs.add(v);
        kind ||= op['x-kubernetes-group-version-kind']?.kind ?? '';
      }
    }
    if (!kind) throw new Error(`built-in resource ${gvr} is not in the OpenAPI document`);
    const subresources: ResourceType['subresources'] = {};
    for (const sub of ['status', 'scale', 'token']) {
      const ops = doc.paths[`${base}/{name}/${sub}`];
      if (!ops) continue;
      const k = Object.values(ops).find((o: any) => o?.['x-kubernetes-group-version-kind'])?.['x-kubernetes-group-version-kind'];
      (subresources as Record<string, unknown>)[sub] = { kind: k?.kind ?? kind, group: k?.group ?? group, version: k?.version ?? version };
    }
    out.push({
      group,
      version,
      versions: [version],
      resource,
      kind,
      listKind: `${kind}List`,
      singular: kind.toLowerCase(),
      namespaced,
      shortNames,
      categories: categories ?? [],
      verbs: VERB_ORDER.filter((v) => verbs.has(v)),
      subresources,
      builtin: true,
    });
  }
  table = out;
  return out;
}
