/**
 * The request core: get, list, create, update, patch, delete and watch for one logical cluster, shared by
 * the HTTP edge and the in-process client so that both see the same authorization, admission,
 * validation, defaulting and resourceVersion semantics.
 */
import type { AdmissionPlugin, AdmissionRequest, Operation } from './admission.ts';
import {
  StatusError,
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  type StatusCause,
} from './errors.ts';
import { type ResourceType, apiVersionOfType, storageResource } from './resource.ts';
import { ROOT_CLUSTER, type Registry } from './registry.ts';
import { type FieldSelector, type LabelSelector, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { type KObject, type UserInfo, clone, isObject, parseApiVersion } from './types.ts';
import { jsonEqual, newUid, now, randomSuffix, specPart } from './util.ts';
import { NAME_RULES, validateObjectMeta } from './validation/metadata.ts';
import { applyBuiltinDefaults } from './defaults.ts';
import * as mech from './mechanics.ts';
import type { SchemaNode } from './schema/node.ts';
import { strategicMergePatchUnsupported } from './patch/index.ts';
import { type ObjectKey, type Store, StoreConflict, StoreGone, type StoreEvent } from '../storage/store.ts';

export interface RequestContext {
  cluster: string;
  user: UserInfo;
  userAgent?: string;
}

export interface Target {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** 'Strict' | 'Warn' | 'Ignore' (default Warn for HTTP, as upstream since 1.23). */
  fieldValidation?: string;
  force?: boolean;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface DeleteOptions extends WriteOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
}

export interface WriteResult {
  object: KObject;
  /** 201 for creation, 200 otherwise; 202 for a delete that is still in progress with foreground GC. */
  code: number;
  warnings: string[];
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface Authorizer {
  authorize(cluster: string, user: UserInfo, attrs: { verb: string; group: string; resource: string; subresource?: string; namespace?: string; name?: string }): Promise<{ allowed: boolean; reason: string }>;
}

/** Resources with cluster-wide meaning whose objects must never appear in tenant clusters' lists of others. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export class ApiCore {
  readonly admission: AdmissionPlugin[] = [];
  /** Resources answered instead of stored (reviews), by storage resource. */
  /** Read-only subresources computed from their parent (e.g. a logical cluster's kubeconfig). */
  readonly subresourceViews = new Map<string, (ctx: RequestContext, parent: KObject) => Promise<KObject>>();
  /** Views (keys of subresourceViews) that a `get` of the parent itself authorizes, like Argo CD's managed-resources. */
  readonly parentAuthorizedViews = new Set<string>();
  readonly virtual = new Map<string, (ctx: RequestContext, body: any) => Promise<KObject>>();

  constructor(
    readonly store: Store,
    readonly registry: Registry,
    readonly authorizer: Authorizer,
  ) {}

  // ---- helpers ---------------------------------------------------------------------------------

  key(ctx: RequestContext, t: Target, name = t.name!): ObjectKey {
    return { resource: storageResource(t.type), cluster: ctx.cluster, namespace: t.type.namespaced ? (t.namespace ?? '') : '', name };
  }

  private gr(t: Target) {
    return { group: t.type.group, resource: t.type.resource };
  }

  async authorize(ctx: RequestContext, verb: string, t: Target, name = t.name): Promise<void> {
    const res = await this.authorizer.authorize(ctx.cluster, ctx.user, {
      verb,
      group: t.type.group,
      resource: t.type.resource,
      subresource: t.subresource,
      namespace: t.type.namespaced ? t.namespace : undefined,
      name,
    });
    if (!res.allowed) {
      const gr = { group: t.type.group, resource: t.subresource ? `${t.type.resource}/${t.subresource}` : t.type.resource };
      throw forbidden(ctx.user.username, verb, gr, t.type.namespaced ? t.namespace : undefined, name, res.reason);
    }
  }

  /** Stored objects carry the storage version; serve them at the requested version (conversion None). */
  private convert(o: KObject, t: Target): KObject {
    o.apiVersion = apiVersionOfType(t.type);
    o.kind = t.type.kind;
    return o;
  }

  private async fetch(ctx: RequestContext, t: Target, name = t.name!): Promise<KObject> {
    const o = await this.store.get(this.key(ctx, t, name));
    if (!o) throw notFound(this.gr(t), name);
    return this.convert(o, t);
  }

  // ---- reads -----------------------------------------------------------------------------------

  async get(ctx: RequestContext, t: Target): Promise<KObject> {
    const viewKey = t.subresource ? `${storageResource(t.type)}/${t.subresource}` : '';
    await this.authorize(ctx, 'get', this.parentAuthorizedViews.has(viewKey) ? { ...t, subresource: undefined } : t);
    const o = await this.fetch(ctx, t);
    const view = t.subresource && this.subresourceViews.get(viewKey);
    if (view) return view(ctx, o);
    return t.subresource === 'scale' ? mech.toScale(o, t.type) : o;
  }

  async list(ctx: RequestContext, t: Target, opts: ListOptions = {}): Promise<KObject> {
    await this.authorize(ctx, 'list', t);
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector, t.type.kind);
    const cont = opts.continue ? decodeContinue(opts.continue) : undefined;
    const filtered = labels.length > 0 || fields.length > 0;
    const items: KObject[] = [];
    let after = cont ? { cluster: ctx.cluster, namespace: cont.ns, name: cont.name } : undefined;
    let rv = 0;
    let remaining: number | undefined;
    // With selectors, keep reading pages until `limit` matches are found (as etcd-backed lists do).
    for (;;) {
      const page = await this.store.list(storageResource(t.type), {
        cluster: ctx.cluster,
        namespace: t.type.namespaced && t.namespace ? t.namespace : undefined,
        limit: opts.limit ? opts.limit - items.length : undefined,
        after,
      });
      rv ||= page.rv;
      for (const o of page.items) if (!filtered || (matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o))) items.push(this.convert(o, t));
      remaining = page.remaining;
      const last = page.items[page.items.length - 1];
      if (!opts.limit || page.remaining === undefined || items.length >= opts.limit || !last) break;
      after = { cluster: ctx.cluster, namespace: last.metadata.namespace ?? '', name: last.metadata.name! };
    }
    const metadata: Record<string, unknown> = { resourceVersion: String(cont?.rv ?? rv) };
    const last = items[items.length - 1];
    if (opts.limit && remaining && remaining > 0 && last) {
      metadata.continue = encodeContinue({ rv: cont?.rv ?? rv, ns: last.metadata.namespace ?? '', name: last.metadata.name! });
      if (!filtered) metadata.remainingItemCount = remaining;
    }
    return { apiVersion: apiVersionOfType(t.type), kind: t.type.listKind, metadata, items } as KObject;
  }

  // ---- writes ----------------------------------------------------------------------------------

  private async admit(ctx: RequestContext, op: Operation, t: Target, object: KObject | undefined, oldObject: KObject | undefined, dryRun: boolean, phase: 'mutate' | 'validate', warnings: string[]): Promise<KObject | undefined> {
    let obj = object;
    for (const p of this.admission) {
      const fn = phase === 'mutate' ? p.mutate : p.validate;
      if (!fn) continue;
      const req: AdmissionRequest = { cluster: ctx.cluster, operation: op, type: t.type, namespace: t.namespace, name: t.name ?? obj?.metadata.name, subresource: t.subresource, object: obj, oldObject, user: ctx.user, dryRun };
      const r = await fn.call(p, req);
      if (r?.warnings) warnings.push(...r.warnings);
      if (r?.object && phase === 'mutate') obj = r.object;
    }
    return obj;
  }

  /** Decoding checks: apiVersion and kind match the endpoint; namespace matches the URL. */
  private checkBody(body: unknown, t: Target, forName?: string): KObject {
    if (!isObject(body)) throw badRequest('the body of the request must be a JSON or YAML object');
    const o = body as KObject;
    const want = apiVersionOfType(t.type);
    if (!o.kind) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body).slice(0, 200)}'`);
    if (!o.apiVersion) throw badRequest(`Object 'apiVersion' is missing in '${JSON.stringify(body).slice(0, 200)}'`);
    const gv = parseApiVersion(o.apiVersion);
    // Any served version of the same group is accepted (versions convert as None); anything else is a mismatch.
    if (o.apiVersion !== want && !(gv.group === t.type.group && t.type.versions.includes(gv.version)))
      throw badRequest(`the API version in the data (${o.apiVersion}) does not match the expected API version (${want})`);
    if (o.kind !== t.type.kind) throw badRequest(`the kind in the data (${o.kind}) does not match the expected kind (${t.type.kind})`);
    if (!isObject(o.metadata)) o.metadata = {};
    if (t.type.namespaced) {
      if (o.metadata.namespace && t.namespace && o.metadata.namespace !== t.namespace)
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      if (t.namespace) o.metadata.namespace = t.namespace;
    }
    if (forName !== undefined && o.metadata.name && o.metadata.name !== forName)
      throw badRequest(`the name of the object (${o.metadata.name}) does not match the name on the URL (${forName})`);
    if (forName !== undefined && !o.metadata.name) o.metadata.name = forName;
    o.apiVersion = want;
    return o;
  }

  /** Pruning, defaulting, metadata/schema/kind validation. Returns warnings for unknown fields. */
  private async prepare(ctx: RequestContext, t: Target, o: KObject, opts: WriteOptions): Promise<string[]> {
    const schema = await this.registry.schema(ctx.cluster, t.type);
    const warnings: string[] = [];
    if (schema) {
      const unknown = mech.prune(o, schema);
      if (unknown.length > 0) {
        const mode = opts.fieldValidation ?? 'Warn';
        if (mode === 'Strict') {
          const list = unknown.map((f) => `unknown field "${f}"`);
          throw badRequest(`${t.type.kind} in version "${t.type.version}" cannot be handled as a ${t.type.kind}: strict decoding error: ${list.join(', ')}`);
        }
        if (mode === 'Warn') warnings.push(...unknown.map((f) => `unknown field "${f}"`));
      }
      if (!t.type.builtin) mech.defaults(o, schema);
    }
    if (t.type.builtin) applyBuiltinDefaults(t.type.group, o);
    mech.dropEmpty(o, t.type.builtin ? schema : undefined);
    return warnings;
  }

  private validate(t: Target, o: KObject, old: KObject | undefined, schema: SchemaNode | undefined): void {
    const causes: StatusCause[] = validateObjectMeta(o, { namespaced: t.type.namespaced, rule: NAME_RULES[t.type.kind] && t.type.builtin ? NAME_RULES[t.type.kind]! : 'subdomain', create: !old });
    if (schema) causes.push(...mech.validate(o, schema, t.type));
    causes.push(...mech.validateKind(o, old, t.type));
    if (causes.length > 0) throw invalid(t.type.group, t.type.kind, o.metadata.name ?? o.metadata.generateName ?? '', causes);
  }

  async create(ctx: RequestContext, t: Target, body: unknown, opts: WriteOptions = {}, fromApply = false): Promise<WriteResult> {
    if (t.subresource) return this.createSubresource(ctx, t, body);
    await this.authorize(ctx, 'create', t, undefined);
    const o = this.checkBody(clone(body), t);
    const virtual = this.virtual.get(storageResource(t.type));
    if (virtual) return { object: await virtual(ctx, o), code: 201, warnings: [] };
    if (o.metadata.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    const m = o.metadata;
    for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink'] as const) delete m[k];
    if (!m.name && m.generateName) m.name = `${m.generateName}${randomSuffix()}`.slice(0, 253);
    const warnings = await this.prepare(ctx, t, o, opts);
    if (t.type.subresources.status && !t.type.builtin) delete o.status;
    m.uid = newUid();
    m.creationTimestamp = now();
    if (mech.tracksGeneration(t.type)) m.generation = 1;
    if (!fromApply) mech.trackCreate(o, undefined, this.manager(ctx, opts), t.type, await this.registry.schema(ctx.cluster, t.type));
    const admitted = (await this.admit(ctx, 'CREATE', t, o, undefined, !!opts.dryRun, 'mutate', warnings))!;
    this.validate(t, admitted, undefined, await this.registry.schema(ctx.cluster, t.type));
    await this.admit(ctx, 'CREATE', t, admitted, undefined, !!opts.dryRun, 'validate', warnings);
    await this.checkNamespace(ctx, t, admitted);
    if (opts.dryRun) return { object: admitted, code: 201, warnings };
    try {
      const stored = await this.store.create(this.key(ctx, t, admitted.metadata.name!), admitted);
      return { object: this.convert(stored, t), code: 201, warnings };
    } catch (e) {
      if (e instanceof StoreConflict) throw alreadyExists(this.gr(t), admitted.metadata.name!);
      throw e;
    }
  }

  manager(ctx: RequestContext, opts: WriteOptions): string {
    return opts.fieldManager ?? mech.defaultManager(ctx.userAgent);
  }

  /** NamespaceLifecycle: namespaced objects need an existing, non-terminating namespace. */
  private async checkNamespace(ctx: RequestContext, t: Target, o: KObject): Promise<void> {
    if (!t.type.namespaced) return;
    const ns = o.metadata.namespace!;
    const nsObj = await this.store.get({ resource: '/namespaces', cluster: ctx.cluster, namespace: '', name: ns });
    if (!nsObj) throw notFound({ group: '', resource: 'namespaces' }, ns);
    if (nsObj.metadata.deletionTimestamp)
      throw new StatusError('Forbidden', `${t.type.resource}${t.type.group ? '.' + t.type.group : ''} "${o.metadata.name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
        name: o.metadata.name,
        group: t.type.group,
        kind: t.type.resource,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
      });
  }

  async update(ctx: RequestContext, t: Target, body: unknown, opts: WriteOptions = {}): Promise<WriteResult> {
    await this.authorize(ctx, 'update', t);
    const incoming = this.checkBody(clone(body), t, t.name);
    return this.writeUpdate(ctx, t, incoming, opts, incoming.metadata.resourceVersion, this.manager(ctx, opts), 'update');
  }

  /**
   * The shared update path (PUT and every patch): merges server-owned fields from the stored object,
   * honours the status subresource split, bumps generation, tracks managed fields, admits, validates,
   * and writes with an optimistic-concurrency precondition.
   */
  private async writeUpdate(ctx: RequestContext, t: Target, incoming: KObject, opts: WriteOptions, rvPrecondition: string | undefined, manager: string, how: 'update' | 'patch' | 'apply', existing?: KObject): Promise<WriteResult> {
    const old = existing ?? (await this.fetch(ctx, t));
    if (rvPrecondition && rvPrecondition !== old.metadata.resourceVersion) throw conflict(this.gr(t), t.name!, 'the object has been modified; please apply your changes to the latest version and try again');
    if (t.subresource === 'scale') incoming = mech.fromScale(old, incoming, t.type);
    let o: KObject;
    const hasStatus = !!t.type.subresources.status;
    if (t.subresource === 'status') {
      // Only metadata is changed below, so a copy of it is enough.
      o = { ...old, metadata: { ...old.metadata }, status: incoming.status };
      // Status writers may still move labels/annotations/finalizers? Upstream keeps metadata as stored.
    } else {
      o = incoming;
      if (hasStatus && t.subresource !== 'scale') {
        if (old.status === undefined) delete o.status;
        else o.status = old.status;
      }
    }
    const m = o.metadata;
    const om = old.metadata;
    m.uid = om.uid;
    m.creationTimestamp = om.creationTimestamp;
    m.name = om.name;
    if (om.namespace) m.namespace = om.namespace;
    if (om.deletionTimestamp) m.deletionTimestamp = om.deletionTimestamp;
    else delete m.deletionTimestamp;
    if (om.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
    m.resourceVersion = om.resourceVersion;
    delete m.generateName;
    if (om.generateName) m.generateName = om.generateName;
    const warnings = t.subresource === 'status' ? [] : await this.prepare(ctx, t, o, opts);
    if (mech.tracksGeneration(t.type)) m.generation = (om.generation ?? 1) + (jsonEqual(specPart(o, hasStatus), specPart(old, hasStatus)) ? 0 : 1);
    else delete m.generation;
    const schema = await this.registry.schema(ctx.cluster, t.type);
    if (how !== 'apply') mech.trackCreate(o, old, manager, t.type, schema, t.subresource);
    const admitted = (await this.admit(ctx, 'UPDATE', t, o, old, !!opts.dryRun, 'mutate', warnings))!;
    this.validate(t, admitted, old, schema);
    await this.admit(ctx, 'UPDATE', t, admitted, old, !!opts.dryRun, 'validate', warnings);
    // Nothing changed but bookkeeping: answer with the stored object, write nothing (no new rv).
    const view = (o: KObject) => (t.subresource === 'scale' ? mech.toScale(o, t.type) : o);
    if (mech.sameIgnoringBookkeeping(admitted, old)) return { object: view(old), code: 200, warnings };
    if (opts.dryRun) return { object: view(admitted), code: 200, warnings };
    // The last finalizer of an object being deleted is gone: the update completes the deletion.
    if (admitted.metadata.deletionTimestamp && !(admitted.metadata.finalizers ?? []).length) {
      const gone = await this.storeDelete(ctx, t, admitted.metadata.name!, old.metadata.resourceVersion);
      return { object: this.convert(gone, t), code: 200, warnings };
    }
    try {
      const stored = this.convert(await this.store.update(this.key(ctx, t, admitted.metadata.name!), admitted, { expectRv: Number(old.metadata.resourceVersion) }), t);
      return { object: t.subresource === 'scale' ? mech.toScale(stored, t.type) : stored, code: 200, warnings };
    } catch (e) {
      if (e instanceof StoreConflict) {
        if (e.why === 'missing') throw notFound(this.gr(t), t.name!);
        throw conflict(this.gr(t), t.name!, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      throw e;
    }
  }

  async patch(ctx: RequestContext, t: Target, type: PatchType, patch: unknown, opts: WriteOptions = {}): Promise<WriteResult> {
    await this.authorize(ctx, 'patch', t);
    const schema = await this.registry.schema(ctx.cluster, t.type);
    if (type === 'strategic' && !t.type.builtin) throw strategicMergePatchUnsupported();
    if (type === 'apply' && !opts.fieldManager) throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    // Patches without a resourceVersion retry on conflict, as upstream's patcher does.
    for (let attempt = 0; ; attempt++) {
      const existing = await this.store.get(this.key(ctx, t));
      if (!existing) {
        if (type !== 'apply') throw notFound(this.gr(t), t.name!);
        if (t.subresource) throw notFound(this.gr(t), t.name!);
        await this.authorize(ctx, 'create', t);
        const applied = mech.applyCreate(patch, t, opts.fieldManager!, schema);
        return this.create(ctx, t, applied, opts, true);
      }
      const old = this.convert(existing, t);
      const base = t.subresource === 'scale' ? mech.toScale(old, t.type) : old;
      const patched = mech.applyPatch(type, base, patch, schema, { manager: opts.fieldManager!, force: !!opts.force, subresource: t.subresource, type: t.type });
      const rv = isObject(patch) && isObject((patch as any).metadata) ? ((patch as any).metadata.resourceVersion as string | undefined) : undefined;
      const incoming = t.subresource === 'scale' ? patched : this.checkBody(patched, t, t.name);
      try {
        return await this.writeUpdate(ctx, t, incoming, opts, rv, this.manager(ctx, opts), type === 'apply' ? 'apply' : 'patch', old);
      } catch (e) {
        if (e instanceof StatusError && e.reason === 'Conflict' && !rv && attempt < 5 && !e.details?.causes) continue;
        throw e;
      }
    }
  }

  private async storeDelete(ctx: RequestContext, t: Target, name: string, rv?: string): Promise<KObject> {
    try {
      return await this.store.delete(this.key(ctx, t, name), rv ? { expectRv: Number(rv) } : {});
    } catch (e) {
      if (e instanceof StoreConflict) {
        if (e.why === 'missing') throw notFound(this.gr(t), name);
        throw conflict(this.gr(t), name, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      throw e;
    }
  }

  async delete(ctx: RequestContext, t: Target, opts: DeleteOptions = {}): Promise<WriteResult> {
    await this.authorize(ctx, 'delete', t);
    return this.deleteOne(ctx, t, t.name!, opts);
  }

  private async deleteOne(ctx: RequestContext, t: Target, name: string, opts: DeleteOptions): Promise<WriteResult> {
    const old = await this.fetch(ctx, t, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid)
      throw conflict(this.gr(t), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
      throw conflict(this.gr(t), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
    const tt = { ...t, name };
    await this.admit(ctx, 'DELETE', tt, undefined, old, !!opts.dryRun, 'validate', []);
    const policy = opts.propagationPolicy ?? mech.defaultPropagation(t.type);
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    const isNamespace = t.type.group === '' && t.type.resource === 'namespaces';
    if (isNamespace && SYSTEM_NAMESPACES.slice(0, 3).includes(name))
      throw new StatusError('Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
    const graceful = finalizers.length > 0 || isNamespace;
    if (!graceful) {
      if (opts.dryRun) return { object: old, code: 200, warnings: [] };
      const gone = await this.storeDelete(ctx, t, name, old.metadata.resourceVersion);
      return { object: this.convert(gone, t), code: 200, warnings: [] };
    }
    // Graceful: mark for deletion; the finalizers' owners (GC, namespace controller, users) finish it.
    const o = clone(old);
    o.metadata.finalizers = finalizers;
    if (!o.metadata.deletionTimestamp) {
      o.metadata.deletionTimestamp = now();
      o.metadata.deletionGracePeriodSeconds = 0;
      if (mech.tracksGeneration(t.type) && (!t.type.builtin || t.type.subresources.status === undefined)) o.metadata.generation = (o.metadata.generation ?? 1) + 1;
    }
    if (isNamespace) (o as any).status = { ...((o as any).status ?? {}), phase: 'Terminating' };
    if (opts.dryRun) return { object: o, code: 200, warnings: [] };
    if (jsonEqual(o, old)) return { object: old, code: 200, warnings: [] };
    const stored = await this.store.update(this.key(ctx, t, name), o, { expectRv: Number(old.metadata.resourceVersion) });
    return { object: this.convert(stored, t), code: policy === 'Foreground' ? 202 : 200, warnings: [] };
  }

  async deleteCollection(ctx: RequestContext, t: Target, listOpts: ListOptions, opts: DeleteOptions = {}): Promise<KObject> {
    await this.authorize(ctx, 'deletecollection', t);
    const list = await this.list(ctx, t, { labelSelector: listOpts.labelSelector, fieldSelector: listOpts.fieldSelector });
    const items = list.items as KObject[];
    for (const o of items) {
      try {
        await this.deleteOne(ctx, { ...t, namespace: o.metadata.namespace }, o.metadata.name!, opts);
      } catch (e) {
        if (!(e instanceof StatusError && e.reason === 'NotFound')) throw e;
      }
    }
    return list;
  }

  private async createSubresource(ctx: RequestContext, t: Target, body: unknown): Promise<WriteResult> {
    await this.authorize(ctx, 'create', t);
    const handler = mech.subresourceCreators[`${t.type.resource}/${t.subresource}`];
    if (!handler) throw new StatusError('MethodNotAllowed', `the server does not allow this method on the requested resource`);
    const parent = await this.fetch(ctx, { ...t, subresource: undefined });
    return { object: await handler(ctx, parent, body, this), code: 201, warnings: [] };
  }

  // ---- watch -----------------------------------------------------------------------------------

  /**
   * Streams watch events for one resource. `rv` undefined or '0' starts with synthetic ADDED events for
   * the current state; a numeric rv resumes after it (410 Expired when too old). Objects leaving a
   * selector produce DELETED, entering it ADDED, as upstream's cacher does.
   */
  async watch(ctx: RequestContext, t: Target, opts: WatchOptions, send: (type: string, object: KObject) => void): Promise<() => void> {
    await this.authorize(ctx, 'watch', t);
    const labels = parseLabelSelector(opts.labelSelector);
    const fields = parseFieldSelector(opts.fieldSelector, t.type.kind);
    const scope = { resource: storageResource(t.type), cluster: ctx.cluster, namespace: t.type.namespaced && t.namespace ? t.namespace : undefined };
    let from: number;
    const initial = opts.sendInitialEvents ?? (opts.resourceVersion === undefined || opts.resourceVersion === '' || opts.resourceVersion === '0');
    if (initial) {
      const list = await this.store.list(scope.resource, { cluster: ctx.cluster, namespace: scope.namespace });
      from = list.rv;
      for (const o of list.items) if (sel(labels, fields, o)) send('ADDED', this.convert(o, t));
      if (opts.sendInitialEvents && opts.allowWatchBookmarks)
        send('BOOKMARK', { apiVersion: apiVersionOfType(t.type), kind: t.type.kind, metadata: { resourceVersion: String(from), annotations: { 'k8s.io/initial-events-end': 'true' } } });
    } else {
      from = Number(opts.resourceVersion);
      if (!Number.isInteger(from) || from < 0) throw badRequest(`invalid resource version: ${opts.resourceVersion}`);
    }
    if (t.name) fields.push({ field: 'metadata.name', op: '=', value: t.name });
    let watcher;
    try {
      watcher = await this.store.watch(scope, from, (e: StoreEvent) => {
        const now = sel(labels, fields, e.object);
        const before = e.previous ? sel(labels, fields, e.previous) : now;
        const o = this.convert(clone(e.object), t);
        if (e.type === 'MODIFIED' && before && !now) send('DELETED', o);
        else if (e.type === 'MODIFIED' && !before && now) send('ADDED', o);
        else if (now || (e.type === 'DELETED' && before)) send(e.type, o);
      });
    } catch (e) {
      if (e instanceof StoreGone) throw new StatusError('Expired', `too old resource version: ${e.requested} (${e.oldest})`, undefined, 410);
      throw e;
    }
    return () => watcher.close();
  }

  /** The hub's identity check used by the edge: does this logical cluster exist? */
  async clusterExists(name: string): Promise<boolean> {
    if (name === ROOT_CLUSTER) return true;
    return !!(await this.store.get({ resource: 'core.marina.io/logicalclusters', cluster: ROOT_CLUSTER, namespace: '', name }));
  }
}

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: string;
  fieldSelector?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

const sel = (l: LabelSelector, f: FieldSelector, o: KObject) => matchesLabels(l, o.metadata.labels) && matchesFields(f, o);

function encodeContinue(c: { rv: number; ns: string; name: string }): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: c.rv, start: `${c.ns}/${c.name}` })).toString('base64url');
}

function decodeContinue(s: string): { rv: number; ns: string; name: string } {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    const [ns, name] = String(c.start).split('/') as [string, string];
    if (typeof c.rv !== 'number' || name === undefined) throw new Error('bad');
    return { rv: c.rv, ns, name };
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
}
