/**
 * A parser for the subset of client-go's JSONPath that CRD additionalPrinterColumns and
 * `kubectl -o jsonpath` paths use: `.field`, `['field']`, `.*`, `[n]`, `[a:b:c]`, `[*]`, unions
 * `[0,2]`/`['a','b']`, filters `[?(@.x == "y")]` and recursive descent `..`. One expression, with
 * or without the surrounding `{}`; no templates, `range` or functions.
 */

export type Literal = string | number | boolean;

export type PathNode =
  | { t: 'field'; name: string }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'slice'; start?: number; end?: number; step?: number; index: boolean }
  | { t: 'union'; branches: PathNode[][] }
  | { t: 'filter'; left: PathNode[]; op: string; right?: PathNode[] | { literal: Literal } };

export class JsonPathError extends Error {}

const TERMINATORS = new Set(['.', ',', '[', ']', '$', '@', '{', '}', ' ', '\t', '\n', '\r', '(', ')', '=', '!', '<', '>']);

class Cursor {
  pos = 0;
  constructor(readonly src: string) {}
  peek(n = 0) {
    return this.src[this.pos + n] ?? '';
  }
  eof() {
    return this.pos >= this.src.length;
  }
  fail(msg: string): never {
    throw new JsonPathError(`${msg} at ${this.pos} in ${JSON.stringify(this.src)}`);
  }
  skipSpace() {
    while (/\s/.test(this.peek())) this.pos++;
  }
}

/** A field name; `\.` and friends escape terminators, as upstream strips backslashes. */
function readName(c: Cursor): string {
  let out = '';
  while (!c.eof() && !TERMINATORS.has(c.peek())) {
    if (c.peek() === '\\' && c.pos + 1 < c.src.length) c.pos++;
    out += c.peek();
    c.pos++;
  }
  return out;
}

function parseLiteral(text: string, c: Cursor): PathNode[] | { literal: Literal } {
  const t = text.trim();
  if (/^(['"]).*\1$/s.test(t)) return { literal: t.slice(1, -1) };
  if (t === 'true' || t === 'false') return { literal: t === 'true' };
  if (/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) return { literal: Number(t) };
  if (t.startsWith('@') || t.startsWith('.') || t.startsWith('$')) return parsePath(t.replace(/^[@$]/, ''));
  return c.fail(`unrecognized filter operand ${JSON.stringify(t)}`);
}

/** `[?( ... )]` with the cursor after `?(`. */
function parseFilter(c: Cursor): PathNode {
  const close = c.src.indexOf(')]', c.pos);
  if (close < 0) c.fail('unterminated filter');
  const body = c.src.slice(c.pos, close);
  c.pos = close + 2;
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/s.exec(body);
  const leftText = (m ? m[1]! : body).trim();
  if (!leftText.startsWith('@')) c.fail('filter must start with @');
  const left = parsePath(leftText.slice(1));
  if (!m) return { t: 'filter', left, op: 'exists' };
  return { t: 'filter', left, op: m[2]!, right: parseLiteral(m[3]!, c) };
}

function parseIndexPart(s: string, c: Cursor): number | undefined {
  const t = s.trim();
  if (t === '') return undefined;
  if (!/^[+-]?\d+$/.test(t)) c.fail(`invalid array index ${JSON.stringify(t)}`);
  return Number(t);
}

function parseBracketItem(text: string, c: Cursor): PathNode {
  const t = text.trim();
  if (/^(['"]).*\1$/s.test(t)) return { t: 'field', name: t.slice(1, -1) };
  if (t === '*') return { t: 'slice', index: false };
  const parts = t.split(':');
  if (parts.length > 3) c.fail(`invalid slice ${JSON.stringify(t)}`);
  if (parts.length === 1) {
    const i = parseIndexPart(parts[0]!, c);
    if (i === undefined) c.fail('empty array index');
    return { t: 'slice', start: i, index: true };
  }
  return { t: 'slice', start: parseIndexPart(parts[0]!, c), end: parseIndexPart(parts[1]!, c), step: parseIndexPart(parts[2] ?? '', c), index: false };
}

/** Splits a bracket body on commas outside quotes. */
function splitUnion(body: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function parseBracket(c: Cursor): PathNode {
  c.pos++; // [
  c.skipSpace();
  if (c.peek() === '?' && c.peek(1) === '(') {
    c.pos += 2;
    return parseFilter(c);
  }
  let body = '';
  let quote = '';
  while (!c.eof() && (quote || c.peek() !== ']')) {
    const ch = c.peek();
    if (quote && ch === quote) quote = '';
    else if (!quote && (ch === '"' || ch === "'")) quote = ch;
    body += ch;
    c.pos++;
  }
  if (c.eof()) c.fail('unterminated [');
  c.pos++; // ]
  const items = splitUnion(body);
  if (items.length === 1) return parseBracketItem(items[0]!, c);
  return { t: 'union', branches: items.map((i) => [parseBracketItem(i, c)]) };
}

export function parsePath(expr: string): PathNode[] {
  let src = expr.trim();
  if (src.startsWith('{') && src.endsWith('}')) src = src.slice(1, -1).trim();
  if (src.startsWith('$')) src = src.slice(1);
  const c = new Cursor(src);
  const nodes: PathNode[] = [];
  while (!c.eof()) {
    const ch = c.peek();
    if (ch === '.') {
      if (c.peek(1) === '.') {
        c.pos += 2;
        nodes.push({ t: 'recursive' });
        if (c.peek() === '[') continue;
      } else c.pos++;
      if (c.eof() || c.peek() === '[' || c.peek() === '.') continue; // `.` alone is the current object
      if (c.peek() === '*') {
        c.pos++;
        nodes.push({ t: 'wildcard' });
        continue;
      }
      const name = readName(c);
      if (name === '') c.fail('expected a field name');
      nodes.push({ t: 'field', name });
    } else if (ch === '[') nodes.push(parseBracket(c));
    else if (/\s/.test(ch)) c.skipSpace();
    else c.fail(`unexpected ${JSON.stringify(ch)}`);
  }
  return nodes;
}
