/**
 * Patches, one function per patch type registered in a table (Crossplane `composition_patches.go`,
 * function-patch-and-transform `patches.go`). A patch reads from one object and writes into another;
 * the table names which of the composite, composed resource and environment each type connects.
 */
import { ComposeError, isNotFound, wrap } from './errors.ts';
import { expandWildcards, getValue } from './fieldpath.ts';
import { sprintf } from './gofmt.ts';
import { mergeOptionsOf, mergeValue } from './merge.ts';
import { resolveTransforms } from './transforms.ts';

type Obj = Record<string, any>;

/** The objects a patch connects. `composed` is the composed resource (or the environment, for environment patches). */
export interface PatchObjects {
  composite: Obj;
  composed: Obj;
  environment?: Obj;
}

type Role = 'composite' | 'composed' | 'environment';
interface PatchType {
  from: Role;
  to: Role;
  apply: (p: Obj, from: Obj, to: Obj) => boolean;
}

/** Whether a patch's source field may be absent (the default policy is Optional). */
function optional(p: Obj): boolean {
  return (p.policy?.fromFieldPath ?? 'Optional') === 'Optional';
}

function writeValue(p: Obj, path: string, value: unknown, to: Obj, allowMerge: boolean): void {
  const mo = allowMerge ? mergeOptionsOf(p.policy) : p.policy?.toFieldPath ? mergeOptionsOf({ toFieldPath: p.policy.toFieldPath }) : undefined;
  const v = value === undefined ? null : structuredClone(value);
  if (!path.includes('[*]')) return mergeValue(to, path, v, mo);
  const paths = expandWildcards(to, path);
  if (paths.length === 0) throw new ComposeError('InvalidFieldPath', `cannot expand ToFieldPath ${path}`);
  for (const concrete of paths) mergeValue(to, concrete, v, mo);
}

/** Copies `fromFieldPath` of `from` through the transforms into `toFieldPath` of `to`. Returns false when skipped. */
export function applyFromFieldPath(p: Obj, from: Obj, to: Obj): boolean {
  if (typeof p.fromFieldPath !== 'string' || p.fromFieldPath === '') {
    throw new ComposeError('InvalidPatch', `FromFieldPath is required by type ${p.type ?? 'FromCompositeFieldPath'}`);
  }
  let input: unknown;
  try {
    input = getValue(from, p.fromFieldPath);
  } catch (err) {
    if (isNotFound(err) && optional(p)) return false;
    throw err;
  }
  const out = resolveTransforms(p.transforms, input);
  writeValue(p, p.toFieldPath || p.fromFieldPath, out, to, true);
  return true;
}

/** Combines the `combine.variables` of `from` with the combine strategy into `toFieldPath` of `to`. */
export function applyCombine(p: Obj, from: Obj, to: Obj): boolean {
  const c = p.combine;
  if (!c) throw new ComposeError('InvalidPatch', `Combine is required by type ${p.type}`);
  if (typeof p.toFieldPath !== 'string' || p.toFieldPath === '') throw new ComposeError('InvalidPatch', `ToFieldPath is required by type ${p.type}`);
  const vars: Obj[] = c.variables ?? [];
  if (vars.length < 1) throw new ComposeError('InvalidCombine', 'combine patch types require at least one variable');
  const values: unknown[] = [];
  for (const v of vars) {
    try {
      values.push(getValue(from, v.fromFieldPath));
    } catch (err) {
      // A missing variable skips the whole patch: a format expecting three values must not get two.
      if (isNotFound(err) && optional(p)) return false;
      throw err;
    }
  }
  if (c.strategy !== 'string') throw new ComposeError('InvalidCombine', `combine strategy ${c.strategy} is not supported`);
  if (typeof c.string?.fmt !== 'string') throw new ComposeError('InvalidCombine', `given combine strategy ${c.strategy} requires configuration`);
  const out = resolveTransforms(p.transforms, sprintf(c.string.fmt, ...values));
  writeValue(p, p.toFieldPath, out, to, false);
  return true;
}

