/** The dashboard chart's pure helpers: grouping days into weeks and months, and the axis scale. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bucketize, niceScale, weekStart } from '../../src/portal/web/src/chart.ts';

const days = [
  { date: '2026-10-30', successful: 1, failed: 0 }, // Friday
  { date: '2026-11-01', successful: 2, failed: 1 }, // Sunday, same ISO week
  { date: '2026-11-02', successful: 3, failed: 0 }, // Monday: next week
];

describe('dashboard chart', () => {
  it('weekStart is the Monday of the ISO week', () => {
    for (const [d, w] of [['2026-11-01', '2026-10-26'], ['2026-11-02', '2026-11-02'], ['2026-11-08', '2026-11-02'], ['2027-01-01', '2026-12-28']]) assert.equal(weekStart(d!), w, d);
  });
  it('buckets by day, week and month, keeping successful and failed apart', () => {
    assert.deepEqual(bucketize(days, 'daily').map((b) => [b.start, b.successful, b.failed]), [['2026-10-30', 1, 0], ['2026-11-01', 2, 1], ['2026-11-02', 3, 0]]);
    assert.deepEqual(bucketize(days, 'weekly').map((b) => [b.start, b.successful, b.failed]), [['2026-10-26', 3, 1], ['2026-11-02', 3, 0]]);
    assert.deepEqual(bucketize(days, 'monthly').map((b) => [b.label, b.successful, b.failed]), [['Oct 2026', 1, 0], ['Nov 2026', 5, 1]]);
    assert.deepEqual(bucketize([], 'weekly'), []);
  });
  it('niceScale covers the maximum with whole ticks', () => {
    const cases: Array<[number, number, number[]]> = [[0, 1, [0, 1]], [1, 1, [0, 1]], [3, 3, [0, 1, 2, 3]], [7, 8, [0, 2, 4, 6, 8]], [37, 40, [0, 10, 20, 30, 40]]];
    for (const [max, top, ticks] of cases) assert.deepEqual(niceScale(max), { max: top, ticks }, String(max));
  });
});
