/**
 * Turns OpenAPI SchemaNodes into the few shapes structured-merge-diff reasons about (its schema.Atom):
 * scalars, maps (structs with declared fields and/or free-form keys; granular or atomic) and lists
 * (atomic, set, or associative with keys). `undefined` stands for upstream's "deduced" type: the shape
 * is read off the value, maps granular and lists atomic, which is how untyped and
 * x-kubernetes-preserve-unknown-fields subtrees are handled.
 *
 * SchemaNodes reached through a `$ref` with siblings are shallow wrappers whose prototype is the target,
 * so everything here uses property access, never Object.keys or spread, on nodes.
 */
import { definitions } from '../schema/builtin.ts';
import type { SchemaNode } from '../schema/node.ts';
import { isObject } from '../types.ts';
import type { Json, PathElement } from './path.ts';

export type Atom =
  | { kind: 'scalar' }
  | { kind: 'map'; atomic: boolean; fields?: Record<string, SchemaNode>; elem?: SchemaNode; required?: string[] }
  | { kind: 'list'; type: 'atomic' | 'set' | 'map'; keys: string[]; item?: SchemaNode };

const DEDUCED_MAP: Atom = { kind: 'map', atomic: false };
const ATOMIC_LIST: Atom = { kind: 'list', type: 'atomic', keys: [] };
const SCALAR: Atom = { kind: 'scalar' };

/** The atom of a schema node, deducing from the value where the schema says nothing. */
export function resolve(node: SchemaNode | undefined, value: unknown): Atom {
  if (!node) return deduce(value);
  if (node['x-kubernetes-int-or-string']) return SCALAR;
  const t = node.type;
  if (t === 'array' || (!t && node.items)) return listAtom(node);
  if (t === 'object' || (!t && (node.properties || node.additionalProperties))) {
    const props = node.properties;
    const ap = node.additionalProperties;
    const elem = isObject(ap) ? (ap as SchemaNode) : undefined;
    // A bare `type: object` (RawExtension, FieldsV1, CRD blobs) has nothing typed inside: deduce.
    if (!props && !elem) return isObject(value) || value === undefined || value === null ? DEDUCED_MAP : deduce(value);
    // Undeclared keys of a struct (preserve-unknown-fields, or fields our schema lacks) are deduced
    // rather than rejected: upstream prunes or rejects them before apply ever sees them.
    return { kind: 'map', atomic: node['x-kubernetes-map-type'] === 'atomic', fields: props, elem, required: node.required };
  }
  if (t === 'string' || t === 'integer' || t === 'number' || t === 'boolean') return SCALAR;
  return deduce(value);
}

function deduce(value: unknown): Atom {
  if (Array.isArray(value)) return ATOMIC_LIST;
  if (isObject(value)) return DEDUCED_MAP;
  return SCALAR;
}

/**
 * List semantics: x-kubernetes-list-type when present; otherwise, like upstream's schemaconv for the
 * built-in swagger, a `merge` patch strategy makes the list associative on its merge key (a set when
 * there is no key); anything else is atomic.
 */
function listAtom(node: SchemaNode): Atom {
  const lt = node['x-kubernetes-list-type'];
  if (lt === 'map') return { kind: 'list', type: 'map', keys: node['x-kubernetes-list-map-keys'] ?? [], item: node.items };
  if (lt === 'set') return { kind: 'list', type: 'set', keys: [], item: node.items };
  if (lt === 'atomic') return { kind: 'list', type: 'atomic', keys: [], item: node.items };
  const strategies = (node['x-kubernetes-patch-strategy'] ?? '').split(',');
  if (strategies.includes('merge')) {
    const key = node['x-kubernetes-patch-merge-key'];
    return key ? { kind: 'list', type: 'map', keys: [key], item: node.items } : { kind: 'list', type: 'set', keys: [], item: node.items };
  }
  return { kind: 'list', type: 'atomic', keys: [], item: node.items };
}

/** The schema of one key of a map atom, and whether the key is a declared (struct) field. */
export function fieldSchema(atom: Atom & { kind: 'map' }, key: string): { node: SchemaNode | undefined; declared: boolean } {
  if (atom.fields && Object.prototype.hasOwnProperty.call(atom.fields, key)) return { node: atom.fields[key], declared: true };
  return { node: atom.elem, declared: false };
}

/**
 * Key values that are routinely omitted and defaulted by the server. Upstream reads these from the
 * OpenAPI v3 `default`s; the v2 document we carry has none, so the known ones are listed here
 * (ContainerPort/ServicePort/EndpointPort `protocol` default to TCP).
 */
const KEY_DEFAULTS: Record<string, Json> = { protocol: 'TCP' };

/**
 * The path element of a list item (upstream listItemToPathElement), or an error message when an
 * associative item lacks a key field with no default.
 */
export function listItemPE(atom: Atom & { kind: 'list' }, item: unknown, index: number): PathElement | string {
  if (atom.type === 'set') return { value: (item ?? null) as Json };
  if (atom.type !== 'map' || atom.keys.length === 0) {
    // Upstream: an associative list of scalars without keys behaves as a set.
    return isObject(item) || Array.isArray(item) ? { index } : { value: (item ?? null) as Json };
  }
  if (!isObject(item)) return `associative list with keys may not have non-map elements`;
  const itemAtom = resolve(atom.item, item);
  const key: Array<[string, Json]> = [];
  for (const k of [...atom.keys].sort()) {
    let v = item[k] as Json | undefined;
    if (v === undefined) {
      const declared = itemAtom.kind === 'map' ? fieldSchema(itemAtom, k).node : undefined;
      v = (declared?.default as Json | undefined) ?? KEY_DEFAULTS[k];
    }
    if (v === undefined) return `associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`;
    key.push([k, v]);
  }
  return { key };
}

/** The schema of the element a path element reaches inside `atom` (for walking sets alongside schemas). */
export function childSchema(atom: Atom, pe: PathElement): SchemaNode | undefined {
  if (atom.kind === 'map' && 'field' in pe) return fieldSchema(atom, pe.field).node;
  if (atom.kind === 'list') return atom.item;
  return undefined;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/**
 * The schema to walk a whole object with. `metadata` is always the real ObjectMeta (labels and
 * annotations granular, finalizers a set, ownerReferences keyed by uid), as upstream does for custom
 * resources whose schemas declare only `metadata: {type: object}`. Without a schema, everything else
 * is deduced.
 */
export function rootSchema(schema: SchemaNode | undefined): SchemaNode {
  const meta = definitions()[OBJECT_META];
  if (!schema) return { type: 'object', properties: meta ? { metadata: meta } : {}, 'x-kubernetes-preserve-unknown-fields': true };
  const props = schema.properties;
  if (!meta || (props?.metadata && props.metadata.properties)) return schema;
  const root = Object.create(schema) as SchemaNode;
  root.properties = { ...(props ?? {}), metadata: meta };
  return root;
}
