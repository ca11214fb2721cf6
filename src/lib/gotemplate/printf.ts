/**
 * Go's fmt.Sprintf, Sprint and Sprintln over the template value model (see value.ts): verbs
 * v s q d b o O x X c U e E f F g G t T p %, flags `+-# 0`, width and precision (also `*`), and Go's
 * error annotations (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA int=1)`).
 */
import { formatFloatG, formatValue, goQuote, isMap, typeName } from './value.ts';

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  zero: boolean;
  space: boolean;
  width?: number;
  prec?: number;
}

export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, zero: false, space: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === '0') spec.zero = !spec.minus;
      else if (c === ' ') spec.space = true;
      else break;
    }
    const num = (): number | undefined | 'bad' => {
      if (format[i] === '*') {
        i++;
        const a = args[argi++];
        if (typeof a !== 'bigint') return 'bad';
        return Number(a);
      }
      const m = /^\d+/.exec(format.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      return Number(m[0]);
    };
    const w = num();
    let badWidth = false;
    if (w === 'bad') badWidth = true;
    else if (w !== undefined) {
      if (w < 0) {
        spec.minus = true;
        spec.width = -w;
      } else spec.width = w;
    }
    let badPrec = false;
    if (format[i] === '.') {
      i++;
      const p = num();
      if (p === 'bad') badPrec = true;
      else spec.prec = p ?? 0;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (badWidth) out += '%!(BADWIDTH)';
    if (badPrec) out += '%!(BADPREC)';
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argi++], verb, spec);
  }
  if (argi < args.length) {
    out += '%!(EXTRA ' + args.slice(argi).map((a) => (a === null || a === undefined ? '<nil>' : `${typeName(a)}=${formatValue(a)}`)).join(', ') + ')';
  }
  return out;
}

function pad(s: string, spec: Spec, numeric = false): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  const n = spec.width - [...s].length;
  if (n <= 0) return s;
  if (spec.minus) return s + ' '.repeat(n);
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    return sign + '0'.repeat(n) + s.slice(sign.length);
  }
  return ' '.repeat(n) + s;
}

/** Go's badVerb: the value printed with %v under the same flags, width and precision. */
const bad = (verb: string, v: unknown, spec?: Spec) =>
  v === null || v === undefined ? `%!${verb}(<nil>)` : `%!${verb}(${typeName(v)}=${spec ? formatArg(v, 'v', spec) : formatValue(v)})`;

function formatArg(v: unknown, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(v === null || v === undefined ? '<nil>' : typeName(v), spec);
  if (v === null || v === undefined) return verb === 'v' ? pad('<nil>', spec) : `%!${verb}(<nil>)`;
  if (verb === 'p') return bad(verb, v, spec);
  if (Array.isArray(v) && verb !== 'v') return `[${v.map((x) => formatArg(x, verb, { ...spec, width: undefined })).join(' ')}]`;
  if (isMap(v) && verb !== 'v') {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${formatArg(k, verb, spec)}:${formatArg(v[k], verb, spec)}`).join(' ')}]`;
  }
  switch (typeof v) {
    case 'boolean':
      return verb === 't' || verb === 'v' ? pad(String(v), spec) : bad(verb, v, spec);
    case 'bigint':
      return formatInt(v, verb, spec);
    case 'number':
      return formatFloat(v, verb, spec);
    case 'string':
      return formatString(v, verb, spec);
  }
  if (verb === 'v' || verb === 's') return pad(formatValue(v, spec.plus), spec);
  return bad(verb, v, spec);
}

function formatInt(n: bigint, verb: string, spec: Spec): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString();
      break;
    case 'b':
      digits = abs.toString(2);
      if (spec.sharp) prefix = '0b';
      break;
    case 'o':
      digits = abs.toString(8);
      if (spec.sharp) prefix = '0';
      break;
    case 'O':
      digits = abs.toString(8);
      prefix = '0o';
      break;
    case 'x':
      digits = abs.toString(16);
      if (spec.sharp) prefix = '0x';
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (spec.sharp) prefix = '0X';
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(n)), spec);
    case 'q':
      return pad(`'${String.fromCodePoint(Number(n))}'`, spec);
    case 'U':
      return pad('U+' + abs.toString(16).toUpperCase().padStart(4, '0'), spec);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      return bad(verb, n, spec);
    default:
      return bad(verb, n, spec);
  }
  if (spec.prec !== undefined) digits = digits.padStart(spec.prec, '0');
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign + prefix + digits, { ...spec, zero: spec.zero && spec.prec === undefined }, true);
}

function formatFloat(f: number, verb: string, spec: Spec): string {
  let s: string;
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      s = formatFloatG(f, spec.prec ?? -1);
      if (verb === 'G') s = s.toUpperCase();
      break;
    case 'e':
    case 'E': {
      if (!Number.isFinite(f)) s = formatFloatG(f);
      else {
        const [m, e] = f.toExponential(spec.prec ?? 6).split('e');
        const exp = Number(e);
        s = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
      }
      if (verb === 'E') s = s.toUpperCase();
      break;
    }
    case 'f':
    case 'F':
      s = Number.isFinite(f) ? toFixed(f, spec.prec ?? 6) : formatFloatG(f);
      break;
    default:
      return bad(verb, f, spec);
  }
  if (spec.plus && !s.startsWith('-') && !s.startsWith('+')) s = '+' + s;
  else if (spec.space && !s.startsWith('-')) s = ' ' + s;
  if (!spec.plus && s.startsWith('+') && s !== '+Inf') s = s.slice(1);
  return pad(s, spec, Number.isFinite(f));
}

/** toFixed with Go's rounding (exact ties to even, where JS rounds them up) and no exponent form. */
function toFixed(f: number, prec: number): string {
  if (Math.abs(f) < 1e21 && prec <= 100) {
    const tie = exactTie(Math.abs(f), prec);
    if (tie !== undefined) {
      const digits = (tie % 2n === 0n ? tie : tie + 1n).toString().padStart(prec + 1, '0');
      const body = prec > 0 ? `${digits.slice(0, -prec)}.${digits.slice(-prec)}` : digits;
      return (f < 0 || Object.is(f, -0) ? '-' : '') + body;
    }
    return f.toFixed(prec);
  }
  const int = BigInt(Math.trunc(f)).toString();
  return prec > 0 ? `${int}.${'0'.repeat(prec)}` : int;
}

/** When |x|·10^prec lies exactly halfway between two integers, the lower one (else undefined). */
function exactTie(x: number, prec: number): bigint | undefined {
  if (x === 0) return undefined;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  if (exp >= 0) return undefined; // an integer: no fraction
  const num = mant * 10n ** BigInt(prec);
  const den = 1n << BigInt(-exp);
  if ((num % den) * 2n !== den) return undefined;
  return num / den;
}

function formatString(s: string, verb: string, spec: Spec): string {
  switch (verb) {
    case 'v':
    case 's':
      return pad(spec.prec !== undefined ? [...s].slice(0, spec.prec).join('') : s, spec);
    case 'q':
      return pad(spec.sharp && !s.includes('`') ? '`' + s + '`' : goQuote(s), spec);
    case 'x':
    case 'X': {
      let hex = Buffer.from(s, 'utf8').toString('hex');
      if (verb === 'X') hex = hex.toUpperCase();
      return pad(hex, spec);
    }
    default:
      return bad(verb, s, spec);
  }
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  for (const [i, a] of args.entries()) {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  }
  return out;
}

/** fmt.Sprintln: always spaces, then a newline. */
export const sprintln = (args: unknown[]) => args.map((a) => formatValue(a)).join(' ') + '\n';
