/**
 * Field tracking for ordinary writes (create, update, patch: `operation: Update`), following upstream's
 * FieldManager.Update → managedFieldsUpdater → stripMeta → Updater.Update chain: whatever the write
 * changed becomes the writer's, and is taken away from everyone else, without conflicts.
 */
import type { KObject } from '../types.ts';
import { difference, isEmpty, recursiveDifference, union } from './fieldset.ts';
import {
  capUpdateManagers,
  decodeManagedFields,
  decodeOrEmpty,
  encodeManagedFields,
  isResetManagedFields,
  keepTimestampsIfNoop,
  managerId,
  stripMeta,
  withoutManagedFields,
  type Managed,
  type ManagedWriteOptions,
} from './managers.ts';
import { defaultResetFields, excludeFields, resetSet } from './reset.ts';
import { rootSchema } from './schema.ts';
import { compare } from './typed.ts';

export interface UpdateOptions extends ManagedWriteOptions {
  /** The stored object; undefined on create. */
  before: KObject | undefined;
  /** The object about to be stored (after the patch or the PUT body), managedFields as the client sent them. */
  after: KObject;
}


/**
 * Which managedFields the write starts from (upstream decodeManagedFields): subresources always use the
 * stored ones; `[]` or `[{}]` resets; otherwise the request's own entries when they decode, since
 * clients may edit managedFields directly; else (absent, empty or invalid) the stored ones, so clients
 * unaware of managedFields cannot drop them by accident.
 */
function startingManaged(o: UpdateOptions): Managed {
  const stored = () => decodeOrEmpty(o.before?.metadata?.managedFields);
  if (o.subresource) return stored();
  const sent = o.after.metadata?.managedFields;
  if (isResetManagedFields(sent)) return new Map();
  try {
    const m = decodeManagedFields(sent);
    return m.size > 0 ? m : stored();
  } catch {
    return stored();
  }
}

export function updateManagedFields(o: UpdateOptions): KObject {
  const root = rootSchema(o.schema);
  const managed = new Map([...startingManaged(o)].map(([k, v]) => [k, { ...v }]));
  const before = o.before ? withoutManagedFields(o.before) : {};
  const after = withoutManagedFields(o.after);
  const reset = resetSet(o.resetFields ?? defaultResetFields(o.schema, o.subresource));
  // Creating a built-in kind starts from its Go zero value upstream; custom resources from nothing.
  const typedCreate = !o.before && !!o.schema?.['x-kubernetes-group-version-kind'];
  const c = excludeFields(compare(before, after, root, typedCreate), reset);
  const changed = union(c.modified, c.added);

  // Upstream runs this as a forced update by a pseudo-manager "current-operation": every manager
  // (the writer's previous entry included) loses what changed and what was removed...
  for (const [id, m] of managed) {
    m.set = difference(difference(m.set, changed), c.removed);
    if (isEmpty(m.set)) managed.delete(id);
  }
  // ...then the writer's entry becomes its previous fields plus what changed, stamped with the time.
  // A write that changed nothing leaves the writer's entry (and its time) alone.
  const set = stripMeta(recursiveDifference(changed, reset));
  if (!isEmpty(set)) {
    const id = managerId({ manager: o.manager, operation: 'Update', apiVersion: o.after.apiVersion, subresource: o.subresource });
    const prev = managed.get(id);
    managed.set(id, {
      manager: o.manager,
      operation: 'Update',
      apiVersion: o.after.apiVersion,
      ...(o.subresource ? { subresource: o.subresource } : {}),
      time: o.now,
      set: prev ? union(set, prev.set) : set,
    });
  }

  const object = after as unknown as KObject;
  object.metadata ??= {};
  const encoded = encodeManagedFields(capUpdateManagers(managed));
  if (encoded.length > 0) object.metadata.managedFields = encoded;
  else delete object.metadata.managedFields;
  return keepTimestampsIfNoop(o.before, object);
}
