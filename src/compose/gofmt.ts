/**
 * A subset of Go's `fmt.Sprintf` for Crossplane's string Format transform and string combine strategy:
 * verbs %s %v %d %q %f %t %x %%, with Go's `%!verb(type=value)`, `%!s(MISSING)` and `%!(EXTRA …)` markers.
 * JSON numbers are typed as Kubernetes decodes them: integers as int64, others as float64.
 */

type GoType = 'string' | 'int64' | 'float64' | 'bool' | 'map[string]interface {}' | '[]interface {}' | '<nil>';

export function goType(v: unknown): GoType {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 64)` as `%v` prints float64s. */
export function goFloat(f: number): string {
  if (Number.isInteger(f) && Math.abs(f) < 1e21) return String(f);
  const exp = Math.floor(Math.log10(Math.abs(f)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = f.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(f);
}

/** `%v` formatting of a JSON value. */
export function goValue(v: unknown): string {
  switch (goType(v)) {
    case '<nil>':
      return '<nil>';
    case 'string':
      return v as string;
    case 'bool':
      return String(v);
    case 'int64':
      return String(v);
    case 'float64':
      return goFloat(v as number);
    case '[]interface {}':
      return `[${(v as unknown[]).map(goValue).join(' ')}]`;
    default: {
      const o = v as Record<string, unknown>;
      return `map[${Object.keys(o).sort().map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
    }
  }
}

function bad(verb: string, v: unknown): string {
  const t = goType(v);
  return t === '<nil>' ? `%!${verb}(<nil>)` : `%!${verb}(${t}=${goValue(v)})`;
}

type Verb = (v: unknown, prec: number | undefined) => string;

const verbs: Record<string, Verb> = {
  v: (v) => goValue(v),
  s: (v) => (goType(v) === 'int64' || goType(v) === 'float64' || goType(v) === 'bool' ? bad('s', v) : goValue(v)),
  d: (v) => (goType(v) === 'int64' ? String(v) : bad('d', v)),
  q: (v) => (typeof v === 'string' ? JSON.stringify(v) : goType(v) === 'int64' ? `'${String.fromCodePoint(v as number)}'` : bad('q', v)),
  t: (v) => (typeof v === 'boolean' ? String(v) : bad('t', v)),
  f: (v, prec) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(prec ?? 6) : bad('f', v)),
  x: (v) => (typeof v === 'string' ? Buffer.from(v).toString('hex') : goType(v) === 'int64' ? (v as number).toString(16) : bad('x', v)),
};

export function sprintf(format: string, ...args: unknown[]): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^([+\-# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])?/.exec(format.slice(i + 1))!;
    i += m[0].length;
    const verb = m[4];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      continue;
    }
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const fn = verbs[verb];
    const arg = args[argi++];
    let s = fn ? fn(arg, m[3] === undefined ? undefined : Number(m[3])) : bad(verb, arg);
    const width = m[2] ? Number(m[2]) : 0;
    if (s.length < width) s = m[1].includes('-') ? s.padEnd(width) : s.padStart(width, m[1].includes('0') ? '0' : ' ');
    out += s;
  }
  if (argi < args.length) {
    out += `%!(EXTRA ${args.slice(argi).map((a) => (goType(a) === '<nil>' ? '<nil>' : `${goType(a)}=${goValue(a)}`)).join(', ')})`;
  }
  return out;
}
