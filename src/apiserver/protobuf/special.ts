// JSON forms of the apimachinery types whose Go MarshalJSON is not "an object
// of my fields". Each takes the already-split wire fields of the message.

import { ProtobufDecodeError, readFields, type WireField } from './wire.ts';

const utf8 = (b: Buffer): string => b.toString('utf8');

function varintField(fields: WireField[], num: number): bigint {
  let v = 0n;
  for (const f of fields) if (f.num === num && f.wire === 0) v = f.value;
  return v;
}

function bytesField(fields: WireField[], num: number): Buffer | undefined {
  let v: Buffer | undefined;
  for (const f of fields) if (f.num === num && f.wire === 2) v = f.value;
  return v;
}

// metav1.Time/MicroTime marshal zero as `null`; gogo encodes zero as an empty
// message, but a literal 0001-01-01 (Go's zero time) must also map to null.
const GO_ZERO_UNIX = -62135596800n;

function timestamp(buf: Buffer, fractionDigits: 0 | 6): string | null {
  if (buf.length === 0) return null;
  const fields = readFields(buf);
  const seconds = BigInt.asIntN(64, varintField(fields, 1));
  const nanos = Number(BigInt.asIntN(32, varintField(fields, 2)));
  if (seconds === GO_ZERO_UNIX && nanos === 0) return null;
  const iso = new Date(Number(seconds) * 1000).toISOString(); // 2024-01-02T03:04:05.000Z
  if (iso.length !== 24) throw new ProtobufDecodeError(`timestamp ${seconds} out of RFC 3339 range`);
  const base = iso.slice(0, 19);
  if (fractionDigits === 0) return `${base}Z`; // Go time.RFC3339: whole seconds
  return `${base}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`; // metav1.RFC3339Micro
}

/** metav1.Time {seconds, nanos} -> "2006-01-02T15:04:05Z" (UTC, whole seconds). */
export const decodeTime = (buf: Buffer): string | null => timestamp(buf, 0);
/** metav1.MicroTime -> "2006-01-02T15:04:05.000000Z". */
export const decodeMicroTime = (buf: Buffer): string | null => timestamp(buf, 6);

/** Go's time.Duration.String(), e.g. 90s -> "1m30s", 1.5ms -> "1.5ms". */
export function formatGoDuration(ns: bigint): string {
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  if (u === 0n) return '0s';
  const frac = (prec: number): string => {
    const p = 10n ** BigInt(prec);
    const digits = (u % p).toString().padStart(prec, '0').replace(/0+$/, '');
    u /= p;
    return digits ? `.${digits}` : '';
  };
  let out: string;
  if (u < 1_000_000_000n) {
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const f = frac(prec);
    out = `${u}${f}${unit}`;
  } else {
    const f = frac(9);
    out = `${u % 60n}${f}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** metav1.Duration {duration: int64 nanoseconds} -> Go duration string. */
export const decodeDuration = (buf: Buffer): string =>
  formatGoDuration(BigInt.asIntN(64, varintField(readFields(buf), 1)));

/** resource.Quantity travels as its canonical string; the zero Quantity prints "0". */
export function decodeQuantity(buf: Buffer): string {
  const s = bytesField(readFields(buf), 1);
  return s && s.length > 0 ? utf8(s) : '0';
}

/** intstr.IntOrString {type, intVal, strVal}: type 1 means string. */
export function decodeIntOrString(buf: Buffer): number | string {
  const fields = readFields(buf);
  if (varintField(fields, 1) === 1n) return utf8(bytesField(fields, 3) ?? Buffer.alloc(0));
  return Number(BigInt.asIntN(32, varintField(fields, 2)));
}

/** Raw JSON bytes (FieldsV1.Raw, RawExtension.raw) -> parsed value; empty is null. */
export function parseRawJson(raw: Buffer | undefined, what: string): unknown {
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(utf8(raw)) as unknown;
  } catch {
    throw new ProtobufDecodeError(`${what} does not hold valid JSON`);
  }
}

export const rawBytesOf = (buf: Buffer): Buffer | undefined => bytesField(readFields(buf), 1);
