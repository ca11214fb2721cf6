/** The `map`, `match` and `math` transforms (function-patch-and-transform `transforms.go`). */
import { ComposeError } from './errors.ts';
import { goType } from './gofmt.ts';

type Obj = Record<string, any>;
const fail = (msg: string) => new ComposeError('TransformFailed', msg);
const required = (field: string, type: string) => new ComposeError('InvalidTransform', `${field} is required by type ${type}`);

export function resolveMap(t: Obj, input: unknown): unknown {
  // Crossplane 1.x accepted the pairs inline (`map: {a: b}`); newer schemas nest them under `pairs`.
  const pairs: Obj = t.pairs && typeof t.pairs === 'object' ? t.pairs : t;
  if (typeof input !== 'string') throw fail(`type ${goType(input)} is not supported for map transform`);
  if (!Object.prototype.hasOwnProperty.call(pairs, input)) throw fail(`key ${input} is not found in map`);
  return structuredClone(pairs[input]);
}

function matches(p: Obj, input: unknown): boolean {
  const type = p.type ?? 'literal';
  if (type === 'literal') {
    if (p.literal === undefined || p.literal === null) throw required('literal', 'literal');
    if (typeof input !== 'string') throw fail(`unsupported input type '${goType(input)}'`);
    return input === p.literal;
  }
  if (type === 'regexp') {
    if (p.regexp === undefined || p.regexp === null) throw required('regexp', 'regexp');
    let re: RegExp;
    try {
      re = new RegExp(p.regexp);
    } catch (err) {
      throw new ComposeError('InvalidTransform', `cannot compile regexp: ${(err as Error).message}`);
    }
    if (input === null || input === undefined) throw fail(`unsupported input type 'null'`);
    if (typeof input !== 'string') throw fail(`unsupported input type '${goType(input)}'`);
    return re.test(input);
  }
  throw new ComposeError('InvalidTransform', `unsupported pattern type '${type}'`);
}

export function resolveMatch(t: Obj, input: unknown): unknown {
  const patterns: Obj[] = t.patterns ?? [];
  for (let i = 0; i < patterns.length; i++) {
    let ok: boolean;
    try {
      ok = matches(patterns[i], input);
    } catch (err) {
      throw new ComposeError((err as ComposeError).kind ?? 'TransformFailed', `cannot match pattern at index ${i}: ${(err as Error).message}`, err);
    }
    if (ok) return structuredClone(patterns[i].result ?? null);
  }
  if ((t.fallbackTo ?? 'Value') === 'Input') {
    if (t.fallbackValue !== undefined && t.fallbackValue !== null) {
      throw new ComposeError('InvalidTransform', 'cannot set both a fallback value and the fallback to input flag');
    }
    return input;
  }
  return t.fallbackValue === undefined ? null : structuredClone(t.fallbackValue);
}

export function resolveMath(t: Obj, input: unknown): unknown {
  const type = t.type ?? 'Multiply';
  const field = ({ Multiply: 'multiply', ClampMin: 'clampMin', ClampMax: 'clampMax' } as Obj)[type];
  if (!field) throw new ComposeError('InvalidTransform', `type ${type} is not supported for math transform type`);
  const operand = t[field];
  if (typeof operand !== 'number' || !Number.isInteger(operand)) throw required(field, type);
  if (typeof input !== 'number') throw fail(`input is required to be a number for math transformer, got ${goType(input)}`);
  if (type === 'Multiply') return input * operand;
  const n = Math.trunc(input);
  if (type === 'ClampMin') return n < operand ? operand : input;
  return n > operand ? operand : input;
}
