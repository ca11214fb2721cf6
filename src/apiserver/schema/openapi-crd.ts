/**
 * /openapi/v3/apis/<group>/<version> for custom resources, as apiextensions' OpenAPI builder publishes it:
 * each CRD version's schema under `<reversed group>.<version>.<Kind>` (metadata as a ref to ObjectMeta),
 * a `<Kind>List`, the meta types they use, and the REST paths of the resource. The paths are the built-in
 * Deployment's (or its cluster-scoped form) with names substituted, so parameters such as `fieldValidation`
 * on PATCH (which kubectl looks for to decide that the server validates fields) match upstream exactly.
 */
import { swagger } from './builtin.ts';
import { componentSchemas, convertPathItem, definitionClosure, v3Document } from './openapi-v3.ts';
import { clone } from '../types.ts';

type Obj = Record<string, any>;
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const TEMPLATE = { prefix: '/apis/apps/v1', plural: 'deployments', kind: 'Deployment', def: 'io.k8s.api.apps.v1.Deployment', op: 'AppsV1', tag: 'apps_v1' };

/** `argoproj.io` → `io.argoproj`, the definition-name prefix upstream uses for CRDs. */
export const reversedGroup = (group: string) => group.split('.').reverse().join('.');
export const crdDefinitionName = (group: string, version: string, kind: string) => `${reversedGroup(group)}.${version}.${kind}`;

/** `argoproj.io`/`v1alpha1` → `ArgoprojIoV1alpha1` as in operation ids; the tag is `argoprojIo_v1alpha1`. */
function opPart(group: string, version: string): { op: string; tag: string } {
  const camel = group.split(/[.-]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  const v = version[0]!.toUpperCase() + version.slice(1);
  return { op: `${camel}${v}`, tag: `${camel[0]!.toLowerCase()}${camel.slice(1)}_${version}` };
}

const API_VERSION_DESC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DESC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const OBJECT_META_DESC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const LIST_META_DESC = 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

function kindSchema(schema: Obj | undefined, group: string, version: string, kind: string): Obj {
  const s: Obj = clone(schema) ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  s.type ??= 'object';
  s.properties = {
    apiVersion: { description: API_VERSION_DESC, type: 'string' },
    kind: { description: KIND_DESC, type: 'string' },
    metadata: { allOf: [{ $ref: `#/components/schemas/${META}.ObjectMeta` }], description: OBJECT_META_DESC },
    ...Object.fromEntries(Object.entries(s.properties ?? {}).filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k))),
  };
  s['x-kubernetes-group-version-kind'] = [{ group, kind, version }];
  return s;
}

function listSchema(group: string, version: string, kind: string, plural: string): Obj {
  return {
    description: `${kind}List is a list of ${kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { description: API_VERSION_DESC, type: 'string' },
      items: {
        description: `List of ${plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: 'array',
        items: { $ref: `#/components/schemas/${crdDefinitionName(group, version, kind)}` },
      },
      kind: { description: KIND_DESC, type: 'string' },
      metadata: { allOf: [{ $ref: `#/components/schemas/${META}.ListMeta` }], description: LIST_META_DESC },
    },
    'x-kubernetes-group-version-kind': [{ group, kind: `${kind}List`, version }],
  };
}

