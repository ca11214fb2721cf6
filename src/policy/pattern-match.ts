/**
 * Structural validation of a resource against a `pattern` (Kyverno's pkg/engine/validate and
 * pkg/engine/anchor): maps key by key, arrays element by element, anchors first. The result says
 * whether the pattern passed, failed at a path, or did not apply (a conditional/global anchor).
 */
import { parseAnchor, anchorString, type Anchor } from './anchor.ts';
import { goType, goValue } from '../lib/gofmt.ts';
import { matchValue } from './pattern.ts';
import { containsWildcard, wildcardMatch } from './wildcard.ts';

type AnchorErrorKind = 'conditional' | 'global' | 'negation';

interface PErr {
  message: string;
  kind?: AnchorErrorKind;
}

type Result = [path: string, err: PErr | undefined];
const OK: Result = ['', undefined];

const PREFIX: Record<AnchorErrorKind, string> = {
  conditional: 'conditional anchor mismatch',
  global: 'global anchor mismatch',
  negation: 'negation anchor matched in resource',
};

const anchorErr = (kind: AnchorErrorKind, msg: string): PErr => ({ kind, message: `${PREFIX[kind]}: ${msg}` });

// Kyverno falls back to message matching because wrapped errors lose their type; so do we.
const isKind = (e: PErr, kind: AnchorErrorKind) => e.kind === kind || e.message.includes(PREFIX[kind]);
const isSkip = (e: PErr) => isKind(e, 'conditional') || isKind(e, 'global');

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The outcome of matching a whole pattern, as Kyverno's PatternError carries it. */
export interface PatternResult {
  ok: boolean;
  /** The rule does not apply (a conditional or global anchor did not match). */
  skip: boolean;
  /** Where validation failed, `/spec/containers/0/image/`; empty for structural errors. */
  path: string;
  message: string;
}

/** Tracks whether anchored keys exist in the resource (Kyverno's AnchorMap). */
class AnchorMap {
  private seen = new Map<string, boolean>();
  check(pattern: Record<string, unknown>, resource: Record<string, unknown>): void {
    for (const key of Object.keys(pattern)) {
      const a = parseAnchor(key);
      if (!a || !['condition', 'existence', 'negation'].includes(a.type)) continue;
      if (this.seen.get(key)) continue;
      this.seen.set(key, Object.prototype.hasOwnProperty.call(resource, a.key));
    }
  }
  keysAreMissing(): boolean {
    for (const [k, v] of this.seen) if (!v && parseAnchor(k)?.type !== 'negation') return true;
    return false;
  }
}

export function matchPattern(resource: unknown, pattern: unknown): PatternResult {
  const ac = new AnchorMap();
  const [path, err] = validateElement(resource, pattern, '/', ac);
  if (!err) return { ok: true, skip: false, path: '', message: '' };
  if (isSkip(err)) return { ok: false, skip: true, path: '', message: err.message };
  if (isKind(err, 'negation')) return { ok: false, skip: false, path, message: err.message };
  if (ac.keysAreMissing()) return { ok: false, skip: false, path: '', message: err.message };
  return { ok: false, skip: false, path, message: err.message };
}

function validateElement(resource: unknown, pattern: unknown, path: string, ac: AnchorMap): Result {
  if (isMap(pattern)) {
    if (!isMap(resource)) {
      return [path, { message: `pattern and resource have different structures. Path: ${path}. Expected ${goType(pattern)}, found ${goType(resource)}` }];
    }
    ac.check(pattern, resource);
    return validateMap(resource, pattern, path, ac);
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(resource)) {
      return [path, { message: `validation rule failed at path ${path}, resource does not satisfy the expected overlay pattern` }];
    }
    return validateArray(resource, pattern, path, ac);
  }
  const fail = (): Result => [path, { message: `resource value '${goValue(resource)}' does not match '${goValue(pattern)}' at path ${path}` }];
  if (Array.isArray(resource)) return resource.every((r) => matchValue(r, pattern)) ? OK : fail();
  return matchValue(resource, pattern) ? OK : fail();
}

function hasNestedAnchors(v: unknown): boolean {
  if (isMap(v)) return Object.keys(v).some((k) => parseAnchor(k) !== undefined) || Object.values(v).some(hasNestedAnchors);
  if (Array.isArray(v)) return v.some(hasNestedAnchors);
  return false;
}

function validateMap(resource: Record<string, unknown>, rawPattern: Record<string, unknown>, path: string, ac: AnchorMap): Result {
  const pattern = expandMetadataWildcards(rawPattern, resource);
  const anchors: string[] = [];
  const first: string[] = [];
  const rest: string[] = [];
  for (const key of Object.keys(pattern)) {
    const a = parseAnchor(key);
    if (a && a.type !== 'global' && a.type !== 'addIfNotPresent') anchors.push(key);
    else if (a?.type === 'global' || hasNestedAnchors(pattern[key])) first.push(key);
    else rest.push(key);
  }
  for (const key of [...anchors.sort(), ...first, ...rest]) {
    const r = handleKey(key, pattern[key], resource, path, ac);
    if (r[1]) return r;
  }
  return OK;
}

function handleKey(key: string, pattern: unknown, resource: Record<string, unknown>, path: string, ac: AnchorMap): Result {
  const a = parseAnchor(key);
  if (!a || a.type === 'addIfNotPresent') return handlePlain(key, pattern, resource, path, ac);
  return ANCHOR_HANDLERS[a.type](a, pattern, resource, path, ac);
}

function handlePlain(key: string, pattern: unknown, resource: Record<string, unknown>, path: string, ac: AnchorMap): Result {
  const value = resource[key];
  if (pattern === '*') return value !== null && value !== undefined ? OK : [path, { message: `${path}/${key} not found` }];
  return validateElement(value, pattern, `${path}${key}/`, ac);
}

