/**
 * The portal API's wire types (JSON under `/api/v1/`), shared by the server (`src/portal/api/`), the CLI and
 * the web UI (`src/portal/web/`), so the three stay typed end to end. Documented in docs/portal-api.md.
 *
 * Conventions:
 * - Authentication: a session cookie `marina_session` (HttpOnly, SameSite=Lax, Secure over https) from
 *   signup/login, or `Authorization: Bearer <api token>` (CLI). Requests authenticated by the cookie that
 *   change state (POST, PUT, PATCH, DELETE) must carry the header `X-CSRF-Token` equal to `Session.csrfToken`.
 * - Errors: an HTTP status and an `ApiError` body. Validation errors name the field in `fields`.
 * - A tenant only ever sees its own data; an admin additionally reaches `/api/v1/admin/...`.
 */

export interface ApiError {
  /** Machine-readable: `Invalid`, `Unauthorized`, `Forbidden`, `NotFound`, `Conflict`, `TooManyRequests`, `Internal`. */
  reason: string;
  message: string;
  /** Field errors: field name (`email`, `password`, `repoURL`, …) → message. */
  fields?: Record<string, string>;
}

// ---- accounts --------------------------------------------------------------------------------------------

/** POST /api/v1/signup. Password rules: at least 12 characters. Tenant: DNS label, 3–40 chars, unique. */
export interface SignupRequest {
  email: string;
  password: string;
  /** The tenant (and logical cluster) name; derived from the email's local part when omitted. */
  tenant?: string;
}

/** POST /api/v1/login. */
export interface LoginRequest {
  email: string;
  password: string;
}

/** Answer of signup, login and GET /api/v1/session. */
export interface Session {
  email: string;
  tenant: string;
  role: 'user' | 'admin';
  /** Send back as `X-CSRF-Token` on state-changing requests made with the session cookie. */
  csrfToken: string;
}

/** POST /api/v1/tokens → an API token for the CLI (shown once). GET /api/v1/tokens lists them without secrets. */
export interface ApiTokenRequest {
  name: string;
}
export interface ApiToken {
  name: string;
  createdAt: string;
  /** Only in the answer to the POST. */
  token?: string;
}

// ---- the hosted runtime -----------------------------------------------------------------------------------

export type RuntimePhase = 'NotInstalled' | 'Installing' | 'Active' | 'Degraded' | 'Deleting';

/** One part of the runtime (virtual cluster, GitOps runtime, quota, policies, …) and its state. */
export interface RuntimeComponent {
  name: string;
  kind: string;
  /** Synced / OutOfSync / Unknown for Applications; Ready / NotReady for composed resources. */
  syncStatus: string;
  healthStatus: 'Healthy' | 'Progressing' | 'Degraded' | 'Missing' | 'Unknown';
  message?: string;
}

/**
 * GET /api/v1/runtime (404 `NotFound` body when none), POST /api/v1/runtime (install: commits the claim to the
 * hub repository; answers 202 with the status), DELETE /api/v1/runtime (commits the claim's removal; 202).
 * GET /api/v1/runtime/events: server-sent events, each `data:` line a RuntimeStatus, on every change, until
 * the client disconnects.
 */
export interface RuntimeStatus {
  name: string;
  /** `Hosted` (runs on the hub) or `Hybrid` (the tenant's own cluster). */
  type: 'Hosted' | 'Hybrid';
  phase: RuntimePhase;
  /** 0–100. */
  progress: number;
  /** The current step in words, e.g. "Creating the virtual cluster…", "Configuring the environment…". */
  step: string;
  /** The logical cluster and the namespace the runtime lives in. */
  cluster: string;
  namespace: string;
  /** The hub repository commit that requested the current state. */
  commit?: string;
  version: string;
  updateAvailable: boolean;
  modules: string[];
  managedClusters: number;
  lastUpdated: string;
  components: RuntimeComponent[];
  conditions: Array<{ type: string; status: string; reason?: string; message?: string }>;
}
/** GET /api/v1/runtime/kubeconfig → a kubeconfig YAML (text/yaml attachment) for the tenant's logical cluster. */

