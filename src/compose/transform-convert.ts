/** The `convert` transform: a table of (from, to, format) conversions, as function-patch-and-transform has. */
import { ComposeError } from './errors.ts';
import { goType } from './gofmt.ts';
import { parseQuantity } from './quantity.ts';

type Obj = Record<string, any>;
type Conv = (i: any) => unknown;

const fail = (msg: string) => new ComposeError('TransformFailed', msg);

function parseInt64(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw fail(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

function parseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw fail(`strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`);
}

function parseFloat64(s: string): number {
  const t = s.trim();
  if (t !== s || t === '' || Number.isNaN(Number(t))) throw fail(`strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(t);
}

function parseJSON(s: string, want: 'object' | 'array'): unknown {
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (err) {
    throw fail(`cannot parse JSON: ${(err as Error).message}`);
  }
  const ok = want === 'array' ? Array.isArray(v) : typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!ok) throw fail(`cannot unmarshal ${goType(v)} into ${want}`);
  return v;
}

const conversions: Record<string, Conv> = {
  'string>int64>none': parseInt64,
  'string>bool>none': parseBool,
  'string>float64>none': parseFloat64,
  'string>float64>quantity': (i) => parseQuantity(i),
  'string>object>json': (i) => parseJSON(i, 'object'),
  'string>array>json': (i) => parseJSON(i, 'array'),
  'int64>string>none': (i) => String(i),
  'int64>bool>none': (i) => i === 1,
  'int64>float64>none': (i) => i,
  'bool>string>none': (i) => String(i),
  'bool>int64>none': (i) => (i ? 1 : 0),
  'bool>float64>none': (i) => (i ? 1 : 0),
  'float64>string>none': (i) => formatFloatF(i),
  'float64>int64>none': (i) => Math.trunc(i),
  'float64>bool>none': (i) => i === 1,
};

/** Go's `strconv.FormatFloat(f, 'f', -1, 64)`: shortest digits, never an exponent. */
function formatFloatF(f: number): string {
  const s = String(f);
  if (!s.includes('e')) return s;
  if (Number.isInteger(f)) return BigInt(f).toString();
  return f.toFixed(20).replace(/0+$/, '');
}

const ioTypes = ['string', 'int', 'int64', 'float64', 'bool', 'object', 'array'];
const formats = ['none', 'quantity', 'json'];

export function resolveConvert(t: Obj, input: unknown): unknown {
  const rawTo: string = t.toType;
  if (!ioTypes.includes(rawTo)) throw new ComposeError('InvalidTransform', `invalid type ${JSON.stringify(rawTo)} for convert transform`);
  const format: string = t.format || 'none';
  if (!formats.includes(format)) throw new ComposeError('InvalidTransform', `invalid format ${JSON.stringify(format)} for convert transform`);
  const from = goType(input);
  if (!['string', 'int64', 'float64', 'bool'].includes(from)) throw fail(`invalid input type ${from}`);
  const to = rawTo === 'int' ? 'int64' : rawTo;
  if (to === from) return input;
  const fn = conversions[`${from}>${to}>${format}`];
  if (!fn) throw fail(`conversion from ${from} to ${to} is not supported with format ${format}`);
  return fn(input);
}
