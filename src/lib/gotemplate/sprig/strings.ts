/** sprig string, regex, encoding and hashing functions (Masterminds/sprig v3 semantics). */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { fn, type FuncMap } from '../funcs.ts';
import { goQuote } from '../value.ts';
import { goRegExp, goExpand } from './regex.ts';
import { strslice, strval, toInt64 } from './conv.ts';

const runes = (s: string) => [...s];

function title(s: string): string {
  // strings.Title: upper-case the first letter of each word (words split on non-letters/digits).
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += /[\p{L}\p{N}_']/u.test(prev) ? ch : ch.toUpperCase();
    prev = ch;
  }
  return out;
}

function untitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += /\s/.test(prev) ? ch.toLowerCase() : ch;
    prev = ch;
  }
  return out;
}

function substr(start: bigint, end: bigint, s: string): string {
  const b = Buffer.from(s);
  const st = Number(start);
  const en = Number(end);
  if (st < 0) return b.subarray(0, en).toString();
  if (en < 0 || en > b.length) return b.subarray(st).toString();
  return b.subarray(st, en).toString();
}

function trunc(c: bigint, s: string): string {
  const n = Number(c);
  const b = Buffer.from(s);
  if (n < 0 && b.length + n > 0) return b.subarray(b.length + n).toString();
  if (n >= 0 && b.length > n) return b.subarray(0, n).toString();
  return s;
}

function abbrev(width: bigint, s: string): string {
  const w = Number(width);
  if (w < 4 || s.length <= w) return s;
  return s.slice(0, w - 3) + '...';
}

function words(s: string): string[] {
  // Split on separators, lower→Upper boundaries and acronym ends (`HTTPServer` → HTTP, Server).
  return s.split(/[\s_\-]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean);
}

