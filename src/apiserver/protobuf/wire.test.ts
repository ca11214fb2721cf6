import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufDecodeError, readFields, readPackedVarints, readVarint } from './wire.ts';
import { ld, v } from './encode-fixture.ts';

describe('wire', () => {
  it('reads varints up to 64 bits, including negative int64 as two\'s complement', () => {
    assert.deepEqual(readVarint(Buffer.from([0xac, 0x02]), 0), [300n, 2]);
    const neg = v(1, -1n).subarray(1);
    assert.equal(neg.length, 10);
    assert.equal(readVarint(neg, 0)[0], 0xffffffffffffffffn);
  });

  it('splits fields and keeps repeats in order', () => {
    const fields = readFields(Buffer.concat([v(1, 5), ld(2, 'a'), ld(2, 'b')]));
    assert.deepEqual(fields.map((f) => f.num), [1, 2, 2]);
    assert.equal((fields[2]!.value as Buffer).toString(), 'b');
  });

  it('decodes packed varints', () => {
    assert.deepEqual(readPackedVarints(Buffer.from([1, 0xac, 0x02, 0])), [1n, 300n, 0n]);
  });

  it('rejects truncation, overruns, field 0 and group wire types with status 400', () => {
    for (const bad of [Buffer.from([0x08]), Buffer.from([0x12, 0x05, 0x61]), Buffer.from([0x00, 0x01]), Buffer.from([0x0b]), Buffer.from([0x09, 1, 2])]) {
      assert.throws(() => readFields(bad), (e: unknown) => e instanceof ProtobufDecodeError && e.status === 400);
    }
  });
});
