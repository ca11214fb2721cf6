/**
 * validate rules: `pattern`, `anyPattern`, `deny.conditions` and `foreach` (with nested foreach,
 * per-element context and preconditions), worded as Kyverno's validate_resource.go words results.
 * `podSecurity`, `cel`, `manifests` and `assert` are reported as unsupported errors.
 */
import { evaluateConditions } from './conditions.ts';
import { loadContextEntries, withElement } from './context.ts';
import { search } from './jmespath/interpreter.ts';
import { matchPattern } from './pattern-match.ts';
import { joinNonEmpty, ruleError, ruleFail, rulePass, ruleSkip } from './response.ts';
import type { Collaborators, JsonObject, RuleResponse } from './types.ts';
import { substituteAll } from './variables.ts';

const V = 'Validation' as const;

export interface ValidateSpec {
  message?: string;
  pattern?: unknown;
  anyPattern?: unknown[];
  deny?: { conditions?: unknown };
  foreach?: ForEachValidation[];
  podSecurity?: unknown;
  cel?: unknown;
  manifests?: unknown;
  assert?: unknown;
  failureAction?: 'Enforce' | 'Audit';
  allowExistingViolations?: boolean;
}

export interface ForEachValidation {
  list: string;
  context?: unknown[];
  preconditions?: unknown;
  elementScope?: boolean;
  pattern?: unknown;
  anyPattern?: unknown[];
  deny?: { conditions?: unknown };
  foreach?: ForEachValidation[];
}

/** Everything a validation needs besides the rule: the request's objects and collaborators. */
export interface ValidateEnv {
  resource: JsonObject;
  oldResource?: JsonObject | null;
  operation: string;
  collaborators: Collaborators;
}

interface Validator {
  ruleName: string;
  message: string;
  spec: ValidateSpec | ForEachValidation;
  ctx: JsonObject;
  /** The foreach element patterns validate against, when element-scoped. */
  element?: JsonObject;
  nesting: number;
}

const UNSUPPORTED: [keyof ValidateSpec, string][] = [
  ['podSecurity', 'validate.podSecurity is not supported by Marina; use pattern or deny rules instead'],
  ['cel', 'validate.cel (CEL expressions) is not supported by Marina yet'],
  ['manifests', 'validate.manifests (signed manifests) is not supported by Marina'],
  ['assert', 'validate.assert (kyverno-json assertions) is not supported by Marina yet'],
];

/**
 * Runs a validate rule whose match, context and preconditions were already handled by the engine.
 * Returns undefined when the rule has nothing to validate (as upstream returns nil).
 */
export async function validateRule(ruleName: string, spec: ValidateSpec, ctx: JsonObject, env: ValidateEnv): Promise<RuleResponse | undefined> {
  for (const [field, message] of UNSUPPORTED) if (spec[field] !== undefined) return ruleError(ruleName, V, message);
  const v: Validator = { ruleName, message: spec.message ?? '', spec, ctx, nesting: 0 };
  if (spec.deny) return validateDeny(v);
  if (spec.pattern !== undefined || spec.anyPattern !== undefined) {
    if (env.operation === 'DELETE') return undefined;
    const response = validatePatternsWithSubstitution(v, env.resource);
    if (env.operation === 'UPDATE' && env.oldResource && spec.allowExistingViolations !== false) {
      const prior = validateOld(v, env.oldResource);
      if (prior && prior.status === response.status && prior.message === response.message) {
        if (response.status === 'pass') return response;
        return ruleSkip(ruleName, V, 'skipping modified resource as validation results have not changed');
      }
    }
    return response;
  }
  if (spec.foreach) return validateForEach(v, spec.foreach, env);
  return undefined;
}

function validatePatternsWithSubstitution(v: Validator, resource: JsonObject): RuleResponse {
  let pattern: unknown;
  let anyPattern: unknown;
  try {
    if (v.spec.pattern !== undefined) pattern = substituteAll(v.ctx, v.spec.pattern);
    else anyPattern = substituteAll(v.ctx, v.spec.anyPattern);
  } catch (e) {
    return ruleError(v.ruleName, V, 'variable substitution failed', e);
  }
  return validatePatterns(v, v.element ?? resource, pattern, anyPattern);
}

/** Re-validates the old object (UPDATE), so pre-existing violations are not blamed on this change. */
function validateOld(v: Validator, oldResource: JsonObject): RuleResponse | undefined {
  const request = { ...(v.ctx.request as JsonObject), object: oldResource };
  const oldCtx = { ...v.ctx, request };
  try {
    return validatePatternsWithSubstitution({ ...v, ctx: oldCtx }, oldResource);
  } catch {
    return undefined;
  }
}

function substituteMessage(ctx: JsonObject, message: string): string {
  const out = substituteAll(ctx, message);
  return typeof out === 'string' ? out : "the produced message didn't resolve to a string, check your policy definition.";
}

function buildErrorMessage(v: Validator, err: string, path: string): string {
  if (!v.message) {
    return path ? `validation error: rule ${v.ruleName} failed at path ${path}` : `validation error: rule ${v.ruleName} execution error: ${err}`;
  }
  let msg: string;
  try {
    msg = substituteMessage(v.ctx, v.message);
  } catch {
    return `validation error: variables substitution error in rule ${v.ruleName} execution error: ${err}`;
  }
  if (!msg.endsWith('.')) msg += '.';
  return path ? `validation error: ${msg} rule ${v.ruleName} failed at path ${path}` : `validation error: ${msg} rule ${v.ruleName} execution error: ${err}`;
}

