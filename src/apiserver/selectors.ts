/**
 * Label and field selectors as the API accepts them in `labelSelector` / `fieldSelector` query
 * parameters (the string syntax), and metav1.LabelSelector objects (matchLabels/matchExpressions).
 */
import { badRequest } from './errors.ts';
import type { KObject } from './types.ts';

type Req = { key: string; op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=' | 'gt' | 'lt'; values: string[] };
export type LabelSelector = Req[];

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) (out.push(cur), (cur = ''));
    else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

export function parseLabelSelector(s: string | undefined): LabelSelector {
  if (!s || !s.trim()) return [];
  const reqs: Req[] = [];
  for (const part of splitTop(s)) {
    let m: RegExpMatchArray | null;
    let r: Req;
    if ((m = part.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/))) {
      r = { key: m[1]!, op: m[2] as 'in' | 'notin', values: m[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '') };
    } else if ((m = part.match(/^!\s*(\S+)$/))) r = { key: m[1]!, op: '!', values: [] };
    else if ((m = part.match(/^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(\S*)$/))) {
      const op = m[2] === '==' ? '=' : m[2] === '<' ? 'lt' : m[2] === '>' ? 'gt' : (m[2] as '=' | '!=');
      r = { key: m[1]!, op, values: [m[3]!] };
    } else if ((m = part.match(/^(\S+)$/))) r = { key: m[1]!, op: 'exists', values: [] };
    else throw badRequest(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, gt, lt`);
    if (!KEY.test(r.key)) throw badRequest(`unable to parse requirement: invalid label key "${r.key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
    for (const v of r.values) if ((r.op === '=' || r.op === '!=' || r.op === 'in' || r.op === 'notin') && !VALUE.test(v))
      throw badRequest(`unable to parse requirement: values[0][${r.key}]: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
    reqs.push(r);
  }
  return reqs;
}

export function matchesLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
        return has && v === r.values[0];
      case '!=':
        return !has || v !== r.values[0];
      case 'in':
        return has && r.values.includes(v!);
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
        return has && Number(v) > Number(r.values[0]);
      case 'lt':
        return has && Number(v) < Number(r.values[0]);
    }
  });
}

/** A metav1.LabelSelector object (matchLabels + matchExpressions) as requirements. */
export function fromLabelSelectorObject(sel: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } | undefined): LabelSelector {
  if (!sel) return [];
  const reqs: Req[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, op: '=', values: [v] }));
  for (const e of sel.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[e.operator as 'In'];
    if (!op) throw badRequest(`"${e.operator}" is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return reqs;
}

export function labelSelectorString(sel: LabelSelector): string {
  return sel
    .map((r) =>
      r.op === '=' || r.op === '!=' ? `${r.key}${r.op}${r.values[0]}` : r.op === 'exists' ? r.key : r.op === '!' ? `!${r.key}` : r.op === 'gt' ? `${r.key}>${r.values[0]}` : r.op === 'lt' ? `${r.key}<${r.values[0]}` : `${r.key} ${r.op} (${r.values.join(',')})`,
    )
    .join(',');
}

export type FieldSelector = Array<{ field: string; op: '=' | '!='; value: string }>;

/** Fields each kind supports in field selectors, beyond metadata.name and metadata.namespace. */
const FIELD_GETTERS: Record<string, Record<string, (o: any) => unknown>> = {
  Pod: { 'spec.nodeName': (o) => o.spec?.nodeName ?? '', 'spec.restartPolicy': (o) => o.spec?.restartPolicy, 'spec.schedulerName': (o) => o.spec?.schedulerName, 'spec.serviceAccountName': (o) => o.spec?.serviceAccountName, 'status.phase': (o) => o.status?.phase ?? '', 'status.podIP': (o) => o.status?.podIP ?? '', 'status.nominatedNodeName': (o) => o.status?.nominatedNodeName ?? '' },
  Event: {
    'involvedObject.kind': (o) => o.involvedObject?.kind ?? '',
    'involvedObject.namespace': (o) => o.involvedObject?.namespace ?? '',
    'involvedObject.name': (o) => o.involvedObject?.name ?? '',
    'involvedObject.uid': (o) => o.involvedObject?.uid ?? '',
    'involvedObject.apiVersion': (o) => o.involvedObject?.apiVersion ?? '',
    'involvedObject.resourceVersion': (o) => o.involvedObject?.resourceVersion ?? '',
    'involvedObject.fieldPath': (o) => o.involvedObject?.fieldPath ?? '',
    reason: (o) => o.reason ?? '',
    reportingComponent: (o) => o.reportingComponent ?? '',
    source: (o) => o.source?.component ?? '',
    type: (o) => o.type ?? '',
  },
  Secret: { type: (o) => o.type ?? '' },
  Namespace: { 'status.phase': (o) => o.status?.phase ?? '' },
  ReplicaSet: { 'status.replicas': (o) => String(o.status?.replicas ?? 0) },
  Job: { 'status.successful': (o) => String(o.status?.succeeded ?? 0) },
  Node: { 'spec.unschedulable': (o) => String(o.spec?.unschedulable ?? false) },
};

export function parseFieldSelector(s: string | undefined, kind: string): FieldSelector {
  if (!s || !s.trim()) return [];
  const out: FieldSelector = [];
  for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = part.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const field = m[1]!;
    if (field !== 'metadata.name' && field !== 'metadata.namespace' && !FIELD_GETTERS[kind]?.[field])
      throw badRequest(`field label not supported: ${field}`);
    out.push({ field, op: m[2] === '!=' ? '!=' : '=', value: m[3]! });
  }
  return out;
}

export function matchesFields(sel: FieldSelector, o: KObject): boolean {
  return sel.every((r) => {
    const v = r.field === 'metadata.name' ? o.metadata.name : r.field === 'metadata.namespace' ? (o.metadata.namespace ?? '') : FIELD_GETTERS[o.kind]?.[r.field]?.(o);
    return r.op === '=' ? String(v ?? '') === r.value : String(v ?? '') !== r.value;
  });
}
