/**
 * provider-helm's `Release`, the pure parts: the spec read and checked (errors name the field), values
 * composed as provider-helm does (`valuesFrom` in order, then `values`, then `set`), the rendered chart
 * split into CRDs, resources and hooks, Helm's release record (`sh.helm.release.v1.NAME.vREVISION`
 * Secrets, type `helm.sh/release.v1`, payload base64(gzip(JSON)) as Helm's secrets driver writes it) and
 * the up-to-date decision.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { KObject } from '../../apiserver/types.ts';
import { isObject } from '../../apiserver/types.ts';
import { isMap } from '../../lib/gotemplate/value.ts';
import { parseGoYaml } from '../../lib/gotemplate/index.ts';
import type { Chart } from '../../gitops/render/helm/chart.ts';
import { manifestsToObjects, type Manifest } from '../../gitops/render/helm/template.ts';
import { mergeValues, parseSet, SetParseError, typedVal, type Values } from '../../gitops/render/helm/values.ts';
import { deepEqual } from '../controller/util.ts';

type Obj = Record<string, any>;

export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
export const FIELD_MANAGER = 'provider-helm';
export const releaseSecretName = (name: string, revision: number) => `sh.helm.release.v1.${name}.v${revision}`;

export interface KeyRef {
  kind: 'ConfigMap' | 'Secret';
  namespace: string;
  name: string;
  key: string;
  optional: boolean;
  /** The field it came from, for errors. */
  field: string;
}

export interface ReleaseSpec {
  chart: { name?: string; repository?: string; version?: string; url?: string; pullSecretRef?: { name: string; namespace: string } };
  namespace: string;
  skipCreateNamespace: boolean;
  skipCRDs: boolean;
  wait: boolean;
  insecureSkipTLSVerify: boolean;
  maxHistory?: number;
  values: Values;
  valuesFrom: KeyRef[];
  set: Array<{ name: string; value?: string; valueFrom?: KeyRef; field: string }>;
}

/** Fields of spec.forProvider Marina does not implement: set, they are an error naming them. */
const UNSUPPORTED: Record<string, string> = {
  patchesFrom: 'spec.forProvider.patchesFrom is not supported by Marina yet',
  takeOwnership: 'spec.forProvider.takeOwnership is not supported by Marina (existing objects are always adopted by server-side apply)',
};

function keyRef(src: unknown, field: string, defaultKey: string): KeyRef {
  if (!isObject(src)) throw new Error(`${field}: must set configMapKeyRef or secretKeyRef`);
  const cm = src.configMapKeyRef;
  const sec = src.secretKeyRef;
  const ref = (cm ?? sec) as Obj | undefined;
  if (!ref || (cm && sec)) throw new Error(`${field}: must set exactly one of configMapKeyRef and secretKeyRef`);
  const sub = `${field}.${cm ? 'configMapKeyRef' : 'secretKeyRef'}`;
  if (!ref.name || !ref.namespace) throw new Error(`${sub}: name and namespace are required`);
  const key = ref.key || defaultKey;
  if (!key) throw new Error(`${sub}.key: required`);
  return { kind: cm ? 'ConfigMap' : 'Secret', namespace: String(ref.namespace), name: String(ref.name), key: String(key), optional: ref.optional === true, field: sub };
}

