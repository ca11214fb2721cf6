/**
 * ApplicationSet generators (Argo CD's applicationset/generators): list, clusters, git (directories, files),
 * matrix and merge. Each turns its spec into parameter sets; collaborators (cluster secrets, Git) come in
 * through GeneratorContext, so everything here is tested from tables. Parameter shapes follow Argo CD: nested
 * values for goTemplate, flat dotted strings (`path.basename`, `metadata.labels.x`) for fasttemplate.
 */
import { isObject, type KObject } from '../../apiserver/types.ts';
import { parseGoYaml } from '../../lib/gotemplate/index.ts';
import { globMatch } from '../render/glob.ts';
import { secretData } from '../repo/index.ts';
import { flattenParams, normalizeName, renderDeep } from './template.ts';
import { GeneratorError, type Generator, type GeneratorContext, type LabelSelector, type Params } from './types.ts';

export const IN_CLUSTER = { name: 'in-cluster', server: 'https://kubernetes.default.svc' };
const KNOWN = ['list', 'clusters', 'git', 'matrix', 'merge'];

/** The parameter sets of one generator (its `selector` applied). */
export async function generate(g: Generator, ctx: GeneratorContext, goTemplate: boolean): Promise<Params[]> {
  const kinds = Object.keys(g).filter((k) => k !== 'selector' && g[k] !== undefined && g[k] !== null);
  const kind = kinds.find((k) => KNOWN.includes(k));
  const unknown = kinds.filter((k) => !KNOWN.includes(k));
  if (!kind) throw new GeneratorError(unknown.length ? `generator ${unknown.join(', ')} is not supported by Marina yet (supported: ${KNOWN.join(', ')})` : 'no generator specified');
  let params: Params[];
  switch (kind) {
    case 'list':
      params = listParams(g.list!, goTemplate);
      break;
    case 'clusters':
      params = clusterParams(g.clusters!, ctx.clusterSecrets, goTemplate);
      break;
    case 'git':
      params = await gitParams(g.git!, ctx, goTemplate);
      break;
    case 'matrix':
      params = await matrixParams(g.matrix!.generators ?? [], ctx, goTemplate);
      break;
    default:
      params = await mergeParams(g.merge!.generators ?? [], g.merge!.mergeKeys ?? [], ctx, goTemplate);
  }
  if (g.selector) params = params.filter((p) => selectorMatches(g.selector!, stringMap(goTemplate ? p : flattenParams(p))));
  return params;
}

/** `list`: one set per element (`elementsYaml` too); fasttemplate sees scalars as strings and nested values flattened. */
export function listParams(list: NonNullable<Generator['list']>, goTemplate: boolean): Params[] {
  const elements = [...(list.elements ?? [])];
  if (list.elementsYaml) {
    const extra = parseGoYaml(list.elementsYaml);
    if (!Array.isArray(extra)) throw new GeneratorError('error unmarshling decoded ElementsYaml: elementsYaml must be a list');
    elements.push(...(extra as Array<Record<string, unknown>>));
  }
  return elements.map((e) => {
    if (!isObject(e)) throw new GeneratorError('error unmarshling list element: each element must be an object');
    return goTemplate ? structuredClone(e) : flattenParams(e);
  });
}

