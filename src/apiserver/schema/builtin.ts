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
  resolved = defs;
  return defs;
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
