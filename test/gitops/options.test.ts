/** Table-driven tests of sync planning (YAML fixtures in testdata/plan), sync options and retry backoff. Pure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { KObject } from '../../src/apiserver/types.ts';
import { planTasks } from '../../src/gitops/sync/plan.ts';
import { prunePropagation, unsupportedMessage, unsupportedOptions } from '../../src/gitops/sync/options.ts';
import { afterFailure, backoffMs, kitchen, parseDuration, retryDueAt } from '../../src/gitops/sync/retry.ts';
import { strategyOf } from '../../src/gitops/sync/apply.ts';
import type { OperationState } from '../../src/gitops/sync/operation.ts';

const dir = join(import.meta.dirname, 'testdata', 'plan');
for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
  const fx = parse(readFileSync(join(dir, f), 'utf8')) as { desired: KObject[]; orphans?: KObject[]; options?: { pruneLast?: boolean; synced?: string[] }; want: string[] };
  test(`plan ${f}`, () => {
    const synced = new Set(fx.options?.synced ?? []);
    const tasks = planTasks(fx.desired, fx.orphans ?? [], { pruneLast: fx.options?.pruneLast, skip: fx.options?.synced ? (o) => synced.has(o.metadata.name!) : undefined });
    assert.deepEqual(tasks.map((t) => `${t.phase}/${t.wave}/${t.prune ? 'prune:' : ''}${t.obj.metadata.name}`), fx.want);
  });
}

for (const [options, want] of [
  [['CreateNamespace=true', 'Replace=true', 'ApplyOutOfSyncOnly=true', 'Validate=false', 'PruneLast=true', 'ServerSideApply=true', 'SkipDryRunOnMissingResource=true'], []],
  [['Prune=confirm', 'Validate=false', 'RespectIgnoreDifferences=true'], ['Prune=confirm', 'RespectIgnoreDifferences=true']],
  [['Replace=yes'], ['Replace=yes']],
] as const) test(`unsupported sync options in ${options.join(',')}`, () => assert.deepEqual(unsupportedOptions(options), want));

test('unsupported options are named in the message', () => {
  assert.equal(unsupportedMessage(['Prune=confirm']), 'sync option "Prune=confirm" is not supported');
  assert.equal(unsupportedMessage(['A=1', 'B=2']), 'sync options "A=1", "B=2" are not supported');
});

for (const [opts, want] of [
  [{}, 'apply'],
  [{ serverSide: true }, 'server-side'],
  [{ replace: true, serverSide: true }, 'replace'],
] as const) test(`apply strategy ${JSON.stringify(opts)}`, () => assert.equal(strategyOf(opts), want));

test('prune propagation defaults to foreground', () => {
  assert.equal(prunePropagation(new Set()), 'Foreground');
  assert.equal(prunePropagation(new Set(['PrunePropagationPolicy=background'])), 'Background');
  assert.equal(prunePropagation(new Set(['PrunePropagationPolicy=orphan'])), 'Orphan');
});

for (const [v, ms] of [['5s', 5000], ['1m30s', 90_000], ['500ms', 500], ['2h', 7_200_000], ['30', 30_000], [3, 3000]] as const) {
  test(`duration ${v}`, () => assert.equal(parseDuration(v), ms));
}
test('bad duration', () => assert.throws(() => parseDuration('5 parsecs'), /invalid duration/));

for (const [retry, count, ms] of [
  [undefined, 0, 5000],
  [undefined, 1, 10_000],
  [undefined, 10, 180_000],
  [{ backoff: { duration: '1s', factor: 3, maxDuration: '1m' } }, 2, 9000],
  [{ backoff: { duration: '1s', factor: 3, maxDuration: '1m' } }, 5, 60_000],
] as const) test(`backoff ${JSON.stringify(retry)} after ${count}`, () => assert.equal(backoffMs(retry, count), ms));

const failed = (retryCount?: number): OperationState => ({ operation: {}, phase: 'Failed', message: 'one or more objects failed to apply', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T13:00:00Z', retryCount, syncResult: { revision: 'abc', resources: [] } });

test('a failure with retries left goes back to Running with the attempt number (Argo CD wording)', () => {
  const s = afterFailure(failed(), { limit: 2, backoff: { duration: '1m' } }, new Date('2026-01-01T13:00:00Z'));
  assert.equal(s.phase, 'Running');
  assert.equal(s.retryCount, 1);
  assert.equal(s.message, 'one or more objects failed to apply. Retrying attempt #1 at 1:01PM.');
  assert.equal(retryDueAt(s, { limit: 2, backoff: { duration: '1m' } }), Date.parse('2026-01-01T13:01:00Z'));
});

test('retries exhausted: Failed, with the count', () => {
  const s = afterFailure(failed(2), { limit: 2 }, new Date());
  assert.equal(s.phase, 'Failed');
  assert.equal(s.message, 'one or more objects failed to apply (retried 2 times).');
  assert.equal(afterFailure(failed(), undefined, new Date()).phase, 'Failed', 'no retry strategy: no retry');
  assert.equal(afterFailure(failed(50), { limit: -1 }, new Date()).phase, 'Running', 'negative limit: unlimited');
});

test('time.Kitchen', () => {
  assert.equal(kitchen(new Date('2026-01-01T00:05:00Z')), '12:05AM');
  assert.equal(kitchen(new Date('2026-01-01T15:04:00Z')), '3:04PM');
});
