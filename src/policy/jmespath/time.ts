/** Kyverno's time_* functions (pkg/engine/jmespath/time.go). */
import type { JSONValue } from '@jmespath-community/jmespath';
import { formatDuration, parseDuration } from '../duration.ts';
import { functionError } from './errors.ts';
import { formatRFC3339, fields, type GoTime, parseLayout, parseRFC3339 } from './gotime.ts';
import { type FunctionEntry, str } from './signature.ts';

/** The clock used by time_now*(); replaced by tests and by evaluatePolicies' `now` collaborator. */
let clock: () => Date = () => new Date();
export function setClock(now: (() => Date) | undefined): void {
  clock = now ?? (() => new Date());
}

const s = (v: JSONValue) => v as string;

function duration(name: string, v: JSONValue): number {
  const d = parseDuration(s(v));
  if (d === undefined) throw functionError(name, `time: invalid duration "${s(v)}"`);
  return d;
}

const nowLocal = (): GoTime => {
  const d = clock();
  return { ms: d.getTime(), offsetMin: -d.getTimezoneOffset() };
};

function timeSince([layout, a, b]: JSONValue[]): JSONValue {
  const parse = (v: string) => (s(layout) ? parseLayout(s(layout), v) : parseRFC3339(v));
  const t1 = parse(s(a));
  const t2 = s(b) ? parse(s(b)) : nowLocal();
  return formatDuration((t2.ms - t1.ms) * 1e6);
}

function timeParse([layout, value]: JSONValue[]): JSONValue {
  if (/^-?\d+$/.test(s(layout))) {
    // an integer layout means the value is a Unix epoch in seconds
    if (!/^-?\d+$/.test(s(value))) throw new Error(`strconv.ParseInt: parsing "${s(value)}": invalid syntax`);
    return formatRFC3339({ ms: parseInt(s(value), 10) * 1000, offsetMin: 0 });
  }
  return formatRFC3339(parseLayout(s(layout), s(value)));
}

function timeToCron([v]: JSONValue[]): JSONValue {
  const d = fields(parseRFC3339(s(v)));
  return `${d.getUTCMinutes()} ${d.getUTCHours()} ${d.getUTCDate()} ${d.getUTCMonth() + 1} ${d.getUTCDay()}`;
}

export const TIME_FUNCTIONS: FunctionEntry[] = [
  {
    name: 'time_since',
    args: [str, str, str],
    fn: timeSince,
    note: 'calculate the difference between a start and end period of time where the end may either be a static definition or the then-current time',
  },
  { name: 'time_now', args: [], fn: () => formatRFC3339(nowLocal()), note: 'returns current time in RFC 3339 format' },
  { name: 'time_now_utc', args: [], fn: () => formatRFC3339({ ms: clock().getTime(), offsetMin: 0 }), note: 'returns current UTC time in RFC 3339 format' },
  { name: 'time_to_cron', args: [str], fn: timeToCron, note: 'converts a time (RFC 3339) to a cron expression (string).' },
  {
    name: 'time_add',
    args: [str, str],
    fn: ([t, d]) => {
      const time = parseRFC3339(s(t));
      return formatRFC3339({ ms: time.ms + duration('time_add', d) / 1e6, offsetMin: time.offsetMin });
    },
    note: 'adds duration (second string) to a time value (first string)',
  },
  { name: 'time_parse', args: [str, str], fn: timeParse, note: 'changes a time value of a given layout to RFC 3339' },
  {
    name: 'time_utc',
    args: [str],
    fn: ([t]) => formatRFC3339({ ms: parseRFC3339(s(t)).ms, offsetMin: 0 }),
    note: 'calcutes time in UTC from a given time in RFC 3339 format',
  },
  {
    name: 'time_diff',
    args: [str, str],
    fn: ([a, b]) => formatDuration((parseRFC3339(s(b)).ms - parseRFC3339(s(a)).ms) * 1e6),
    note: 'calculate the difference between a start and end date in RFC3339 format',
  },
  {
    name: 'time_before',
    args: [str, str],
    fn: ([a, b]) => parseRFC3339(s(a)).ms < parseRFC3339(s(b)).ms,
    note: 'checks if a time is before another time, both in RFC3339 format',
  },
  {
    name: 'time_after',
    args: [str, str],
    fn: ([a, b]) => parseRFC3339(s(a)).ms > parseRFC3339(s(b)).ms,
    note: 'checks if a time is after another time, both in RFC3339 format',
  },
  {
    name: 'time_between',
    args: [str, str, str],
    fn: ([t, a, b]) => {
      const x = parseRFC3339(s(t)).ms;
      return x > parseRFC3339(s(a)).ms && x < parseRFC3339(s(b)).ms;
    },
    note: 'checks if a time is between a start and end time, all in RFC3339 format',
  },
  {
    name: 'time_truncate',
    args: [str, str],
    fn: ([t, d]) => {
      const time = parseRFC3339(s(t));
      const step = duration('time_truncate', d) / 1e6;
      const ms = step <= 0 ? time.ms : Math.floor(time.ms / step) * step;
      return formatRFC3339({ ms, offsetMin: time.offsetMin });
    },
    note: 'returns the result of rounding time down to a multiple of duration',
  },
];
