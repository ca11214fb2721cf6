/**
 * Server-side apply (upstream merge.Updater.Apply wrapped in the apiserver's field-manager chain):
 * merge the applied configuration into the live object, prune what this manager applied last time and
 * no longer does (unless someone else owns it), detect conflicts with other managers, and record
 * ownership in metadata.managedFields.
 */
import { badRequest, internalError } from '../errors.ts';
import type { SchemaNode } from '../schema/node.ts';
import type { KObject } from '../types.ts';
import { clone } from '../types.ts';
import { Conflicts, conflictError, conflictsFrom } from './conflict.ts';
import { difference, emptySet, has, intersection, isEmpty, recursiveDifference, union, type FieldSet } from './fieldset.ts';
import { allowedConflictsFromLastApplied, KUBECTL_MANAGER, syncLastApplied } from './lastapplied.ts';
import {
  capUpdateManagers,
  decodeManagedFields,
  encodeManagedFields,
  keepTimestampsIfNoop,
  managerId,
  stripMeta,
  withoutManagedFields,
  type Managed,
  type ManagedWriteOptions,
} from './managers.ts';
import { defaultResetFields, excludeFields, resetSet, restoreResetFields } from './reset.ts';
import { rootSchema } from './schema.ts';
import { compare, ensureNamedFieldsAreMembers, merge, removeItems, toFieldSet } from './typed.ts';

export interface ApplyOptions extends ManagedWriteOptions {
  /** The stored object, or undefined when the apply creates it. */
  live: KObject | undefined;
  /** The applied configuration (the request body). */
  applied: KObject;
  /** The `force` query parameter (`kubectl apply --force-conflicts`). */
  force: boolean;
}

type Obj = Record<string, unknown>;

export function serverSideApply(o: ApplyOptions): KObject {
  // Upstream rejects any non-nil list here, even []; an explicit null decodes to nil in Go and passes.
  if (o.applied.metadata?.managedFields != null) throw badRequest('metadata.managedFields must be nil');
  let managed: Managed;
  try {
    managed = o.live ? decodeManagedFields(o.live.metadata?.managedFields) : new Map();
  } catch (e) {
    throw internalError(`failed to decode managed fields: ${(e as Error).message}`);
  }
  const ctx: Ctx = {
    root: rootSchema(o.schema),
    live: o.live ? clone(withoutManagedFields(o.live)) : {},
    config: clone(o.applied) as unknown as Obj,
    id: managerId({ manager: o.manager, operation: 'Apply', subresource: o.subresource }),
    resetFields: o.resetFields ?? defaultResetFields(o.schema, o.subresource),
  };
  let result: { object: Obj; managed: Managed };
  try {
    result = applyOnce(ctx, managed, o.force);
  } catch (e) {
    if (!(e instanceof Conflicts)) throw e;
    result = upgradeFromClientSideApply(ctx, managed, e, o);
  }

  const entry = result.managed.get(ctx.id);
  if (entry) {
    entry.apiVersion = o.applied.apiVersion;
    entry.time = o.now;
  }
  const object = result.object as unknown as KObject;
  object.metadata ??= {};
  syncLastApplied(object, o.applied, o.manager);
  const encoded = encodeManagedFields(capUpdateManagers(result.managed));
  if (encoded.length > 0) object.metadata.managedFields = encoded;
  else delete object.metadata.managedFields;
  return keepTimestampsIfNoop(o.live, object);
}

interface Ctx {
  root: SchemaNode;
  live: Obj;
  config: Obj;
  id: string;
  resetFields: string[][];
}

/** Upstream lastAppliedManager: kubectl may take over fields it applied client-side and that are unchanged since. */
function upgradeFromClientSideApply(ctx: Ctx, managed: Managed, e: Conflicts, o: ApplyOptions): { object: Obj; managed: Managed } {
  if (o.manager !== KUBECTL_MANAGER) throw conflictError(e.conflicts);
  const allowed = allowedConflictsFromLastApplied(ctx.live, ctx.root, o.applied.apiVersion);
  if (!allowed) throw conflictError(e.conflicts);
  const remaining = e.conflicts.filter((c) => !has(allowed, c.path));
  if (remaining.length > 0) throw conflictError(remaining);
  return applyOnce(ctx, managed, true);
}

function applyOnce(ctx: Ctx, before: Managed, force: boolean): { object: Obj; managed: Managed } {
  const { root, live, config, id } = ctx;
  const reset = resetSet(ctx.resetFields);
  const merged = (merge(live, config, root) ?? {}) as Obj;
  const managed: Managed = new Map([...before].map(([k, v]) => [k, { ...v }]));
  const lastSet = managed.get(id)?.set;
  const set = recursiveDifference(toFieldSet(config, root, true), reset);
  managed.set(id, { manager: managerName(id), operation: 'Apply', apiVersion: String(config.apiVersion ?? ''), subresource: subresourceOf(id), set });
  const object = prune(merged, managed, lastSet, root);

  // Upstream Updater.update: other managers lose what this apply changed (a conflict unless forced)
  // and what it removed.
  const c = excludeFields(compare(live, object, root), reset);
  const changed = union(c.modified, c.added);
  const conflicting = new Map<string, FieldSet>();
  for (const [mid, m] of managed) {
    if (mid === id) continue;
    const cs = intersection(m.set, changed);
    if (!isEmpty(cs)) conflicting.set(mid, cs);
  }
  if (!force && conflicting.size > 0) throw new Conflicts(conflictsFrom(conflicting));
  for (const [mid, m] of managed) {
    if (mid === id) continue;
    const lost = conflicting.get(mid);
    m.set = difference(lost ? difference(m.set, lost) : m.set, c.removed);
  }
  const mine = managed.get(id)!;
  mine.set = stripMeta(mine.set);
  for (const [mid, m] of managed) if (isEmpty(m.set)) managed.delete(mid);

  restoreResetFields(object, live, ctx.resetFields);
  return { object, managed };
}

const managerName = (id: string) => (JSON.parse(id) as { manager?: string }).manager ?? '';
const subresourceOf = (id: string) => (JSON.parse(id) as { subresource?: string }).subresource;

/**
 * Upstream Updater.prune: remove what `lastSet` owned, add back whatever any manager (including this
 * apply's new set) owns, then add back anything that was never this manager's. What remains removed
 * is exactly: applied last time, not applied now, owned by nobody else.
 */
function prune(merged: Obj, managed: Managed, lastSet: FieldSet | undefined, root: SchemaNode): Obj {
  if (!lastSet || isEmpty(lastSet)) return merged;
  const ens = (s: FieldSet) => ensureNamedFieldsAreMembers(s, root);
  const fieldsOf = (v: Obj) => ens(toFieldSet(v, root));
  const last = ens(lastSet);
  const mergedSet = fieldsOf(merged);
  let pruned = (removeItems(merged, last, root) ?? {}) as Obj;
  let owned: FieldSet = emptySet();
  for (const m of managed.values()) owned = union(owned, m.set);
  pruned = (removeItems(merged, difference(mergedSet, union(fieldsOf(pruned), ens(owned))), root) ?? {}) as Obj;
  return (removeItems(merged, intersection(difference(mergedSet, fieldsOf(pruned)), last), root) ?? {}) as Obj;
}
