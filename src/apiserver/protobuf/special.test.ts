import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeIntOrString, decodeMicroTime, decodeQuantity, decodeTime, formatGoDuration, decodeDuration } from './special.ts';
import { ld, v } from './encode-fixture.ts';

describe('special apimachinery types', () => {
  it('metav1.Time: RFC 3339 whole seconds in UTC; zero time is null', () => {
    assert.equal(decodeTime(Buffer.concat([v(1, 1704164645), v(2, 999_000_000)])), '2024-01-02T03:04:05Z');
    assert.equal(decodeTime(Buffer.alloc(0)), null);
    assert.equal(decodeTime(v(1, -62135596800n)), null); // Go's time.Time{}
    assert.equal(decodeTime(Buffer.concat([v(1, 0), v(2, 0)])), '1970-01-01T00:00:00Z');
  });

  it('metav1.MicroTime: six fractional digits', () => {
    assert.equal(decodeMicroTime(Buffer.concat([v(1, 1704164645), v(2, 123_456_789)])), '2024-01-02T03:04:05.123456Z');
    assert.equal(decodeMicroTime(v(1, 1704164645)), '2024-01-02T03:04:05.000000Z');
  });

  it('metav1.Duration matches Go time.Duration.String()', () => {
    const cases: [bigint, string][] = [
      [0n, '0s'], [1n, '1ns'], [1500n, '1.5µs'], [1_500_000n, '1.5ms'], [1_000_000_000n, '1s'],
      [90_000_000_000n, '1m30s'], [3_600_000_000_000n, '1h0m0s'], [5_400_500_000_000n, '1h30m0.5s'], [-2_000_000_000n, '-2s'],
    ];
    for (const [ns, s] of cases) assert.equal(formatGoDuration(ns), s, String(ns));
    assert.equal(decodeDuration(v(1, 300_000_000_000n)), '5m0s');
  });

  it('resource.Quantity is its string; the zero Quantity is "0"', () => {
    assert.equal(decodeQuantity(ld(1, '500m')), '500m');
    assert.equal(decodeQuantity(Buffer.alloc(0)), '0');
  });

  it('intstr.IntOrString: type 0 -> number, type 1 -> string', () => {
    assert.equal(decodeIntOrString(Buffer.concat([v(1, 0), v(2, 8080), ld(3, '')])), 8080);
    assert.equal(decodeIntOrString(Buffer.concat([v(1, 1), v(2, 0), ld(3, 'http')])), 'http');
    assert.equal(decodeIntOrString(Buffer.concat([v(1, 0), v(2, -1n)])), -1);
    assert.equal(decodeIntOrString(Buffer.alloc(0)), 0);
  });
});
