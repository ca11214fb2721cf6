/** Kyverno's object, parsing, version and image functions (pkg/engine/jmespath/functions.go). */
import type { JSONValue } from '@jmespath-community/jmespath';
import { parse as parseYamlText } from 'yaml';
import { parseImage } from '../images.ts';
import { argTypeError, functionError } from './errors.ts';
import { parseRange, parseVersion } from './semver.ts';
import { type FunctionEntry, ifaceToString, obj, objOrArr, arr, str, strOrNum } from './signature.ts';

const isObj = (v: JSONValue): v is Record<string, JSONValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

function labelMatch([labels, against]: JSONValue[]): JSONValue {
  const want = labels as Record<string, JSONValue>;
  const have = against as Record<string, JSONValue>;
  return Object.entries(want).every(([k, v]) => Object.prototype.hasOwnProperty.call(have, k) && have[k] === v);
}

function lookup([input, key]: JSONValue[]): JSONValue {
  if (isObj(input)) {
    if (typeof key !== 'string') throw argTypeError('lookup', 2, 'String');
    return input[key] ?? null;
  }
  if (typeof key !== 'number') throw argTypeError('lookup', 2, 'Number');
  if (!Number.isInteger(key)) throw new Error(`JMESPath function 'lookup': argument #2: expected an integer number but got: ${key}`);
  const list = input as JSONValue[];
  return key < 0 || key >= list.length ? null : list[key];
}

function items([input, keyName, valName]: JSONValue[]): JSONValue {
  const k = keyName as string;
  const v = valName as string;
  if (isObj(input)) {
    return Object.keys(input)
      .sort()
      .map((key) => ({ [k]: key, [v]: input[key] }));
  }
  return (input as JSONValue[]).map((value, index) => ({ [k]: index, [v]: value }));
}

function objectFromLists([keys, values]: JSONValue[]): JSONValue {
  const out: Record<string, JSONValue> = {};
  (keys as JSONValue[]).forEach((key, i) => {
    if (typeof key === 'object' && key !== null) throw argTypeError('object_from_lists', 1, 'StringArray');
    out[ifaceToString('object_from_lists', 1, key)] = (values as JSONValue[])[i] ?? null;
  });
  return out;
}

function semverCompare([version, range]: JSONValue[]): JSONValue {
  const check = parseRange(range as string);
  // blang's Parse error is ignored upstream: an unparsable version is 0.0.0
  const v = parseVersion(version as string) ?? { major: 0, minor: 0, patch: 0, pre: [] };
  return check(v);
}

/** A tiny regex-driven generator for random(): classes, literals and bounded quantifiers. */
function random([pattern]: JSONValue[]): JSONValue {
  const p = pattern as string;
  if (p === '') throw new Error('no pattern provided');
  let out = '';
  const re = /(\[[^\]]+\]|\\d|\\w|\.|[^[\\.{}*+?])(\{(\d+)(?:,(\d+))?\}|[*+?])?/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < p.length && (m = re.exec(p))) {
    const alphabet = expandClass(m[1]);
    const lo = m[3] ? +m[3] : m[2] === '+' ? 1 : m[2] ? 0 : 1;
    const hi = m[4] ? +m[4] : m[3] ? lo : m[2] === '*' || m[2] === '+' ? lo + 10 : m[2] === '?' ? 1 : 1;
    const n = lo + Math.floor(Math.random() * (hi - lo + 1));
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  }
  if (re.lastIndex < p.length) throw functionError('random', `unsupported pattern "${p}"`);
  return out;
}

function expandClass(atom: string): string {
  const digits = '0123456789';
  const word = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
  if (atom === '\\d') return digits;
  if (atom === '\\w' || atom === '.') return word;
  if (!atom.startsWith('[')) return atom;
  let out = '';
  const body = atom.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i + 1] === '-' && i + 2 < body.length) {
      for (let c = body.charCodeAt(i); c <= body.charCodeAt(i + 2); c++) out += String.fromCharCode(c);
      i += 2;
    } else out += body[i];
  }
  return out;
}

export const MISC_FUNCTIONS: FunctionEntry[] = [
  {
    name: 'label_match',
    args: [obj, obj],
    fn: labelMatch,
    note: 'object arguments must be enclosed in backticks; ex. `{{request.object.spec.template.metadata.labels}}`',
  },
  { name: 'lookup', args: [objOrArr, strOrNum], fn: lookup, note: 'returns the value corresponding to the given key/index in the given object/array' },
  { name: 'items', args: [objOrArr, str, str], fn: items, note: 'converts a map or array to an array of objects where each key:value is an item in the array' },
  { name: 'object_from_lists', args: [arr, arr], fn: objectFromLists, note: 'converts a pair of lists containing keys and values to an object' },
  {
    name: 'parse_json',
    args: [str],
    fn: ([v]) => JSON.parse(v as string) as JSONValue,
    note: 'decodes a valid JSON encoded string to the appropriate type. Opposite of `to_string` function',
  },
  {
    name: 'parse_yaml',
    args: [str],
    fn: ([v]) => (parseYamlText(v as string) ?? null) as JSONValue,
    note: 'decodes a valid YAML encoded string to the appropriate type provided it can be represented as JSON',
  },
  {
    name: 'semver_compare',
    args: [str, str],
    fn: semverCompare,
    note: 'compares two strings which comply with the semantic versioning schema and outputs a boolean response as to the position of the second relative to the first',
  },
  { name: 'random', args: [str], fn: random, note: 'Generates a random sequence of characters' },
  {
    name: 'image_normalize',
    args: [str],
    fn: ([v]) => {
      const info = parseImage(v as string);
      if (!info) throw functionError('image_normalize', `bad image: docker.io/${v as string}`);
      return info.reference;
    },
    note: 'normalizes an image reference',
  },
  { name: 'x509_decode', args: [str], fn: () => { throw functionError('x509_decode', 'not supported by Marina yet'); }, note: 'decodes an x.509 certificate to an object (not supported by Marina)' },
];