/** Rewrites a Deployment path item into the CRD's: names, operation ids, tags, GVK and schema refs. */
function rewrite(item: Obj, group: string, version: string, kind: string, cluster: boolean): Obj {
  const { op, tag } = opPart(group, version);
  const def = crdDefinitionName(group, version, kind);
  const str = (s: string, k?: string) => {
    let out = s.split(`#/components/schemas/${TEMPLATE.def}`).join(`#/components/schemas/${def}`);
    out = out.replace(TEMPLATE.op, op).replace(TEMPLATE.tag, tag).split(TEMPLATE.kind).join(kind);
    return cluster && k === 'operationId' ? out.replace('Namespaced', '') : out;
  };
  const walk = (x: any, k?: string): any => {
    if (typeof x === 'string') return k === 'x-kubernetes-action' ? x : str(x, k);
    if (Array.isArray(x)) return x.map((v) => walk(v));
    if (x === null || typeof x !== 'object') return x;
    if (k === 'x-kubernetes-group-version-kind') return { group, kind: x.kind === 'Scale' ? 'Scale' : kind, version };
    const out: Obj = {};
    for (const [kk, v] of Object.entries(x)) {
      // Custom resources take no strategic merge patch and speak no protobuf or CBOR: kubectl reads these
      // media types to choose its patch type, so they must not be advertised.
      if (k === 'content' && /strategic-merge-patch|protobuf|cbor/.test(kk)) continue;
      if (cluster && kk === 'parameters' && Array.isArray(v)) out[kk] = v.filter((p: Obj) => p.name !== 'namespace').map((p) => walk(p));
      else out[kk] = walk(v, kk);
    }
    return out;
  };
  const out = walk(item);
  // the scale subresource speaks autoscaling/v1 Scale: keep its GVK rather than the CRD's
  for (const m of Object.values(out) as Obj[]) {
    const gvk = m?.['x-kubernetes-group-version-kind'];
    if (gvk?.kind === 'Scale') m['x-kubernetes-group-version-kind'] = { group: 'autoscaling', kind: 'Scale', version: 'v1' };
  }
  return out;
}

function pathsFor(crd: Obj, version: Obj): Obj {
  const { group, names, scope } = crd.spec;
  const cluster = scope === 'Cluster';
  const t = `${TEMPLATE.prefix}/namespaces/{namespace}/${TEMPLATE.plural}`;
  const base = `/apis/${group}/${version.name}`;
  const own = cluster ? `${base}/${names.plural}` : `${base}/namespaces/{namespace}/${names.plural}`;
  const pairs: Array<[string, string]> = [[t, own], [`${t}/{name}`, `${own}/{name}`]];
  if (!cluster) pairs.push([`${TEMPLATE.prefix}/${TEMPLATE.plural}`, `${base}/${names.plural}`]);
  if (version.subresources?.status) pairs.push([`${t}/{name}/status`, `${own}/{name}/status`]);
  if (version.subresources?.scale) pairs.push([`${t}/{name}/scale`, `${own}/{name}/scale`]);
  const out: Obj = {};
  for (const [from, to] of pairs) out[to] = rewrite(convertPathItem(swagger().paths[from]!), group, version.name, names.kind, cluster);
  return out;
}

/** The OpenAPI v3 document of one custom group version, covering every CRD serving that version. */
export function crdOpenAPIV3(group: string, version: string, crds: Obj[]): Obj {
  const paths: Obj = {};
  const schemas: Obj = {};
  let scale = false;
  for (const crd of crds) {
    if (crd?.spec?.group !== group) continue;
    const v = (crd.spec.versions ?? []).find((x: Obj) => x?.name === version && x.served);
    if (!v) continue;
    const { kind, plural } = crd.spec.names;
    schemas[crdDefinitionName(group, version, kind)] = kindSchema(v.schema?.openAPIV3Schema, group, version, kind);
    schemas[crdDefinitionName(group, version, `${kind}List`)] = listSchema(group, version, kind, plural);
    Object.assign(paths, pathsFor(crd, v));
    scale ||= Boolean(v.subresources?.scale);
  }
  if (Object.keys(paths).length) {
    const { op, tag } = opPart(group, version);
    const discovery = rewrite(convertPathItem(swagger().paths[`${TEMPLATE.prefix}/`]!), group, version, '', false);
    discovery.get.operationId = `get${op}APIResources`;
    discovery.get.tags = [tag];
    paths[`/apis/${group}/${version}/`] = discovery;
  }
  const refs = new Set<string>([`${META}.ObjectMeta`, `${META}.ListMeta`, `${META}.Status`, `${META}.DeleteOptions`, `${META}.Patch`, `${META}.APIResourceList`]);
  if (scale) refs.add('io.k8s.api.autoscaling.v1.Scale');
  Object.assign(schemas, componentSchemas(definitionClosure(refs)));
  return v3Document(sortKeys(paths), sortKeys(schemas));
}

const sortKeys = (o: Obj): Obj => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
