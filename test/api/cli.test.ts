/**
 * The `marina` command as the README describes it: `up` on a data directory, then `cluster create|list|
 * delete` and `kubeconfig` against it, and kubectl using the printed kubeconfig.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectl, kubectlPath } from '../support/hub.ts';

const MARINA = join(import.meta.dirname, '../../bin/marina');

function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(MARINA, args, { env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr })),
  );
}

describe('marina CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-cli-'));
  let hub: ChildProcess;
  let env: Record<string, string>;
  before(async () => {
    hub = spawn(MARINA, ['up', '--port', '0', '--data-dir', join(dir, 'data')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
      hub.stdout!.on('data', (d) => {
        out += d;
        const m = out.match(/serving on https:\/\/([\d.:]+)/);
        if (m && out.includes('root cluster:')) {
          clearTimeout(timer);
          resolve(`http://${m[1]}`);
        }
      });
    });
    env = { MARINA_SERVER: url, MARINA_DATA_DIR: join(dir, 'data') };
    await new Promise((r) => setTimeout(r, 300));
  });
  after(() => {
    hub.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('documents every command in --help', async () => {
    const r = await run(['--help'], {});
    for (const c of ['up', 'cluster', 'kubeconfig', 'policy', 'runtime']) assert.match(r.stdout, new RegExp(`\\n  ${c}\\b`));
  });

  it('creates, lists and deletes logical clusters, and prints kubeconfigs kubectl can use', { skip: !kubectlPath() && 'kubectl not installed' }, async () => {
    const created = await run(['cluster', 'create', 'cli-team'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /logicalcluster.core.marina.io\/cli-team created/);
    const list = await run(['cluster', 'list'], env);
    assert.match(list.stdout, /^NAME\s+PHASE\s+URL/m);
    assert.match(list.stdout, /^cli-team\s+Ready\s+https:\/\/127\.0\.0\.1:\d+\/clusters\/cli-team/m);

    const kc = await run(['kubeconfig', 'cli-team'], env);
    assert.equal(kc.code, 0, kc.stderr);
    const path = join(dir, 'cli-team.kubeconfig');
    writeFileSync(path, kc.stdout);
    const ns = await kubectl(kubectlPath()!, path, ['create', 'namespace', 'from-cli']);
    assert.equal(ns.code, 0, ns.stderr);

    const root = await run(['kubeconfig', 'root'], env);
    writeFileSync(join(dir, 'root.kubeconfig'), root.stdout);
    const lcs = await kubectl(kubectlPath()!, join(dir, 'root.kubeconfig'), ['get', 'logicalclusters', '-o', 'name']);
    assert.match(lcs.stdout, /logicalcluster.core.marina.io\/cli-team/);

    const deleted = await run(['cluster', 'delete', 'cli-team'], env);
    assert.equal(deleted.code, 0, deleted.stderr);
    const after = await kubectl(kubectlPath()!, path, ['get', 'namespaces']);
    assert.notEqual(after.code, 0, 'the deleted cluster\'s kubeconfig no longer works');
    assert.match(after.stderr, /Unauthorized|provide credentials/);
  });

  it('fails clearly without admin credentials', async () => {
    const r = await run(['cluster', 'list'], { ...env, MARINA_DATA_DIR: join(dir, 'nowhere') });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no admin credentials in .*nowhere/);
  });
});
