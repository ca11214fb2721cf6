/**
 * Helm's template engine (pkg/engine): every template of the chart and its sub-charts parsed into one set
 * (deepest paths first, so a parent's `define` wins), `missingkey=zero`, each non-partial template executed
 * with its chart's scope (`.Values`, `.Chart`, `.Files`, `.Release`, `.Capabilities`, `.Template`,
 * `.Subcharts`), Helm's functions (`include`, `tpl`, `required`, `fail`, `lookup` → empty map as in
 * `helm template`, `toYaml`...), and `<no value>` removed from the output as Helm does.
 */
import { ExecError, fn, helmEncodingFuncs, ParseError, sprigFuncs, struct, Template, goYaml, type FuncMap } from '../../../lib/gotemplate/index.ts';
import { namedMap } from '../../../lib/gotemplate/value.ts';
import { goMatchToRegex } from './ignore.ts';
import type { Chart, ChartFile } from './chart.ts';
import type { Values } from './values.ts';
import { RenderError } from '../errors.ts';

export interface ReleaseInfo {
  name: string;
  namespace: string;
  revision?: number;
  isInstall?: boolean;
}

export interface CapabilitiesInfo {
  /** e.g. "v1.31.0" */
  kubeVersion: string;
  apiVersions: string[];
}

export class HelmTemplateError extends RenderError {
  constructor(message: string, path?: string) {
    super('HelmTemplateFailed', message, path);
    this.name = 'HelmTemplateError';
  }
}

const ERR_START = 'HELM_ERR_START';
const ERR_END = 'HELM_ERR_END';
const MAX_INCLUDE_DEPTH = 1000;

/** `.Files`: the chart's non-template files with Helm's accessors. */
export function filesObject(files: ChartFile[]): object {
  const byName = new Map(files.map((f) => [f.name, f.data]));
  const obj = struct('chart.Files', {
    Get: fn(['string'], (name: string) => byName.get(name)?.toString('utf8') ?? ''),
    GetBytes: fn(['string'], (name: string) => new Uint8Array(byName.get(name) ?? [])),
    Glob: fn(['string'], (pattern: string) => {
      const re = globToRegex(pattern);
      return filesObject(files.filter((f) => re.test(f.name)));
    }),
    AsConfig: fn([], () => (files.length ? goYaml(Object.fromEntries(files.map((f) => [base(f.name), f.data.toString('utf8')]))).replace(/\n$/, '') : '')),
    AsSecrets: fn([], () => (files.length ? goYaml(Object.fromEntries(files.map((f) => [base(f.name), f.data.toString('base64')]))).replace(/\n$/, '') : '')),
    Lines: fn(['string'], (name: string) => {
      const d = byName.get(name);
      if (!d) return [];
      let s = d.toString('utf8');
      if (s.endsWith('\n')) s = s.slice(0, -1);
      return s.split('\n');
    }),
  });
  return obj;
}

const base = (p: string) => p.split('/').pop()!;

