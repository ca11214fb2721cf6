/** Metadata Crossplane gives composed resources: name prefix, labels, template annotation, controller reference. */

type Obj = Record<string, any>;

export const LabelComposite = 'crossplane.io/composite';
export const LabelClaimName = 'crossplane.io/claim-name';
export const LabelClaimNamespace = 'crossplane.io/claim-namespace';
export const AnnotationResourceName = 'crossplane.io/composition-resource-name';

/** The composite's name prefix for composed resources: its `crossplane.io/composite` label, else its name. */
export function compositePrefix(composite: Obj): string {
  return composite.metadata?.labels?.[LabelComposite] || composite.metadata?.name || '';
}

/** `RenderComposedResourceMetadata`: labels, the template-name annotation and the controller reference. */
export function renderComposedMetadata(cd: Obj, composite: Obj, templateName: string | undefined): void {
  const meta = (cd.metadata ??= {});
  if (templateName) meta.annotations = { ...(meta.annotations ?? {}), [AnnotationResourceName]: templateName };
  const xl = composite.metadata?.labels ?? {};
  meta.labels = {
    ...(meta.labels ?? {}),
    [LabelComposite]: compositePrefix(composite),
    [LabelClaimName]: xl[LabelClaimName] ?? '',
    [LabelClaimNamespace]: xl[LabelClaimNamespace] ?? '',
  };
  const ref = {
    apiVersion: composite.apiVersion,
    kind: composite.kind,
    name: composite.metadata?.name,
    uid: composite.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
  const others = (meta.ownerReferences ?? []).filter((o: Obj) => !(o.controller && o.uid === ref.uid && o.kind === ref.kind));
  meta.ownerReferences = [...others, ref];
}

/** Names a composed resource: the name a patch set, else the observed resource's, else a generated one. */
export function nameComposed(cd: Obj, composite: Obj, observed: Obj | undefined, names?: (prefix: string) => string): void {
  const meta = (cd.metadata ??= {});
  const prefix = `${compositePrefix(composite)}-`;
  meta.generateName = prefix;
  if (meta.name) return;
  if (observed?.metadata?.name) meta.name = observed.metadata.name;
  else if (names) meta.name = names(prefix);
}

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' `SimpleNameGenerator`: the prefix (cut to 58 characters) and five random characters. */
export function randomName(prefix: string, random: () => number = Math.random): string {
  let s = prefix.slice(0, 58);
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}
