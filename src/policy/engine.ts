/**
 * The engine's entry points: evaluate every policy against one admission request (mutate, then
 * validate, then generate, as Kyverno's webhooks do) and decide allow/deny with Kyverno's words;
 * or scan an existing resource in the background.
 */
import { blockedMessage, deniedBy, MUTATE_WEBHOOK, VALIDATE_WEBHOOK, warningMessages } from './admission.ts';
import { withAutogenRules } from './autogen.ts';
import { evaluateConditions } from './conditions.ts';
import { buildContext, loadContextEntries, setVariable } from './context.ts';
import { generateRule, type GenerateSpec } from './generate.ts';
import { setClock } from './jmespath/time.ts';
import { matchTarget, ruleApplies, type MatchBlock, type MatchTarget } from './match.ts';
import { mutateRule, type MutateSpec } from './mutate/mutate.ts';
import { diffPatch } from './mutate/patches.ts';
import { reportResults, type PolicyReportResult } from './report.ts';
import { joinNonEmpty, ruleError, ruleSkip } from './response.ts';
import type { AdmissionRequest, Collaborators, GeneratedResource, JsonObject, PatchOperation, PolicyResponse, RuleResponse, RuleType } from './types.ts';
import { validateRule, type ValidateSpec } from './validate.ts';
import { wildcardMatch } from './wildcard.ts';

export interface KyvernoRule extends JsonObject {
  name: string;
  match?: MatchBlock;
  exclude?: MatchBlock;
  context?: unknown[];
  preconditions?: unknown;
  validate?: ValidateSpec;
  mutate?: MutateSpec;
  generate?: GenerateSpec;
  verifyImages?: unknown[];
}

/** A kyverno.io/v1 (or v2beta1) ClusterPolicy or Policy, as stored. */
export interface KyvernoPolicy extends JsonObject {
  apiVersion?: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: JsonObject & { rules?: KyvernoRule[] };
}

export interface AdmissionResult {
  allowed: boolean;
  /** The denial as kubectl prints it, webhook prefix included (undefined when allowed). */
  message?: string;
  warnings: string[];
  /** RFC 6902 patch from the request object to the mutated object (empty when unchanged). */
  patch: PatchOperation[];
  /** The object after mutate rules; the request's own object when no mutate rule ran (do not modify it). */
  mutatedObject?: JsonObject;
  /** Per policy, the responses of every rule that applied, in evaluation order. */
  responses: PolicyResponse[];
  /** The same outcomes as PolicyReport result entries. */
  results: PolicyReportResult[];
  /** Resources generate rules asked for (only when the request was allowed). */
  generated: GeneratedResource[];
}

type Action = 'Enforce' | 'Audit';

const normalizeAction = (a: unknown): Action | undefined =>
  typeof a === 'string' ? (a.toLowerCase() === 'enforce' ? 'Enforce' : a.toLowerCase() === 'audit' ? 'Audit' : undefined) : undefined;

/** The action for one rule: rule failureAction, then namespace overrides, then the policy's. */
function ruleAction(policy: KyvernoPolicy, rule: KyvernoRule, namespace: string): Action {
  const own = normalizeAction(rule.validate?.failureAction);
  if (own) return own;
  const overrides = (policy.spec.validationFailureActionOverrides as { action: string; namespaces?: string[] }[] | undefined) ?? [];
  for (const o of overrides) if (o.namespaces?.some((n) => wildcardMatch(n, namespace))) return normalizeAction(o.action) ?? 'Audit';
  return normalizeAction(policy.spec.validationFailureAction) ?? 'Audit';
}

/** A namespaced Policy only sees requests in its own namespace. */
function policyInScope(policy: KyvernoPolicy, t: MatchTarget): boolean {
  if (policy.kind !== 'Policy') return true;
  return (policy.metadata.namespace ?? 'default') === t.namespace;
}

interface Phase {
  type: RuleType;
  has: (r: KyvernoRule) => boolean;
}

interface RunState {
  ctx: JsonObject;
  target: MatchTarget;
  c: Collaborators;
  responses: Map<KyvernoPolicy, PolicyResponse>;
  actions: Map<RuleResponse, Action>;
}

function record(state: RunState, policy: KyvernoPolicy, response: RuleResponse, action: Action): void {
  let p = state.responses.get(policy);
  if (!p) {
    p = {
      policy: policy.metadata.name,
      ...(policy.kind === 'Policy' ? { namespace: policy.metadata.namespace ?? 'default' } : {}),
      validationFailureAction: normalizeAction(policy.spec.validationFailureAction) ?? 'Audit',
      rules: [],
    };
    state.responses.set(policy, p);
  }
  p.rules.push(response);
  state.actions.set(response, action);
}

