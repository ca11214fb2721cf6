/**
 * The tenant's side of the `marina` command, through the portal API: `signup`, `login`, `logout`, `runtime
 * install|status|delete` without a cluster argument, `kubeconfig` without one; and `admin grant|revoke` (the
 * hub admin's, with the data directory's admin kubeconfig). Login stores an API token (never the password) in
 * `$MARINA_CONFIG` or `~/.config/marina/config.json`, mode 0600.
 */
import { Command, Option } from 'commander';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'yaml';
import type { ApiError, ApiToken, RuntimeStatus, Session } from '../portal/api/types.ts';

export interface CliConfig {
  server: string;
  token: string;
  email: string;
  tenant: string;
}

export const configPath = () => process.env.MARINA_CONFIG || join(homedir(), '.config', 'marina', 'config.json');

export function readConfig(): CliConfig | undefined {
  try {
    return JSON.parse(readFileSync(configPath(), 'utf8')) as CliConfig;
  } catch {
    return undefined;
  }
}

function writeConfig(c: CliConfig): void {
  const p = configPath();
  mkdirSync(dirname(p), { recursive: true, mode: 0o700 });
  writeFileSync(p, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
  chmodSync(p, 0o600);
}

class ApiFailure extends Error {
  constructor(readonly status: number, readonly body: ApiError | undefined, text: string) {
    const fields = body?.fields ? Object.entries(body.fields).map(([k, v]) => `\n  ${k}: ${v}`).join('') : '';
    super(body?.message ? `${body.message}${body.fields ? fields : ''}` : `HTTP ${status}: ${text.slice(0, 200)}`);
  }
}

async function request<T>(server: string, method: string, path: string, opts: { token?: string; cookie?: string; csrf?: string; body?: unknown } = {}): Promise<{ json: T; text: string; headers: Headers }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.Cookie = opts.cookie;
  if (opts.csrf) headers['X-CSRF-Token'] = opts.csrf;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.replace(/\/+$/, '')}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) throw new ApiFailure(res.status, json, text);
  return { json, text, headers: res.headers };
}

