/**
 * Kind-specific validation that a schema cannot express: immutable fields and cross-field rules that
 * users meet every day, worded as upstream words them.
 */
import type { StatusCause } from '../errors.ts';
import type { ResourceType } from '../resource.ts';
import type { KObject } from '../types.ts';
import { fromLabelSelectorObject, matchesLabels } from '../selectors.ts';
import { jsonEqual } from '../util.ts';

type Rule = (o: any, old: any | undefined) => StatusCause[];

const immutable = (field: string, msg = 'field is immutable'): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${msg}` });

function immutableData(o: any, old: any): StatusCause[] {
  if (!old?.immutable) return [];
  const out: StatusCause[] = [];
  if (!jsonEqual(o.data ?? {}, old.data ?? {}) || !jsonEqual(o.binaryData ?? {}, old.binaryData ?? {}) || (o.stringData && Object.keys(o.stringData).length))
    out.push({ reason: 'FieldValueForbidden', field: 'data', message: 'Forbidden: field is immutable when `immutable` is set' });
  if (o.immutable !== true) out.push({ reason: 'FieldValueForbidden', field: 'immutable', message: 'Forbidden: field is immutable when `immutable` is set' });
  return out;
}

/** Workloads: a selector is required, must match the template's labels, and is immutable (apps/v1). */
function selectorRules(o: any, old: any, immutableSelector: boolean): StatusCause[] {
  const out: StatusCause[] = [];
  const spec = o.spec ?? {};
  if (!spec.selector) out.push({ reason: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' });
  else {
    const labels = spec.template?.metadata?.labels ?? {};
    if (!matchesLabels(fromLabelSelectorObject(spec.selector), labels))
      out.push({ reason: 'FieldValueInvalid', field: 'spec.template.metadata.labels', message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\`` });
    if (Object.keys(spec.selector.matchLabels ?? {}).length === 0 && (spec.selector.matchExpressions ?? []).length === 0)
      out.push({ reason: 'FieldValueInvalid', field: 'spec.selector', message: 'Invalid value: "null": empty selector is invalid for deployment' });
  }
  if (!spec.template?.spec?.containers?.length) out.push({ reason: 'FieldValueRequired', field: 'spec.template.spec.containers', message: 'Required value' });
  if (immutableSelector && old && !jsonEqual(spec.selector, old.spec?.selector))
    out.push(immutable('spec.selector', `${JSON.stringify(spec.selector)}: field is immutable`));
  return out;
}

const RULES: Record<string, Rule> = {
  '/Secret': (o, old) => [...immutableData(o, old), ...(old && o.type !== old.type ? [immutable('type', `"${o.type}": field is immutable`)] : [])],
  '/ConfigMap': (o, old) => immutableData(o, old),
  'apps/Deployment': (o, old) => selectorRules(o, old, true),
  'apps/ReplicaSet': (o, old) => selectorRules(o, old, true),
  'apps/StatefulSet': (o, old) => selectorRules(o, old, true),
  'apps/DaemonSet': (o, old) => selectorRules(o, old, true),
  '/Pod': (o) => (o.spec?.containers?.length ? [] : [{ reason: 'FieldValueRequired', field: 'spec.containers', message: 'Required value' }]),
  '/Service': (o, old) => {
    const out: StatusCause[] = [];
    if (o.spec?.type !== 'ExternalName' && !(o.spec?.ports?.length) && o.spec?.clusterIP !== 'None') out.push({ reason: 'FieldValueRequired', field: 'spec.ports', message: 'Required value' });
    if (old && old.spec?.clusterIP && o.spec?.clusterIP && o.spec.clusterIP !== old.spec.clusterIP) out.push(immutable('spec.clusterIPs[0]', `[]string{"${o.spec.clusterIP}"}: may not change once set`));
    return out;
  },
  'batch/Job': (o, old) => (old && !jsonEqual(o.spec?.template, old.spec?.template) ? [immutable('spec.template', `${JSON.stringify(o.spec?.template)}: field is immutable`)] : []),
  'rbac.authorization.k8s.io/RoleBinding': (o, old) => (old && !jsonEqual(o.roleRef, old.roleRef) ? [immutable('roleRef', `${JSON.stringify(o.roleRef)}: cannot change roleRef`)] : []),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (o, old) => (old && !jsonEqual(o.roleRef, old.roleRef) ? [immutable('roleRef', `${JSON.stringify(o.roleRef)}: cannot change roleRef`)] : []),
};

export function validateKind(o: KObject, old: KObject | undefined, t: ResourceType): StatusCause[] {
  if (!t.builtin) return [];
  return RULES[`${t.group}/${t.kind}`]?.(o, old) ?? [];
}
