/** Sign-up, login, logout, the current session and API tokens. */
import type { ServerResponse, IncomingMessage } from 'node:http';
import type { Account } from '../accounts/store.ts';
import { checkLogin, checkSignup } from '../accounts/validate.ts';
import { conflict, invalidFields, PortalError, tooManyRequests } from '../errors.ts';
import type { Ctx } from './context.ts';
import { clientAddress, overTls, sendJson } from './http.ts';
import { SESSION_COOKIE, type ApiRoute } from './router.ts';
import type { ApiToken, Session } from './types.ts';

const TOKEN_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

function sessionCookie(req: IncomingMessage, value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${overTls(req) ? '; Secure' : ''}`;
}

async function startSession(ctx: Ctx, account: Account, status: number): Promise<void> {
  const { cookie, session } = await ctx.deps.accounts.newSession(account);
  const maxAge = Math.floor((Date.parse(session.expiresAt) - Date.now()) / 1000);
  const body: Session = { email: account.email, tenant: account.tenant, role: account.role, csrfToken: session.csrfToken };
  sendJson(ctx.res, status, body, { 'Set-Cookie': sessionCookie(ctx.req, cookie, maxAge) });
}

function limit(ctx: Ctx, which: 'signupLimit' | 'loginLimit'): void {
  const retry = ctx.deps[which].hit(clientAddress(ctx.req));
  if (retry !== undefined) throw tooManyRequests(retry);
}

async function signup(ctx: Ctx): Promise<void> {
  limit(ctx, 'signupLimit');
  const r = checkSignup(await ctx.body());
  if ('fields' in r) throw invalidFields(r.fields);
  await tenantNameFree(ctx, r.ok.tenant);
  const account = await ctx.deps.accounts.create(r.ok.email, r.ok.password, r.ok.tenant);
  await startSession(ctx, account, 201);
}

/**
 * A tenant name is taken by an account (the account Secret's name, checked atomically on create), but also by
 * a logical cluster of that name or a runtime claim for it in the hub repository that no account owns: a new
 * account must never inherit a cluster or claim someone else made.
 */
async function tenantNameFree(ctx: Ctx, tenant: string): Promise<void> {
  const taken = () => conflict(`tenant "${tenant}" is already taken`, { tenant: `tenant "${tenant}" is already taken` });
  if (await ctx.deps.authn.clusterUid(tenant)) throw taken();
  if (ctx.deps.hubRepo && ctx.deps.claims && (await ctx.deps.hubRepo.read(ctx.deps.claims.path(tenant))) !== undefined) throw taken();
}

async function login(ctx: Ctx): Promise<void> {
  limit(ctx, 'loginLimit');
  const r = checkLogin(await ctx.body());
  if ('fields' in r) throw invalidFields(r.fields);
  const account = await ctx.deps.accounts.verifyLogin(r.ok.email, r.ok.password);
  if (!account) throw new PortalError(401, 'Unauthorized', 'invalid email or password');
  await startSession(ctx, account, 200);
}

/** Ends the session (cookie) or revokes the API token the request was made with. */
async function logout(ctx: Ctx): Promise<void> {
  const p = ctx.principal!;
  if (p.session) await ctx.deps.accounts.deleteSession(p.session.id);
  if (p.token) await ctx.deps.accounts.deleteToken(p.account.tenant, p.token);
  end(ctx.res, 204, { 'Set-Cookie': sessionCookie(ctx.req, '', 0) });
}

async function session(ctx: Ctx): Promise<void> {
  const { account, session: s } = ctx.principal!;
  const body: Session = { email: account.email, tenant: account.tenant, role: account.role, csrfToken: s?.csrfToken ?? '' };
  sendJson(ctx.res, 200, body);
}

async function listTokens(ctx: Ctx): Promise<void> {
  sendJson(ctx.res, 200, (await ctx.deps.accounts.tokens(ctx.principal!.account.tenant)) satisfies ApiToken[]);
}

async function createToken(ctx: Ctx): Promise<void> {
  const b = (await ctx.body()) as { name?: unknown };
  if (typeof b?.name !== 'string' || !TOKEN_NAME.test(b.name)) {
    throw invalidFields({ name: 'name is required: 1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit' });
  }
  sendJson(ctx.res, 201, await ctx.deps.accounts.newToken(ctx.principal!.account, b.name));
}

async function deleteToken(ctx: Ctx): Promise<void> {
  await ctx.deps.accounts.deleteToken(ctx.principal!.account.tenant, ctx.params.name!);
  end(ctx.res, 204);
}

export function end(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end();
}

export const accountRoutes: ApiRoute[] = [
  { method: 'POST', path: '/api/v1/signup', access: 'public', handler: signup },
  { method: 'POST', path: '/api/v1/login', access: 'public', handler: login },
  { method: 'POST', path: '/api/v1/logout', access: 'user', handler: logout },
  { method: 'GET', path: '/api/v1/session', access: 'user', handler: session },
  { method: 'GET', path: '/api/v1/tokens', access: 'user', handler: listTokens },
  { method: 'POST', path: '/api/v1/tokens', access: 'user', handler: createToken },
  { method: 'DELETE', path: '/api/v1/tokens/:name', access: 'user', handler: deleteToken },
];
