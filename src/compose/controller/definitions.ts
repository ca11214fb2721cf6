/**
 * Which resources the composition controllers own, learned from CompositeResourceDefinitions as they are
 * stored: per logical cluster, each XRD's composite resource (`<group>/<plural>`) and claim resource.
 * Fed by store events (no watch per kind), read by every controller's `observe`.
 */
import type { KObject } from '../../apiserver/types.ts';
import type { Store, StoreEvent } from '../../storage/store.ts';

export const XRDS = 'apiextensions.crossplane.io/compositeresourcedefinitions';
export const COMPOSITIONS = 'apiextensions.crossplane.io/compositions';

export interface Definition {
  cluster: string;
  xrd: KObject;
  group: string;
  compositeKind: string;
  /** `<group>/<plural>` of the composite CRD. */
  composite: string;
  claimKind?: string;
  /** `<group>/<claim plural>` when the XRD offers a claim. */
  claim?: string;
}

export type Role = 'composite' | 'claim';

type Obj = Record<string, any>;

function definitionOf(cluster: string, xrd: KObject): Definition | undefined {
  const spec = xrd.spec as Obj | undefined;
  if (!spec?.group || !spec.names?.plural || !spec.names?.kind) return undefined;
  const d: Definition = { cluster, xrd, group: spec.group, compositeKind: spec.names.kind, composite: `${spec.group}/${spec.names.plural}` };
  if (spec.claimNames?.plural && spec.claimNames?.kind) {
    d.claimKind = spec.claimNames.kind;
    d.claim = `${spec.group}/${spec.claimNames.plural}`;
  }
  return d;
}

const groupOf = (apiVersion: string | undefined) => (apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

export class Definitions {
  /** cluster → XRD name → definition. */
  private readonly byCluster = new Map<string, Map<string, Definition>>();

  async load(store: Store): Promise<void> {
    const all = await store.list(XRDS);
    all.items.forEach((o, i) => this.set(all.clusters[i]!, o));
  }

  /** Keeps the index current; call before the controllers' own `observe`. */
  observe(e: StoreEvent): void {
    if (e.key.resource !== XRDS) return;
    if (e.type === 'DELETED') this.byCluster.get(e.key.cluster)?.delete(e.key.name);
    else this.set(e.key.cluster, e.object);
  }

  private set(cluster: string, xrd: KObject): void {
    const d = definitionOf(cluster, xrd);
    if (!d) return;
    if (!this.byCluster.has(cluster)) this.byCluster.set(cluster, new Map());
    this.byCluster.get(cluster)!.set(xrd.metadata.name!, d);
  }

  /** Every definition in every cluster. */
  list(): Definition[] {
    return [...this.byCluster.values()].flatMap((m) => [...m.values()]);
  }

  private all(cluster: string): Definition[] {
    return [...(this.byCluster.get(cluster)?.values() ?? [])];
  }

  /** The definition whose composite or claim is stored as `resource` in `cluster`. */
  forResource(cluster: string, resource: string): { def: Definition; role: Role } | undefined {
    for (const def of this.all(cluster)) {
      if (def.composite === resource) return { def, role: 'composite' };
      if (def.claim === resource) return { def, role: 'claim' };
    }
    return undefined;
  }

  /** The definition of a composite kind, as owner references and `compositeTypeRef` name it. */
  forCompositeKind(cluster: string, apiVersion: string | undefined, kind: string | undefined): Definition | undefined {
    const group = groupOf(apiVersion);
    return this.all(cluster).find((d) => d.group === group && d.compositeKind === kind);
  }
}
