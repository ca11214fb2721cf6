/**
 * The composite's composed resources as the API holds them: found through `spec.resourceRefs`, matched to
 * composition resources by the `crossplane.io/composition-resource-name` annotation, and only when the
 * composite controls them (a reference never adopts someone else's object).
 */
import type { KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';
import { AnnotationResourceName, type ComposedOutput } from '../index.ts';
import { orUndefined, step } from './util.ts';

type Obj = Record<string, any>;

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
}

const controlledBy = (o: KObject, xr: KObject) => (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === xr.metadata.uid);

/** Observed composed resources by composition resource name. */
export async function observeComposed(client: ClusterClient, xr: KObject): Promise<Record<string, KObject>> {
  const out: Record<string, KObject> = {};
  for (const ref of ((xr.spec as Obj)?.resourceRefs ?? []) as ResourceRef[]) {
    if (!ref.name) continue;
    const o = await step(`cannot get composed resource ${ref.kind} ${JSON.stringify(ref.name)}`, () => orUndefined(client.get(ref)));
    const name = o?.metadata.annotations?.[AnnotationResourceName];
    if (o && name && controlledBy(o, xr)) out[name] = o;
  }
  return out;
}

/** Composition resource names in template order, for classic and function-patch-and-transform Compositions. */
export function templateNames(composition: Obj): string[] {
  const spec = composition.spec ?? {};
  const lists: Obj[][] = spec.mode === 'Pipeline' ? (spec.pipeline ?? []).map((s: Obj) => s.input?.resources ?? []) : [spec.resources ?? []];
  const names = lists.flatMap((l) => l.map((r, i) => (r.name as string | undefined) ?? `resource ${i + 1}`));
  return [...new Set(names)];
}

/** `spec.resourceRefs`: what was rendered, else what exists (a resource that failed to render is kept). */
export function resourceRefs(names: string[], composed: ComposedOutput[], observed: Record<string, KObject>): ResourceRef[] {
  const refs: ResourceRef[] = [];
  for (const n of names) {
    const o = composed.find((c) => c.name === n)?.resource ?? observed[n];
    if (o?.metadata?.name) refs.push({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name });
  }
  return refs;
}

/** Observed resources the Composition no longer has: Crossplane deletes them. */
export function orphaned(names: string[], observed: Record<string, KObject>): KObject[] {
  return Object.entries(observed)
    .filter(([n]) => !names.includes(n))
    .map(([, o]) => o);
}
