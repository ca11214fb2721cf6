/**
 * RFC 6902 JSON patch with the behaviour and error text of gopkg.in/evanphx/json-patch.v4, which the
 * upstream API server applies. Written here rather than taken from `rfc6902` because the server's
 * quirks are part of the contract: `replace` on a missing object key adds it, negative array indices
 * count from the end, and every failure message is the Go library's (clients match on it).
 */
import { badRequest } from '../errors.ts';
import { isObject } from '../types.ts';
import { copyJson, deepEqual, hasKey, jsonTypeName, setKey, type JsonMap } from './json.ts';
import { tooManyOperations, unprocessable } from './status.ts';

/** handlers.maxJSONPatchOperations */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

export interface JsonPatchOperation {
  op: string;
  path?: string;
  from?: string;
  value?: unknown;
}

type Container = JsonMap | unknown[];

/** An operation that does not apply; the API server reports these as 422. */
class OpError extends Error {}

const MISSING = 'missing value';
const BAD_INDEX = 'invalid index referenced';

/**
 * Applies `ops` to a copy of `doc`. A body that is not a list of objects is a 400 (upstream fails to
 * decode it); an operation that does not apply is a 422 whose cause carries the library's message.
 */
export function applyJsonPatch<T>(doc: T, ops: unknown): T {
  // Go decodes `null` into an empty patch.
  if (ops === null) return copyJson(doc);
  if (!Array.isArray(ops)) throw badRequest(`json: cannot unmarshal ${jsonTypeName(ops)} into Go value of type jsonpatch.Patch`);
  const bad = ops.find((op) => op !== null && !isObject(op));
  if (bad !== undefined) throw badRequest(`json: cannot unmarshal ${jsonTypeName(bad)} into Go value of type jsonpatch.Operation`);
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) throw tooManyOperations(MAX_JSON_PATCH_OPERATIONS, ops.length);

  const root = { doc: copyJson(doc) as unknown as Container };
  try {
    for (const op of ops as Array<JsonMap | null>) applyOne(root, op ?? {});
  } catch (e) {
    if (e instanceof OpError) throw unprocessable(e.message);
    throw e;
  }
  return root.doc as unknown as T;
}

function applyOne(root: { doc: Container }, op: JsonMap): void {
  const kind = typeof op.op === 'string' ? op.op : 'unknown';
  switch (kind) {
    case 'add':
      return add(root.doc, op);
    case 'remove':
      return remove(root.doc, op);
    case 'replace':
      return replace(root, op);
    case 'move':
      return move(root.doc, op);
    case 'test':
      return test(root.doc, op);
    case 'copy':
      return copy(root.doc, op);
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}

// ---- operation fields, with the library's two styles of decode error ----

/** Operation.Path()/From(): the error text when the field is absent or not a string. */
function field(op: JsonMap, name: 'path' | 'from'): string | Error {
  const v = op[name];
  if (v === undefined || v === null) {
    return new Error(name === 'path' ? `operation missing path field: ${MISSING}` : `operation, missing from field: ${MISSING}`);
  }
  if (typeof v !== 'string') return new Error(`json: cannot unmarshal ${jsonTypeName(v)} into Go value of type string`);
  return v;
}

/** Some operations wrap the decode error, others replace it with ErrMissing. */
function pathOf(op: JsonMap, name: 'path' | 'from', what: string, keepCause: boolean): string {
  const p = field(op, name);
  if (typeof p === 'string') return p;
  const verb = name === 'path' ? 'path' : 'from';
  throw new OpError(`${what} operation failed to decode ${verb}: ${keepCause ? p.message : MISSING}`);
}

/** An absent `value` decodes to a nil node, which marshals as null. */
const valueOf = (op: JsonMap) => (hasKey(op, 'value') ? op.value : null);

// ---- containers ----

const decodeKey = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');
const isContainer = (v: unknown): v is Container => Array.isArray(v) || isObject(v);

/** findObject: the parent container of `path` and the last (decoded) token, or undefined. */
function findObject(doc: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let cur: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(cur, decodeKey(part));
    } catch {
      return undefined;
    }
    if (!isContainer(next)) return undefined;
    cur = next;
  }
  return { con: cur, key: decodeKey(split[split.length - 1]!) };
}

/** strconv.Atoi, with its error text. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  return Number(key);
}

const invalidIndex = (i: number) => new Error(`Unable to access invalid index: ${i}: ${BAD_INDEX}`);

/** partialDoc.get never fails (a missing key is nil); partialArray.get checks the index. */
function get(con: Container, key: string): unknown {
  if (!Array.isArray(con)) return hasKey(con, key) ? con[key] : undefined;
  let i = atoi(key);
  if (i < 0) {
    if (i < -con.length) throw invalidIndex(i);
    i += con.length;
  }
  if (i >= con.length) throw invalidIndex(i);
  return con[i];
}

