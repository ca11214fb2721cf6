/**
 * Policy as admission control: the Kyverno-compatible engine run on every write of a logical cluster
 * against that cluster's ClusterPolicies and Policies (and nothing else). A cluster without policies pays
 * one cached lookup. Denials reach clients exactly as a Kyverno webhook's do (code 400, the webhook name,
 * policy, rule and message); mutations replace the object; generated resources are created after the
 * triggering write.
 */
import type { AdmissionPlugin, AdmissionRequest as CoreRequest } from '../apiserver/admission.ts';
import { StatusError, isAlreadyExists, isNotFound } from '../apiserver/errors.ts';
import type { KObject, UserInfo } from '../apiserver/types.ts';
import type { Store } from '../storage/store.ts';
import { InProcessClient, type Client } from '../client/index.ts';
import type { ApiCore } from '../apiserver/core.ts';
import { parseApiPath } from '../apiserver/http/paths.ts';
import { WorkQueue } from '../controllers/queue.ts';
import { evaluatePolicies } from './engine.ts';
import type { Collaborators, GeneratedResource, JsonObject } from './types.ts';

const KYVERNO_USER: UserInfo = { username: 'system:serviceaccount:kyverno:kyverno-admission-controller', groups: ['system:masters', 'system:authenticated'] };

export const POLICY_RESOURCES = ['kyverno.io/clusterpolicies', 'kyverno.io/policies'];

type Policy = Parameters<typeof evaluatePolicies>[0][number];

export class PolicyAdmission implements AdmissionPlugin {
  readonly name = 'Kyverno';
  private readonly cache = new Map<string, Policy[]>();
  private readonly generate: WorkQueue<{ cluster: string; g: GeneratedResource }>;

  private readonly client: Client;

  constructor(
    private readonly store: Store,
    private readonly core: ApiCore,
    /** The Roles and ClusterRoles bound to a user (for `roles`/`clusterRoles` in match blocks). */
    private readonly rolesOf: (cluster: string, user: UserInfo, namespace: string | undefined) => Promise<{ roles: string[]; clusterRoles: string[] }> = async () => ({ roles: [], clusterRoles: [] }),
  ) {
    this.client = new InProcessClient(core, KYVERNO_USER, 'kyverno');
    this.generate = new WorkQueue((i) => this.create(i.cluster, i.g), (i) => `${i.cluster}|${i.g.apiVersion}|${i.g.kind}|${i.g.namespace}|${i.g.name}`, 100);
  }

  invalidate(cluster: string): void {
    this.cache.delete(cluster);
  }

  idle(): Promise<void> {
    return this.generate.idle();
  }

  stop(): void {
    this.generate.stop();
  }

  async policies(cluster: string): Promise<Policy[]> {
    let p = this.cache.get(cluster);
    if (!p) {
      p = [];
      for (const r of POLICY_RESOURCES) p.push(...((await this.store.list(r, { cluster })).items as unknown as Policy[]));
      if (this.cache.size > 4096) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(cluster, p);
    }
    return p;
  }

  async mutate(req: CoreRequest) {
    if (req.operation === 'DELETE') return;
    return this.run(req);
  }

  async validate(req: CoreRequest) {
    if (req.operation !== 'DELETE') return;
    return this.run(req);
  }

  private async run(req: CoreRequest) {
    if (req.type.group === 'kyverno.io' || req.type.group === 'wgpolicyk8s.io') return;
    const policies = await this.policies(req.cluster);
    if (policies.length === 0) return;
    const obj = req.object ?? req.oldObject;
    const ns = obj?.metadata.namespace;
    const nsLabels = ns ? (await this.store.get({ resource: '/namespaces', cluster: req.cluster, namespace: '', name: ns }))?.metadata.labels : undefined;
    const result = await evaluatePolicies(
      policies,
      {
        operation: req.operation,
        kind: { group: req.type.group, version: req.type.version, kind: req.type.kind },
        resource: { group: req.type.group, version: req.type.version, resource: req.type.resource },
        subResource: req.subresource,
        name: obj?.metadata.name,
        namespace: ns,
        userInfo: req.user as UserInfo,
        object: (req.object ?? null) as JsonObject | null,
        oldObject: (req.oldObject ?? null) as JsonObject | null,
        dryRun: req.dryRun,
      },
      { ...this.collaborators(req.cluster, ns, nsLabels), userRoles: await this.rolesOf(req.cluster, req.user, ns) },
    );
    if (!result.allowed) throw new StatusError('' as never, result.message ?? 'admission webhook "validate.kyverno.svc-fail" denied the request', undefined, 400);
    if (!req.dryRun) for (const g of result.generated ?? []) if (g.object) this.generate.add({ cluster: req.cluster, g });
    return { object: (result.mutatedObject as KObject | undefined) ?? req.object, warnings: result.warnings };
  }

  private collaborators(cluster: string, ns: string | undefined, nsLabels: Record<string, string> | undefined): Collaborators {
    const c = this.client.cluster(cluster);
    return {
      namespaceLabels: (n) => (n === ns ? (nsLabels ?? {}) : undefined),
      loader: {
        configMap: async (namespace, name) => (await c.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name }).catch(nullOnNotFound)) as JsonObject | undefined,
        getResource: async (ref) => (await c.get(ref).catch(nullOnNotFound)) as JsonObject | undefined,
        listResources: async (ref) => (await c.list(ref)).items as unknown as JsonObject[],
        // apiCall with a urlPath reads from the same cluster, as Kyverno's does from its own.
        apiCall: async ({ urlPath }) => {
          const url = new URL(urlPath, 'http://in-cluster');
          const p = parseApiPath(url.pathname);
          if (p.kind !== 'resource') throw new Error(`apiCall: unsupported path ${urlPath}`);
          const type = await this.core.registry.resolve(cluster, p.path.group, p.path.version, p.path.resource);
          if (!type) throw new Error(`apiCall: the server could not find the requested resource ${urlPath}`);
          const ctx = { cluster, user: KYVERNO_USER };
          const target = { type, namespace: p.path.namespace, name: p.path.name };
          return p.path.name ? this.core.get(ctx, target) : this.core.list(ctx, target, { labelSelector: url.searchParams.get('labelSelector') ?? undefined });
        },
      },
    };
  }

  private async create(cluster: string, g: GeneratedResource): Promise<void> {
    const c = this.client.cluster(cluster);
    try {
      await c.create(g.object);
    } catch (e) {
      if (isAlreadyExists(e) && g.synchronize) {
        const live = await c.get({ apiVersion: g.apiVersion, kind: g.kind, namespace: g.namespace, name: g.name });
        await c.update({ ...g.object, metadata: { ...g.object.metadata, resourceVersion: live.metadata.resourceVersion } });
      } else if (!isAlreadyExists(e)) throw e; // NotFound namespace: retried until the trigger is stored
    }
  }
}

const nullOnNotFound = (e: unknown) => {
  if (isNotFound(e)) return undefined;
  throw e;
};
