/**
 * `helm template` without a Helm binary: dependencies resolved, values coalesced, templates rendered,
 * outputs split into manifests (`---` separators, empty documents dropped, NOTES.txt skipped), CRDs from
 * `crds/` folders first (`--include-crds`), hooks kept with their `helm.sh/hook` annotations (the sync
 * engine maps them to Argo CD phases), test hooks dropped with `skipTests`.
 */
import { parseAllDocuments } from 'yaml';
import { isObject, type KObject } from '../../../apiserver/types.ts';
import { GO_YAML_OPTIONS, toJsonValue } from '../../../lib/gotemplate/index.ts';
import type { Chart } from './chart.ts';
import { checkDependencies, processDependencies } from './dependencies.ts';
import { HelmTemplateError, renderTemplates, type CapabilitiesInfo, type ReleaseInfo } from './engine.ts';
import { validateSchemas } from './schema.ts';
import { coalesceValues, type Values } from './values.ts';

export interface TemplateOptions {
  release: ReleaseInfo;
  capabilities: CapabilitiesInfo;
  /** Values given by the user (value files, values, --set), already merged in order. */
  values: Values;
  includeCrds?: boolean;
  skipTests?: boolean;
  skipSchemaValidation?: boolean;
}

export interface Manifest {
  /** Template path, e.g. "mychart/templates/deployment.yaml" (Helm's `# Source:`). */
  source: string;
  text: string;
}

/** Helm's releaseutil.SplitManifests separator. */
const SEP = /(?:^|\s*\n)---\s*/;

export function templateChart(chart: Chart, opts: TemplateOptions): Manifest[] {
  if (chart.metadata.type === 'library') throw new HelmTemplateError('library charts are not installable');
  if (chart.dependencies.length) checkDependencies(chart);
  const resolved = processDependencies(chart, opts.values);
  const values = coalesceValues(resolved, opts.values);
  if (!opts.skipSchemaValidation) validateSchemas(resolved, values);
  const rendered = renderTemplates(resolved, values, { release: opts.release, capabilities: opts.capabilities });
  const out: Manifest[] = [];
  if (opts.includeCrds) out.push(...crdManifests(resolved, resolved.metadata.name));
  for (const [source, text] of [...rendered.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (source.endsWith('NOTES.txt')) continue;
    for (const doc of text.split(SEP)) {
      if (doc.trim() === '') continue;
      if (opts.skipTests && isTestHook(doc)) continue;
      out.push({ source, text: doc });
    }
  }
  return out;
}

function crdManifests(chart: Chart, path: string): Manifest[] {
  const out: Manifest[] = [];
  for (const f of chart.files) {
    if (!f.name.startsWith('crds/') || !/\.(ya?ml|json)$/.test(f.name)) continue;
    for (const doc of f.data.toString('utf8').split(SEP)) if (doc.trim() !== '') out.push({ source: `${path}/${f.name}`, text: doc });
  }
  for (const sub of chart.subcharts) out.push(...crdManifests(sub, `${path}/charts/${sub.metadata.name}`));
  return out;
}

const TEST_HOOK = /helm\.sh\/hook["']?\s*:\s*["']?[^\n]*\btest(-success|-failure)?\b/;
function isTestHook(doc: string): boolean {
  if (!TEST_HOOK.test(doc)) return false;
  const v = parseDoc(doc, '');
  const hook = isObject(v) && isObject(v.metadata) && isObject(v.metadata.annotations) ? v.metadata.annotations['helm.sh/hook'] : undefined;
  return typeof hook === 'string' && hook.split(',').some((h) => ['test', 'test-success', 'test-failure'].includes(h.trim()));
}

function parseDoc(text: string, source: string): unknown {
  const docs = parseAllDocuments(text, GO_YAML_OPTIONS as never);
  const list = Array.isArray(docs) ? docs : [docs];
  const doc = list[0];
  if (!doc) return null;
  if (doc.errors.length) throw new HelmTemplateError(`YAML parse error on ${source}: error converting YAML to JSON: yaml: ${doc.errors[0]!.message.split('\n')[0]}`, source);
  return toJsonValue(doc.toJS({ maxAliasCount: 10_000 }));
}

/** Manifests to objects, as Argo CD reads `helm template` output (kube.SplitYAML). */
export function manifestsToObjects(manifests: Manifest[]): KObject[] {
  const out: KObject[] = [];
  for (const m of manifests) {
    const v = parseDoc(m.text, m.source);
    if (v === null || v === undefined) continue;
    if (!isObject(v)) throw new HelmTemplateError(`${m.source}: rendered a document that is not a Kubernetes object: ${JSON.stringify(v).slice(0, 120)}`, m.source);
    if (Array.isArray(v.items) && typeof v.kind === 'string' && v.kind.endsWith('List')) {
      for (const item of v.items) if (isObject(item)) out.push(withMeta(item));
      continue;
    }
    if (typeof v.kind !== 'string' || v.kind === '') throw new HelmTemplateError(`${m.source}: Object 'Kind' is missing in '${JSON.stringify(v).slice(0, 200)}'`, m.source);
    out.push(withMeta(v));
  }
  return out;
}

const withMeta = (o: Record<string, unknown>): KObject => (isObject(o.metadata) ? o : { ...o, metadata: {} }) as KObject;
