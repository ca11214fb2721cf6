/** Errors raised by Kyverno's JMESPath layer, worded as Kyverno words them. */

/** A field that does not exist in the queried object (Kyverno's go-jmespath fork raises these). */
export class NotFoundError extends Error {
  constructor(readonly key: string) {
    super(`Unknown key "${key}" in path`);
    this.name = 'NotFoundError';
  }
}

/** An error from a custom function: `JMESPath function 'divide': Zero divisor passed`. */
export function functionError(name: string, message: string): Error {
  return new Error(`JMESPath function '${name}': ${message}`);
}

export const argTypeError = (name: string, index: number, type: string) =>
  functionError(name, `${index} argument is expected of ${type} type`);
