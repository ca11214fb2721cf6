/**
 * Kyverno's arithmetic functions: numbers, resource quantities and durations, with the same
 * type rules (Quantity + Quantity -> Quantity, Duration / Duration -> number, ...) as arithmetic.go.
 */
import type { JSONValue } from '@jmespath-community/jmespath';
import { formatDuration, parseDuration } from '../duration.ts';
import { formatQuantity, parseQuantity, type QuantityFormat } from '../quantity.ts';
import { functionError } from './errors.ts';
import { any, arr, type FunctionEntry, num } from './signature.ts';

type Operand =
  | { kind: 'scalar'; value: number }
  | { kind: 'quantity'; value: number; format: QuantityFormat }
  | { kind: 'duration'; value: number };

interface Candidate {
  scalar?: number;
  quantity?: { value: number; format: QuantityFormat };
  duration?: number;
}

function candidate(name: string, v: JSONValue): Candidate {
  if (typeof v === 'number') return { scalar: v };
  if (typeof v === 'string') {
    const q = parseQuantity(v);
    const d = parseDuration(v);
    if (q || d !== undefined) return { quantity: q, duration: d };
  }
  throw functionError(name, 'invalid operand');
}

/** Ambiguous strings ("30m" is a quantity and a duration) follow the other operand, as upstream does. */
function resolve(c: Candidate, durationContext: boolean): Operand {
  if (c.scalar !== undefined) return { kind: 'scalar', value: c.scalar };
  if (c.duration !== undefined && (!c.quantity || durationContext)) return { kind: 'duration', value: c.duration };
  return { kind: 'quantity', value: c.quantity!.value, format: c.quantity!.format };
}

function operands(name: string, args: JSONValue[]): [Operand, Operand] {
  const a = candidate(name, args[0]);
  const b = candidate(name, args[1]);
  const durationContext = (a.duration !== undefined && !a.quantity) || (b.duration !== undefined && !b.quantity);
  return [resolve(a, durationContext), resolve(b, durationContext)];
}

const mismatch = (name: string) => functionError(name, 'types mismatch');
const zero = (name: string) => functionError(name, 'Zero divisor passed');
const nonInt = (name: string) => functionError(name, 'Non-integer argument(s) passed for modulo');
const q = (value: number, format: QuantityFormat) => formatQuantity({ value, format });

function addOrSub(name: string, args: JSONValue[], sign: 1 | -1): JSONValue {
  const [a, b] = operands(name, args);
  if (a.kind !== b.kind) throw mismatch(name);
  if (a.kind === 'quantity') return q(a.value + sign * b.value, a.format);
  if (a.kind === 'duration') return formatDuration(a.value + sign * b.value);
  return a.value + sign * b.value;
}

function multiply(args: JSONValue[]): JSONValue {
  let [a, b] = operands('multiply', args);
  if (a.kind === 'scalar' && b.kind !== 'scalar') [a, b] = [b, a];
  if (b.kind !== 'scalar') throw mismatch('multiply');
  if (a.kind === 'quantity') return formatQuantity({ value: a.value * b.value, format: a.format === 'BinarySI' ? 'BinarySI' : a.format });
  if (a.kind === 'duration') return formatDuration(a.value * b.value);
  return a.value * b.value;
}

function divide(args: JSONValue[]): JSONValue {
  const [a, b] = operands('divide', args);
  if (b.value === 0) throw zero('divide');
  if (a.kind === 'quantity' && b.kind === 'quantity') return a.value / b.value;
  if (a.kind === 'duration' && b.kind === 'duration') return a.value / b.value;
  if (b.kind !== 'scalar') throw mismatch('divide');
  if (a.kind === 'quantity') return q(a.value / b.value, a.format);
  if (a.kind === 'duration') return formatDuration(a.value / b.value);
  return a.value / b.value;
}

function modulo(args: JSONValue[]): JSONValue {
  const [a, b] = operands('modulo', args);
  if (a.kind !== b.kind) throw mismatch('modulo');
  if (a.kind === 'duration') {
    if (b.value === 0) throw zero('modulo');
    return formatDuration(a.value % b.value);
  }
  if (!Number.isInteger(a.value) || !Number.isInteger(b.value)) throw nonInt('modulo');
  if (b.value === 0) throw zero('modulo');
  const r = Math.trunc(a.value % b.value);
  return a.kind === 'quantity' ? q(r, a.format) : r;
}

function sum(args: JSONValue[]): JSONValue {
  const items = args[0] as JSONValue[];
  if (items.length === 0) throw functionError('sum', 'at least one element in the array is required');
  let acc = items[0];
  for (const item of items.slice(1)) acc = addOrSub('sum', [acc, item], 1);
  return acc;
}

function round(args: JSONValue[]): JSONValue {
  const [v, digits] = args as number[];
  if (!Number.isInteger(digits)) throw functionError('round', 'Non-integer argument(s) passed for round off');
  if (digits < 0) throw functionError('round', 'Argument out of bounds');
  const shift = 10 ** digits;
  // Go's math.Round rounds half away from zero
  return (Math.sign(v * shift) * Math.round(Math.abs(v * shift))) / shift;
}

export const ARITHMETIC_FUNCTIONS: FunctionEntry[] = [
  { name: 'add', args: [any, any], fn: (a) => addOrSub('add', a, 1), note: 'does arithmetic addition of two specified values of numbers, quantities, and durations' },
  { name: 'sum', args: [arr], fn: sum, note: 'does arithmetic addition of specified array of values of numbers, quantities, and durations' },
  { name: 'subtract', args: [any, any], fn: (a) => addOrSub('subtract', a, -1), note: 'does arithmetic subtraction of two specified values of numbers, quantities, and durations' },
  { name: 'multiply', args: [any, any], fn: multiply, note: 'does arithmetic multiplication of two specified values of numbers, quantities, and durations' },
  { name: 'divide', args: [any, any], fn: divide, note: 'divisor must be non zero' },
  { name: 'modulo', args: [any, any], fn: modulo, note: 'divisor must be non-zero, arguments must be integers' },
  { name: 'round', args: [num, num], fn: round, note: 'does roundoff to upto the given decimal places' },
];
