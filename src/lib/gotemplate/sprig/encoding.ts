/**
 * Go's data encoders as Helm templates see them:
 * - `goJson`: encoding/json Marshal (sorted keys, HTML-escaped `<>&`, Go's float format);
 * - `goYaml`: sigs.k8s.io/yaml Marshal, i.e. JSON first, then go-yaml v2's block emitter (sorted keys,
 *   sequences not indented under their key, YAML 1.1 quoting, literal blocks for multi-line strings,
 *   plain scalars folded past column 80);
 * - `parseGoYaml`: YAML 1.1 into JSON-decoded values (numbers become float64, as through JSON).
 */
import { parseAllDocuments, parseDocument } from 'yaml';
import { formatFloatG, isMap, isStruct } from '../value.ts';

/** A value as encoding/json would see it (structs' exported fields, bigints kept). */
function jsonable(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'function') throw new Error('json: unsupported type: func');
  if (Array.isArray(v)) return v.map(jsonable);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (isStruct(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (typeof x !== 'function' && !k.startsWith('__')) out[k] = jsonable(x);
    return out;
  }
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = jsonable(v[k]);
    return out;
  }
  return v;
}

/** encoding/json's float64 format. */
export function jsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new Error(`json: unsupported value: ${formatFloatG(f)}`);
  const abs = Math.abs(f);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    return f.toExponential().replace(/e([+-])(\d)$/, 'e$10$2').replace(/e([+-])0(\d)$/, 'e$1$2').replace('e+', 'e+');
  }
  return String(f);
}

function jsonString(s: string, escapeHtml: boolean): string {
  let out = JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  if (escapeHtml) out = out.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return out;
}

