/**
 * Nothing acknowledged is lost: a writer loop against a real `marina up` process, `kill -9` in the middle,
 * a restart on the same data directory, and every acknowledged object must be there, intact. A watch
 * then resumes from a resourceVersion seen before the crash.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { api, watchEvents } from '../support/api.ts';

const MAIN = join(import.meta.dirname, '../../src/cli/main.ts');

async function up(dataDir: string): Promise<{ proc: ChildProcess; base: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN, 'up', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 20_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/serving on https:\/\/([\d.:]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`http://${m[1]}`);
      }
    });
  });
  return { proc, base };
}

const token = (dataDir: string) => parse(readFileSync(join(dataDir, 'admin.kubeconfig'), 'utf8')).users[0].user.token as string;

describe('durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-durability-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged write across kill -9 and resumes watches', async () => {
    let { proc, base } = await up(dir);
    await new Promise((r) => setTimeout(r, 300)); // admin kubeconfig is written right after start
    const tok = token(dir);
    const acked = new Map<string, string>();
    let rvBeforeCrash = '';
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop && i < 2000; i++) {
        const name = `w${w}-${i}`;
        const value = `${name}-${'x'.repeat(200)}`;
        try {
          const r = await api(base, 'POST', '/clusters/root/api/v1/namespaces/default/configmaps', tok, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { value } });
          if (r.status === 201) {
            acked.set(name, value);
            rvBeforeCrash = r.body.metadata.resourceVersion;
          }
        } catch {
          return; // connection refused or reset: the server is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    // Kill while writes are in flight, once more than 50 are acknowledged: a count, not a time (on a busy
    // machine 1.5 s gave only ~20); bounded all the same.
    const deadline = Date.now() + 30_000;
    while (acked.size <= 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await exited;
    assert.ok(acked.size > 50, `only ${acked.size} writes acknowledged before the kill`);

    ({ proc, base } = await up(dir));
    try {
      const list = await api(base, 'GET', '/clusters/root/api/v1/namespaces/default/configmaps', tok);
      assert.equal(list.status, 200);
      const stored = new Map<string, string>(list.body.items.map((o: any) => [o.metadata.name, o.data?.value]));
      const missing = [...acked.keys()].filter((n) => stored.get(n) !== acked.get(n));
      assert.deepEqual(missing, [], `${missing.length} of ${acked.size} acknowledged writes lost or damaged`);

      // A watch resumes from a resourceVersion issued before the crash.
      const events = watchEvents(`${base}/clusters/root/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rvBeforeCrash}`, tok, (e) => e.some((x) => x.object?.metadata?.name === 'after-restart'), 5000);
      await new Promise((r) => setTimeout(r, 100));
      await api(base, 'POST', '/clusters/root/api/v1/namespaces/default/configmaps', tok, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-restart' } });
      const seen = await events;
      assert.ok(seen.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'after-restart'), 'resumed watch saw the new object');
      assert.ok(seen.every((e) => Number(e.object.metadata.resourceVersion) > Number(rvBeforeCrash)));

    } finally {
      proc.kill('SIGKILL');
    }
  });
});
