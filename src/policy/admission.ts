/**
 * How Kyverno's admission webhooks word a denial and warnings, so `kubectl apply` shows users the
 * policy, rule and message exactly as Kyverno prints them.
 */
import type { PolicyResponse } from './types.ts';
import { marshalNestedMap } from './yamlv2.ts';

export const VALIDATE_WEBHOOK = 'validate.kyverno.svc-fail';
export const MUTATE_WEBHOOK = 'mutate.kyverno.svc-fail';

/**
 * Kyverno's GetBlockedMessages: every non-passing, non-skipped rule of the given policies as YAML.
 * Empty when nothing failed.
 */
export function blockedMessage(resource: { kind: string; namespace: string; name: string }, responses: PolicyResponse[]): string {
  const failures: Record<string, Record<string, string>> = {};
  for (const p of responses) {
    const rules: Record<string, string> = {};
    for (const r of p.rules) if (r.status !== 'pass' && r.status !== 'skip') rules[r.name] = r.message;
    if (Object.keys(rules).length > 0) failures[p.policy] = rules;
  }
  if (Object.keys(failures).length === 0) return '';
  const id = `${resource.kind}/${resource.namespace}/${resource.name}`;
  return `\n\nresource ${id} was blocked due to the following policies \n\n${marshalNestedMap(failures)}`;
}

/** The full text kubectl prints after "Error from server: ". */
export const deniedBy = (webhook: string, message: string) => `admission webhook "${webhook}" denied the request: ${message}`;

/** Kyverno's GetWarningMessages: `policy <policy>.<rule>: <message>` for failing or erroring rules. */
export function warningMessages(responses: PolicyResponse[]): string[] {
  const out: string[] = [];
  for (const p of responses) for (const r of p.rules) if (r.status !== 'pass' && r.status !== 'skip') out.push(`policy ${p.policy}.${r.name}: ${r.message}`);
  return out;
}
