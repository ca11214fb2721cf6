/**
 * Evaluates parsed JSONPath over plain JSON the way client-go's jsonpath does with
 * AllowMissingKeys(true) (as the CRD table convertor sets it): missing fields yield no results,
 * while indexing a non-array or out of bounds is an error.
 */
import { isObject } from '../types.ts';
import { JsonPathError, parsePath, type Literal, type PathNode } from './jsonpath-parse.ts';

export { JsonPathError, parsePath, type PathNode } from './jsonpath-parse.ts';

export interface EvalOptions {
  /** Default true. When false, a missing field is an error, as in `kubectl -o jsonpath`. */
  allowMissingKeys?: boolean;
}

function evalField(input: unknown[], name: string, o: EvalOptions): unknown[] {
  const out: unknown[] = [];
  for (const v of input) if (isObject(v) && Object.hasOwn(v, name)) out.push(v[name]);
  if (out.length === 0 && o.allowMissingKeys === false && input.length > 0) throw new JsonPathError(`${name} is not found`);
  return out;
}

function evalWildcard(input: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of input) {
    if (Array.isArray(v)) out.push(...v);
    else if (isObject(v)) out.push(...Object.values(v));
  }
  return out;
}

/** Upstream keeps only nodes that have children (non-empty maps and lists) plus their descendants. */
function evalRecursive(input: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of input) {
    const children = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : [];
    if (children.length === 0) continue;
    out.push(v, ...evalRecursive(children));
  }
  return out;
}

function evalSlice(input: unknown[], n: Extract<PathNode, { t: 'slice' }>): unknown[] {
  const out: unknown[] = [];
  for (const v of input) {
    if (v === null || v === undefined) continue;
    if (!Array.isArray(v)) throw new JsonPathError(`${typeof v} is not array or slice`);
    const len = v.length;
    let start = n.start ?? 0;
    if (start < 0) start += len;
    let end = n.index ? start + 1 : (n.end ?? len);
    if (!n.index && n.end !== undefined && n.end < 0) end += len;
    if (start === end) continue; // asking for zero elements is allowed
    if (start >= len || start < 0) throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`);
    if (end > len || end < 0) throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`);
    if (start > end) throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`);
    const step = n.step ?? 1;
    if (step <= 0) throw new JsonPathError('step must be > 0');
    for (let i = start; i < end; i += step) out.push(v[i]);
  }
  return out;
}

/** text/template's comparisons: same basic kind only; ordering for numbers and strings. */
function compare(op: string, l: unknown, r: unknown): boolean {
  const kind = (v: unknown) => (typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'other');
  if (kind(l) !== kind(r) || kind(l) === 'other') throw new JsonPathError('incompatible types for comparison');
  if (op === '==') return l === r;
  if (op === '!=') return l !== r;
  if (kind(l) === 'bool') throw new JsonPathError('invalid type for comparison');
  const [a, b] = [l as number | string, r as number | string];
  return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
}

function evalFilter(input: unknown[], n: Extract<PathNode, { t: 'filter' }>, o: EvalOptions): unknown[] {
  const out: unknown[] = [];
  for (const v of input) {
    if (v === null || v === undefined) continue;
    if (!Array.isArray(v)) throw new JsonPathError(`${typeof v} is not array or slice`);
    for (const el of v) {
      const lefts = evalNodes([el], n.left, { allowMissingKeys: true });
      if (n.op === 'exists') {
        if (lefts.length > 0) out.push(el);
        continue;
      }
      if (lefts.length === 0) continue;
      if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time');
      const rights: unknown[] = n.right && 'literal' in n.right ? [n.right.literal as Literal] : evalNodes([el], (n.right as PathNode[]) ?? [], o);
      if (rights.length === 0) continue;
      if (rights.length > 1) throw new JsonPathError('can only compare one element at a time');
      if (compare(n.op, lefts[0], rights[0])) out.push(el);
    }
  }
  return out;
}

function evalNodes(input: unknown[], nodes: PathNode[], o: EvalOptions): unknown[] {
  let cur = input;
  for (const n of nodes) {
    switch (n.t) {
      case 'field':
        cur = evalField(cur, n.name, o);
        break;
      case 'wildcard':
        cur = evalWildcard(cur);
        break;
      case 'recursive':
        cur = evalRecursive(cur);
        break;
      case 'slice':
        cur = evalSlice(cur, n);
        break;
      case 'union':
        cur = n.branches.flatMap((b) => evalNodes(cur, b, o));
        break;
      case 'filter':
        cur = evalFilter(cur, n, o);
        break;
    }
  }
  return cur;
}

/** All values `expr` selects in `obj`. Throws JsonPathError on a malformed path or a bad index. */
export function evalJsonPath(obj: unknown, expr: string | PathNode[], opts: EvalOptions = {}): unknown[] {
  const nodes = typeof expr === 'string' ? parsePath(expr) : expr;
  return evalNodes([obj], nodes, opts);
}
