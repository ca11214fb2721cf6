/**
 * A CRD version's openAPIV3Schema as apiextensions-apiserver publishes it in /openapi/v2
 * (controller/openapi/builder `buildKubeNative` with `Options{V2: true}`):
 * - the structural projection of the schema (keywords outside the structural schema model — example,
 *   externalDocs, unknown vendor extensions — are not published);
 * - `ToStructuralOpenAPIV2`: allOf/oneOf/anyOf/not dropped; a nullable node loses its type, items and
 *   properties (and its name leaves the parent's `required`); a preserve-unknown-fields node loses items and
 *   properties, and `type: object`; an array left without items loses its type — kubectl's v2 parser
 *   (kube-openapi util/proto) rejects or mis-reads all of those;
 * - apiVersion/kind/metadata properties on the root and on x-kubernetes-embedded-resource nodes;
 * - a root with x-kubernetes-preserve-unknown-fields is published as a bare `type: object`, because kubectl's
 *   v2 validation would otherwise reject every field it does not know.
 * Go's JSON encoding sorts map keys, so properties and vendor extensions come out sorted; `default` and
 * `enum` values (arbitrary JSON held in Go maps) are key-sorted too.
 */
import type { JSONSchemaV2 } from './types.ts';

type Obj = Record<string, any>;

export const META_V1 = 'io.k8s.apimachinery.pkg.apis.meta.v1';

const API_VERSION_DESC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DESC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const EMBEDDED_API_VERSION_DESC =
  'apiVersion defines the versioned schema of this representation of an object. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const EMBEDDED_KIND_DESC =
  'kind is a string value representing the type of this object. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
export const OBJECT_META_DESC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
export const LIST_META_DESC = 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

export const typeMetaProperties = () => ({
  apiVersion: { description: API_VERSION_DESC, type: 'string' },
  kind: { description: KIND_DESC, type: 'string' },
});

/** Keywords of the structural schema model that v2 keeps, in kube-openapi's JSON field order. */
const VALUE_KEYWORDS = [
  'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'multipleOf',
] as const;
const EXTENSIONS = [
  'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string', 'x-kubernetes-list-map-keys', 'x-kubernetes-list-type',
  'x-kubernetes-map-type', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations',
] as const;
/** Field order of apiextensions' ValidationRule, as Go marshals it. */
const VALIDATION_RULE_KEYS = ['rule', 'message', 'messageExpression', 'reason', 'fieldPath', 'optionalOldSelf'];

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Go's json.Marshal of a decoded JSON value: objects with sorted keys. */
export function sortedJSON(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedJSON);
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedJSON(v[k])]));
}

const sortKeys = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** One node through the structural projection and ToStructuralOpenAPIV2 (children after their parent, as upstream's visitor). */
export function toV2Node(s: unknown): JSONSchemaV2 {
  if (!isObj(s)) return {};
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const nullable = s.nullable === true;
  let type: string | undefined = typeof s.type === 'string' ? s.type : undefined;
  let items: unknown = isObj(s.items) ? s.items : undefined;
  let properties: Obj | undefined = isObj(s.properties) ? s.properties : undefined;
  if (nullable || preserve) {
    if (nullable) type = undefined;
    items = undefined;
    properties = undefined;
  }
  if (items === undefined && type === 'array') type = undefined;
  if (preserve && type === 'object') type = undefined;

  let required: string[] | undefined = Array.isArray(s.required) ? [...s.required] : undefined;
  if (required && properties) {
    required = required.filter((f) => !(isObj(properties![f]) && properties![f].nullable === true));
    if (required.length === 0) required = undefined;
  }
  if (isObj(s.additionalProperties) && s.additionalProperties.nullable === true) required = undefined;

  const out: Obj = {};
  if (typeof s.description === 'string' && s.description) out.description = s.description;
  if (type) out.type = type;
  for (const k of VALUE_KEYWORDS) if (s[k] !== undefined && s[k] !== '' && s[k] !== false) out[k] = s[k];
  if (s.default !== undefined) out.default = sortedJSON(s.default);
  if (Array.isArray(s.enum)) out.enum = s.enum.map(sortedJSON);
  if (s.maxProperties !== undefined) out.maxProperties = s.maxProperties;
  if (s.minProperties !== undefined) out.minProperties = s.minProperties;
  if (required) out.required = required;
  if (items !== undefined) out.items = toV2Node(items);
  if (properties) out.properties = sortKeys(Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, toV2Node(v)])));
  if (isObj(s.additionalProperties)) out.additionalProperties = toV2Node(s.additionalProperties);
  else if (typeof s.additionalProperties === 'boolean') out.additionalProperties = s.additionalProperties;
  for (const k of EXTENSIONS) {
    const v = s[k];
    if (v === undefined || v === false || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = k === 'x-kubernetes-validations' && Array.isArray(v) ? v.map(validationRule) : v;
  }
  return out;
}

