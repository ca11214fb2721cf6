/**
 * Background scans and policy reports, as Kyverno 1.10+ keeps them: one `wgpolicyk8s.io/v1alpha2`
 * PolicyReport per namespaced resource (a ClusterPolicyReport per cluster-scoped one), named after the
 * resource's uid, owned by it (so garbage collection removes it with the resource), with the results of
 * every background-enabled policy and a summary. Kept current on every change of a resource or policy.
 */
import type { ApiCore } from '../apiserver/core.ts';
import { isNotFound } from '../apiserver/errors.ts';
import type { KObject, UserInfo } from '../apiserver/types.ts';
import type { Store, StoreEvent, ObjectKey } from '../storage/store.ts';
import { InProcessClient } from '../client/index.ts';
import { StoreController } from '../controllers/controller.ts';
import { targetFor } from '../controllers/system.ts';
import { scanResource } from './engine.ts';
import { withAutogenRules } from './autogen.ts';
import { reportResults } from './report.ts';
import type { JsonObject } from './types.ts';
import { POLICY_RESOURCES } from './plugin.ts';

const REPORTER: UserInfo = { username: 'system:serviceaccount:kyverno:kyverno-reports-controller', groups: ['system:masters', 'system:authenticated'] };
/** Resources that are never scanned: reports themselves, policies, and high-churn bookkeeping. */
const SKIP = new Set(['wgpolicyk8s.io/policyreports', 'wgpolicyk8s.io/clusterpolicyreports', 'kyverno.io/updaterequests', '/events', 'events.k8s.io/events', 'coordination.k8s.io/leases', 'core.marina.io/logicalclusters', ...POLICY_RESOURCES]);

type Item = { kind: 'resource'; key: ObjectKey; rescan?: boolean } | { kind: 'cluster'; cluster: string };

export class PolicyReporter extends StoreController<Item> {
  private readonly client: InProcessClient;

  constructor(
    store: Store,
    private readonly core: ApiCore,
    /** The cluster's policies (the admission plugin's cache). */
    private readonly allPolicies: (cluster: string) => Promise<KObject[]>,
  ) {
    super(store, (i) => (i.kind === 'cluster' ? `c|${i.cluster}` : `r|${i.key.resource}|${i.key.cluster}|${i.key.namespace}|${i.key.name}`), 500);
    this.client = new InProcessClient(core, REPORTER, 'kyverno-reports-controller');
  }

  protected observe(e: StoreEvent): void {
    if (POLICY_RESOURCES.includes(e.key.resource)) this.queue.add({ kind: 'cluster', cluster: e.key.cluster });
    else if (!SKIP.has(e.key.resource) && e.type !== 'DELETED') this.queue.add({ kind: 'resource', key: e.key });
  }

  /** Per policy list (the admission plugin's, one array per cluster until a policy changes): the kinds any rule names. */
  private readonly kindsOf = new WeakMap<KObject[], Set<string> | 'any'>();

  protected async reconcile(i: Item): Promise<void> {
    if (i.kind === 'cluster') {
      // A policy changed: rescan every resource of the cluster the policies could match.
      const types = await this.core.registry.types(i.cluster);
      for (const t of types) {
        if (SKIP.has(`${t.group}/${t.resource}`) || t.version !== t.versions[0] || !t.verbs.includes('list')) continue;
        const list = await this.store.list(`${t.group}/${t.resource}`, { cluster: i.cluster });
        list.items.forEach((o) => this.queue.add({ kind: 'resource', key: { resource: `${t.group}/${t.resource}`, cluster: i.cluster, namespace: o.metadata.namespace ?? '', name: o.metadata.name! }, rescan: true }));
      }
      return;
    }
    const all = await this.allPolicies(i.key.cluster);
    const policies = all.filter((p) => (p.spec as JsonObject | undefined)?.background !== false);
    // A cluster without policies has no reports to keep, except right after its last policy went away.
    if (policies.length === 0 && !i.rescan) return;
    const t = await targetFor(this.core, i.key);
    if (!t) return;
    // No rule names this kind (and none could by a wildcard): no results, and no report was ever made for it.
    let kinds = this.kindsOf.get(all);
    if (!kinds) this.kindsOf.set(all, (kinds = namedKinds(all)));
    if (kinds !== 'any' && !kinds.has(t.type.kind) && !i.rescan) return;
    const obj = await this.store.get(i.key);
    if (!obj || obj.metadata.deletionTimestamp) return;
    obj.apiVersion = t.type.group ? `${t.type.group}/${t.type.version}` : t.type.version;
    obj.kind = t.type.kind;
    const { responses } = await scanResource(policies as never, obj as unknown as JsonObject);
    const results = reportResults(responses, obj as unknown as JsonObject, policies.map((p) => ({ name: p.metadata.name!, namespace: p.metadata.namespace, annotations: p.metadata.annotations ?? {} })), new Date(), 'background scan');
    await this.write(i.key.cluster, obj, results as unknown as JsonObject[]);
  }

  private async write(cluster: string, obj: KObject, results: JsonObject[]): Promise<void> {
    const c = this.client.cluster(cluster);
    const namespaced = !!obj.metadata.namespace;
    const ref = { apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: namespaced ? 'PolicyReport' : 'ClusterPolicyReport', namespace: obj.metadata.namespace, name: obj.metadata.uid! };
    if (results.length === 0) {
      // Most resources never had a report: look before deleting (a NotFound costs more than a read).
      const key = { resource: namespaced ? 'wgpolicyk8s.io/policyreports' : 'wgpolicyk8s.io/clusterpolicyreports', cluster, namespace: obj.metadata.namespace ?? '', name: ref.name };
      if (await this.store.get(key)) await c.delete(ref).catch((e) => { if (!isNotFound(e)) throw e; });
      return;
    }
    const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    for (const r of results) summary[r.result as keyof typeof summary]++;
    const report = {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: {
        name: ref.name,
        ...(namespaced ? { namespace: obj.metadata.namespace } : {}),
        labels: { 'app.kubernetes.io/managed-by': 'kyverno' },
        ownerReferences: [{ apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name!, uid: obj.metadata.uid! }],
      },
      scope: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, ...(namespaced ? { namespace: obj.metadata.namespace } : {}), uid: obj.metadata.uid },
      results: results.map(({ resources: _r, ...rest }) => rest),
      summary,
    };
    await c.apply(report as unknown as KObject, { fieldManager: 'kyverno-reports-controller', force: true });
  }
}

/**
 * The kinds the rules of `policies` (autogen rules included) match on (`match.resources.kinds`, and in `any`/`all` blocks), by their
 * last segment (`apps/v1/Deployment` → Deployment; `Pod/status` → Pod); 'any' when a rule names no kind or a
 * wildcard, so that nothing is left out.
 */
export function namedKinds(policies: KObject[]): Set<string> | 'any' {
  const kinds = new Set<string>();
  for (const p of policies) {
    // With the rules Kyverno generates for Pod controllers (a rule on Pods also scans Deployments, CronJobs...).
    for (const rule of withAutogenRules(p as unknown as JsonObject) as unknown as JsonObject[]) {
      const match = (rule.match ?? {}) as JsonObject;
      const blocks = [match, ...(((match.any as JsonObject[] | undefined) ?? [])), ...(((match.all as JsonObject[] | undefined) ?? []))];
      const named = blocks.flatMap((b) => (((b.resources as JsonObject | undefined)?.kinds as string[] | undefined) ?? []));
      if (!named.length || named.some((k) => /[*?]/.test(k))) return 'any';
      for (const k of named) for (const part of k.split('/')) kinds.add(part);
    }
  }
  return kinds;
}
