/**
 * The hub repository: the Git repository holding the platform's desired state (`platform/`, `policies/`,
 * `tenants/`). By default a bare repository at `<dataDir>/hub.git` that the hub owns and commits into
 * directly; with `--hub-repo URL` an existing repository the hub fetches from and pushes to. Commits are
 * serialized, written without a working tree, and followed by a refresh of the platform Application.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GitError } from '../../gitops/repo/git.ts';
import { branchTip, checkPath, moveBranch, readFileAt, run, treeOf, writeCommit, type Author } from './git.ts';

export interface HubRepository {
  /** The platform Application's repoURL. */
  readonly url: string;
  /** One commit (serialized across callers) with these file changes (null deletes), pushed; then the platform Application is refreshed at once. Returns the commit SHA. */
  commit(changes: Record<string, string | null>, opts: { author: { name: string; email: string }; message: string }): Promise<string>;
  read(path: string): Promise<string | undefined>;
}

export const DEFAULT_BRANCH = 'main';
export const MARINA_AUTHOR: Author = { name: 'Marina', email: 'marina@localhost' };

export class HubRepositoryError extends Error {
  override readonly name = 'HubRepositoryError';
}

export interface OpenOptions {
  /** An existing repository (any URL git can push to). Default: `<dataDir>/hub.git`, created here. */
  url?: string;
  /** Where the repository (or, for an external one, its local cache) lives; undefined: a temporary folder removed by close(). */
  dataDir?: string;
  /** Files of the first commit, written only when the repository has no commit on its branch. */
  seed: () => Record<string, string>;
  /** Called after every commit: refreshes the platform Application (errors are reported by the returned promise's log, not the commit). */
  refresh?: () => Promise<void>;
}

/** How many times a commit is rebuilt on a tip someone else moved before giving up. */
const MAX_ATTEMPTS = 8;

export class GitHubRepository implements HubRepository {
  private chain: Promise<unknown> = Promise.resolve();
  /** Whether `open` wrote the seed commit (a brand-new platform). */
  seeded = false;
  refresh?: () => Promise<void>;
  /** The tip the platform Application was last refreshed for (a push the hub made itself needs no second refresh). */
  private notified?: string;
  private watcher?: FSWatcher;
  private debounce?: NodeJS.Timeout;

  private constructor(
    readonly url: string,
    readonly branch: string,
    /** The local repository commits are written in: the hub repository itself, or the cache of an external one. */
    private readonly gitDir: string,
    /** Set for an external repository: where pushes go. */
    private readonly remote: string | undefined,
    private readonly tempDir: string | undefined,
  ) {}

