/**
 * The portal API's router: a table of (method, path pattern, access, handler). Authentication happens here
 * once, before any handler runs: a bearer API token or the session cookie; state-changing requests made with
 * the cookie must carry `X-CSRF-Token`; admin routes need the admin role.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { forbidden, notFound, PortalError, unauthorized } from '../errors.ts';
import type { Ctx, PortalDeps, Principal } from './context.ts';
import { cookies, readJson, sendError } from './http.ts';

export const API_PREFIX = '/api/v1/';
export const SESSION_COOKIE = 'marina_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type Access = 'public' | 'user' | 'admin';
export interface ApiRoute {
  method: string;
  /** `/api/v1/applications/:name`; parameters match one path segment. */
  path: string;
  access: Access;
  handler(ctx: Ctx): Promise<void>;
}

interface Compiled extends ApiRoute {
  re: RegExp;
  names: string[];
}

function compile(r: ApiRoute): Compiled {
  const names: string[] = [];
  const re = new RegExp(`^${r.path.replace(/:([a-zA-Z]+)/g, (_, n: string) => (names.push(n), '([^/]+)'))}/?$`);
  return { ...r, re, names };
}

export async function authenticate(req: IncomingMessage, deps: PortalDeps): Promise<Principal | undefined> {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const t = m ? await deps.accounts.token(m[1]!) : undefined;
    if (!t) throw unauthorized('invalid or revoked API token');
    const account = await deps.accounts.byTenant(t.tenant);
    if (!account || account.email !== t.email) throw unauthorized('invalid or revoked API token');
    return { account, token: t.name };
  }
  const cookie = cookies(req)[SESSION_COOKIE];
  if (!cookie) return undefined;
  const session = await deps.accounts.session(cookie);
  if (!session) return undefined;
  const account = await deps.accounts.byTenant(session.tenant);
  if (!account || account.email !== session.email) return undefined;
  return { account, session };
}

function checkCsrf(req: IncomingMessage, p: Principal): void {
  if (!p.session || SAFE_METHODS.has(req.method ?? 'GET')) return;
  const given = Buffer.from(String(req.headers['x-csrf-token'] ?? ''));
  const want = Buffer.from(p.session.csrfToken);
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    throw forbidden('missing or invalid X-CSRF-Token header (send the csrfToken of GET /api/v1/session)');
  }
}

/** The hub route serving `/api/v1/...`: true when it answered. */
export function apiRoute(deps: PortalDeps, routes: ApiRoute[]): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  const table = routes.map(compile);
  return async (req, res, url) => {
    if (!url.pathname.startsWith(API_PREFIX)) return false;
    try {
      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      let match: { r: Compiled; m: RegExpExecArray } | undefined;
      let pathMatched = false;
      for (const r of table) {
        const m = r.re.exec(url.pathname);
        if (!m) continue;
        pathMatched = true;
        if (r.method === method) {
          match = { r, m };
          break;
        }
      }
      if (!match) throw pathMatched ? new PortalError(405, 'MethodNotAllowed', `${method} is not allowed on ${url.pathname}`) : notFound(`no such API endpoint: ${url.pathname}`);
      const params: Record<string, string> = {};
      match.r.names.forEach((n, i) => (params[n] = decodeURIComponent(match!.m[i + 1]!)));
      let body: Promise<unknown> | undefined;
      const ctx: Ctx = { req, res, url, params, deps, body: () => (body ??= readJson(req)) };
      if (match.r.access !== 'public') {
        const p = await authenticate(req, deps);
        if (!p) throw unauthorized();
        checkCsrf(req, p);
        if (match.r.access === 'admin' && p.account.role !== 'admin') throw forbidden('this endpoint needs the admin role');
        ctx.principal = p;
      }
      await match.r.handler(ctx);
    } catch (e) {
      sendError(res, e);
    }
    return true;
  };
}
