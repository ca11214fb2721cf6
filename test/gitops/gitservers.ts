/**
 * Real Git servers on loopback for credential tests: `git http-backend` behind a small node:http(s) CGI
 * wrapper with Basic auth (and optional TLS with a test CA, optionally requiring a client certificate), and
 * a real `sshd` serving repositories to one authorized key. Port 0 where the server allows it; everything
 * is bounded and torn down by the caller's `close()`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, connect } from 'node:net';
import { join } from 'node:path';

const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend';
export const SSHD = '/usr/sbin/sshd';

export interface Pki {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** A throwaway CA with a server certificate for 127.0.0.1 and a client certificate (openssl CLI, EC keys). */
export function testPki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  const o = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  o('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=marina-test-ca');
  for (const [name, ext] of [['server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth'], ['client', 'extendedKeyUsage=clientAuth']] as const) {
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    o('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? '127.0.0.1' : 'marina-client'}`);
    o('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  }
  const r = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { ca: r('ca.crt'), serverCert: r('server.crt'), serverKey: r('server.key'), clientCert: r('client.crt'), clientKey: r('client.key') };
}

export interface GitHttpServer {
  /** Base URL; a repository `root/x` is at `${url}/x`. */
  url: string;
  /** Requests answered, by status code (how many were refused). */
  codes: number[];
  close(): Promise<void>;
}

/**
 * Serves every repository under `root` through git-http-backend (CGI). With `auth`, requests without those
 * Basic credentials get 401; with `tls`, it is https, and with `tls.requireClientCert` a client certificate
 * signed by `tls.ca` is required.
 */
export async function gitHttpServer(root: string, opts: { auth?: { username: string; password: string }; tls?: { pki: Pki; requireClientCert?: boolean } } = {}): Promise<GitHttpServer> {
  const codes: number[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const reply = (code: number, headers: Record<string, string> = {}, body = '') => {
      codes.push(code);
      res.writeHead(code, headers).end(body);
    };
    if (opts.auth) {
      const want = `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}`;
      if (req.headers.authorization !== want) return reply(401, { 'WWW-Authenticate': 'Basic realm="git"' }, 'authentication required\n');
    }
    const u = new URL(req.url ?? '/', 'http://x');
    const cgi = spawn(HTTP_BACKEND, [], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        GATEWAY_INTERFACE: 'CGI/1.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(u.pathname),
        QUERY_STRING: u.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_ADDR: '127.0.0.1',
        REMOTE_USER: opts.auth?.username ?? '',
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let started = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (started) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      started = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === 'status') status = Number.parseInt(v, 10);
        else headers[k] = v;
      }
      codes.push(status);
      res.writeHead(status, headers);
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => (started ? res.end() : reply(500, {}, 'git-http-backend failed\n')));
    cgi.on('error', () => !started && reply(500, {}, 'git-http-backend failed\n'));
  };
  const tls = opts.tls;
  const server = tls
    ? createHttpsServer({ key: tls.pki.serverKey, cert: tls.pki.serverCert, ca: tls.pki.ca, requestCert: !!tls.requireClientCert, rejectUnauthorized: !!tls.requireClientCert }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    codes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SshServer {
  /** `ssh://<user>@127.0.0.1:<port>`; a repository at absolute path P is at `${url}${P}`. */
  url: string;
  /** The user's private key (OpenSSH format) that the server accepts. */
  privateKey: string;
  /** known_hosts lines for the server's host key (as `ssh-keyscan` prints them, Argo CD's format). */
  knownHosts: string;
  close(): void;
}

/** Why a real sshd cannot run here, or undefined when it can. */
export function sshdUnavailable(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} not installed (scripts/deps.sh --test installs openssh-server)`;
  if (!existsSync('/run/sshd')) {
    try {
      mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation directory
    } catch {
      return '/run/sshd (sshd privilege separation directory) is missing and cannot be created';
    }
  }
  return undefined;
}

/** A real sshd on 127.0.0.1 accepting one generated key for the current user, its host key known to the caller. */
export async function sshServer(dir: string): Promise<SshServer> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'marina-test', '-f', join(dir, file)]);
  keygen('host_key');
  keygen('user_key');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')), { mode: 0o600 });
  const port = await freePort();
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`, 'StrictModes no', 'UsePAM no', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes', 'PermitRootLogin prohibit-password', 'AllowTcpForwarding no', 'X11Forwarding no', 'PrintMotd no',
    ].join('\n') + '\n',
  );
  const proc: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => void (stderr += c.toString()));
  // Ready when it accepts a connection (bounded: 50 tries over 5 s).
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`sshd exited: ${stderr}`);
    if (await canConnect(port)) break;
    if (i >= 50) throw new Error(`sshd did not listen on ${port}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const hostPub = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ');
  const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
  return {
    url: `ssh://${user}@127.0.0.1:${port}`,
    privateKey: readFileSync(join(dir, 'user_key'), 'utf8'),
    knownHosts: `[127.0.0.1]:${port} ${hostPub[0]} ${hostPub[1]}\n`,
    close: () => void proc.kill('SIGKILL'),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}
