/**
 * OpenAPI schema validation of an object as the apiserver does it for custom resources (kube-openapi's
 * validator plus apiextensions' list-type and embedded-resource checks), with upstream's field paths,
 * cause reasons and messages (`spec.replicas in body must be of type integer: "string"`).
 *
 * The same walker validates built-in kinds against the swagger-derived graph; there `null` is a Go zero
 * value (never a type error) and Quantity/IntOrString/RawExtension follow their Go decoding.
 */
import type { StatusCause } from '../errors.ts';
import { isBuiltinNode } from './builtin.ts';
import { goNumber, invalidValue, notSupported, quote, required, tooLong, tooMany, typeInvalid } from './fielderr.ts';
import { checkFormat, QUANTITY_RE } from './formats.ts';
import { canonical, validateListType } from './listtype.ts';
import { isDNS1035Label, parseGroupVersionError } from './names.ts';
import type { SchemaNode } from './node.ts';
import { child, index } from './path.ts';
import { isObject } from '../types.ts';

export interface ValidateOptions {
  /** Path of `obj` within its resource, e.g. `spec` when validating only the spec. Default: the root. */
  rootPath?: string;
  /** Go-decoding semantics (null is a zero value, `date-time` checked). Default: detected from the schema. */
  builtin?: boolean;
}

interface Ctx {
  builtin: boolean;
  /** List-type and embedded-resource errors: upstream finds them in passes after schema validation. */
  late: StatusCause[];
}

export function validateAgainstSchema(obj: unknown, schema: SchemaNode, opts: ValidateOptions = {}): StatusCause[] {
  const ctx: Ctx = { builtin: opts.builtin ?? isBuiltinNode(schema), late: [] };
  const out: StatusCause[] = [];
  walk(obj, schema, opts.rootPath ?? '', ctx, out, true);
  return [...out, ...ctx.late];
}

type JsonType = 'null' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

function jsonType(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v as JsonType;
  return 'object';
}

/** The types a node admits, in the order upstream prints them; undefined admits anything. */
function allowedTypes(s: SchemaNode): string[] | undefined {
  if (s['x-kubernetes-int-or-string'] || s.format === 'int-or-string') return ['integer', 'string'];
  if (s['x-marina-quantity']) return ['string', 'number'];
  return s.type ? [s.type] : undefined;
}

const typeOk = (actual: JsonType, allowed: string[]) => allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));

const regexCache = new Map<string, RegExp | null>();
function regex(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null; // Go RE2 syntax JS cannot compile: upstream rejects such CRDs, so never reached for valid ones
      }
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern)!;
}

function walk(v: unknown, s: SchemaNode, path: string, ctx: Ctx, out: StatusCause[], isRoot = false): void {
  if (v === undefined) return;
  const types = allowedTypes(s);
  if (v === null) {
    if (types && !s.nullable && !ctx.builtin) out.push(typeInvalid(path, 'null', `${path} in body must be of type ${types.join(',')}: "null"`));
    return;
  }
  const actual = jsonType(v);
  if (types && !typeOk(actual, types)) {
    out.push(typeInvalid(path, actual, `${path} in body must be of type ${types.join(',')}: ${quote(actual)}`));
    return;
  }
  if (s['x-marina-quantity'] && typeof v === 'string' && !QUANTITY_RE.test(v)) {
    out.push(invalidValue(path, v, `quantities must match the regular expression '${QUANTITY_RE.source}'`));
    return;
  }
  composition(v, s, path, ctx, out);
  if (typeof v === 'string') stringChecks(v, s, path, ctx, out);
  else if (typeof v === 'number') numberChecks(v, s, path, out);
  else if (Array.isArray(v)) arrayChecks(v, s, path, ctx, out);
  if (s.enum && !s.enum.some((e) => canonical(e) === canonical(v))) out.push(notSupported(path, v, s.enum));
  if (isObject(v)) objectChecks(v, s, path, ctx, out, isRoot);
}

function stringChecks(v: string, s: SchemaNode, path: string, ctx: Ctx, out: StatusCause[]): void {
  const len = [...v].length; // kube-openapi counts runes
  if (s.maxLength !== undefined && len > s.maxLength) out.push(tooLong(path, s.maxLength));
  if (s.minLength !== undefined && len < s.minLength) out.push(invalidValue(path, v, `${path} in body should be at least ${s.minLength} chars long`));
  if (s.pattern !== undefined && regex(s.pattern) && !regex(s.pattern)!.test(v)) {
    out.push(invalidValue(path, v, `${path} in body should match '${s.pattern}'`));
  }
  if (s.format && !checkFormat(s.format, v, ctx.builtin)) out.push(typeInvalid(path, v, `${path} in body must be of type ${s.format}: ${quote(v)}`));
}

function numberChecks(v: number, s: SchemaNode, path: string, out: StatusCause[]): void {
  if (s.multipleOf !== undefined && s.multipleOf > 0) {
    const q = v / s.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) out.push(invalidValue(path, v, `${path} in body should be a multiple of ${goNumber(s.multipleOf)}`));
  }
  if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
    out.push(invalidValue(path, v, `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${goNumber(s.maximum)}`));
  }
  if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
    out.push(invalidValue(path, v, `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${goNumber(s.minimum)}`));
  }
}