/** `clusters`: each Argo CD cluster secret (and the local cluster unless a selector is set) that the selector matches. */
export function clusterParams(spec: NonNullable<Generator['clusters']>, secrets: KObject[], goTemplate: boolean): Params[] {
  const clusters: Array<{ name: string; server: string; project?: string; labels: Record<string, string>; annotations: Record<string, string> }> = [];
  const hasSelector = !!spec.selector && (Object.keys(spec.selector.matchLabels ?? {}).length > 0 || (spec.selector.matchExpressions ?? []).length > 0);
  let inClusterSecret = false;
  for (const s of secrets) {
    if (s.metadata.labels?.['argocd.argoproj.io/secret-type'] !== 'cluster') continue;
    const d = secretData(s);
    if (!d.server) continue;
    if (d.server === IN_CLUSTER.server) inClusterSecret = true;
    if (hasSelector && !selectorMatches(spec.selector!, s.metadata.labels ?? {})) continue;
    clusters.push({ name: d.name || d.server, server: d.server, project: d.project, labels: { ...(s.metadata.labels ?? {}) }, annotations: { ...(s.metadata.annotations ?? {}) } });
  }
  // Argo CD: the local cluster is a candidate when no secret describes it, and only without a selector.
  if (!hasSelector && !inClusterSecret) clusters.unshift({ name: IN_CLUSTER.name, server: IN_CLUSTER.server, labels: {}, annotations: {} });
  return clusters.map((c) => {
    const base: Params = { name: c.name, nameNormalized: normalizeName(c.name), server: c.server, project: c.project ?? '', metadata: { labels: c.labels, annotations: c.annotations } };
    const values = spec.values ? renderDeep(spec.values, base, goTemplate) : undefined;
    const p: Params = values ? { ...base, values } : base;
    return goTemplate ? p : flattenParams(p);
  });
}

/** `git`: matching directories or files of the repository at `revision`. */
export async function gitParams(spec: NonNullable<Generator['git']>, ctx: GeneratorContext, goTemplate: boolean): Promise<Params[]> {
  if (!spec.repoURL) throw new GeneratorError('git generator: repoURL is required');
  const hasDirs = !!spec.directories?.length;
  const hasFiles = !!spec.files?.length;
  if (hasDirs === hasFiles) throw new GeneratorError('git generator: exactly one of directories and files must be set');
  const tree = await ctx.git(spec.repoURL, spec.revision || 'HEAD').catch((e) => {
    throw new GeneratorError(`error generating params from git: ${(e as Error).message}`);
  });
  const prefix = spec.pathParamPrefix ?? '';
  const withValues = (p: Params) => (spec.values ? { ...p, values: renderDeep(spec.values, p, goTemplate) } : p);
  if (hasDirs) {
    const dirs = filterPaths(await tree.directories(), spec.directories!);
    return dirs.map((d) => {
      const p = withValues(prefixed(prefix, pathParams(d, false)));
      return goTemplate ? p : flattenPathParams(p, prefix);
    });
  }
  const out: Params[] = [];
  for (const f of filterPaths(await tree.files(), spec.files!)) {
    const text = await tree.read(f);
    let doc: unknown;
    try {
      doc = parseGoYaml(text);
    } catch (e) {
      throw new GeneratorError(`unable to process file '${f}': ${(e as Error).message}`);
    }
    const items = Array.isArray(doc) ? doc : [doc];
    for (const item of items) {
      if (!isObject(item)) throw new GeneratorError(`unable to process file '${f}': unable to parse file: each item must be an object`);
      const p = withValues({ ...structuredClone(item), ...prefixed(prefix, pathParams(f, true)) });
      out.push(goTemplate ? p : flattenPathParams(p, prefix));
    }
  }
  return out;
}

/** Matching paths: any include pattern matches and no exclude pattern does (Argo CD's directory/file filters). */
export function filterPaths(paths: string[], patterns: Array<{ path: string; exclude?: boolean }>): string[] {
  const include = patterns.filter((p) => !p.exclude);
  const exclude = patterns.filter((p) => p.exclude);
  return paths.filter((p) => include.some((i) => pathMatch(i.path, p)) && !exclude.some((x) => pathMatch(x.path, p))).sort();
}

/** Go's path.Match for directories (`*` stays within a segment); `**` spans segments as Argo CD's file globbing. */
function pathMatch(pattern: string, path: string): boolean {
  if (pattern.includes('**')) return globMatch(pattern, path);
  const ps = pattern.split('/');
  const xs = path.split('/');
  return ps.length === xs.length && ps.every((p, i) => globMatch(p, xs[i]!));
}

function pathParams(path: string, isFile: boolean): Params {
  const segments = path.split('/');
  const dir = isFile ? segments.slice(0, -1).join('/') : path;
  const dirSegs = dir ? dir.split('/') : [];
  const basename = dirSegs.length ? dirSegs[dirSegs.length - 1]! : '.';
  const p: Record<string, unknown> = { path: dir || '.', basename, basenameNormalized: normalizeName(basename), segments: dirSegs };
  if (isFile) {
    const filename = segments[segments.length - 1]!;
    Object.assign(p, { filename, filenameNormalized: normalizeName(filename) });
  }
  return { path: p };
}

