/**
 * provider-kubernetes' `Object` (v1alpha1 and v1alpha2): server-side applies `spec.forProvider.manifest`
 * to the cluster its ProviderConfig names, reports the observed object in `status.atProvider.manifest`,
 * derives Ready per `spec.readiness.policy`, resolves `spec.references` from the root cluster and
 * publishes `spec.connectionDetails`.
 */
import { isNotFound } from '../../apiserver/errors.ts';
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import type { KObject } from '../../apiserver/types.ts';
import type { Authenticator } from '../../auth/authn.ts';
import type { ClusterClient } from '../../client/index.ts';
import { getValue, setValue } from '../index.ts';
import { deepEqual, step } from '../controller/util.ts';
import { Available } from './conditions.ts';
import { objectConnectionDetails, type ConnectionDetailRef } from './connection.ts';
import { GONE, type Creation, type External, type ManagedKind, type Observed, type Tracker } from './managed.ts';
import type { Policy } from './policy.ts';
import { providerConfigOf } from './providerconfig.ts';
import { objectReadiness } from './readiness.ts';
import { deletedWithItsCluster, type Targets } from './target.ts';

type Obj = Record<string, any>;

export const PROVIDER_CONFIG = { apiVersion: 'kubernetes.crossplane.io/v1alpha1', kind: 'ProviderConfig' };

/** provider-kubernetes' server-side apply field owner. */
export const fieldOwner = (objectName: string) => `provider-kubernetes/${objectName}`;

/** Metadata the server owns, left out when comparing and reporting. */
function comparable(o: KObject): Obj {
  const { managedFields: _m, resourceVersion: _r, generation: _g, ...metadata } = o.metadata as Obj;
  return { ...o, metadata };
}

function withoutManagedFields(o: KObject): Obj {
  const { managedFields: _m, ...metadata } = o.metadata as Obj;
  return { ...o, metadata };
}

/** The manifest to apply: the Object's name when it names none; `references` patched in. */
export function desiredManifest(mr: KObject, referenced: Array<{ ref: Obj; object: Obj }>): KObject {
  const raw = (mr.spec as Obj | undefined)?.forProvider?.manifest;
  if (!raw || typeof raw !== 'object' || !raw.apiVersion || !raw.kind) throw new Error('cannot unmarshal template: spec.forProvider.manifest must be an object with apiVersion and kind');
  const m = structuredClone(raw) as KObject;
  m.metadata = { ...(m.metadata ?? {}) };
  if (!m.metadata.name) m.metadata.name = mr.metadata.name;
  // patchesFrom: copy fieldPath from the referenced object into the manifest (crossplane patches the Object).
  for (const { ref, object } of referenced) {
    const p = ref.patchesFrom;
    if (!p?.fieldPath) continue;
    const to: string = ref.toFieldPath ?? p.fieldPath;
    let v: unknown;
    try {
      v = getValue(object, p.fieldPath);
    } catch {
      continue; // crossplane's ApplyFromFieldPathPatch ignores a missing field
    }
    const holder: Obj = { spec: { forProvider: { manifest: m } } };
    try {
      setValue(holder, to, v);
    } catch (e) {
      throw new Error(`cannot patch from referenced resource: ${(e as Error).message}`);
    }
  }
  return m;
}

export function objectKind(targets: Targets, root: ClusterClient, authn: Authenticator): ManagedKind {
  /** The hub logical cluster each Object last reached: once it is gone, so is what the Object created there. */
  const lastCluster = new Map<string, string>();
  return {
    apiVersion: 'kubernetes.crossplane.io/v1alpha2',
    kind: 'Object',
    resource: 'kubernetes.crossplane.io/objects',
    forget: (name) => lastCluster.delete(name),
    async connect(mr, policy, track) {
      const spec = (mr.spec ?? {}) as Obj;
      const pcName = providerConfigOf(mr);
      const name = mr.metadata.name!;
      track.object(ROOT_CLUSTER, '', pcName);
      try {
        const pc = await step('cannot get provider config', () => root.get({ ...PROVIDER_CONFIG, name: pcName }));
        const target = await step('cannot build kube client for provider config', () => targets.resolve(pc, root, track));
        if (target.cluster) lastCluster.set(name, target.cluster);
        return new ObjectExternal(mr, policy, root, target.client, target.cluster, track);
      } catch (e) {
        if (await deletedWithItsCluster(mr, lastCluster.get(name), e, authn)) return GONE;
        throw e;
      }
    },
  };
}