export const patchTypes: Record<string, PatchType> = {
  FromCompositeFieldPath: { from: 'composite', to: 'composed', apply: applyFromFieldPath },
  ToCompositeFieldPath: { from: 'composed', to: 'composite', apply: applyFromFieldPath },
  CombineFromComposite: { from: 'composite', to: 'composed', apply: applyCombine },
  CombineToComposite: { from: 'composed', to: 'composite', apply: applyCombine },
  FromEnvironmentFieldPath: { from: 'environment', to: 'composed', apply: applyFromFieldPath },
  ToEnvironmentFieldPath: { from: 'composed', to: 'environment', apply: applyFromFieldPath },
  CombineFromEnvironment: { from: 'environment', to: 'composed', apply: applyCombine },
  CombineToEnvironment: { from: 'composed', to: 'environment', apply: applyCombine },
};

export function patchTypeOf(p: Obj): string {
  return p.type ?? 'FromCompositeFieldPath';
}

/** Whether the patch writes into the composed resource (as opposed to the composite or environment). */
export function patchesComposed(p: Obj): boolean {
  return patchTypes[patchTypeOf(p)]?.to === 'composed';
}

/** Applies one patch between the objects; returns false when an optional source was absent. */
export function applyPatch(p: Obj, objs: PatchObjects): boolean {
  const type = patchTypeOf(p);
  if (type === 'PatchSet') throw new ComposeError('InvalidPatch', 'PatchSet patches must be inlined before they are applied');
  const pt = patchTypes[type];
  if (!pt) throw new ComposeError('InvalidPatch', `patch type ${type} is unsupported`);
  const pick = (r: Role) => {
    const o = objs[r];
    if (!o) throw new ComposeError('InvalidPatch', `patch type ${type} needs an environment, and none was supplied`);
    return o;
  };
  return pt.apply(p, pick(pt.from), pick(pt.to));
}

/**
 * Applies a Composition-level environment patch: FromCompositeFieldPath/ToEnvironmentFieldPath copy from the
 * composite into the environment; ToCompositeFieldPath/FromEnvironmentFieldPath copy from the environment into
 * the composite; the Combine variants likewise.
 */
export function applyEnvironmentPatch(p: Obj, composite: Obj, environment: Obj): boolean {
  switch (patchTypeOf(p)) {
    case 'FromCompositeFieldPath':
    case 'ToEnvironmentFieldPath':
      return applyFromFieldPath(p, composite, environment);
    case 'CombineFromComposite':
    case 'CombineToEnvironment':
      return applyCombine(p, composite, environment);
    case 'ToCompositeFieldPath':
    case 'FromEnvironmentFieldPath':
      return applyFromFieldPath(p, environment, composite);
    case 'CombineToComposite':
    case 'CombineFromEnvironment':
      return applyCombine(p, environment, composite);
    default:
      throw new ComposeError('InvalidPatch', `patch type ${patchTypeOf(p)} is unsupported for environment patches`);
  }
}

/** Replaces `PatchSet` patches with the patches of the named set. */
export function inlinePatchSets(patchSets: Obj[] | undefined, patches: Obj[] | undefined): Obj[] {
  const sets = new Map<string, Obj[]>();
  for (const s of patchSets ?? []) {
    if ((s.patches ?? []).some((p: Obj) => patchTypeOf(p) === 'PatchSet')) {
      throw new ComposeError('InvalidPatch', 'a patch in a PatchSet cannot be of type PatchSet');
    }
    sets.set(s.name, s.patches ?? []);
  }
  const out: Obj[] = [];
  for (const p of patches ?? []) {
    if (patchTypeOf(p) !== 'PatchSet') {
      out.push(p);
      continue;
    }
    if (!p.patchSetName) throw new ComposeError('InvalidPatch', 'PatchSetName is required by type PatchSet');
    const set = sets.get(p.patchSetName);
    if (!set) throw new ComposeError('InvalidPatch', `cannot find PatchSet by name ${p.patchSetName}`);
    out.push(...set);
  }
  return out;
}

/** Applies `patches` of the given directions in order, wrapping failures with the patch index and resource. */
export function applyPatches(patches: Obj[], objs: PatchObjects, resource: string, which: (p: Obj) => boolean): void {
  patches.forEach((p, i) => {
    if (!which(p)) return;
    try {
      applyPatch(p, objs);
    } catch (err) {
      throw wrap(err, `cannot apply patch ${i} of resource ${JSON.stringify(resource)}`, 'InvalidPatch');
    }
  });
}
