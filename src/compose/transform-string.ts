/** The `string` transform: one function per string transform type, registered in a table. */
import { createHash } from 'node:crypto';
import { ComposeError } from './errors.ts';
import { goValue, sprintf } from './gofmt.ts';

type Obj = Record<string, any>;
type StringFn = (t: Obj, input: unknown) => string;

const missing = (type: string, field: string) => new ComposeError('InvalidTransform', `string transform of type ${type} ${field} is not set`);
const fail = (msg: string) => new ComposeError('TransformFailed', msg);

/** Go's `json.Marshal` of a decoded JSON value (sorted object keys, HTML-safe escapes). */
export function goJSON(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Obj)[k])]));
    return x;
  };
  return JSON.stringify(sort(v) ?? null).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function hashInput(input: unknown): Buffer {
  return Buffer.from(typeof input === 'string' ? input : goJSON(input));
}

function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const c of b) {
    a = (a + c) % 65521;
    s = (s + a) % 65521;
  }
  return (s * 65536 + a) >>> 0;
}

const conversions: Record<string, (input: unknown) => string> = {
  ToUpper: (i) => goValue(i).toUpperCase(),
  ToLower: (i) => goValue(i).toLowerCase(),
  ToJson: (i) => goJSON(i),
  ToBase64: (i) => Buffer.from(goValue(i)).toString('base64'),
  FromBase64: (i) => {
    const s = goValue(i);
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) throw fail('string is not valid base64');
    return Buffer.from(s, 'base64').toString('utf8');
  },
  ToSha1: (i) => createHash('sha1').update(hashInput(i)).digest('hex'),
  ToSha256: (i) => createHash('sha256').update(hashInput(i)).digest('hex'),
  ToSha512: (i) => createHash('sha512').update(hashInput(i)).digest('hex'),
  ToAdler32: (i) => String(adler32(hashInput(i))),
};

function compile(re: string): RegExp {
  try {
    return new RegExp(re);
  } catch (err) {
    throw new ComposeError('InvalidTransform', `could not compile regexp: ${(err as Error).message}`);
  }
}

const stringTypes: Record<string, StringFn> = {
  Format: (t, input) => {
    if (typeof t.fmt !== 'string') throw missing('Format', 'fmt');
    return sprintf(t.fmt, input);
  },
  Convert: (t, input) => {
    if (!t.convert) throw missing('Convert', 'convert');
    const fn = conversions[t.convert];
    if (!fn) throw new ComposeError('InvalidTransform', `type ${t.convert} is not supported for string convert`);
    return fn(input);
  },
  TrimPrefix: (t, input) => {
    if (typeof t.trim !== 'string') throw missing('TrimPrefix', 'trim');
    const s = goValue(input);
    return s.startsWith(t.trim) ? s.slice(t.trim.length) : s;
  },
  TrimSuffix: (t, input) => {
    if (typeof t.trim !== 'string') throw missing('TrimSuffix', 'trim');
    const s = goValue(input);
    return t.trim !== '' && s.endsWith(t.trim) ? s.slice(0, s.length - t.trim.length) : s;
  },
  Regexp: (t, input) => {
    if (!t.regexp || typeof t.regexp.match !== 'string') throw missing('Regexp', 'regexp');
    const groups = compile(t.regexp.match).exec(goValue(input));
    const g: number = t.regexp.group ?? 0;
    if (!groups || g >= groups.length) throw fail(`regexp ${JSON.stringify(t.regexp.match)} had no matches for group ${g}`);
    return groups[g] ?? '';
  },
  Join: (t, input) => {
    if (!t.join) throw missing('Join', 'join');
    if (!Array.isArray(input)) throw fail('could not parse input array');
    return input.map(goValue).join(t.join.separator ?? '');
  },
  Replace: (t, input) => {
    if (!t.replace || typeof t.replace.search !== 'string') throw missing('Replace', 'replace');
    return goValue(input).split(t.replace.search).join(t.replace.replace ?? '');
  },
};

export function resolveString(t: Obj, input: unknown): string {
  // The schema defaults `type` to Format, so Compositions that only set `fmt` (like the example's) are Format.
  const type: string = t.type ?? 'Format';
  const fn = stringTypes[type];
  if (!fn) throw new ComposeError('InvalidTransform', `type ${type} is not supported for string transform type`);
  return fn(t, input);
}