/** gobwas/glob with `/` as separator: `*` within a segment, `**` across, `?`, `[..]`, `{a,b}`. */
function globToRegex(p: string): RegExp {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '{') {
      const end = p.indexOf('}', i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${p.slice(i + 1, end).split(',').map((a) => goMatchToRegex(a)).join('|')})`;
        i = end;
      }
    } else if (c === '*' || c === '?' || c === '[' || c === '\\') {
      const j = c === '[' ? p.indexOf(']', i) : c === '\\' ? i + 1 : i;
      out += goMatchToRegex(p.slice(i, j + 1));
      i = j;
    } else out += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** `.Chart`: Chart.yaml as Helm's chart.Metadata struct (capitalised fields, zero values when absent). */
function chartObject(md: Record<string, unknown>): object {
  const s = (k: string) => (md[k] === undefined || md[k] === null ? '' : String(md[k]));
  return struct('*chart.Metadata', {
    Name: s('name'),
    Home: s('home'),
    Sources: md.sources ?? null,
    Version: s('version'),
    Description: s('description'),
    Keywords: md.keywords ?? null,
    Maintainers: md.maintainers ?? null,
    Icon: s('icon'),
    APIVersion: s('apiVersion'),
    Condition: s('condition'),
    Tags: s('tags'),
    AppVersion: s('appVersion'),
    Deprecated: md.deprecated === true,
    Annotations: md.annotations ?? null,
    KubeVersion: s('kubeVersion'),
    Dependencies: md.dependencies ?? null,
    Type: s('type'),
    IsRoot: fn([], () => false),
  });
}

export function capabilitiesObject(caps: CapabilitiesInfo): object {
  const m = /^v?(\d+)\.(\d+)/.exec(caps.kubeVersion);
  const version = caps.kubeVersion.startsWith('v') ? caps.kubeVersion : `v${caps.kubeVersion}`;
  const kube = struct('chartutil.KubeVersion', {
    Version: version,
    Major: m?.[1] ?? '1',
    Minor: m?.[2] ?? '0',
    GitVersion: version,
    String: fn([], () => version),
  });
  const set = new Set(caps.apiVersions);
  return struct('chartutil.Capabilities', {
    KubeVersion: kube,
    APIVersions: struct('chartutil.VersionSet', { Has: fn(['string'], (v: string) => set.has(v)), String: fn([], () => `[${[...set].join(' ')}]`) }),
    HelmVersion: struct('chartutil.BuildInfo', { Version: 'v3.18.4', GitCommit: '', GitTreeState: '', GoVersion: 'go1.24' }),
  });
}

interface Renderable {
  tpl: string;
  vals: Values;
  basePath: string;
}

/** Collects every template with its scope, parent scope first (Helm's recAllTpls). */
function allTemplates(chart: Chart, top: Values, parentPath: string | undefined, values: Values, out: Map<string, Renderable>): Values {
  const fullPath = parentPath === undefined ? chart.metadata.name : `${parentPath}/charts/${chart.metadata.name}`;
  const subcharts: Values = {};
  const next: Values = {
    Chart: chartObject(chart.metadata),
    Files: filesObject(chart.files),
    Release: top.Release,
    Capabilities: top.Capabilities,
    Values: namedMap('chartutil.Values', values),
    Subcharts: subcharts,
  };
  for (const sub of chart.subcharts) {
    const sv = values[sub.metadata.name];
    subcharts[sub.metadata.name] = allTemplates(sub, top, fullPath, typeof sv === 'object' && sv !== null && !Array.isArray(sv) ? (sv as Values) : {}, out);
  }
  for (const t of chart.templates) out.set(`${fullPath}/${t.name}`, { tpl: t.data.toString('utf8'), vals: next, basePath: `${fullPath}/templates` });
  return next;
}

/** Helm's sort: by number of path elements, deepest first; same depth in reverse name order. */
function sortTemplates(names: string[]): string[] {
  const depth = (s: string) => s.split('/').length;
  return [...names].sort((a, b) => {
    const d = depth(b) - depth(a);
    if (d !== 0) return d;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

export interface EngineOptions {
  release: ReleaseInfo;
  capabilities: CapabilitiesInfo;
}

/** Renders every template; returns template path → output (partials, i.e. `_*` files, are not included). */
export function renderTemplates(chart: Chart, values: Values, opts: EngineOptions): Map<string, string> {
  const top: Values = {
    Release: { Name: opts.release.name, Namespace: opts.release.namespace, Revision: BigInt(opts.release.revision ?? 1), Service: 'Helm', IsInstall: opts.release.isInstall ?? true, IsUpgrade: !(opts.release.isInstall ?? true) },
    Capabilities: capabilitiesObject(opts.capabilities),
  };
  const tpls = new Map<string, Renderable>();
  allTemplates(chart, top, undefined, values, tpls);
  const keys = sortTemplates([...tpls.keys()]);

  const root = new Template('gotpl').option('missingkey=zero');
  const included = new Map<string, number>();
  const current = { name: '' };
  root.funcs(helmFuncs(root, included, current));
  for (const name of keys) {
    try {
      root.new(name).parse(tpls.get(name)!.tpl);
    } catch (e) {
      throw new HelmTemplateError(parseErrorText(name, e), name);
    }
  }
  const out = new Map<string, string>();
  for (const name of keys) {
    if (base(name).startsWith('_')) continue;
    const r = tpls.get(name)!;
    const data = { ...r.vals, Template: { Name: name, BasePath: r.basePath } };
    current.name = name;
    let text: string;
    try {
      text = root.executeTemplate(name, data);
    } catch (e) {
      throw new HelmTemplateError(execErrorText(name, e), name);
    }
    out.set(name, text.replaceAll('<no value>', ''));
  }
  return out;
}

function parseErrorText(name: string, e: unknown): string {
  const msg = (e as Error).message;
  if (e instanceof ParseError) {
    // "template: NAME:LINE: msg" → "parse error at (NAME:LINE): msg"
    const m = /^template: (.*?:\d+): (.*)$/s.exec(msg);
    if (m) return `parse error at (${m[1]}): ${m[2]}`;
  }
  return `parse error in "${name}": ${msg}`;
}

/** Helm's cleanupExecError: `fail`/`required` become "execution error at (LOCATION): MESSAGE". */
function execErrorText(name: string, e: unknown): string {
  const msg = (e as Error).message;
  if (!(e instanceof ExecError)) return `execution error in (${name}): ${msg}`;
  const m = new RegExp(`${ERR_START}([\\s\\S]*)${ERR_END}`).exec(msg);
  if (m) {
    const parts = msg.split(': ');
    return `execution error at (${parts[1]}): ${m[1]}`;
  }
  return msg;
}

function helmFuncs(t: Template, included: Map<string, number>, current: { name: string }): FuncMap {
  const include = (set: Template) =>
    fn(['string', 'any'], (name: string, data: unknown) => {
      const n = included.get(name) ?? 0;
      if (n > MAX_INCLUDE_DEPTH) throw new Error(`rendering template has a nested reference name: ${name}: unable to execute template`);
      included.set(name, n + 1);
      try {
        return set.executeTemplate(name, data);
      } catch (e) {
        // Deep recursion may exhaust the JS stack before Helm's count does: same error either way.
        if (e instanceof RangeError) throw new Error(`rendering template has a nested reference name: ${name}: unable to execute template`);
        throw e;
      } finally {
        included.set(name, (included.get(name) ?? 1) - 1);
      }
    });
  const tpl = (parent: Template): ReturnType<typeof fn> =>
    fn(['string', 'any'], (text: string, vals: unknown) => {
      const clone = parent.clone().option('missingkey=zero');
      clone.funcs({ include: include(clone), tpl: tpl(clone) });
      const tmplName = (vals as { Template?: { Name?: string } } | null)?.Template?.Name ?? current.name;
      let parsed: Template;
      try {
        parsed = clone.new(typeof tmplName === 'string' ? tmplName : current.name).parse(text);
      } catch (e) {
        throw new Error(`cannot parse template ${JSON.stringify(text)}: ${(e as Error).message}`);
      }
      try {
        return parsed.execute(vals).replaceAll('<no value>', '');
      } catch (e) {
        throw new Error(`error during tpl function execution for ${JSON.stringify(text)}: ${(e as Error).message}`);
      }
    });
  return {
    ...sprigFuncs(),
    ...helmEncodingFuncs(),
    include: include(t),
    tpl: tpl(t),
    required: fn(['string', 'any'], (warn: string, val: unknown) => {
      if (val === null || val === undefined || val === '') throw new Error(`${ERR_START}${warn}${ERR_END}`);
      return val;
    }),
    fail: fn(['string'], (msg: string) => {
      throw new Error(`${ERR_START}${msg}${ERR_END}`);
    }),
    lookup: fn(['string', 'string', 'string', 'string'], () => ({})),
  };
}
