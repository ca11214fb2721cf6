/** sprig's date basics: now, date/dateInZone (Go layouts), toDate, unixEpoch, ago, dateModify, htmlDate. UTC only. */
import { fn, type FuncMap } from '../funcs.ts';
import { struct } from '../value.ts';
import { toInt64 } from './conv.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A time value: a struct so that field access works and printing looks like Go's. */
export function goTime(d: Date) {
  return struct('time.Time', { __date: d, Unix: () => BigInt(Math.floor(d.getTime() / 1000)), UTC: () => goTime(d), Format: (l: string) => formatGoLayout(d, l) });
}

function toJsDate(v: unknown): Date {
  if (v && typeof v === 'object' && '__date' in v) return (v as { __date: Date }).__date;
  if (typeof v === 'bigint') return new Date(Number(v) * 1000);
  if (typeof v === 'number') return new Date(v * 1000);
  if (typeof v === 'string') return new Date(v);
  return new Date();
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** Go's time.Format layouts (reference time Mon Jan 2 15:04:05 MST 2006), in UTC. */
export function formatGoLayout(d: Date, layout: string, zone = 'UTC'): string {
  const tokens: [string, () => string][] = [
    ['January', () => MONTHS[d.getUTCMonth()]!],
    ['Monday', () => DAYS[d.getUTCDay()]!],
    ['2006', () => String(d.getUTCFullYear())],
    ['-07:00', () => '+00:00'],
    ['-0700', () => '+0000'],
    ['Z07:00', () => 'Z'],
    ['Z0700', () => 'Z'],
    ['.000', () => '.' + String(d.getUTCMilliseconds()).padStart(3, '0')],
    ['.999999999', () => (d.getUTCMilliseconds() ? '.' + String(d.getUTCMilliseconds()).padStart(3, '0').replace(/0+$/, '') : '')],
    ['Jan', () => MONTHS[d.getUTCMonth()]!.slice(0, 3)],
    ['Mon', () => DAYS[d.getUTCDay()]!.slice(0, 3)],
    ['MST', () => zone],
    ['01', () => p2(d.getUTCMonth() + 1)],
    ['02', () => p2(d.getUTCDate())],
    ['_2', () => String(d.getUTCDate()).padStart(2, ' ')],
    ['15', () => p2(d.getUTCHours())],
    ['03', () => p2(d.getUTCHours() % 12 || 12)],
    ['04', () => p2(d.getUTCMinutes())],
    ['05', () => p2(d.getUTCSeconds())],
    ['06', () => p2(d.getUTCFullYear() % 100)],
    ['PM', () => (d.getUTCHours() >= 12 ? 'PM' : 'AM')],
    ['pm', () => (d.getUTCHours() >= 12 ? 'pm' : 'am')],
    ['1', () => String(d.getUTCMonth() + 1)],
    ['2', () => String(d.getUTCDate())],
    ['3', () => String(d.getUTCHours() % 12 || 12)],
    ['4', () => String(d.getUTCMinutes())],
    ['5', () => String(d.getUTCSeconds())],
  ];
  let out = '';
  let i = 0;
  outer: while (i < layout.length) {
    for (const [tok, f] of tokens) {
      if (layout.startsWith(tok, i)) {
        out += f();
        i += tok.length;
        continue outer;
      }
    }
    out += layout[i++];
  }
  return out;
}

function duration(s: string): number {
  let ms = 0;
  const re = /([+-]?\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let m: RegExpExecArray | null;
  let matched = '';
  while ((m = re.exec(s))) {
    ms += Number(m[1]) * units[m[2]!]!;
    matched += m[0];
  }
  if (!matched || matched.replace(/^[+-]/, '') !== s.replace(/^[+-]/, '')) throw new Error(`time: invalid duration "${s}"`);
  return s.startsWith('-') && !matched.startsWith('-') ? -ms : ms;
}

export const dateFuncs: FuncMap = {
  now: fn([], () => goTime(new Date())),
  date: fn(['string', 'any'], (l: string, d: unknown) => formatGoLayout(toJsDate(d), l)),
  dateInZone: fn(['string', 'any', 'string'], (l: string, d: unknown, z: string) => formatGoLayout(toJsDate(d), l, z)),
  htmlDate: fn(['any'], (d: unknown) => formatGoLayout(toJsDate(d), '2006-01-02')),
  unixEpoch: fn(['any'], (d: unknown) => String(Math.floor(toJsDate(d).getTime() / 1000))),
  toDate: fn(['string', 'string'], (_l: string, s: string) => goTime(new Date(s))),
  dateModify: fn(['string', 'any'], (f: string, d: unknown) => goTime(new Date(toJsDate(d).getTime() + duration(f)))),
  ago: fn(['any'], (d: unknown) => `${Math.round((Date.now() - toJsDate(d).getTime()) / 1000)}s`),
  duration: fn(['any'], (s: unknown) => `${toInt64(s)}s`),
};
