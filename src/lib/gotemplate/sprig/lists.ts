/** sprig list and dict functions. Lists are []interface{}, dicts map[string]interface{}. */
import { fn, type FuncMap } from '../funcs.ts';
import { deepCopy, formatValue, isMap, typeName } from '../value.ts';
import { asList, isEmpty, strval, toInt64 } from './conv.ts';

type Dict = Record<string, unknown>;

/** Go's reflect.DeepEqual over the value model. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

const mustList = (name: string) => (v: unknown) => asList(v, name);

function uniq(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of list) if (!out.some((y) => deepEqual(x, y))) out.push(x);
  return out;
}

function sliceList(list: unknown[], ...idx: unknown[]): unknown[] {
  const l = asList(list, 'slice');
  const start = idx.length > 0 ? Number(toInt64(idx[0])) : 0;
  const end = idx.length > 1 ? Number(toInt64(idx[1])) : l.length;
  if (start < 0 || end > l.length || start > end) throw new Error(`runtime error: slice bounds out of range [${start}:${end}] with capacity ${l.length}`);
  return l.slice(start, end);
}

/** mergo.Merge(dst, src) without overwrite: keys missing (or empty) in dst are filled, maps merged deeply. */
/**
 * mergo.Merge as sprig calls it: maps merge deeply; without `overwrite` a key is set only when missing or
 * empty in dst; with it (mergeOverwrite) src always wins, even with an empty value or nil.
 */
function mergeInto(dst: Dict, src: Dict, overwrite: boolean): Dict {
  for (const [k, sv] of Object.entries(src)) {
    const dv = dst[k];
    if (isMap(dv) && isMap(sv)) mergeInto(dv, sv, overwrite);
    else if (overwrite || !Object.hasOwn(dst, k) || isEmpty(dv)) dst[k] = deepCopy(sv);
  }
  return dst;
}

function dig(...args: unknown[]): unknown {
  if (args.length < 3) throw new Error(`wrong number of args for dig: want at least 3 got ${args.length}`);
  const dict = args[args.length - 1];
  const def = args[args.length - 2];
  const keys = args.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw new Error(`interface conversion: interface {} is ${typeName(k)}, not string`);
    return k;
  });
  // sprig asserts dict.(map[string]interface{}): a named map type (Helm's .Values) fails as in Go.
  if (isMap(dict) && typeName(dict) !== 'map[string]interface {}') throw new Error(`interface conversion: interface {} is ${typeName(dict)}, not map[string]interface {}`);
  let cur: unknown = dict;
  for (const k of keys) {
    if (!isMap(cur) || !Object.hasOwn(cur, k)) return def;
    cur = cur[k];
  }
  return cur;
}

function dict(...kv: unknown[]): Dict {
  const out: Dict = {};
  for (let i = 0; i < kv.length; i += 2) out[strval(kv[i])] = i + 1 < kv.length ? kv[i + 1] : '';
  return out;
}

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (step === 0n) return out;
  if (step > 0n) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

function seq(...p: bigint[]): string {
  let [start, step, end] = [1n, 1n, 0n];
  if (p.length === 0) return '';
  if (p.length === 1) end = p[0]!;
  else if (p.length === 2) [start, end] = [p[0]!, p[1]!];
  else if (p.length === 3) [start, step, end] = [p[0]!, p[1]!, p[2]!];
  else return '';
  if (end < start && step > 0n && p.length < 3) step = -1n;
  const out: bigint[] = [];
  if (step > 0n) for (let i = start; i <= end; i += step) out.push(i);
  else if (step < 0n) for (let i = start; i >= end; i += step) out.push(i);
  return out.join(' ');
}

