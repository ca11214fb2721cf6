/**
 * Template functions: a JS function plus an optional Go signature. Without a signature a function takes any
 * number of `interface{}` arguments. With one, arguments are checked and converted as text/template's
 * validateType/evalArg do (`wrong type for value; expected string; got float64`), and argument counts as
 * evalCall does (`wrong number of args for x: want 2 got 1`). A function returns its value or throws; the
 * executor reports the throw as `error calling NAME: message`.
 */

export type ParamType = 'any' | 'string' | 'int' | 'float64' | 'bool' | 'list' | 'map' | 'strings';

export interface GoFuncSig {
  params: ParamType[];
  /** Type of the trailing `...` parameter, if variadic. */
  variadic?: ParamType;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GoFunc = ((...args: any[]) => unknown) & { goSig?: GoFuncSig };
export type FuncMap = Record<string, GoFunc>;

/** Declares a function with a Go signature, e.g. `fn(['int', 'string'], (n, s) => ...)`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fn<F extends (...args: any[]) => unknown>(params: ParamType[], impl: F, variadic?: ParamType): F & { goSig: GoFuncSig } {
  const f = impl as F & { goSig: GoFuncSig };
  f.goSig = { params, variadic };
  return f;
}

/** Go type names for messages. */
export const PARAM_TYPE_NAMES: Record<ParamType, string> = {
  any: 'interface {}',
  string: 'string',
  int: 'int',
  float64: 'float64',
  bool: 'bool',
  list: '[]interface {}',
  map: 'map[string]interface {}',
  strings: '[]string',
};

export const sigOf = (f: GoFunc): GoFuncSig => f.goSig ?? { params: [], variadic: 'any' };
