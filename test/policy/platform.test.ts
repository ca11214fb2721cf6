/**
 * The platform's hub policies pass their Kyverno-format tests, `marina policy test` reports a pass rate
 * and fails on a failing test, and a new hub installs the policies in its root cluster.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKyvernoTest } from '../../src/policy/index.ts';
import { startHub } from '../support/hub.ts';
import { ADMIN_USER } from '../../src/hub/hub.ts';
import { InProcessClient } from '../../src/client/index.ts';

const ROOT = join(import.meta.dirname, '../..');
const marina = (args: string[]) =>
  new Promise<{ code: number; stdout: string }>((resolve) =>
    execFile(join(ROOT, 'bin/marina'), args, { timeout: 60_000 }, (err, stdout) => resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout })),
  );

describe('platform hub policies', () => {
  it('pass their kyverno-test.yaml', async () => {
    const r = await runKyvernoTest(join(ROOT, 'platform/policies/tests'));
    assert.equal(r.failed, 0, JSON.stringify(r.results.filter((x) => !x.pass)));
    assert.equal(r.passed, 5);
  });

  it('platform-names passes its kyverno-test.yaml (reserved tenant names, "--" in names)', async () => {
    const r = await runKyvernoTest(join(ROOT, 'platform/policies/tests-names'));
    assert.equal(r.failed, 0, JSON.stringify(r.results.filter((x) => !x.pass)));
    assert.equal(r.passed, 5);
  });

  it('marina policy test prints the table and the pass rate, and exits non-zero on a failure', async () => {
    const ok = await marina(['policy', 'test', join(ROOT, 'platform/policies/tests')]);
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /Test Summary: 5 tests passed and 0 tests failed \(pass rate 100\.0%\)/);
    const dir = mkdtempSync(join(tmpdir(), 'marina-policy-test-'));
    cpSync(join(ROOT, 'platform/policies'), join(dir, 'policies'), { recursive: true });
    const f = join(dir, 'policies/tests/kyverno-test.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('resources: [payments-dev]\n    result: skip', 'resources: [payments-dev]\n    result: pass'));
    const bad = await marina(['policy', 'test', join(dir, 'policies/tests')]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stdout, /4 tests passed and 1 tests failed/);
  });

  it('are installed in the root cluster of a new hub', async () => {
    const t = await startHub();
    try {
      const c = new InProcessClient(t.hub.core, ADMIN_USER).cluster('root');
      const names = (await c.list({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy' })).items.map((p) => p.metadata.name).sort();
      assert.deepEqual(names, ['platform-names', 'production-environment-compliance', 'tenant-environment-quota']);
    } finally {
      await t.stop();
    }
  });
});
