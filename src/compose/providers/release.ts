/**
 * provider-helm's `Release` (helm.crossplane.io/v1beta1), installed by Marina's own Helm engine
 * (`src/gitops/render/helm/`, no Helm binary): the chart fetched from its http(s) repository (or `chart.url`),
 * values composed as provider-helm does, rendered, applied with server-side apply (field manager
 * `provider-helm`) to the cluster the ProviderConfig names, and recorded as Helm does (release Secrets
 * `sh.helm.release.v1.NAME.vN` in the release namespace). An upgrade prunes what the new revision dropped;
 * deleting the Release uninstalls it. The pure parts are in `helmrelease.ts`.
 */
import { isAlreadyExists, isNotFound } from '../../apiserver/errors.ts';
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import type { KObject } from '../../apiserver/types.ts';
import type { Authenticator } from '../../auth/authn.ts';
import type { ClusterClient } from '../../client/index.ts';
import { assessHealth } from '../../gitops/health/index.ts';
import { DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION } from '../../gitops/render/helm/argo.ts';
import type { FetchedChart, HelmRepoCache, HelmRepoCreds } from '../../gitops/render/helm/repo.ts';
import { templateChart } from '../../gitops/render/helm/template.ts';
import { step } from '../controller/util.ts';
import { Available, Unavailable } from './conditions.ts';
import {
  chartRecord,
  composeValues,
  decodeReleaseSecret,
  FIELD_MANAGER,
  jsonValues,
  latestRelease,
  manifestObjects,
  pruned,
  releaseObservation,
  releaseSecret,
  releaseSpec,
  releaseUpToDate,
  splitRendered,
  type KeyRef,
  type ReleaseRecord,
  type ReleaseSpec,
  type Rendered,
  uninstallOrder,
} from './helmrelease.ts';
import { GONE, type Creation, type External, type ManagedKind, type Observed, type Tracker } from './managed.ts';
import { ANNOTATION_EXTERNAL_NAME } from './plan.ts';
import { providerConfigOf } from './providerconfig.ts';
import { deletedWithItsCluster, type Targets } from './target.ts';

type Obj = Record<string, any>;

export const RELEASES = 'helm.crossplane.io/releases';
export const HELM_PROVIDER_CONFIG = { apiVersion: 'helm.crossplane.io/v1beta1', kind: 'ProviderConfig' };

const releaseName = (mr: KObject) => mr.metadata.annotations?.[ANNOTATION_EXTERNAL_NAME] || mr.metadata.name!;

