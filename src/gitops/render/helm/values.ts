/**
 * Helm's values handling (pkg/chartutil/coalesce.go, pkg/cli/values, pkg/strvals):
 * - `mergeValues`: user value sources merged in order, later wins, maps merged deeply (nulls kept so they can
 *   delete chart defaults later);
 * - `coalesceValues`: user values over chart defaults, a `null` deleting a default, sub-chart values under
 *   the sub-chart's name with the parent's `global` pushed down;
 * - `parseSet`: the `--set` / `--set-string` / `--set-file` syntax (`a.b=c,list={x,y},arr[0].k=v`, `\,` escapes).
 */
import { isMap } from '../../../lib/gotemplate/value.ts';
import type { Chart } from './chart.ts';

export type Values = Record<string, unknown>;

const copy = <T>(v: T): T => (isMap(v) ? (Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T) : Array.isArray(v) ? (v.map(copy) as T) : v);

/** Helm's mergeMaps: `b` over `a`, maps merged recursively. */
export function mergeValues(a: Values, b: Values): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isMap(v) && isMap(cur) ? mergeValues(cur, v) : v;
  }
  return out;
}

/** CoalesceValues(chart, userValues): the values a chart renders with (`.Values` of the root). */
export function coalesceValues(chart: Chart, user: Values): Values {
  const v = copy(user);
  coalesce(chart, v);
  return v;
}

function coalesce(chart: Chart, v: Values) {
  coalesceChartValues(chart, v);
  for (const sub of chart.subcharts) {
    const name = sub.metadata.name;
    if (!(name in v) || v[name] === null) v[name] = {};
    const dv = v[name];
    if (!isMap(dv)) continue; // Helm warns and skips a non-table
    coalesceGlobals(dv, v);
    coalesce(sub, dv);
  }
}

function coalesceChartValues(chart: Chart, v: Values) {
  for (const [key, val] of Object.entries(copy(chart.values))) {
    if (Object.hasOwn(v, key)) {
      const value = v[key];
      if (value === null || value === undefined) delete v[key];
      // Under a sub-chart's key nulls are kept (merged), so that they can delete the sub-chart's own defaults.
      else if (isMap(value) && isMap(val)) coalesceTables(value, val, chart.subcharts.some((s) => s.metadata.name === key));
      // otherwise the user's value wins (a scalar over a table is a warning in Helm)
    } else v[key] = val;
  }
}

/** Fills `dst` with `src` where missing; a `null` in dst deletes a key src has (unless merging). */
export function coalesceTables(dst: Values, src: Values, merge = false): Values {
  for (const [key, val] of Object.entries(src)) {
    if (Object.hasOwn(dst, key)) {
      const dv = dst[key];
      if (dv === null || dv === undefined) {
        if (!merge) delete dst[key];
      } else if (isMap(val) && isMap(dv)) coalesceTables(dv, val, merge);
    } else dst[key] = val;
  }
  return dst;
}

function coalesceGlobals(dest: Values, src: Values) {
  const dg = isMap(dest.global) ? dest.global : {};
  const sg = isMap(src.global) ? src.global : {};
  for (const [key, val] of Object.entries(sg)) {
    if (isMap(val)) {
      const vv = copy(val);
      const dv = dg[key];
      if (dv === undefined) dg[key] = vv;
      else if (isMap(dv)) {
        mergeInto(vv, dv);
        dg[key] = vv;
      }
    } else if (!isMap(dg[key])) dg[key] = val;
  }
  dest.global = dg;
}

/** Parent globals win: `dst` (parent) keeps its keys, gets the child's missing ones. */
function mergeInto(dst: Values, src: Values) {
  for (const [k, v] of Object.entries(src)) {
    if (!(k in dst)) dst[k] = v;
    else if (isMap(dst[k]) && isMap(v)) mergeInto(dst[k] as Values, v);
  }
}

