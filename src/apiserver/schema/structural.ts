/**
 * Static checks of a CRD version's `openAPIV3Schema`, as apiextensions' `ValidateCustomResourceDefinitionOpenAPISchema`
 * (forbidden keywords, list/map types) followed by `ValidateStructural` (a type on every node, value
 * validations in anyOf/allOf/oneOf/not only, metadata restricted to name/generateName) and defaults
 * (`ValidateDefaults`). Errors carry paths like `spec.versions[0].schema.openAPIV3Schema.properties[spec].type`.
 */
import type { StatusCause } from '../errors.ts';
import { forbidden, invalidValue, notSupported, required } from './fielderr.ts';
import type { SchemaNode } from './node.ts';
import { pruneUnknownFields } from './prune.ts';
import { validateAgainstSchema } from './validate.ts';
import { clone, isObject } from '../types.ts';
import { canonical } from './listtype.ts';

type Props = Record<string, any>;
const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const key = (p: string, k: string) => `${p}.properties[${k}]`;

/** All errors for one schema; structural checks only run once the keyword checks pass, as upstream. */
export function validateCRDSchema(schema: Props, path: string): StatusCause[] {
  const errs = keywordChecks(schema, path, false);
  if (errs.length) return errs;
  const structural = [...invariants(schema, 'root', path), ...completeness(schema, schema, path, path)];
  // upstream sorts structural errors by their text so that map iteration order does not show
  structural.sort((a, b) => ((a.field ?? '') + a.message < (b.field ?? '') + b.message ? -1 : 1));
  if (structural.length) return structural;
  return defaultsChecks(schema, path, true);
}

function children(s: Props, path: string): Array<[Props, string]> {
  const out: Array<[Props, string]> = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push([v as Props, key(path, k)]);
  if (isObject(s.items)) out.push([s.items, `${path}.items`]);
  if (isObject(s.additionalProperties)) out.push([s.additionalProperties, `${path}.additionalProperties`]);
  if (isObject(s.not)) out.push([s.not, `${path}.not`]);
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) (s[j] ?? []).forEach((v: Props, i: number) => out.push([v, `${path}.${j}[${i}]`]));
  return out;
}

