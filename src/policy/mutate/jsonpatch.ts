/**
 * RFC 6902 JSON Patch application with the options Kyverno enables (evanphx/json-patch):
 * negative indices, missing paths ignored on remove, and parents created on add.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PatchOperation } from '../types.ts';

export class PatchError extends Error {}

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function index(arr: unknown[], key: string, forAdd: boolean): number {
  if (key === '-' && forAdd) return arr.length;
  if (!/^-?\d+$/.test(key)) throw new PatchError(`invalid array index "${key}"`);
  let i = parseInt(key, 10);
  if (i < 0) i += arr.length;
  if (i < 0 || i > arr.length || (!forAdd && i === arr.length)) throw new PatchError(`array index ${key} out of bounds`);
  return i;
}

/** Walks to the parent of the last token; `create` builds missing objects on the way (EnsurePathExistsOnAdd). */
function parent(doc: unknown, tokens: string[], create: boolean): Container | undefined {
  let cur = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    if (Array.isArray(cur)) {
      cur = cur[index(cur, t, false)];
      continue;
    }
    if (cur === null || typeof cur !== 'object') return undefined;
    const obj = cur as Record<string, unknown>;
    if (obj[t] === undefined || obj[t] === null) {
      if (!create) return undefined;
      obj[t] = /^\d+$/.test(tokens[i + 1]) || tokens[i + 1] === '-' ? [] : {};
    }
    cur = obj[t];
  }
  return cur !== null && typeof cur === 'object' ? (cur as Container) : undefined;
}

function get(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const t of parsePointer(path)) {
    if (Array.isArray(cur)) cur = cur[index(cur, t, false)];
    else if (cur !== null && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, t)) cur = (cur as Record<string, unknown>)[t];
    else throw new PatchError(`path ${path} not found`);
  }
  return cur;
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return clone(value);
  const p = parent(doc, tokens, true);
  if (!p) throw new PatchError(`add operation does not apply: doc is missing path: "${path}"`);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(p)) p.splice(index(p, last, true), 0, clone(value));
  else p[last] = clone(value);
  return doc;
}

function remove(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  const p = parent(doc, tokens, false);
  const last = tokens[tokens.length - 1];
  if (!p) return doc;
  if (Array.isArray(p)) {
    if (!/^-?\d+$/.test(last)) return doc;
    let i = parseInt(last, 10);
    if (i < 0) i += p.length;
    if (i >= 0 && i < p.length) p.splice(i, 1);
  } else delete p[last];
  return doc;
}

function replace(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return clone(value);
  const p = parent(doc, tokens, false);
  const last = tokens[tokens.length - 1];
  if (!p) throw new PatchError(`replace operation does not apply: doc is missing path: ${path}`);
  if (Array.isArray(p)) p[index(p, last, false)] = clone(value);
  else {
    if (!Object.prototype.hasOwnProperty.call(p, last)) throw new PatchError(`replace operation does not apply: doc is missing key: ${path}`);
    p[last] = clone(value);
  }
  return doc;
}

/** Applies operations to a copy of `doc`; throws PatchError with a message in evanphx's words. */
export function applyJsonPatch(doc: unknown, ops: PatchOperation[]): unknown {
  let out = clone(doc);
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        out = add(out, op.path, op.value);
        break;
      case 'remove':
        out = remove(out, op.path);
        break;
      case 'replace':
        out = replace(out, op.path, op.value);
        break;
      case 'move': {
        const v = get(out, op.from!);
        out = add(remove(out, op.from!), op.path, v);
        break;
      }
      case 'copy':
        out = add(out, op.path, get(out, op.from!));
        break;
      case 'test':
        if (!isDeepStrictEqual(get(out, op.path), op.value)) throw new PatchError(`testing value ${op.path} failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${(op as { op: string }).op}`);
    }
  }
  return out;
}
