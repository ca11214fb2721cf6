/**
 * mutate rules: `patchStrategicMerge` (with anchors), `patchesJson6902`, and `foreach` over list
 * elements (nested foreach, per-element context and preconditions, Ascending/Descending order).
 * `targets` (mutate existing resources) is reported as unsupported.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { evaluateConditions } from '../conditions.ts';
import { loadContextEntries, withElement } from '../context.ts';
import { ruleError, ruleSkip } from '../response.ts';
import type { Collaborators, JsonObject, PatchOperation, RuleResponse } from '../types.ts';
import { evaluateList } from '../validate.ts';
import { substituteAll } from '../variables.ts';
import { applyJsonPatch } from './jsonpatch.ts';
import { diffPatch } from './patches.ts';
import { applyStrategicMerge } from './strategic.ts';

const M = 'Mutation' as const;

export interface MutateSpec {
  patchStrategicMerge?: unknown;
  patchesJson6902?: string;
  foreach?: ForEachMutation[];
  targets?: unknown[];
  mutateExistingOnPolicyUpdate?: boolean;
}

export interface ForEachMutation {
  list: string;
  order?: 'Ascending' | 'Descending';
  context?: unknown[];
  preconditions?: unknown;
  patchStrategicMerge?: unknown;
  patchesJson6902?: string;
  foreach?: ForEachMutation[];
}

export interface MutateResult {
  response: RuleResponse;
  /** The resource after this rule (unchanged unless the rule passed). */
  resource: JsonObject;
}

type Step = { status: 'pass' | 'skip' | 'error'; message: string; resource: JsonObject };

/** Puts the patched resource back into the context, so later rules and elements see it. */
const withObject = (ctx: JsonObject, resource: JsonObject): JsonObject => ({ ...ctx, request: { ...(ctx.request as JsonObject), object: resource } });

function parseJsonPatch(text: string): PatchOperation[] {
  const ops = text.trim().startsWith('[') ? JSON.parse(text) : parseYaml(text);
  if (!Array.isArray(ops)) throw new Error('failed to decode patches: expected a list of operations');
  return ops as PatchOperation[];
}

/** Applies one patch block (already substituted) to the resource: Kyverno's mutate.Mutate/ForEach. */
function applyPatchBlock(block: { patchStrategicMerge?: unknown; patchesJson6902?: string }, resource: JsonObject): Step {
  let patched: unknown;
  try {
    if (block.patchStrategicMerge !== undefined) patched = applyStrategicMerge(resource, block.patchStrategicMerge).patched;
    else if (block.patchesJson6902) patched = applyJsonPatch(resource, parseJsonPatch(block.patchesJson6902));
    else return { status: 'error', message: 'empty mutate rule', resource };
  } catch (e) {
    return { status: 'error', message: `failed to patch resource: ${(e as Error).message}`, resource };
  }
  if (isDeepStrictEqual(patched, resource)) return { status: 'skip', message: 'no patches applied', resource };
  return { status: 'pass', message: 'resource patched', resource: patched as JsonObject };
}

function substituted(ctx: JsonObject, block: { patchStrategicMerge?: unknown; patchesJson6902?: string }): { patchStrategicMerge?: unknown; patchesJson6902?: string } {
  return substituteAll(ctx, { patchStrategicMerge: block.patchStrategicMerge, patchesJson6902: block.patchesJson6902 }) as {
    patchStrategicMerge?: unknown;
    patchesJson6902?: string;
  };
}

/** Runs a mutate rule whose match, context and preconditions were already handled by the engine. */
export async function mutateRule(ruleName: string, spec: MutateSpec, ctx: JsonObject, resource: JsonObject, collaborators: Collaborators): Promise<MutateResult> {
  const done = (step: Step): MutateResult => {
    const response: RuleResponse = { name: ruleName, type: M, status: step.status, message: step.message };
    if (step.status === 'pass') response.patches = diffPatch(resource, step.resource);
    return { response, resource: step.status === 'pass' ? step.resource : resource };
  };
  if (spec.targets?.length) {
    return {
      response: ruleSkip(ruleName, M, 'mutate existing resources (mutate.targets, mutateExistingOnPolicyUpdate) is not supported by Marina yet'),
      resource,
    };
  }
  if (spec.foreach) return done(await mutateForEach(ruleName, spec.foreach, ctx, resource, collaborators, 0));
  let block: { patchStrategicMerge?: unknown; patchesJson6902?: string };
  try {
    block = substituted(ctx, spec);
  } catch (e) {
    return { response: ruleError(ruleName, M, 'variable substitution failed', e), resource };
  }
  return done(applyPatchBlock(block, resource));
}

async function mutateForEach(
  ruleName: string,
  foreach: ForEachMutation[],
  ctx: JsonObject,
  resource: JsonObject,
  collaborators: Collaborators,
  nesting: number,
): Promise<Step> {
  let applied = 0;
  let current = resource;
  for (const fe of foreach) {
    let elements: unknown[];
    try {
      elements = evaluateList(withObject(ctx, current), fe.list);
    } catch (e) {
      return { status: 'error', message: `failed to evaluate list ${fe.list}: ${(e as Error).message}`, resource };
    }
    const step = await mutateElements(ruleName, fe, elements, ctx, current, collaborators, nesting);
    if (step.status === 'error') return { ...step, message: `failed to mutate elements: ${step.message}`, resource };
    if (step.status !== 'skip') {
      applied++;
      current = step.resource;
    }
  }
  const message = `${applied} elements processed`;
  return { status: applied === 0 ? 'skip' : 'pass', message, resource: current };
}

async function mutateElements(
  ruleName: string,
  fe: ForEachMutation,
  elements: unknown[],
  ctx: JsonObject,
  resource: JsonObject,
  collaborators: Collaborators,
  nesting: number,
): Promise<Step> {
  // strategic merge patches iterate in reverse by default, so removals keep indices valid
  const reverse = fe.order ? fe.order === 'Descending' : fe.patchStrategicMerge !== undefined;
  const order = elements.map((_, i) => i);
  if (reverse) order.reverse();
  let current = resource;
  for (const index of order) {
    const element = elements[index];
    if (element === null || element === undefined) continue;
    let elCtx = withElement(withObject(ctx, current), element, index, nesting);
    try {
      elCtx = await loadContextEntries(elCtx, fe.context, collaborators.loader, collaborators.values);
    } catch (e) {
      return { status: 'error', message: `failed to load to mutate.foreach[${index}].context: ${(e as Error).message}`, resource };
    }
    let pre: { result: boolean };
    try {
      pre = evaluateConditions(elCtx, fe.preconditions);
    } catch (e) {
      return { status: 'error', message: `failed to evaluate mutate.foreach[${index}].preconditions: ${(e as Error).message}`, resource };
    }
    if (!pre.result) continue;
    let step: Step;
    if (fe.foreach) step = await mutateForEach(ruleName, fe.foreach, elCtx, current, collaborators, nesting + 1);
    else {
      try {
        step = applyPatchBlock(substituted(elCtx, fe), current);
      } catch (e) {
        step = { status: 'error', message: `variable substitution failed: ${(e as Error).message}`, resource: current };
      }
    }
    if (step.status === 'error') return step;
    if (step.status === 'pass') current = step.resource;
  }
  return { status: 'pass', message: '', resource: current };
}

