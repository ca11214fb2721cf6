/** Transforms, one function per type registered in a table; `resolveTransforms` runs a patch's pipeline. */
import { ComposeError, wrap } from './errors.ts';
import { resolveMap, resolveMatch, resolveMath } from './transform-basic.ts';
import { resolveConvert } from './transform-convert.ts';
import { resolveString } from './transform-string.ts';

type Obj = Record<string, any>;
export type TransformFn = (config: Obj, input: unknown) => unknown;

export const transformTypes: Record<string, TransformFn> = {
  map: resolveMap,
  match: resolveMatch,
  math: resolveMath,
  string: resolveString,
  convert: resolveConvert,
};

/** Resolves one transform (`{type, <type>: config}`) against `input`. */
export function resolveTransform(t: Obj, input: unknown): unknown {
  const type = t?.type;
  const fn = transformTypes[type];
  if (!fn) throw new ComposeError('InvalidTransform', `transform type ${String(type)} is not supported`);
  const config = t[type];
  if (config === undefined || config === null) throw new ComposeError('InvalidTransform', `given transform type ${type} requires configuration`);
  try {
    return fn(config, input);
  } catch (err) {
    throw wrap(err, `${type} transform could not resolve`, 'TransformFailed');
  }
}

export function resolveTransforms(ts: Obj[] | undefined, input: unknown): unknown {
  let v = input;
  (ts ?? []).forEach((t, i) => {
    try {
      v = resolveTransform(t, v);
    } catch (err) {
      throw wrap(err, `transform at index ${i} returned error`, 'TransformFailed');
    }
  });
  return v;
}
