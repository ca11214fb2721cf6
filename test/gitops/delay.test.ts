/** The controller's delaying queue: one timer, earliest due time per key wins, keys fire once when due. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DelayingQueue } from '../../src/gitops/controller/delay.ts';

test('keys fire in due order, once, with the earliest due time kept', async () => {
  const fired: string[] = [];
  const q = new DelayingQueue((k) => fired.push(k));
  const now = Date.now();
  q.addAt('late', now + 80);
  q.addAt('early', now + 20);
  q.addAt('late', now + 500); // a later due time for a pending key does not postpone it
  q.addAt('early', now + 10);
  await new Promise((r) => setTimeout(r, 40));
  assert.deepEqual(fired, ['early']);
  await new Promise((r) => setTimeout(r, 80));
  assert.deepEqual(fired, ['early', 'late']);
  q.addAt('stopped', Date.now() + 10);
  q.stop();
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(fired, ['early', 'late']);
});
