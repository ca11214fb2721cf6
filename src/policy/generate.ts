/**
 * generate rules: the resources a trigger asks for, from inline `data` (variables substituted) or
 * `clone`/`cloneList` sources read through the injected loader, labelled as Kyverno labels them.
 * Writing them (and keeping them in sync) is the generate controller's job.
 */
import { ruleError, rulePass } from './response.ts';
import type { Collaborators, GeneratedResource, JsonObject, KObject, RuleResponse } from './types.ts';
import { substituteAll } from './variables.ts';

const G = 'Generation' as const;

export interface GenerateSpec {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  synchronize?: boolean;
  orphanDownstreamOnPolicyDelete?: boolean;
  generateExisting?: boolean;
  data?: JsonObject;
  clone?: { namespace?: string; name?: string };
  cloneList?: { namespace?: string; kinds?: string[]; selector?: JsonObject };
  foreach?: unknown[];
}

export interface Trigger {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid: string;
}

export interface GenerateOwner {
  policyName: string;
  policyNamespace: string;
  ruleName: string;
}

/** The labels Kyverno puts on every generated resource, used to find and sync them later. */
export function generateLabels(owner: GenerateOwner, trigger: Trigger): Record<string, string> {
  const slash = trigger.apiVersion.indexOf('/');
  return {
    'app.kubernetes.io/managed-by': 'kyverno',
    'generate.kyverno.io/policy-name': owner.policyName,
    'generate.kyverno.io/policy-namespace': owner.policyNamespace,
    'generate.kyverno.io/rule-name': owner.ruleName,
    'generate.kyverno.io/trigger-group': slash < 0 ? '' : trigger.apiVersion.slice(0, slash),
    'generate.kyverno.io/trigger-version': slash < 0 ? trigger.apiVersion : trigger.apiVersion.slice(slash + 1),
    'generate.kyverno.io/trigger-kind': trigger.kind,
    'generate.kyverno.io/trigger-namespace': trigger.namespace,
    'generate.kyverno.io/trigger-name': trigger.name,
    'generate.kyverno.io/trigger-uid': trigger.uid,
  };
}

// server-populated fields that must not be copied from a clone source
const SERVER_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation', 'selfLink', 'ownerReferences', 'deletionTimestamp'];

function labelled(obj: JsonObject, labels: Record<string, string>, name: string, namespace: string | undefined): KObject {
  const meta = { ...((obj.metadata as JsonObject) ?? {}) };
  for (const f of SERVER_FIELDS) delete meta[f];
  meta.name = name;
  if (namespace) meta.namespace = namespace;
  else delete meta.namespace;
  meta.labels = { ...((meta.labels as Record<string, string>) ?? {}), ...labels };
  return { ...obj, metadata: meta } as KObject;
}

function splitKind(kind: string): { apiVersion: string; kind: string } {
  const i = kind.lastIndexOf('/');
  return i < 0 ? { apiVersion: 'v1', kind } : { apiVersion: kind.slice(0, i), kind: kind.slice(i + 1) };
}

/** Computes a generate rule's resources for one trigger (match and preconditions already passed). */
export async function generateRule(owner: GenerateOwner, raw: GenerateSpec, ctx: JsonObject, trigger: Trigger, c: Collaborators): Promise<RuleResponse> {
  if (raw.foreach) return ruleError(owner.ruleName, G, 'generate.foreach is not supported by Marina yet');
  let spec: GenerateSpec;
  try {
    spec = substituteAll(ctx, raw) as GenerateSpec;
  } catch (e) {
    return ruleError(owner.ruleName, G, 'variable substitution failed', e);
  }
  const labels = generateLabels(owner, trigger);
  const common = { synchronize: spec.synchronize ?? false, orphanDownstreamOnPolicyDelete: spec.orphanDownstreamOnPolicyDelete ?? false };
  const generated: GeneratedResource[] = [];
  try {
    if (spec.data !== undefined) {
      const object = labelled({ ...spec.data, apiVersion: spec.apiVersion, kind: spec.kind }, labels, spec.name ?? '', spec.namespace);
      generated.push({ apiVersion: spec.apiVersion ?? '', kind: spec.kind ?? '', namespace: spec.namespace, name: spec.name ?? '', object, ...common, source: 'data' });
    } else if (spec.clone) {
      if (!c.loader?.getResource) return ruleError(owner.ruleName, G, 'failed to clone resource: resource lookups are not available');
      const source = await c.loader.getResource({ apiVersion: spec.apiVersion ?? 'v1', kind: spec.kind ?? '', namespace: spec.clone.namespace, name: spec.clone.name ?? '' });
      if (!source) {
        return ruleError(owner.ruleName, G, `failed to clone resource: source resource ${spec.kind} ${spec.clone.namespace ?? ''}/${spec.clone.name ?? ''} not found`);
      }
      const uid = (source.metadata as JsonObject | undefined)?.uid;
      const object = labelled(source, { ...labels, ...(uid ? { 'generate.kyverno.io/source-uid': String(uid) } : {}) }, spec.name ?? '', spec.namespace);
      generated.push({ apiVersion: spec.apiVersion ?? String(source.apiVersion), kind: spec.kind ?? String(source.kind), namespace: spec.namespace, name: spec.name ?? '', object, ...common, source: 'clone' });
    } else if (spec.cloneList) {
      if (!c.loader?.listResources) return ruleError(owner.ruleName, G, 'failed to clone resources: resource lookups are not available');
      for (const k of spec.cloneList.kinds ?? []) {
        const ref = splitKind(k);
        for (const source of await c.loader.listResources({ ...ref, namespace: spec.cloneList.namespace, selector: spec.cloneList.selector })) {
          const name = String((source.metadata as JsonObject).name);
          const object = labelled(source, labels, name, spec.namespace);
          generated.push({ apiVersion: ref.apiVersion, kind: ref.kind, namespace: spec.namespace, name, object, ...common, source: 'cloneList' });
        }
      }
    } else return ruleError(owner.ruleName, G, 'generate rule has neither data, clone nor cloneList');
  } catch (e) {
    return ruleError(owner.ruleName, G, 'failed to generate resource', e);
  }
  return { ...rulePass(owner.ruleName, G, `generated ${generated.map((g) => `${g.kind}/${g.name}`).join(', ')}`), generated };
}
