/**
 * Server-side apply and managedFields tracking, after sigs.k8s.io/structured-merge-diff and
 * k8s.io/apimachinery/pkg/util/managedfields. Pure functions over plain objects: the caller loads,
 * stores, validates and defaults.
 */
export { serverSideApply, type ApplyOptions } from './apply.ts';
export { updateManagedFields, type UpdateOptions } from './update.ts';
export { defaultFieldManager, managerFromUserAgent, validateFieldManager, FIELD_MANAGER_MAX_LENGTH } from './fieldmanager.ts';
export { defaultResetFields } from './reset.ts';
export { conflictError, printManager, type Conflict } from './conflict.ts';
export { decodeManagedFields, encodeManagedFields, managerId, MAX_UPDATE_MANAGERS, type Managed, type ManagerEntry } from './managers.ts';
export { LAST_APPLIED, buildLastApplied } from './lastapplied.ts';
export {
  difference,
  emptySet,
  fromFieldsV1,
  has,
  intersection,
  isEmpty,
  paths,
  recursiveDifference,
  setEquals,
  setOf,
  toFieldsV1,
  union,
  type FieldSet,
} from './fieldset.ts';
export { pathString, peKey, parsePEKey, type Path, type PathElement } from './path.ts';
export { rootSchema } from './schema.ts';
export { compare, merge, removeItems, toFieldSet, type Comparison } from './typed.ts';

import type { SchemaNode } from '../schema/node.ts';
import type { KObject } from '../types.ts';
import { toFieldsV1 } from './fieldset.ts';
import { stripMeta } from './managers.ts';
import { rootSchema } from './schema.ts';
import { toFieldSet } from './typed.ts';

/**
 * The FieldsV1 an apply of `obj` would record: every field it sets, minus the server-owned metadata
 * (`{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{...}}`).
 */
export function fieldsV1Of(obj: KObject | Record<string, unknown>, schema: SchemaNode | undefined): Record<string, unknown> {
  return toFieldsV1(stripMeta(toFieldSet(obj, rootSchema(schema))));
}
