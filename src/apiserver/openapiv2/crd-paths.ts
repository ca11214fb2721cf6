/**
 * Minimal REST paths of a custom resource in /openapi/v2: collection, item, all-namespaces list, and the
 * status/scale subresources it serves (no watch paths, as apiextensions' builder). They are the built-in
 * Deployment's v2 path items with names, operation ids, tags, GVK and `$ref`s substituted, so parameters
 * (fieldValidation, dryRun, fieldManager…) are upstream's own; media types a custom resource does not
 * speak (protobuf, CBOR, strategic merge patch) are dropped.
 */
import type { SwaggerJSON } from './types.ts';

type Obj = Record<string, any>;

const TEMPLATE = { prefix: '/apis/apps/v1', plural: 'deployments', kind: 'Deployment', def: 'io.k8s.api.apps.v1.Deployment', op: 'AppsV1', tag: 'apps_v1' };
const UNSUPPORTED_MEDIA = new Set(['application/vnd.kubernetes.protobuf', 'application/cbor', 'application/strategic-merge-patch+json', 'application/apply-patch+cbor']);

export interface CRDNames {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  namespaced: boolean;
  /** Definition names of the kind and its list. */
  def: string;
  listDef: string;
  status: boolean;
  scale: boolean;
}

/** `argoproj.io`/`v1alpha1` → `ArgoprojIoV1alpha1` in operation ids; the tag is `argoprojIo_v1alpha1`. */
function opPart(group: string, version: string): { op: string; tag: string } {
  const camel = group.split(/[.-]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  const v = version[0]!.toUpperCase() + version.slice(1);
  return { op: `${camel}${v}`, tag: `${camel[0]!.toLowerCase()}${camel.slice(1)}_${version}` };
}

/** A deep copy of a Deployment path item rewritten for the custom resource. */
function rewrite(item: Obj, n: CRDNames): Obj {
  const { op, tag } = opPart(n.group, n.version);
  const str = (s: string, key?: string): string => {
    if (key === 'x-kubernetes-action') return s;
    let out = s
      .split(`#/definitions/${TEMPLATE.def}List`).join(`#/definitions/${n.listDef}`)
      .split(`#/definitions/${TEMPLATE.def}`).join(`#/definitions/${n.def}`);
    if (key === 'operationId') {
      out = out.replace(TEMPLATE.op, op).replace(`${TEMPLATE.kind}List`, n.listKind).replace(TEMPLATE.kind, n.kind);
      return n.namespaced ? out : out.replace('Namespaced', '');
    }
    return out.replace(TEMPLATE.tag, tag).split(TEMPLATE.kind).join(n.kind);
  };
  const walk = (x: any, key?: string): any => {
    if (typeof x === 'string') return str(x, key);
    if (Array.isArray(x)) {
      if (key === 'produces' || key === 'consumes') return x.filter((m) => !UNSUPPORTED_MEDIA.has(m));
      if (key === 'parameters' && !n.namespaced) return x.filter((p: Obj) => p?.name !== 'namespace' && !String(p?.$ref ?? '').startsWith('#/parameters/namespace-')).map((p) => walk(p));
      return x.map((v) => walk(v));
    }
    if (x === null || typeof x !== 'object') return x;
    // the scale subresource speaks autoscaling/v1 Scale: keep its GVK rather than the CRD's
    if (key === 'x-kubernetes-group-version-kind') return x.kind === 'Scale' ? { ...x } : { group: n.group, kind: n.kind, version: n.version };
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v, k)]));
  };
  return walk(item);
}

/** The path items of one served version of a CRD, keyed by path. */
export function crdPathsV2(base: SwaggerJSON, n: CRDNames): Record<string, Obj> {
  const paths = base.paths ?? {};
  const t = `${TEMPLATE.prefix}/namespaces/{namespace}/${TEMPLATE.plural}`;
  const root = `/apis/${n.group}/${n.version}`;
  const own = n.namespaced ? `${root}/namespaces/{namespace}/${n.plural}` : `${root}/${n.plural}`;
  const pairs: Array<[string, string]> = [[t, own], [`${t}/{name}`, `${own}/{name}`]];
  if (n.namespaced) pairs.push([`${TEMPLATE.prefix}/${TEMPLATE.plural}`, `${root}/${n.plural}`]);
  if (n.status) pairs.push([`${t}/{name}/status`, `${own}/{name}/status`]);
  if (n.scale) pairs.push([`${t}/{name}/scale`, `${own}/{name}/scale`]);
  const out: Record<string, Obj> = {};
  for (const [from, to] of pairs) {
    const item = paths[from];
    if (item) out[to] = rewrite(item, n);
  }
  return out;
}