/** A `--set` style value: typed (`true`, `null`, integers as int64), or always a string. */
export function typedVal(val: string, forceString: boolean): unknown {
  if (forceString) return val;
  if (val.toLowerCase() === 'true') return true;
  if (val.toLowerCase() === 'false') return false;
  if (val.toLowerCase() === 'null') return null;
  if (val === '0') return 0n;
  if (val.length > 0 && val[0] !== '0' && /^[+-]?\d+$/.test(val)) {
    const n = BigInt(val);
    if (n <= 0x7fffffffffffffffn && n >= -0x8000000000000000n) return n;
  }
  return val;
}

export class SetParseError extends Error {}

/**
 * Parses one `--set` argument into `dest`. `value` maps each raw value (for `--set-file`, reads the file).
 */
export function parseSet(s: string, dest: Values, value: (raw: string) => unknown): void {
  const p = new SetParser(s, value);
  p.parse(dest);
}

class SetParser {
  private i = 0;
  constructor(private readonly s: string, private readonly value: (raw: string) => unknown) {}

  parse(dest: Values) {
    while (this.i < this.s.length) {
      this.key(dest);
      if (this.s[this.i] === ',') this.i++;
    }
  }

  /** Reads up to one of `stops`, honouring `\` escapes; returns the text and the stop found. */
  private until(stops: string): [string, string | undefined] {
    let out = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '\\' && this.i + 1 < this.s.length) {
        out += this.s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (stops.includes(c)) {
        this.i++;
        return [out, c];
      }
      out += c;
      this.i++;
    }
    return [out, undefined];
  }

  private key(data: Values) {
    const [k, stop] = this.until('=[,.');
    switch (stop) {
      case undefined:
        if (k === '') return;
        throw new SetParseError(`key "${k}" has no value`);
      case ',':
        throw new SetParseError(`key "${k}" has no value (cannot end with ,)`);
      case '=': {
        if (this.s[this.i] === '{') {
          this.i++;
          const [list] = this.until('}');
          data[k] = list === '' ? [] : list.split(',').map((x) => this.value(x));
          return;
        }
        const [v] = this.untilComma();
        data[k] = this.value(v);
        return;
      }
      case '.': {
        if (k === '') throw new SetParseError(`key "${k}" has no value`);
        const inner = isMap(data[k]) ? (data[k] as Values) : {};
        data[k] = inner;
        this.key(inner);
        return;
      }
      case '[': {
        const list = Array.isArray(data[k]) ? (data[k] as unknown[]) : [];
        data[k] = this.listItem(list);
        return;
      }
    }
  }

  private untilComma(): [string, string | undefined] {
    return this.until(',');
  }

  private listItem(list: unknown[]): unknown[] {
    const [idxText, stop] = this.until(']');
    if (stop !== ']') throw new SetParseError(`error parsing index: ${idxText}`);
    const idx = Number(idxText);
    if (!Number.isInteger(idx)) throw new SetParseError(`error parsing index: strconv.Atoi: parsing ${JSON.stringify(idxText)}: invalid syntax`);
    if (idx < 0) throw new SetParseError(`negative ${idx} index not allowed`);
    if (idx > 65536) throw new SetParseError(`index of ${idx} is greater than maximum supported index of 65536`);
    const out = [...list];
    while (out.length <= idx) out.push(null);
    const c = this.s[this.i];
    this.i++;
    if (c === '=') {
      if (this.s[this.i] === '{') {
        this.i++;
        const [l] = this.until('}');
        out[idx] = l === '' ? [] : l.split(',').map((x) => this.value(x));
      } else {
        const [v] = this.untilComma();
        out[idx] = this.value(v);
      }
    } else if (c === '.') {
      const inner = isMap(out[idx]) ? (out[idx] as Values) : {};
      out[idx] = inner;
      this.key(inner);
    } else if (c === '[') {
      out[idx] = this.listItem(Array.isArray(out[idx]) ? (out[idx] as unknown[]) : []);
    } else throw new SetParseError(`key "${idxText}" has no value`);
    return out;
  }
}