export function releaseKind(targets: Targets, root: ClusterClient, authn: Authenticator, repos: HelmRepoCache): ManagedKind {
  const lastCluster = new Map<string, string>();
  return {
    apiVersion: 'helm.crossplane.io/v1beta1',
    kind: 'Release',
    resource: RELEASES,
    externalName: (mr) => mr.metadata.name,
    forget: (name) => lastCluster.delete(name),
    async connect(mr, _policy, track) {
      const pcName = providerConfigOf(mr);
      track.object(ROOT_CLUSTER, '', pcName);
      try {
        const pc = await step('cannot get ProviderConfig', () => root.get({ ...HELM_PROVIDER_CONFIG, name: pcName }));
        const target = await step('cannot create new Kubernetes client', () => targets.resolve(pc, root, track));
        if (target.cluster) lastCluster.set(mr.metadata.name!, target.cluster);
        return new ReleaseExternal(mr, root, target.client, target.cluster, track, repos);
      } catch (e) {
        if (await deletedWithItsCluster(mr, lastCluster.get(mr.metadata.name!), e, authn)) return GONE;
        // Deleting a Release that never installed anything (no revision observed): there is nothing to uninstall.
        if (mr.metadata.deletionTimestamp && !(mr.status as Obj | undefined)?.atProvider?.revision) return GONE;
        throw e;
      }
    },
  };
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

class ReleaseExternal implements External {
  private readonly name: string;
  private readonly namespace: string;
  private spec?: ReleaseSpec;
  private values?: Obj;

  constructor(
    private readonly mr: KObject,
    private readonly root: ClusterClient,
    private readonly target: ClusterClient,
    private readonly cluster: string | undefined,
    private readonly track: Tracker,
    private readonly repos: HelmRepoCache,
  ) {
    this.name = releaseName(mr);
    const ns = (mr.spec as Obj | undefined)?.forProvider?.namespace;
    if (!ns) throw new Error('spec.forProvider.namespace: required');
    this.namespace = String(ns);
  }

  private checked(): ReleaseSpec {
    return (this.spec ??= releaseSpec(this.mr.spec as Obj | undefined));
  }

  /** A key of a ConfigMap or Secret of the control plane (root), decoded; undefined when optional and missing. */
  private async keyValue(ref: KeyRef): Promise<string | undefined> {
    this.track.object(ROOT_CLUSTER, ref.namespace, ref.name);
    let o: KObject;
    try {
      o = await this.root.get({ apiVersion: 'v1', kind: ref.kind, namespace: ref.namespace, name: ref.name });
    } catch (e) {
      if (isNotFound(e) && ref.optional) return undefined;
      throw new Error(`${ref.field}: cannot get ${ref.kind} ${ref.namespace}/${ref.name}: ${errText(e)}`);
    }
    const data = (o as Obj).data ?? {};
    if (data[ref.key] === undefined) {
      if (ref.optional) return undefined;
      throw new Error(`${ref.field}: ${ref.kind} ${ref.namespace}/${ref.name} has no key "${ref.key}"`);
    }
    return ref.kind === 'Secret' ? Buffer.from(String(data[ref.key]), 'base64').toString('utf8') : String(data[ref.key]);
  }

  private async composedValues(): Promise<Obj> {
    if (this.values) return this.values;
    const spec = this.checked();
    const from: Array<string | undefined> = [];
    for (const r of spec.valuesFrom) from.push(await this.keyValue(r));
    const sets: Array<string | undefined> = [];
    for (const s of spec.set) sets.push(s.valueFrom ? await this.keyValue(s.valueFrom) : undefined);
    return (this.values = composeValues(spec, from, sets));
  }

  private async fetchChart(): Promise<FetchedChart> {
    const spec = this.checked();
    const creds: HelmRepoCreds = { insecure: spec.insecureSkipTLSVerify };
    const pull = spec.chart.pullSecretRef;
    if (pull) {
      this.track.object(ROOT_CLUSTER, pull.namespace, pull.name);
      const s = await step(`cannot get chart pull secret ${pull.namespace}/${pull.name}`, () => this.root.get({ apiVersion: 'v1', kind: 'Secret', namespace: pull.namespace, name: pull.name }));
      const data = ((s as Obj).data ?? {}) as Record<string, string>;
      creds.username = data.username === undefined ? undefined : Buffer.from(data.username, 'base64').toString('utf8');
      creds.password = data.password === undefined ? undefined : Buffer.from(data.password, 'base64').toString('utf8');
    }
    try {
      return spec.chart.url ? await this.repos.chartFromUrl(spec.chart.url, creds) : await this.repos.chart(spec.chart.repository!, spec.chart.name!, spec.chart.version, creds);
    } catch (e) {
      throw new Error(`failed to pull chart: ${errText(e)}`);
    }
  }

  private async render(fetched: FetchedChart, revision: number, isInstall: boolean): Promise<Rendered> {
    const spec = this.checked();
    const manifests = templateChart(fetched.chart, {
      release: { name: this.name, namespace: this.namespace, revision, isInstall },
      capabilities: { kubeVersion: DEFAULT_KUBE_VERSION, apiVersions: DEFAULT_API_VERSIONS },
      values: await this.composedValues(),
      includeCrds: !spec.skipCRDs,
    });
    return splitRendered(manifests);
  }

  private async history(): Promise<KObject[]> {
    const list = await step(`cannot list release secrets of "${this.name}" in namespace "${this.namespace}"`, () =>
      this.target.list({ apiVersion: 'v1', kind: 'Secret', namespace: this.namespace }, { labelSelector: `owner=helm,name=${this.name}` }),
    );
    return list.items;
  }

  private async latest(): Promise<{ secret: KObject; record: ReleaseRecord } | undefined> {
    const items = await this.history();
    const l = latestRelease(items);
    if (this.cluster) {
      // The next revision's Secret and the current one: their events requeue this Release.
      const v = l?.record.version ?? 0;
      this.track.object(this.cluster, this.namespace, `sh.helm.release.v1.${this.name}.v${v + 1}`);
      if (l) this.track.object(this.cluster, this.namespace, l.secret.metadata.name!);
    } else this.track.poll();
    return l;
  }

  /** An object as applied: the release namespace when namespaced and none is set, Helm's ownership metadata. */
  private async prepare(o: KObject): Promise<KObject> {
    const m = structuredClone(o);
    const mapping = await this.target.resourceFor(m.apiVersion, m.kind);
    if (!mapping) throw new Error(`resource mapping not found for name: ${JSON.stringify(m.metadata.name ?? '')} namespace: ${JSON.stringify(m.metadata.namespace ?? '')} from "": no matches for kind ${JSON.stringify(m.kind)} in version ${JSON.stringify(m.apiVersion)}\nensure CRDs are installed first`);
    if (mapping.namespaced) m.metadata.namespace ||= this.namespace;
    else delete m.metadata.namespace;
    m.metadata.labels = { ...(m.metadata.labels ?? {}), 'app.kubernetes.io/managed-by': 'Helm' };
    m.metadata.annotations = { ...(m.metadata.annotations ?? {}), 'meta.helm.sh/release-name': this.name, 'meta.helm.sh/release-namespace': this.namespace };
    return m;
  }

  private ref(o: KObject) {
    return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name };
  }

  private async applyAll(objects: KObject[]): Promise<KObject[]> {
    const out: KObject[] = [];
    for (const o of objects) {
      const m = await this.prepare(o);
      await step(`cannot apply ${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}`, () => this.target.apply(m, { fieldManager: FIELD_MANAGER, force: true }));
      out.push(m);
    }
    return out;
  }

  /** Hooks of one event, by weight (Helm's default delete policy `before-hook-creation`: replaced by the apply). */
  private async runHooks(r: Rendered, event: string): Promise<void> {
    const hooks = r.hooks.filter((h) => h.events.includes(event));
    try {
      await this.applyAll(hooks.map((h) => h.object));
    } catch (e) {
      throw new Error(`${event} hooks failed: ${errText(e)}`);
    }
  }

  private async deleteObjects(objects: KObject[]): Promise<void> {
    for (const o of uninstallOrder(objects)) {
      let m: KObject;
      try {
        m = await this.prepare(o);
      } catch {
        continue; // its kind is gone: so is the object
      }
      try {
        await this.target.delete(this.ref(m), { propagationPolicy: 'Background' });
      } catch (e) {
        if (!isNotFound(e)) throw new Error(`cannot delete ${m.kind} ${m.metadata.name}: ${errText(e)}`);
      }
    }
  }

  private async ensureNamespace(): Promise<void> {
    if (this.checked().skipCreateNamespace) return;
    try {
      await this.target.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace, labels: { name: this.namespace } } });
    } catch (e) {
      if (!isAlreadyExists(e)) throw new Error(`cannot create namespace "${this.namespace}": ${errText(e)}`);
    }
  }

  private async writeRecord(rec: ReleaseRecord): Promise<void> {
    const s = releaseSecret(rec);
    await step(`cannot record release "${rec.name}" revision ${rec.version}`, () => this.target.apply(s, { fieldManager: FIELD_MANAGER, force: true }));
  }

  async observe(): Promise<Observed> {
    const l = await this.latest();
    if (!l) return { exists: false, upToDate: false };
    const rec = l.record;
    const atProvider = releaseObservation(rec);
    if (this.mr.metadata.deletionTimestamp) return { exists: true, upToDate: true, atProvider };
    const spec = this.checked();
    const config = await this.composedValues();
    // provider-helm's isUpToDate: the chart and its version, and the values (no re-render per reconcile, so a
    // chart using random functions does not upgrade forever). An empty version is the one installed.
    // A chart URL names no chart or version: the package there (cached by URL) does.
    const byUrl = spec.chart.url ? (await this.fetchChart()).chart.metadata : undefined;
    const chartName = byUrl ? byUrl.name : spec.chart.name!;
    const chartVersion = byUrl ? String(byUrl.version) : (spec.chart.version ?? String(rec.chart.metadata.version));
    const upToDate = releaseUpToDate(rec, { chartName, chartVersion, config, manifest: rec.manifest });
    let ready = rec.info.status === 'deployed' ? Available() : Unavailable(`release "${rec.name}" revision ${rec.version} is ${rec.info.status}: ${rec.info.description}`);
    if (spec.wait && rec.info.status === 'deployed') ready = (await this.health(rec)) ?? ready;
    return { exists: true, upToDate, ready, atProvider };
  }

  /** With `wait`: Unavailable until every resource of the release is Healthy (Argo CD's health assessment). */
  private async health(rec: ReleaseRecord): Promise<ReturnType<typeof Unavailable> | undefined> {
    for (const o of manifestObjects(rec.manifest)) {
      const m = await this.prepare(o).catch(() => undefined);
      if (!m) return Unavailable(`waiting for ${o.kind} ${o.metadata.name}: its kind is not served`);
      if (this.cluster) this.track.object(this.cluster, m.metadata.namespace ?? '', m.metadata.name!);
      let live: KObject | undefined;
      try {
        live = await this.target.get(this.ref(m));
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      const h = assessHealth(live);
      if (h && h.status !== 'Healthy') return Unavailable(`waiting for ${m.kind} ${m.metadata.namespace ? `${m.metadata.namespace}/` : ''}${m.metadata.name}: ${h.status}${h.message ? `: ${h.message}` : ''}`);
    }
    return undefined;
  }

  /** The chart fetched and rendered for revision `version`, a failure in Helm's words ("failed to install release: …"). */
  private async fetchAndRender(verb: 'install' | 'upgrade', version: number): Promise<{ fetched: FetchedChart; r: Rendered }> {
    try {
      const fetched = await this.fetchChart();
      return { fetched, r: await this.render(fetched, version, verb === 'install') };
    } catch (e) {
      throw new Error(`failed to ${verb} release: ${errText(e)}`);
    }
  }

  /** The release record (Helm's release Secret payload) of revision `version`. */
  private async record(fetched: FetchedChart, r: Rendered, version: number, info: ReleaseRecord['info']): Promise<ReleaseRecord> {
    return {
      name: this.name,
      namespace: this.namespace,
      version,
      info,
      chart: chartRecord(fetched.chart),
      config: jsonValues(await this.composedValues()),
      manifest: r.manifest,
      hooks: r.hooks.map(({ object: _o, ...h }) => h),
    };
  }

  async create(): Promise<Creation> {
    const { fetched, r } = await this.fetchAndRender('install', 1);
    const now = new Date().toISOString();
    const rec = await this.record(fetched, r, 1, { first_deployed: now, last_deployed: now, deleted: '', description: 'Install complete', status: 'deployed' });
    await this.ensureNamespace();
    try {
      await this.applyAll(r.crds);
      await this.runHooks(r, 'pre-install');
      await this.applyAll(r.resources);
      await this.runHooks(r, 'post-install');
    } catch (e) {
      await this.writeRecord({ ...rec, info: { ...rec.info, status: 'failed', description: `Release ${JSON.stringify(this.name)} failed: ${errText(e)}` } });
      throw new Error(`failed to install release: ${errText(e)}`);
    }
    await this.writeRecord(rec);
    return { atProvider: releaseObservation(rec) };
  }

  async update(): Promise<Obj> {
    const l = await this.latest();
    if (!l) return (await this.create()).atProvider!;
    const prev = l.record;
    const revision = prev.version + 1;
    const { fetched, r } = await this.fetchAndRender('upgrade', revision);
    const now = new Date().toISOString();
    const rec = await this.record(fetched, r, revision, { first_deployed: prev.info.first_deployed, last_deployed: now, deleted: '', description: 'Upgrade complete', status: 'deployed' });
    try {
      await this.runHooks(r, 'pre-upgrade');
      const applied = await this.applyAll(r.resources);
      const before = await Promise.all(manifestObjects(prev.manifest).map((o) => this.prepare(o).catch(() => undefined)));
      await this.deleteObjects(pruned(before.filter((o): o is KObject => !!o), applied));
      await this.runHooks(r, 'post-upgrade');
    } catch (e) {
      await this.writeRecord({ ...rec, info: { ...rec.info, status: 'failed', description: `Upgrade ${JSON.stringify(this.name)} failed: ${errText(e)}` } });
      throw new Error(`failed to upgrade release: ${errText(e)}`);
    }
    if (prev.info.status === 'deployed') await this.writeRecord({ ...prev, info: { ...prev.info, status: 'superseded' } });
    await this.writeRecord(rec);
    await this.trimHistory();
    return releaseObservation(rec);
  }

  /** `maxHistory`: the oldest release Secrets beyond it are deleted (as `helm upgrade --history-max`). */
  private async trimHistory(): Promise<void> {
    const max = this.checked().maxHistory;
    if (!max) return;
    const items = (await this.history()).sort((a, b) => Number(b.metadata.labels?.version) - Number(a.metadata.labels?.version));
    for (const s of items.slice(max)) {
      await this.target.delete({ apiVersion: 'v1', kind: 'Secret', namespace: this.namespace, name: s.metadata.name }).catch((e) => {
        if (!isNotFound(e)) throw e;
      });
    }
  }

  /** Helm uninstall: the latest revision's resources (not CRDs, not hooks), then every release Secret. */
  async delete(): Promise<void> {
    const items = await this.history();
    const l = latestRelease(items);
    if (l) {
      try {
        await this.deleteObjects(manifestObjects(l.record.manifest));
      } catch (e) {
        throw new Error(`failed to uninstall release: ${errText(e)}`);
      }
    }
    for (const s of items) {
      try {
        await this.target.delete({ apiVersion: 'v1', kind: 'Secret', namespace: this.namespace, name: s.metadata.name });
      } catch (e) {
        if (!isNotFound(e)) throw new Error(`failed to uninstall release: cannot delete ${s.metadata.name}: ${errText(e)}`);
      }
    }
  }
}

export { decodeReleaseSecret };
