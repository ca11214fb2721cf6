/**
 * What every handler gets: the request, its path parameters, the authenticated principal, and the portal's
 * collaborators. The tenant a handler works on is always `principal.account.tenant`; nothing in a request
 * (path, query or body) can name another tenant.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiCore } from '../../apiserver/core.ts';
import type { KObject, UserInfo } from '../../apiserver/types.ts';
import type { Authenticator } from '../../auth/authn.ts';
import type { TokenIssuer } from '../../auth/tokens.ts';
import { InProcessClient, type ClusterClient } from '../../client/index.ts';
import type { Store } from '../../storage/store.ts';
import type { Account, AccountStore, SessionRecord } from '../accounts/store.ts';
import type { RateLimiter } from '../accounts/ratelimit.ts';
import type { TenantEvents } from '../runtime/events.ts';

/** The hub repository (src/hub/repo/): the platform's desired state in Git. */
export interface HubRepository {
  readonly url: string;
  commit(changes: Record<string, string | null>, opts: { author: { name: string; email: string }; message: string }): Promise<string>;
  read(path: string): Promise<string | undefined>;
}

/** Where a tenant's HostedRuntime claim lives in the hub repository and what it contains. */
export interface ClaimLayout {
  path(tenant: string): string;
  claim(tenant: string): KObject;
}

export interface PortalDeps {
  store: Store;
  core: ApiCore;
  accounts: AccountStore;
  issuer: TokenIssuer;
  authn: Authenticator;
  /** The hub's public URL. */
  hubUrl: () => string;
  /** A kubeconfig for a logical cluster of this hub with a bearer token (the hub's CA trusted). */
  kubeconfig(cluster: string, token: string, user: string): string;
  hubRepo?: HubRepository;
  claims?: ClaimLayout;
  events: TenantEvents;
  signupLimit: RateLimiter;
  loginLimit: RateLimiter;
  /** Whether file:// repositories may be connected by every tenant (tests); else admins only. */
  allowFileRepos?: boolean;
}

export interface Principal {
  account: Account;
  /** Set when authenticated by the session cookie (state changes then need the CSRF token). */
  session?: SessionRecord;
  /** Set when authenticated by an API token. */
  token?: string;
}

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  deps: PortalDeps;
  principal?: Principal;
  body(): Promise<unknown>;
}

/** Who the portal acts as inside a tenant's own logical cluster: the account, as that cluster's admin. */
export function tenantUser(account: Account): UserInfo {
  return { username: account.email, groups: ['system:masters', 'system:authenticated', 'marina:tenants'] };
}

export function tenantClient(ctx: Ctx): ClusterClient {
  const a = ctx.principal!.account;
  return new InProcessClient(ctx.deps.core, tenantUser(a), 'marina-portal').cluster(a.tenant);
}