class ObjectExternal implements External {
  private desired?: KObject;

  constructor(
    private readonly mr: KObject,
    private readonly policy: Policy,
    private readonly root: ClusterClient,
    private readonly target: ClusterClient,
    private readonly cluster: string | undefined,
    private readonly track: Tracker,
  ) {}

  private get spec(): Obj {
    return (this.mr.spec ?? {}) as Obj;
  }

  /** `spec.references`: every dependsOn/patchesFrom object must exist in the root cluster. */
  private async references(): Promise<Array<{ ref: Obj; object: Obj }>> {
    const out: Array<{ ref: Obj; object: Obj }> = [];
    for (const ref of (this.spec.references ?? []) as Obj[]) {
      const r = ref.patchesFrom ?? ref.dependsOn;
      if (!r) continue;
      const apiVersion = r.apiVersion ?? 'kubernetes.crossplane.io/v1alpha1';
      const kind = r.kind ?? 'Object';
      this.track.object(ROOT_CLUSTER, r.namespace ?? '', r.name);
      const object = await step('cannot resolve resource references: cannot get referenced resource', () => this.root.get({ apiVersion, kind, namespace: r.namespace, name: r.name }));
      out.push({ ref, object });
    }
    return out;
  }

  private async manifest(): Promise<KObject> {
    if (this.desired) return this.desired;
    const m = desiredManifest(this.mr, this.mr.metadata.deletionTimestamp ? [] : await this.references());
    const mapping = await this.target.resourceFor(m.apiVersion, m.kind);
    if (!mapping) throw new Error(`cannot get object: no matches for kind "${m.kind}" in version "${m.apiVersion}"`);
    if (mapping.namespaced) m.metadata.namespace ??= 'default';
    else delete m.metadata.namespace;
    return (this.desired = m);
  }

  private ref(m: KObject) {
    return { apiVersion: m.apiVersion, kind: m.kind, namespace: m.metadata.namespace, name: m.metadata.name };
  }

  async observe(): Promise<Observed> {
    const m = await this.manifest();
    if (this.cluster) this.track.object(this.cluster, m.metadata.namespace ?? '', m.metadata.name!);
    else this.track.poll();
    let current: KObject;
    try {
      current = await this.target.get(this.ref(m));
    } catch (e) {
      if (isNotFound(e)) return { exists: false, upToDate: false };
      throw new Error(`cannot get object: ${(e as Error).message}`);
    }
    const manages = this.policy.create || this.policy.update;
    const upToDate = !manages || (await this.matches(m, current));
    const ready = objectReadiness(this.spec.readiness, current) ?? (upToDate ? Available() : undefined);
    const refs = (this.spec.connectionDetails ?? []) as ConnectionDetailRef[];
    const connection = refs.length ? await this.connectionDetails(refs) : undefined;
    return { exists: true, upToDate, ready, atProvider: { manifest: withoutManagedFields(current) }, connection };
  }

  /** Up to date when applying the manifest would change nothing: a dry-run apply equals the live object. */
  private async matches(m: KObject, current: KObject): Promise<boolean> {
    try {
      const would = await this.target.apply(m, { fieldManager: fieldOwner(this.mr.metadata.name!), force: true, dryRun: true });
      return deepEqual(comparable(would), comparable(current));
    } catch {
      return false; // the real apply reports why
    }
  }

  private async connectionDetails(refs: ConnectionDetailRef[]) {
    const objects: Obj[] = [];
    for (const r of refs) {
      objects.push(await step('cannot get connection details: cannot get object', () => this.target.get({ apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name })));
    }
    try {
      return objectConnectionDetails(refs, objects);
    } catch (e) {
      throw new Error(`cannot get connection details: ${(e as Error).message}`);
    }
  }

  private async apply(what: string): Promise<Obj> {
    const m = await this.manifest();
    const o = await step(what, () => this.target.apply(m, { fieldManager: fieldOwner(this.mr.metadata.name!), force: true }));
    return { manifest: withoutManagedFields(o) };
  }

  async create(): Promise<Creation> {
    return { atProvider: await this.apply('cannot create object') };
  }

  update(): Promise<Obj> {
    return this.apply('cannot apply object');
  }

  async delete(): Promise<void> {
    const m = await this.manifest();
    try {
      await this.target.delete(this.ref(m));
    } catch (e) {
      if (!isNotFound(e)) throw new Error(`cannot delete object: ${(e as Error).message}`);
    }
  }
}
