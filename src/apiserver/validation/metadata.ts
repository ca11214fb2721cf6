/**
 * ObjectMeta validation as upstream's apimachinery does it: names by the rule of each kind, labels,
 * annotations, finalizers and owner references. Returns causes; the caller raises one Invalid error.
 */
import type { StatusCause } from '../errors.ts';
import type { KObject } from '../types.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export type NameRule = 'subdomain' | 'label' | 'label1035' | 'path';

const invalid = (field: string, value: string, msg: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: "${value}": ${msg}` });

/** Messages are upstream's, word for word, since users and tools match on them. */
export function nameErrors(name: string, rule: NameRule): string[] {
  switch (rule) {
    case 'label':
      return [
        ...(name.length > 63 ? ['must be no more than 63 characters'] : []),
        ...(DNS1123_LABEL.test(name) ? [] : ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
      ];
    case 'label1035':
      return [
        ...(name.length > 63 ? ['must be no more than 63 characters'] : []),
        ...(DNS1035_LABEL.test(name) ? [] : ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]),
      ];
    case 'path':
      if (name === '.' || name === '..') return [`may not be '${name}'`];
      for (const c of ['/', '%']) if (name.includes(c)) return [`may not contain '${c}'`];
      return [];
    default:
      return [
        ...(name.length > 253 ? ['must be no more than 253 characters'] : []),
        ...(DNS1123_SUBDOMAIN.test(name) ? [] : ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]),
      ];
  }
}

/** The name rule of each built-in kind (custom resources use DNS subdomains). */
export const NAME_RULES: Record<string, NameRule> = {
  Namespace: 'label',
  Service: 'label1035',
  Role: 'path',
  ClusterRole: 'path',
  RoleBinding: 'path',
  ClusterRoleBinding: 'path',
};

function qualifiedNameErrors(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name = key;
  if (parts.length > 2) return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...nameErrors(prefix, 'subdomain').map((e) => `prefix part ${e}`));
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  else if (!QUALIFIED_NAME.test(name))
    errs.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  return errs;
}

export function validateObjectMeta(obj: KObject, opts: { namespaced: boolean; rule: NameRule; create: boolean }): StatusCause[] {
  const m = obj.metadata;
  const causes: StatusCause[] = [];
  if (!m.name && !(opts.create && m.generateName)) causes.push({ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' });
  if (m.name) for (const e of nameErrors(m.name, opts.rule)) causes.push(invalid('metadata.name', m.name, e));
  if (m.generateName && !m.name) {
    const probe = m.generateName.replace(/-$/, '') || 'a';
    for (const e of nameErrors(probe, opts.rule === 'path' ? 'path' : 'subdomain')) causes.push(invalid('metadata.generateName', m.generateName, e));
  }
  if (opts.namespaced && !m.namespace) causes.push({ reason: 'FieldValueRequired', field: 'metadata.namespace', message: 'Required value' });
  if (!opts.namespaced && m.namespace) causes.push({ reason: 'FieldValueForbidden', field: 'metadata.namespace', message: 'Forbidden: not allowed on this type' });
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    for (const e of qualifiedNameErrors(k)) causes.push(invalid('metadata.labels', k, e));
    if (typeof v !== 'string') causes.push({ reason: 'FieldValueTypeInvalid', field: `metadata.labels.${k}`, message: 'Invalid value: must be a string' });
    else if (v.length > 63) causes.push(invalid('metadata.labels', v, 'must be no more than 63 characters'));
    else if (!LABEL_VALUE.test(v)) causes.push(invalid('metadata.labels', v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
  }
  let size = 0;
  for (const [k, v] of Object.entries(m.annotations ?? {})) {
    for (const e of qualifiedNameErrors(k.toLowerCase())) causes.push(invalid('metadata.annotations', k, e));
    if (typeof v !== 'string') causes.push({ reason: 'FieldValueTypeInvalid', field: `metadata.annotations.${k}`, message: 'Invalid value: must be a string' });
    size += k.length + String(v).length;
  }
  if (size > 256 * 1024) causes.push({ reason: 'FieldValueTooLong', field: 'metadata.annotations', message: `Too long: may not be more than 262144 bytes` });
  // metadata.finalizers need only be qualified names (upstream's ValidateFinalizerName); the stricter
  // "standard or fully qualified" rule is for a Namespace's spec.finalizers, not for metadata.
  for (const [i, f] of (m.finalizers ?? []).entries()) {
    if (typeof f !== 'string') causes.push({ field: `metadata.finalizers[${i}]`, message: 'Invalid value: must be a string' });
    else for (const e of qualifiedNameErrors(f)) causes.push(invalid(`metadata.finalizers[${i}]`, f, e));
  }
  for (const [i, r] of (m.ownerReferences ?? []).entries()) {
    const f = `metadata.ownerReferences[${i}]`;
    if (!r.apiVersion) causes.push({ reason: 'FieldValueInvalid', field: `${f}.apiVersion`, message: 'Invalid value: "": version must not be empty' });
    if (!r.kind) causes.push({ reason: 'FieldValueInvalid', field: `${f}.kind`, message: 'Invalid value: "": kind must not be empty' });
    if (!r.name) causes.push({ reason: 'FieldValueInvalid', field: `${f}.name`, message: 'Invalid value: "": name must not be empty' });
    if (!r.uid) causes.push({ reason: 'FieldValueInvalid', field: `${f}.uid`, message: 'Invalid value: "": uid must not be empty' });
  }
  if ((m.ownerReferences ?? []).filter((r) => r.controller).length > 1)
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.ownerReferences', message: 'Invalid value: Only one reference can have Controller set to true' });
  return causes;
}
