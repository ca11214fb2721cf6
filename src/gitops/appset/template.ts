/**
 * Rendering an ApplicationSet's template with one parameter set, as Argo CD's applicationset/utils Render:
 * every string of the template (map keys included) is a template of its own, either fasttemplate
 * (`{{param}}` over flattened, dot-joined string parameters; unknown tags stay as they are) or, with
 * `goTemplate: true`, Go text/template with sprig (less env/expandenv/getHostByName) plus Argo CD's `normalize`,
 * `slugify`, `toYaml`, `fromYaml`, `fromYamlArray`. Pure.
 */
import type { KObject } from '../../apiserver/types.ts';
import { isObject } from '../../apiserver/types.ts';
import { fn, goYaml, parseGoYaml, sprigFuncs, Template, type FuncMap } from '../../lib/gotemplate/index.ts';
import type { AppSetSpec, AppTemplate, Params } from './types.ts';

export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** Argo CD's SanitizeName: lower case, DNS-safe characters, at most 253, no leading/trailing `-` or `.`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^-a-z0-9.]/g, '-').slice(0, 253).replace(/^[-.]+|[-.]+$/g, '');
}

/** Argo CD's `slugify`: lower case, runs of other characters become one `-`, cut to maxSize (at a `-` when smart). */
export function slugify(maxSize: number, smartTruncate: boolean, input: string): string {
  let s = input.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (s.length > maxSize) {
    const cut = s.slice(0, maxSize);
    const dash = cut.lastIndexOf('-');
    s = smartTruncate && dash > 0 ? cut.slice(0, dash) : cut;
  }
  return s.replace(/-+$/g, '');
}

/** Nested parameters as fasttemplate sees them: `a.b.c` keys, arrays by index, every value a string (Go's %v). */
export function flattenParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (prefix: string, v: unknown) => {
    if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(`${prefix}.${i}`, x));
    else out[prefix] = v === null || v === undefined ? '' : String(v);
  };
  walk('', params);
  return out;
}

/** valyala/fasttemplate with Argo CD's tag function: `{{ key }}` (trimmed) from `params`, else left unchanged. */
export function fastTemplate(s: string, params: Record<string, string>): string {
  return s.replace(/\{\{(.*?)\}\}/gs, (whole, tag: string) => {
    const v = params[tag.trim()];
    return tag.trim() && typeof v === 'string' ? v : whole;
  });
}

let funcs: FuncMap | undefined;
function argoFuncs(): FuncMap {
  if (funcs) return funcs;
  const m = sprigFuncs();
  for (const n of ['env', 'expandenv', 'getHostByName']) delete m[n];
  m.normalize = fn(['string'], (s: string) => normalizeName(s));
  m.slugify = fn(['any', 'any', 'string'], (max: unknown, smart: unknown, s: string) => slugify(Number(max), smart === true || smart === 'true', s));
  m.toYaml = fn(['any'], (v: unknown) => goYaml(v).replace(/\n$/, ''));
  m.fromYaml = fn(['string'], (s: string) => parseGoYaml(s));
  m.fromYamlArray = fn(['string'], (s: string) => parseGoYaml(s));
  funcs = m;
  return m;
}

/** One string through the chosen engine. Throws (Go's error texts) on a bad Go template. */
export function renderString(s: string, params: Params, goTemplate: boolean, options: string[] = []): string {
  if (!s.includes('{{')) return s;
  if (!goTemplate) return fastTemplate(s, flattenParams(params));
  return new Template('').funcs(argoFuncs()).option(...options).parse(s).execute(params);
}

/** Every string of a JSON value (map keys too), rendered. */
export function renderDeep<T>(v: T, params: Params, goTemplate: boolean, options: string[] = []): T {
  const flat = goTemplate ? undefined : flattenParams(params);
  const str = (s: string) => (!s.includes('{{') ? s : flat ? fastTemplate(s, flat) : renderString(s, params, true, options));
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return str(x);
    if (Array.isArray(x)) return x.map(walk);
    if (isObject(x)) return Object.fromEntries(Object.entries(x).map(([k, y]) => [str(k), walk(y)]));
    return x;
  };
  return walk(v) as T;
}

/** A generator's own template over the ApplicationSet's (Argo CD merges them, the generator's fields winning). */
export function mergeTemplates(base: AppTemplate | undefined, over: AppTemplate | undefined): AppTemplate {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined || b === null || b === '') return a;
    if (isObject(a) && isObject(b)) {
      const out: Record<string, unknown> = { ...a };
      for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
      return out;
    }
    return b;
  };
  return merge(structuredClone(base ?? {}), structuredClone(over ?? {})) as AppTemplate;
}

/** JSON merge patch (RFC 7386): how Marina applies a rendered templatePatch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * The Application one parameter set yields: template rendered, templatePatch applied, namespace defaulted to
 * the ApplicationSet's, Argo CD's resources finalizer added unless `preserveResourcesOnDeletion`.
 */
export function renderApplication(spec: AppSetSpec, template: AppTemplate, params: Params, appSetNamespace: string): KObject {
  const go = !!spec.goTemplate;
  const opts = spec.goTemplateOptions ?? [];
  const t = renderDeep(template, params, go, opts);
  let app: KObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { ...(t.metadata ?? {}), namespace: t.metadata?.namespace || appSetNamespace },
    spec: t.spec ?? {},
  };
  if (spec.templatePatch) {
    const text = renderString(spec.templatePatch, params, go, opts);
    let patch: unknown;
    try {
      patch = parseGoYaml(text);
    } catch (e) {
      throw new Error(`error unmarshalling templatePatch: ${(e as Error).message}`);
    }
    if (patch !== null && !isObject(patch)) throw new Error('error unmarshalling templatePatch: the patch must be an object');
    if (patch) app = mergePatch(app, patch) as KObject;
    app.apiVersion = 'argoproj.io/v1alpha1';
    app.kind = 'Application';
  }
  const meta = app.metadata as { finalizers?: string[]; labels?: unknown; annotations?: unknown };
  if (!spec.syncPolicy?.preserveResourcesOnDeletion && !(meta.finalizers ?? []).includes(RESOURCES_FINALIZER)) meta.finalizers = [...(meta.finalizers ?? []), RESOURCES_FINALIZER];
  for (const k of ['labels', 'annotations', 'finalizers'] as const) if (meta[k] === undefined || (isObject(meta[k]) && !Object.keys(meta[k] as object).length)) delete meta[k];
  return app;
}