/** `spec.forProvider` of a Release, checked. */
export function releaseSpec(spec: Obj | undefined): ReleaseSpec {
  const fp = (spec?.forProvider ?? {}) as Obj;
  for (const [k, why] of Object.entries(UNSUPPORTED)) if (fp[k] !== undefined && fp[k] !== null && fp[k] !== false && !(Array.isArray(fp[k]) && fp[k].length === 0)) throw new Error(why);
  if (Array.isArray(spec?.connectionDetails) && spec.connectionDetails.length) throw new Error('spec.connectionDetails is not supported by Marina yet');
  const chart = (fp.chart ?? {}) as Obj;
  if (chart.digest) throw new Error(`spec.forProvider.chart.digest: Helm OCI registries are not supported by Marina yet`);
  if (!chart.url) {
    if (!chart.name) throw new Error('spec.forProvider.chart.name: required when spec.forProvider.chart.url is not set');
    if (!chart.repository) throw new Error('spec.forProvider.chart.repository: required when spec.forProvider.chart.url is not set');
  }
  const repoOrUrl = String(chart.url || chart.repository);
  if (repoOrUrl.startsWith('oci://')) throw new Error(`spec.forProvider.chart: Helm OCI registries are not supported by Marina yet: "${repoOrUrl}" (use an http(s) Helm chart repository)`);
  if (!/^https?:\/\//.test(repoOrUrl)) throw new Error(`spec.forProvider.chart.${chart.url ? 'url' : 'repository'}: "${repoOrUrl}" must be an http:// or https:// URL`);
  if (!fp.namespace) throw new Error('spec.forProvider.namespace: required');
  if (fp.values !== undefined && fp.values !== null && !isMap(fp.values)) throw new Error('spec.forProvider.values: must be an object');
  const pull = chart.pullSecretRef;
  if (pull && (!pull.name || !pull.namespace)) throw new Error('spec.forProvider.chart.pullSecretRef: name and namespace are required');
  const set = ((fp.set ?? []) as Obj[]).map((s, i) => {
    const field = `spec.forProvider.set[${i}]`;
    if (!s?.name) throw new Error(`${field}.name: required`);
    return { name: String(s.name), value: s.value === undefined ? undefined : String(s.value), valueFrom: s.valueFrom ? keyRef(s.valueFrom, `${field}.valueFrom`, '') : undefined, field };
  });
  return {
    chart: { name: chart.name, repository: chart.repository, version: chart.version || undefined, url: chart.url || undefined, pullSecretRef: pull ? { name: pull.name, namespace: pull.namespace } : undefined },
    namespace: String(fp.namespace),
    skipCreateNamespace: fp.skipCreateNamespace === true,
    skipCRDs: fp.skipCRDs === true,
    wait: fp.wait === true,
    insecureSkipTLSVerify: fp.insecureSkipTLSVerify === true,
    maxHistory: typeof fp.maxHistory === 'number' && fp.maxHistory > 0 ? fp.maxHistory : undefined,
    values: (fp.values ?? {}) as Values,
    valuesFrom: ((fp.valuesFrom ?? []) as unknown[]).map((v, i) => keyRef(v, `spec.forProvider.valuesFrom[${i}]`, 'values.yaml')),
    set,
  };
}

/**
 * provider-helm's composeValuesFromSpec: each `valuesFrom` text (YAML; undefined = optional and missing)
 * merged in order, then `values`, then each `set` (`--set` syntax) with its value or resolved valueFrom.
 */
export function composeValues(spec: ReleaseSpec, valuesFrom: Array<string | undefined>, setValues: Array<string | undefined>): Values {
  let base: Values = {};
  valuesFrom.forEach((text, i) => {
    if (text === undefined || text.trim() === '') return;
    let v: unknown;
    try {
      v = parseGoYaml(text);
    } catch (e) {
      throw new Error(`${spec.valuesFrom[i]!.field}: cannot parse values: ${(e as Error).message}`);
    }
    if (v === null || v === undefined) return;
    if (!isMap(v)) throw new Error(`${spec.valuesFrom[i]!.field}: values must be a YAML mapping`);
    base = mergeValues(base, v);
  });
  base = mergeValues(base, structuredClone(spec.values));
  spec.set.forEach((s, i) => {
    const v = s.valueFrom ? (setValues[i] ?? '') : (s.value ?? '');
    try {
      parseSet(`${s.name}=${v}`, base, (raw) => typedVal(raw, false));
    } catch (e) {
      if (e instanceof SetParseError) throw new Error(`${s.field}: failed parsing --set data: ${e.message}`);
      throw e;
    }
  });
  return base;
}

/** Values as JSON would carry them (the `--set` parser makes bigints). */
export function jsonValues<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x))) as T;
}

export interface Hook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: string[];
  weight: number;
  delete_policies: string[];
}

export interface Rendered {
  /** `crds/` objects (installed first, never upgraded or deleted, as Helm). */
  crds: KObject[];
  /** The release's resources, in Helm's install order. */
  resources: KObject[];
  hooks: Array<Hook & { object: KObject }>;
  /** Helm's release manifest text (resources only). */
  manifest: string;
}

/** Helm's InstallOrder (kind → rank); other kinds after them. */
const INSTALL_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount', 'Secret',
  'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList',
  'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod',
  'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress',
  'APIService',
];
const rank = (kind: string) => {
  const i = INSTALL_ORDER.indexOf(kind);
  return i < 0 ? INSTALL_ORDER.length : i;
};

const HOOK_EVENTS = new Set(['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test', 'test-success', 'test-failure']);

/** Splits `helm template` output (CRD manifests come from `crds/` paths) into what an install applies. */
export function splitRendered(manifests: Manifest[]): Rendered {
  const crds: KObject[] = [];
  const resources: Array<{ source: string; text: string; object: KObject }> = [];
  const hooks: Array<Hook & { object: KObject }> = [];
  for (const m of manifests) {
    const objects = manifestsToObjects([m]);
    if (/\/crds\/[^/]+$/.test(m.source) && !m.source.includes('/templates/')) {
      crds.push(...objects);
      continue;
    }
    for (const object of objects) {
      const hook = object.metadata.annotations?.['helm.sh/hook'];
      if (hook) {
        const events = hook.split(',').map((h) => h.trim()).filter((h) => HOOK_EVENTS.has(h));
        const weight = Number.parseInt(object.metadata.annotations?.['helm.sh/hook-weight'] ?? '0', 10) || 0;
        const policies = (object.metadata.annotations?.['helm.sh/hook-delete-policy'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
        hooks.push({ name: object.metadata.name ?? '', kind: object.kind, path: m.source, manifest: m.text, events, weight, delete_policies: policies.length ? policies : ['before-hook-creation'], object });
      } else resources.push({ source: m.source, text: m.text, object });
    }
  }
  const manifest = resources.map((r) => `---\n# Source: ${r.source}\n${r.text.replace(/^\n+|\n+$/g, '')}\n`).join('');
  const ordered = resources.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r.object.kind) - rank(b.r.object.kind) || a.i - b.i);
  return { crds, resources: ordered.map((x) => x.r.object), hooks: hooks.sort((a, b) => a.weight - b.weight || (a.name < b.name ? -1 : 1)), manifest };
}

