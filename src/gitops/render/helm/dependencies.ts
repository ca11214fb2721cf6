/**
 * Helm's dependency processing (pkg/chartutil/dependencies.go): sub-charts in charts/ matched to Chart.yaml
 * `dependencies` by name and version range, renamed by `alias`, enabled by `tags` then `condition` (the
 * first condition path that holds a boolean decides), disabled ones removed; `import-values` copied from
 * the child into the parent's values (parent values win). Declared dependencies missing from charts/ are an
 * error, as `helm template` reports them.
 */
import { isMap } from '../../../lib/gotemplate/value.ts';
import { parseSemver, semverSatisfies } from '../../../lib/gotemplate/index.ts';
import { ChartLoadError, type Chart, type Dependency } from './chart.ts';
import { coalesceTables, coalesceValues, type Values } from './values.ts';

function compatible(range: string | undefined, version: string): boolean {
  if (!range) return true;
  try {
    return semverSatisfies(range, parseSemver(version));
  } catch {
    return false;
  }
}

export function checkDependencies(chart: Chart): void {
  const missing = chart.dependencies.filter((d) => !chart.subcharts.some((c) => c.metadata.name === d.name)).map((d) => d.name);
  if (missing.length) throw new ChartLoadError(`found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`);
}

function pathValue(v: Values, path: string): unknown {
  let cur: unknown = v;
  for (const part of path.split('.')) {
    if (!isMap(cur) || !Object.hasOwn(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Returns a copy of `chart` with its sub-charts resolved (aliases applied, disabled ones removed). */
export function processDependencies(chart: Chart, user: Values): Chart {
  const root = resolve(chart, user, '', undefined);
  importValues(root, user);
  return root;
}

function resolve(chart: Chart, user: Values, path: string, top: Values | undefined): Chart {
  if (chart.dependencies.length === 0 && chart.subcharts.length === 0) return chart;
  const deps: Chart[] = [];
  for (const existing of chart.subcharts) {
    if (!chart.dependencies.some((d) => d.name === existing.metadata.name && compatible(d.version, existing.metadata.version))) deps.push(existing);
  }
  const reqs: Dependency[] = chart.dependencies.map((d) => ({ ...d, enabled: true }));
  for (const req of reqs) {
    const found = chart.subcharts.find((c) => c.metadata.name === req.name && compatible(req.version, c.metadata.version));
    if (found) deps.push(req.alias ? { ...found, metadata: { ...found.metadata, name: req.alias } } : found);
    if (req.alias) req.name = req.alias;
  }
  let resolved: Chart = { ...chart, subcharts: deps, dependencies: reqs };
  const cvals = top ?? coalesceValues(resolved, user);
  // tags, then conditions
  const tags = isMap(cvals.tags) ? cvals.tags : {};
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const t of r.tags ?? []) {
      const b = tags[t];
      if (b === true) hasTrue = true;
      else if (b === false) hasFalse = true;
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else r.enabled = true;
  }
  for (const r of reqs) {
    for (const c of (r.condition ?? '').trim().split(',')) {
      if (!c.trim()) continue;
      const v = pathValue(cvals, path + c.trim());
      if (typeof v === 'boolean') {
        r.enabled = v;
        break;
      }
    }
  }
  const disabled = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const kept = deps.filter((d) => !disabled.has(d.metadata.name));
  resolved = { ...resolved, subcharts: kept.map((d) => resolve(d, user, `${path}${d.metadata.name}.`, cvals)), dependencies: reqs.filter((r) => r.enabled) };
  return resolved;
}

/** import-values: `exports.<name>` strings and `{child, parent}` maps, parent values taking precedence. */
function importValues(chart: Chart, user: Values): void {
  for (const sub of chart.subcharts) importValues(sub, {});
  const imports = chart.dependencies.filter((d) => Array.isArray(d['import-values']) && d['import-values'].length > 0);
  if (imports.length === 0) return;
  const cvals = coalesceValues(chart, user);
  let b: Values = {};
  for (const r of imports) {
    for (const iv of r['import-values']!) {
      if (typeof iv === 'string') {
        const t = pathValue(cvals, `${r.name}.exports.${iv}`);
        if (isMap(t)) b = coalesceTables(structuredClone(b), structuredClone(t));
      } else if (isMap(iv) && typeof iv.child === 'string' && typeof iv.parent === 'string') {
        const t = pathValue(cvals, `${r.name}.${iv.child}`);
        if (!isMap(t)) continue;
        const wrapped: Values = {};
        let cur = wrapped;
        const parts = iv.parent === '.' ? [] : iv.parent.split('.');
        parts.forEach((p, i) => {
          if (i === parts.length - 1) cur[p] = structuredClone(t);
          else cur = cur[p] = {} as Values;
        });
        b = coalesceTables(b, parts.length ? wrapped : structuredClone(t));
      }
    }
  }
  // The chart's own defaults win over imported ones.
  chart.values = coalesceTables(structuredClone(chart.values), b);
}