export function goJson(v: unknown, opts: { indent?: string; escapeHtml?: boolean } = {}): string {
  const esc = opts.escapeHtml ?? true;
  const ind = opts.indent;
  const enc = (x: unknown, depth: number): string => {
    if (x === null || x === undefined) return 'null';
    switch (typeof x) {
      case 'bigint':
        return x.toString();
      case 'number':
        return jsonFloat(x);
      case 'boolean':
        return String(x);
      case 'string':
        return jsonString(x, esc);
    }
    const nl = ind !== undefined ? '\n' + ind.repeat(depth + 1) : '';
    const end = ind !== undefined ? '\n' + ind.repeat(depth) : '';
    if (Array.isArray(x)) return x.length === 0 ? '[]' : `[${x.map((e) => nl + enc(e, depth + 1)).join(',')}${end}]`;
    const entries = Object.entries(x as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{${entries.map(([k, e]) => `${nl}${jsonString(k, esc)}:${ind !== undefined ? ' ' : ''}${enc(e, depth + 1)}`).join(',')}${end}}`;
  };
  return enc(jsonable(v), 0);
}

// ---- YAML (go-yaml v2 emitter rules)

const BOOL_OR_NULL = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', '~', 'null', 'Null', 'NULL', '']);

/** Whether a plain scalar would be read as something other than a string (go-yaml v2's resolve). */
function resolvesNonString(s: string): boolean {
  if (BOOL_OR_NULL.has(s)) return true;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return true;
  if (/^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/.test(s)) return true;
  const noUnderscore = s.replace(/_/g, '');
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[0-9]+)$/.test(noUnderscore) && /[0-9]/.test(s[0] === '-' || s[0] === '+' ? s[1] ?? '' : s[0]!)) return true;
  if (/^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/.test(s)) return true; // base 60
  if (/^\d{4}-\d{1,2}-\d{1,2}(([Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}(\.\d*)?([ \t]*(Z|[-+]\d{1,2}(:\d{2})?))?)?$/.test(s)) return true;
  if (s === '<<') return true;
  return false;
}

const isPrintable = (c: number) => c === 0x0a || (c >= 0x20 && c <= 0x7e) || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || c >= 0x10000;

interface Analysis {
  plain: boolean;
  single: boolean;
  block: boolean;
  multiline: boolean;
}

/** yaml_emitter_analyze_scalar, for block context. */
function analyze(s: string): Analysis {
  if (s === '') return { plain: false, single: true, block: false, multiline: false };
  let plain = true;
  let single = true;
  let block = true;
  if (s.startsWith('---') || s.startsWith('...')) plain = false;
  const chars = [...s];
  let prevSpace = false;
  let prevBreak = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let special = false;
  let tab = false;
  let lineBreaks = false;
  let indicator = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const c = ch.codePointAt(0)!;
    const next = chars[i + 1];
    const followedByBlank = next === undefined || next === ' ' || next === '\t' || next === '\n' || next === '\r';
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) indicator = true;
      if ((ch === '?' || ch === ':' || ch === '-') && followedByBlank) indicator = true;
    } else {
      if (ch === ':' && followedByBlank) indicator = true;
      if (ch === '#' && (chars[i - 1] === ' ' || chars[i - 1] === '\t')) indicator = true;
    }
    if (ch === '\t') tab = true;
    if (!isPrintable(c)) special = true;
    if (ch === '\n') lineBreaks = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (ch === '\n') {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
  }
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
  if (trailingSpace) block = false;
  if (breakSpace) {
    plain = false;
    single = false;
  }
  if (spaceBreak || tab || special) {
    plain = false;
    single = false;
  }
  if (spaceBreak || special) block = false;
  if (lineBreaks) plain = false;
  if (indicator) plain = false;
  return { plain, single, block, multiline: lineBreaks };
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const esc: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\x1b': '\\e', '\v': '\\v', '\f': '\\f', '\x85': '\\N', '\xa0': '\\_', '\u2028': '\\L', '\u2029': '\\P' };
    if (esc[ch]) out += esc[ch];
    else if (!isPrintable(c) || c === 0xfeff) out += c <= 0xff ? `\\x${c.toString(16).toUpperCase().padStart(2, '0')}` : c <= 0xffff ? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}` : `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** Writes `text` starting at `column`, breaking at single spaces once past column 80. */
function folded(text: string, column: number, indent: number): string {
  let out = '';
  let col = column;
  const chars = [...text];
  let prevSpace = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === ' ') {
      if (!prevSpace && col > 80 && chars[i + 1] !== ' ' && i > 0 && i < chars.length - 1) {
        out += '\n' + ' '.repeat(indent);
        col = indent;
      } else {
        out += ch;
        col++;
      }
      prevSpace = true;
    } else {
      out += ch;
      col++;
      prevSpace = false;
    }
  }
  return out;
}

/** A string scalar at `column` (where it starts) inside a node indented `indent`; returns text after the `key: `. */
function scalarString(s: string, column: number, indent: number, isKey: boolean): string {
  const a = analyze(s);
  if (!isKey && a.multiline && a.block) {
    const chomp = !s.endsWith('\n') ? '-' : s.endsWith('\n\n') || s === '\n' ? '+' : '';
    const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
    const body = s.endsWith('\n') ? s.slice(0, -1) : s;
    const lines = body.split('\n').map((l) => (l === '' ? '' : ' '.repeat(indent) + l));
    return `|${indicator}${chomp}\n${lines.join('\n')}`;
  }
  const plainOk = a.plain && !resolvesNonString(s) && !a.multiline;
  if (plainOk) return isKey ? s : folded(s, column, indent);
  if (resolvesNonString(s) && !a.multiline && a.plain) return doubleQuoted(s);
  if (a.single && !a.multiline && !resolvesNonString(s)) {
    const q = `'${s.replace(/'/g, "''")}'`;
    return isKey ? q : folded(q, column, indent);
  }
  return doubleQuoted(s);
}

function scalar(v: unknown, column: number, indent: number, isKey = false): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number': {
      // Through JSON: integral floats come back as ints, others print as Go's %g.
      if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
      return formatFloatG(v);
    }
    case 'boolean':
      return String(v);
    case 'string':
      return scalarString(v, column, indent, isKey);
  }
  return String(v);
}

function emit(v: unknown, indent: number, lines: string[], prefix: string): void {
  // `prefix` is what precedes the node on its first line ("- " items); later lines use `indent`.
  if (Array.isArray(v)) {
    if (v.length === 0) {
      lines.push(prefix + '[]');
      return;
    }
    v.forEach((item, i) => {
      const p = (i === 0 ? prefix : ' '.repeat(indent)) + '- ';
      emitItem(item, indent + 2, lines, p);
    });
    return;
  }
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    if (keys.length === 0) {
      lines.push(prefix + '{}');
      return;
    }
    keys.forEach((k, i) => {
      const p = (i === 0 ? prefix : ' '.repeat(indent)) + scalar(k, 0, indent, true) + ':';
      const x = v[k];
      if (Array.isArray(x) && x.length > 0) {
        lines.push(p);
        emit(x, indent, lines, ' '.repeat(indent));
      } else if (isMap(x) && Object.keys(x).length > 0) {
        lines.push(p);
        emit(x, indent + 2, lines, ' '.repeat(indent + 2));
      } else emitItem(x, indent + 2, lines, p + ' ');
    });
    return;
  }
  lines.push(prefix + scalar(v, prefix.length, indent));
}

