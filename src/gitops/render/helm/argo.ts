/**
 * An Application's Helm source rendered as Argo CD's repo server runs `helm template`
 * (reposerver/repository.go helmTemplate): release name (default the app name), namespace (default the
 * destination's), value files relative to the app path in order (`ignoreMissingValueFiles`), then `values`
 * or `valuesObject` (the object wins), then `parameters` (`--set`, `--set-string` with forceString) and
 * `fileParameters` (`--set-file`), `--include-crds` unless `skipCrds`, `skipSchemaValidation`, `skipTests`,
 * `kubeVersion`/`apiVersions` overrides.
 */
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isObject, type KObject } from '../../../apiserver/types.ts';
import { isMap } from '../../../lib/gotemplate/value.ts';
import { parseGoYaml } from '../../../lib/gotemplate/index.ts';
import { RenderError } from '../errors.ts';
import { loadChartDir, type Chart } from './chart.ts';
import { HelmTemplateError } from './engine.ts';
import { manifestsToObjects, templateChart } from './template.ts';
import { mergeValues, parseSet, SetParseError, typedVal, type Values } from './values.ts';

/** Kubernetes version assumed when `helm.kubeVersion` is not set: the API level Marina's clusters serve (src/hub/version.ts). */
export const DEFAULT_KUBE_VERSION = 'v1.33.0';

/** API versions of a stock cluster, for `.Capabilities.APIVersions.Has` when the destination's are unknown. */
export const DEFAULT_API_VERSIONS = [
  'v1', 'admissionregistration.k8s.io/v1', 'apiextensions.k8s.io/v1', 'apiregistration.k8s.io/v1', 'apps/v1',
  'authentication.k8s.io/v1', 'authorization.k8s.io/v1', 'autoscaling/v1', 'autoscaling/v2', 'batch/v1',
  'certificates.k8s.io/v1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1', 'networking.k8s.io/v1', 'node.k8s.io/v1', 'policy/v1',
  'rbac.authorization.k8s.io/v1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1',
];

export interface HelmSourceSpec {
  releaseName?: string;
  namespace?: string;
  valueFiles?: string[];
  ignoreMissingValueFiles?: boolean;
  values?: string;
  valuesObject?: Record<string, unknown>;
  parameters?: Array<{ name?: string; value?: string; forceString?: boolean }>;
  fileParameters?: Array<{ name?: string; path?: string }>;
  skipCrds?: boolean;
  skipSchemaValidation?: boolean;
  skipTests?: boolean;
  passCredentials?: boolean;
  version?: string;
  kubeVersion?: string;
  apiVersions?: string[];
}

export interface HelmRenderContext {
  /** Application name: the default release name. */
  appName: string;
  /** Destination namespace: the default release namespace. */
  namespace: string;
  /** The checkout root: value files must stay inside it. */
  repoRoot?: string;
  kubeVersion?: string;
  apiVersions?: string[];
}

const KNOWN = new Set(['releaseName', 'namespace', 'valueFiles', 'ignoreMissingValueFiles', 'values', 'valuesObject', 'parameters', 'fileParameters', 'skipCrds', 'skipSchemaValidation', 'skipTests', 'passCredentials', 'version', 'kubeVersion', 'apiVersions']);

/** Renders a chart folder for an Application source. */
export async function renderHelmDir(dir: string, spec: unknown, ctx: HelmRenderContext): Promise<KObject[]> {
  let chart: Chart;
  try {
    chart = await loadChartDir(dir);
  } catch (e) {
    if (e instanceof RenderError) throw e;
    throw new HelmTemplateError(`cannot load chart: ${(e as Error).message}`);
  }
  return renderHelmChart(chart, dir, spec, ctx);
}

/** Renders a loaded chart; `dir` is where value files and file parameters are resolved (the app path). */
export async function renderHelmChart(chart: Chart, dir: string | undefined, spec: unknown, ctx: HelmRenderContext): Promise<KObject[]> {
  const h = checkSpec(spec);
  const values = await userValues(h, dir, ctx.repoRoot ?? dir);
  const manifests = templateChart(chart, {
    release: { name: h.releaseName || ctx.appName, namespace: h.namespace || ctx.namespace || 'default' },
    capabilities: { kubeVersion: h.kubeVersion || ctx.kubeVersion || DEFAULT_KUBE_VERSION, apiVersions: h.apiVersions?.length ? h.apiVersions : (ctx.apiVersions ?? DEFAULT_API_VERSIONS) },
    values,
    includeCrds: !h.skipCrds,
    skipTests: h.skipTests === true,
    skipSchemaValidation: h.skipSchemaValidation === true,
  });
  return manifestsToObjects(manifests);
}

