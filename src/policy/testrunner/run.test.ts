import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runKyvernoTest } from './run.ts';

const examples = fileURLToPath(new URL('../testdata/kyverno-tests', import.meta.url));

test('the example folders in Kyverno test format all pass', async () => {
  const r = await runKyvernoTest(examples);
  assert.deepEqual(
    r.tests.map((t) => [t.name, t.error]),
    [
      ['add-default-labels', undefined],
      ['disallow_latest_tag', undefined],
      ['environment-claim-compliance', undefined],
      ['generate-networkpolicy', undefined],
      ['require-labels', undefined],
    ],
  );
  const failing = r.results.filter((x) => !x.pass);
  assert.deepEqual(failing, []);
  assert.equal(r.passed, 15);
  assert.equal(r.failed, 0);
});

test('a wrong expectation is reported with the actual result and the reason', async () => {
  const r = await runKyvernoTest(`${examples}/require-labels/kyverno-test.yaml`);
  const row = r.results.find((x) => x.resource === 'unlabelled')!;
  assert.equal(row.actual, 'fail');
  assert.match(row.reason, /rule check-for-labels failed at path \/metadata\/labels\//);
});

test('a missing test folder is an error, not a crash', async () => {
  await assert.rejects(runKyvernoTest(`${examples}/does-not-exist`));
});
