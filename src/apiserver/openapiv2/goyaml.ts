/**
 * YAML text of a JSON value as gopkg.in/yaml.v3 prints it when gnostic stores a vendor extension, default,
 * enum or example (`compiler.Marshal`: the node's styles cleared, then `yaml.Marshal`). kubectl only parses
 * these strings back, so any valid YAML would do; matching yaml.v3 byte for byte keeps the protobuf
 * identical to what a real API server sends. yaml.v3 rules reproduced here: 4-space indentation, block
 * sequences indented under their key, "- " items whose mappings start on the dash line, `{}`/`[]` for
 * empty collections, no line folding, literal `|` blocks for strings with newlines, double quotes for
 * strings that would otherwise read back as another type, and libyaml's plain/single/double fallback.
 */

const BEST_INDENT = 4;

/** yaml.v3 output for a JSON value, ending in a newline. */
export function goYAML(value: unknown): string {
  const out = new Out();
  if (isCollection(value) && !isEmpty(value)) {
    if (Array.isArray(value)) sequence(out, value, 0, false);
    else mapping(out, value as Record<string, unknown>, 0, false);
  } else {
    // A root scalar is emitted with the flow indentation (best_indent) for block scalar content.
    out.text += scalarInline(value, BEST_INDENT, false);
  }
  if (!out.text.endsWith('\n')) out.text += '\n';
  return out.text;
}

class Out {
  text = '';
  /** Starts a line at `indent` unless already at the start of one (libyaml's write_indent). */
  line(indent: number): void {
    if (this.text.length > 0 && !this.text.endsWith('\n')) this.text += '\n';
    this.text += ' '.repeat(indent);
  }
}

const isCollection = (v: unknown): v is object => v !== null && typeof v === 'object';
const isEmpty = (v: object) => (Array.isArray(v) ? v.length === 0 : Object.values(v).every((x) => x === undefined));
/** libyaml's indentation step for a node nested under a mapping key. */
const nextIndent = (indent: number) => BEST_INDENT * Math.floor((indent + BEST_INDENT) / BEST_INDENT);

function mapping(out: Out, obj: Record<string, unknown>, indent: number, afterDash: boolean): void {
  let first = true;
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue; // as JSON: absent
    if (first && afterDash) out.text += ' '.repeat(Math.max(0, indent - currentColumn(out.text)));
    else out.line(indent);
    first = false;
    out.text += scalarText(k, styleOf(k, true, true)) + ':';
    value(out, v, nextIndent(indent), nextIndent(indent), false);
  }
}

function sequence(out: Out, arr: unknown[], indent: number, afterDash: boolean): void {
  let first = true;
  for (const v of arr) {
    if (first && afterDash) out.text += ' '.repeat(Math.max(0, indent - currentColumn(out.text)));
    else out.line(indent);
    first = false;
    out.text += '-';
    // Inside an item everything (nested collection or block scalar) is indented past the "- ".
    value(out, v, indent + 2, indent + 2, true);
  }
}

/** The value after `key:` or `-`: inline scalar or empty collection, else a nested block. */
function value(out: Out, v: unknown, collectionIndent: number, scalarIndent: number, inSequence: boolean): void {
  if (isCollection(v) && !isEmpty(v)) {
    if (Array.isArray(v)) sequence(out, v, collectionIndent, inSequence);
    else mapping(out, v as Record<string, unknown>, collectionIndent, inSequence);
    return;
  }
  out.text += ' ' + scalarInline(v, scalarIndent, false);
}

function currentColumn(text: string): number {
  return text.length - (text.lastIndexOf('\n') + 1);
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** A scalar (or empty collection) as written after an indicator; `indent` is for literal block content. */
function scalarInline(v: unknown, indent: number, simpleKey: boolean): string {
  if (Array.isArray(v)) return '[]';
  if (isCollection(v)) return '{}';
  if (typeof v === 'string') {
    const style = styleOf(v, true, simpleKey);
    return style === 'literal' ? literal(v, indent) : scalarText(v, style);
  }
  return nonString(v);
}

function nonString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '.nan';
    if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf';
    return String(v);
  }
  return String(v);
}

