/**
 * The JSON context variables are resolved against (`request`, `serviceAccountName`, `images`,
 * context entries, `element`), and the loading of a rule's `context` entries in order.
 */
import { imagesOf } from './images.ts';
import { search } from './jmespath/interpreter.ts';
import { NotFoundError } from './jmespath/errors.ts';
import { substituteAll } from './variables.ts';
import type { AdmissionRequest, ContextLoader, JsonObject, UserRoles } from './types.ts';

/** Builds the root context for one admission request. */
export function buildContext(req: AdmissionRequest, roles?: UserRoles): JsonObject {
  const username = req.userInfo?.username ?? '';
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  const object = req.operation === 'DELETE' ? req.oldObject : req.object;
  return {
    request: {
      uid: req.uid ?? '',
      kind: req.kind ?? null,
      resource: req.resource ?? null,
      subResource: req.subResource ?? '',
      name: req.name ?? ((req.object ?? req.oldObject)?.metadata as JsonObject | undefined)?.name ?? '',
      namespace: req.namespace ?? ((req.object ?? req.oldObject)?.metadata as JsonObject | undefined)?.namespace ?? '',
      operation: req.operation,
      userInfo: req.userInfo ?? { username: '', groups: [] },
      roles: roles?.roles ?? [],
      clusterRoles: roles?.clusterRoles ?? [],
      object: req.object ?? null,
      oldObject: req.oldObject ?? null,
      dryRun: req.dryRun ?? false,
    },
    serviceAccountName: sa ? sa[2] : '',
    serviceAccountNamespace: sa ? sa[1] : '',
    images: imagesOf(object ?? null),
  };
}

/** Sets a dotted variable (`request.object.metadata.name`, `element.name`) into a context copy. */
export function setVariable(ctx: JsonObject, name: string, value: unknown): void {
  const parts = name.split('.');
  let cur: JsonObject = ctx;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[p] = {};
    else cur[p] = { ...(next as JsonObject) };
    cur = cur[p] as JsonObject;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Adds a foreach element: `element`/`elementIndex` plus the nesting-numbered aliases. */
export function withElement(ctx: JsonObject, element: unknown, index: number, nesting: number): JsonObject {
  return { ...ctx, element, elementIndex: index, [`element${nesting}`]: element, [`elementIndex${nesting}`]: index };
}

export class ContextError extends Error {}

interface ContextEntry {
  name: string;
  variable?: { value?: unknown; jmesPath?: string; default?: unknown };
  configMap?: { name: string; namespace?: string };
  apiCall?: { urlPath?: string; method?: 'GET' | 'POST'; data?: { key: string; value: unknown }[]; jmesPath?: string; service?: unknown; default?: unknown };
  imageRegistry?: unknown;
  globalReference?: unknown;
}

function applyJmesPath(value: unknown, jmesPath: string | undefined, name: string): unknown {
  if (!jmesPath) return value;
  try {
    return search(value, jmesPath);
  } catch (e) {
    throw new ContextError(`failed to apply jmespath ${jmesPath} to variable ${name}: ${(e as Error).message}`);
  }
}

async function loadVariable(ctx: JsonObject, e: ContextEntry): Promise<unknown> {
  const v = e.variable!;
  let value: unknown;
  if (v.value !== undefined) value = substituteAll(ctx, v.value);
  if (v.jmesPath) {
    const path = substituteAll(ctx, v.jmesPath) as string;
    try {
      value = v.value !== undefined ? search(value, path) : search(ctx, path);
    } catch (err) {
      if (!(err instanceof NotFoundError) || v.default === undefined) {
        throw new ContextError(`failed to add context entry ${e.name}: ${(err as Error).message}`);
      }
      value = undefined;
    }
  }
  if ((value === undefined || value === null) && v.default !== undefined) value = substituteAll(ctx, v.default);
  if (value === undefined) throw new ContextError(`failed to add context entry ${e.name}: variable ${e.name} has no value`);
  return value;
}

async function loadConfigMap(ctx: JsonObject, e: ContextEntry, loader?: ContextLoader): Promise<unknown> {
  if (!loader?.configMap) throw new ContextError(`failed to load context entry ${e.name}: configMap lookups are not available`);
  const ref = substituteAll(ctx, e.configMap) as { name: string; namespace?: string };
  const cm = await loader.configMap(ref.namespace || 'default', ref.name);
  if (!cm) throw new ContextError(`failed to retrieve config map for context entry ${e.name}: configmaps "${ref.name}" not found`);
  return cm;
}

async function loadApiCall(ctx: JsonObject, e: ContextEntry, loader?: ContextLoader): Promise<unknown> {
  const call = substituteAll(ctx, { ...e.apiCall, jmesPath: undefined }) as NonNullable<ContextEntry['apiCall']>;
  if (call.service || !call.urlPath) throw new ContextError(`failed to load context entry ${e.name}: apiCall.service (external HTTP calls) is not supported`);
  if (!loader?.apiCall) throw new ContextError(`failed to load context entry ${e.name}: apiCall lookups are not available`);
  let result: unknown;
  try {
    const data = call.data ? Object.fromEntries(call.data.map((d) => [d.key, d.value])) : undefined;
    result = await loader.apiCall({ urlPath: call.urlPath, method: call.method ?? 'GET', data });
  } catch (err) {
    if (e.apiCall!.default !== undefined) return substituteAll(ctx, e.apiCall!.default);
    throw new ContextError(`failed to load context entry ${e.name}: ${(err as Error).message}`);
  }
  const path = e.apiCall!.jmesPath ? (substituteAll(ctx, e.apiCall!.jmesPath) as string) : undefined;
  const value = applyJmesPath(result, path, e.name);
  if ((value === null || value === undefined) && e.apiCall!.default !== undefined) return substituteAll(ctx, e.apiCall!.default);
  return value;
}

/**
 * Loads `context` entries in order into a copy of the context; later entries see earlier ones.
 * Entries whose name is given in `values` (the CLI's values file) are taken from there instead.
 */
export async function loadContextEntries(ctx: JsonObject, entries: unknown, loader: ContextLoader | undefined, values: JsonObject | undefined): Promise<JsonObject> {
  let out = ctx;
  for (const e of (entries as ContextEntry[] | undefined) ?? []) {
    out = { ...out };
    if (values && Object.prototype.hasOwnProperty.call(values, e.name)) {
      setVariable(out, e.name, values[e.name]);
      continue;
    }
    // The CLI's values may also give parts of an entry with dotted names (`quota.data.max: "3"`), as Kyverno's do.
    const parts = values ? Object.keys(values).filter((k) => k.startsWith(`${e.name}.`)) : [];
    if (parts.length > 0) {
      for (const k of parts) setVariable(out, k, values![k]);
      continue;
    }
    let value: unknown;
    if (e.variable) value = await loadVariable(out, e);
    else if (e.configMap) value = await loadConfigMap(out, e, loader);
    else if (e.apiCall) value = await loadApiCall(out, e, loader);
    else if (e.imageRegistry) throw new ContextError(`failed to load context entry ${e.name}: imageRegistry context entries are not supported by Marina`);
    else if (e.globalReference) throw new ContextError(`failed to load context entry ${e.name}: globalReference context entries are not supported by Marina`);
    else throw new ContextError(`failed to load context entry ${e.name}: unknown context entry type`);
    setVariable(out, e.name, value);
  }
  return out;
}
