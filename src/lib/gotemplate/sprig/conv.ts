/** Conversions sprig applies to its `interface{}` arguments (sprig's strval/strslice, spf13/cast's ToInt64/ToFloat64). */
import { formatValue, isMap, int64 } from '../value.ts';

/** sprig strval: strings as is, []byte as text, else fmt's %v. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return formatValue(v);
}

/** sprig strslice: a list's non-nil elements as strings; a single value becomes a one-element list. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

/** cast.ToInt64 (errors give 0, as sprig ignores them). */
export function toInt64(v: unknown): bigint {
  switch (typeof v) {
    case 'bigint':
      return int64(v);
    case 'number': {
      if (!Number.isFinite(v)) return -0x8000000000000000n;
      const n = BigInt(Math.trunc(v));
      // Go's float→int64 conversion out of range gives 0x8000000000000000 on amd64.
      return n > 0x7fffffffffffffffn || n < -0x8000000000000000n ? -0x8000000000000000n : n;
    }
    case 'boolean':
      return v ? 1n : 0n;
    case 'string': {
      // strconv.ParseInt(s, 0, 0) after cast's trimZeroDecimal ("1.00" → "1"); no whitespace trimming.
      const s = /^[+-]?\d+\.0*$/.test(v) ? v.replace(/\.0*$/, '') : v;
      const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|[1-9][0-9]*|0)$/.exec(s);
      if (!m) return 0n;
      let body = m[2]!.replace(/_/g, '');
      if (/^0[0-7]+$/.test(body)) body = '0o' + body.slice(1);
      const n = BigInt(body) * (m[1] === '-' ? -1n : 1n);
      return n > 0x7fffffffffffffffn || n < -0x8000000000000000n ? 0n : n;
    }
  }
  return 0n;
}

/** cast.ToFloat64. */
export function toFloat64(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string': {
      const s = v.trim();
      if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|[iI]nf(inity)?|NaN)$/.test(s)) return 0;
      return s.toLowerCase().includes('inf') ? (s.startsWith('-') ? -Infinity : Infinity) : Number(s);
    }
  }
  return 0;
}

/** sprig's `empty`. */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'bigint':
      return v === 0n;
    case 'number':
      return v === 0;
    case 'function':
      return false;
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false; // structs are never empty
}

/** A list argument (sprig panics/errs on non-lists with "Cannot find first on type x"). */
export function asList(v: unknown, fn: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return [...v].map((b) => BigInt(b));
  throw new Error(`Cannot ${fn} on type ${v === null || v === undefined ? '<nil>' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'float64' : typeof v === 'bigint' ? 'int' : typeof v}`);
}