/** Helm's UninstallOrder: the install order reversed (by kind; within a kind, the manifest order reversed). */
export function uninstallOrder(objects: KObject[]): KObject[] {
  return objects.map((o, i) => ({ o, i })).sort((a, b) => rank(b.o.kind) - rank(a.o.kind) || b.i - a.i).map((x) => x.o);
}

/** Helm's release record (release.Release as JSON). */
export interface ReleaseRecord {
  name: string;
  namespace: string;
  version: number;
  info: { first_deployed: string; last_deployed: string; deleted: string; description: string; status: string };
  chart: { metadata: Obj; lock: null; templates: Array<{ name: string; data: string }>; values: Obj; schema: string | null; files: Array<{ name: string; data: string }> };
  config: Values;
  manifest: string;
  hooks: Hook[];
}

export function chartRecord(chart: Chart): ReleaseRecord['chart'] {
  const b64 = (f: { name: string; data: Buffer }) => ({ name: f.name, data: f.data.toString('base64') });
  return { metadata: chart.metadata, lock: null, templates: chart.templates.map(b64), values: jsonValues(chart.values), schema: chart.schema ? chart.schema.toString('base64') : null, files: chart.files.map(b64) };
}

/** The Secret Helm's secrets driver stores a release in. */
export function releaseSecret(rel: ReleaseRecord): KObject {
  const payload = gzipSync(Buffer.from(JSON.stringify(rel))).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: releaseSecretName(rel.name, rel.version),
      namespace: rel.namespace,
      labels: { name: rel.name, owner: 'helm', status: rel.info.status, version: String(rel.version), modifiedAt: String(Math.floor(Date.parse(rel.info.last_deployed) / 1000)) },
    },
    type: RELEASE_SECRET_TYPE,
    data: { release: Buffer.from(payload).toString('base64') },
  };
}

/** The release in a Helm release Secret (as `helm` reads it). */
export function decodeReleaseSecret(secret: KObject): ReleaseRecord {
  const data = (secret as Obj).data?.release;
  if (typeof data !== 'string') throw new Error(`release secret ${secret.metadata.name} has no release data`);
  let raw = Buffer.from(Buffer.from(data, 'base64').toString('utf8'), 'base64');
  if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
  return JSON.parse(raw.toString('utf8')) as ReleaseRecord;
}

/** The latest release among a name's release Secrets (highest version). */
export function latestRelease(secrets: KObject[]): { secret: KObject; record: ReleaseRecord } | undefined {
  let best: { secret: KObject; version: number } | undefined;
  for (const s of secrets) {
    const v = Number(s.metadata.labels?.version);
    if (Number.isFinite(v) && (!best || v > best.version)) best = { secret: s, version: v };
  }
  return best ? { secret: best.secret, record: decodeReleaseSecret(best.secret) } : undefined;
}

export interface Desired {
  chartName: string;
  chartVersion: string;
  config: Values;
  manifest: string;
}

/** provider-helm's isUpToDate, on what Marina renders: same chart and version, same values, same manifest, deployed. */
export function releaseUpToDate(rec: ReleaseRecord, want: Desired): boolean {
  if (rec.info.status !== 'deployed') return false;
  if (rec.chart.metadata.name !== want.chartName || rec.chart.metadata.version !== want.chartVersion) return false;
  if (!deepEqual(jsonValues(rec.config ?? {}), jsonValues(want.config))) return false;
  return rec.manifest === want.manifest;
}

/** `apiVersion|kind|namespace|name` of an object, for pruning. */
export const objectId = (o: KObject) => `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name ?? ''}`;

/** Objects of the previous manifest that the new one no longer has (Helm deletes them on upgrade). */
export function pruned(previous: KObject[], next: KObject[]): KObject[] {
  const keep = new Set(next.map(objectId));
  return previous.filter((o) => !keep.has(objectId(o)));
}

/** The objects of a recorded manifest (Helm's releaseutil.SplitManifests). */
export function manifestObjects(manifest: string): KObject[] {
  const docs = manifest.split(/(?:^|\n)---\s*\n/).filter((d) => d.trim() !== '');
  return manifestsToObjects(docs.map((text) => ({ source: /^# Source: (.*)$/m.exec(text)?.[1] ?? 'manifest', text })));
}

/** `status.atProvider` from the release record. */
export function releaseObservation(rec: ReleaseRecord): Obj {
  return { releaseDescription: rec.info.description, revision: rec.version, state: rec.info.status, version: rec.chart.metadata.version };
}