function camelcase(s: string): string {
  // xstrings.ToCamelCase: split on _ (and spaces), capitalise each part.
  return s
    .split(/_+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function snakecase(s: string): string {
  return words(s).map((w) => w.toLowerCase()).join('_');
}

function kebabcase(s: string): string {
  return words(s).map((w) => w.toLowerCase()).join('-');
}

function swapcase(s: string): string {
  return runes(s).map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

function wrap(width: number, s: string, nl = '\n'): string {
  // WordUtils.Wrap: break at spaces so lines stay within width; long words are kept whole.
  const out: string[] = [];
  for (const para of s.split('\n')) {
    let line = '';
    for (const w of para.split(' ')) {
      if (line === '') line = w;
      else if ((line + ' ' + w).length <= width) line += ' ' + w;
      else {
        out.push(line);
        line = w;
      }
    }
    out.push(line);
  }
  return out.join(nl);
}

const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function rand(chars: string, n: bigint): string {
  let s = '';
  for (let i = 0; i < Number(n); i++) s += chars[randomInt(chars.length)];
  return s;
}

function adler32(s: string): string {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s)) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return String(((b << 16) | a) >>> 0);
}

const hash = (alg: string) => (s: string) => createHash(alg).update(s).digest('hex');

const regexFns: FuncMap = {
  regexMatch: fn(['string', 'string'], (re: string, s: string) => goRegExp(re).test(s)),
  regexFindAll: fn(['string', 'string', 'int'], (re: string, s: string, n: bigint) => {
    const all = [...s.matchAll(goRegExp(re, 'g'))].map((m) => m[0]);
    return Number(n) < 0 ? all : all.slice(0, Number(n));
  }),
  regexFind: fn(['string', 'string'], (re: string, s: string) => goRegExp(re).exec(s)?.[0] ?? ''),
  regexReplaceAll: fn(['string', 'string', 'string'], (re: string, s: string, repl: string) => s.replace(goRegExp(re, 'g'), (...m) => goExpand(repl, m))),
  regexReplaceAllLiteral: fn(['string', 'string', 'string'], (re: string, s: string, repl: string) => s.replace(goRegExp(re, 'g'), () => repl)),
  regexSplit: fn(['string', 'string', 'int'], (re: string, s: string, n: bigint) => goRegexSplit(goRegExp(re, 'g'), s, Number(n))),
  regexQuoteMeta: fn(['string'], (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')),
};
// The must* variants fail on a bad pattern instead of returning a zero value; ours already throw.
for (const k of Object.keys(regexFns)) if (k !== 'regexQuoteMeta') regexFns['mustR' + k.slice(1)] = regexFns[k]!;

export const stringFuncs: FuncMap = {
  ...regexFns,
  upper: fn(['string'], (s: string) => s.toUpperCase()),
  lower: fn(['string'], (s: string) => s.toLowerCase()),
  title: fn(['string'], title),
  untitle: fn(['string'], untitle),
  trim: fn(['string'], (s: string) => s.replace(/^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/gu, '')),
  trimAll: fn(['string', 'string'], (cut: string, s: string) => trimSet(s, cut, true, true)),
  trimall: fn(['string', 'string'], (cut: string, s: string) => trimSet(s, cut, true, true)),
  trimPrefix: fn(['string', 'string'], (p: string, s: string) => (s.startsWith(p) ? s.slice(p.length) : s)),
  trimSuffix: fn(['string', 'string'], (p: string, s: string) => (p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s)),
  contains: fn(['string', 'string'], (sub: string, s: string) => s.includes(sub)),
  hasPrefix: fn(['string', 'string'], (p: string, s: string) => s.startsWith(p)),
  hasSuffix: fn(['string', 'string'], (p: string, s: string) => s.endsWith(p)),
  repeat: fn(['int', 'string'], (n: bigint, s: string) => {
    if (n < 0n) throw new Error('strings: negative Repeat count');
    return s.repeat(Number(n));
  }),
  substr: fn(['int', 'int', 'string'], substr),
  trunc: fn(['int', 'string'], trunc),
  abbrev: fn(['int', 'string'], abbrev),
  abbrevboth: fn(['int', 'int', 'string'], (l: bigint, r: bigint, s: string) => {
    const left = Number(l);
    const w = Number(r);
    if (w < 4 || s.length <= w) return s;
    const rest = left > 0 ? '...' + s.slice(left) : s;
    return rest.length <= w ? rest : rest.slice(0, w - 3) + '...';
  }),
  initials: fn(['string'], (s: string) => s.split(/\s+/).filter(Boolean).map((w) => runes(w)[0]).join('')),
  nospace: fn(['string'], (s: string) => s.replace(/\s/g, '')),
  indent: fn(['int', 'string'], (n: bigint, s: string) => {
    const pad = ' '.repeat(Number(n));
    return pad + s.replaceAll('\n', '\n' + pad);
  }),
  nindent: fn(['int', 'string'], (n: bigint, s: string) => {
    const pad = ' '.repeat(Number(n));
    return '\n' + pad + s.replaceAll('\n', '\n' + pad);
  }),
  replace: fn(['string', 'string', 'string'], (o: string, n: string, s: string) => (o === '' ? goReplaceEmpty(s, n) : s.split(o).join(n))),
  plural: fn(['string', 'string', 'int'], (one: string, many: string, n: bigint) => (n === 1n ? one : many)),
  snakecase: fn(['string'], snakecase),
  camelcase: fn(['string'], camelcase),
  kebabcase: fn(['string'], kebabcase),
  swapcase: fn(['string'], swapcase),
  shuffle: fn(['string'], (s: string) => runes(s).sort(() => randomInt(3) - 1).join('')),
  wrap: fn(['int', 'string'], (n: bigint, s: string) => wrap(Number(n), s)),
  wrapWith: fn(['int', 'string', 'string'], (n: bigint, nl: string, s: string) => wrap(Number(n), s, nl)),
  quote: fn([], (...a: unknown[]) => a.filter((x) => x !== null && x !== undefined).map((x) => goQuote(strval(x))).join(' '), 'any'),
  squote: fn([], (...a: unknown[]) => a.filter((x) => x !== null && x !== undefined).map((x) => `'${strval(x)}'`).join(' '), 'any'),
  cat: fn([], (...a: unknown[]) => a.filter((x) => x !== null && x !== undefined).map(strval).join(' '), 'any'),
  toString: fn(['any'], strval),
  toStrings: fn(['any'], strslice),
  join: fn(['string', 'any'], (sep: string, v: unknown) => strslice(v).join(sep)),
  split: fn(['string', 'string'], (sep: string, s: string) => Object.fromEntries(goSplit(s, sep).map((p, i) => [`_${i}`, p]))),
  splitList: fn(['string', 'string'], (sep: string, s: string) => goSplit(s, sep)),
  splitn: fn(['string', 'int', 'string'], (sep: string, n: bigint, s: string) => {
    const parts = goSplit(s, sep);
    const k = Number(n);
    const out = k < 0 || parts.length <= k ? parts : [...parts.slice(0, k - 1), parts.slice(k - 1).join(sep)];
    return Object.fromEntries(out.map((p, i) => [`_${i}`, p]));
  }),
  sortAlpha: fn(['any'], (v: unknown) => strslice(v).sort()),
  b64enc: fn(['string'], (s: string) => Buffer.from(s).toString('base64')),
  b64dec: fn(['string'], (s: string) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return `illegal base64 data at input byte ${badB64At(s)}`;
    return Buffer.from(s, 'base64').toString('utf8');
  }),
  b32enc: fn(['string'], (s: string) => base32(Buffer.from(s))),
  b32dec: fn(['string'], (s: string) => unbase32(s)),
  sha1sum: fn(['string'], hash('sha1')),
  sha256sum: fn(['string'], hash('sha256')),
  sha512sum: fn(['string'], hash('sha512')),
  adler32sum: fn(['string'], adler32),
  uuidv4: fn([], () => randomUUID()),
  randAlphaNum: fn(['int'], (n: bigint) => rand(alnum, n)),
  randAlpha: fn(['int'], (n: bigint) => rand(alnum.slice(0, 52), n)),
  randNumeric: fn(['int'], (n: bigint) => rand('0123456789', n)),
  randAscii: fn(['int'], (n: bigint) => rand(Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join(''), n)),
  atoi: fn(['string'], (s: string) => {
    const t = toInt64(s);
    return /^[+-]?\d+$/.test(s) ? t : 0n;
  }),
};

/** regexp.Split: at most n substrings (n < 0: all), the last one the unsplit rest. */
function goRegexSplit(re: RegExp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (s === '') return [''];
  const out: string[] = [];
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (n > 0 && out.length === n - 1) break;
    if (m[0] === '' && (m.index === 0 || m.index === s.length)) continue;
    out.push(s.slice(last, m.index));
    last = m.index! + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

/** strings.Split: an empty separator splits into UTF-8 characters. */
function goSplit(s: string, sep: string): string[] {
  return sep === '' ? runes(s) : s.split(sep);
}

/** strings.Replace with an empty old string inserts `n` around every rune. */
function goReplaceEmpty(s: string, n: string): string {
  return n + runes(s).join(n) + (s.length ? n : '');
}

function trimSet(s: string, cut: string, left: boolean, right: boolean): string {
  const set = new Set(runes(cut));
  const r = runes(s);
  let a = 0;
  let b = r.length;
  if (left) while (a < b && set.has(r[a]!)) a++;
  if (right) while (b > a && set.has(r[b - 1]!)) b--;
  return r.slice(a, b).join('');
}

function badB64At(s: string): number {
  const i = s.search(/[^A-Za-z0-9+/=]/);
  return i >= 0 ? i : Math.floor(s.length / 4) * 4;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(b: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8) out += '=';
  return out;
}

function unbase32(s: string): string {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s.replace(/=+$/, '')) {
    const i = B32.indexOf(c);
    if (i < 0) return '';
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out).toString('utf8');
}
