/**
 * Kyverno's JMESPath dialect on top of @jmespath-community/jmespath.
 *
 * Two differences from the library's defaults matter for policies:
 * - Kyverno's go-jmespath fork fails a query that names a key missing from an object
 *   (`Unknown key "x" in path`), which is how rules report unresolvable variables. Inside
 *   projections, filters and `||`/`&&`/ternaries a missing key is plain null, so fallbacks
 *   (`labels.app || ''`) and list projections keep working.
 * - Kyverno's custom functions (and its versions of split/replace/trim/items/sum) are registered
 *   on a private interpreter instance, so nothing global is changed for other components.
 */
import { TreeInterpreter, compile } from '@jmespath-community/jmespath';
import type { JSONValue } from '@jmespath-community/jmespath';
import { NotFoundError } from './errors.ts';
import { FUNCTIONS, type FunctionEntry } from './functions.ts';

type ExpressionNode = ReturnType<typeof compile>;

type Visit = (node: ExpressionNode, value: unknown) => unknown;

// nodes under which a missing key is null rather than an error
const SOFT = new Set(['Projection', 'FilterProjection', 'ValueProjection', 'OrExpression', 'AndExpression', 'Ternary', 'NotExpression']);

interface InterpreterLike {
  visit: Visit;
  search(node: ExpressionNode, value: unknown): unknown;
  runtime: {
    _functionTable: Record<string, { _func: (args: unknown[]) => unknown; _signature: unknown[] }>;
  };
}

const BaseClass = (TreeInterpreter as unknown as { constructor: new () => InterpreterLike }).constructor;

function createInterpreter(functions: FunctionEntry[]): InterpreterLike {
  const interp = new BaseClass();
  const baseVisit = interp.visit.bind(interp);
  let soft = 0;
  interp.visit = (node: ExpressionNode, value: unknown): unknown => {
    if (node.type === 'Field') {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const obj = value as Record<string, unknown>;
        if (Object.prototype.hasOwnProperty.call(obj, node.name)) return obj[node.name] ?? null;
        if (soft === 0) throw new NotFoundError(node.name);
      }
      return null;
    }
    if (SOFT.has(node.type)) {
      soft++;
      try {
        return baseVisit(node, value);
      } finally {
        soft--;
      }
    }
    return baseVisit(node, value);
  };
  const table = interp.runtime._functionTable;
  for (const f of functions) {
    // bypass the typed register(): Kyverno deliberately replaces some built-ins (split, trim, items...)
    table[f.name] = { _func: (args: unknown[]) => f.fn(args as JSONValue[]) as unknown, _signature: f.args };
  }
  return interp;
}

const interpreter = createInterpreter(FUNCTIONS);
const compiled = new Map<string, ExpressionNode>();

/** Compiles (with a small cache) a JMESPath expression; backtick literals follow go-jmespath's legacy rules. */
export function compileQuery(expression: string): ExpressionNode {
  let node = compiled.get(expression);
  if (!node) {
    node = compile(expression, { enable_legacy_literals: true });
    if (compiled.size > 10000) compiled.clear();
    compiled.set(expression, node);
  }
  return node;
}

/** Evaluates a Kyverno JMESPath expression against `data`. Throws NotFoundError for missing keys. */
export function search(data: unknown, expression: string): unknown {
  const node = compileQuery(expression.trim());
  const result = interpreter.search(node, data as JSONValue);
  return result === undefined ? null : result;
}

/** Names of the custom functions available (for the FUNCTIONS.md list and `marina policy jp`). */
export const functionNames = (): string[] => FUNCTIONS.map((f) => f.name);
