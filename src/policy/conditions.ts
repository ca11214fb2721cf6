/**
 * Kyverno's condition language (preconditions, deny.conditions, foreach preconditions):
 * `{any, all}` blocks or the legacy flat list, one handler per operator in a table.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseDuration } from './duration.ts';
import { parseVersion, compareVersions } from './jmespath/semver.ts';
import { compareQuantities, parseQuantity } from './quantity.ts';
import { substituteAll } from './variables.ts';
import { wildcardMatch } from './wildcard.ts';
import type { JsonObject } from './types.ts';

export interface Condition {
  key?: unknown;
  operator: string;
  value?: unknown;
  message?: string;
}

type Handler = (key: unknown, value: unknown) => boolean;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's fmt.Sprint for scalars in lists. */
const sprint = (v: unknown): string => (v === null || v === undefined ? '<nil>' : typeof v === 'object' ? JSON.stringify(v) : String(v));

const parseIntStrict = (s: string) => (/^[+-]?\d+$/.test(s) ? parseInt(s, 10) : undefined);
const parseFloatStrict = (s: string) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) ? parseFloat(s) : undefined);

/** Durations compare across types: a duration string against seconds as a number (operator.parseDuration). */
function durations(key: unknown, value: unknown): [number, number] | undefined {
  const asDuration = (v: unknown) => (typeof v === 'string' && v !== '0' ? parseDuration(v) : undefined);
  let k = asDuration(key);
  let v = asDuration(value);
  if (k === undefined && v === undefined) return undefined;
  if (k === undefined) {
    if (typeof key !== 'number') return undefined;
    k = Math.trunc(key) * 1e9;
  }
  if (v === undefined) {
    if (typeof value !== 'number') return undefined;
    v = Math.trunc(value) * 1e9;
  }
  return [k, v];
}

/** Equality with Kyverno's type rules; `negate` gives NotEquals, which is false on type mismatch too. */
function equality(key: unknown, value: unknown, negate: boolean): boolean {
  const out = (b: boolean) => (negate ? !b : b);
  if (typeof key === 'boolean') return typeof value === 'boolean' && out(key === value);
  if (typeof key === 'number') {
    if (typeof value === 'number') return out(key === value);
    if (typeof value === 'string') {
      const n = Number.isInteger(key) ? parseIntStrict(value) : parseFloatStrict(value);
      return n !== undefined && out(n === key);
    }
    return false;
  }
  if (typeof key === 'string') {
    const d = durations(key, value);
    if (d) return out(d[0] === d[1]);
    const kq = parseQuantity(key);
    if (kq && typeof value === 'string') {
      const vq = parseQuantity(value);
      if (!vq) return false;
      return out(compareQuantities(kq, vq) === 0);
    }
    return typeof value === 'string' && out(wildcardMatch(value, key));
  }
  if (isMap(key)) return isMap(value) && out(isDeepStrictEqual(key, value));
  if (Array.isArray(key)) return Array.isArray(value) && out(isDeepStrictEqual(key, value));
  return false;
}

// ---- set operators -----------------------------------------------------------------------------

const RANGE = /^([-+]?\d+(?:\.\d+)?)-([-+]?\d+(?:\.\d+)?)$/;

/** One key element against one value element: wildcards either way, numeric ranges like `8000-9000`. */
function elementMatches(key: string, value: string): boolean {
  if (wildcardMatch(value, key) || wildcardMatch(key, value)) return true;
  const r = RANGE.exec(value);
  const n = parseFloatStrict(key);
  return r !== null && n !== undefined && n >= parseFloat(r[1]) && n <= parseFloat(r[2]);
}

/** The value as a list of strings: an array, or a string holding one value or a JSON array. */
function valueList(value: unknown, key: string[]): string[] | undefined {
  if (Array.isArray(value)) return value.map(sprint);
  if (typeof value === 'string') {
    if (key.length === 1 && wildcardMatch(value, key[0])) return [key[0]];
    try {
      const arr = JSON.parse(value) as unknown;
      if (Array.isArray(arr) && arr.every((x) => typeof x === 'string')) return arr as string[];
    } catch {
      // not a JSON list: invalid type, like upstream
    }
  }
  return undefined;
}

function keyList(key: unknown): string[] | undefined {
  if (typeof key === 'string') return [key];
  if (typeof key === 'number') return [String(key)];
  if (Array.isArray(key)) return key.map(sprint);
  return undefined;
}

type SetMode = 'anyIn' | 'allIn' | 'anyNotIn' | 'allNotIn';

function setOperator(mode: SetMode): Handler {
  return (key, value) => {
    const keys = keyList(key);
    if (!keys) return false;
    const values = valueList(value, keys);
    if (!values) return false;
    const found = keys.map((k) => values.some((v) => elementMatches(k, v)));
    const scalar = !Array.isArray(key);
    switch (mode) {
      case 'anyIn':
        return found.some(Boolean);
      case 'allIn':
        return scalar ? found[0] : found.every(Boolean);
      case 'anyNotIn':
        return scalar ? !found[0] : found.some((f) => !f);
      case 'allNotIn':
        return found.every((f) => !f);
    }
  };
}

/** The deprecated In/NotIn: exact set membership for list keys, wildcard for scalar keys. */
function legacyIn(negate: boolean): Handler {
  return (key, value) => {
    if (Array.isArray(key)) {
      if (!key.every((k) => typeof k === 'string')) return false;
      const values = Array.isArray(value) ? value : valueList(value, key as string[]);
      if (!values || !values.every((v) => typeof v === 'string')) return false;
      const all = (key as string[]).every((k) => (values as string[]).includes(k));
      return negate ? !all : all;
    }
    const k = keyList(key)?.[0];
    if (k === undefined) return false;
    let exists: boolean | undefined;
    if (Array.isArray(value)) exists = value.some((v) => wildcardMatch(k, sprint(v)));
    else if (typeof value === 'string') exists = wildcardMatch(value, k) || (valueList(value, [k]) ?? []).includes(k);
    if (exists === undefined) return false;
    return negate ? !exists : exists;
  };
}

