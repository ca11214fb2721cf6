/**
 * The in-process client: calls the API core directly (no HTTP, no serialisation) as a given user, so
 * controllers go through exactly the same authorization, admission, validation and storage path.
 */
import type { ApiCore, RequestContext, Target } from '../apiserver/core.ts';
import { StatusError } from '../apiserver/errors.ts';
import type { KObject, UserInfo } from '../apiserver/types.ts';
import type { Client, ClusterClient, ListOpts, PatchKind, Ref, Watch, WatchEvent, WatchOpts, WriteOpts } from './types.ts';

export class InProcessClient implements Client {
  constructor(
    private readonly core: ApiCore,
    private readonly user: UserInfo,
    private readonly userAgent = 'marina-in-process',
  ) {}

  cluster(name: string): ClusterClient {
    return new InProcessClusterClient(this.core, { cluster: name, user: this.user, userAgent: this.userAgent });
  }
}

class InProcessClusterClient implements ClusterClient {
  constructor(
    private readonly core: ApiCore,
    private readonly ctx: RequestContext,
  ) {}

  private async target(ref: { apiVersion: string; kind: string; namespace?: string; name?: string }, subresource?: string): Promise<Target> {
    const type = await this.core.registry.byKind(this.ctx.cluster, ref.apiVersion, ref.kind);
    if (!type) throw new StatusError('NotFound', `the server could not find the requested resource (${ref.kind}.${ref.apiVersion})`);
    return { type, namespace: type.namespaced ? (ref.namespace ?? 'default') : undefined, name: ref.name, subresource };
  }

  private refOf(o: KObject): Ref {
    return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name };
  }

  async resourceFor(apiVersion: string, kind: string) {
    const t = await this.core.registry.byKind(this.ctx.cluster, apiVersion, kind);
    return t ? { resource: t.resource, namespaced: t.namespaced } : undefined;
  }

  async get(ref: Ref, opts: { subresource?: string } = {}): Promise<KObject> {
    return this.core.get(this.ctx, await this.target(ref, opts.subresource));
  }

  async list(ref: Omit<Ref, 'name'>, opts: ListOpts = {}) {
    const t = await this.target(ref);
    if (!ref.namespace) t.namespace = undefined;
    return (await this.core.list(this.ctx, t, opts)) as unknown as { items: KObject[]; metadata: { resourceVersion?: string; continue?: string } };
  }

  async create(obj: KObject, opts: WriteOpts = {}): Promise<KObject> {
    const t = await this.target({ ...this.refOf(obj), name: undefined });
    return (await this.core.create(this.ctx, t, obj, opts)).object;
  }

  async update(obj: KObject, opts: WriteOpts = {}): Promise<KObject> {
    return (await this.core.update(this.ctx, await this.target(this.refOf(obj)), obj, opts)).object;
  }

  async updateStatus(obj: KObject, opts: WriteOpts = {}): Promise<KObject> {
    return (await this.core.update(this.ctx, await this.target(this.refOf(obj), 'status'), obj, opts)).object;
  }

  async patch(ref: Ref, type: PatchKind, patch: unknown, opts: WriteOpts = {}): Promise<KObject> {
    return (await this.core.patch(this.ctx, await this.target(ref), type, patch, opts)).object;
  }

  async apply(obj: KObject, opts: WriteOpts & { fieldManager: string }): Promise<KObject> {
    return this.patch(this.refOf(obj), 'apply', obj, opts);
  }

  async delete(ref: Ref, opts: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; dryRun?: boolean } = {}): Promise<void> {
    await this.core.delete(this.ctx, await this.target(ref), opts);
  }

  async watch(ref: Omit<Ref, 'name'>, opts: WatchOpts, onEvent: (e: WatchEvent) => void): Promise<Watch> {
    const t = await this.target(ref);
    if (!ref.namespace) t.namespace = undefined;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const stop = await this.core.watch(this.ctx, t, opts, (type, object) => onEvent({ type: type as WatchEvent['type'], object }));
    return {
      stop: () => {
        stop();
        resolveDone();
      },
      done,
    };
  }
}