function emitItem(v: unknown, indent: number, lines: string[], prefix: string) {
  if ((Array.isArray(v) && v.length > 0) || (isMap(v) && Object.keys(v).length > 0)) emit(v, indent, lines, prefix);
  else if (Array.isArray(v)) lines.push(prefix + '[]');
  else if (isMap(v)) lines.push(prefix + '{}');
  else lines.push(prefix + scalar(v, [...prefix].length, indent));
}

/** sigs.k8s.io/yaml Marshal: the YAML text, ending in a newline. */
export function goYaml(v: unknown): string {
  const lines: string[] = [];
  emit(jsonable(v), 0, lines, '');
  return lines.join('\n') + '\n';
}

/**
 * How Go's YAML (go-yaml v2 via sigs.k8s.io/yaml) reads: YAML 1.1 scalars (`yes`, `0777`, `1_000`), merge
 * keys, and timestamps kept as the strings written (they only become times when decoded into a time.Time).
 */
export const GO_YAML_OPTIONS = {
  version: '1.1' as const,
  uniqueKeys: false,
  merge: true,
  customTags: (tags: unknown[]) => tags.filter((t) => (t as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp'),
};

/** JSON-decoded view of YAML (sigs.k8s.io/yaml Unmarshal): numbers are float64, keys strings. */
export function parseGoYaml(text: string): unknown {
  const doc = parseDocument(text, GO_YAML_OPTIONS as never);
  if (doc.errors.length) throw new Error(`error converting YAML to JSON: yaml: ${doc.errors[0]!.message.split('\n')[0]}`);
  return jsonSafe(toJsonValue(doc.toJS({ maxAliasCount: 10_000 })));
}

/** The JSON step of YAML→JSON fails on values JSON cannot hold (`.inf`, `.nan`). */
function jsonSafe(v: unknown): unknown {
  const check = (x: unknown): void => {
    if (typeof x === 'number' && !Number.isFinite(x)) throw new Error(`error converting YAML to JSON: json: unsupported value: ${formatFloatG(x)}`);
    if (Array.isArray(x)) x.forEach(check);
    else if (isMap(x)) Object.values(x).forEach(check);
  };
  check(v);
  return v;
}

export function parseGoYamlAll(text: string): unknown[] {
  const docs = parseAllDocuments(text, GO_YAML_OPTIONS as never);
  return (Array.isArray(docs) ? docs : [docs]).map((d) => {
    if (d.errors.length) throw new Error(`error converting YAML to JSON: yaml: ${d.errors[0]!.message.split('\n')[0]}`);
    return toJsonValue(d.toJS({ maxAliasCount: 10_000 }));
  });
}

/** Normalises parsed YAML as a JSON round trip would: Dates to strings, Maps to objects, keys to strings. */
export function toJsonValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), toJsonValue(x)]));
  if (v instanceof Set) return Object.fromEntries([...v].map((k) => [String(k), null]));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  return v;
}

/** BurntSushi/toml encoding as Helm's toToml (simple tables and arrays). */
export function goToml(v: unknown): string {
  const out: string[] = [];
  const val = (x: unknown): string => {
    if (typeof x === 'string') return JSON.stringify(x);
    if (typeof x === 'bigint') return x.toString();
    if (typeof x === 'number') return Number.isInteger(x) ? x.toFixed(1) : String(x);
    if (typeof x === 'boolean') return String(x);
    if (Array.isArray(x)) return `[${x.map(val).join(', ')}]`;
    if (isMap(x)) return `{${Object.keys(x).sort().map((k) => `${tomlKey(k)} = ${val(x[k])}`).join(', ')}}`;
    return '""';
  };
  const table = (m: Record<string, unknown>, path: string[]) => {
    const keys = Object.keys(m).sort();
    const simple = keys.filter((k) => !isMap(m[k]) && m[k] !== null && m[k] !== undefined);
    const tables = keys.filter((k) => isMap(m[k]));
    const ind = '  '.repeat(path.length);
    if (path.length) out.push(`${path.length === 1 && out.length ? '\n' : ''}${'  '.repeat(path.length - 1)}[${path.map(tomlKey).join('.')}]`);
    for (const k of simple) out.push(`${ind}${tomlKey(k)} = ${val(m[k])}`);
    for (const k of tables) table(m[k] as Record<string, unknown>, [...path, k]);
  };
  if (isMap(v)) table(v, []);
  return out.join('\n') + (out.length ? '\n' : '');
}

const tomlKey = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
