/**
 * Differential test against real kubectl: `kubectl patch --local --type strategic` runs upstream's
 * strategicpatch code offline for built-in kinds. Every strategic.yaml case marked `kubectl: true`, and
 * every successful three-way case (our patch applied to `current`), must give byte-for-byte the same
 * object (compared as parsed JSON), and error cases must fail with the same message. Skipped when no kubectl binary is installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyStrategicMergePatch, createThreeWayMergePatch } from './index.ts';
import { loadCases, schemaFor } from './testdata/load.ts';

const KUBECTL = [process.env.KUBECTL, '/usr/lib/google-cloud-sdk/bin/kubectl.1.33', '/usr/local/bin/kubectl', '/usr/bin/kubectl'].find(
  (p): p is string => !!p && existsSync(p),
);

const run = promisify(execFile);

async function kubectlPatch(dir: string, id: string, obj: unknown, patch: unknown): Promise<unknown> {
  const file = join(dir, `${id}.json`);
  writeFileSync(file, JSON.stringify(obj));
  const { stdout } = await run(KUBECTL!, ['patch', '-f', file, '--local', '--type', 'strategic', '-p', JSON.stringify(patch), '-o', 'json'], {
    timeout: 30_000,
    env: { ...process.env, KUBECONFIG: join(dir, 'none') },
  });
  return JSON.parse(stdout);
}

/** A partial fixture object made into something kubectl accepts: apiVersion, kind and a name. */
function whole(kind: string, obj: Record<string, any>): Record<string, any> {
  const parts = kind.split('/');
  return {
    ...obj,
    apiVersion: parts.slice(0, -1).join('/'),
    kind: parts[parts.length - 1],
    metadata: { name: 'x', ...(obj.metadata ?? {}) },
  };
}

test('kubectl differential', { skip: KUBECTL ? false : 'kubectl not installed', concurrency: 4 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-patch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  for (const c of loadCases('strategic.yaml').filter((c) => c.kubectl)) {
    const id = `s${n++}`;
    await t.test(`apply: ${c.name}`, async () => {
      if (c.error) {
        // kubectl prints the strategicpatch error itself; ours carries the same text.
        const want = c.error.cause ?? c.error.message;
        await assert.rejects(kubectlPatch(dir, id, c.original, c.patch), (e: any) => (assert.ok(e.stderr.includes(`error: ${want}`), e.stderr), true));
        return;
      }
      const ours = applyStrategicMergePatch(c.original, c.patch, schemaFor(c.kind));
      assert.deepEqual(ours, await kubectlPatch(dir, id, c.original, c.patch));
    });
  }

  for (const c of loadCases('threeway.yaml').filter((c) => !c.error)) {
    const id = `t${n++}`;
    await t.test(`three-way result: ${c.name}`, async () => {
      const schema = schemaFor(c.kind);
      const current = whole(c.kind, c.current);
      const patch = createThreeWayMergePatch(c.original, c.modified, current, schema, { overwrite: true });
      assert.deepEqual(applyStrategicMergePatch(current, patch, schema), await kubectlPatch(dir, id, current, patch));
    });
  }
});
