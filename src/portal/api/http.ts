/** Small HTTP helpers for the portal API: JSON bodies, replies, cookies, the client's address. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { PortalError } from '../errors.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export async function readJson(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > max) throw new PortalError(413, 'RequestEntityTooLarge', `the request body exceeds ${max} bytes`);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PortalError(400, 'Invalid', `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': payload.length, 'Cache-Control': 'no-store', ...headers });
  res.end(payload);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(text);
  res.writeHead(status, { 'Content-Length': payload.length, 'Cache-Control': 'no-store', ...headers });
  res.end(payload);
}

export function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) return void res.destroy();
  if (e instanceof PortalError) return sendJson(res, e.status, e.body, e.headers);
  sendJson(res, 500, { reason: 'Internal', message: `internal error: ${(e as Error).message}` });
}

export function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Whether the request reached the hub over TLS (the cookie is then marked Secure). */
export const overTls = (req: IncomingMessage) => Boolean((req.socket as TLSSocket).encrypted);

/** The client's address, the key of the sign-up and login rate limits. */
export const clientAddress = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';
