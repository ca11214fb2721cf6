/**
 * TLS for the hub. Kubernetes clients (client-go, so kubectl) never send a bearer token over plain
 * HTTP, so the API is served over HTTPS with a self-signed certificate that kubeconfigs trust through
 * `certificate-authority-data`. One port serves both protocols: a connection whose first byte is a TLS
 * handshake goes to the HTTPS server, anything else to plain HTTP (the portal on a laptop, curl).
 */
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createHttpServer, type RequestListener, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  cert: string;
  key: string;
}

/** A self-signed certificate valid for the loopback names and any extra host names given. */
export async function selfSignedCertificate(hosts: string[] = []): Promise<TlsMaterial> {
  const ips = ['127.0.0.1', '::1', ...hosts.filter((h) => /^[\d.:]+$/.test(h))];
  const dns = ['localhost', ...hosts.filter((h) => !/^[\d.:]+$/.test(h))];
  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 10);
  const pems = await generate([{ name: 'commonName', value: 'marina-hub' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: notAfter,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...dns.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

export interface DualServer {
  net: NetServer;
  http: HttpServer;
  https: HttpsServer;
  closeAllConnections(): void;
}

export function dualProtocolServer(tls: TlsMaterial, handler: RequestListener): DualServer {
  const opts = { keepAliveTimeout: 65_000, requestTimeout: 0 };
  const http = createHttpServer(opts, handler);
  const https = createHttpsServer({ ...opts, cert: tls.cert, key: tls.key }, handler);
  // The http/https servers never listen themselves, so they do not track these sockets: we do.
  const sockets = new Set<Socket>();
  const net = createNetServer((socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      // 0x16 starts a TLS handshake record.
      (first[0] === 0x16 ? https : http).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  return {
    net,
    http,
    https,
    closeAllConnections() {
      for (const s of sockets) s.destroy();
    },
  };
}