function addTo(con: Container, key: string, val: unknown): void {
  if (!Array.isArray(con)) return setKey(con, key, val);
  if (key === '-') {
    con.push(val);
    return;
  }
  let i: number;
  try {
    i = atoi(key);
  } catch (e) {
    throw new Error(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  const size = con.length + 1;
  if (i >= size || i < -size) throw invalidIndex(i);
  if (i < 0) i += size;
  con.splice(i, 0, val);
}

function removeFrom(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!hasKey(con, key)) throw new Error(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete con[key];
    return;
  }
  let i = atoi(key);
  if (i >= con.length || i < -con.length) throw invalidIndex(i);
  if (i < 0) i += con.length;
  con.splice(i, 1);
}

const wrap = (prefix: string, e: unknown) => new OpError(`${prefix}: ${(e as Error).message}`);

// ---- operations ----

function add(doc: Container, op: JsonMap): void {
  const path = pathOf(op, 'path', 'add', false);
  const t = findObject(doc, path);
  if (!t) throw new OpError(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
  try {
    addTo(t.con, t.key, valueOf(op));
  } catch (e) {
    throw wrap(`error in add for path: '${path}'`, e);
  }
}

function remove(doc: Container, op: JsonMap): void {
  const path = pathOf(op, 'path', 'remove', false);
  const t = findObject(doc, path);
  if (!t) throw new OpError(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
  try {
    removeFrom(t.con, t.key);
  } catch (e) {
    throw wrap(`error in remove for path: '${path}'`, e);
  }
}

function replace(root: { doc: Container }, op: JsonMap): void {
  const path = pathOf(op, 'path', 'replace', true);
  if (path === '') {
    // Upstream wraps a nil error here, so a non-container value is silently ignored.
    const v = valueOf(op);
    if (isContainer(v)) root.doc = v;
    return;
  }
  const t = findObject(root.doc, path);
  if (!t) throw new OpError(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
  try {
    get(t.con, t.key);
  } catch {
    throw new OpError(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
  }
  // v4 quirk kept on purpose: a missing object key is not an error, replace then adds it.
  if (!Array.isArray(t.con)) return setKey(t.con, t.key, valueOf(op));
  const i = atoi(t.key);
  t.con[i < 0 ? i + t.con.length : i] = valueOf(op);
}

function move(doc: Container, op: JsonMap): void {
  const from = pathOf(op, 'from', 'move', true);
  const src = findObject(doc, from);
  if (!src) throw new OpError(`move operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  let val: unknown;
  try {
    val = get(src.con, src.key);
    removeFrom(src.con, src.key);
  } catch (e) {
    throw wrap(`error in move for path: '${src.key}'`, e);
  }
  const path = pathOf(op, 'path', 'move', true);
  const dst = findObject(doc, path);
  if (!dst) throw new OpError(`move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  try {
    addTo(dst.con, dst.key, val ?? null);
  } catch (e) {
    throw wrap(`error in move for path: '${path}'`, e);
  }
}

function test(doc: Container, op: JsonMap): void {
  const path = pathOf(op, 'path', 'test', true);
  const failed = () => new OpError(`testing value ${path} failed: test failed`);
  if (path === '') {
    if (!deepEqual(doc, op.value)) throw failed();
    return;
  }
  const t = findObject(doc, path);
  if (!t) throw new OpError(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
  let val: unknown;
  try {
    val = get(t.con, t.key);
  } catch (e) {
    throw wrap(`error in test for path: '${path}'`, e);
  }
  // A missing member matches an explicit null. Values compare structurally (upstream compares raw
  // bytes, so 1 and 1.0 differ there; JSON numbers cannot tell them apart here).
  if (val === undefined) {
    if (valueOf(op) === null) return;
    throw failed();
  }
  if (!hasKey(op, 'value') || !deepEqual(val, op.value)) throw failed();
}

function copy(doc: Container, op: JsonMap): void {
  const from = pathOf(op, 'from', 'copy', true);
  const src = findObject(doc, from);
  if (!src) throw new OpError(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
  let val: unknown;
  try {
    val = get(src.con, src.key);
  } catch (e) {
    throw wrap(`error in copy for from: '${from}'`, e);
  }
  const path = pathOf(op, 'path', 'copy', false);
  const dst = findObject(doc, path);
  if (!dst) throw new OpError(`copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
  try {
    addTo(dst.con, dst.key, copyJson(val ?? null));
  } catch (e) {
    throw wrap('error while adding value during copy', e);
  }
}
