// Test-only protobuf writer: just enough to hand-build request bodies.

const varintBytes = (n: bigint | number): Buffer => {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return Buffer.from(out);
};

const key = (num: number, wire: number): Buffer => varintBytes((num << 3) | wire);

/** varint field */
export const v = (num: number, n: bigint | number | boolean): Buffer =>
  Buffer.concat([key(num, 0), varintBytes(typeof n === 'boolean' ? (n ? 1 : 0) : n)]);

/** length-delimited field: string, bytes or concatenated sub-fields */
export const ld = (num: number, ...parts: (string | Buffer)[]): Buffer => {
  const body = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
  return Buffer.concat([key(num, 2), varintBytes(body.length), body]);
};

/** map<string, X> entry field */
export const entry = (num: number, k: string, value?: Buffer): Buffer => ld(num, ld(1, k), ...(value ? [value] : []));

export const packedVarints = (num: number, ns: number[]): Buffer => ld(num, Buffer.concat(ns.map(varintBytes)));

/** "k8s\0" + runtime.Unknown{typeMeta, raw, contentEncoding, contentType} */
export function envelope(apiVersion: string, kind: string, raw: Buffer, contentEncoding = '', contentType = ''): Buffer {
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    ld(1, ld(1, apiVersion), ld(2, kind)),
    ld(2, raw),
    ...(contentEncoding ? [ld(3, contentEncoding)] : []),
    ...(contentType ? [ld(4, contentType)] : []),
  ]);
}
