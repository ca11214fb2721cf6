/**
 * Go's time handling as far as Kyverno's time_* functions need it: RFC 3339 parsing that keeps the
 * zone offset, RFC 3339 formatting, and time.Parse with Go reference layouts ("2006-01-02 15:04").
 */

/** An instant with the zone offset it was written in (Go keeps the offset when formatting). */
export interface GoTime {
  ms: number;
  offsetMin: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseRFC3339(s: string): GoTime {
  const m = RFC3339.exec(s);
  if (!m) throw new Error(`parsing time "${s}" as "2006-01-02T15:04:05Z07:00": cannot parse "${s}" as "2006"`);
  const offsetMin = /^[Zz]$/.test(m[8]) ? 0 : (m[8][0] === '-' ? -1 : 1) * (parseInt(m[8].slice(1, 3), 10) * 60 + parseInt(m[8].slice(4, 6), 10));
  const frac = m[7] ? parseFloat(m[7]) * 1000 : 0;
  const utc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + frac;
  return { ms: utc - offsetMin * 60000, offsetMin };
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** Wall-clock fields of a GoTime in its own zone. */
export function fields(t: GoTime): Date {
  return new Date(t.ms + t.offsetMin * 60000);
}

export function formatRFC3339(t: GoTime): string {
  const d = fields(t);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const off = t.offsetMin === 0 ? 'Z' : `${t.offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(t.offsetMin) / 60))}:${pad(Math.abs(t.offsetMin) % 60)}`;
  return `${date}T${time}${off}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  frac: number;
  pm?: boolean;
  offsetMin: number;
}

type Setter = (p: Parts, v: string) => void;

const num = (f: (p: Parts, n: number) => void): Setter => (p, v) => f(p, parseInt(v.trim(), 10));
const zone: Setter = (p, v) => {
  if (/^[Zz]$/.test(v)) return;
  const digits = v.replace(/[:]/g, '');
  const sign = digits[0] === '-' ? -1 : 1;
  p.offsetMin = sign * (parseInt(digits.slice(1, 3), 10) * 60 + parseInt(digits.slice(3, 5) || '0', 10));
};

// Go layout chunks, longest first where one is a prefix of another
const TOKENS: [string, string, Setter | undefined][] = [
  ['January', `(${MONTHS.join('|')})`, (p, v) => (p.month = MONTHS.indexOf(v) + 1)],
  ['Jan', `(${MONTHS.map((m) => m.slice(0, 3)).join('|')})`, (p, v) => (p.month = MONTHS.findIndex((m) => m.startsWith(v)) + 1)],
  ['Monday', `(${DAYS.join('|')})`, undefined],
  ['Mon', `(${DAYS.map((d) => d.slice(0, 3)).join('|')})`, undefined],
  ['MST', '([A-Z]{3,4}|[+-]\\d{2})', undefined],
  ['2006', '(\\d{4})', num((p, n) => (p.year = n))],
  ['Z07:00:00', '(Z|[+-]\\d{2}:\\d{2}:\\d{2})', zone],
  ['-07:00:00', '([+-]\\d{2}:\\d{2}:\\d{2})', zone],
  ['Z070000', '(Z|[+-]\\d{6})', zone],
  ['-070000', '([+-]\\d{6})', zone],
  ['Z07:00', '(Z|[+-]\\d{2}:\\d{2})', zone],
  ['-07:00', '([+-]\\d{2}:\\d{2})', zone],
  ['Z0700', '(Z|[+-]\\d{4})', zone],
  ['-0700', '([+-]\\d{4})', zone],
  ['Z07', '(Z|[+-]\\d{2})', zone],
  ['-07', '([+-]\\d{2})', zone],
  ['002', '(\\d{3})', undefined],
  ['01', '(\\d{2})', num((p, n) => (p.month = n))],
  ['02', '(\\d{2})', num((p, n) => (p.day = n))],
  ['03', '(\\d{2})', num((p, n) => (p.hour = n))],
  ['04', '(\\d{2})', num((p, n) => (p.min = n))],
  ['05', '(\\d{2})', num((p, n) => (p.sec = n))],
  ['06', '(\\d{2})', num((p, n) => (p.year = n >= 69 ? 1900 + n : 2000 + n))],
  ['15', '(\\d{1,2})', num((p, n) => (p.hour = n))],
  ['_2', '( ?\\d{1,2})', num((p, n) => (p.day = n))],
  ['1', '(\\d{1,2})', num((p, n) => (p.month = n))],
  ['2', '(\\d{1,2})', num((p, n) => (p.day = n))],
  ['3', '(\\d{1,2})', num((p, n) => (p.hour = n))],
  ['4', '(\\d{1,2})', num((p, n) => (p.min = n))],
  ['5', '(\\d{1,2})', num((p, n) => (p.sec = n))],
  ['PM', '(AM|PM)', (p, v) => (p.pm = v === 'PM')],
  ['pm', '(am|pm)', (p, v) => (p.pm = v === 'pm')],
];

const layoutCache = new Map<string, { re: RegExp; setters: Setter[] }>();

function compileLayout(layout: string): { re: RegExp; setters: Setter[] } {
  const cached = layoutCache.get(layout);
  if (cached) return cached;
  let src = '';
  const setters: Setter[] = [];
  for (let i = 0; i < layout.length; ) {
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac) {
      src += frac[1][0] === '9' ? '(?:[.,](\\d+))?' : `[.,](\\d{${frac[1].length}})`;
      setters.push((p, v) => (p.frac = v ? parseFloat(`0.${v}`) : 0));
      i += frac[0].length;
      continue;
    }
    const tok = TOKENS.find(([t]) => layout.startsWith(t, i));
    if (tok) {
      src += tok[1];
      setters.push(tok[2] ?? (() => {}));
      i += tok[0].length;
      continue;
    }
    // Go also accepts fractional seconds after a seconds field even when the layout has none
    src += layout[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i++;
  }
  const compiled = { re: new RegExp(`^${src}$`), setters };
  layoutCache.set(layout, compiled);
  return compiled;
}

/** time.Parse(layout, value): zone-less values are UTC, as in Go. */
export function parseLayout(layout: string, value: string): GoTime {
  const { re, setters } = compileLayout(layout);
  const m = re.exec(value);
  if (!m) throw new Error(`parsing time "${value}" as "${layout}": cannot parse "${value}" as "${layout}"`);
  const p: Parts = { year: 0, month: 1, day: 1, hour: 0, min: 0, sec: 0, frac: 0, offsetMin: 0 };
  setters.forEach((set, i) => set(p, m[i + 1] ?? ''));
  if (p.pm !== undefined) p.hour = (p.hour % 12) + (p.pm ? 12 : 0);
  const utc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.min, p.sec) + p.frac * 1000;
  return { ms: utc - p.offsetMin * 60000, offsetMin: p.offsetMin };
}
