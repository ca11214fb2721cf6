/**
 * The upstream Kubernetes OpenAPI v2 document (../shared/upstream/openapi/kubernetes-swagger.json, copied
 * into `schemas/` by scripts so the program does not depend on a sibling folder at run time) loaded once,
 * with `$ref`s resolved in place into a SchemaNode graph.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GroupVersionKind } from '../types.ts';
import type { SchemaNode } from './node.ts';

export interface Swagger {
  definitions: Record<string, SchemaNode>;
  paths: Record<string, Record<string, any>>;
  parameters: Record<string, any>;
  info: unknown;
  [k: string]: unknown;
}

const SWAGGER_PATH = fileURLToPath(new URL('../../../schemas/kubernetes-swagger.json', import.meta.url));

let raw: Swagger | undefined;
let resolved: Record<string, SchemaNode> | undefined;
let byGvk: Map<string, { name: string; node: SchemaNode }> | undefined;

/** The document as published (refs intact): for serving /openapi/v2 and deriving /openapi/v3. */
export function swagger(): Swagger {
  raw ??= JSON.parse(readFileSync(SWAGGER_PATH, 'utf8')) as Swagger;
  return raw;
}

const gvkKey = (g: GroupVersionKind) => `${g.group}/${g.version}/${g.kind}`;

/** Definitions with every `$ref` replaced by the node it names (a separate deep copy of the document). */
export function definitions(): Record<string, SchemaNode> {
  if (resolved) return resolved;
  const defs = structuredClone(swagger().definitions);
  const seen = new Set<object>();
  const fix = (n: any): any => {
    if (n === null || typeof n !== 'object' || seen.has(n)) return n;
    if (typeof n.$ref === 'string') {
      const target = defs[n.$ref.replace('#/definitions/', '')];
      if (!target) throw new Error(`unresolvable $ref ${n.$ref}`);
      const { $ref: _r, ...rest } = n;
      // A $ref with siblings (description, patch extensions) keeps the siblings on a shallow wrapper
      // whose structure is the target's: extensions on the property win.
      return Object.keys(rest).length === 0 ? target : Object.setPrototypeOf(rest, target);
    }
    seen.add(n);
    for (const k of Object.keys(n)) n[k] = fix(n[k]);
    return n;
  };
  for (const k of Object.keys(defs)) defs[k] = fix(defs[k]);
  annotate(defs);
  resolved = defs;
  roots = new Set(Object.values(defs));
  return defs;
}

/** Definitions whose Go type takes any JSON (decoded raw), so walkers must not descend or prune. */
const OPAQUE = [
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
];
export const QUANTITY_DEFINITION = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING_DEFINITION = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/**
 * The v2 document describes some Go types loosely (Quantity as a string, IntOrString as a string with a
 * format, RawExtension as an empty object). Mark them, in the resolved copy only, with the extensions a
 * CRD schema would use, so one schema walker treats both alike. `x-marina-quantity` means "string or number".
 */
function annotate(defs: Record<string, SchemaNode>): void {
  for (const name of OPAQUE) if (defs[name]) defs[name]['x-kubernetes-preserve-unknown-fields'] = true;
  if (defs[INT_OR_STRING_DEFINITION]) defs[INT_OR_STRING_DEFINITION]['x-kubernetes-int-or-string'] = true;
  if (defs[QUANTITY_DEFINITION]) defs[QUANTITY_DEFINITION]['x-marina-quantity'] = true;
}

let roots: Set<SchemaNode> | undefined;

/**
 * Whether `node` is (a wrapper of) a resolved built-in definition, i.e. describes a Go type: such objects
 * are decoded, so `null` anywhere means "zero value" rather than a type error. False before the document
 * is loaded (a CRD schema never needs it loaded).
 */
export function isBuiltinNode(node: SchemaNode): boolean {
  if (!roots) return false;
  for (let n: any = node; n && n !== Object.prototype; n = Object.getPrototypeOf(n)) if (roots.has(n)) return true;
  return false;
}

/** The resolved schema of a built-in kind, or undefined if the document has none. */
export function builtinSchema(gvk: GroupVersionKind): SchemaNode | undefined {
  if (!byGvk) {
    byGvk = new Map();
    const defs = definitions();
    for (const [name, node] of Object.entries(swagger().definitions)) {
      for (const g of (node['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined) ?? []) {
        byGvk.set(gvkKey(g), { name, node: defs[name]! });
      }
    }
  }
  return byGvk.get(gvkKey(gvk))?.node;
}

/** The definition name (e.g. `io.k8s.api.apps.v1.Deployment`) of a built-in kind. */
export function builtinDefinitionName(gvk: GroupVersionKind): string | undefined {
  builtinSchema(gvk);
  return byGvk!.get(gvkKey(gvk))?.name;
}
