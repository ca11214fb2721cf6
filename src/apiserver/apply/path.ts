/**
 * Field paths as structured-merge-diff (sigs.k8s.io/structured-merge-diff/fieldpath) models them: a path
 * is a list of elements, each a field name (`f:`), an associative-list key (`k:`), a set value (`v:`) or
 * a list index (`i:`). Ordering and printing follow upstream exactly, because both leak into what users
 * see: FieldsV1 key order in managedFields and the `.spec.containers[name="nginx"].image` paths in
 * apply-conflict messages.
 */
import { isObject } from '../types.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type PathElement =
  | { field: string }
  | { key: Array<[string, Json]> } // sorted by name, as upstream's value.FieldList
  | { value: Json }
  | { index: number };

export type Path = PathElement[];

/** Upstream's value.Compare: a total order over JSON values (numbers < strings < bools < lists < maps < null). */
export function compareValues(a: Json, b: Json): number {
  const rank = (v: Json) =>
    typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : Array.isArray(v) ? 3 : v === null ? 5 : 4;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') return a === b ? 0 : a < (b as typeof a) ? -1 : 1;
  if (Array.isArray(a)) {
    const bl = b as Json[];
    for (let i = 0; i < Math.min(a.length, bl.length); i++) {
      const c = compareValues(a[i]!, bl[i]!);
      if (c !== 0) return c;
    }
    return a.length === bl.length ? 0 : a.length < bl.length ? -1 : 1;
  }
  if (a === null) return 0;
  // Maps: compare as sorted key/value lists, like upstream's MapCompare.
  const ak = Object.keys(a).sort();
  const bm = b as Record<string, Json>;
  const bk = Object.keys(bm).sort();
  for (let i = 0; i < Math.min(ak.length, bk.length); i++) {
    if (ak[i] !== bk[i]) return ak[i]! < bk[i]! ? -1 : 1;
    const c = compareValues(a[ak[i]!]!, bm[bk[i]!]!);
    if (c !== 0) return c;
  }
  return ak.length === bk.length ? 0 : ak.length < bk.length ? -1 : 1;
}

const kindRank = (pe: PathElement) => ('field' in pe ? 0 : 'key' in pe ? 1 : 'value' in pe ? 2 : 3);

/** Upstream's PathElement.Compare: fields < keys < values < indexes, then by content. */
export function comparePE(a: PathElement, b: PathElement): number {
  const ra = kindRank(a);
  const rb = kindRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if ('field' in a) {
    const bf = (b as { field: string }).field;
    return a.field === bf ? 0 : a.field < bf ? -1 : 1;
  }
  if ('key' in a) {
    const bk = (b as { key: Array<[string, Json]> }).key;
    for (let i = 0; ; i++) {
      if (i >= a.key.length && i >= bk.length) return 0;
      if (i >= a.key.length) return -1;
      if (i >= bk.length) return 1;
      const [an, av] = a.key[i]!;
      const [bn, bv] = bk[i]!;
      if (an !== bn) return an < bn ? -1 : 1;
      const c = compareValues(av, bv);
      if (c !== 0) return c;
    }
  }
  if ('value' in a) return compareValues(a.value, (b as { value: Json }).value);
  const bi = (b as { index: number }).index;
  return a.index === bi ? 0 : a.index < bi ? -1 : 1;
}

/** JSON with object keys sorted, so equal values always serialise identically (FieldsV1 keys, set identity). */
export function canonicalJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k] as Json)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The FieldsV1 key of an element (`f:name`, `k:{"name":"nginx"}`, `v:"x"`, `i:0`); also its identity in sets. */
export function peKey(pe: PathElement): string {
  if ('field' in pe) return `f:${pe.field}`;
  if ('key' in pe) return `k:{${pe.key.map(([n, v]) => `${JSON.stringify(n)}:${canonicalJson(v)}`).join(',')}}`;
  if ('value' in pe) return `v:${canonicalJson(pe.value)}`;
  return `i:${pe.index}`;
}

/** Parses a FieldsV1 key back into an element; throws on anything upstream would reject. */
export function parsePEKey(s: string): PathElement {
  const body = s.slice(2);
  switch (s.slice(0, 2)) {
    case 'f:':
      return { field: body };
    case 'k:': {
      const obj = JSON.parse(body) as unknown;
      if (!isObject(obj)) throw new Error(`key ${s} is not a JSON object`);
      const key = Object.keys(obj)
        .sort()
        .map((n): [string, Json] => [n, obj[n] as Json]);
      if (key.length === 0) throw new Error(`key ${s} has no fields`);
      return { key };
    }
    case 'v:':
      return { value: JSON.parse(body) as Json };
    case 'i:': {
      if (!/^-?\d+$/.test(body)) throw new Error(`invalid index ${s}`);
      return { index: Number(body) };
    }
    default:
      throw new Error(`unknown path element prefix in ${JSON.stringify(s)}`);
  }
}

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** Go's %q (strconv.Quote), which upstream messages use for names and values. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (GO_ESCAPES[ch]) out += GO_ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (!/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch)) out += cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Upstream's value.ToString, used inside printed paths: strings %q-quoted, others as JSON. */
function valueString(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(', ')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${k}=${valueString(v[k] as Json)}`)
      .join(', ')}}`;
  }
  return String(v);
}

/** Upstream's PathElement.String. */
export function peString(pe: PathElement): string {
  if ('field' in pe) return `.${pe.field}`;
  if ('key' in pe) return `[${pe.key.map(([n, v]) => `${n}=${valueString(v)}`).join(',')}]`;
  if ('value' in pe) return `[=${valueString(pe.value)}]`;
  return `[${pe.index}]`;
}

/** Upstream's Path.String: `.spec.template.spec.containers[name="nginx"].image`. */
export const pathString = (p: Path): string => p.map(peString).join('');
