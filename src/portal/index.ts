/**
 * The portal: accounts (src/portal/accounts/) and the JSON API under /api/v1/ (src/portal/api/), served on
 * the hub's port as one of `hub.routes`. Documented in docs/portal-api.md.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiCore } from '../apiserver/core.ts';
import { ROOT_CLUSTER } from '../apiserver/registry.ts';
import type { Authenticator } from '../auth/authn.ts';
import type { TokenIssuer } from '../auth/tokens.ts';
import { InProcessClient } from '../client/index.ts';
import type { Store } from '../storage/store.ts';
import { RateLimiter, type RateLimit } from './accounts/ratelimit.ts';
import { AccountStore, PORTAL_USER } from './accounts/store.ts';
import { accountRoutes } from './api/accounts.ts';
import { applicationRoutes } from './api/applications.ts';
import { connectionRoutes } from './api/connections.ts';
import type { ClaimLayout, HubRepository, PortalDeps } from './api/context.ts';
import { dashboardRoutes } from './api/dashboard.ts';
import { apiRoute } from './api/router.ts';
import { runtimeRoutes } from './api/runtime.ts';
import { TenantEvents } from './runtime/events.ts';

export { AccountStore, PORTAL_NAMESPACE, LABEL_ROLE, LABEL_EMAIL, LABEL_KIND, emailHash } from './accounts/store.ts';
export type { ClaimLayout, HubRepository } from './api/context.ts';

export interface PortalOptions {
  /** Sign-ups per client address (default 10 per hour). */
  signupLimit?: RateLimit;
  /** Login attempts per client address (default 10 per minute). */
  loginLimit?: RateLimit;
  /** Let tenants connect file:// repositories (default: the hub's allowLocalRepos). */
  allowFileRepos?: boolean;
  /** Session lifetime (default 7 days). */
  sessionTtlMs?: number;
}

export interface PortalHub {
  store: Store;
  core: ApiCore;
  issuer: TokenIssuer;
  authn: Authenticator;
  hubUrl: () => string;
  kubeconfig(cluster: string, token: string, user: string): string;
  hubRepo?: HubRepository;
  claims?: ClaimLayout;
}

export interface Portal {
  route: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  deps: PortalDeps;
  stop(): void;
}

export async function startPortal(h: PortalHub, opts: PortalOptions = {}): Promise<Portal> {
  const accounts = new AccountStore(new InProcessClient(h.core, PORTAL_USER, 'marina-portal').cluster(ROOT_CLUSTER), opts.sessionTtlMs);
  await accounts.init();
  const claimOf = (tenant: string) => {
    const c = h.claims?.claim(tenant);
    return c ? { namespace: c.metadata.namespace ?? '', name: c.metadata.name ?? '' } : undefined;
  };
  const events = new TenantEvents(h.store, claimOf);
  const deps: PortalDeps = {
    ...h,
    accounts,
    events,
    signupLimit: new RateLimiter(opts.signupLimit ?? { limit: 10, windowMs: 3600_000 }),
    loginLimit: new RateLimiter(opts.loginLimit ?? { limit: 10, windowMs: 60_000 }),
    allowFileRepos: opts.allowFileRepos,
  };
  const route = apiRoute(deps, [...accountRoutes, ...runtimeRoutes, ...connectionRoutes, ...applicationRoutes, ...dashboardRoutes]);
  return { route, deps, stop: () => events.stop() };
}
