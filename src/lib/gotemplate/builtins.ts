/** text/template's builtin functions (text/template/funcs.go) with Go's semantics and error texts. */
import { fn, type FuncMap, type GoFunc } from './funcs.ts';
import { sprint, sprintf, sprintln } from './printf.ts';
import { byteCompare, formatValue, isMap, isStruct, truth, typeName } from './value.ts';

type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'other';

function basicKind(v: unknown): Kind {
  if (v === undefined || v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  return 'other';
}

const errBadComparison = 'incompatible types for comparison';

function eq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of rest) {
    const k2 = basicKind(b);
    let t = false;
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new Error(`${errBadComparison}: ${typeName(a)} and ${typeName(b)}`);
    } else if (k1 === 'other') {
      if (Array.isArray(a) || isMap(a) || Array.isArray(b) || isMap(b)) throw new Error(`non-comparable type ${formatValue(a)}: ${typeName(a)}`);
      t = a === b;
    } else if (k1 === 'invalid') t = true;
    else t = a === b;
    if (t) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k1 === 'other' || k2 === 'invalid' || k2 === 'other') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error(`${errBadComparison}: ${typeName(a)} and ${typeName(b)}`);
  if (k1 === 'bool') throw new Error('invalid type for comparison');
  if (k1 === 'string') return byteCompare(a as string, b as string) < 0;
  return (a as number) < (b as number);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  let v = item;
  if (v === undefined || v === null) throw new Error('index of untyped nil');
  for (const ix of indexes) {
    if (v === undefined || v === null) throw new Error('index of nil pointer');
    if (Array.isArray(v) || typeof v === 'string') {
      const i = indexArg(ix, v.length);
      v = typeof v === 'string' ? BigInt(Buffer.from(v)[i]!) : v[i];
    } else if (isMap(v)) {
      if (ix === null || ix === undefined) throw new Error('value is nil; should be of type string');
      if (typeof ix !== 'string') throw new Error(`value has type ${typeName(ix)}; should be string`);
      v = Object.hasOwn(v, ix) ? v[ix] : null;
    } else throw new Error(`can't index item of type ${typeName(v)}`);
  }
  return v;
}

function indexArg(ix: unknown, cap: number): number {
  if (ix === null || ix === undefined) throw new Error('cannot index slice/array with nil');
  if (typeof ix !== 'bigint') throw new Error(`cannot index slice/array with type ${typeName(ix)}`);
  if (ix < 0n || ix >= BigInt(cap)) throw new Error(`index out of range: ${ix}`);
  return Number(ix);
}

function slice(item: unknown, ...idx: unknown[]): unknown {
  if (item === undefined || item === null) throw new Error('slice of untyped nil');
  if (idx.length > 3) throw new Error(`too many slice indexes: ${idx.length}`);
  let len: number;
  if (typeof item === 'string') {
    if (idx.length === 3) throw new Error('cannot 3-index slice a string');
    len = Buffer.byteLength(item);
  } else if (Array.isArray(item)) len = item.length;
  else throw new Error(`can't slice item of type ${typeName(item)}`);
  const ix = [0, len];
  for (const [i, x] of idx.entries()) {
    if (typeof x !== 'bigint') throw new Error(x === null || x === undefined ? 'cannot index slice/array with nil' : `cannot index slice/array with type ${typeName(x)}`);
    if (x < 0n || x > BigInt(len)) throw new Error(`index out of range: ${x}`);
    ix[i] = Number(x);
  }
  if (ix[0]! > ix[1]!) throw new Error(`invalid slice index: ${ix[0]} > ${ix[1]}`);
  if (typeof item === 'string') return Buffer.from(item).subarray(ix[0], ix[1]).toString();
  return item.slice(ix[0], ix[1]);
}

function len(v: unknown): bigint {
  if (v === undefined || v === null) throw new Error('len of nil pointer');
  if (typeof v === 'string') return BigInt(Buffer.byteLength(v));
  if (Array.isArray(v) || v instanceof Uint8Array) return BigInt(v.length);
  if (isMap(v)) return BigInt(Object.keys(v).length);
  throw new Error(`len of type ${typeName(v)}`);
}

function call(f: unknown, ...args: unknown[]): unknown {
  if (f === undefined || f === null) throw new Error('call of nil');
  if (typeof f !== 'function') throw new Error(`non-function of type ${typeName(f)}`);
  return (f as GoFunc)(...args);
}

/** html/template-free HTML escaping of text/template's `html`. */
export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case "'":
        out += "\\'";
        break;
      case '"':
        out += '\\"';
        break;
      case '<':
        out += '\\u003C';
        break;
      case '>':
        out += '\\u003E';
        break;
      case '&':
        out += '\\u0026';
        break;
      case '=':
        out += '\\u003D';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += c < 0x20 ? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}` : ch;
    }
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** evalArgs: a single string argument is used as is, else fmt.Sprint of all. */
const evalArgs = (args: unknown[]) =>
  args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));

export const BUILTINS: FuncMap = {
  and: fn(['any'], (...a: unknown[]) => a, 'any'),
  or: fn(['any'], (...a: unknown[]) => a, 'any'),
  not: fn(['any'], (v: unknown) => !truth(v)),
  len: fn(['any'], len),
  index: fn(['any'], index, 'any'),
  slice: fn(['any'], slice, 'any'),
  call: fn(['any'], call, 'any'),
  print: fn([], (...a: unknown[]) => sprint(a), 'any'),
  printf: fn(['string'], (f: string, ...a: unknown[]) => sprintf(f, a), 'any'),
  println: fn([], (...a: unknown[]) => sprintln(a), 'any'),
  html: fn([], (...a: unknown[]) => htmlEscape(evalArgs(a)), 'any'),
  js: fn([], (...a: unknown[]) => jsEscape(evalArgs(a)), 'any'),
  urlquery: fn([], (...a: unknown[]) => queryEscape(evalArgs(a)), 'any'),
  eq: fn(['any'], eq, 'any'),
  ne: fn(['any', 'any'], (a: unknown, b: unknown) => !eq(a, b)),
  lt: fn(['any', 'any'], lt),
  le: fn(['any', 'any'], (a: unknown, b: unknown) => lt(a, b) || eq(a, b)),
  gt: fn(['any', 'any'], (a: unknown, b: unknown) => !lt(a, b) && !eq(a, b)),
  ge: fn(['any', 'any'], (a: unknown, b: unknown) => !lt(a, b)),
};

export { isStruct };