/** Match, load context, check preconditions; then hand the prepared context to the rule handler. */
async function runRule(
  state: RunState,
  rule: KyvernoRule,
  type: RuleType,
  handler: (ctx: JsonObject) => Promise<RuleResponse | undefined>,
): Promise<RuleResponse | undefined> {
  if (!ruleApplies(rule, state.target, state.c)) return undefined;
  let ctx: JsonObject;
  try {
    ctx = await loadContextEntries(state.ctx, rule.context, state.c.loader, state.c.values);
  } catch (e) {
    return ruleError(rule.name, type, 'failed to load context', e);
  }
  try {
    const pre = evaluateConditions(ctx, rule.preconditions);
    if (!pre.result) return ruleSkip(rule.name, type, joinNonEmpty(['preconditions not met', pre.message], '; '));
  } catch (e) {
    return ruleError(rule.name, type, 'failed to evaluate preconditions', e);
  }
  return handler(ctx);
}

// autogen rewrites are pure in the policy object; policies are reused across many requests
const rulesCache = new WeakMap<KyvernoPolicy, KyvernoRule[]>();
function rulesOf(policy: KyvernoPolicy): KyvernoRule[] {
  let rules = rulesCache.get(policy);
  if (!rules) {
    rules = withAutogenRules(policy) as KyvernoRule[];
    rulesCache.set(policy, rules);
  }
  return rules;
}

/** Runs one phase over every policy's matching rules, honouring `applyRules: One`. */
async function runPhase(state: RunState, policies: KyvernoPolicy[], phase: Phase, handle: (p: KyvernoPolicy, r: KyvernoRule, ctx: JsonObject) => Promise<RuleResponse | undefined>): Promise<void> {
  for (const policy of policies) {
    for (const rule of rulesOf(policy)) {
      if (!phase.has(rule)) continue;
      const response = await runRule(state, rule, phase.type, (ctx) => handle(policy, rule, ctx));
      if (!response) continue;
      record(state, policy, response, ruleAction(policy, rule, state.target.namespace));
      if (policy.spec.applyRules === 'One' && response.status !== 'skip') break;
    }
  }
}

const withObject = (ctx: JsonObject, object: JsonObject): JsonObject => ({ ...ctx, request: { ...(ctx.request as JsonObject), object } });

function baseContext(request: AdmissionRequest, c: Collaborators): JsonObject {
  const ctx = buildContext(request, c.userRoles);
  for (const [k, v] of Object.entries(c.values ?? {})) if (k.includes('.') || !(k in ctx)) setVariable(ctx, k, v);
  return ctx;
}

/** Responses restricted to rules of one type (and optionally one action). */
function select(state: RunState, type: RuleType, pred: (r: RuleResponse) => boolean): PolicyResponse[] {
  const out: PolicyResponse[] = [];
  for (const p of state.responses.values()) {
    const rules = p.rules.filter((r) => r.type === type && pred(r));
    if (rules.length) out.push({ ...p, rules });
  }
  return out;
}

/**
 * Evaluates policies for one admission request: mutate rules patch the object in order, validate
 * rules judge the mutated object, generate rules list what to create. Pure apart from the injected
 * loader; never throws for policy problems (they become `error` results).
 */
export async function evaluatePolicies(policies: KyvernoPolicy[], request: AdmissionRequest, c: Collaborators = {}): Promise<AdmissionResult> {
  if (c.now) setClock(c.now);
  try {
    return await evaluate(policies, request, c);
  } finally {
    if (c.now) setClock(undefined);
  }
}

