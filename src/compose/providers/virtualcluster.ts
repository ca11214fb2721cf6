/**
 * `VirtualCluster` (provider.marina.io/v1alpha1): a logical cluster of this hub as a managed resource.
 * Creates the `LogicalCluster` in root (marked with the owning VirtualCluster's uid; a cluster someone
 * else owns is never adopted), keeps its API sets, reports {clusterName, uid, server} and publishes an
 * admin kubeconfig of the cluster (`kubeconfig`, `server`, `token`).
 */
import { API_SETS_ANNOTATION, parseSets } from '../../apiserver/shared.ts';
import type { KObject } from '../../apiserver/types.ts';
import type { Authenticator } from '../../auth/authn.ts';
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import type { ClusterClient } from '../../client/index.ts';
import type { ConnectionDetails } from '../index.ts';
import { orUndefined, step } from '../controller/util.ts';
import { Available, Unavailable } from './conditions.ts';
import { virtualClusterConnectionDetails } from './connection.ts';
import { parseKubeconfig } from './kubeconfig.ts';
import type { Creation, External, ManagedKind, Observed } from './managed.ts';
import { ANNOTATION_EXTERNAL_NAME } from './plan.ts';

type Obj = Record<string, any>;

export const LOGICAL_CLUSTER = { apiVersion: 'core.marina.io/v1alpha1', kind: 'LogicalCluster' };
/** On a LogicalCluster: the uid of the VirtualCluster that created and owns it. */
export const ANNOTATION_OWNER = 'provider.marina.io/virtualcluster-uid';

/** `spec.forProvider.clusterName`, else the external name, else the VirtualCluster's name. */
export function clusterNameOf(vc: KObject): string {
  return (vc.spec as Obj | undefined)?.forProvider?.clusterName ?? vc.metadata.annotations?.[ANNOTATION_EXTERNAL_NAME] ?? vc.metadata.name!;
}

/** The API sets annotation with `want` added to what is there (undefined: nothing to add). */
export function withSets(current: string | undefined, want: string[]): string | undefined {
  const have = parseSets(current) as string[];
  const missing = want.filter((s) => !have.includes(s));
  return missing.length ? [...have, ...missing].join(',') : undefined;
}

export function virtualClusterKind(root: ClusterClient, authn: Authenticator): ManagedKind {
  return {
    apiVersion: 'provider.marina.io/v1alpha1',
    kind: 'VirtualCluster',
    resource: 'provider.marina.io/virtualclusters',
    externalName: (vc) => clusterNameOf(vc),
    async connect(vc, _policy, track) {
      const name = clusterNameOf(vc);
      if (name === ROOT_CLUSTER) throw new Error('spec.forProvider.clusterName: Invalid value: "root": the hub\'s root cluster cannot be a VirtualCluster');
      track.object(ROOT_CLUSTER, '', name);
      return new VirtualClusterExternal(vc, name, root, authn);
    },
  };
}

class VirtualClusterExternal implements External {
  constructor(
    private readonly vc: KObject,
    private readonly name: string,
    private readonly root: ClusterClient,
    private readonly authn: Authenticator,
  ) {}

  private get sets(): string[] {
    const sets = ((this.vc.spec as Obj | undefined)?.forProvider?.apiSets ?? []) as string[];
    const known = parseSets(sets.join(',')) as string[];
    const unknown = sets.filter((s) => !known.includes(s));
    if (unknown.length) throw new Error(`spec.forProvider.apiSets: Unsupported value: ${JSON.stringify(unknown[0])}: supported values: "kyverno", "argo-cd", "crossplane", "provider-kubernetes", "provider-helm", "marina-providers"`);
    return sets;
  }