const prefixed = (prefix: string, p: Params): Params => (prefix ? { [prefix]: p } : p);

/** fasttemplate's path keys: `path`, `path.basename`, …, and `path[0]`, `path[1]` for the segments (not `path.segments.N`). */
function flattenPathParams(p: Params, prefix: string): Record<string, string> {
  const holder = (prefix ? (p[prefix] as Params) : p) as { path: { path: string; segments: string[] } & Record<string, unknown> };
  const path = holder.path;
  const rest: Params = { ...p };
  if (prefix) rest[prefix] = { ...(p[prefix] as Params) };
  const into = (prefix ? rest[prefix] : rest) as Params;
  delete into.path;
  const flat = flattenParams(rest);
  const key = prefix ? `${prefix}.path` : 'path';
  flat[key] = path.path;
  for (const k of ['basename', 'basenameNormalized', 'filename', 'filenameNormalized']) if (path[k] !== undefined) flat[`${key}.${k}`] = String(path[k]);
  path.segments.forEach((s, i) => (flat[`${key}[${i}]`] = s));
  return flat;
}

/** `matrix`: every combination of its two generators; the second may use the first's parameters in its own fields. */
export async function matrixParams(children: Generator[], ctx: GeneratorContext, goTemplate: boolean): Promise<Params[]> {
  if (children.length !== 2) throw new GeneratorError(`found ${children.length} generators, there must be exactly 2 generators in a matrix generator`);
  const out: Params[] = [];
  for (const a of await generate(children[0]!, ctx, goTemplate)) {
    const second = renderDeep(structuredClone(children[1]!), a, goTemplate) as Generator;
    for (const b of await generate(second, ctx, goTemplate)) out.push(combine(a, b, goTemplate));
  }
  return out;
}

function combine(a: Params, b: Params, goTemplate: boolean): Params {
  if (goTemplate) return deepMerge(a, b);
  const out: Params = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k in out && out[k] !== v) throw new GeneratorError(`error combining params: found duplicate key ${k} with different value, a: ${String(out[k])} ,b: ${String(v)}`);
    out[k] = v;
  }
  return out;
}

function deepMerge(a: Params, b: Params): Params {
  const out: Params = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObject(out[k]) && isObject(v) ? deepMerge(out[k] as Params, v as Params) : v;
  return out;
}

/** `merge`: the first generator's sets, each overridden by later sets with the same values of `mergeKeys`. */
export async function mergeParams(children: Generator[], mergeKeys: string[], ctx: GeneratorContext, goTemplate: boolean): Promise<Params[]> {
  if (children.length < 2) throw new GeneratorError('at least two generators must be provided');
  if (!mergeKeys.length) throw new GeneratorError('mergeKeys must be provided');
  const keyOf = (p: Params) => {
    const flat = goTemplate ? stringMap(flattenParams(p)) : (p as Record<string, string>);
    return JSON.stringify(mergeKeys.map((k) => flat[k] ?? null));
  };
  const base = await generate(children[0]!, ctx, goTemplate);
  const index = new Map<string, number>();
  base.forEach((p, i) => {
    const k = keyOf(p);
    if (index.has(k)) throw new GeneratorError(`the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was ${k}`);
    index.set(k, i);
  });
  for (const child of children.slice(1)) {
    const seen = new Set<string>();
    for (const p of await generate(child, ctx, goTemplate)) {
      const k = keyOf(p);
      if (seen.has(k)) throw new GeneratorError(`the parameters from a generator were not unique by the given mergeKeys, Merge requires all param sets to be unique. Duplicate key was ${k}`);
      seen.add(k);
      const i = index.get(k);
      if (i !== undefined) base[i] = goTemplate ? deepMerge(base[i]!, p) : { ...base[i]!, ...p };
    }
  }
  return base;
}

/** A Kubernetes label selector over string parameters or labels. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]!);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const stringMap = (p: Params): Record<string, string> => Object.fromEntries(Object.entries(p).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