async function readPassword(o: { passwordStdin?: boolean }): Promise<string> {
  if (process.env.MARINA_PASSWORD) return process.env.MARINA_PASSWORD;
  if (o.passwordStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  // Interactive: read without echo.
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  process.stderr.write('Password: ');
  out._writeToOutput = () => undefined;
  const pw = await new Promise<string>((r) => rl.question('', r));
  rl.close();
  process.stderr.write('\n');
  return pw;
}

/** Signs up or logs in with the password, trades the browser session for an API token, and saves it. */
async function loginFlow(server: string, path: '/api/v1/signup' | '/api/v1/login', body: Record<string, string>): Promise<CliConfig> {
  const r = await request<Session>(server, 'POST', path, { body });
  const cookie = /^marina_session=[^;]*/.exec(r.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('the hub answered without a session');
  const name = `cli-${hostname().replace(/[^A-Za-z0-9-]/g, '-').slice(0, 30)}-${Date.now().toString(36)}`;
  const t = await request<ApiToken>(server, 'POST', '/api/v1/tokens', { cookie, csrf: r.json.csrfToken, body: { name } });
  await request(server, 'POST', '/api/v1/logout', { cookie, csrf: r.json.csrfToken }).catch(() => undefined);
  const c: CliConfig = { server, token: t.json.token!, email: r.json.email, tenant: r.json.tenant };
  writeConfig(c);
  return c;
}

/** The server for tenant commands: --server / MARINA_SERVER when given, else the one logged in to. */
function tenantContext(cmd: Command): CliConfig {
  const c = readConfig();
  if (!c?.token) throw new Error(`not logged in (no token in ${configPath()}): run marina login`);
  const src = cmd.getOptionValueSource('server');
  const server = src === 'cli' || src === 'env' ? (cmd.opts().server as string) : c.server;
  return { ...c, server };
}

const serverOption = () => new Option('--server <url>', 'the hub to talk to').env('MARINA_SERVER').default('http://127.0.0.1:8080');

// ---- runtime, for the logged-in tenant ----------------------------------------------------------------------

export function progressLine(s: RuntimeStatus): string {
  const width = 20;
  const done = Math.round((s.progress / 100) * width);
  return `[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${String(s.progress).padStart(3)}% ${s.phase}: ${s.step}`;
}

export function statusText(s: RuntimeStatus): string {
  const rows = [
    ['NAME', s.name],
    ['TYPE', s.type],
    ['PHASE', s.phase],
    ['PROGRESS', `${s.progress}% ${s.step}`],
    ['CLUSTER', s.cluster],
    ['NAMESPACE', s.namespace],
    ['VERSION', s.version],
    ...(s.commit ? [['COMMIT', s.commit]] : []),
    ['MANAGED CLUSTERS', String(s.managedClusters)],
  ];
  const lines = rows.map(([k, v]) => `${(k! + ':').padEnd(18)}${v}`);
  if (s.components.length) {
    lines.push('COMPONENTS:');
    for (const c of s.components) lines.push(`  ${c.kind.padEnd(16)} ${c.name.padEnd(36)} ${c.syncStatus.padEnd(9)} ${c.healthStatus}${c.message ? `  ${c.message}` : ''}`);
  }
  return lines.join('\n');
}

/** Follows GET /api/v1/runtime/events, printing a progress line, until `done(status)` or the timeout. */
export async function followRuntime(c: CliConfig, done: (s: RuntimeStatus) => boolean, timeoutMs: number): Promise<RuntimeStatus> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const tty = process.stdout.isTTY;
  let last: RuntimeStatus | undefined;
  let lastLine = '';
  try {
    const res = await fetch(`${c.server.replace(/\/+$/, '')}/api/v1/runtime/events`, { headers: { Authorization: `Bearer ${c.token}`, Accept: 'text/event-stream' }, signal: ac.signal });
    if (!res.ok) throw new ApiFailure(res.status, (await res.json().catch(() => undefined)) as ApiError | undefined, '');
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const data = buf.slice(0, i).split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        buf = buf.slice(i + 2);
        if (!data) continue;
        last = JSON.parse(data) as RuntimeStatus;
        const line = progressLine(last);
        if (line !== lastLine) process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
        lastLine = line;
        if (done(last)) return last;
      }
    }
    throw new Error('the event stream ended');
  } catch (e) {
    if (ac.signal.aborted) throw new Error(`timed out after ${timeoutMs / 1000}s${last ? ` (${last.phase}, ${last.progress}%: ${last.step})` : ''}`);
    throw e;
  } finally {
    if (tty && lastLine) process.stdout.write('\n');
    clearTimeout(timer);
    ac.abort();
  }
}

export async function tenantRuntimeInstall(cmd: Command, o: { wait: boolean; timeout: string }): Promise<void> {
  const c = tenantContext(cmd);
  const r = await request<RuntimeStatus>(c.server, 'POST', '/api/v1/runtime', { token: c.token });
  console.log(`runtime of tenant "${c.tenant}" requested${r.json.commit ? ` (hub repository commit ${r.json.commit.slice(0, 12)})` : ''}`);
  if (!o.wait) return;
  const s = await followRuntime(c, (x) => x.phase === 'Active', Number(o.timeout) * 1000);
  console.log(`runtime "${s.name}" is ${s.phase}: kubeconfig with \`marina kubeconfig > ${c.tenant}.kubeconfig\``);
}

export async function tenantRuntimeStatus(cmd: Command, o: { watch?: boolean; output?: string; timeout: string }): Promise<void> {
  const c = tenantContext(cmd);
  if (o.watch) {
    await followRuntime(c, (x) => x.phase === 'Active' || x.phase === 'NotInstalled', Number(o.timeout) * 1000);
    return;
  }
  const r = await request<RuntimeStatus>(c.server, 'GET', '/api/v1/runtime', { token: c.token });
  console.log(o.output === 'json' ? JSON.stringify(r.json, null, 2) : statusText(r.json));
}

export async function tenantRuntimeDelete(cmd: Command, o: { wait: boolean; timeout: string }): Promise<void> {
  const c = tenantContext(cmd);
  await request(c.server, 'DELETE', '/api/v1/runtime', { token: c.token });
  console.log(`deletion of the runtime of tenant "${c.tenant}" requested`);
  if (!o.wait) return;
  await followRuntime(c, (x) => x.phase === 'NotInstalled', Number(o.timeout) * 1000);
  console.log('runtime deleted');
}

