/**
 * /openapi/v3 for built-in group versions, derived from the swagger v2 document as kube-apiserver's
 * kube-openapi handler3 serves it: one OpenAPI 3.0 document per group version with its paths (operations
 * keep `x-kubernetes-action` and `x-kubernetes-group-version-kind`, parameters inline, bodies as
 * `requestBody`) and every definition they reach under `components.schemas`.
 */
import { createHash } from 'node:crypto';
import { swagger, INT_OR_STRING_DEFINITION, QUANTITY_DEFINITION } from './builtin.ts';

type Obj = Record<string, any>;
const OPS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
const DEF = '#/definitions/';
const COMPONENT = '#/components/schemas/';

/** `api/v1` for `/api/v1/...`, `apis/apps/v1` for `/apis/apps/v1/...`; undefined for other paths. */
export function groupVersionOfPath(path: string): string | undefined {
  const m = /^\/(api\/[^/]+|apis\/[^/]+\/[^/]+)(\/|$)/.exec(path);
  return m?.[1];
}

let groupVersions: string[] | undefined;

/** Built-in group-version paths (`api/v1`, `apis/apps/v1`, ...), as keys of the /openapi/v3 root. */
export function openAPIV3GroupVersions(): string[] {
  groupVersions ??= [...new Set(Object.keys(swagger().paths).map(groupVersionOfPath).filter((g): g is string => !!g))].sort();
  return [...groupVersions];
}

/** A v2 schema as v3: refs into components, a `$ref` with siblings wrapped in allOf (v3 ignores siblings). */
export function convertSchema(s: any): any {
  if (Array.isArray(s)) return s.map(convertSchema);
  if (s === null || typeof s !== 'object') return s;
  const out: Obj = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') continue;
    out[k] = k === 'properties' || k === 'x-kubernetes-group-version-kind' || k === 'example' ? mapValues(v, convertSchema) : convertSchema(v);
  }
  if (typeof s.$ref !== 'string') return out;
  const ref = { $ref: s.$ref.replace(DEF, COMPONENT) };
  return Object.keys(out).length ? { allOf: [ref], ...out } : ref;
}

const mapValues = (v: any, f: (x: any) => any) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, f(x)])) : f(v);

/** Quantity and IntOrString are published as oneOf their JSON types in v3 (OpenAPIV3OneOfTypes). */
function convertDefinition(name: string, def: Obj): Obj {
  const out = convertSchema(def);
  if (name === QUANTITY_DEFINITION) return { description: def.description, oneOf: [{ type: 'string' }, { type: 'number' }] };
  if (name === INT_OR_STRING_DEFINITION) return { description: def.description, format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] };
  return out;
}

function resolveParam(p: Obj): Obj {
  return typeof p.$ref === 'string' ? (swagger().parameters[p.$ref.replace('#/parameters/', '')] as Obj) : p;
}

function convertParam(p: Obj): Obj {
  const { name, in: where, description, required, schema: _s, ...typing } = p;
  const out: Obj = { name, in: where };
  if (description) out.description = description;
  if (required) out.required = true;
  out.schema = convertSchema(typing);
  return out;
}

function convertOperation(op: Obj): Obj {
  const out: Obj = {};
  if (op.tags) out.tags = op.tags;
  if (op.description) out.description = op.description;
  if (op.operationId) out.operationId = op.operationId;
  const params = (op.parameters ?? []).map(resolveParam);
  const body = params.find((p: Obj) => p.in === 'body');
  const rest = params.filter((p: Obj) => p.in !== 'body').map(convertParam);
  if (rest.length) out.parameters = rest;
  if (body) {
    const schema = convertSchema(body.schema);
    out.requestBody = { content: Object.fromEntries((op.consumes ?? ['*/*']).map((m: string) => [m, { schema }])), required: true };
  }
  out.responses = {};
  for (const [code, r] of Object.entries<Obj>(op.responses ?? {})) {
    const resp: Obj = { description: r.description };
    if (r.schema) resp.content = Object.fromEntries((op.produces ?? ['application/json']).map((m: string) => [m, { schema: convertSchema(r.schema) }]));
    out.responses[code] = resp;
  }
  for (const [k, v] of Object.entries(op)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

export function convertPathItem(item: Obj): Obj {
  const out: Obj = {};
  for (const m of OPS) if (item[m]) out[m] = convertOperation(item[m]);
  if (item.parameters) out.parameters = item.parameters.map(resolveParam).map(convertParam);
  return out;
}

/** Definitions reachable from `roots` (names), transitively through `$ref`s. */
export function definitionClosure(roots: Iterable<string>): string[] {
  const defs = swagger().definitions as Record<string, unknown>;
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name) || !defs[name]) continue;
    seen.add(name);
    for (const m of JSON.stringify(defs[name]).matchAll(/"#\/definitions\/([^"]+)"/g)) stack.push(m[1]!);
  }
  return [...seen].sort();
}

/** components.schemas for the named definitions. */
export function componentSchemas(names: Iterable<string>): Record<string, Obj> {
  const defs = swagger().definitions as Record<string, Obj>;
  return Object.fromEntries([...names].map((n) => [n, convertDefinition(n, defs[n]!)]));
}

export function v3Document(paths: Obj, schemas: Obj): Obj {
  const s = swagger();
  return {
    openapi: '3.0.0',
    info: s.info,
    paths,
    components: { schemas, securitySchemes: s.securityDefinitions },
  };
}

const cache = new Map<string, Obj | undefined>();

/** The document for one built-in group version (`api/v1`, `apis/apps/v1`); cached: do not mutate it. */
export function builtinOpenAPIV3(groupVersionPath: string): Obj | undefined {
  if (cache.has(groupVersionPath)) return cache.get(groupVersionPath);
  const paths: Obj = {};
  for (const [p, item] of Object.entries(swagger().paths)) if (groupVersionOfPath(p) === groupVersionPath) paths[p] = convertPathItem(item);
  let doc: Obj | undefined;
  if (Object.keys(paths).length) {
    const refs = new Set<string>();
    for (const m of JSON.stringify(paths).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) refs.add(m[1]!);
    doc = v3Document(paths, componentSchemas(definitionClosure(refs)));
  }
  cache.set(groupVersionPath, doc);
  return doc;
}

/** The `hash` kube-apiserver puts in serverRelativeURL: SHA-512 of the served JSON, upper-case hex. */
export const openAPIV3Hash = (doc: unknown): string => createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();

/** The /openapi/v3 root: `{"paths":{"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=..."}}}`. */
export function openAPIV3Root(docs: Record<string, unknown>): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of Object.keys(docs).sort()) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${openAPIV3Hash(docs[gv])}` };
  return { paths };
}
