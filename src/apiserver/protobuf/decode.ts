// Turns the `raw` bytes of a runtime.Unknown into the JSON object Go's
// encoding/json would have produced for the same typed struct, driven by the
// generated descriptor table.

import { KINDS, MESSAGES, type FieldDesc } from './descriptors.generated.ts';
import { hasKubernetesMagic, parseEnvelope } from './envelope.ts';
import {
  decodeDuration, decodeIntOrString, decodeMicroTime, decodeQuantity, decodeTime, parseRawJson, rawBytesOf,
} from './special.ts';
import { ProtobufDecodeError, readFields, readPackedVarints, type WireField } from './wire.ts';

type Json = unknown;

const SPECIAL: Readonly<Record<string, (buf: Buffer) => Json>> = {
  'meta.v1.Time': decodeTime,
  'meta.v1.MicroTime': decodeMicroTime,
  'meta.v1.Duration': decodeDuration,
  'meta.v1.FieldsV1': (buf) => parseRawJson(rawBytesOf(buf), 'FieldsV1'),
  'resource.Quantity': decodeQuantity,
  'intstr.IntOrString': decodeIntOrString,
  'runtime.RawExtension': decodeRawExtension,
};

const VARINT_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool']);
const FIXED64_TYPES = new Set(['fixed64', 'sfixed64', 'double']);
const FIXED32_TYPES = new Set(['fixed32', 'sfixed32', 'float']);

/** Message name for a group/version/kind, or a 415-flavoured error. */
export function messageForKind(apiVersion: string, kind: string): string {
  const name = KINDS[`${apiVersion}/${kind}`] ?? (kind === 'DeleteOptions' ? 'meta.v1.DeleteOptions' : undefined);
  if (!name) {
    throw new ProtobufDecodeError(`no protobuf descriptor for ${apiVersion}, Kind=${kind}; send application/json`, 415);
  }
  return name;
}

/** Decodes a typed object; apiVersion and kind lead, as in a JSON body. */
export function decodeObject(apiVersion: string, kind: string, raw: Buffer): Record<string, Json> {
  return { apiVersion, kind, ...decodeMessage(messageForKind(apiVersion, kind), raw) };
}

function decodeVarint(type: string, v: bigint): Json {
  switch (type) {
    case 'bool': return v !== 0n;
    case 'int32': return Number(BigInt.asIntN(32, v));
    case 'uint32': return Number(BigInt.asUintN(32, v));
    case 'int64': return Number(BigInt.asIntN(64, v)); // JSON numbers, as the brief asks
    case 'uint64': return Number(v);
    case 'sint32':
    case 'sint64': return Number((v >> 1n) ^ -(v & 1n));
    default: throw new ProtobufDecodeError(`varint for ${type} field`);
  }
}

function decodeFixed(type: string, b: Buffer): Json {
  switch (type) {
    case 'double': return b.readDoubleLE(0);
    case 'float': return b.readFloatLE(0);
    case 'fixed64': return Number(b.readBigUInt64LE(0));
    case 'sfixed64': return Number(b.readBigInt64LE(0));
    case 'fixed32': return b.readUInt32LE(0);
    default: return b.readInt32LE(0);
  }
}

/** One value of `type` from one wire field (never packed). */
function decodeValue(type: string, f: WireField, where: string): Json {
  if (VARINT_TYPES.has(type)) {
    if (f.wire !== 0) throw new ProtobufDecodeError(`${where}: expected varint, got wire type ${f.wire}`);
    return decodeVarint(type, f.value);
  }
  if (FIXED64_TYPES.has(type) || FIXED32_TYPES.has(type)) {
    const want = FIXED64_TYPES.has(type) ? 1 : 5;
    if (f.wire !== want) throw new ProtobufDecodeError(`${where}: expected wire type ${want}, got ${f.wire}`);
    return decodeFixed(type, f.value);
  }
  if (f.wire !== 2) throw new ProtobufDecodeError(`${where}: expected length-delimited, got wire type ${f.wire}`);
  if (type === 'string') return f.value.toString('utf8');
  if (type === 'bytes') return f.value.toString('base64'); // Go encodes []byte as base64
  if (type === '[]string') {
    // Go slice aliases (ExtraValue, Verbs) are wrapped as `repeated string items = 1`.
    return readFields(f.value).filter((g) => g.num === 1 && g.wire === 2).map((g) => (g.value as Buffer).toString('utf8'));
  }
  const special = SPECIAL[type];
  return special ? special(f.value) : decodeMessage(type, f.value);
}

