/**
 * CustomResourceDefinition (apiextensions.k8s.io/v1) defaulting, validation and the status an accepted CRD
 * gets, as kube-apiserver's apiextensions does on create. CRDs are plain objects (as decoded from YAML).
 */
import type { StatusCause } from '../errors.ts';
import { forbidden, invalidValue, notSupported, required } from './fielderr.ts';
import { isDNS1035Label, isDNS1123Subdomain } from './names.ts';
import { validateCRDSchema } from './structural.ts';
import { clone, isObject } from '../types.ts';

type Obj = Record<string, any>;

/** `SetDefaults_CustomResourceDefinition`: singular, listKind, conversion strategy, storedVersions. Returns a copy. */
export function crdDefaults<T extends Obj>(crd: T): T {
  const out = clone(crd) as Obj;
  const spec = (out.spec ??= {});
  const names = (spec.names ??= {});
  if (!names.singular && names.kind) names.singular = String(names.kind).toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  const svc = spec.conversion?.webhook?.clientConfig?.service;
  if (isObject(svc) && svc.port === undefined) svc.port = 443;
  for (const v of spec.versions ?? []) {
    // required booleans that Go decoding turns from absent into false: stored objects read as upstream's
    if (isObject(v)) {
      v.served ??= false;
      v.storage ??= false;
    }
  }
  const status = (out.status ??= {});
  if (!status.storedVersions?.length) {
    const storage = (spec.versions ?? []).find((v: Obj) => v?.storage);
    status.storedVersions = storage ? [storage.name] : [];
  }
  return out as T;
}

/** The status the names and establishing controllers give an accepted CRD (no conflicting names in Marina). */
export function crdAcceptedStatus(crd: Obj, now: Date = new Date()): Obj {
  const names = crd.spec?.names ?? {};
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const accepted: Obj = { kind: names.kind, listKind: names.listKind ?? `${names.kind}List`, plural: names.plural, singular: names.singular ?? String(names.kind ?? '').toLowerCase() };
  if (names.shortNames?.length) accepted.shortNames = [...names.shortNames];
  if (names.categories?.length) accepted.categories = [...names.categories];
  const storage = (crd.spec?.versions ?? []).find((v: Obj) => v?.storage)?.name;
  const stored: string[] = [...(crd.status?.storedVersions ?? [])];
  if (storage && !stored.includes(storage)) stored.push(storage);
  return {
    acceptedNames: accepted,
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: time, reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: time, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    storedVersions: stored,
  };
}

export interface CRDValidationOptions {
  /** Accept `conversion.strategy: Webhook` (Marina never calls the webhook: versions convert as None). */
  allowWebhookConversion?: boolean;
}

/** `ValidateCustomResourceDefinition` on the defaulted CRD (defaults are applied to a copy first). */
export function validateCRD(input: Obj, opts: CRDValidationOptions = {}): StatusCause[] {
  const crd = crdDefaults(input);
  const spec: Obj = crd.spec;
  const errs: StatusCause[] = [...metadataName(crd), ...group(spec), ...scope(spec), ...versions(spec), ...names(spec.names, 'spec.names', true)];
  if (spec.preserveUnknownFields === true) {
    errs.push(invalidValue('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  }
  errs.push(...conversion(spec, opts));
  return errs;
}

function metadataName(crd: Obj): StatusCause[] {
  const name = crd.metadata?.name;
  if (!name) return [required('metadata.name', 'name or generateName is required')];
  const msgs = [...isDNS1123Subdomain(name)];
  if (name !== `${crd.spec.names?.plural}.${crd.spec.group}`) msgs.push('must be spec.names.plural+"."+spec.group');
  return msgs.map((m) => invalidValue('metadata.name', name, m));
}

function group(spec: Obj): StatusCause[] {
  const g = spec.group;
  if (!g) return [required('spec.group')];
  const errs = isDNS1123Subdomain(g);
  if (errs.length) return [invalidValue('spec.group', g, errs.join(','))];
  if (g.split('.').length < 2) return [invalidValue('spec.group', g, 'should be a domain with at least one dot')];
  return [];
}

function scope(spec: Obj): StatusCause[] {
  if (!spec.scope) return [required('spec.scope')];
  if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') return [notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced'])];
  return [];
}

/** Upstream prints the whole versions slice; a summary keeps the message readable. */
const versionsSummary = (vs: Obj[]) => vs.map((v) => ({ name: v?.name, served: v?.served, storage: v?.storage }));

function versions(spec: Obj): StatusCause[] {
  const vs: Obj[] = Array.isArray(spec.versions) ? spec.versions : [];
  const errs: StatusCause[] = [];
  const seen = new Set<string>();
  let unique = true;
  vs.forEach((v, i) => {
    const p = `spec.versions[${i}]`;
    if (seen.has(v?.name)) unique = false;
    seen.add(v?.name);
    const nameErrs = isDNS1035Label(String(v?.name ?? ''));
    if (nameErrs.length) errs.push(invalidValue(`${p}.name`, v?.name ?? '', nameErrs.join(',')));
    errs.push(...version(v ?? {}, p));
  });
  if (!unique) errs.push(invalidValue('spec.versions', versionsSummary(vs), 'must contain unique version names'));
  if (vs.filter((v) => v?.storage === true).length !== 1) {
    errs.push(invalidValue('spec.versions', versionsSummary(vs), 'must have exactly one version marked as storage version'));
  }
  return errs;
}

