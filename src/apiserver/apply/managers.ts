/**
 * metadata.managedFields ⇄ per-manager field sets, following k8s.io/apimachinery's managedfields
 * package: entries are keyed by a manager identifier (the entry minus fields and time, as JSON; Apply
 * entries also minus apiVersion, so re-applying at another version stays one entry), encoded back in
 * upstream's order, and Update entries beyond ten are folded into "ancient-changes".
 */
import type { KObject, ManagedFieldsEntry } from '../types.ts';
import { clone, isObject } from '../types.ts';
import type { SchemaNode } from '../schema/node.ts';
import { difference, fromFieldsV1, isEmpty, setOf, toFieldsV1, union, type FieldSet } from './fieldset.ts';
import { jsonEqual } from './typed.ts';

/** What every managed-fields write (apply or update) is told about the write. */
export interface ManagedWriteOptions {
  /** The `fieldManager` query parameter (or the user-agent default, see defaultFieldManager). */
  manager: string;
  /** The kind's resolved schema; undefined treats everything below metadata as deduced. */
  schema: SchemaNode | undefined;
  /** RFC 3339 timestamp for the manager's entry. */
  now: string;
  /** `status`, `scale`, ... when writing through a subresource. */
  subresource?: string;
  /** Paths the strategy resets (default: see defaultResetFields). */
  resetFields?: string[][];
}

/** A copy of an object without its managedFields: what field sets are computed from. */
/** A shallow copy without metadata.managedFields: nested values are shared with `o`, so do not mutate them. */
export function withoutManagedFields(o: KObject): Record<string, unknown> {
  if (!isObject(o.metadata)) return { ...o };
  const { managedFields: _mf, ...metadata } = o.metadata;
  return { ...o, metadata };
}

export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Identifier → entry; insertion order is irrelevant, encoding sorts. */
export type Managed = Map<string, ManagerEntry>;

/** Upstream BuildManagerIdentifier: JSON in ManagedFieldsEntry field order, empty fields omitted. */
export function managerId(e: { manager?: string; operation: 'Apply' | 'Update'; apiVersion?: string; subresource?: string }): string {
  const o: Record<string, string> = {};
  if (e.manager) o.manager = e.manager;
  o.operation = e.operation;
  if (e.operation !== 'Apply' && e.apiVersion) o.apiVersion = e.apiVersion;
  if (e.subresource) o.subresource = e.subresource;
  return JSON.stringify(o);
}

/** Upstream DecodeManagedFields; throws with upstream's wording on an invalid entry. */
export function decodeManagedFields(entries: unknown): Managed {
  const managed: Managed = new Map();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new Error('managedFields must be a list');
  entries.forEach((raw, i) => {
    if (!isObject(raw)) throw new Error(`managed fields entry ${i} must be an object`);
    const e = raw as ManagedFieldsEntry;
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new Error('apiVersion must not be empty');
    if (!e.fieldsType) throw new Error(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`);
    const set = fromFieldsV1(e.fieldsV1 ?? {});
    const entry: ManagerEntry = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion, set };
    if (e.subresource) entry.subresource = e.subresource;
    if (e.time) entry.time = e.time;
    managed.set(managerId(entry), entry);
  });
  return managed;
}

/** Decodes, or yields nothing on garbage: what upstream does with a stored object's entries on update. */
export function decodeOrEmpty(entries: unknown): Managed {
  try {
    return decodeManagedFields(entries);
  } catch {
    return new Map();
  }
}

/** `managedFields: []` or `[{}]` in a write asks for tracking to start over (upstream isResetManagedFields). */
export function isResetManagedFields(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && isObject(entries[0]) && Object.values(entries[0]).every((v) => v === undefined || v === '' || v === null);
}

const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) || 0 : 0);
const cmpStr = (a = '', b = '') => (a === b ? 0 : a < b ? -1 : 1);

/** Upstream encodeManagedFields + sortEncodedManagedFields: by operation, time (seconds), manager, apiVersion, subresource. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] {
  const entries = [...managed.values()].filter((m) => !isEmpty(m.set));
  entries.sort(
    (p, q) =>
      cmpStr(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      cmpStr(p.manager, q.manager) ||
      cmpStr(p.apiVersion, q.apiVersion) ||
      cmpStr(p.subresource, q.subresource),
  );
  return entries.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = toFieldsV1(m.set);
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

/**
 * Fields no manager ever owns (upstream stripmeta.go): identity and bookkeeping that the server, not a
 * client, decides. Removed as exact paths, so `.metadata.labels.*` stays tracked.
 */
export const STRIPPED: FieldSet = setOf(
  [{ field: 'apiVersion' }],
  [{ field: 'kind' }],
  [{ field: 'metadata' }],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => [
    { field: 'metadata' },
    { field: f },
  ]),
);

export const stripMeta = (s: FieldSet): FieldSet => difference(s, STRIPPED);

export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT = 'ancient-changes';

/** Upstream capmanagers.go: the oldest Update entries beyond the cap merge into one bucket per apiVersion. */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): Managed {
  const updaters = [...managed.entries()].filter(([, m]) => m.operation === 'Update').map(([id]) => id);
  if (updaters.length <= max) return managed;
  const out = new Map(managed);
  updaters.sort((a, b) => seconds(out.get(a)!.time) - seconds(out.get(b)!.time) || cmpStr(a, b));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const m = out.get(id)!;
    const bucketId = managerId({ manager: ANCIENT, operation: 'Update', apiVersion: m.apiVersion });
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, id);
      continue;
    }
    if (!out.has(bucketId)) {
      const f = out.get(first)!;
      out.delete(first);
      out.set(bucketId, { ...f, manager: ANCIENT, operation: 'Update', subresource: undefined });
    }
    const bucket = out.get(bucketId)!;
    out.set(bucketId, { ...bucket, set: union(m.set, bucket.set), time: m.time });
    out.delete(id);
    length--;
  }
  return out;
}

/**
 * Upstream IgnoreManagedFieldsTimestampsTransformer: a write that changes nothing but managedFields
 * timestamps keeps the old timestamps, so no-op applies and updates do not churn the object.
 */
export function keepTimestampsIfNoop(before: KObject | undefined, after: KObject): KObject {
  const oldMF = before?.metadata?.managedFields;
  const newMF = after.metadata.managedFields;
  if (!oldMF || !newMF || oldMF.length !== newMF.length || newMF.length === 0) return after;
  const noTime = (e: ManagedFieldsEntry) => ({ ...e, time: undefined });
  if (!newMF.every((e, i) => jsonEqual(noTime(e), noTime(oldMF[i]!)))) return after;
  const strip = (o: KObject) => ({ ...o, metadata: { ...o.metadata, managedFields: undefined } });
  if (!jsonEqual(strip(before!), strip(after))) return after;
  return { ...after, metadata: { ...after.metadata, managedFields: structuredClone(oldMF) } };
}
