/**
 * Fetched repositories, shared by every tenant: one bare repository per (URL, credentials hash), so a tenant
 * without the credentials of a private repository never reads another tenant's fetch of it. A commit is
 * checked out once into a detached worktree and reused read-only by every app that renders it; the
 * `keepTrees` most recently used checkouts of a repository are kept, older ones removed (rendered manifests
 * are cached by commit, so a removed checkout is only made again for a commit rendered anew).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, GitError } from './git.ts';
import { isSsh, type RepoCreds } from './creds.ts';
import { parseLsRemote, resolveRevision } from './revision.ts';

const mtime = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;

const ASKPASS = '#!/bin/sh\ncase "$1" in\n  Username*) printf "%s\\n" "$MARINA_GIT_USERNAME" ;;\n  *) printf "%s\\n" "$MARINA_GIT_PASSWORD" ;;\nesac\n';

export class RepoCache {
  private readonly locks = new Map<string, Promise<unknown>>();
  /** The latest `git ls-remote` per (URL, credentials), shared by every app asking after it started. */
  private readonly remotes = new Map<string, { startedAt: number; refs: Promise<string> }>();
  /** Per repository key: its checked-out commits, least recently used first. */
  private readonly trees = new Map<string, string[]>();
  lsRemoteCalls = 0;

  constructor(
    readonly dir: string = join(tmpdir(), 'marina-gitops-repos'),
    private readonly keepTrees = 16,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /**
   * The commit `targetRevision` names in the remote repository, as seen by an `ls-remote` started at or after
   * `notBefore` (epoch ms; default: now, i.e. a fresh one). Apps refreshed together (a poll, a webhook) share
   * one ls-remote per repository, and none of them can see a state older than its refresh request.
   */
  async resolve(url: string, targetRevision: string | undefined, creds?: RepoCreds, notBefore = Date.now()): Promise<string> {
    const r = resolveRevision(parseLsRemote(await this.lsRemote(url, creds, notBefore)), targetRevision);
    if ('commit' in r) return r.commit;
    if ('error' in r) throw new GitError(r.error, '');
    return this.withCreds(url, creds, async (env) => {
      // A SHA: fetch everything, then let git expand and verify it.
      const bare = await this.ensureFetched(url, creds, env);
      return (await git(['--git-dir', bare, 'rev-parse', '--verify', `${r.sha}^{commit}`], { env }).catch(() => {
        throw new GitError(`unable to resolve '${r.sha}' to a commit SHA`, '');
      })).trim();
    });
  }

  /** A read-only checkout of `commit`, fetching first when the cache does not have it. */
  async checkout(url: string, commit: string, creds?: RepoCreds): Promise<string> {
    const key = this.keyOf(url, creds);
    return this.locked(key, async () => {
      const trees = join(this.dir, `${key}.trees`);
      const tree = join(trees, commit);
      const bare = join(this.dir, `${key}.git`);
      let known = this.trees.get(key);
      // Checkouts left by an earlier process count too, oldest first.
      if (!known) this.trees.set(key, (known = existsSync(trees) ? readdirSync(trees).sort((a, b) => mtime(join(trees, a)) - mtime(join(trees, b))) : []));
      const at = known.indexOf(commit);
      if (at >= 0 && existsSync(join(tree, '.git'))) {
        known.push(...known.splice(at, 1));
        return tree;
      }
      if (at >= 0) known.splice(at, 1);
      const have = existsSync(bare) && (await git(['--git-dir', bare, 'cat-file', '-e', `${commit}^{commit}`]).then(() => true, () => false));
      if (!have) await this.withCreds(url, creds, (env) => this.fetch(bare, url, env));
      rmSync(tree, { recursive: true, force: true });
      while (known.length > this.keepTrees) rmSync(join(trees, known.shift()!), { recursive: true, force: true });
      await git(['--git-dir', bare, 'worktree', 'prune']);
      // With all places taken, the least recently used checkout moves to the new commit: git rewrites only the
      // files that differ (a repository of thousands of claim files gets one new file per commit).
      const oldest = known.length === this.keepTrees ? join(trees, known.shift()!) : undefined;
      const recycled =
        oldest &&
        existsSync(join(oldest, '.git')) &&
        (await git(['--git-dir', bare, 'worktree', 'move', oldest, tree]).then(
          async () => {
            await git(['-C', tree, 'checkout', '--quiet', '--detach', '--force', commit]);
            await git(['-C', tree, 'clean', '-ffdxq']); // nothing but the commit's files
            return true;
          },
          () => false,
        ).catch(() => false));
      if (!recycled) {
        for (const p of [oldest, tree]) if (p) rmSync(p, { recursive: true, force: true });
        await git(['--git-dir', bare, 'worktree', 'prune']);
        await git(['--git-dir', bare, 'worktree', 'add', '--detach', '--force', tree, commit]);
      }
      known.push(commit);
      return tree;
    });
  }

  private lsRemote(url: string, creds: RepoCreds | undefined, notBefore: number): Promise<string> {
    const key = this.keyOf(url, creds);
    const last = this.remotes.get(key);
    if (last && last.startedAt >= notBefore) return last.refs;
    this.lsRemoteCalls++;
    const entry = { startedAt: Date.now(), refs: this.withCreds(url, creds, (env) => git(['ls-remote', '--', url], { env, timeoutMs: 60_000 })).catch((e) => Promise.reject(listRefsError(e))) };
    this.remotes.set(key, entry);
    entry.refs.catch(() => this.remotes.get(key) === entry && this.remotes.delete(key)); // never share a failure
    return entry.refs;
  }

  private async ensureFetched(url: string, creds: RepoCreds | undefined, env: Record<string, string>): Promise<string> {
    const key = this.keyOf(url, creds);
    const bare = join(this.dir, `${key}.git`);
    await this.locked(key, () => this.fetch(bare, url, env));
    return bare;
  }

  private async fetch(bare: string, url: string, env: Record<string, string>): Promise<void> {
    if (!existsSync(bare)) await git(['init', '--bare', '--quiet', bare]);
    await git(['--git-dir', bare, 'fetch', '--quiet', '--prune', '--force', '--', url, '+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'], { env, timeoutMs: 120_000 });
  }

  /** Cache key: URL + a hash of the credentials (never the credentials themselves). */
  keyOf(url: string, creds?: RepoCreds): string {
    return createHash('sha256').update(url).update('\0').update(JSON.stringify(creds ?? {})).digest('hex').slice(0, 32);
  }

  private withCreds<T>(url: string, creds: RepoCreds | undefined, fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
    return withGitCredentials(creds, fn, url);
  }

  private async locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.locks.set(key, next.catch(() => undefined));
    return next;
  }
}

