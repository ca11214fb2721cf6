/**
 * Field errors as `k8s.io/apimachinery/pkg/util/validation/field` renders them, turned into StatusCauses.
 * A cause's message is upstream's `ErrorBody()` (no field prefix): `invalid()` in errors.ts adds the field.
 */
import type { StatusCause } from '../errors.ts';

/** Go's `%q` for the strings we print: JSON quoting matches it for everything but exotic code points. */
export const quote = (s: string): string => JSON.stringify(s);

/** Go's `%v` for a float64/int64 (`1`, `1.5`, `1e+21`). */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  return s.replace(/e([+-])(\d)$/, 'e$10$2'); // Go pads single-digit exponents: 1e-07
}

/** Go's `%#v` of an unstructured value (map[string]interface{} / []interface{}), as field errors print compounds. */
export function goSharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  const o = v as Record<string, unknown>;
  // fmt prints maps with sorted keys.
  const entries = Object.keys(o).sort().map((k) => `${quote(k)}:${goSharpV(o[k])}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}

/** The value part of `ErrorBody()`: `%v` for scalars, `%q` for strings, `%#v` for the rest. */
export function badValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  return goSharpV(v);
}

const cause = (reason: string, field: string, message: string): StatusCause =>
  field ? { reason, message, field } : { reason, message };

const withDetail = (head: string, detail: string) => (detail ? `${head}: ${detail}` : head);

export const required = (field: string, detail = '') => cause('FieldValueRequired', field, withDetail('Required value', detail));

export const forbidden = (field: string, detail = '') => cause('FieldValueForbidden', field, withDetail('Forbidden', detail));

export const invalidValue = (field: string, value: unknown, detail = '') =>
  cause('FieldValueInvalid', field, withDetail(`Invalid value: ${badValue(value)}`, detail));

export const typeInvalid = (field: string, value: unknown, detail = '') =>
  cause('FieldValueTypeInvalid', field, withDetail(`Invalid value: ${badValue(value)}`, detail));

export const duplicate = (field: string, value: unknown) => cause('FieldValueDuplicate', field, `Duplicate value: ${badValue(value)}`);

/** `supported` are printed quoted (upstream JSON-encodes non-string enum members first, then quotes them). */
export function notSupported(field: string, value: unknown, supported: unknown[]): StatusCause {
  const vals = supported.map((s) => quote(typeof s === 'string' ? s : JSON.stringify(s)));
  return cause('FieldValueNotSupported', field, withDetail(`Unsupported value: ${badValue(value)}`, vals.length ? `supported values: ${vals.join(', ')}` : ''));
}

/** `field.TooLong` as of Kubernetes 1.32 (the value is never printed). */
export const tooLong = (field: string, max: number) =>
  cause('FieldValueTooLong', field, `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`);

export const tooMany = (field: string, actual: number, max: number) =>
  cause('FieldValueTooMany', field, `Too many: ${actual}: must have at most ${max} items`);
