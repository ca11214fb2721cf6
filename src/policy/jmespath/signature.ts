/** The function-table row every custom JMESPath function is registered with. */
import { TYPE_ANY, TYPE_ARRAY, TYPE_NUMBER, TYPE_OBJECT, TYPE_STRING } from '@jmespath-community/jmespath';
import type { InputSignature, JSONValue } from '@jmespath-community/jmespath';

export interface FunctionEntry {
  name: string;
  args: InputSignature[];
  fn: (args: JSONValue[]) => JSONValue;
  /** Kyverno's one-line description (shown by `kyverno jp function`). */
  note: string;
}

export const str: InputSignature = { types: [TYPE_STRING] };
export const num: InputSignature = { types: [TYPE_NUMBER] };
export const any: InputSignature = { types: [TYPE_ANY] };
export const arr: InputSignature = { types: [TYPE_ARRAY] };
export const obj: InputSignature = { types: [TYPE_OBJECT] };
export const strOrNum: InputSignature = { types: [TYPE_STRING, TYPE_NUMBER] };
export const objOrArr: InputSignature = { types: [TYPE_OBJECT, TYPE_ARRAY] };

/** Go's strconv.FormatFloat(f, 'f', -1, 32)-ish rendering used when Kyverno stringifies numbers. */
export function ifaceToString(name: string, index: number, v: JSONValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  throw new Error(`JMESPath function '${name}': ${index} argument is expected of String or Real type`);
}
