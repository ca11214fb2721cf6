/**
 * Patch metadata read from a resolved OpenAPI schema, as strategicpatch.PatchMetaFromOpenAPI does:
 * a field's `x-kubernetes-patch-strategy` (comma-separated) and `x-kubernetes-patch-merge-key`.
 * `x-kubernetes-list-type`/`list-map-keys` are server-side apply's and deliberately not consulted,
 * because strategic merge patch ignores them upstream too.
 *
 * Where upstream fails a lookup (a field the struct does not have), we return no schema and no
 * metadata instead: that subtree then behaves like a JSON merge patch (maps merge, lists replace),
 * which is also what `x-kubernetes-preserve-unknown-fields` and untyped subtrees need.
 */
import { isObject } from '../types.ts';
import type { SchemaNode } from '../schema/node.ts';
import { patchInternal } from './status.ts';

export interface PatchMeta {
  /** The strategy other than retainKeys: 'merge', 'replace' or ''. */
  strategy: string;
  retainKeys: boolean;
  mergeKey: string;
}

export interface FieldLookup {
  /** The field's schema (for a list, its items' schema), or undefined where the schema says nothing. */
  schema: SchemaNode | undefined;
  meta: PatchMeta;
}

const NONE: PatchMeta = { strategy: '', retainKeys: false, mergeKey: '' };

/** The schema of property `key`, reading through `$ref` wrappers with plain property access. */
function propertyOf(node: SchemaNode, key: string): SchemaNode | undefined {
  const props = node.properties;
  if (props && Object.hasOwn(props, key)) return props[key];
  for (const sub of node.allOf ?? []) {
    const found = propertyOf(sub, key);
    if (found) return found;
  }
  return isObject(node.additionalProperties) ? (node.additionalProperties as SchemaNode) : undefined;
}

function metaOf(field: SchemaNode): PatchMeta {
  const ps = field['x-kubernetes-patch-strategy'];
  const mk = field['x-kubernetes-patch-merge-key'];
  const strategies = typeof ps === 'string' ? ps.split(',') : [];
  return { ...extractRetainKeysPatchStrategy(strategies), mergeKey: typeof mk === 'string' ? mk : '' };
}

/** extractRetainKeysPatchStrategy: at most two strategies, one of which may be retainKeys. */
export function extractRetainKeysPatchStrategy(strategies: string[]): { strategy: string; retainKeys: boolean } {
  if (strategies.length === 0) return { strategy: '', retainKeys: false };
  if (strategies.length === 1) {
    return strategies[0] === 'retainKeys' ? { strategy: '', retainKeys: true } : { strategy: strategies[0]!, retainKeys: false };
  }
  if (strategies.length === 2) {
    if (strategies[0] === 'retainKeys') return { strategy: strategies[1]!, retainKeys: true };
    if (strategies[1] === 'retainKeys') return { strategy: strategies[0]!, retainKeys: true };
  }
  throw patchInternal(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

/** LookupPatchMetadataForStruct: the field's own schema and metadata. */
export function lookupStruct(schema: SchemaNode | undefined, key: string): FieldLookup {
  const field = schema && propertyOf(schema, key);
  return field ? { schema: field, meta: metaOf(field) } : { schema: undefined, meta: NONE };
}

/** LookupPatchMetadataForSlice: the list field's metadata and its items' schema. */
export function lookupSlice(schema: SchemaNode | undefined, key: string): FieldLookup {
  const field = schema && propertyOf(schema, key);
  return field ? { schema: field.items, meta: metaOf(field) } : { schema: undefined, meta: NONE };
}

/** What upstream's error text calls the element type when a merge list has no merge key. */
export const schemaName = (s: SchemaNode | undefined) => (s?.properties ? 'struct' : 'map');