function keywordChecks(s: Props, path: string, insideMeta: boolean): StatusCause[] {
  const errs: StatusCause[] = [];
  const c = (k: string) => `${path}.${k}`;
  if (s.id) errs.push(forbidden(c('id'), 'id is not supported'));
  if (s.additionalItems !== undefined) errs.push(forbidden(c('additionalItems'), 'additionalItems is not supported'));
  if (s.patternProperties && Object.keys(s.patternProperties).length) errs.push(forbidden(c('patternProperties'), 'patternProperties is not supported'));
  if (s.definitions && Object.keys(s.definitions).length) errs.push(forbidden(c('definitions'), 'definitions is not supported'));
  if (s.dependencies !== undefined) errs.push(forbidden(c('dependencies'), 'dependencies is not supported'));
  if (s.$ref !== undefined) errs.push(forbidden(c('$ref'), '$ref is not supported'));
  if (s.type === 'null') errs.push(forbidden(c('type'), 'type cannot be set to null, use nullable as an alternative'));
  else if (s.type !== undefined && !TYPES.includes(s.type)) errs.push(notSupported(c('type'), s.type, TYPES));
  if (Array.isArray(s.items)) errs.push(forbidden(c('items'), 'items must be a schema object and not an array'));
  if (insideMeta && s['x-kubernetes-embedded-resource']) errs.push(forbidden(c('x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  if (s.uniqueItems === true) errs.push(forbidden(c('uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  if (s.additionalProperties !== undefined && Object.keys(s.properties ?? {}).length && s.additionalProperties !== true) {
    errs.push(forbidden(c('additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) errs.push(invalidValue(c('x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  errs.push(...mapListTypeChecks(s, path));
  for (const [sub, p] of children(s, path)) errs.push(...keywordChecks(sub, p, insideMeta || p === key(path, 'metadata')));
  return errs;
}

function mapListTypeChecks(s: Props, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const c = (k: string) => `${path}.${k}`;
  const mt = s['x-kubernetes-map-type'];
  const lt = s['x-kubernetes-list-type'];
  const keys: string[] = s['x-kubernetes-list-map-keys'] ?? [];
  const need = (t: string, ext: string) =>
    s.type === undefined ? required(c('type'), `must be ${t} if ${ext} is specified`) : invalidValue(c('type'), s.type, `must be ${t} if ${ext} is specified`);
  if (mt !== undefined && s.type !== 'object') errs.push(need('object', 'x-kubernetes-map-type'));
  if (mt !== undefined && mt !== 'atomic' && mt !== 'granular') errs.push(notSupported(c('x-kubernetes-map-type'), mt, ['atomic', 'granular']));
  if (lt !== undefined && s.type !== 'array') errs.push(need('array', 'x-kubernetes-list-type'));
  else if (lt === 'set' && isObject(s.items)) {
    const it = s.items as Props;
    if (it.type === 'array' && it['x-kubernetes-list-type'] !== undefined && it['x-kubernetes-list-type'] !== 'atomic') {
      errs.push(invalidValue(`${path}.items.x-kubernetes-list-type`, it['x-kubernetes-list-type'], 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
    if (it.type === 'object' && it['x-kubernetes-map-type'] !== 'atomic') {
      errs.push(invalidValue(`${path}.items.x-kubernetes-map-type`, it['x-kubernetes-map-type'] ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    }
  }
  if (lt !== undefined && !['atomic', 'set', 'map'].includes(lt)) errs.push(notSupported(c('x-kubernetes-list-type'), lt, ['atomic', 'set', 'map']));
  if (keys.length && lt === undefined) errs.push(required(c('x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
  else if (keys.length && lt !== 'map') errs.push(invalidValue(c('x-kubernetes-list-type'), lt, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  if (lt === 'map') {
    if (!keys.length) errs.push(required(c('x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
    const it: Props | undefined = isObject(s.items) ? (s.items as Props) : undefined;
    if (!it) errs.push(required(c('items'), 'must have a schema if x-kubernetes-list-type is map'));
    else if (it.type !== 'object') errs.push(invalidValue(`${path}.items.type`, it.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"));
    else {
      const seen = new Set<string>();
      for (const k of keys) {
        const p = it.properties?.[k];
        if (!p) errs.push(invalidValue(c('x-kubernetes-list-map-keys'), keys, 'entries must all be names of item properties'));
        else if (p.type === 'array' || p.type === 'object') {
          errs.push(invalidValue(`${key(`${path}.items`, k)}.type`, it.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
        }
        if (seen.has(k)) errs.push(invalidValue(c('x-kubernetes-list-map-keys'), keys, 'must not contain duplicate entries'));
        seen.add(k);
      }
    }
  }
  return errs;
}

type Level = 'root' | 'item' | 'field';

/** `validateStructuralInvariants`. */
function invariants(s: Props, lvl: Level, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const c = (k: string) => `${path}.${k}`;
  if (s.type === 'array' && !isObject(s.items)) errs.push(required(c('items'), 'must be specified'));
  if (isObject(s.items)) errs.push(...invariants(s.items, 'item', c('items')));
  for (const [k, v] of Object.entries(s.properties ?? {})) errs.push(...invariants(v as Props, 'field', key(path, k)));
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    if (lvl === 'root') errs.push(forbidden(c('additionalProperties'), 'must not be used at the root'));
    if (isObject(s.additionalProperties)) errs.push(...invariants(s.additionalProperties, 'field', c('additionalProperties')));
  }
  const ios = Boolean(s['x-kubernetes-int-or-string']);
  if (ios && s['x-kubernetes-preserve-unknown-fields']) errs.push(invalidValue(c('x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  if (ios && s['x-kubernetes-embedded-resource']) errs.push(invalidValue(c('x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  errs.push(...valueValidation(s, ios, path));
  const embedded = Boolean(s['x-kubernetes-embedded-resource']);
  if (embedded && s.type !== 'object') {
    const d = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(s.type === undefined ? required(c('type'), d) : invalidValue(c('type'), s.type, d));
  } else if (s.type === undefined && !ios && !s['x-kubernetes-preserve-unknown-fields']) {
    const where = { root: 'at the root', item: 'for specified array items', field: 'for specified object fields' }[lvl];
    errs.push(required(c('type'), `must not be empty ${where}`));
  }
  if (embedded && s.additionalProperties !== undefined) errs.push(forbidden(c('additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  if (lvl === 'root' && s.type !== undefined && s.type !== 'object') errs.push(invalidValue(c('type'), s.type, 'must be object at the root'));
  const checkMeta = lvl === 'root' || embedded;
  for (const k of ['kind', 'apiVersion']) {
    const p = s.properties?.[k];
    if (p && checkMeta && p.type !== 'string') errs.push(invalidValue(`${key(path, k)}.type`, p.type ?? '', 'must be string'));
  }
  const meta = s.properties?.metadata;
  if (meta) {
    if (checkMeta && meta.type !== 'object') errs.push(invalidValue(`${key(path, 'metadata')}.type`, meta.type ?? '', 'must be object'));
    if (lvl === 'root' && !onlyNameRestrictions(meta)) {
      errs.push(forbidden(key(path, 'metadata'), 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
    }
  }
  if (embedded && !s['x-kubernetes-preserve-unknown-fields'] && !Object.keys(s.properties ?? {}).length) {
    errs.push(required(c('properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
  return errs;
}

/** Root metadata may only be `type: object` with value validations of name/generateName. */
function onlyNameRestrictions(meta: Props): boolean {
  const names = Object.keys(meta.properties ?? {});
  const rest = Object.keys(meta).filter((k) => !['type', 'default', 'properties', 'description'].includes(k));
  return rest.length === 0 && names.every((n) => n === 'name' || n === 'generateName');
}

const INT_OR_STRING = canonical([{ type: 'integer' }, { type: 'string' }]);
const NESTED_FORBIDDEN: Array<[string, string]> = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ['x-kubernetes-map-type', 'must be undefined to be structural'],
  ['x-kubernetes-validations', 'must be empty to be structural'],
];

/** `validateValueValidation`: junctors may only hold value validations (int-or-string's anyOf excepted). */
function valueValidation(s: Props, intOrString: boolean, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const skipAnyOf = intOrString && canonical(s.anyOf) === INT_OR_STRING;
  const skipFirstAllOfAnyOf = intOrString && canonical(s.allOf?.[0]?.anyOf) === INT_OR_STRING;
  if (!skipAnyOf) (s.anyOf ?? []).forEach((v: Props, i: number) => errs.push(...nested(v, false, `${path}.anyOf[${i}]`)));
  (s.allOf ?? []).forEach((v: Props, i: number) => errs.push(...nested(v, skipFirstAllOfAnyOf && i === 0, `${path}.allOf[${i}]`)));
  (s.oneOf ?? []).forEach((v: Props, i: number) => errs.push(...nested(v, false, `${path}.oneOf[${i}]`)));
  if (isObject(s.not)) errs.push(...nested(s.not, false, `${path}.not`));
  return errs;
}

function nested(v: Props, skipAnyOf: boolean, path: string): StatusCause[] {
  const errs = valueValidation({ ...v, anyOf: skipAnyOf ? undefined : v.anyOf }, false, path);
  if (isObject(v.items)) errs.push(...nested(v.items, false, `${path}.items`));
  for (const [k, p] of Object.entries(v.properties ?? {})) errs.push(...nested(p as Props, false, key(path, k)));
  for (const [k, msg] of NESTED_FORBIDDEN) {
    const x = v[k];
    const set = k === 'x-kubernetes-list-map-keys' || k === 'x-kubernetes-validations' ? Array.isArray(x) && x.length > 0 : x !== undefined && x !== false && x !== '';
    if (set) errs.push(forbidden(`${path}.${k}`, msg));
  }
  if (v.properties?.metadata) errs.push(forbidden(key(path, 'metadata'), 'must not be specified in a nested context'));
  return errs;
}

/** `validateStructuralCompleteness`: what a junctor constrains must be declared structurally too. */
function completeness(v: Props, s: Props | undefined, sPath: string, vPath: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const junctors: Array<[Props, string]> = [];
  if (isObject(v.not)) junctors.push([v.not, `${vPath}.not`]);
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) (v[j] ?? []).forEach((x: Props, i: number) => junctors.push([x, `${vPath}.${j}[${i}]`]));
  for (const [x, p] of junctors) errs.push(...nestedCompleteness(x, s, sPath, p));
  return errs;
}

function nestedCompleteness(v: Props, s: Props | undefined, sPath: string, vPath: string): StatusCause[] {
  if (!s) return [required(sPath, `because it is defined in ${vPath}`)];
  const errs = completeness(v, s, sPath, vPath);
  if (isObject(v.items)) errs.push(...nestedCompleteness(v.items, isObject(s.items) ? s.items : undefined, `${sPath}.items`, `${vPath}.items`));
  for (const [k, p] of Object.entries(v.properties ?? {})) {
    const sp = s.properties?.[k];
    if (!sp) errs.push(required(key(sPath, k), `because it is defined in ${key(vPath, k)}`));
    else errs.push(...nestedCompleteness(p as Props, sp, key(sPath, k), key(vPath, k)));
  }
  return errs;
}

/** `ValidateDefaults`: each default must validate against its own schema and survive pruning unchanged. */
function defaultsChecks(s: Props, path: string, root: boolean): StatusCause[] {
  const errs: StatusCause[] = [];
  if (s.default !== undefined && !root) {
    const p = `${path}.default`;
    errs.push(...validateAgainstSchema(s.default, s as SchemaNode, { rootPath: p, builtin: false }));
    const pruned = clone(s.default);
    pruneUnknownFields(pruned, s as SchemaNode, { isResourceRoot: Boolean(s['x-kubernetes-embedded-resource']) });
    if (canonical(pruned) !== canonical(s.default)) errs.push(invalidValue(p, s.default, 'must not have unknown fields'));
  }
  if (root && s.properties?.metadata?.default !== undefined) errs.push(forbidden(`${key(path, 'metadata')}.default`, 'must not be set for metadata'));
  for (const [sub, p] of children(s, path)) {
    if (root && p === key(path, 'metadata')) continue;
    if (/\.(allOf|anyOf|oneOf)\[\d+\]$|\.not$/.test(p)) continue;
    errs.push(...defaultsChecks(sub, p, false));
  }
  return errs;
}