/**
 * Runs git with the credentials wired in: an askpass helper for passwords, files for the CA and the client
 * certificate, a temporary key and known-hosts file for SSH (for an ssh `url`, or any call with a key when no
 * URL is given). Everything lives in a private temp dir removed afterwards.
 */
export async function withGitCredentials<T>(creds: RepoCreds | undefined, fn: (env: Record<string, string>) => Promise<T>, url?: string): Promise<T> {
  const ssh = url !== undefined ? isSsh(url) : !!creds?.sshPrivateKey;
  if (!creds && !ssh) return fn({});
  const c = creds ?? {};
  const tmp = mkdtempSync(join(tmpdir(), 'marina-git-creds-'));
  const file = (name: string, content: string, mode = 0o600) => {
    writeFileSync(join(tmp, name), content.endsWith('\n') ? content : `${content}\n`, { mode });
    return join(tmp, name);
  };
  try {
    const env: Record<string, string> = {};
    if (c.username !== undefined || c.password !== undefined) {
      Object.assign(env, { GIT_ASKPASS: file('askpass.sh', ASKPASS, 0o700), MARINA_GIT_USERNAME: c.username ?? '', MARINA_GIT_PASSWORD: c.password ?? '' });
    }
    if (c.caData) env.GIT_SSL_CAINFO = file('ca.pem', c.caData);
    if (c.tlsClientCertData) env.GIT_SSL_CERT = file('client.pem', c.tlsClientCertData);
    if (c.tlsClientCertKey) env.GIT_SSL_KEY = file('client.key', c.tlsClientCertKey);
    if (c.insecure) env.GIT_SSL_NO_VERIFY = 'true';
    if (ssh) {
      // As Argo CD: the host key must be in argocd-ssh-known-hosts-cm unless the repository is `insecure`.
      const hostKeys = c.insecure ? ['-o StrictHostKeyChecking=no', '-o UserKnownHostsFile=/dev/null'] : ['-o StrictHostKeyChecking=yes', `-o UserKnownHostsFile=${file('known_hosts', c.knownHosts ?? '')}`];
      const identity = c.sshPrivateKey ? [`-i ${file('id', c.sshPrivateKey)}`, '-o IdentitiesOnly=yes'] : [];
      env.GIT_SSH_COMMAND = ['ssh', '-F /dev/null', '-o BatchMode=yes', '-o LogLevel=ERROR', ...identity, ...hostKeys].join(' ');
    }
    return await fn(env);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * A failed `ls-remote` in Argo CD's words (its repo server lists refs with go-git): "failed to list refs: …"
 * with go-git's error for the usual causes, else git's own message.
 */
export function listRefsError(e: unknown): GitError {
  const stderr = e instanceof GitError ? e.stderr : String((e as Error)?.message ?? e);
  const known: Array<[RegExp, string]> = [
    [/could not read (Username|Password)|Authentication failed|HTTP Basic: Access denied|\b401\b/i, 'authentication required'],
    [/\b403\b/, 'authorization failed'],
    [/Host key verification failed|No \w+ host key is known/i, 'ssh: handshake failed: knownhosts: key is unknown'],
    [/Permission denied \(publickey/i, 'ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain'],
    [/SSL certificate problem|server certificate verification failed|certificate verify failed/i, 'tls: failed to verify certificate: x509: certificate signed by unknown authority'],
    [/repository .* not found|does not appear to be a git repository|\b404\b/i, 'repository not found'],
  ];
  const hit = known.find(([re]) => re.test(stderr));
  return new GitError(`failed to list refs: ${hit ? hit[1] : stderr}`, stderr);
}