// ---- numeric operators -------------------------------------------------------------------------

type Cmp = (c: number) => boolean;

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseFloatStrict(v) ?? parseIntStrict(v);
  return undefined;
}

function numeric(cmp: Cmp): Handler {
  return (key, value) => {
    const d = durations(key, value);
    if (d) return cmp(Math.sign(d[0] - d[1]));
    if (typeof key === 'number') {
      const v = toNumber(value);
      return v !== undefined && cmp(Math.sign(key - v));
    }
    if (typeof key !== 'string') return false;
    const kq = parseQuantity(key);
    const vq = typeof value === 'string' ? parseQuantity(value) : undefined;
    if (kq && vq) return cmp(compareQuantities(kq, vq));
    const kn = toNumber(key);
    if (kn !== undefined) {
      const v = toNumber(value);
      return v !== undefined && cmp(Math.sign(kn - v));
    }
    const kv = parseVersion(key);
    const vv = typeof value === 'string' ? parseVersion(value) : undefined;
    return kv !== undefined && vv !== undefined && cmp(compareVersions(kv, vv));
  };
}

/** The deprecated Duration* operators: both sides durations (numbers are seconds). */
function durationOp(cmp: Cmp): Handler {
  return (key, value) => {
    const asNs = (v: unknown) => (typeof v === 'number' ? Math.trunc(v) * 1e9 : typeof v === 'string' ? parseDuration(v) : undefined);
    const k = asNs(key);
    const v = asNs(value);
    return k !== undefined && v !== undefined && cmp(Math.sign(k - v));
  };
}

const gt: Cmp = (c) => c > 0;
const ge: Cmp = (c) => c >= 0;
const lt: Cmp = (c) => c < 0;
const le: Cmp = (c) => c <= 0;

/** Operators by lower-cased name; Kyverno matches operator names case-insensitively. */
export const OPERATORS: Record<string, Handler> = {
  equals: (k, v) => equality(k, v, false),
  equal: (k, v) => equality(k, v, false),
  notequals: (k, v) => equality(k, v, true),
  notequal: (k, v) => equality(k, v, true),
  in: legacyIn(false),
  notin: legacyIn(true),
  anyin: setOperator('anyIn'),
  allin: setOperator('allIn'),
  anynotin: setOperator('anyNotIn'),
  allnotin: setOperator('allNotIn'),
  greaterthan: numeric(gt),
  greaterthanorequals: numeric(ge),
  lessthan: numeric(lt),
  lessthanorequals: numeric(le),
  durationgreaterthan: durationOp(gt),
  durationgreaterthanorequals: durationOp(ge),
  durationlessthan: durationOp(lt),
  durationlessthanorequals: durationOp(le),
};

export class ConditionError extends Error {}

/** Evaluates one condition after substituting variables in its key and value. */
export function evaluateCondition(ctx: JsonObject, c: Condition): { result: boolean; message: string } {
  let key: unknown;
  let value: unknown;
  try {
    key = substituteAll(ctx, c.key ?? null);
  } catch (e) {
    throw new ConditionError(`failed to substitute variables in condition key: ${(e as Error).message}`);
  }
  try {
    value = substituteAll(ctx, c.value ?? null);
  } catch (e) {
    throw new ConditionError(`failed to substitute variables in condition value: ${(e as Error).message}`);
  }
  const handler = OPERATORS[String(c.operator ?? '').toLowerCase()];
  if (!handler) throw new ConditionError(`failed to create handler for condition operator: ${c.operator}`);
  return { result: handler(key, value), message: c.message ?? '' };
}

const joinNonEmpty = (parts: string[], sep: string) => parts.filter((p) => p !== '').join(sep);

function evaluateAnyAll(ctx: JsonObject, block: { any?: Condition[]; all?: Condition[] }): { result: boolean; message: string } {
  const trueMsgs: string[] = [];
  const falseMsgs: string[] = [];
  let anyResult = true;
  if (block.any) {
    anyResult = false;
    for (const c of block.any) {
      const r = evaluateCondition(ctx, c);
      if (r.result) {
        anyResult = true;
        trueMsgs.push(r.message);
        break;
      }
      falseMsgs.push(r.message);
    }
  }
  let allResult = true;
  for (const c of block.all ?? []) {
    const r = evaluateCondition(ctx, c);
    if (!r.result) {
      allResult = false;
      falseMsgs.push(r.message);
      break;
    }
    trueMsgs.push(r.message);
  }
  const result = anyResult && allResult;
  return { result, message: joinNonEmpty(result ? trueMsgs : falseMsgs, '; ') };
}

/**
 * Evaluates preconditions or deny conditions: `{any, all}` or a legacy list (all must hold).
 * Absent conditions are true. Throws ConditionError when a variable cannot be resolved.
 */
export function evaluateConditions(ctx: JsonObject, conditions: unknown): { result: boolean; message: string } {
  if (conditions === undefined || conditions === null) return { result: true, message: '' };
  if (Array.isArray(conditions)) {
    const msgs: string[] = [];
    for (const c of conditions as Condition[]) {
      const r = evaluateCondition(ctx, c);
      if (!r.result) return { result: false, message: r.message };
      msgs.push(r.message);
    }
    return { result: true, message: joinNonEmpty(msgs, ';') };
  }
  if (isMap(conditions)) return evaluateAnyAll(ctx, conditions as { any?: Condition[]; all?: Condition[] });
  throw new ConditionError('invalid condition');
}
