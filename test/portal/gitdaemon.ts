/** A `git daemon` on loopback serving bare repositories for tests (git://127.0.0.1:PORT/NAME). */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitFor } from '../gitops/support.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface GitDaemon {
  /** git:// URL of a bare repository (created empty), pushed to from `work`. */
  repo(name: string, files: Record<string, string>): string;
  /** Commits more files to a repository made by `repo` and pushes them; returns the commit. */
  push(name: string, files: Record<string, string>): string;
  stop(): Promise<void>;
}

export async function startGitDaemon(base: string): Promise<GitDaemon> {
  const port = await freePort();
  execFileSync('mkdir', ['-p', base]);
  const daemon: ChildProcess = spawn('git', ['daemon', '--reuseaddr', `--base-path=${base}`, '--export-all', `--port=${port}`, '--listen=127.0.0.1', base], { stdio: 'ignore' });
  const write = (work: string, files: Record<string, string>) => {
    for (const [p, c] of Object.entries(files)) {
      execFileSync('mkdir', ['-p', join(work, p, '..')]);
      execFileSync('tee', [join(work, p)], { input: c, stdio: ['pipe', 'ignore', 'inherit'] });
    }
  };
  const g = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
  const d: GitDaemon = {
    repo(name, files) {
      const bare = join(base, `${name}.git`);
      execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', bare]);
      const work = join(base, `${name}.work`);
      execFileSync('git', ['init', '--quiet', '--initial-branch=main', work]);
      write(work, files);
      g(work, 'add', '-A');
      g(work, 'commit', '--quiet', '-m', 'initial');
      g(work, 'push', '--quiet', bare, 'main');
      return `git://127.0.0.1:${port}/${name}`;
    },
    push(name, files) {
      const work = join(base, `${name}.work`);
      write(work, files);
      g(work, 'add', '-A');
      g(work, 'commit', '--quiet', '-m', 'change');
      g(work, 'push', '--quiet', join(base, `${name}.git`), 'main');
      return g(work, 'rev-parse', 'HEAD').trim();
    },
    async stop() {
      if (daemon.pid && daemon.exitCode === null) {
        const exited = new Promise((r) => daemon.once('exit', r));
        daemon.kill();
        await exited;
      }
    },
  };
  const probe = d.repo('probe', { 'README': 'probe\n' });
  await waitFor('git daemon listening', async () => {
    try {
      execFileSync('git', ['ls-remote', probe], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  });
  return d;
}