// ---- Git providers and clusters ---------------------------------------------------------------------------

export type ConnectionStatus = 'Connected' | 'Failed' | 'Unknown';

/** POST /api/v1/git-providers → an Argo CD repository secret in the tenant's `argocd` namespace. */
export interface GitProviderRequest {
  /** https://, ssh:// or git@host:path, git:// or file:// (file only for admins). */
  repoURL: string;
  username?: string;
  password?: string;
  sshPrivateKey?: string;
}
/** GET /api/v1/git-providers lists; DELETE /api/v1/git-providers/{name} disconnects. */
export interface GitProvider {
  name: string;
  repoURL: string;
  status: ConnectionStatus;
  message?: string;
  /** When the connection was last tested (`git ls-remote`). */
  checkedAt?: string;
}

/** POST /api/v1/clusters → an Argo CD cluster secret from a kubeconfig (its current context). */
export interface ClusterRequest {
  name: string;
  kubeconfig: string;
}
/** GET /api/v1/clusters lists; DELETE /api/v1/clusters/{name} disconnects. The runtime's own cluster is `in-cluster`. */
export interface ManagedCluster {
  name: string;
  server: string;
  status: ConnectionStatus;
  message?: string;
  serverVersion?: string;
  checkedAt?: string;
}

// ---- applications -----------------------------------------------------------------------------------------

/** POST /api/v1/applications: the form; creates an Argo CD Application in the tenant's `argocd` namespace. */
export interface ApplicationRequest {
  name: string;
  project?: string;
  repoURL: string;
  path?: string;
  targetRevision?: string;
  /** Destination: `in-cluster` (the runtime's own cluster) or a connected cluster's name. */
  destinationName?: string;
  destinationNamespace: string;
  automated?: boolean;
  prune?: boolean;
  selfHeal?: boolean;
  createNamespace?: boolean;
}

/** GET /api/v1/applications: one row per Application. */
export interface ApplicationSummary {
  name: string;
  project: string;
  repoURL: string;
  path?: string;
  targetRevision: string;
  destination: { name?: string; server?: string; namespace?: string };
  syncStatus: 'Synced' | 'OutOfSync' | 'Unknown';
  healthStatus: 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
  revision?: string;
  operationPhase?: 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating';
  lastSyncedAt?: string;
  conditions: Array<{ type: string; message: string }>;
}

/** A node of the resource tree: the Application's resources as in `status.resources`, with their children. */
export interface ResourceNode {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  syncStatus?: string;
  health?: { status: string; message?: string };
  children: ResourceNode[];
}

/** GET /api/v1/applications/{name}. */
export interface ApplicationDetail extends ApplicationSummary {
  tree: ResourceNode[];
  history: Array<{ id: number; revision: string; deployedAt: string; deployStartedAt?: string }>;
  operation?: { phase: string; message?: string; startedAt?: string; finishedAt?: string };
}

/** GET /api/v1/applications/{name}/diff: live vs desired per resource, as Argo CD's managed-resources. */
export interface ResourceDiff {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  modified: boolean;
  /** A unified diff of the normalized live state against the desired state ("" when equal). */
  diff: string;
}
/** POST /api/v1/applications/{name}/sync and /refresh → 202 with the ApplicationSummary. DELETE removes. */

// ---- dashboard and admin ----------------------------------------------------------------------------------

/** GET /api/v1/dashboard. */
export interface Dashboard {
  runtimes: { healthy: number; error: number };
  clusters: { connected: number; failed: number; unknown: number };
  /** Sync operations per day over the last 30 days, oldest first (`date` as YYYY-MM-DD). */
  deployments: Array<{ date: string; successful: number; failed: number }>;
  /** Applications with the most sync operations over the last 30 days. */
  mostActive: Array<{ name: string; deployments: number; percent: number }>;
}

/** GET /api/v1/admin/tenants (admin role only). */
export interface TenantRow {
  tenant: string;
  email: string;
  createdAt: string;
  runtime: { phase: RuntimePhase; health: string } | null;
  usage: { applications: number; objects: number; clusters: number };
  lastActivity?: string;
}
