/** Runs the `git` CLI without a shell, bounded in time and output, with no host configuration or prompts. */
import { execFile } from 'node:child_process';

export class GitError extends Error {
  constructor(message: string, readonly stderr: string) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** git's environment: no host configuration (system, global, HOME) and no prompts, plus `extra`. */
export function gitEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/nonexistent',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

export function git(args: string[], opts: GitOptions = {}): Promise<string> {
  const env = gitEnv(opts.env);
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd: opts.cwd, env, timeout: opts.timeoutMs ?? 90_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      // Credentials may appear in URLs git echoes back; never surface them.
      const clean = redact(String(stderr || err.message).trim());
      reject(new GitError(`git ${args[0]} failed: ${clean}`, clean));
    });
  });
}

export const redact = (s: string) => s.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@');
