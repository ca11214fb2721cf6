/** Claim ↔ composite binding (Crossplane 1.x claim `configurator` and status syncer), as pure functions. */
import { ComposeError } from './errors.ts';
import { setConditions, synced, creating, type Condition } from './conditions.ts';
import { LabelClaimName, LabelClaimNamespace, randomName } from './metadata.ts';
import { claimSpecProps, propagateSpecProps } from './xcrd-schemas.ts';
import { referenceableVersion } from './xcrd.ts';

type Obj = Record<string, any>;

/** Labels and annotations under *.kubernetes.io (e.g. kubectl's last-applied) stay on the claim. */
const withoutReserved = (m: Obj | undefined): Obj =>
  Object.fromEntries(Object.entries(m ?? {}).filter(([k]) => !/(^|\.)kubernetes\.io\//.test(k)));

/** Spec fields only claims have; everything else in a claim's spec is copied to its composite. */
export function claimOnlySpecFields(claimSpec: Obj): string[] {
  const fields = Object.keys(claimSpecProps()).filter((f) => !propagateSpecProps.includes(f));
  // With a Manual update policy the pinned revision travels to the composite too.
  return claimSpec?.compositionUpdatePolicy === 'Manual' ? fields.filter((f) => f !== 'compositionRevisionRef') : fields;
}

/**
 * The composite for a claim: named after the claim plus a random suffix (or the composite the claim
 * already references), labelled with the claim's name and namespace, its spec the claim's spec minus
 * claim-only fields, with `spec.claimRef` pointing back.
 */
export function compositeForClaim(claim: Obj, xrd: Obj, names: (prefix: string) => string = randomName): Obj {
  const cm = claim.metadata ?? {};
  if (!cm.name || !cm.namespace) throw new ComposeError('InvalidComposition', 'a claim needs a name and a namespace');
  const group: string = xrd.spec.group;
  const existing: string | undefined = claim.spec?.resourceRef?.name;
  const name = existing ?? names(`${cm.name}-`);
  const spec: Obj = structuredClone(claim.spec ?? {});
  for (const f of claimOnlySpecFields(spec)) delete spec[f];
  spec.claimRef = { apiVersion: claim.apiVersion, kind: claim.kind, namespace: cm.namespace, name: cm.name };
  const metadata: Obj = {
    name,
    labels: { ...withoutReserved(cm.labels), [LabelClaimName]: cm.name, [LabelClaimNamespace]: cm.namespace },
  };
  if (!existing) metadata.generateName = `${cm.name}-`;
  const annotations = withoutReserved(cm.annotations);
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  return { apiVersion: `${group}/${referenceableVersion(xrd)}`, kind: xrd.spec.names.kind, metadata, spec };
}

export interface ClaimStatus {
  resourceRef: { apiVersion: string; kind: string; name: string };
  status: Obj;
}

/**
 * What a claim shows of its composite: the composite's status fields (not its conditions), its Ready
 * condition and any `claimConditionTypes`, a Synced condition for the binding, and `spec.resourceRef`.
 */
export function claimStatusFromComposite(claim: Obj, composite: Obj): ClaimStatus {
  const xs: Obj = structuredClone(composite.status ?? {});
  const xConditions: Condition[] = xs.conditions ?? [];
  const claimTypes: string[] = xs.claimConditionTypes ?? [];
  delete xs.conditions;
  delete xs.claimConditionTypes;
  const ready = xConditions.find((c) => c.type === 'Ready') ?? creating();
  const custom = xConditions.filter((c) => claimTypes.includes(c.type));
  const status: Obj = { ...(claim.status ?? {}), ...xs };
  status.conditions = setConditions(claim.status?.conditions, synced(), ready, ...custom);
  return {
    resourceRef: { apiVersion: composite.apiVersion, kind: composite.kind, name: composite.metadata?.name },
    status,
  };
}