  async observe(): Promise<Observed> {
    const sets = this.sets;
    const lc = await step(`cannot get logical cluster ${JSON.stringify(this.name)}`, () => orUndefined(this.root.get({ ...LOGICAL_CLUSTER, name: this.name })));
    if (!lc) return { exists: false, upToDate: false };
    const owner = lc.metadata.annotations?.[ANNOTATION_OWNER];
    if (owner !== this.vc.metadata.uid) {
      if (this.vc.metadata.deletionTimestamp) return { exists: false, upToDate: false }; // not ours: nothing to delete
      throw new Error(`logical cluster ${JSON.stringify(this.name)} already exists and is not owned by this VirtualCluster: it is never adopted; choose another spec.forProvider.clusterName`);
    }
    const terminating = !!lc.metadata.deletionTimestamp;
    const ready = !terminating && (lc.status as Obj | undefined)?.phase === 'Ready';
    const atProvider = { clusterName: this.name, uid: lc.metadata.uid, server: (lc.status as Obj | undefined)?.URL };
    return {
      exists: true,
      upToDate: withSets(lc.metadata.annotations?.[API_SETS_ANNOTATION], sets) === undefined,
      ready: ready ? Available() : Unavailable(terminating ? `logical cluster ${JSON.stringify(this.name)} is being deleted` : undefined),
      atProvider,
      connection: ready ? await this.connection(lc) : undefined,
    };
  }

  /** The published kubeconfig while its token still authenticates; a fresh one otherwise. */
  private async connection(lc: KObject): Promise<ConnectionDetails> {
    const ref = (this.vc.spec as Obj | undefined)?.writeConnectionSecretToRef;
    if (ref?.name && ref.namespace) {
      const s = await orUndefined(this.root.get({ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name }));
      const kc = (s?.data as Record<string, string> | undefined)?.kubeconfig;
      if (kc && s?.metadata.ownerReferences?.some((o) => o.uid === this.vc.metadata.uid)) {
        const text = Buffer.from(kc, 'base64').toString('utf8');
        try {
          const c = parseKubeconfig(text);
          if (c.server === (lc.status as Obj | undefined)?.URL && c.token && (await this.authn.authenticate(this.name, `Bearer ${c.token}`))) return virtualClusterConnectionDetails(text);
        } catch {
          // not ours to keep: write a fresh one
        }
      }
    }
    const view = await step(`cannot get kubeconfig of logical cluster ${JSON.stringify(this.name)}`, () => this.root.get({ ...LOGICAL_CLUSTER, name: this.name }, { subresource: 'kubeconfig' }));
    return virtualClusterConnectionDetails((view as Obj).kubeconfig);
  }

  async create(): Promise<Creation> {
    const sets = this.sets;
    const annotations: Record<string, string> = { [ANNOTATION_OWNER]: this.vc.metadata.uid! };
    if (sets.length) annotations[API_SETS_ANNOTATION] = sets.join(',');
    const lc = await step(`cannot create logical cluster ${JSON.stringify(this.name)}`, () =>
      this.root.create({ ...LOGICAL_CLUSTER, metadata: { name: this.name, annotations, labels: { 'provider.marina.io/virtualcluster': this.vc.metadata.name! } } } as KObject),
    );
    const atProvider = { clusterName: this.name, uid: lc.metadata.uid, server: (lc.status as Obj | undefined)?.URL };
    // A new logical cluster is Ready at once: its kubeconfig is published with the creation.
    return { atProvider, connection: (lc.status as Obj | undefined)?.phase === 'Ready' ? await this.connection(lc) : undefined };
  }

  async update(): Promise<void> {
    const lc = await this.root.get({ ...LOGICAL_CLUSTER, name: this.name });
    const value = withSets(lc.metadata.annotations?.[API_SETS_ANNOTATION], this.sets);
    if (value === undefined) return;
    await step(`cannot update API sets of logical cluster ${JSON.stringify(this.name)}`, () =>
      this.root.patch({ ...LOGICAL_CLUSTER, name: this.name }, 'merge', { metadata: { resourceVersion: lc.metadata.resourceVersion, annotations: { [API_SETS_ANNOTATION]: value } } }),
    );
  }

  async delete(): Promise<void> {
    const lc = await orUndefined(this.root.get({ ...LOGICAL_CLUSTER, name: this.name }));
    if (!lc || lc.metadata.deletionTimestamp || lc.metadata.annotations?.[ANNOTATION_OWNER] !== this.vc.metadata.uid) return;
    await step(`cannot delete logical cluster ${JSON.stringify(this.name)}`, () => orUndefined(this.root.delete({ ...LOGICAL_CLUSTER, name: this.name })));
  }
}