function validatePatterns(v: Validator, resource: JsonObject, pattern: unknown, anyPattern: unknown): RuleResponse {
  if (pattern !== undefined) {
    const r = matchPattern(resource, pattern);
    if (r.ok) return rulePass(v.ruleName, V, `validation rule '${v.ruleName}' passed.`);
    if (r.skip) return ruleSkip(v.ruleName, V, r.message);
    if (r.path === '') return ruleError(v.ruleName, V, buildErrorMessage(v, r.message, ''));
    return ruleFail(v.ruleName, V, buildErrorMessage(v, r.message, r.path));
  }
  if (!Array.isArray(anyPattern)) return ruleError(v.ruleName, V, 'failed to deserialize anyPattern, expected type array');
  const failed: string[] = [];
  const skipped: string[] = [];
  for (const [idx, p] of anyPattern.entries()) {
    const r = matchPattern(resource, p);
    if (r.ok) return rulePass(v.ruleName, V, `validation rule '${v.ruleName}' anyPattern[${idx}] passed.`);
    if (r.skip) skipped.push(`rule ${v.ruleName}[${idx}] skipped: ${r.message}`);
    else if (r.path === '') failed.push(`rule ${v.ruleName}[${idx}] failed: ${r.message}`);
    else failed.push(`rule ${v.ruleName}[${idx}] failed at path ${r.path}`);
  }
  if (skipped.length > 0 && failed.length === 0) return ruleSkip(v.ruleName, V, skipped.join(' '));
  if (failed.length > 0) {
    const errs = failed.join(' ');
    const m = v.message;
    const msg = !m ? `validation error: ${errs}` : m.endsWith('.') ? `validation error: ${m} ${errs}` : `validation error: ${m}. ${errs}`;
    return ruleFail(v.ruleName, V, msg);
  }
  return rulePass(v.ruleName, V, v.message);
}

function validateDeny(v: Validator): RuleResponse {
  let result: { result: boolean; message: string };
  try {
    result = evaluateConditions(v.ctx, (v.spec.deny as { conditions?: unknown }).conditions);
  } catch (e) {
    return ruleError(v.ruleName, V, 'failed to check deny conditions', e);
  }
  if (!result.result) return rulePass(v.ruleName, V, `validation rule '${v.ruleName}' passed.`);
  if (!v.message && !result.message) return ruleFail(v.ruleName, V, `validation error: rule ${v.ruleName} failed`);
  let msg: string;
  try {
    msg = substituteMessage(v.ctx, joinNonEmpty([v.message, result.message], '; '));
  } catch {
    msg = result.message;
  }
  return ruleFail(v.ruleName, V, msg);
}

/** Evaluates a foreach `list` (a JMESPath expression, braces optional); a non-list is one element. */
export function evaluateList(ctx: JsonObject, list: string): unknown[] {
  const expr = list.trim().replace(/^\{\{(.*)\}\}$/s, '$1');
  const value = search(ctx, expr);
  return Array.isArray(value) ? value : [value];
}

async function validateForEach(v: Validator, foreach: ForEachValidation[], env: ValidateEnv): Promise<RuleResponse> {
  let applied = 0;
  for (const fe of foreach) {
    let elements: unknown[];
    try {
      elements = evaluateList(v.ctx, fe.list);
    } catch {
      continue; // upstream logs and moves on when a list cannot be evaluated
    }
    const [resp, count] = await validateElements(v, fe, elements, env);
    if (resp.status !== 'pass') return resp;
    applied += count;
  }
  if (applied === 0) return ruleSkip(v.ruleName, V, 'rule skipped');
  return rulePass(v.ruleName, V, 'rule passed');
}

async function validateElements(v: Validator, fe: ForEachValidation, elements: unknown[], env: ValidateEnv): Promise<[RuleResponse, number]> {
  let applied = 0;
  for (const [index, element] of elements.entries()) {
    if (element === null || element === undefined) continue;
    const ctx = withElement(v.ctx, element, index, v.nesting);
    const scoped = fe.elementScope === undefined || fe.elementScope;
    const scopedElement = scoped && typeof element === 'object' && !Array.isArray(element) ? (element as JsonObject) : undefined;
    const r = await validateElement({ ...v, spec: fe, ctx, element: scopedElement ?? v.element, nesting: v.nesting + 1 }, fe, env);
    if (!r || r.status === 'skip') continue;
    if (r.status !== 'pass') {
      if (r.status === 'error' && index < elements.length - 1) continue;
      return [{ ...r, name: v.ruleName, message: `validation failure: ${r.message}` }, applied];
    }
    applied++;
  }
  return [rulePass(v.ruleName, V, ''), applied];
}

async function validateElement(v: Validator, fe: ForEachValidation, env: ValidateEnv): Promise<RuleResponse | undefined> {
  try {
    v.ctx = await loadContextEntries(v.ctx, fe.context, env.collaborators.loader, env.collaborators.values);
  } catch (e) {
    return ruleError(v.ruleName, V, 'failed to load context', e);
  }
  let pre: { result: boolean; message: string };
  try {
    pre = evaluateConditions(v.ctx, fe.preconditions);
  } catch (e) {
    return ruleError(v.ruleName, V, 'failed to evaluate preconditions', e);
  }
  if (!pre.result) return ruleSkip(v.ruleName, V, joinNonEmpty(['preconditions not met', pre.message], '; '));
  if (fe.deny) return validateDeny(v);
  if (fe.pattern !== undefined || fe.anyPattern !== undefined) return validatePatternsWithSubstitution(v, env.resource);
  if (fe.foreach) return validateForEach(v, fe.foreach, env);
  return undefined;
}
