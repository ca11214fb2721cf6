/** A small portal API client for tests: a cookie jar and the CSRF token, or a bearer API token. */
import type { ApiError, Session } from '../../src/portal/api/types.ts';

export interface Reply<T = any> {
  status: number;
  json: T;
  text: string;
  headers: Headers;
}

export class PortalClient {
  cookie?: string;
  csrf?: string;
  token?: string;

  constructor(readonly base: string) {}

  static forHub(url: string): PortalClient {
    return new PortalClient(url.replace(/^https:/, 'http:'));
  }

  async call<T = any>(method: string, path: string, body?: unknown, opts: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf && opts.csrf !== false && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    const res = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const v = /^marina_session=([^;]*)/.exec(setCookie)?.[1];
      this.cookie = v ? `marina_session=${v}` : undefined;
    }
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (json && typeof json.csrfToken === 'string' && json.csrfToken) this.csrf = json.csrfToken;
    return { status: res.status, json, text, headers: res.headers };
  }

  async signup(email: string, password: string, tenant?: string): Promise<Reply<Session & Partial<ApiError>>> {
    return this.call('POST', '/api/v1/signup', { email, password, ...(tenant ? { tenant } : {}) });
  }

  async login(email: string, password: string): Promise<Reply<Session & Partial<ApiError>>> {
    return this.call('POST', '/api/v1/login', { email, password });
  }
}

/** Reads server-sent events from a response body until `until` returns true or the time runs out. */
export async function readEvents<T>(url: string, headers: Record<string, string>, until: (e: T) => boolean, timeoutMs = 20_000): Promise<T[]> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const seen: T[] = [];
  try {
    const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: ac.signal });
    if (res.status !== 200) throw new Error(`events: HTTP ${res.status} ${await res.text()}`);
    const decoder = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += decoder.decode(chunk, { stream: true });
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (!data) continue;
        const e = JSON.parse(data) as T;
        seen.push(e);
        if (until(e)) return seen;
      }
    }
    throw new Error('event stream ended');
  } catch (e) {
    if (ac.signal.aborted) throw new Error(`timed out after ${timeoutMs} ms; saw ${seen.length} events, last: ${JSON.stringify(seen.at(-1))}`);
    throw e;
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
}

/** Installs the client's runtime through the portal (a hub repository commit) and waits until it is Active. */
export async function installRuntimeViaPortal(c: PortalClient, timeoutMs = 30_000): Promise<void> {
  const r = await c.call('POST', '/api/v1/runtime');
  if (r.status !== 202) throw new Error(`install: ${r.status} ${r.text}`);
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    const s = await c.call('GET', '/api/v1/runtime');
    last = `${s.json?.phase} ${s.json?.progress}% ${s.json?.step}`;
    if (s.json?.phase === 'Active') return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`runtime not Active within ${timeoutMs} ms: ${last}`);
}