type AnchorHandler = (a: Anchor, pattern: unknown, resource: Record<string, unknown>, path: string, ac: AnchorMap) => Result;

const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** One handler per anchor, as in Kyverno's anchor/handlers.go. */
const ANCHOR_HANDLERS: Record<Exclude<Anchor['type'], 'addIfNotPresent'>, AnchorHandler> = {
  condition(a, pattern, resource, path, ac) {
    const current = `${path}${a.key}/`;
    if (!has(resource, a.key)) return [current, anchorErr('conditional', "conditional anchor key doesn't exist in the resource")];
    const [p, err] = validateElement(resource[a.key], pattern, current, ac);
    return err ? [p, anchorErr('conditional', err.message)] : OK;
  },
  global(a, pattern, resource, path, ac) {
    const current = `${path}${a.key}/`;
    if (!has(resource, a.key)) return OK;
    const [p, err] = validateElement(resource[a.key], pattern, current, ac);
    return err ? [p, anchorErr('global', err.message)] : OK;
  },
  equality(a, pattern, resource, path, ac) {
    if (!has(resource, a.key)) return OK;
    return validateElement(resource[a.key], pattern, `${path}${a.key}/`, ac);
  },
  negation(a, _pattern, resource, path) {
    const current = `${path}${a.key}/`;
    return has(resource, a.key) ? [current, anchorErr('negation', `${current} is not allowed`)] : OK;
  },
  existence(a, pattern, resource, path, ac) {
    const current = `${path}${a.key}/`;
    if (!has(resource, a.key)) return OK;
    const value = resource[a.key];
    if (!Array.isArray(value)) {
      return [current, { message: `invalid resource type ${goType(value)}: Existence ^ () anchor can be used only on list/array type resource` }];
    }
    if (!Array.isArray(pattern)) return [current, { message: `invalid pattern type ${goType(pattern)}: Pattern has to be of list to compare against resource` }];
    for (const p of pattern) {
      if (!isMap(p)) return [current, { message: `invalid pattern type ${goType(pattern)}: Pattern has to be of type map to compare against items in resource` }];
      const found = value.some((el, i) => !validateElement(el, p, `${current}${i}/`, ac)[1]);
      if (!found) return [current, { message: `existence anchor validation failed at path ${current}` }];
    }
    return OK;
  },
};

function validateArray(resource: unknown[], pattern: unknown[], path: string, ac: AnchorMap): Result {
  if (pattern.length === 0) return [path, { message: 'pattern Array empty' }];
  const first = pattern[0];
  if (isMap(first)) return validateArrayOfMaps(resource, first, path, ac);
  if (!Array.isArray(first)) return validateElement(resource, first, path, ac);
  if (resource.length < pattern.length) {
    return ['', { message: `validate Array failed, array length mismatch, resource Array len is ${resource.length} and pattern Array len is ${pattern.length}` }];
  }
  return eachSkippable(pattern.length, path, (i) => validateElement(resource[i], pattern[i], `${path}${i}/`, ac));
}

function validateArrayOfMaps(resource: unknown[], pattern: Record<string, unknown>, path: string, ac: AnchorMap): Result {
  return eachSkippable(resource.length, path, (i) => validateElement(resource[i], pattern, `${path}${i}/`, ac));
}

/** Elements skipped by conditional anchors are ignored, unless every element was skipped. */
function eachSkippable(n: number, path: string, check: (i: number) => Result): Result {
  let applied = 0;
  const skipped: PErr[] = [];
  for (let i = 0; i < n; i++) {
    const r = check(i);
    if (!r[1]) {
      applied++;
      continue;
    }
    if (isSkip(r[1])) {
      skipped.push(r[1]);
      continue;
    }
    return r;
  }
  if (applied === 0 && skipped.length > 0) return [path, { message: skipped.map((e) => e.message).join('; ') }];
  return OK;
}

/**
 * Wildcard keys under metadata.labels/annotations (`app.kubernetes.io/*: "?*"`) are replaced by the
 * first matching resource key, keeping any anchor (Kyverno's wildcards.ExpandInMetadata).
 */
function expandMetadataWildcards(pattern: Record<string, unknown>, resource: Record<string, unknown>): Record<string, unknown> {
  const metaKey = Object.keys(pattern).find((k) => (parseAnchor(k)?.key ?? k) === 'metadata');
  if (!metaKey || !isMap(pattern[metaKey]) || !isMap(resource.metadata)) return pattern;
  const patternMeta = pattern[metaKey] as Record<string, unknown>;
  const resourceMeta = resource.metadata as Record<string, unknown>;
  let changed: Record<string, unknown> | undefined;
  for (const tag of ['labels', 'annotations']) {
    const tagKey = Object.keys(patternMeta).find((k) => (parseAnchor(k)?.key ?? k) === tag);
    const patternTags = tagKey ? patternMeta[tagKey] : undefined;
    const resourceTags = resourceMeta[tag];
    if (!tagKey || !isMap(patternTags) || !isMap(resourceTags)) continue;
    if (!Object.keys(patternTags).some(containsWildcard)) continue;
    const expanded: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patternTags)) {
      if (!containsWildcard(k)) {
        expanded[k] = v;
        continue;
      }
      const a = parseAnchor(k);
      const bare = a?.key ?? k;
      const match = Object.keys(resourceTags).find((rk) => wildcardMatch(bare, rk)) ?? bare;
      expanded[a ? anchorString({ ...a, key: match }) : match] = v;
    }
    changed ??= { ...patternMeta };
    changed[tagKey] = expanded;
  }
  return changed ? { ...pattern, [metaKey]: changed } : pattern;
}
