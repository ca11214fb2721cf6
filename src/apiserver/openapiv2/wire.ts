/**
 * Protobuf wire-format writer for the OpenAPI v2 encoder. Output follows Go's proto3 marshalling (what
 * gnostic's generated code and `proto.Marshal` produce): fields in field-number order, zero scalars
 * omitted, set message fields always written (even when empty), repeated strings written element by element.
 * Chunks are collected and only concatenated once at the end, so nesting costs no copying.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;

export class Writer {
  // Nested writers are kept as nodes of a tree and flattened once by finish().
  private chunks: Array<Uint8Array | Writer> = [];
  length = 0;

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  private tag(no: number, wire: number): void {
    this.push(varint((no << 3) | wire));
  }

  /** proto3 string: omitted when empty. */
  string(no: number, s: string | undefined): void {
    if (!s) return;
    this.bytes(no, Buffer.from(s, 'utf8'));
  }

  /** Element of a repeated string: always written, even when empty. */
  repeatedString(no: number, s: string): void {
    this.bytes(no, Buffer.from(s, 'utf8'));
  }

  bool(no: number, b: boolean | undefined, force = false): void {
    if (!b && !force) return;
    this.tag(no, WIRE_VARINT);
    this.push(Uint8Array.of(b ? 1 : 0));
  }

  /** proto3 double: omitted when its bits are zero (so -0 is written, as Go does). */
  double(no: number, x: number | undefined): void {
    if (x === undefined || Object.is(x, 0)) return;
    this.tag(no, WIRE_FIXED64);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x);
    this.push(b);
  }

  int64(no: number, n: number | undefined): void {
    if (!n) return;
    this.tag(no, WIRE_VARINT);
    this.push(varint(n < 0 ? BigInt.asUintN(64, BigInt(n)) : n));
  }

  bytes(no: number, b: Uint8Array): void {
    this.tag(no, WIRE_LEN);
    this.push(varint(b.length));
    this.push(b);
  }

  /** A nested message, written even when empty (a non-nil Go pointer). */
  message(no: number, sub: Writer): void {
    this.tag(no, WIRE_LEN);
    this.push(varint(sub.length));
    this.chunks.push(sub);
    this.length += sub.length;
  }

  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    const end = this.copyInto(out, 0);
    if (end !== this.length) throw new Error(`protobuf writer: wrote ${end} of ${this.length} bytes`);
    return out;
  }

  private copyInto(out: Buffer, pos: number): number {
    for (const c of this.chunks) {
      if (c instanceof Writer) pos = c.copyInto(out, pos);
      else {
        out.set(c, pos);
        pos += c.length;
      }
    }
    return pos;
  }
}

/** Base-128 varint; numbers must be non-negative safe integers, larger or wrapped values come as bigint. */
export function varint(n: number | bigint): Uint8Array {
  const out: number[] = [];
  if (typeof n === 'number') {
    let v = n;
    while (v > 0x7f) {
      out.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  } else {
    let v = n;
    while (v > 0x7fn) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
  }
  return Uint8Array.from(out);
}