function validationRule(r: unknown): unknown {
  if (!isObj(r)) return r;
  const out: Obj = { rule: r.rule ?? '' };
  for (const k of VALIDATION_RULE_KEYS.slice(1)) if (r[k] !== undefined && r[k] !== '' && r[k] !== false) out[k] = r[k];
  return out;
}

/** addEmbeddedProperties: TypeMeta/ObjectMeta on embedded resources (not on preserve-unknown-fields ones, in v2). */
function addEmbeddedProperties(s: Obj): void {
  for (const p of Object.values((s.properties ?? {}) as Obj)) addEmbeddedProperties(p);
  if (isObj(s.items)) addEmbeddedProperties(s.items);
  if (isObj(s.additionalProperties)) addEmbeddedProperties(s.additionalProperties);
  if (s['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (s['x-kubernetes-embedded-resource'] !== true) return;
  s.properties = sortKeys({
    ...(s.properties ?? {}),
    apiVersion: { description: EMBEDDED_API_VERSION_DESC, type: 'string' },
    kind: { description: EMBEDDED_KIND_DESC, type: 'string' },
    metadata: { $ref: `#/definitions/${META_V1}.ObjectMeta`, description: OBJECT_META_DESC },
  });
  const req: string[] = s.required ?? [];
  if (!req.includes('kind')) req.push('kind');
  if (!req.includes('apiVersion')) req.push('apiVersion');
  s.required = req;
}

/** The published definition of a custom resource kind in one version. */
export function crdKindSchemaV2(openAPIV3Schema: unknown, gvk: { group: string; version: string; kind: string }, crdPreserveUnknownFields = false): JSONSchemaV2 {
  const gvkExt = { 'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: gvk.kind, version: gvk.version }] };
  if (!isObj(openAPIV3Schema) || openAPIV3Schema['x-kubernetes-preserve-unknown-fields'] === true || crdPreserveUnknownFields) {
    return { type: 'object', ...gvkExt };
  }
  const s = toV2Node(openAPIV3Schema);
  s.properties = sortKeys({
    ...(s.properties ?? {}),
    ...typeMetaProperties(),
    metadata: { $ref: `#/definitions/${META_V1}.ObjectMeta`, description: OBJECT_META_DESC },
  });
  addEmbeddedProperties(s);
  return withSortedExtensions({ ...s, ...gvkExt });
}

/** The `<Kind>List` definition. */
export function crdListSchemaV2(gvk: { group: string; version: string; kind: string }, listKind: string, plural: string, itemsDef: string): JSONSchemaV2 {
  return {
    description: `${listKind} is a list of ${gvk.kind}`,
    required: ['items'],
    properties: sortKeys({
      ...typeMetaProperties(),
      items: {
        description: `List of ${plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: 'array',
        items: { $ref: `#/definitions/${itemsDef}` },
      },
      metadata: { $ref: `#/definitions/${META_V1}.ListMeta`, description: LIST_META_DESC },
    }),
    'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: listKind, version: gvk.version }],
  };
}

function withSortedExtensions(s: Obj): Obj {
  const plain = Object.entries(s).filter(([k]) => !k.startsWith('x-'));
  const ext = Object.entries(s).filter(([k]) => k.startsWith('x-')).sort(([a], [b]) => (a < b ? -1 : 1));
  return Object.fromEntries([...plain, ...ext]);
}
