/**
 * values.schema.json validation as Helm does it (each chart's schema against its coalesced values), for the
 * JSON Schema keywords charts use: type, required, properties, additionalProperties, items, enum, const,
 * minimum/maximum (and exclusive), minLength/maxLength, pattern, minItems/maxItems, anyOf/oneOf/allOf/not,
 * local `$ref`s (#/definitions/..., #/$defs/...). Messages follow gojsonschema's ("- replicaCount: Invalid
 * type. Expected: integer, given: string"). Other keywords are not checked; docs/helm.md says so.
 */
import { isMap } from '../../../lib/gotemplate/value.ts';
import type { Chart } from './chart.ts';
import { HelmTemplateError } from './engine.ts';
import type { Values } from './values.ts';

type Schema = Record<string, unknown> | boolean;

export function validateSchemas(chart: Chart, values: Values): void {
  const text = collect(chart, values);
  if (text) throw new HelmTemplateError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${text}`);
}

function collect(chart: Chart, values: Values): string {
  let out = '';
  if (chart.schema) {
    let schema: Schema;
    try {
      schema = JSON.parse(chart.schema.toString('utf8')) as Schema;
    } catch (e) {
      throw new HelmTemplateError(`${chart.metadata.name}: cannot parse values.schema.json: ${(e as Error).message}`);
    }
    const errs: string[] = [];
    validate(schema, values, '(root)', schema, errs);
    if (errs.length) out += `${chart.metadata.name}:\n${errs.map((e) => `- ${e}\n`).join('')}`;
  }
  for (const sub of chart.subcharts) {
    const sv = values[sub.metadata.name];
    out += collect(sub, isMap(sv) ? sv : {});
  }
  return out;
}

function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return 'integer';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

const typeOk = (want: string, got: string) => want === got || (want === 'number' && got === 'integer');
const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : (v as number));
const child = (path: string, k: string | number) => (path === '(root)' ? String(k) : `${path}.${k}`);

function resolveRef(ref: string, root: Schema): Schema {
  if (!ref.startsWith('#')) return true; // remote refs are not fetched
  let cur: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) cur = isMap(cur) ? cur[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return (cur as Schema) ?? true;
}

function validate(s: Schema, v: unknown, path: string, root: Schema, errs: string[]): void {
  if (s === true || s === undefined) return;
  if (s === false) {
    errs.push(`${path}: False always fails validation`);
    return;
  }
  if (typeof s.$ref === 'string') return validate(resolveRef(s.$ref, root), v, path, root, errs);
  const t = jsonType(v);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((x) => typeOk(x, t))) {
      errs.push(`${path}: Invalid type. Expected: ${types.join(',')}, given: ${t}`);
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => same(e, v))) errs.push(`${path}: ${path} must be one of the following: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  if ('const' in s && !same(s.const, v)) errs.push(`${path}: ${path} does not match: ${JSON.stringify(s.const)}`);
  if (t === 'integer' || t === 'number') {
    const n = num(v);
    if (typeof s.minimum === 'number' && n < s.minimum) errs.push(`${path}: Must be greater than or equal to ${s.minimum}`);
    if (typeof s.maximum === 'number' && n > s.maximum) errs.push(`${path}: Must be less than or equal to ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && n <= s.exclusiveMinimum) errs.push(`${path}: Must be greater than ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && n >= s.exclusiveMaximum) errs.push(`${path}: Must be less than ${s.exclusiveMaximum}`);
  }
  if (t === 'string') {
    const len = [...(v as string)].length;
    if (typeof s.minLength === 'number' && len < s.minLength) errs.push(`${path}: String length must be greater than or equal to ${s.minLength}`);
    if (typeof s.maxLength === 'number' && len > s.maxLength) errs.push(`${path}: String length must be less than or equal to ${s.maxLength}`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v as string)) errs.push(`${path}: Does not match pattern '${s.pattern}'`);
  }
  if (t === 'array') {
    const a = v as unknown[];
    if (typeof s.minItems === 'number' && a.length < s.minItems) errs.push(`${path}: Array must have at least ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && a.length > s.maxItems) errs.push(`${path}: Array must have at most ${s.maxItems} items`);
    if (s.items !== undefined && !Array.isArray(s.items)) a.forEach((x, i) => validate(s.items as Schema, x, child(path, i), root, errs));
  }
  if (t === 'object') {
    const o = v as Record<string, unknown>;
    for (const r of Array.isArray(s.required) ? (s.required as string[]) : []) if (!Object.hasOwn(o, r)) errs.push(`${path}: ${r} is required`);
    const props = isMap(s.properties) ? (s.properties as Record<string, Schema>) : {};
    for (const [k, ps] of Object.entries(props)) if (Object.hasOwn(o, k)) validate(ps, o[k], child(path, k), root, errs);
    const extra = Object.keys(o).filter((k) => !Object.hasOwn(props, k) && !matchesPattern(s.patternProperties, k));
    if (s.additionalProperties === false) for (const k of extra) errs.push(`${path}: Additional property ${k} is not allowed`);
    else if (isMap(s.additionalProperties)) for (const k of extra) validate(s.additionalProperties as Schema, o[k], child(path, k), root, errs);
    if (isMap(s.patternProperties)) {
      for (const [pat, ps] of Object.entries(s.patternProperties as Record<string, Schema>)) {
        for (const k of Object.keys(o)) if (new RegExp(pat, 'u').test(k)) validate(ps, o[k], child(path, k), root, errs);
      }
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) validate(sub, v, path, root, errs);
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => ok(sub, v, path, root))) errs.push(`${path}: Must validate at least one schema (anyOf)`);
  if (Array.isArray(s.oneOf) && (s.oneOf as Schema[]).filter((sub) => ok(sub, v, path, root)).length !== 1) errs.push(`${path}: Must validate one and only one schema (oneOf)`);
  if (s.not !== undefined && ok(s.not as Schema, v, path, root)) errs.push(`${path}: Must not validate the schema (not)`);
}

function ok(s: Schema, v: unknown, path: string, root: Schema): boolean {
  const e: string[] = [];
  validate(s, v, path, root, e);
  return e.length === 0;
}

function matchesPattern(pp: unknown, k: string): boolean {
  return isMap(pp) && Object.keys(pp).some((p) => new RegExp(p, 'u').test(k));
}

function same(a: unknown, b: unknown): boolean {
  const norm = (x: unknown): unknown => (typeof x === 'bigint' ? Number(x) : Array.isArray(x) ? x.map(norm) : isMap(x) ? Object.fromEntries(Object.entries(x).sort().map(([k, y]) => [k, norm(y)])) : x);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
