/**
 * A repository served by `git daemon` on loopback (git://): an Application syncs from it, then a change
 * pushed over git:// reaches the cluster after a refresh.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { appYaml, cm, getJson, gitRepo, waitFor } from './support.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
let kc: string;
let daemon: ChildProcess | undefined;
let port: number;

/** A free loopback port: git daemon needs an explicit one, so bind port 0, read it, release it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as { port: number };
      s.close(() => resolve(p));
    });
  });
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { encoding: 'utf8' }).trim();

before(async () => {
  t = await startHub();
  kc = await t.cluster('daemon');
  await installRuntime(t.hub.core, 'daemon');
  const base = join(t.dir, 'served');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', join(base, 'repo.git')]);
  port = await freePort();
  daemon = spawn('git', ['daemon', '--reuseaddr', `--base-path=${base}`, '--export-all', '--enable=receive-pack', `--port=${port}`, '--listen=127.0.0.1', base], { stdio: 'ignore' });
  await waitFor('git daemon listening', async () => {
    try {
      execFileSync('git', ['ls-remote', `git://127.0.0.1:${port}/repo`], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  });
});
after(async () => {
  if (daemon?.pid && daemon.exitCode === null) {
    const exited = new Promise((r) => daemon!.once('exit', r));
    daemon.kill();
    await exited;
  }
  await t?.stop();
});

test('an Application syncs from git://, and a pushed change after a refresh', async () => {
  const url = `git://127.0.0.1:${port}/repo`;
  const work = join(t.dir, 'work');
  const repo = gitRepo(work);
  const rev1 = repo.write({ 'app/cm.yaml': cm('served', { v: '1' }) });
  git(work, 'push', '--quiet', url, 'main');

  const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: appYaml('daemon', url, 'app', { syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] } }) });
  assert.equal(r.code, 0, r.stderr);
  const app = () => getJson(bin, kc, ['-n', 'argocd', 'application', 'daemon']);
  const synced = (rev: string) => waitFor(`synced at ${rev}`, async () => {
    const a = await app();
    return a.status?.sync?.status === 'Synced' && a.status.sync.revision === rev && a.status.operationState?.phase === 'Succeeded' && a;
  });
  await synced(rev1);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'served'])).data.v, '1');

  const rev2 = repo.write({ 'app/cm.yaml': cm('served', { v: '2' }) });
  git(work, 'push', '--quiet', url, 'main');
  assert.equal((await kubectl(bin, kc, ['-n', 'argocd', 'annotate', '--overwrite', 'application', 'daemon', 'argocd.argoproj.io/refresh=normal'])).code, 0);
  await synced(rev2);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'served'])).data.v, '2');
});
