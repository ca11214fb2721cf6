/**
 * Kyverno's preprocessing of a patchStrategicMerge overlay (strategicPreprocessing.go): conditional
 * `()` and global `<()` anchors are checked against the resource and removed, add-if-not-present
 * `+()` keys are dropped when the resource already has them, and list elements with conditions are
 * re-targeted at each matching resource element by `name`.
 */
import { parseAnchor } from '../anchor.ts';
import { matchPattern } from '../pattern-match.ts';

export class ConditionError extends Error {
  constructor(msg: string) {
    super(`condition failed: ${msg}`);
  }
}

export class GlobalConditionError extends Error {
  constructor(msg: string) {
    super(`global condition failed: ${msg}`);
  }
}

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

const isCondition = (k: string) => ['condition', 'global', 'equality', 'negation', 'existence'].includes(parseAnchor(k)?.type ?? '');
const isAddIfNotPresent = (k: string) => parseAnchor(k)?.type === 'addIfNotPresent';
const hasAnchorKey = (k: string) => isCondition(k) || isAddIfNotPresent(k);

function hasAnchors(node: unknown, test: (k: string) => boolean): boolean {
  if (isMap(node)) return Object.keys(node).some((k) => test(k) || hasAnchors(node[k], test));
  if (Array.isArray(node)) return node.some((e) => hasAnchors(e, test));
  return false;
}

/** Renames a key in place, keeping its position (overlay key order decides output order). */
function renameKey(obj: Obj, from: string, to: string): void {
  const entries = Object.entries(obj);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) obj[k === from ? to : k] = v;
}

function handleAddIfNotPresent(pattern: unknown, resource: unknown): number {
  if (!isMap(pattern)) return 0;
  const keys = Object.keys(pattern).filter(isAddIfNotPresent);
  for (const k of keys) {
    const key = parseAnchor(k)!.key;
    if (isMap(resource) && Object.prototype.hasOwnProperty.call(resource, key)) delete pattern[k];
    else renameKey(pattern, k, key);
  }
  return keys.length;
}

function checkConditions(pattern: Obj, resource: unknown, type: 'global' | 'condition'): void {
  for (const k of Object.keys(pattern)) {
    const a = parseAnchor(k);
    if (a?.type !== type) continue;
    const fail = (msg: string) => (type === 'global' ? new GlobalConditionError(msg) : new ConditionError(msg));
    if (!isMap(resource) || !Object.prototype.hasOwnProperty.call(resource, a.key)) throw fail(`could not found "${a.key}" key in the resource`);
    const resourceValue = resource[a.key];
    if (handleAddIfNotPresent(pattern[k], resourceValue) > 0) continue;
    const r = matchPattern(resourceValue, pattern[k]);
    if (!r.ok) throw fail(r.message);
  }
}

function walk(pattern: unknown, resource: unknown): void {
  if (isMap(pattern)) walkMap(pattern, resource);
  else if (Array.isArray(pattern) && pattern.length > 0 && isMap(pattern[0])) walkListOfMaps(pattern, resource);
}

function walkMap(pattern: Obj, resource: unknown): void {
  handleAddIfNotPresent(pattern, resource);
  checkConditions(pattern, resource, 'global');
  checkConditions(pattern, resource, 'condition');
  for (const k of Object.keys(pattern)) {
    if (hasAnchorKey(k)) continue;
    walk(pattern[k], isMap(resource) ? resource[k] : undefined);
  }
}

function walkListOfMaps(pattern: unknown[], resource: unknown): void {
  const resourceElements = Array.isArray(resource) ? resource : [];
  for (const element of [...pattern]) {
    if (!hasAnchors(element, hasAnchorKey)) continue;
    const hasGlobal = hasAnchors(element, (k) => parseAnchor(k)?.type === 'global');
    let anyGlobalPassed = false;
    let lastGlobalError: Error | undefined;
    // a fresh copy per resource element, so `+()` decisions for one container do not leak into the next
    for (const resEl of resourceElements) {
      const copy = clone(element);
      try {
        walk(copy, resEl);
      } catch (e) {
        if (e instanceof ConditionError) continue;
        if (e instanceof GlobalConditionError) {
          lastGlobalError = e;
          continue;
        }
        throw e;
      }
      if (hasGlobal) anyGlobalPassed = true;
      else retarget(pattern, copy, resEl);
    }
    if (resource === undefined || resource === null) {
      try {
        walk(clone(element), undefined);
        if (hasGlobal) anyGlobalPassed = true;
      } catch (e) {
        if (!(e instanceof ConditionError)) throw e;
      }
    }
    if (!anyGlobalPassed && lastGlobalError) throw lastGlobalError;
  }
}

/** Adds a copy of a conditioned element, without anchors, aimed at the resource element by name. */
function retarget(pattern: unknown[], element: unknown, resourceElement: unknown): void {
  const name = isMap(resourceElement) ? resourceElement.name : undefined;
  if (name === undefined || name === null || name === '') return;
  const node = clone(element) as Obj;
  if (deleteAnchors(node, true)) return;
  node.name = name;
  pattern.push(node);
}

/** Removes anchors; true when nothing but anchors was left, so the node must go too. */
function deleteAnchors(node: unknown, deleteScalar: boolean): boolean {
  if (isMap(node)) return deleteAnchorsInMap(node);
  if (Array.isArray(node)) return deleteAnchorsInList(node);
  return deleteScalar;
}

function deleteAnchorsInMap(node: Obj): boolean {
  const wasEmpty = Object.keys(node).length === 0;
  let anchorsExist = false;
  for (const k of Object.keys(node).filter(isCondition)) {
    if (deleteAnchors(node[k], true)) delete node[k];
    else anchorsExist = true;
  }
  if (anchorsExist) for (const k of Object.keys(node).filter(isCondition)) renameKey(node, k, parseAnchor(k)!.key);
  let needToDelete = true;
  for (const k of Object.keys(node)) {
    if (deleteAnchors(node[k], false)) delete node[k];
    else needToDelete = false;
  }
  // an overlay's own `{}` (emptyDir: {}) is content, not a leftover of removed anchors
  return needToDelete && !wasEmpty;
}

function deleteAnchorsInList(node: unknown[]): boolean {
  const wasEmpty = node.length === 0;
  for (let i = node.length - 1; i >= 0; i--) {
    const el = node[i];
    const drop = hasAnchors(el, hasAnchorKey) ? true : deleteAnchors(el, false);
    if (drop) node.splice(i, 1);
  }
  return node.length === 0 && !wasEmpty;
}

/**
 * Returns the overlay ready for a plain strategic merge. Throws ConditionError or
 * GlobalConditionError when the overlay's conditions do not hold for this resource.
 */
export function preprocessOverlay(overlay: unknown, resource: unknown): unknown {
  const pattern = clone(overlay);
  walk(pattern, resource);
  if (isMap(pattern)) {
    for (const k of Object.keys(pattern)) {
      if (deleteAnchors(pattern[k], isCondition(k))) delete pattern[k];
    }
  }
  return pattern;
}
