/**
 * The tenant's `marina` commands against a real hub started with `marina up`: signup, login, logout, admin
 * grant, and the runtime commands and kubeconfig of the logged-in tenant.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectl, kubectlPath } from '../support/hub.ts';

const MARINA = join(import.meta.dirname, '../../bin/marina');
const PW = 'correct horse battery staple';

function run(args: string[], env: Record<string, string>, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(MARINA, args, { env: { ...process.env, ...env }, timeout: 90_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr }));
    child.stdin!.end(input ?? '');
  });
}

describe('marina CLI for tenants', () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-portal-cli-'));
  let hub: ChildProcess;
  let env: Record<string, string>;
  let server: string;
  const config = join(dir, 'home', 'marina.json');
  const tokenOf = () => JSON.parse(readFileSync(config, 'utf8')).token as string;
  const session = (token: string) => fetch(`${server}/api/v1/session`, { headers: { Authorization: `Bearer ${token}` } });

  before(async () => {
    hub = spawn(MARINA, ['up', '--port', '0', '--data-dir', join(dir, 'data')], { stdio: ['ignore', 'pipe', 'inherit'] });
    server = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 30_000);
      hub.stdout!.on('data', (d) => {
        out += d;
        const m = out.match(/serving on https:\/\/([\d.:]+)/);
        if (m && out.includes('root cluster:')) {
          clearTimeout(timer);
          resolve(`http://${m[1]}`);
        }
      });
    });
    env = { MARINA_SERVER: server, MARINA_DATA_DIR: join(dir, 'data'), MARINA_CONFIG: config, MARINA_PASSWORD: '' };
    for (let i = 0; i < 50 && !existsSync(join(dir, 'data', 'admin.kubeconfig')); i++) await new Promise((r) => setTimeout(r, 100));
  });
  after(async () => {
    if (hub.exitCode === null) {
      const exited = new Promise((r) => hub.once('exit', r));
      hub.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs up with the password on stdin and stores only an API token, mode 0600', async () => {
    const bad = await run(['signup', '--email', 'cli@example.com', '--password-stdin'], env, 'short\n');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /password: password must be at least 12 characters/);
    const r = await run(['signup', '--email', 'cli@example.com', '--tenant', 'cli-tenant', '--password-stdin'], env, `${PW}\n`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /tenant "cli-tenant"/);
    assert.equal(statSync(config).mode & 0o777, 0o600);
    const text = readFileSync(config, 'utf8');
    assert.ok(!text.includes(PW));
    assert.match(tokenOf(), /^mrn_/);
    assert.equal((await session(tokenOf())).status, 200);
  });

  it('says there is no runtime yet', async () => {
    const r = await run(['runtime', 'status'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no runtime installed/);
  });

  it('admin grant gives the admin role at once', async () => {
    const r = await run(['admin', 'grant', 'CLI@example.com'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(((await (await session(tokenOf())).json()) as { role: string }).role, 'admin');
    const none = await run(['admin', 'grant', 'nobody@example.com'], env);
    assert.match(none.stderr, /no account with email nobody@example.com/);
    assert.equal((await run(['admin', 'revoke', 'cli@example.com'], env)).code, 0);
    assert.equal(((await (await session(tokenOf())).json()) as { role: string }).role, 'user');
  });

  it('logout revokes the token; login with MARINA_PASSWORD stores a new one', async () => {
    const old = tokenOf();
    const out = await run(['logout'], env);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(existsSync(config), false);
    assert.equal((await session(old)).status, 401);
    const wrong = await run(['login', '--email', 'cli@example.com'], { ...env, MARINA_PASSWORD: 'wrong password 123' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /invalid email or password/);
    const ok = await run(['login', '--email', 'cli@example.com'], { ...env, MARINA_PASSWORD: PW });
    assert.equal(ok.code, 0, ok.stderr);
    assert.notEqual(tokenOf(), old);
  });

  it('installs the runtime with a progress line, shows its status, prints its kubeconfig, deletes it', async () => {
    const install = await run(['runtime', 'install', '--timeout', '60'], env);
    assert.equal(install.code, 0, install.stderr);
    assert.match(install.stdout, /runtime of tenant "cli-tenant" requested \(hub repository commit [0-9a-f]{12}\)/);
    assert.match(install.stdout, /\[#{20}\] 100% Active: Ready/);
    assert.match(install.stdout, /runtime "cli-tenant" is Active/);
    const status = await run(['runtime', 'status'], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /PHASE:\s+Active/);
    assert.match(status.stdout, /VirtualCluster/);
    const watch = await run(['runtime', 'status', '--watch', '--timeout', '10'], env);
    assert.equal(watch.code, 0, watch.stderr);
    assert.match(watch.stdout, /100% Active: Ready/);
    const json = JSON.parse((await run(['runtime', 'status', '-o', 'json'], env)).stdout);
    assert.equal(json.progress, 100);

    const kc = await run(['kubeconfig'], env);
    assert.equal(kc.code, 0, kc.stderr);
    writeFileSync(join(dir, 'tenant.kubeconfig'), kc.stdout);
    const ns = await kubectl(kubectlPath()!, join(dir, 'tenant.kubeconfig'), ['get', 'namespace', 'argocd', '-o', 'name']);
    assert.equal(ns.stdout.trim(), 'namespace/argocd', ns.stderr);

    const del = await run(['runtime', 'delete', '--timeout', '60'], env);
    assert.equal(del.code, 0, del.stderr);
    assert.match(del.stdout, /runtime deleted/);
    const gone = await run(['runtime', 'status'], env);
    assert.match(gone.stderr, /no runtime installed/);
  });

  it('keeps the admin form of kubeconfig', async () => {
    const r = await run(['kubeconfig', 'root'], env);
    assert.equal(r.code, 0, r.stderr);
    writeFileSync(join(dir, 'root.kubeconfig'), r.stdout);
    const k = await kubectl(kubectlPath()!, join(dir, 'root.kubeconfig'), ['get', 'secrets', '-n', 'marina-system', '-l', 'portal.marina.io/kind=account', '-o', 'name']);
    assert.equal(k.stdout.trim(), 'secret/account-cli-tenant');
  });
});
