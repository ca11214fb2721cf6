/**
 * `{{ ... }}` variable substitution and `$(...)` references, as Kyverno's pkg/engine/variables does:
 * every string leaf and map key of a document is scanned, nested variables are resolved inside out,
 * a string that is exactly one variable takes the variable's type, and `\{{ }}` escapes a variable.
 */
import { search } from './jmespath/interpreter.ts';
import { NotFoundError } from './jmespath/errors.ts';
import type { JsonObject } from './types.ts';
import { parseAnchor } from './anchor.ts';

const RE_VARIABLES = /(^|[^\\])(\{\{(?:\{[^{}]*\}|[^{}])*\}\})/g;
const RE_ESCAPED = /\\\{\{(?:\{[^{}]*\}|[^{}])*\}\}/g;
const RE_REFERENCES = /^\$\(.[^ ]*\)|[^\\]\$\(.[^ ]*\)/g;
const RE_ESCAPED_REFERENCES = /\\\$\(.[^ ]*\)/g;

/** Raised when a variable cannot be resolved; `message` is Kyverno's wording. */
export class SubstitutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubstitutionError';
  }
}

export interface SubstituteOptions {
  /** JMESPath prefix `{{@}}` stands for, followed by the element's path (default request.object). */
  selfPrefix?: string;
}

export const hasVariables = (s: string): boolean => {
  RE_VARIABLES.lastIndex = 0;
  return RE_VARIABLES.test(s);
};

const stripBraces = (v: string) => v.replaceAll('{{', '').replaceAll('}}', '').trim();

function toJMESPath(prefix: string, path: string[]): string {
  let out = prefix;
  for (const p of path) {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) out += `.${p}`;
    else out += `."${p.replace(/"/g, '\\"')}"`;
  }
  return out;
}

/** Evaluates one variable expression against the context, with Kyverno's error wording. */
export function resolveVariable(ctx: JsonObject, variable: string, path: string): unknown {
  try {
    return search(ctx, variable);
  } catch (e) {
    if (e instanceof NotFoundError) throw new SubstitutionError(e.message);
    throw new SubstitutionError(`failed to resolve ${variable} at path ${path}: ${(e as Error).message}`);
  }
}

function substituteString(ctx: JsonObject, value: string, path: string[], opts: SubstituteOptions): unknown {
  const isDelete = (ctx.request as JsonObject | undefined)?.operation === 'DELETE';
  const pointer = `/${path.join('/')}`;
  let current = value;
  for (let guard = 0; guard < 100; guard++) {
    RE_VARIABLES.lastIndex = 0;
    const matches = [...current.matchAll(RE_VARIABLES)];
    if (matches.length === 0) break;
    const original = current;
    for (const m of matches) {
      const prefix = m[1];
      const v = m[2];
      let variable = stripBraces(v);
      if (variable === '@') variable = toJMESPath(opts.selfPrefix ?? 'request.object', path.map(anchorFree));
      if (isDelete) variable = variable.replaceAll('request.object', 'request.oldObject');
      const resolved = resolveVariable(ctx, variable, pointer);
      if (original === v) return resolved;
      const text = typeof resolved === 'string' ? resolved : JSON.stringify(resolved ?? null);
      current = current.replace(prefix + v, () => prefix + text);
    }
  }
  return current.replace(RE_ESCAPED, (s) => s.slice(1));
}

const anchorFree = (key: string) => parseAnchor(key)?.key ?? key;

function walk(ctx: JsonObject, doc: unknown, path: string[], opts: SubstituteOptions): unknown {
  if (typeof doc === 'string') return substituteString(ctx, doc, path, opts);
  if (Array.isArray(doc)) return doc.map((v, i) => walk(ctx, v, [...path, String(i)], opts));
  if (doc !== null && typeof doc === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(doc as JsonObject)) {
      const key = k.includes('{{') ? substituteString(ctx, k, path, opts) : k;
      out[typeof key === 'string' ? key : JSON.stringify(key)] = walk(ctx, v, [...path, k], opts);
    }
    return out;
  }
  return doc;
}

/** Substitutes references, then variables, everywhere in `document` (a fresh copy is returned). */
export function substituteAll(ctx: JsonObject, document: unknown, opts: SubstituteOptions = {}): unknown {
  return walk(ctx, substituteReferences(document), [], opts);
}

// ---- $(...) references: values taken from elsewhere in the same pattern --------------------------

const OPERATORS = ['>=', '<=', '>', '<', '!'];

function valueAt(doc: unknown, parts: string[]): unknown {
  let cur: unknown = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (cur !== null && typeof cur === 'object') {
      const entry = Object.entries(cur as JsonObject).find(([k]) => anchorFree(k) === p);
      cur = entry?.[1];
    } else return undefined;
  }
  return cur;
}

function resolveReference(doc: unknown, reference: string, path: string[]): string {
  let body = reference.slice(2, -1);
  const op = OPERATORS.find((o) => body.startsWith(o)) ?? '';
  body = body.slice(op.length);
  if (!body) throw new SubstitutionError('expected path, found empty reference');
  const parts = body.startsWith('/') ? [] : path.map(anchorFree);
  for (const seg of body.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  const value = valueAt(doc, parts);
  if (value === undefined || value === null) {
    throw new SubstitutionError(`got nil resolved variable ${reference} at path /${path.join('/')}`);
  }
  if (typeof value === 'object') throw new SubstitutionError(`NotResolvedReferenceErr,reference ${reference} not resolved at path /${path.join('/')}`);
  return op + String(value);
}

function substituteReferences(document: unknown): unknown {
  const visit = (node: unknown, path: string[]): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('$(')) return node;
      RE_REFERENCES.lastIndex = 0;
      let out = node.replace(RE_REFERENCES, (m) => {
        const initial = m.startsWith('$(');
        const ref = initial ? m : m.slice(1);
        return (initial ? '' : m[0]) + resolveReference(document, ref, path);
      });
      out = out.replace(RE_ESCAPED_REFERENCES, (s) => s.slice(1));
      return out;
    }
    if (Array.isArray(node)) return node.map((v, i) => visit(v, [...path, String(i)]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node as JsonObject).map(([k, v]) => [k, visit(v, [...path, k])]));
    }
    return node;
  };
  return visit(document, []);
}
