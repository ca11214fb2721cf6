/**
 * Structural pruning as apiextensions' `pruning.PruneWithOptions`: drops every field the schema does not
 * declare, IN PLACE, and returns the dropped paths sorted (for `fieldValidation=Warn|Strict`:
 * `unknown field "spec.foo"`). apiVersion, kind and metadata of the resource and of embedded resources
 * are kept (metadata is ObjectMeta's business, not the schema's).
 */
import type { SchemaNode } from './node.ts';
import { isObject } from '../types.ts';

export interface PruneOptions {
  /** The object is a whole resource (not e.g. a sub-tree): its TypeMeta/ObjectMeta are kept. Default true. */
  isResourceRoot?: boolean;
}

const META = new Set(['apiVersion', 'kind', 'metadata']);

export function pruneUnknownFields(obj: unknown, schema: SchemaNode | undefined, opts: PruneOptions = {}): string[] {
  let s = schema;
  if (opts.isResourceRoot ?? true) {
    // upstream treats the root like an embedded resource; a wrapper keeps the caller's node untouched
    s = Object.setPrototypeOf({ 'x-kubernetes-embedded-resource': true }, schema ?? {}) as SchemaNode;
  }
  const unknown: string[] = [];
  prune(obj, s, '', unknown);
  return unknown.sort();
}

const key = (path: string, k: string) => (path ? `${path}.${k}` : k);
const has = (o: object | undefined, k: string) => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);

/** The schema for a field: a declared property, else additionalProperties (`true` means "no schema"). */
function fieldSchema(s: SchemaNode, k: string): SchemaNode | undefined | false {
  if (s.properties && has(s.properties, k)) return s.properties[k]!;
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    return isObject(s.additionalProperties) ? (s.additionalProperties as SchemaNode) : undefined;
  }
  return false;
}

function prune(x: unknown, s: SchemaNode | undefined, path: string, unknown: string[]): void {
  if (s?.['x-kubernetes-preserve-unknown-fields']) return skipPrune(x, s, path, unknown);
  if (Array.isArray(x)) {
    x.forEach((v, i) => prune(v, s?.items, `${path}[${i}]`, unknown));
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    if (s?.['x-kubernetes-embedded-resource'] && META.has(k)) continue;
    const sub = s ? fieldSchema(s, k) : false;
    if (sub === false) {
      unknown.push(key(path, k));
      delete x[k];
    } else {
      prune(x[k], sub, key(path, k), unknown);
    }
  }
}

/** Under x-kubernetes-preserve-unknown-fields unknown fields stay, but declared sub-schemas still prune. */
function skipPrune(x: unknown, s: SchemaNode | undefined, path: string, unknown: string[]): void {
  if (!s) return;
  if (Array.isArray(x)) {
    x.forEach((v, i) => skipPrune(v, s.items, `${path}[${i}]`, unknown));
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    if (s['x-kubernetes-embedded-resource'] && META.has(k)) continue;
    const sub = fieldSchema(s, k);
    if (sub !== false) prune(x[k], sub, key(path, k), unknown);
  }
}

/**
 * apiextensions' `PruneNonNullableNullsWithoutDefaults`: a `null` for a non-nullable field without a
 * default is dropped on decode (as if it had not been sent) instead of failing validation. In place.
 */
export function pruneNonNullableNulls(x: unknown, s: SchemaNode | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    for (const v of x) pruneNonNullableNulls(v, s.items);
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    const sub = fieldSchema(s, k);
    if (!sub) continue;
    if (x[k] === null && sub.default === undefined && !sub.nullable) delete x[k];
    else pruneNonNullableNulls(x[k], sub);
  }
}
