/**
 * Structural defaulting as apiextensions' `defaulting.Default`, IN PLACE: a property's default fills an
 * absent field, or a `null` one unless the field is nullable. Defaults under `items` and
 * `additionalProperties` replace non-nullable `null` elements. Defaults are applied top-down, so a
 * defaulted object is itself defaulted further (upstream walks the map again after filling it).
 */
import type { SchemaNode } from './node.ts';
import { clone, isObject } from '../types.ts';

const nonNullableNull = (v: unknown, s: SchemaNode | undefined) => v === null && s !== undefined && !s.nullable;

export function applyDefaults<T>(obj: T, schema: SchemaNode | undefined): T {
  walk(obj, schema);
  return obj;
}

function walk(x: unknown, s: SchemaNode | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = s.items;
    x.forEach((v, i) => {
      if (nonNullableNull(v, items) && items!.default !== undefined) x[i] = clone(items!.default);
      walk(v, items); // upstream recurses into the old element, so a filled-in default is not re-walked
    });
    return;
  }
  if (!isObject(x)) return;
  const props = s.properties ?? {};
  for (const k of Object.keys(props)) {
    const p = props[k]!;
    if (p.default === undefined) continue;
    if (!(k in x) || nonNullableNull(x[k], p)) x[k] = clone(p.default);
  }
  const extra = isObject(s.additionalProperties) ? (s.additionalProperties as SchemaNode) : undefined;
  for (const k of Object.keys(x)) {
    if (Object.prototype.hasOwnProperty.call(props, k)) walk(x[k], props[k]);
    else if (extra) {
      const v = x[k];
      if (nonNullableNull(v, extra) && extra.default !== undefined) x[k] = clone(extra.default);
      walk(v, extra);
    }
  }
}