export async function tenantKubeconfig(cmd: Command): Promise<void> {
  const c = tenantContext(cmd);
  const r = await request(c.server, 'GET', '/api/v1/runtime/kubeconfig', { token: c.token });
  process.stdout.write(r.text);
}

// ---- commands ----------------------------------------------------------------------------------------------

export function registerPortalCommands(program: Command): void {
  program
    .command('signup')
    .description('create an account (and its tenant) on a hub and log in; the password is read from MARINA_PASSWORD, stdin or a prompt')
    .requiredOption('--email <email>', 'your email address')
    .option('--tenant <name>', 'the tenant (logical cluster) name; default: from the email')
    .option('--password-stdin', 'read the password from stdin')
    .addOption(serverOption())
    .action(async (o) => {
      const password = await readPassword(o);
      const c = await loginFlow(o.server, '/api/v1/signup', { email: o.email, password, ...(o.tenant ? { tenant: o.tenant } : {}) });
      console.log(`signed up as ${c.email}, tenant "${c.tenant}"; API token saved in ${configPath()}`);
    });
  program
    .command('login')
    .description('log in to a hub; stores an API token in $MARINA_CONFIG or ~/.config/marina/config.json (mode 0600)')
    .requiredOption('--email <email>', 'your email address')
    .option('--password-stdin', 'read the password from stdin')
    .addOption(serverOption())
    .action(async (o) => {
      const password = await readPassword(o);
      const c = await loginFlow(o.server, '/api/v1/login', { email: o.email, password });
      console.log(`logged in as ${c.email}, tenant "${c.tenant}"; API token saved in ${configPath()}`);
    });
  program
    .command('logout')
    .description('revoke the stored API token and forget it')
    .action(async () => {
      const c = readConfig();
      if (c?.token) await request(c.server, 'POST', '/api/v1/logout', { token: c.token }).catch((e) => console.error(`warning: ${(e as Error).message}`));
      if (existsSync(configPath())) rmSync(configPath());
      console.log('logged out');
    });

  const admin = program.command('admin').description("hub administration with the data directory's admin credentials");
  for (const [verb, role] of [['grant', 'admin'], ['revoke', 'user']] as const) {
    admin
      .command(`${verb} <email>`)
      .description(verb === 'grant' ? 'give an account the admin role of the portal' : 'take the admin role back')
      .addOption(serverOption())
      .addOption(new Option('--data-dir <dir>', 'data directory (admin credentials)').env('MARINA_DATA_DIR').default('.marina'))
      .action(async (email: string, o: { server: string; dataDir: string }) => {
        await setRole(o, email.trim().toLowerCase(), role);
        console.log(`${email}: role ${role}`);
      });
  }
}

/** Sets the account Secret's role label in root's marina-system, found through the email index Secret. */
async function setRole(o: { server: string; dataDir: string }, email: string, role: 'admin' | 'user'): Promise<void> {
  let token: string;
  try {
    token = parse(readFileSync(join(resolve(o.dataDir), 'admin.kubeconfig'), 'utf8')).users[0].user.token;
  } catch {
    throw new Error(`no admin credentials in ${resolve(o.dataDir)} (is the hub running with this --data-dir?)`);
  }
  const base = '/clusters/root/api/v1/namespaces/marina-system/secrets';
  const idx = createHash('sha256').update(email).digest('hex').slice(0, 40);
  const index = await request<{ data: Record<string, string> }>(o.server, 'GET', `${base}/email-${idx}`, { token }).catch((e) => {
    throw e instanceof ApiFailure && e.status === 404 ? new Error(`no account with email ${email}`) : e;
  });
  const tenant = Buffer.from(index.json.data.tenant ?? '', 'base64').toString();
  const res = await fetch(`${o.server.replace(/\/+$/, '')}${base}/account-${tenant}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/merge-patch+json', Accept: 'application/json' },
    body: JSON.stringify({ metadata: { labels: { 'portal.marina.io/role': role } } }),
  });
  if (!res.ok) throw new Error(`updating account-${tenant}: ${res.status} ${(await res.text()).slice(0, 200)}`);
}
