/**
 * The tenant's hosted runtime: install and delete commit the claim (or its removal) to the hub repository with
 * the account as author; status, events and the kubeconfig read the real state (runtime/status.ts).
 */
import { stringify } from 'yaml';
import { notFound, PortalError, unavailable } from '../errors.ts';
import { currentStatus, notInstalled, tenantCluster } from '../runtime/observe.ts';
import type { Ctx, PortalDeps } from './context.ts';
import { sendJson, sendText } from './http.ts';
import type { ApiRoute } from './router.ts';
import type { RuntimeStatus } from './types.ts';

const HEARTBEAT_MS = 25_000;
const DEBOUNCE_MS = 25;

function repo(deps: PortalDeps) {
  if (!deps.hubRepo || !deps.claims) throw unavailable('the hub repository is not available on this hub, so runtimes cannot be installed through the portal');
  return { hubRepo: deps.hubRepo, claims: deps.claims };
}

async function status(ctx: Ctx): Promise<void> {
  const s = await currentStatus(ctx.deps, ctx.principal!.account);
  if (!s) throw notFound('no runtime installed: POST /api/v1/runtime installs one');
  sendJson(ctx.res, 200, s);
}

async function install(ctx: Ctx): Promise<void> {
  const { hubRepo, claims } = repo(ctx.deps);
  const account = ctx.principal!.account;
  const path = claims.path(account.tenant);
  if ((await hubRepo.read(path)) === undefined) {
    const sha = await hubRepo.commit(
      { [path]: stringify(claims.claim(account.tenant)) },
      { author: { name: account.email, email: account.email }, message: `Install the hosted runtime of tenant ${account.tenant}\n\nRequested by ${account.email} through the Marina portal.` },
    );
    await ctx.deps.accounts.setRuntimeCommit(account.tenant, sha);
    account.runtimeCommit = sha;
    ctx.deps.events.notify(account.tenant);
  }
  sendJson(ctx.res, 202, (await currentStatus(ctx.deps, account)) ?? notInstalled(account.tenant));
}

async function remove(ctx: Ctx): Promise<void> {
  const { hubRepo, claims } = repo(ctx.deps);
  const account = ctx.principal!.account;
  const path = claims.path(account.tenant);
  const before = await currentStatus(ctx.deps, account);
  if (!before) throw notFound('no runtime installed');
  if ((await hubRepo.read(path)) !== undefined) {
    const sha = await hubRepo.commit({ [path]: null }, { author: { name: account.email, email: account.email }, message: `Delete the hosted runtime of tenant ${account.tenant}\n\nRequested by ${account.email} through the Marina portal.` });
    await ctx.deps.accounts.setRuntimeCommit(account.tenant, sha);
    account.runtimeCommit = sha;
    ctx.deps.events.notify(account.tenant);
  }
  sendJson(ctx.res, 202, (await currentStatus(ctx.deps, account)) ?? notInstalled(account.tenant));
}

/** Server-sent events: the status now, then on every store change that concerns the tenant. */
async function events(ctx: Ctx): Promise<void> {
  const { res, deps } = ctx;
  const account = ctx.principal!.account;
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  let last = '';
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  let closed = false;
  const push = async () => {
    if (running) return void (again = true);
    running = true;
    try {
      do {
        again = false;
        const s: RuntimeStatus = (await currentStatus(deps, account).catch(() => undefined)) ?? notInstalled(account.tenant);
        const json = JSON.stringify(s);
        if (json !== last && !closed) {
          last = json;
          res.write(`event: status\ndata: ${json}\n\n`);
        }
      } while (again && !closed);
    } finally {
      running = false;
    }
  };
  const schedule = () => {
    if (!timer) timer = setTimeout(() => ((timer = undefined), void push()), DEBOUNCE_MS);
  };
  const stop = deps.events.listen(account.tenant, schedule);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  res.on('close', () => {
    closed = true;
    stop();
    clearInterval(heartbeat);
    if (timer) clearTimeout(timer);
  });
  res.write('retry: 2000\n\n');
  await push();
}

/** A kubeconfig for the tenant's logical cluster: a token for the account as that cluster's admin. */
async function kubeconfig(ctx: Ctx): Promise<void> {
  const account = ctx.principal!.account;
  const lc = await tenantCluster(ctx.deps, account.tenant);
  if (!lc) throw new PortalError(409, 'Conflict', 'the runtime is not ready yet: its virtual cluster does not exist');
  const cuid = await ctx.deps.authn.clusterUid(account.tenant);
  if (!cuid) throw new PortalError(409, 'Conflict', 'the runtime is not ready yet: its virtual cluster does not exist');
  const token = ctx.deps.issuer.sign({ sub: account.email, grp: ['system:masters', 'marina:tenants'], cl: account.tenant, cuid });
  const yaml = ctx.deps.kubeconfig(account.tenant, token, account.email);
  sendText(ctx.res, 200, yaml, { 'Content-Type': 'text/yaml; charset=utf-8', 'Content-Disposition': `attachment; filename="${account.tenant}.kubeconfig"` });
}

export const runtimeRoutes: ApiRoute[] = [
  { method: 'GET', path: '/api/v1/runtime', access: 'user', handler: status },
  { method: 'POST', path: '/api/v1/runtime', access: 'user', handler: install },
  { method: 'DELETE', path: '/api/v1/runtime', access: 'user', handler: remove },
  { method: 'GET', path: '/api/v1/runtime/events', access: 'user', handler: events },
  { method: 'GET', path: '/api/v1/runtime/kubeconfig', access: 'user', handler: kubeconfig },
];