/** yaml.v3's encoder.node() request plus libyaml's yaml_emitter_select_scalar_style. */
function styleOf(s: string, isString: boolean, simpleKey: boolean): Style {
  let style: Style = 'plain';
  if (isString) {
    if (s.includes('\n')) style = 'literal';
    else if (!resolvesToString(s)) style = 'double';
  }
  const a = analyze(s);
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    if (s.length === 0 && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  // Single-quoted line breaks fold in libyaml's own way; double quotes carry them without loss.
  if (style === 'single' && a.multiline) style = 'double';
  return style;
}

function scalarText(s: string, style: Style): string {
  if (style === 'plain') return s;
  if (style === 'single') return `'${s.replaceAll("'", "''")}'`;
  return doubleQuoted(s);
}

const isBreak = (c: number) => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
/** libyaml's is_printable over code points (4-byte UTF-8 characters count as non-printable). */
const isPrintable = (c: number) =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** libyaml's yaml_emitter_analyze_scalar, block context only (no flow collections are ever emitted). */
function analyze(s: string): Analysis {
  if (s.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false, special = false, tabs = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
  let precededByWhitespace = true;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const next = cps[i + 1];
    const followedByWhitespace = next === undefined || next === 0x20 || next === 0x09;
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else if ((ch === ':' && followedByWhitespace) || (ch === '#' && precededByWhitespace)) {
      blockIndicators = true;
    }
    if (c === 0x09) tabs = true;
    else if (!isPrintable(c)) special = true;
    const last = i === cps.length - 1;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === 0x20 || c === 0x09 || isBreak(c) || c === 0;
  }
  const noPlain = leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak || tabs || special || lineBreaks || blockIndicators;
  return {
    multiline: lineBreaks,
    blockPlainAllowed: !noPlain,
    singleQuotedAllowed: !(breakSpace || spaceBreak || tabs || special),
    blockAllowed: !(trailingSpace || spaceBreak || special),
  };
}

const SHORT_ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
  0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
      const short = SHORT_ESCAPES[c];
      if (short !== undefined) out += '\\' + short;
      else if (c <= 0xff) out += '\\x' + c.toString(16).toUpperCase().padStart(2, '0');
      else if (c <= 0xffff) out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
      else out += '\\U' + c.toString(16).toUpperCase().padStart(8, '0');
    } else out += ch;
  }
  return out + '"';
}

/** A literal block scalar: `|` with indentation and chomping hints, then the lines at `indent`. */
function literal(s: string, indent: number): string {
  let out = '|';
  if (s.startsWith(' ') || s.startsWith('\n')) out += String(BEST_INDENT);
  if (!s.endsWith('\n')) out += '-';
  else if (s === '\n' || s.endsWith('\n\n')) out += '+';
  // yaml.v3 ≥ 3.0 ends the header line itself, then indents each line's first character.
  out += '\n';
  let lineStart = true;
  for (const ch of s) {
    if (ch === '\n') {
      out += '\n';
      lineStart = true;
      continue;
    }
    if (lineStart) out += ' '.repeat(indent);
    out += ch;
    lineStart = false;
  }
  return out;
}

/**
 * Whether yaml.v3's resolve() reads `s`, written plain, back as a string (otherwise it is quoted):
 * null/bool/inf/nan words, YAML 1.2 integers and floats (plus 0b/0o/legacy octal), and timestamps.
 */
export function resolvesToString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return false;
  const c = s[0]!;
  if (c === '.') return !/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9'))) return true;
  if (isTimestamp(s)) return false;
  const plain = s.replaceAll('_', '');
  if (/^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.test(plain)) return false;
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain) && Number.isFinite(Number(plain))) return false;
  return true;
}

const RESOLVE_MAP = new Set([
  '', '~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);

/** yaml.v3's parseTimestamp: YYYY-M-D, optionally with a time (`T`, `t` or space separated). */
function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt])(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})|( )(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?)?$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return false;
  const [h, mi, se] = m[4] ? [m[5], m[6], m[7]] : m[10] ? [m[11], m[12], m[13]] : ['0', '0', '0'];
  return Number(h) < 24 && Number(mi) < 60 && Number(se) < 60;
}
