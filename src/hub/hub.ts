/**
 * The hub: one process serving every logical cluster. Wires storage, the request core, authentication,
 * RBAC, admission plugins and controllers, and the HTTP edge. `Hub.start()` is what `marina up` runs
 * and what tests boot in-process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ApiCore } from '../apiserver/core.ts';
import { CRD_RESOURCE, ROOT_CLUSTER, Registry } from '../apiserver/registry.ts';
import { Edge } from '../apiserver/http/server.ts';
import { OpenAPIServer } from '../apiserver/http/openapi.ts';
import { newUid } from '../apiserver/util.ts';
import { Authenticator, LOGICAL_CLUSTERS } from '../auth/authn.ts';
import { RBAC_RESOURCES, RbacAuthorizer } from '../auth/authz.ts';
import { TokenIssuer } from '../auth/tokens.ts';
import { GarbageCollector } from '../controllers/gc.ts';
import { NamespaceController } from '../controllers/namespace.ts';
import { LogicalClusterController } from '../controllers/logicalcluster.ts';
import { CRDCleanup } from '../controllers/crdcleanup.ts';
import { SqliteStore } from '../storage/sqlite.ts';
import type { Store } from '../storage/store.ts';
import { builtinPlugins, seedCluster } from './plugins.ts';
import { tokenRequest, virtualResources } from './virtual.ts';
import { subresourceCreators } from '../apiserver/subresources.ts';
import type { KObject } from '../apiserver/types.ts';
import { VERSION_INFO } from './version.ts';
import { POLICY_RESOURCES, PolicyAdmission } from '../policy/plugin.ts';
import { PolicyReporter } from '../policy/reports.ts';
import { ApplicationController } from '../gitops/controller/index.ts';
import { ApplicationSetController } from '../gitops/appset/index.ts';
import { startCompositionControllers } from '../compose/controller/index.ts';
import { startProviders } from '../compose/providers/index.ts';
import { webhookRoute } from '../gitops/webhook/index.ts';
import { webRoute } from '../portal/web/serve.ts';
import { dualProtocolServer, selfSignedCertificate, type DualServer, type TlsMaterial } from './tls.ts';
import { startPortal, type Portal, type PortalOptions } from '../portal/index.ts';
import { EnvironmentController } from './environments/controller.ts';
import { hostedRuntimeClaim, installPlatformApp, openHubRepository, tenantClaimPath, type GitHubRepository, type HubRepository } from './repo/index.ts';

/** A non-Kubernetes HTTP route on the hub's port: true when it answered the request. */
export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface HubOptions {
  /** Where the SQLite file and the admin credentials live. Undefined: in memory (tests). */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Public base URL written into kubeconfigs; defaults to http://host:port. */
  publicUrl?: string;
  synchronous?: 'FULL' | 'NORMAL';
  maxBodyBytes?: number;
  /** How many events the watch log keeps (older resourceVersions get 410 Expired). */
  eventRetention?: number;
  store?: Store;
  /** Portal API options (rate limits, file:// repositories). */
  portal?: PortalOptions;
  /** `--hub-repo`: an existing Git repository for the platform's desired state; default `<dataDir>/hub.git`. */
  hubRepo?: string;
  /**
   * `--allow-local-repos`: tenants' Applications, ApplicationSets and portal connections may use local
   * repositories (file:// and paths) on the hub's disk. Off by default: only root may (the hub repository).
   */
  allowLocalRepos?: boolean;
}

const HUB_SECRET = { resource: '/secrets', cluster: ROOT_CLUSTER, namespace: 'kube-system', name: 'marina-hub' };
export const ADMIN_USER = { username: 'marina:admin', groups: ['system:masters'] };

export class Hub {
  private controllers: Array<{ stop(): void; idle(): Promise<void> }> = [];
  private unsub: Array<() => void> = [];
  /** The portal API (accounts, runtimes, applications) under /api/v1/. */
  portal?: Portal;
  private repo?: GitHubRepository;
  private allowLocalRepos = false;

  private constructor(
    readonly store: Store,
    readonly core: ApiCore,
    readonly issuer: TokenIssuer,
    readonly authn: Authenticator,
    readonly authz: RbacAuthorizer,
    readonly edge: Edge,
    readonly server: DualServer,
    readonly tls: TlsMaterial,
    readonly url: string,
    readonly dataDir: string | undefined,
    /** HTTP routes served on the hub's port besides the Kubernetes API; append to add one. */
    readonly routes: Route[],
  ) {}

