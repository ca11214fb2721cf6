// Minimal protobuf wire-format reader. Kubernetes only uses varint (0),
// 64-bit (1), length-delimited (2) and 32-bit (5) wire types; groups (3/4)
// are proto2 relics that go-to-protobuf never emits, so they are rejected.

export type WireField =
  | { num: number; wire: 0; value: bigint }
  | { num: number; wire: 1; value: Buffer }
  | { num: number; wire: 2; value: Buffer }
  | { num: number; wire: 5; value: Buffer };

/**
 * Thrown for anything the decoder cannot turn into JSON. `status` is the HTTP
 * code the API server should answer with: 415 when the body is well-formed but
 * names a kind we have no descriptor for, 400 when the bytes are malformed.
 */
export class ProtobufDecodeError extends Error {
  readonly status: 400 | 415;
  constructor(message: string, status: 400 | 415 = 400) {
    super(message);
    this.name = 'ProtobufDecodeError';
    this.status = status;
  }
}

/** Reads a base-128 varint at `pos`; returns the value and the next offset. */
export function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new ProtobufDecodeError('truncated varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [BigInt.asUintN(64, result), pos];
    shift += 7n;
  }
  throw new ProtobufDecodeError('varint longer than 10 bytes');
}

/** Splits a message into its fields in wire order (repeats are kept). */
export function readFields(buf: Buffer): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p] = readVarint(buf, pos);
    pos = p;
    const num = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (num === 0) throw new ProtobufDecodeError('field number 0');
    switch (wire) {
      case 0: {
        const [v, p2] = readVarint(buf, pos);
        pos = p2;
        out.push({ num, wire, value: v });
        break;
      }
      case 1:
      case 5: {
        const n = wire === 1 ? 8 : 4;
        if (pos + n > buf.length) throw new ProtobufDecodeError(`truncated fixed field ${num}`);
        out.push({ num, wire, value: buf.subarray(pos, pos + n) });
        pos += n;
        break;
      }
      case 2: {
        const [len, p2] = readVarint(buf, pos);
        const end = p2 + Number(len);
        if (len > BigInt(buf.length) || end > buf.length) {
          throw new ProtobufDecodeError(`length-delimited field ${num} overruns its message`);
        }
        out.push({ num, wire, value: buf.subarray(p2, end) });
        pos = end;
        break;
      }
      default:
        throw new ProtobufDecodeError(`unsupported wire type ${wire} for field ${num}`);
    }
  }
  return out;
}

/** Packed repeated scalars arrive as one length-delimited blob of varints. */
export function readPackedVarints(buf: Buffer): bigint[] {
  const out: bigint[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [v, p] = readVarint(buf, pos);
    out.push(v);
    pos = p;
  }
  return out;
}
