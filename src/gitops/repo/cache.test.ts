import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git } from './git.ts';
import { RepoCache } from './cache.ts';

/** A real repository with one commit per entry of `files` (each commit writes its files and removes `gone`). */
async function repoWith(dir: string, commits: Array<{ files: Record<string, string>; gone?: string[] }>): Promise<string[]> {
  await git(['init', '--quiet', '--initial-branch', 'main', dir]);
  const shas: string[] = [];
  for (const c of commits) {
    for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
    for (const name of c.gone ?? []) rmSync(join(dir, name));
    await git(['-C', dir, 'add', '--all']);
    await git(['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'c']);
    shas.push((await git(['-C', dir, 'rev-parse', 'HEAD'])).trim());
  }
  return shas;
}

const contents = (tree: string) => Object.fromEntries(readdirSync(tree).filter((f) => f !== '.git').sort().map((f) => [f, readFileSync(join(tree, f), 'utf8')]));

test('checkouts: the most recently used are kept, the oldest is moved to a new commit with exactly its files', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-repocache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const src = join(dir, 'src');
  const [c1, c2, c3, c4] = await repoWith(src, [
    { files: { 'a.yaml': 'a1', 'b.yaml': 'b1' } },
    { files: { 'a.yaml': 'a2', 'c.yaml': 'c2' } },
    { files: { 'd.yaml': 'd3' }, gone: ['b.yaml'] },
    { files: { 'a.yaml': 'a4' }, gone: ['c.yaml'] },
  ]);
  const cache = new RepoCache(join(dir, 'cache'), 2);
  const url = `file://${src}`;
  const t1 = await cache.checkout(url, c1!);
  assert.deepEqual(contents(t1), { 'a.yaml': 'a1', 'b.yaml': 'b1' });
  const t2 = await cache.checkout(url, c2!);
  assert.equal(await cache.checkout(url, c1!), t1, 'a kept checkout is reused');
  writeFileSync(join(t2, 'stray.txt'), 'left by someone');
  // Two places, both taken: c2 (least recently used) makes room for c3, then c1 for c4.
  const t3 = await cache.checkout(url, c3!);
  assert.equal(existsSync(t2), false);
  assert.deepEqual(contents(t3), { 'a.yaml': 'a2', 'c.yaml': 'c2', 'd.yaml': 'd3' });
  assert.deepEqual(contents(t1), { 'a.yaml': 'a1', 'b.yaml': 'b1' });
  const t4 = await cache.checkout(url, c4!);
  assert.equal(existsSync(t1), false);
  assert.deepEqual(contents(t4), { 'a.yaml': 'a4', 'd.yaml': 'd3' });
  // Back to a removed commit: checked out again, from a recycled place.
  assert.deepEqual(contents(await cache.checkout(url, c2!)), { 'a.yaml': 'a2', 'b.yaml': 'b1', 'c.yaml': 'c2' });
  assert.equal(readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.trees')).map((f) => readdirSync(join(dir, 'cache', f)).length)[0], 2);
  // A new cache over the same directory (a restart) adopts what it finds and still keeps only two.
  const again = new RepoCache(join(dir, 'cache'), 2);
  assert.deepEqual(contents(await again.checkout(url, c1!)), { 'a.yaml': 'a1', 'b.yaml': 'b1' });
  assert.equal(readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.trees')).map((f) => readdirSync(join(dir, 'cache', f)).length)[0], 2);
  const worktrees = (await git(['--git-dir', join(dir, 'cache', readdirSync(join(dir, 'cache')).find((f) => f.endsWith('.git'))!), 'worktree', 'list'])).trim().split('\n');
  assert.equal(worktrees.length, 3, `the bare repository and two checkouts: ${worktrees.join(' | ')}`);
});