function checkSpec(spec: unknown): HelmSourceSpec {
  if (spec === undefined || spec === null) return {};
  if (!isObject(spec)) throw new RenderError('InvalidSource', 'spec.source.helm: must be an object');
  for (const k of Object.keys(spec)) if (!KNOWN.has(k)) throw new RenderError('Unsupported', `spec.source.helm.${k} is not supported by Marina`);
  if (spec.version !== undefined && spec.version !== '' && spec.version !== 'v3') throw new RenderError('Unsupported', `spec.source.helm.version "${String(spec.version)}" is not supported: only v3 charts are rendered`);
  return spec as HelmSourceSpec;
}

async function userValues(h: HelmSourceSpec, dir: string | undefined, root: string | undefined): Promise<Values> {
  let values: Values = {};
  for (const [i, f] of (h.valueFiles ?? []).entries()) {
    if (typeof f !== 'string') throw new RenderError('InvalidSource', `spec.source.helm.valueFiles[${i}]: must be a string`);
    if (f.startsWith('$')) throw new RenderError('Unsupported', `spec.source.helm.valueFiles[${i}]: "${f}": value files from another source ($ref) are not supported yet`);
    if (/^https?:\/\//.test(f)) throw new RenderError('Unsupported', `spec.source.helm.valueFiles[${i}]: "${f}": value files from URLs are not supported`);
    if (!dir) throw new RenderError('InvalidSource', `spec.source.helm.valueFiles[${i}]: "${f}": a chart from a Helm repository has no files to read value files from`);
    const path = await insidePath(dir, f, root, `spec.source.helm.valueFiles[${i}]`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && h.ignoreMissingValueFiles) continue;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new HelmTemplateError(`open ${f}: no such file or directory`);
      throw e;
    }
    values = mergeValues(values, parseValues(text, f));
  }
  if (h.valuesObject !== undefined && h.valuesObject !== null) {
    if (!isMap(h.valuesObject)) throw new RenderError('InvalidSource', 'spec.source.helm.valuesObject: must be an object');
    values = mergeValues(values, structuredClone(h.valuesObject));
  } else if (typeof h.values === 'string' && h.values.trim() !== '') {
    values = mergeValues(values, parseValues(h.values, 'spec.source.helm.values'));
  } else if (h.values !== undefined && typeof h.values !== 'string') throw new RenderError('InvalidSource', 'spec.source.helm.values: must be a string (use valuesObject for an object)');
  const set: Values = {};
  const setString: Values = {};
  for (const [i, p] of (h.parameters ?? []).entries()) {
    if (!p || typeof p.name !== 'string' || p.name === '') throw new RenderError('InvalidSource', `spec.source.helm.parameters[${i}].name: required`);
    const expr = `${p.name}=${p.value ?? ''}`;
    try {
      if (p.forceString) parseSet(expr, setString, (v) => typedVal(v, true));
      else parseSet(expr, set, (v) => typedVal(v, false));
    } catch (e) {
      if (e instanceof SetParseError) throw new RenderError('InvalidSource', `spec.source.helm.parameters[${i}]: failed parsing --set data: ${e.message}`);
      throw e;
    }
  }
  values = mergeValues(mergeValues(values, set), setString);
  const setFile: Values = {};
  for (const [i, p] of (h.fileParameters ?? []).entries()) {
    if (!p || typeof p.name !== 'string' || !p.name || typeof p.path !== 'string' || !p.path) throw new RenderError('InvalidSource', `spec.source.helm.fileParameters[${i}]: name and path are required`);
    if (!dir) throw new RenderError('InvalidSource', `spec.source.helm.fileParameters[${i}]: a chart from a Helm repository has no files`);
    const path = await insidePath(dir, p.path, root, `spec.source.helm.fileParameters[${i}].path`);
    let content: string;
    try {
      content = await readFile(path, 'utf8');
    } catch {
      throw new HelmTemplateError(`failed parsing --set-file data: open ${p.path}: no such file or directory`);
    }
    parseSet(`${p.name}=x`, setFile, () => content);
  }
  return mergeValues(values, setFile);
}

function parseValues(text: string, what: string): Values {
  let v: unknown;
  try {
    v = parseGoYaml(text);
  } catch (e) {
    throw new HelmTemplateError(`failed to parse ${what}: ${(e as Error).message}`);
  }
  if (v === null || v === undefined) return {};
  if (!isMap(v)) throw new HelmTemplateError(`failed to parse ${what}: error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`);
  return v;
}

/** A file path relative to the app path that must stay inside the repository (symlinks resolved). */
async function insidePath(dir: string, p: string, root: string | undefined, field: string): Promise<string> {
  const full = isAbsolute(p) ? join(root ?? dir, p) : resolve(dir, p);
  const base = root ?? dir;
  let real = full;
  try {
    real = await realpath(full);
  } catch {
    // missing files are reported by the caller
  }
  const realBase = await realpath(base).catch(() => base);
  const rel = relative(realBase, real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new RenderError('InvalidSource', `${field}: "${p}" resolves outside the repository`);
  return full;
}
