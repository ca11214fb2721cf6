/** sprig maths, defaults, type inspection and conversion functions. */
import { fn, type FuncMap } from '../funcs.ts';
import { formatFloatG, int64, isMap, isStruct, truth, typeName } from '../value.ts';
import { asList, isEmpty, strval, toFloat64, toInt64 } from './conv.ts';
import { deepEqual } from './lists.ts';

const i64 = (f: (a: bigint, b: bigint) => bigint) => fn(['any', 'any'], (a: unknown, b: unknown) => int64(f(toInt64(a), toInt64(b))));

function reduceI(name: string, f: (a: bigint, b: bigint) => bigint) {
  return fn(['any'], (first: unknown, ...rest: unknown[]) => rest.reduce<bigint>((acc, x) => int64(f(acc, toInt64(x))), toInt64(first)), 'any');
}

/** Decimal rounding as sprig's round (math.Round on value * 10^precision, half away from zero). */
function round(a: unknown, p: bigint, rOpt?: unknown): number {
  const r = rOpt === undefined ? 0.5 : toFloat64(rOpt);
  const val = toFloat64(a);
  const pow = 10 ** Number(p);
  const digit = pow * val;
  const [, frac] = [Math.trunc(digit), digit - Math.trunc(digit)];
  const rounded = Math.abs(frac) >= r ? (digit >= 0 ? Math.ceil(digit) : Math.floor(digit)) : Math.trunc(digit);
  return rounded / pow;
}

/** reflect.Kind names as sprig's kindOf prints them. */
export function kindOf(v: unknown): string {
  if (v === undefined || v === null) return 'invalid';
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
      return 'func';
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (isStruct(v)) return 'ptr';
  return 'map';
}

export const mathFuncs: FuncMap = {
  add1: fn(['any'], (a: unknown) => int64(toInt64(a) + 1n)),
  add: reduceI('add', (a, b) => a + b),
  sub: i64((a, b) => a - b),
  mul: reduceI('mul', (a, b) => a * b),
  div: i64((a, b) => {
    if (b === 0n) throw new Error('runtime error: integer divide by zero');
    return a / b;
  }),
  mod: i64((a, b) => {
    if (b === 0n) throw new Error('runtime error: integer divide by zero');
    return a % b;
  }),
  max: reduceI('max', (a, b) => (b > a ? b : a)),
  min: reduceI('min', (a, b) => (b < a ? b : a)),
  biggest: reduceI('biggest', (a, b) => (b > a ? b : a)),
  addf: fn(['any'], (...a: unknown[]) => a.reduce<number>((s, x) => s + toFloat64(x), 0), 'any'),
  add1f: fn(['any'], (a: unknown) => toFloat64(a) + 1),
  subf: fn(['any'], (a: unknown, ...r: unknown[]) => r.reduce<number>((s, x) => s - toFloat64(x), toFloat64(a)), 'any'),
  mulf: fn(['any'], (a: unknown, ...r: unknown[]) => r.reduce<number>((s, x) => s * toFloat64(x), toFloat64(a)), 'any'),
  divf: fn(['any'], (a: unknown, ...r: unknown[]) => r.reduce<number>((s, x) => s / toFloat64(x), toFloat64(a)), 'any'),
  maxf: fn(['any'], (a: unknown, ...r: unknown[]) => r.reduce<number>((s, x) => Math.max(s, toFloat64(x)), toFloat64(a)), 'any'),
  minf: fn(['any'], (a: unknown, ...r: unknown[]) => r.reduce<number>((s, x) => Math.min(s, toFloat64(x)), toFloat64(a)), 'any'),
  floor: fn(['any'], (a: unknown) => Math.floor(toFloat64(a))),
  ceil: fn(['any'], (a: unknown) => Math.ceil(toFloat64(a))),
  round: fn(['any', 'int'], round, 'any'),
  int: fn(['any'], (a: unknown) => toInt64(a)),
  int64: fn(['any'], (a: unknown) => toInt64(a)),
  float64: fn(['any'], (a: unknown) => toFloat64(a)),
  toDecimal: fn(['any'], (a: unknown) => {
    const s = strval(a);
    return /^[0-7]+$/.test(s) ? BigInt('0o' + s) : 0n;
  }),
  // defaults
  default: fn(['any'], (d: unknown, ...given: unknown[]) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]), 'any'),
  empty: fn(['any'], isEmpty),
  coalesce: fn([], (...a: unknown[]) => a.find((x) => !isEmpty(x)) ?? null, 'any'),
  all: fn([], (...a: unknown[]) => a.every((x) => !isEmpty(x)), 'any'),
  any: fn([], (...a: unknown[]) => a.some((x) => !isEmpty(x)), 'any'),
  ternary: fn(['any', 'any', 'bool'], (t: unknown, f: unknown, c: boolean) => (c ? t : f)),
  // types
  typeOf: fn(['any'], (v: unknown) => (v === null || v === undefined ? '<nil>' : typeName(v))),
  typeIs: fn(['string', 'any'], (t: string, v: unknown) => t === (v === null || v === undefined ? '<nil>' : typeName(v))),
  typeIsLike: fn(['string', 'any'], (t: string, v: unknown) => {
    const n = v === null || v === undefined ? '<nil>' : typeName(v);
    return t === n || t === '*' + n;
  }),
  kindOf: fn(['any'], kindOf),
  kindIs: fn(['string', 'any'], (k: string, v: unknown) => k === kindOf(v)),
  deepEqual: fn(['any', 'any'], deepEqual),
  toBool: fn(['any'], (v: unknown) => (typeof v === 'string' ? /^(1|t|T|TRUE|true|True)$/.test(v) : truth(v))),
  fromFloat: fn(['any'], (v: unknown) => formatFloatG(toFloat64(v))),
  len: undefined as never,
};
delete (mathFuncs as Record<string, unknown>).len;

export { asList, isMap };