  static async open(opts: OpenOptions): Promise<GitHubRepository> {
    const tempDir = opts.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'marina-hub-repo-'));
    try {
      return await GitHubRepository.openIn(opts, tempDir);
    } catch (e) {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      throw e;
    }
  }

  private static async openIn(opts: OpenOptions, tempDir: string | undefined): Promise<GitHubRepository> {
    const base = resolve(opts.dataDir ?? tempDir!);
    mkdirSync(base, { recursive: true, mode: 0o700 });
    let repo: GitHubRepository;
    if (opts.url) {
      const cache = join(base, 'hub-cache.git');
      if (!existsSync(cache)) await run(['init', '--bare', '--quiet', cache]);
      repo = new GitHubRepository(opts.url, await remoteBranch(opts.url), cache, opts.url, tempDir);
    } else {
      const dir = join(base, 'hub.git');
      if (!existsSync(join(dir, 'HEAD'))) await run(['init', '--bare', '--quiet', `--initial-branch=${DEFAULT_BRANCH}`, dir]);
      repo = new GitHubRepository(pathToFileURL(dir).href, DEFAULT_BRANCH, dir, undefined, tempDir);
    }
    repo.refresh = opts.refresh;
    await repo.serialized(async () => {
      if ((await repo.tip()) !== undefined) return;
      await repo.commitOnce(opts.seed(), MARINA_AUTHOR, 'Marina hub repository: the platform package, hub policies and tenants/', true);
      repo.seeded = true;
    });
    repo.notified = await branchTip(repo.gitDir, repo.branch);
    return repo;
  }

  async commit(changes: Record<string, string | null>, opts: { author: { name: string; email: string }; message: string }): Promise<string> {
    const problems = Object.keys(changes).flatMap((p) => checkPath(p) ?? []);
    if (!Object.keys(changes).length) problems.push('changes must name at least one file');
    if (!opts.author?.name || !opts.author?.email) problems.push('author.name and author.email are required');
    if (!opts.message?.trim()) problems.push('message must not be empty');
    if (problems.length) throw new HubRepositoryError(`invalid commit: ${problems.join('; ')}`);
    const sha = await this.serialized(() => this.commitOnce(changes, opts.author, opts.message, false));
    await this.notify(sha);
    return sha;
  }

  private async notify(sha: string | undefined): Promise<void> {
    if (!sha || sha === this.notified) return;
    this.notified = sha;
    await this.refresh?.().catch(() => undefined); // the next poll of the platform app picks the commit up anyway
  }

  /**
   * For the hub's own repository: a push by anyone (`git push` to hub.git) refreshes the platform Application
   * at once, as a webhook would. One inotify watch on the refs folder for the whole hub, not per tenant.
   */
  watchPushes(): void {
    if (this.remote || this.watcher) return;
    const check = () => {
      this.debounce = undefined;
      void branchTip(this.gitDir, this.branch).then((tip) => this.notify(tip), () => undefined);
    };
    const onChange = () => {
      if (!this.debounce) this.debounce = setTimeout(check, 20);
    };
    try {
      this.watcher = watch(join(this.gitDir, 'refs', 'heads'), onChange);
      this.watcher.on('error', () => undefined);
    } catch {
      // No inotify (or the folder is missing): pushes are picked up by the platform app's poll.
    }
  }

  async read(path: string): Promise<string | undefined> {
    const bad = checkPath(path);
    if (bad) throw new HubRepositoryError(bad);
    if (this.remote) await this.serialized(() => this.fetch());
    return readFileAt(this.gitDir, this.branch, path);
  }

  /** Paths of the files under `prefix` at the branch tip. */
  async list(prefix: string): Promise<string[]> {
    if (this.remote) await this.serialized(() => this.fetch());
    const r = await run(['--git-dir', this.gitDir, 'ls-tree', '-r', '--name-only', `refs/heads/${this.branch}`, '--', prefix], { okCodes: [128] });
    return r.code === 0 ? r.stdout.split('\n').filter(Boolean) : [];
  }

  /** The branch tip (fetched first for an external repository). */
  async tip(): Promise<string | undefined> {
    if (this.remote) await this.fetch();
    return branchTip(this.gitDir, this.branch);
  }

  close(): void {
    this.watcher?.close();
    if (this.debounce) clearTimeout(this.debounce);
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Builds the commit on the current tip and moves the branch; rebuilt when someone else moved it meanwhile. */
  private async commitOnce(changes: Record<string, string | null>, author: Author, message: string, mustBeFirst: boolean): Promise<string> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const parent = await this.tip();
      if (mustBeFirst && parent) return parent;
      const commit = await writeCommit(this.gitDir, parent, changes, author, message);
      // Nothing changed (e.g. deleting a file that is not there): no empty commit, the tip stands.
      if (parent && (await treeOf(this.gitDir, commit)) === (await treeOf(this.gitDir, parent))) return parent;
      if (await this.publish(commit, parent)) {
        if (mustBeFirst) this.notified = commit;
        return commit;
      }
    }
    throw new HubRepositoryError(`cannot commit to ${this.url}: the branch ${this.branch} kept moving (${MAX_ATTEMPTS} attempts)`);
  }

  private async publish(commit: string, parent: string | undefined): Promise<boolean> {
    if (!this.remote) return moveBranch(this.gitDir, this.branch, commit, parent);
    const r = await run(['--git-dir', this.gitDir, 'push', '--quiet', '--porcelain', '--', this.remote, `${commit}:refs/heads/${this.branch}`], { okCodes: [1], timeoutMs: 120_000, env: operatorEnv() });
    if (r.code === 0) {
      await moveBranch(this.gitDir, this.branch, commit, parent);
      return true;
    }
    if (/\[rejected\]|non-fast-forward|fetch first/.test(r.stdout)) return false;
    throw new HubRepositoryError(`cannot push to ${this.url}: ${r.stdout.trim()}`);
  }

  private async fetch(): Promise<void> {
    const r = await run(['--git-dir', this.gitDir, 'fetch', '--quiet', '--force', '--', this.remote!, `+refs/heads/${this.branch}:refs/heads/${this.branch}`], { okCodes: [128], timeoutMs: 120_000, env: operatorEnv() });
    if (r.code === 0) return;
    // An empty repository has no branch yet: that is a repository to seed, not an error.
    const probe = await run(['ls-remote', '--heads', '--', this.remote!], { timeoutMs: 60_000, env: operatorEnv() }).catch((e: GitError) => {
      throw new HubRepositoryError(`cannot read the hub repository ${this.url}: ${e.stderr || e.message}`);
    });
    if (probe.stdout.includes(`refs/heads/${this.branch}`)) throw new HubRepositoryError(`cannot fetch ${this.branch} from ${this.url}`);
    await run(['--git-dir', this.gitDir, 'update-ref', '-d', `refs/heads/${this.branch}`], { okCodes: [1] });
  }
}

/**
 * An external hub repository is the operator's (from `--hub-repo`, never from a tenant): git reaches it with the
 * operator's own setup (home folder: SSH keys, ~/.gitconfig credential helpers; the SSH agent), unlike the
 * GitOps engine's fetches of tenants' repositories, which run with none of it.
 */
function operatorEnv(): Record<string, string> {
  const home = process.env.HOME;
  if (!home) return {};
  return { HOME: home, GIT_CONFIG_GLOBAL: join(home, '.gitconfig'), ...(process.env.SSH_AUTH_SOCK ? { SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK } : {}) };
}

/** The branch an external repository's HEAD names (`main` when it is empty and names none). */
async function remoteBranch(url: string): Promise<string> {
  const r = await run(['ls-remote', '--symref', '--', url, 'HEAD'], { timeoutMs: 60_000, env: operatorEnv() }).catch((e: GitError) => {
    throw new HubRepositoryError(`cannot read the hub repository ${url}: ${e.stderr || e.message}`);
  });
  const m = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(r.stdout);
  return m && r.stdout.split('\n').some((l) => /^[0-9a-f]{40}\tHEAD$/.test(l)) ? m[1]! : DEFAULT_BRANCH;
}
