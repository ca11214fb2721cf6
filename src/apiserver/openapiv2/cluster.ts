/**
 * The /openapi/v2 document of a logical cluster: the upstream built-in document plus, for every served
 * version of every established CRD, the `<reversed group>.<version>.<Kind>` and `…<Kind>List` definitions
 * and the resource's paths — what kube-apiserver's aggregated v2 spec holds after apiextensions merges its
 * CRD specs in. Definitions and paths stay sorted by name, as Go's JSON encoding of the merged maps prints
 * them. The built-in objects are shared, never copied or mutated (the protobuf encoder memoizes them).
 */
import { crdDefinitionName } from '../schema/index.ts';
import { isEstablished } from '../registry.ts';
import type { KObject } from '../types.ts';
import { crdKindSchemaV2, crdListSchemaV2 } from './crd-schema.ts';
import { crdPathsV2 } from './crd-paths.ts';
import type { JSONSchemaV2, SwaggerJSON } from './types.ts';

type Obj = Record<string, any>;

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

interface Published {
  defs: Record<string, JSONSchemaV2>;
  paths: Record<string, Obj>;
}

/**
 * Conversions by CRD object. CRD objects are not mutated once read (shared API-set CRDs are even the same
 * objects in every cluster), so reusing the result also lets the protobuf encoder reuse their encoding.
 */
const published = new WeakMap<object, WeakMap<SwaggerJSON, Published>>();

/** Definitions and paths of one CRD: every served version. */
function publish(base: SwaggerJSON, crd: KObject): Published {
  const out: Published = { defs: {}, paths: {} };
  const spec = crd.spec as Obj | undefined;
  if (!spec?.group || !spec.names?.kind || !spec.names.plural || !Array.isArray(spec.versions)) return out;
  const { group, names } = spec;
  const listKind: string = names.listKind || `${names.kind}List`;
  for (const v of spec.versions as Obj[]) {
    if (!v?.served || typeof v.name !== 'string') continue;
    const gvk = { group, version: v.name, kind: names.kind as string };
    const def = crdDefinitionName(group, v.name, names.kind);
    const listDef = crdDefinitionName(group, v.name, listKind);
    out.defs[def] = crdKindSchemaV2(v.schema?.openAPIV3Schema, gvk, spec.preserveUnknownFields === true);
    out.defs[listDef] = crdListSchemaV2(gvk, listKind, names.plural, def);
    Object.assign(
      out.paths,
      crdPathsV2(base, {
        ...gvk, listKind, plural: names.plural, namespaced: spec.scope !== 'Cluster', def, listDef,
        status: Boolean(v.subresources?.status), scale: Boolean(v.subresources?.scale),
      }),
    );
  }
  return out;
}

function publishMemo(base: SwaggerJSON, crd: KObject): Published {
  let byBase = published.get(crd);
  if (!byBase) published.set(crd, (byBase = new WeakMap()));
  let p = byBase.get(base);
  if (!p) byBase.set(base, (p = publish(base, crd)));
  return p;
}

export function openAPIv2ForCluster(base: SwaggerJSON, crds: KObject[]): SwaggerJSON {
  const defs: Record<string, JSONSchemaV2> = {};
  const paths: Record<string, Obj> = {};
  for (const crd of crds) {
    if (!isEstablished(crd)) continue;
    const p = publishMemo(base, crd);
    Object.assign(defs, p.defs);
    Object.assign(paths, p.paths);
  }
  if (Object.keys(defs).length === 0) return base;
  return {
    ...base,
    paths: Object.fromEntries(Object.entries({ ...base.paths, ...paths }).sort(byKey)),
    definitions: Object.fromEntries(Object.entries({ ...base.definitions, ...defs }).sort(byKey)),
  };
}
