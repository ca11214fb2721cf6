/** The runtime status derivation, table-driven from testdata/status-*.yaml (observation → phase, progress, step). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runtimeStatus, type RuntimeObservation } from './status.ts';

const dir = join(import.meta.dirname, 'testdata');

for (const f of readdirSync(dir).filter((x) => x.startsWith('status-')).sort()) {
  test(f, () => {
    const { observation, expect } = parse(readFileSync(join(dir, f), 'utf8')) as { observation: RuntimeObservation; expect: { phase: string; progress: number; step: string } };
    const s = runtimeStatus(observation)!;
    assert.deepEqual({ phase: s.phase, progress: s.progress, step: s.step }, expect);
  });
}

test('no claim in Git and none in the hub: no runtime', () => {
  assert.equal(runtimeStatus({ tenant: 'acme', claimInRepo: false, composed: [], managedClusters: 0, version: '0.1.0' }), undefined);
});