  static async start(opts: HubOptions = {}): Promise<Hub> {
    if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const store = opts.store ?? new SqliteStore({ path: opts.dataDir ? join(opts.dataDir, 'marina.db') : ':memory:', synchronous: opts.synchronous, eventRetention: opts.eventRetention });
    const { key, rootUid, tls } = await bootstrapRoot(store, opts.host);
    const issuer = new TokenIssuer(Buffer.from(key, 'base64'));
    const authn = new Authenticator(store, issuer, rootUid);
    const authz = new RbacAuthorizer(store);
    const registry = new Registry(store);
    const core = new ApiCore(store, registry, authz);
    let url = '';
    // Non-Kubernetes HTTP routes, tried in order before the API: POST /api/webhook (Git push → refresh, as
    // Argo CD's webhook); features started below append theirs (the portal API).
    const routes: Route[] = [webhookRoute({ store, core })];
    const web = webRoute();
    core.admission.push(...builtinPlugins(store, issuer, authn, () => url));
    // The platform's desired state in Git, opened (created and seeded when new) before anything listens.
    const repo = await openHubRepository(core, { url: opts.hubRepo, dataDir: opts.dataDir }).catch(async (e) => {
      await store.close();
      throw e;
    });
    for (const [k, v] of Object.entries(virtualResources(authz, authn))) core.virtual.set(k, v);
    subresourceCreators['serviceaccounts/token'] = tokenRequest(issuer, authn);
    const edge = new Edge({
      core,
      authenticate: (c, h) => authn.authenticate(c, h),
      openapi: new OpenAPIServer(registry),
      maxBodyBytes: opts.maxBodyBytes,
      version: VERSION_INFO,
      extraRoutes: async (req, res, u) => {
        for (const r of routes) if (await r(req, res, u)) return true;
        return web(req, res, u); // the portal's web UI answers last: it falls back to index.html for UI paths
      },
    });
    const server = dualProtocolServer(tls, edge.handle);
    await new Promise<void>((resolve, reject) => {
      server.net.once('error', reject);
      server.net.listen(opts.port ?? 8080, opts.host ?? '127.0.0.1', () => resolve());
    });
    const addr = server.net.address() as { port: number; address: string };
    url = opts.publicUrl ?? `https://${opts.host ?? '127.0.0.1'}:${addr.port}`;
    const hub = new Hub(store, core, issuer, authn, authz, edge, server, tls, url, opts.dataDir, routes);
    hub.repo = repo;
    hub.allowLocalRepos = !!opts.allowLocalRepos;
    core.subresourceViews.set(`${LOGICAL_CLUSTERS}/kubeconfig`, async (_ctx, lc) => ({
      apiVersion: 'core.marina.io/v1alpha1',
      kind: 'ClusterKubeconfig',
      metadata: { name: lc.metadata.name },
      kubeconfig: await hub.kubeconfig(lc.metadata.name!),
    }));
    await hub.startControllers(registry);
    hub.portal = await startPortal({ store, core, issuer, authn, hubUrl: () => hub.url, kubeconfig: (c, t, u) => kubeconfigYaml(hub.url, c, t, tls.cert, u), hubRepo: repo, claims: { path: tenantClaimPath, claim: (t) => hostedRuntimeClaim(t) } }, { allowFileRepos: opts.allowLocalRepos, ...opts.portal });
    routes.push(hub.portal.route);
    hub.unsub.push(hub.portal.stop);
    if (opts.dataDir) hub.writeAdminCredentials(opts.dataDir);
    return hub;
  }

  /** The hub repository: the platform's desired state in Git (src/hub/repo/). */
  get hubRepo(): HubRepository {
    return this.repo!;
  }

