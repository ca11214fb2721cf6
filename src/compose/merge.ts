/**
 * Writing a patched value with merge options, as crossplane-runtime's `Paved.MergeValue` does with mergo:
 * no options replace the destination; `keepMapValues` keeps values already set in destination objects;
 * `appendSlice` appends arrays instead of replacing them.
 */
import { ComposeError, isNotFound } from './errors.ts';
import { getValue, setValue } from './fieldpath.ts';

export interface MergeOptions {
  keepMapValues?: boolean;
  appendSlice?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** mergo's notion of an empty value: absent, null, "", 0, false, or an empty array/object. */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObj(v)) return Object.keys(v).length === 0;
  return false;
}

function mergeInto(dst: Obj, src: Obj, override: boolean, append: boolean): void {
  for (const [k, sv] of Object.entries(src)) {
    const dv = dst[k];
    if (isObj(dv) && isObj(sv)) mergeInto(dv, sv, override, append);
    else if (append && Array.isArray(dv) && Array.isArray(sv)) dst[k] = [...dv, ...structuredClone(sv)];
    else if (override || isEmpty(dv)) dst[k] = structuredClone(sv);
  }
}

/** The result of merging `src` into `dst` (neither is modified). */
export function mergeValues(dst: unknown, src: unknown, mo: MergeOptions): unknown {
  if (dst === undefined || dst === null || src === undefined || src === null) return src;
  const wrapped: Obj = { arg: structuredClone(dst) };
  mergeInto(wrapped, { arg: src }, !mo.keepMapValues, !!mo.appendSlice);
  return wrapped.arg;
}

/** Sets `value` at `path` in `obj`, merging with the current value when merge options are given. */
export function mergeValue(obj: Obj, path: string, value: unknown, mo?: MergeOptions): void {
  let current: unknown;
  if (mo) {
    try {
      current = getValue(obj, path);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  const merged = mo ? mergeValues(current, value, mo) : value;
  setValue(obj, path, merged === undefined ? null : merged);
}

/** Merge options of a patch policy: classic `mergeOptions` or function-patch-and-transform's `toFieldPath`. */
export function mergeOptionsOf(policy: Obj | undefined): MergeOptions | undefined {
  if (!policy) return undefined;
  const to = policy.toFieldPath;
  if (to !== undefined && to !== null) {
    switch (to) {
      case 'Replace':
        return undefined;
      case 'MergeObject':
      case 'MergeObjects':
        return { keepMapValues: true };
      case 'MergeObjectsAppendArrays':
        return { keepMapValues: true, appendSlice: true };
      case 'ForceMergeObjects':
        return { keepMapValues: false };
      case 'AppendArray':
      case 'ForceAppendArray':
      case 'ForceMergeObjectsAppendArrays':
        return { appendSlice: true };
      default:
        throw new ComposeError('InvalidPatch', `invalid patch policy ${String(to)}`);
    }
  }
  const mo = policy.mergeOptions;
  if (isObj(mo)) return { keepMapValues: mo.keepMapValues === true, appendSlice: mo.appendSlice === true };
  return undefined;
}