/** Values of a repeated field; numeric scalars may arrive packed. */
function decodeRepeated(type: string, f: WireField, where: string): Json[] {
  if (f.wire === 2 && VARINT_TYPES.has(type)) return readPackedVarints(f.value).map((v) => decodeVarint(type, v));
  if (f.wire === 2 && (FIXED64_TYPES.has(type) || FIXED32_TYPES.has(type))) {
    const size = FIXED64_TYPES.has(type) ? 8 : 4;
    if (f.value.length % size !== 0) throw new ProtobufDecodeError(`${where}: packed field has a partial element`);
    const out: Json[] = [];
    for (let i = 0; i < f.value.length; i += size) out.push(decodeFixed(type, f.value.subarray(i, i + size)));
    return out;
  }
  return [decodeValue(type, f, where)];
}

/** A map entry is a message {key = 1; value = 2}; a missing value is the zero value. */
function decodeMapEntry(type: string, entry: Buffer, where: string): [string, Json] {
  let key = '';
  let value: Json;
  for (const g of readFields(entry)) {
    if (g.num === 1 && g.wire === 2) key = g.value.toString('utf8');
    else if (g.num === 2) value = decodeValue(type, g, `${where}[${key}]`);
  }
  if (value === undefined) value = zeroValue(type);
  return [key, value];
}

function zeroValue(type: string): Json {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'bool') return false;
  if (type === '[]string') return [];
  if (VARINT_TYPES.has(type) || FIXED32_TYPES.has(type) || FIXED64_TYPES.has(type)) return 0;
  return decodeValue(type, { num: 2, wire: 2, value: Buffer.alloc(0) }, type);
}

const isScalar = (type: string): boolean =>
  type === 'string' || type === 'bytes' || VARINT_TYPES.has(type) || FIXED32_TYPES.has(type) || FIXED64_TYPES.has(type);
const isZero = (v: Json): boolean => v === '' || v === 0 || v === false;

/**
 * gogo always writes non-pointer scalars, so a zero there means "unset" and
 * Go's `omitempty` drops it from JSON; pointer fields (flag p) and fields
 * without omitempty (flag z) keep their zero value.
 */
export function decodeMessage(name: string, buf: Buffer): Record<string, Json> {
  const table = MESSAGES[name];
  if (!table) throw new ProtobufDecodeError(`no protobuf descriptor for message ${name}`, 415);
  const out: Record<string, Json> = {};
  for (const f of readFields(buf)) {
    const desc: FieldDesc | undefined = table[f.num];
    if (!desc) continue; // unknown field from a newer client: skipped, as Go's decoder does
    const [json, type, flags = ''] = desc;
    const where = `${name}.${json}`;
    if (flags.includes('m')) {
      if (f.wire !== 2) throw new ProtobufDecodeError(`${where}: map entry is not length-delimited`);
      const [k, v] = decodeMapEntry(type, f.value, where);
      ((out[json] ??= {}) as Record<string, Json>)[k] = v;
    } else if (flags.includes('r')) {
      ((out[json] ??= []) as Json[]).push(...decodeRepeated(type, f, where));
    } else if (flags.includes('i')) {
      Object.assign(out, decodeValue(type, f, where) as Record<string, Json>);
    } else {
      const v = decodeValue(type, f, where);
      if (isScalar(type) && isZero(v) && !flags.includes('p') && !flags.includes('z')) delete out[json];
      else out[json] = v;
    }
  }
  return out;
}

/**
 * runtime.RawExtension {raw = 1} holds the embedded object already serialized,
 * normally as JSON; a client may also nest a protobuf-encoded object.
 */
function decodeRawExtension(buf: Buffer): Json {
  const raw = rawBytesOf(buf);
  if (raw && hasKubernetesMagic(raw)) {
    const env = parseEnvelope(raw);
    return decodeObject(env.apiVersion, env.kind, env.raw);
  }
  return parseRawJson(raw, 'RawExtension');
}
