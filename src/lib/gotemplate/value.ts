/**
 * How Go values are modelled in JavaScript for the template engine:
 * - `undefined`: an invalid reflect.Value ("no value", e.g. a missing map key);
 * - `null`: nil; `boolean`; `string`;
 * - `bigint`: a Go int (template literals, `len`, sprig integer maths, `--set` integers);
 * - `number`: a Go float64 (numbers decoded from YAML/JSON are float64 in Go, as in Helm's values);
 * - arrays: []interface{}; plain objects: map[string]interface{};
 * - objects carrying a `GO_TYPE` name: structs, whose function-valued properties are methods
 *   (Helm's `.Files`, `.Capabilities`, `.Chart`);
 * - functions: func values (`call`).
 */

export const GO_TYPE: unique symbol = Symbol.for('marina.gotemplate.type');

export type GoStruct = { [GO_TYPE]: string; [k: string]: unknown };

export const isStruct = (v: unknown): v is GoStruct => typeof v === 'object' && v !== null && GO_TYPE in v;
export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !isStruct(v) && !(v instanceof Uint8Array);

/** A map of a named Go map type (Helm's `chartutil.Values`): a map everywhere, but type assertions see the name. */
export const GO_MAP_TYPE: unique symbol = Symbol.for('marina.gotemplate.maptype');

export function namedMap<T extends object>(type: string, m: T): T {
  Object.defineProperty(m, GO_MAP_TYPE, { value: type, enumerable: false, configurable: true });
  return m;
}

/** Marks an object as a Go struct named `type` (fields and methods are its own properties). */
export function struct<T extends object>(type: string, fields: T): T & GoStruct {
  Object.defineProperty(fields, GO_TYPE, { value: type, enumerable: false });
  return fields as T & GoStruct;
}

/** reflect's Type.String() of a value. */
export function typeName(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'function':
      return 'func(...interface {}) (interface {}, error)';
  }
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof Uint8Array) return '[]uint8';
  if (isStruct(v)) return v[GO_TYPE];
  return (v as { [GO_MAP_TYPE]?: string })[GO_MAP_TYPE] ?? 'map[string]interface {}';
}

/** text/template's isTrue. */
export function truth(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0;
    case 'string':
      return v.length > 0;
    case 'function':
      return true;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (isStruct(v)) return true;
  return Object.keys(v as object).length > 0;
}

/** strconv.FormatFloat(f, 'g', -1, 64) as fmt's %v prints a float64 (exponent from 1e+06 and below 1e-4). */
export function formatFloatG(f: number, prec = -1): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = (prec < 0 ? f.toExponential() : f.toExponential(Math.max(prec, 1) - 1)).split('e');
  const exp = Number(expStr);
  const digits = mant!.replace(/^-/, '').replace('.', '');
  let eprec = prec < 0 ? 6 : prec === 0 ? 1 : prec;
  if (prec >= 0 && eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
  if (exp < -4 || exp >= eprec) {
    let m = mant!;
    if (prec >= 0 && m.includes('.')) m = m.replace(/0+$/, '').replace(/\.$/, '');
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // Plain decimal with the significant digits we have.
  const neg = f < 0;
  let s: string;
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    s = frac ? `${intPart}.${frac}` : intPart;
  } else {
    s = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  if (prec >= 0 && s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return (neg ? '-' : '') + s;
}

/** fmt's %v. */
export function formatValue(v: unknown, plusV = false): string {
  if (v === undefined || v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloatG(v);
    case 'boolean':
      return String(v);
    case 'function':
      return '0x1';
  }
  if (Array.isArray(v)) return `[${v.map((x) => formatValue(x, plusV)).join(' ')}]`;
  if (v instanceof Uint8Array) return `[${[...v].join(' ')}]`;
  if (isStruct(v)) {
    // A fmt.Stringer prints itself.
    if (typeof v.String === 'function') return String((v.String as () => unknown)());
    const fields = Object.entries(v).filter(([, x]) => typeof x !== 'function');
    return `{${fields.map(([k, x]) => (plusV ? `${k}:` : '') + formatValue(x, plusV)).join(' ')}}`;
  }
  const keys = Object.keys(v as object).sort(byteCompare);
  return `map[${keys.map((k) => `${k}:${formatValue((v as Record<string, unknown>)[k], plusV)}`).join(' ')}]`;
}

/** Go compares strings by bytes; for UTF-16 strings this matches except around surrogates, which is fine here. */
export const byteCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Go's `%q` of a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0xfffd) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** A JS value to a Go int64 (bigint), wrapping like a Go conversion would. */
export const int64 = (n: bigint) => BigInt.asIntN(64, n);

/** Copies a value deeply (maps, lists); structs and functions are shared. */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return out as T;
  }
  return v;
}
