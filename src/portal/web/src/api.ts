/**
 * The portal API client: typed with the wire types the server uses (src/portal/api/types.ts). Same-origin
 * requests with the session cookie; state-changing requests carry `X-CSRF-Token` from the session.
 */
import type {
  ApiError,
  ApplicationDetail,
  ApplicationRequest,
  ApplicationSummary,
  ApiToken,
  ClusterRequest,
  Dashboard,
  GitProvider,
  GitProviderRequest,
  LoginRequest,
  ManagedCluster,
  ResourceDiff,
  RuntimeStatus,
  Session,
  SignupRequest,
  TenantRow,
} from '../../api/types.ts';

export type * from '../../api/types.ts';

/** A failed request: the HTTP status and the server's ApiError body (or one made up for network errors). */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
  get fields(): Record<string, string> {
    return this.body.fields ?? {};
  }
}

let csrfToken = '';
/** Called with the session after signup, login and the first GET /session. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when any request answers 401: the app goes back to the login page. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(f: () => void): void {
  onUnauthorized = f;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new RequestError(0, { reason: 'Unavailable', message: 'Cannot reach Marina. Check your connection and try again.' });
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = isApiError(data) ? data : { reason: res.status === 404 ? 'NotFound' : 'Internal', message: `${res.status} ${res.statusText || 'request failed'}` };
    if (res.status === 401 && path !== '/login' && path !== '/session') onUnauthorized();
    throw new RequestError(res.status, err);
  }
  return data as T;
}

function isApiError(x: unknown): x is ApiError {
  return typeof x === 'object' && x !== null && typeof (x as ApiError).message === 'string';
}

/** Lists answer either a bare array or `{ items: [...] }`; the UI accepts both. */
function list<T>(x: T[] | { items?: T[] } | undefined): T[] {
  if (Array.isArray(x)) return x;
  return x?.items ?? [];
}

const enc = encodeURIComponent;

export const api = {
  session: () => request<Session>('GET', '/session'),
  signup: (r: SignupRequest) => request<Session>('POST', '/signup', r),
  login: (r: LoginRequest) => request<Session>('POST', '/login', r),
  logout: () => request<unknown>('POST', '/logout', {}),
  tokens: async () => list(await request<ApiToken[] | { items: ApiToken[] }>('GET', '/tokens')),
  createToken: (name: string) => request<ApiToken>('POST', '/tokens', { name }),
  revokeToken: (name: string) => request<unknown>('DELETE', `/tokens/${enc(name)}`),

  runtime: async (): Promise<RuntimeStatus | null> => {
    try {
      return await request<RuntimeStatus>('GET', '/runtime');
    } catch (e) {
      if (e instanceof RequestError && e.status === 404) return null;
      throw e;
    }
  },
  installRuntime: () => request<RuntimeStatus>('POST', '/runtime', {}),
  uninstallRuntime: () => request<RuntimeStatus>('DELETE', '/runtime'),
  kubeconfigUrl: '/api/v1/runtime/kubeconfig',
  runtimeEventsUrl: '/api/v1/runtime/events',

  gitProviders: async () => list(await request<GitProvider[] | { items: GitProvider[] }>('GET', '/git-providers')),
  connectGit: (r: GitProviderRequest) => request<GitProvider>('POST', '/git-providers', r),
  disconnectGit: (name: string) => request<unknown>('DELETE', `/git-providers/${enc(name)}`),

  clusters: async () => list(await request<ManagedCluster[] | { items: ManagedCluster[] }>('GET', '/clusters')),
  connectCluster: (r: ClusterRequest) => request<ManagedCluster>('POST', '/clusters', r),
  disconnectCluster: (name: string) => request<unknown>('DELETE', `/clusters/${enc(name)}`),

  applications: async () => list(await request<ApplicationSummary[] | { items: ApplicationSummary[] }>('GET', '/applications')),
  application: (name: string) => request<ApplicationDetail>('GET', `/applications/${enc(name)}`),
  diff: async (name: string) => list(await request<ResourceDiff[] | { items: ResourceDiff[] }>('GET', `/applications/${enc(name)}/diff`)),
  createApplication: (r: ApplicationRequest) => request<ApplicationSummary>('POST', '/applications', r),
  syncApplication: (name: string) => request<ApplicationSummary>('POST', `/applications/${enc(name)}/sync`, {}),
  refreshApplication: (name: string) => request<ApplicationSummary>('POST', `/applications/${enc(name)}/refresh`, {}),
  deleteApplication: (name: string) => request<unknown>('DELETE', `/applications/${enc(name)}`),

  dashboard: () => request<Dashboard>('GET', '/dashboard'),
  tenants: async () => list(await request<TenantRow[] | { items: TenantRow[] }>('GET', '/admin/tenants')),
};

/** A message fit to show a person, whatever was thrown. */
export function messageOf(e: unknown): string {
  if (e instanceof RequestError) return e.body.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