function version(v: Obj, p: string): StatusCause[] {
  const errs: StatusCause[] = [];
  const schema = v.schema?.openAPIV3Schema;
  if (!isObject(schema)) errs.push(required(`${p}.schema.openAPIV3Schema`, 'schemas are required'));
  else errs.push(...validateCRDSchema(schema, `${p}.schema.openAPIV3Schema`));
  if (v.deprecationWarning !== undefined && !v.deprecated) errs.push(invalidValue(`${p}.deprecationWarning`, v.deprecationWarning, 'can only be set for deprecated versions'));
  errs.push(...subresources(v.subresources, `${p}.subresources`));
  (v.additionalPrinterColumns ?? []).forEach((c: Obj, j: number) => errs.push(...column(c ?? {}, `${p}.additionalPrinterColumns[${j}]`)));
  return errs;
}

/** `validateSimpleJSONPath`. */
function simpleJSONPath(s: string, p: string): StatusCause[] {
  if (s === '') return [invalidValue(p, s, 'must not be empty')];
  if (s[0] !== '.') return [invalidValue(p, s, 'must be a simple json path starting with .')];
  return [];
}

function subresources(sr: Obj | undefined, p: string): StatusCause[] {
  const scale = sr?.scale;
  if (!isObject(scale)) return [];
  const errs: StatusCause[] = [];
  const check = (k: string, prefixes: string[], msg: string, req: boolean) => {
    const v = (scale as Obj)[k] as string | undefined;
    if (!v) {
      if (req) errs.push(required(`${p}.scale.${k}`));
      return;
    }
    const e = simpleJSONPath(v, `${p}.scale.${k}`);
    if (e.length) errs.push(...e);
    else if (!prefixes.some((x) => v.startsWith(x))) errs.push(invalidValue(`${p}.scale.${k}`, v, msg));
  };
  check('specReplicasPath', ['.spec.'], 'should be a json path under .spec', true);
  check('statusReplicasPath', ['.status.'], 'should be a json path under .status', true);
  check('labelSelectorPath', ['.spec.', '.status.'], 'should be a json path under either .spec or .status', false);
  return errs;
}

const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

function column(c: Obj, p: string): StatusCause[] {
  const errs: StatusCause[] = [];
  if (!c.name) errs.push(required(`${p}.name`));
  if (!c.type) errs.push(required(`${p}.type`, `must be one of ${COLUMN_TYPES.join(',')}`));
  else if (!COLUMN_TYPES.includes(c.type)) errs.push(invalidValue(`${p}.type`, c.type, `must be one of ${COLUMN_TYPES.join(',')}`));
  if (c.format && !COLUMN_FORMATS.includes(c.format)) errs.push(invalidValue(`${p}.format`, c.format, `must be one of ${COLUMN_FORMATS.join(',')}`));
  if (!c.jsonPath) errs.push(required(`${p}.jsonPath`));
  else errs.push(...simpleJSONPath(c.jsonPath, `${p}.jsonPath`));
  return errs;
}

/** `ValidateCustomResourceDefinitionNames`; `spec` adds the required-ness that status.acceptedNames lacks. */
export function names(n: Obj | undefined, p: string, spec: boolean): StatusCause[] {
  const errs: StatusCause[] = [];
  const x = n ?? {};
  if (spec) for (const k of ['plural', 'singular', 'kind', 'listKind']) if (!x[k]) errs.push(required(`${p}.${k}`));
  for (const k of ['plural', 'singular']) {
    const e = x[k] ? isDNS1035Label(x[k]) : [];
    if (e.length) errs.push(invalidValue(`${p}.${k}`, x[k], e.join(',')));
  }
  for (const k of ['kind', 'listKind']) {
    const e = x[k] ? isDNS1035Label(String(x[k]).toLowerCase()) : [];
    if (e.length) errs.push(invalidValue(`${p}.${k}`, x[k], `may have mixed case, but should otherwise match: ${e.join(',')}`));
  }
  (x.shortNames ?? []).forEach((s: string, i: number) => {
    const e = isDNS1035Label(s);
    if (e.length) errs.push(invalidValue(`${p}.shortNames[${i}]`, s, e.join(',')));
  });
  if (x.kind && x.kind === x.listKind) errs.push(invalidValue(`${p}.listKind`, x.listKind, 'kind and listKind may not be the same'));
  (x.categories ?? []).forEach((s: string, i: number) => {
    const e = isDNS1035Label(s);
    if (e.length) errs.push(invalidValue(`${p}.categories[${i}]`, s, e.join(',')));
  });
  return errs;
}

function conversion(spec: Obj, opts: CRDValidationOptions): StatusCause[] {
  const c = spec.conversion ?? {};
  const p = 'spec.conversion';
  if (c.strategy === 'None') return c.webhook !== undefined ? [forbidden(`${p}.webhook`, 'should not be set when strategy is not set to Webhook')] : [];
  if (c.strategy !== 'Webhook') return [notSupported(`${p}.strategy`, c.strategy ?? '', ['None', 'Webhook'])];
  // Marina runs no conversion webhooks: say so where the user set it, unless the caller accepts it.
  if (!opts.allowWebhookConversion) return [notSupported(`${p}.strategy`, 'Webhook', ['None'])];
  const errs: StatusCause[] = [];
  if (!isObject(c.webhook)) return [required(`${p}.webhook`, 'required when strategy is set to Webhook')];
  const versions: unknown[] = c.webhook.conversionReviewVersions ?? [];
  if (!versions.length) errs.push(required(`${p}.webhook.conversionReviewVersions`, 'must contain at least one version'));
  else if (!versions.some((v) => v === 'v1' || v === 'v1beta1')) {
    errs.push(invalidValue(`${p}.webhook.conversionReviewVersions`, versions, 'must include at least one of v1, v1beta1'));
  }
  return errs;
}
