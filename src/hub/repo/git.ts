/**
 * The git plumbing the hub repository needs: commits built without a working tree (a temporary index over the
 * branch tip, blobs written with hash-object, the ref moved with a compare-and-swap), so a commit costs a few
 * short git processes however many tenants the repository holds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitError, gitEnv, redact } from '../../gitops/repo/git.ts';

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Exit codes that are answers, not failures (e.g. 1 from `rev-parse --verify -q`). */
  okCodes?: number[];
}

/** Runs git without a shell or host configuration; resolves stdout (and the exit code). */
export function run(args: string[], opts: RunOptions = {}): Promise<{ stdout: string; code: number }> {
  const env = gitEnv(opts.env);
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new GitError(`git ${args[0]} failed: ${e.message}`, ''));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0 || (code !== null && opts.okCodes?.includes(code))) return resolve({ stdout, code: code ?? 0 });
      const clean = redact(Buffer.concat(err).toString('utf8').trim() || `exit ${code}`);
      reject(new GitError(`git ${args.find((a) => !a.startsWith('-') && !a.includes('/')) ?? args[0]} failed: ${clean}`, clean));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

const git = async (gitDir: string, args: string[], opts: RunOptions = {}) => (await run(['--git-dir', gitDir, ...args], opts)).stdout;

/** The commit a branch points at in a local repository, or undefined when it has none. */
export async function branchTip(gitDir: string, branch: string): Promise<string | undefined> {
  const r = await run(['--git-dir', gitDir, 'rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** A file's content at the tip of a branch, or undefined when the branch or the file does not exist. */
export async function readFileAt(gitDir: string, branch: string, path: string): Promise<string | undefined> {
  const r = await run(['--git-dir', gitDir, 'cat-file', 'blob', `refs/heads/${branch}:${path}`], { okCodes: [128] });
  return r.code === 0 ? r.stdout : undefined;
}

export interface Author {
  name: string;
  email: string;
}

/** Paths as the hub repository accepts them: relative, `/`-separated, no `.`/`..` segments, no `.git`. */
export function checkPath(path: string): string | undefined {
  if (!path || path.startsWith('/') || path.endsWith('/')) return `path ${JSON.stringify(path)} must be a relative file path`;
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return `path ${JSON.stringify(path)} must not contain empty, "." or ".." segments`;
  if (parts.some((p) => p.toLowerCase() === '.git')) return `path ${JSON.stringify(path)} must not touch .git`;
  if (/[\0\n\r\t]/.test(path)) return `path ${JSON.stringify(path)} contains a control character`;
  return undefined;
}

/**
 * Writes a commit on top of `parent` (undefined: a root commit) with `changes` (null deletes) into a local
 * repository and returns its SHA; the branch is not moved (see `moveBranch`).
 */
export async function writeCommit(gitDir: string, parent: string | undefined, changes: Record<string, string | null>, author: Author, message: string): Promise<string> {
  const tmp = mkdtempSync(join(tmpdir(), 'marina-hubrepo-index-'));
  try {
    const env = { GIT_INDEX_FILE: join(tmp, 'index') };
    await git(gitDir, parent ? ['read-tree', parent] : ['read-tree', '--empty'], { env });
    const lines: string[] = [];
    for (const [path, content] of Object.entries(changes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (content === null) lines.push(`0 ${'0'.repeat(40)}\t${path}`);
      else lines.push(`100644 ${(await git(gitDir, ['hash-object', '-w', '--stdin'], { input: content })).trim()}\t${path}`);
    }
    if (lines.length) await git(gitDir, ['update-index', '--index-info'], { env, input: `${lines.join('\n')}\n` });
    const tree = (await git(gitDir, ['write-tree'], { env })).trim();
    const who = { GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: 'Marina', GIT_COMMITTER_EMAIL: 'marina@localhost' };
    return (await git(gitDir, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], { env: who, input: message.endsWith('\n') ? message : `${message}\n` })).trim();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Moves `branch` from `expected` (undefined: must not exist) to `commit`; false when someone moved it first. */
export async function moveBranch(gitDir: string, branch: string, commit: string, expected: string | undefined): Promise<boolean> {
  const r = await run(['--git-dir', gitDir, 'update-ref', `refs/heads/${branch}`, commit, expected ?? '0'.repeat(40)], { okCodes: [1, 128] });
  return r.code === 0;
}

/** The tree a commit has changed nothing in (the same tree as its parent): such commits are skipped. */
export async function treeOf(gitDir: string, commit: string): Promise<string> {
  return (await git(gitDir, ['rev-parse', `${commit}^{tree}`])).trim();
}

export { git };
