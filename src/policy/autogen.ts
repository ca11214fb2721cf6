/**
 * Kyverno's auto-generated rules for Pod controllers: a rule written for Pods also guards the pod
 * templates of Deployments, StatefulSets, Jobs... (`autogen-<rule>`) and CronJobs
 * (`autogen-cronjob-<rule>`), unless the policy opts out with the autogen-controllers annotation.
 */
import type { JsonObject } from './types.ts';

const ANNOTATION = 'pod-policies.kyverno.io/autogen-controllers';
const DEFAULT_CONTROLLERS = ['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'CronJob'];

type Rule = JsonObject & { name: string };
const isMap = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function filtersOf(block: unknown): JsonObject[] {
  if (!isMap(block)) return [];
  const list = [...((block.any as JsonObject[]) ?? []), ...((block.all as JsonObject[]) ?? [])];
  if (block.resources) list.push(block);
  return list;
}

/** A rule qualifies when every filter selects only Pods, by kind alone. */
function podOnly(rule: Rule): boolean {
  if (rule.generate || rule.verifyImages) return false;
  const filters = [...filtersOf(rule.match), ...filtersOf(rule.exclude)];
  const matchFilters = filtersOf(rule.match);
  if (matchFilters.length === 0) return false;
  return filters.every((f) => {
    const r = (f.resources ?? {}) as JsonObject;
    if (r.name || (r.names as unknown[])?.length || r.selector || r.annotations) return false;
    const kinds = (r.kinds as string[] | undefined) ?? [];
    return kinds.every((k) => k === 'Pod' || k === 'v1/Pod');
  });
}

function replaceKinds(block: unknown, kinds: string[]): unknown {
  if (!isMap(block)) return block;
  const fix = (f: JsonObject): JsonObject => {
    const r = f.resources as JsonObject | undefined;
    if (!r || !(r.kinds as unknown[])?.length) return f;
    return { ...f, resources: { ...r, kinds } };
  };
  const out: JsonObject = fix(block);
  if (Array.isArray(block.any)) out.any = (block.any as JsonObject[]).map(fix);
  if (Array.isArray(block.all)) out.all = (block.all as JsonObject[]).map(fix);
  return out;
}

/** Rewrites variables and JSON patch paths from the Pod to its template. */
function rewriteStrings(v: unknown, target: 'template' | 'cronjob'): unknown {
  const spec = target === 'template' ? 'spec.template' : 'spec.jobTemplate.spec.template';
  const ptr = target === 'template' ? '/spec/template' : '/spec/jobTemplate/spec/template';
  if (typeof v === 'string') {
    return v
      .replace(/request\.(object|oldObject)\.(spec|metadata)\b/g, (_m, obj: string, field: string) => `request.${obj}.${spec}.${field}`)
      .replace(/(path:\s*["']?)\/(spec|metadata)\b/g, (_m, pre: string, field: string) => `${pre}${ptr}/${field}`);
  }
  if (Array.isArray(v)) return v.map((x) => rewriteStrings(x, target));
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewriteStrings(x, target)]));
  return v;
}

function wrap(pattern: unknown, target: 'template' | 'cronjob'): unknown {
  if (!isMap(pattern)) return pattern;
  return target === 'template' ? { spec: { template: pattern } } : { spec: { jobTemplate: { spec: { template: pattern } } } };
}

const wrapPatterns = (obj: JsonObject, target: 'template' | 'cronjob', keys: string[]): JsonObject => {
  const out = { ...obj };
  for (const k of keys) {
    if (out[k] === undefined) continue;
    out[k] = k === 'anyPattern' && Array.isArray(out[k]) ? (out[k] as unknown[]).map((p) => wrap(p, target)) : wrap(out[k], target);
  }
  return out;
};

function convert(rule: Rule, kinds: string[], target: 'template' | 'cronjob'): Rule {
  const out = rewriteStrings(rule, target) as Rule;
  out.name = `${target === 'template' ? 'autogen-' : 'autogen-cronjob-'}${rule.name}`;
  out.match = replaceKinds(out.match, kinds);
  if (out.exclude) out.exclude = replaceKinds(out.exclude, kinds);
  if (isMap(out.validate)) {
    // foreach patterns are element-scoped; only top-level patterns move under the template
    out.validate = wrapPatterns(out.validate, target, ['pattern', 'anyPattern']);
  }
  if (isMap(out.mutate)) {
    const m = wrapPatterns(out.mutate, target, ['patchStrategicMerge']);
    if (Array.isArray(m.foreach)) m.foreach = (m.foreach as JsonObject[]).map((f) => wrapPatterns(f, target, ['patchStrategicMerge']));
    out.mutate = m;
  }
  return out;
}

/** The policy's rules plus Kyverno's autogen rules for Pod controllers, in Kyverno's order. */
export function withAutogenRules(policy: JsonObject): Rule[] {
  const spec = (policy.spec ?? {}) as JsonObject;
  const rules = ((spec.rules as Rule[]) ?? []).filter(isMap) as Rule[];
  const annotation = ((policy.metadata as JsonObject)?.annotations as Record<string, string> | undefined)?.[ANNOTATION];
  if (annotation === 'none' || !rules.length || !rules.every(podOnly)) return rules;
  const controllers = annotation ? annotation.split(',').map((s) => s.trim()) : DEFAULT_CONTROLLERS;
  const templated = controllers.filter((c) => c !== 'CronJob');
  const out = [...rules];
  if (templated.length) out.push(...rules.map((r) => convert(r, templated, 'template')));
  if (controllers.includes('CronJob')) out.push(...rules.map((r) => convert(r, ['CronJob'], 'cronjob')));
  return out;
}
