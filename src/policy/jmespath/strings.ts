/** Kyverno's string functions (pkg/engine/jmespath/functions.go), one row each. */
import type { JSONValue } from '@jmespath-community/jmespath';
import { wildcardMatch } from '../wildcard.ts';
import { functionError } from './errors.ts';
import { expandGoTemplate, goRegex } from './goregex.ts';
import { type FunctionEntry, ifaceToString, num, str, strOrNum } from './signature.ts';

const s = (v: JSONValue) => v as string;

/** Go's strings.Trim: strips any of the cutset's characters from both ends. */
function trimCutset(value: string, cutset: string): string {
  const chars = new Set([...cutset]);
  const arr = [...value];
  let a = 0;
  let b = arr.length;
  while (a < b && chars.has(arr[a])) a++;
  while (b > a && chars.has(arr[b - 1])) b--;
  return arr.slice(a, b).join('');
}

/** Go's strings.Replace with a count (n < 0 replaces all). */
function replaceN(value: string, from: string, to: string, n: number): string {
  if (n < 0) return from === '' ? [...value].join(to).replace(/^/, to) + to : value.split(from).join(to);
  let out = value;
  let idx = 0;
  for (let i = 0; i < n; i++) {
    const at = out.indexOf(from, idx);
    if (at < 0) break;
    out = out.slice(0, at) + to + out.slice(at + from.length);
    idx = at + to.length + (from === '' ? 1 : 0);
  }
  return out;
}

function regexReplace(name: string, literal: boolean, args: JSONValue[]): string {
  const src = ifaceToString(name, 2, args[1]);
  const repl = ifaceToString(name, 3, args[2]);
  let re: RegExp;
  try {
    re = goRegex(s(args[0]), true);
  } catch (e) {
    throw functionError(name, (e as Error).message);
  }
  return src.replace(re, (...m: unknown[]) => {
    if (literal) return repl;
    const hasNamed = typeof m[m.length - 1] === 'object';
    const named = hasNamed ? (m[m.length - 1] as Record<string, string | undefined>) : undefined;
    const groups = m.slice(0, hasNamed ? -3 : -2) as (string | undefined)[];
    return expandGoTemplate(repl, groups, named);
  });
}

export const STRING_FUNCTIONS: FunctionEntry[] = [
  {
    name: 'compare',
    args: [str, str],
    fn: ([a, b]) => (s(a) === s(b) ? 0 : s(a) < s(b) ? -1 : 1),
    note: 'compares two strings lexicographically',
  },
  {
    name: 'equal_fold',
    args: [str, str],
    fn: ([a, b]) => s(a).toLowerCase() === s(b).toLowerCase(),
    note: 'allows comparing two strings for equivalency where the only differences are letter cases',
  },
  {
    name: 'replace',
    args: [str, str, str, num],
    fn: ([v, from, to, n]) => replaceN(s(v), s(from), s(to), Math.trunc(n as number)),
    note: 'replaces a specified number of instances of the source string with the replacement string in a parent',
  },
  {
    name: 'replace_all',
    args: [str, str, str],
    fn: ([v, from, to]) => replaceN(s(v), s(from), s(to), -1),
    note: 'replace all instances of one string with another in an overall parent string',
  },
  { name: 'to_upper', args: [str], fn: ([v]) => s(v).toUpperCase(), note: 'takes in a string and outputs the same string with all upper-case letters' },
  { name: 'to_lower', args: [str], fn: ([v]) => s(v).toLowerCase(), note: 'takes in a string and outputs the same string with all lower-case letters' },
  {
    name: 'trim',
    args: [str, str],
    fn: ([v, cut]) => trimCutset(s(v), s(cut)),
    note: 'trims both ends of the source string by characters appearing in the second string',
  },
  {
    name: 'trim_prefix',
    args: [str, str],
    fn: ([v, p]) => (s(v).startsWith(s(p)) ? s(v).slice(s(p).length) : s(v)),
    note: 'trims the second string prefix from the first string if the first string starts with the prefix',
  },
  {
    name: 'split',
    args: [str, str],
    fn: ([v, sep]) => (s(sep) === '' ? [...s(v)] : s(v).split(s(sep))),
    note: 'splits the first string when the second string is found and converts it into an array',
  },
  {
    name: 'regex_replace_all',
    args: [str, strOrNum, strOrNum],
    fn: (args) => regexReplace('regex_replace_all', false, args),
    note: 'converts all parameters to string',
  },
  {
    name: 'regex_replace_all_literal',
    args: [str, strOrNum, strOrNum],
    fn: (args) => regexReplace('regex_replace_all_literal', true, args),
    note: 'converts all parameters to string',
  },
  {
    name: 'regex_match',
    args: [str, strOrNum],
    fn: ([re, v]) => goRegex(s(re)).test(ifaceToString('regex_match', 2, v)),
    note: 'first string is the regular exression which is compared with second input which can be a number or string',
  },
  {
    name: 'pattern_match',
    args: [str, strOrNum],
    fn: ([p, v]) => wildcardMatch(s(p), ifaceToString('pattern_match', 2, v)),
    note: "'*' matches zero or more alphanumeric characters, '?' matches a single alphanumeric character",
  },
  {
    name: 'to_boolean',
    args: [str],
    fn: ([v]) => {
      const lower = s(v).toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw functionError('to_boolean', `lowercase argument must be 'true' or 'false' (provided: '${s(v)}')`);
    },
    note: "It returns true or false for any string, such as 'True', 'TruE', 'False', 'FAlse', 'faLSE', etc.",
  },
  {
    name: 'truncate',
    args: [str, num],
    fn: ([v, n]) => [...s(v)].slice(0, Math.max(0, Math.trunc(n as number))).join(''),
    note: 'length argument must be enclosed in backticks; ex. "{{request.object.metadata.name | truncate(@, `9`)}}"',
  },
  {
    name: 'base64_decode',
    args: [str],
    fn: ([v]) => {
      // Go's StdEncoding is strict: padding required, no stray characters
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s(v)) || s(v).length % 4 !== 0) throw new Error('illegal base64 data at input byte 0');
      return Buffer.from(s(v), 'base64').toString('utf8');
    },
    note: 'decodes a base 64 string',
  },
  {
    name: 'base64_encode',
    args: [str],
    fn: ([v]) => Buffer.from(s(v), 'utf8').toString('base64'),
    note: 'encodes a regular, plaintext and unencoded string to base64',
  },
  {
    name: 'path_canonicalize',
    args: [str],
    fn: ([v]) => goCleanPath(s(v)),
    note: 'normalizes or canonicalizes a given path by removing excess slashes',
  },
];

/** Go's filepath.Join(p) on Linux, i.e. filepath.Clean (empty stays empty). */
export function goCleanPath(p: string): string {
  if (p === '') return '';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}