  private async startControllers(registry: Registry): Promise<void> {
    const gc = new GarbageCollector(this.store, this.core);
    const ns = new NamespaceController(this.store, this.core);
    const policy = new PolicyAdmission(this.store, this.core, (c, u, n) => this.authz.rolesOf(c, u, n));
    this.core.admission.push(policy);
    const reporter = new PolicyReporter(this.store, this.core, async (c) => (await policy.policies(c)) as unknown as KObject[]);
    const lc = new LogicalClusterController(this.store, (c) => {
      this.authn.invalidate(c);
      registry.invalidate(c);
      this.authz.invalidate(c);
    });
    this.unsub.push(
      this.store.onAnyEvent((e) => {
        if (e.key.resource === CRD_RESOURCE) registry.invalidate(e.key.cluster);
        else if (RBAC_RESOURCES.includes(e.key.resource)) this.authz.invalidate(e.key.cluster);
        else if (POLICY_RESOURCES.includes(e.key.resource)) policy.invalidate(e.key.cluster);
      }),
    );
    const apps = new ApplicationController(this.store, this.core, () => this.url, { allowLocalRepos: this.allowLocalRepos, repoCacheDir: this.dataDir ? join(this.dataDir, 'repos') : undefined });
    const appsets = new ApplicationSetController(this.store, this.core, apps.repos, { allowLocalRepos: this.allowLocalRepos }); // shares the apps' Git cache
    const crdCleanup = new CRDCleanup(this.store);
    for (const c of [gc, ns, lc, reporter, apps, appsets, crdCleanup]) await c.start();
    this.controllers.push(gc, ns, lc, policy, reporter, apps, appsets, crdCleanup);
    this.controllers.push(...(await startCompositionControllers(this.store, this.core))); // XRDs, claims, composites
    this.controllers.push(...(await startProviders({ store: this.store, core: this.core, authn: this.authn, hubUrl: () => this.url }))); // Object, Release, VirtualCluster, GitOpsRuntime
    // The hub repository, synced into root by the `platform` Application; its commits refresh that app at once.
    await installPlatformApp(this.core, this.repo!, (ns, name) => apps.refreshApp(ROOT_CLUSTER, ns, name));
    const environments = new EnvironmentController(this.store, this.core, this.repo); // registration and TTL of Environment claims
    await environments.start();
    this.controllers.push(environments);
  }

  /** Waits until every controller queue is empty (tests). */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) for (const c of this.controllers) await c.idle();
  }

  /** An admin token for a logical cluster (the cluster must exist). */
  async adminToken(cluster: string): Promise<string> {
    const cuid = await this.authn.clusterUid(cluster);
    if (!cuid) throw new Error(`logical cluster "${cluster}" does not exist`);
    return this.issuer.sign({ sub: ADMIN_USER.username, grp: ADMIN_USER.groups, cl: cluster, cuid });
  }

  async kubeconfig(cluster: string): Promise<string> {
    return kubeconfigYaml(this.url, cluster, await this.adminToken(cluster), this.tls.cert);
  }

  private writeAdminCredentials(dir: string): void {
    void this.kubeconfig(ROOT_CLUSTER).then((kc) => writeFileSync(join(dir, 'admin.kubeconfig'), kc, { mode: 0o600 }));
  }

  async stop(): Promise<void> {
    for (const u of this.unsub) u();
    for (const c of this.controllers) c.stop();
    this.edge.watches.closeAll();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.net.close(() => r()));
    await this.store.close();
    this.repo?.close();
  }
}

export function kubeconfigYaml(server: string, cluster: string, token: string, caPem: string, user = 'admin'): string {
  const name = `marina-${cluster}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: `${server}/clusters/${cluster}`, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: `${name}-${user}`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-${user}`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  }, { lineWidth: 0 });
}

/** The root cluster's namespaces, the hub's signing key and TLS certificate, created on first start. */
async function bootstrapRoot(store: Store, host?: string): Promise<{ key: string; rootUid: string; tls: TlsMaterial }> {
  await seedCluster(store, ROOT_CLUSTER);
  let secret = await store.get(HUB_SECRET);
  if (!secret) {
    const s: KObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: HUB_SECRET.name, namespace: HUB_SECRET.namespace, uid: newUid(), creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
      type: 'Opaque',
      data: { key: b64(TokenIssuer.newKey()), rootUid: b64(newUid()), ...(await selfSignedCertificate(host && host !== '0.0.0.0' ? [host] : []).then((t) => ({ 'tls.crt': b64(t.cert), 'tls.key': b64(t.key) }))) },
    };
    secret = await store.create(HUB_SECRET, s).catch(async () => (await store.get(HUB_SECRET))!);
  }
  const data = secret.data as Record<string, string>;
  const d = (k: string) => Buffer.from(data[k]!, 'base64').toString();
  return { key: d('key'), rootUid: d('rootUid'), tls: { cert: d('tls.crt'), key: d('tls.key') } };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

export { LOGICAL_CLUSTERS };
