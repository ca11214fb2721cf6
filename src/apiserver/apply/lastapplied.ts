/**
 * The bridge between client-side and server-side apply for kubectl (upstream lastappliedmanager.go and
 * lastappliedupdater.go). Only the manager named exactly "kubectl" takes part, as upstream: others opt
 * out by choosing another name.
 *
 * - Upgrade: `kubectl apply --server-side` over an object last applied client-side conflicts with
 *   "kubectl-client-side-apply" on every field; conflicts on fields whose live value still equals the
 *   last-applied annotation are allowed, and the apply is retried with force.
 * - Downgrade: when the object carries the annotation, a server-side apply rewrites it, so a later
 *   client-side apply computes its three-way diff from what was really applied.
 */
import type { SchemaNode } from '../schema/node.ts';
import type { KObject } from '../types.ts';
import { clone, isObject } from '../types.ts';
import { difference, type FieldSet } from './fieldset.ts';
import { canonicalJson, type Json } from './path.ts';
import { compare, toFieldSet } from './typed.ts';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const KUBECTL_MANAGER = 'kubectl';
const ANNOTATIONS_SIZE_LIMIT = 256 * 1024;

const annotationsOf = (o: unknown): Record<string, unknown> | undefined => {
  const meta = isObject(o) ? o.metadata : undefined;
  const ann = isObject(meta) ? meta.annotations : undefined;
  return isObject(ann) ? ann : undefined;
};

/** Fields of the last-applied annotation whose live value still matches it, or undefined when there is nothing to go on. */
export function allowedConflictsFromLastApplied(live: Record<string, unknown>, root: SchemaNode, apiVersion: string): FieldSet | undefined {
  const raw = annotationsOf(live)?.[LAST_APPLIED];
  if (typeof raw !== 'string' || raw === '') return undefined;
  let last: unknown;
  try {
    last = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(last) || last.apiVersion !== apiVersion) return undefined;
  try {
    const c = compare(last, live, root);
    return difference(difference(difference(toFieldSet(last, root, true), c.modified), c.added), c.removed);
  } catch {
    return undefined;
  }
}

/** The annotation value kubectl and upstream write: the applied object minus the annotation, Go-style JSON. */
export function buildLastApplied(applied: KObject): string {
  const copy = clone(applied) as unknown as Record<string, unknown>;
  const ann = annotationsOf(copy);
  if (ann) delete ann[LAST_APPLIED];
  // Go's encoding/json sorts map keys and escapes HTML characters; both show in the annotation.
  return `${canonicalJson(copy as Json).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')}\n`;
}

/** Rewrites the annotation on `obj` in place if it already has one (and the result fits the size limit). */
export function syncLastApplied(obj: KObject, applied: KObject, manager: string): void {
  if (manager !== KUBECTL_MANAGER) return;
  const ann = obj.metadata.annotations;
  if (!ann || ann[LAST_APPLIED] === undefined) return;
  ann[LAST_APPLIED] = buildLastApplied(applied);
  const size = Object.entries(ann).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);
  if (size > ANNOTATIONS_SIZE_LIMIT) delete ann[LAST_APPLIED];
}