function arrayChecks(v: unknown[], s: SchemaNode, path: string, ctx: Ctx, out: StatusCause[]): void {
  if (s.items) v.forEach((x, i) => walk(x, s.items!, index(path, i), ctx, out));
  if (s.minItems !== undefined && v.length < s.minItems) out.push(invalidValue(path, v.length, `${path} in body should have at least ${s.minItems} items`));
  if (s.maxItems !== undefined && v.length > s.maxItems) out.push(tooMany(path, v.length, s.maxItems));
  if (s.uniqueItems && new Set(v.map(canonical)).size !== v.length) out.push(invalidValue(path, '', `${path} in body shouldn't contain duplicates`));
  ctx.late.push(...validateListType(v, s, path));
}

const has = (o: Record<string, unknown> | undefined, k: string) => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);

function objectChecks(v: Record<string, unknown>, s: SchemaNode, path: string, ctx: Ctx, out: StatusCause[], isRoot: boolean): void {
  const n = Object.keys(v).length;
  if (s.maxProperties !== undefined && n > s.maxProperties) out.push(tooMany(path, n, s.maxProperties));
  if (s.minProperties !== undefined && n < s.minProperties) out.push(invalidValue(path, n, `${path} in body should have at least ${s.minProperties} properties`));
  for (const r of s.required ?? []) if (!has(v, r)) out.push(required(child(path, r)));
  const props = s.properties;
  const extra = s.additionalProperties;
  for (const [k, x] of Object.entries(v)) {
    if (props && has(props, k)) walk(x, props[k]!, child(path, k), ctx, out);
    else if (isObject(extra)) walk(x, extra as SchemaNode, child(path, k), ctx, out);
    else if (extra === false) out.push(invalidValue(path, k, `${path}.${k} in body is a forbidden property`));
  }
  if (s['x-kubernetes-embedded-resource'] && !isRoot) ctx.late.push(...embeddedResource(v, path));
}

/** apiextensions' `validateEmbeddedResource`: TypeMeta of an embedded object must be set and well-formed. */
function embeddedResource(x: Record<string, unknown>, path: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if (!has(x, 'apiVersion')) errs.push(required(child(path, 'apiVersion'), 'must not be empty'));
  if (!has(x, 'kind')) errs.push(required(child(path, 'kind'), 'must not be empty'));
  const { apiVersion, kind } = x;
  if (has(x, 'apiVersion')) {
    if (typeof apiVersion !== 'string') errs.push(invalidValue(child(path, 'apiVersion'), apiVersion, 'must be a string'));
    else if (apiVersion === '') errs.push(invalidValue(child(path, 'apiVersion'), apiVersion, 'must not be empty'));
    else if (parseGroupVersionError(apiVersion)) errs.push(invalidValue(child(path, 'apiVersion'), apiVersion, parseGroupVersionError(apiVersion)));
  }
  if (has(x, 'kind')) {
    if (typeof kind !== 'string') errs.push(invalidValue(child(path, 'kind'), kind, 'must be a string'));
    else if (kind === '') errs.push(invalidValue(child(path, 'kind'), kind, 'must not be empty'));
    else if (isDNS1035Label(kind.toLowerCase()).length) {
      errs.push(invalidValue(child(path, 'kind'), kind, `may have mixed case, but should otherwise match: ${isDNS1035Label(kind.toLowerCase()).join(',')}`));
    }
  }
  return errs;
}

/** allOf/anyOf/oneOf/not as kube-openapi's schemaPropsValidator, including its composite messages. */
function composition(v: unknown, s: SchemaNode, path: string, ctx: Ctx, out: StatusCause[]): void {
  const sub = (x: SchemaNode): StatusCause[] => {
    const c: Ctx = { builtin: ctx.builtin, late: [] };
    const o: StatusCause[] = [];
    walk(v, x, path, c, o);
    return [...o, ...c.late];
  };
  const composite = (msg: string) => invalidValue(path, '', `${quote(path)} ${msg}`);
  // kube-openapi keeps the errors of the branch that got furthest; fewest errors is our proxy for that.
  const best = (results: StatusCause[][]) => results.reduce((a, b) => (b.length < a.length ? b : a));
  if (s.anyOf?.length) {
    const results = s.anyOf.map(sub);
    if (!results.some((r) => r.length === 0)) out.push(composite('must validate at least one schema (anyOf)'), ...best(results));
  }
  if (s.oneOf?.length) {
    const results = s.oneOf.map(sub);
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== 1) {
      out.push(composite(`must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}`));
      if (valid === 0) out.push(...best(results));
    }
  }
  if (s.allOf?.length) {
    const results = s.allOf.map(sub);
    const valid = results.filter((r) => r.length === 0).length;
    out.push(...results.flat());
    if (valid !== results.length) out.push(composite(`must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`));
  }
  if (s.not && sub(s.not).length === 0) out.push(composite('must not validate the schema (not)'));
}