const listFns: FuncMap = {
  list: fn([], (...a: unknown[]) => a.map((x) => (x === undefined ? null : x)), 'any'),
  tuple: fn([], (...a: unknown[]) => a, 'any'),
  first: fn(['any'], (v: unknown) => mustList('find first')(v)[0] ?? null),
  last: fn(['any'], (v: unknown) => {
    const l = mustList('find last')(v);
    return l.length ? l[l.length - 1] : null;
  }),
  rest: fn(['any'], (v: unknown) => mustList('find rest')(v).slice(1)),
  initial: fn(['any'], (v: unknown) => mustList('find initial')(v).slice(0, -1)),
  append: fn(['any', 'any'], (l: unknown, v: unknown) => [...mustList('append')(l), v]),
  push: fn(['any', 'any'], (l: unknown, v: unknown) => [...mustList('push')(l), v]),
  prepend: fn(['any', 'any'], (l: unknown, v: unknown) => [v, ...mustList('prepend')(l)]),
  concat: fn([], (...ls: unknown[]) => ls.flatMap((l) => mustList('concat')(l)), 'any'),
  reverse: fn(['any'], (v: unknown) => [...mustList('find reverse')(v)].reverse()),
  uniq: fn(['any'], (v: unknown) => uniq(mustList('find uniq')(v))),
  without: fn(['any'], (l: unknown, ...omit: unknown[]) => mustList('find without')(l).filter((x) => !omit.some((o) => deepEqual(x, o))), 'any'),
  has: fn(['any', 'any'], (needle: unknown, hay: unknown) => (hay === null || hay === undefined ? false : mustList('find has')(hay).some((x) => deepEqual(x, needle)))),
  compact: fn(['any'], (v: unknown) => mustList('compact')(v).filter((x) => !isEmpty(x))),
  slice: fn(['any'], sliceList, 'any'),
  until: fn(['int'], (n: bigint) => untilStep(0n, n, n < 0n ? -1n : 1n)),
  untilStep: fn(['int', 'int', 'int'], untilStep),
  seq: fn([], (...a: unknown[]) => seq(...a.map(toInt64)), 'any'),
  chunk: fn(['int', 'any'], (size: bigint, l: unknown) => {
    const list = mustList('chunk')(l);
    const out: unknown[][] = [];
    for (let i = 0; i < list.length; i += Number(size)) out.push(list.slice(i, i + Number(size)));
    return out;
  }),
  sortAlpha: undefined as never,
};
delete (listFns as Record<string, unknown>).sortAlpha;
for (const k of ['first', 'last', 'rest', 'initial', 'append', 'push', 'prepend', 'reverse', 'uniq', 'without', 'has', 'compact', 'slice', 'chunk']) {
  listFns['must' + k[0]!.toUpperCase() + k.slice(1)] = listFns[k]!;
}

const dictFns: FuncMap = {
  dict: fn([], dict, 'any'),
  get: fn(['map', 'string'], (d: Dict | null, k: string) => (d && Object.hasOwn(d, k) ? d[k] : '')),
  set: fn(['map', 'string', 'any'], (d: Dict | null, k: string, v: unknown) => {
    if (!d) throw new Error('assignment to entry in nil map');
    d[k] = v;
    return d;
  }),
  unset: fn(['map', 'string'], (d: Dict | null, k: string) => {
    if (d) delete d[k];
    return d;
  }),
  hasKey: fn(['map', 'string'], (d: Dict | null, k: string) => !!d && Object.hasOwn(d, k)),
  pluck: fn(['string'], (k: string, ...ds: unknown[]) => ds.filter((d): d is Dict => isMap(d) && Object.hasOwn(d, k)).map((d) => d[k]), 'map'),
  keys: fn([], (...ds: unknown[]) => ds.flatMap((d) => (isMap(d) ? Object.keys(d) : [])), 'map'),
  values: fn(['map'], (d: Dict | null) => (d ? Object.values(d) : [])),
  pick: fn(['map'], (d: Dict | null, ...ks: string[]) => Object.fromEntries(ks.filter((k) => d && Object.hasOwn(d, k)).map((k) => [k, d![k]])), 'string'),
  omit: fn(['map'], (d: Dict | null, ...ks: string[]) => Object.fromEntries(Object.entries(d ?? {}).filter(([k]) => !ks.includes(k))), 'string'),
  dig: fn([], dig, 'any'),
  merge: fn(['map'], (dst: Dict | null, ...srcs: (Dict | null)[]) => {
    const d = dst ?? {};
    for (const s of srcs) if (s) mergeInto(d, s, false);
    return d;
  }, 'map'),
  mergeOverwrite: fn(['map'], (dst: Dict | null, ...srcs: (Dict | null)[]) => {
    const d = dst ?? {};
    for (const s of srcs) if (s) mergeInto(d, s, true);
    return d;
  }, 'map'),
  deepCopy: fn(['any'], (v: unknown) => deepCopy(v)),
  deepEqual: fn(['any', 'any'], deepEqual),
};
dictFns.mustMerge = dictFns.merge!;
dictFns.mustMergeOverwrite = dictFns.mergeOverwrite!;
dictFns.mustDeepCopy = dictFns.deepCopy!;

export const listDictFuncs: FuncMap = { ...listFns, ...dictFns };

export { formatValue };