async function evaluate(policies: KyvernoPolicy[], request: AdmissionRequest, c: Collaborators): Promise<AdmissionResult> {
  const target = matchTarget(request);
  const active = policies.filter((p) => p?.spec && p.spec.admission !== false && policyInScope(p, target));
  const state: RunState = { ctx: baseContext(request, c), target, c, responses: new Map(), actions: new Map() };
  const original = request.object ?? undefined;
  // The request's object is copied before the first mutate rule runs (most requests meet none).
  let object = original;
  let mutated = false;

  if (request.operation !== 'DELETE' && object) {
    await runPhase(state, active, { type: 'Mutation', has: (r) => !!r.mutate }, async (_p, rule, ctx) => {
      if (!mutated) (object = structuredClone(object!)), (mutated = true);
      const r = await mutateRule(rule.name, rule.mutate!, ctx, object!, c);
      if (r.response.status === 'pass') {
        object = r.resource;
        state.ctx = withObject(state.ctx, object);
      }
      return r.response;
    });
  }
  const failurePolicyOf = (name: string, ns?: string) => active.find((p) => p.metadata.name === name && (p.kind !== 'Policy' || p.metadata.namespace === ns))?.spec.failurePolicy;
  const blocks = (p: PolicyResponse, r: RuleResponse) =>
    (r.status === 'fail' && state.actions.get(r) === 'Enforce') || (r.status === 'error' && failurePolicyOf(p.policy, p.namespace) !== 'Ignore' && (r.type === 'Mutation' || state.actions.get(r) === 'Enforce'));
  const resourceId = { kind: target.kind, namespace: target.namespace, name: target.name };

  const mutationBlocked = select(state, 'Mutation', (r) => r.status === 'error').filter((p) => p.rules.some((r) => blocks(p, r)));
  let message = mutationBlocked.length ? deniedBy(MUTATE_WEBHOOK, blockedMessage(resourceId, mutationBlocked)) : undefined;

  if (!message) {
    const resource = (request.operation === 'DELETE' ? request.oldObject : object) ?? {};
    await runPhase(state, active, { type: 'Validation', has: (r) => !!r.validate || !!r.verifyImages }, async (_p, rule, ctx) => {
      if (!rule.validate) return ruleError(rule.name, 'ImageVerify', 'verifyImages rules are not supported by Marina yet');
      return validateRule(rule.name, rule.validate, ctx, { resource, oldResource: request.oldObject, operation: request.operation, collaborators: c });
    });
    const enforced = select(state, 'Validation', (r) => state.actions.get(r) === 'Enforce').concat(select(state, 'ImageVerify', () => true));
    const blocking = enforced.filter((p) => p.rules.some((r) => blocks(p, r)));
    if (blocking.length) message = deniedBy(VALIDATE_WEBHOOK, blockedMessage(resourceId, enforced));
  }

  const generated: GeneratedResource[] = [];
  if (!message && object && (request.operation === 'CREATE' || request.operation === 'UPDATE')) {
    const meta = (object.metadata ?? {}) as JsonObject;
    const trigger = { apiVersion: String(object.apiVersion ?? ''), kind: String(object.kind ?? ''), name: String(meta.name ?? ''), namespace: String(meta.namespace ?? ''), uid: String(meta.uid ?? '') };
    await runPhase(state, active, { type: 'Generation', has: (r) => !!r.generate }, async (p, rule, ctx) => {
      const owner = { policyName: p.metadata.name, policyNamespace: p.kind === 'Policy' ? (p.metadata.namespace ?? 'default') : '', ruleName: rule.name };
      const r = await generateRule(owner, rule.generate!, ctx, trigger, c);
      generated.push(...(r.generated ?? []));
      return r;
    });
  }

  const responses = [...state.responses.values()];
  const warnPolicies = active.filter((p) => p.spec.emitWarning === true).map((p) => p.metadata.name);
  const warnings = warningMessages(responses.filter((p) => warnPolicies.includes(p.policy)));
  const patch = mutated && original && object ? diffPatch(original, object) : [];
  const reportOn = (request.operation === 'DELETE' ? request.oldObject : object) ?? {};
  return {
    allowed: !message,
    ...(message ? { message } : {}),
    warnings,
    patch,
    ...(object ? { mutatedObject: object } : {}),
    responses,
    results: reportResults(responses, reportOn, active.map((p) => p.metadata), c.now?.() ?? new Date()),
    generated,
  };
}

/**
 * Background scan of an existing resource: validate rules of policies with `background` enabled,
 * as Kyverno's report controller runs them (no admission request: operation and user are empty).
 */
export async function scanResource(policies: KyvernoPolicy[], resource: JsonObject, c: Collaborators = {}): Promise<{ responses: PolicyResponse[]; results: PolicyReportResult[] }> {
  const request = { operation: '' as AdmissionRequest['operation'], object: resource, userInfo: { username: '', groups: [] } };
  const target = matchTarget(request);
  const active = policies.filter((p) => p?.spec && p.spec.background !== false && policyInScope(p, target));
  const state: RunState = { ctx: baseContext(request, c), target, c, responses: new Map(), actions: new Map() };
  if (c.now) setClock(c.now);
  try {
    await runPhase(state, active, { type: 'Validation', has: (r) => !!r.validate }, (_p, rule, ctx) =>
      validateRule(rule.name, rule.validate!, ctx, { resource, operation: '', collaborators: c }),
    );
  } finally {
    if (c.now) setClock(undefined);
  }
  const responses = [...state.responses.values()];
  return { responses, results: reportResults(responses, resource, active.map((p) => p.metadata), c.now?.() ?? new Date(), 'background scan') };
}
