/**
 * CRDs for an `apiextensions.crossplane.io/v1` CompositeResourceDefinition, as Crossplane 1.x's
 * `internal/xcrd` generates them: the cluster-scoped composite CRD and, with `claimNames`, the namespaced
 * claim CRD, each version's schema wrapped with Crossplane's standard fields.
 */
import { ComposeError } from './errors.ts';
import { baseProps, claimPrinterColumns, claimSpecProps, compositePrinterColumns, compositeSpecProps, statusProps } from './xcrd-schemas.ts';

type Obj = Record<string, any>;

export interface XRDCRDs {
  composite: Obj;
  claim?: Obj;
}

const invalid = (msg: string) => new ComposeError('InvalidDefinition', msg);

/** One CRD version: the XRD version's schema merged into Crossplane's base schema. */
function crdVersion(v: Obj, xrdName: string, maxNameLength: number): Obj {
  const s: Obj | undefined = v.schema?.openAPIV3Schema;
  if (!s) throw invalid(`cannot generate CRD for ${JSON.stringify(xrdName)}: version ${JSON.stringify(v.name)}: custom resource validation cannot be nil`);
  const root = baseProps();
  if (s.description) root.description = s.description;
  const oldMax = s.properties?.metadata?.properties?.name?.maxLength;
  root.properties.metadata = { type: 'object', properties: { name: { type: 'string', maxLength: typeof oldMax === 'number' && oldMax < maxNameLength ? oldMax : maxNameLength } } };
  const xSpec: Obj = s.properties?.spec ?? {};
  const spec = root.properties.spec;
  if (xSpec.required?.length) spec.required = [...xSpec.required];
  if (xSpec['x-kubernetes-preserve-unknown-fields'] !== undefined) spec['x-kubernetes-preserve-unknown-fields'] = xSpec['x-kubernetes-preserve-unknown-fields'];
  if (xSpec['x-kubernetes-validations']) spec['x-kubernetes-validations'] = structuredClone(xSpec['x-kubernetes-validations']);
  if (xSpec.oneOf) spec.oneOf = structuredClone(xSpec.oneOf);
  if (xSpec.description) spec.description = xSpec.description;
  Object.assign(spec.properties, structuredClone(xSpec.properties ?? {}));
  const xStatus: Obj = s.properties?.status ?? {};
  const status = root.properties.status;
  for (const k of ['required', 'x-kubernetes-validations', 'description', 'oneOf']) if (xStatus[k] !== undefined) status[k] = structuredClone(xStatus[k]);
  Object.assign(status.properties, structuredClone(xStatus.properties ?? {}));
  const out: Obj = {
    name: v.name,
    served: v.served === true,
    storage: v.referenceable === true,
    schema: { openAPIV3Schema: root },
    subresources: { status: {} },
  };
  if (v.deprecated) out.deprecated = true;
  if (v.deprecationWarning) out.deprecationWarning = v.deprecationWarning;
  out.additionalPrinterColumns = [...structuredClone(v.additionalPrinterColumns ?? [])];
  return out;
}

function crdMetadata(xrd: Obj, name: string): Obj {
  const labels = { ...(xrd.metadata?.labels ?? {}), ...(xrd.spec?.metadata?.labels ?? {}) };
  const meta: Obj = {
    name,
    ownerReferences: [{ apiVersion: 'apiextensions.crossplane.io/v1', kind: 'CompositeResourceDefinition', name: xrd.metadata?.name, uid: xrd.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
  };
  if (Object.keys(labels).length) meta.labels = labels;
  if (xrd.spec?.metadata?.annotations) meta.annotations = { ...xrd.spec.metadata.annotations };
  return meta;
}

function withCategory(names: Obj, category: string): Obj {
  return { ...structuredClone(names), categories: [...(names.categories ?? []), category] };
}

function validateClaimNames(spec: Obj): void {
  const c = spec.claimNames;
  const n = spec.names ?? {};
  for (const k of ['kind', 'plural', 'singular', 'listKind']) {
    if (c[k] && c[k] === n[k]) throw invalid(`invalid resource claim names: ${JSON.stringify(c[k])} conflicts with composite resource name`);
  }
}

/** A CRD generated from an XRD: its versions with Crossplane's columns and standard spec/status fields. */
function generatedCRD(xrd: Obj, g: { name: string; names: Obj; scope: 'Cluster' | 'Namespaced'; columns: Obj[]; specProps: Obj }): Obj {
  const spec: Obj = xrd.spec;
  const versions = (spec.versions ?? []).map((v: Obj) => {
    const cv = crdVersion(v, xrd.metadata?.name, 63);
    cv.additionalPrinterColumns.push(...structuredClone(g.columns));
    Object.assign(cv.schema.openAPIV3Schema.properties.spec.properties, structuredClone(g.specProps));
    Object.assign(cv.schema.openAPIV3Schema.properties.status.properties, statusProps());
    return cv;
  });
  const crd: Obj = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: crdMetadata(xrd, g.name),
    spec: { group: spec.group, names: g.names, scope: g.scope, versions },
  };
  if (spec.conversion) crd.spec.conversion = structuredClone(spec.conversion);
  return crd;
}

function compositeCRD(xrd: Obj): Obj {
  const spec: Obj = xrd.spec;
  return generatedCRD(xrd, { name: xrd.metadata?.name, names: withCategory(spec.names, 'composite'), scope: 'Cluster', columns: compositePrinterColumns(), specProps: compositeSpecProps(spec.defaultCompositionUpdatePolicy) });
}

function claimCRD(xrd: Obj): Obj {
  const spec: Obj = xrd.spec;
  validateClaimNames(spec);
  return generatedCRD(xrd, { name: `${spec.claimNames.plural}.${spec.group}`, names: withCategory(spec.claimNames, 'claim'), scope: 'Namespaced', columns: claimPrinterColumns(), specProps: claimSpecProps(spec.defaultCompositeDeletePolicy) });
}

/** The composite CRD and, when the XRD offers a claim, the claim CRD. */
export function crdsForXRD(xrd: Obj): XRDCRDs {
  if (xrd?.apiVersion !== 'apiextensions.crossplane.io/v1' || xrd?.kind !== 'CompositeResourceDefinition') {
    throw invalid(`expected an apiextensions.crossplane.io/v1 CompositeResourceDefinition, got ${xrd?.apiVersion}/${xrd?.kind}`);
  }
  if (!xrd.spec?.group || !xrd.spec?.names?.kind || !xrd.spec?.names?.plural) throw invalid('spec.group, spec.names.kind and spec.names.plural are required');
  const out: XRDCRDs = { composite: compositeCRD(xrd) };
  if (xrd.spec.claimNames) out.claim = claimCRD(xrd);
  return out;
}

/** The version composites are created at: the referenceable one. */
export function referenceableVersion(xrd: Obj): string {
  const v = (xrd.spec?.versions ?? []).find((x: Obj) => x.referenceable);
  if (!v) throw invalid(`${xrd.metadata?.name}: no referenceable version`);
  return v.name;
}
