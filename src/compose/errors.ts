/**
 * Typed composition errors. Every failure carries a stable `kind` so callers and tests branch on kinds,
 * never on message text; `wrap` adds context ("cannot apply patch 2 of resource \"vcluster\": …") and
 * keeps the innermost kind.
 */

export type ComposeErrorKind =
  | 'FieldNotFound' // a field path does not exist in the source object (Optional patches skip these)
  | 'InvalidFieldPath' // a field path cannot be parsed, or does not fit the object's shape
  | 'InvalidPatch' // a patch lacks required fields or has an unknown type
  | 'InvalidTransform' // a transform lacks required configuration or has an unknown type
  | 'TransformFailed' // a well-formed transform could not handle its input
  | 'InvalidCombine' // a combine lacks variables or names an unknown strategy
  | 'InvalidReadinessCheck'
  | 'InvalidConnectionDetail'
  | 'InvalidDefinition' // a CompositeResourceDefinition cannot produce CRDs
  | 'InvalidComposition'
  | 'UnsupportedFunction';

export class ComposeError extends Error {
  override readonly name = 'ComposeError';
  constructor(
    readonly kind: ComposeErrorKind,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export function composeError(kind: ComposeErrorKind, message: string): ComposeError {
  return new ComposeError(kind, message);
}

/** Wraps `err` with context, keeping its kind (an unknown error becomes `fallback`). */
export function wrap(err: unknown, context: string, fallback: ComposeErrorKind = 'InvalidComposition'): ComposeError {
  const kind = err instanceof ComposeError ? err.kind : fallback;
  const msg = err instanceof Error ? err.message : String(err);
  return new ComposeError(kind, `${context}: ${msg}`, err);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ComposeError && err.kind === 'FieldNotFound';
}

/** Runs `fn`, wrapping any error it throws with `context`. */
export function withContext<T>(context: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw wrap(err, context);
  }
}
