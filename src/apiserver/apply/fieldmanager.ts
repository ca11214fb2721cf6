/**
 * The manager name of a request (upstream handlers/rest.go and metav1 validation): the `fieldManager`
 * query parameter, or for non-apply writes the User-Agent up to its first `/`. kubectl's user agents
 * (`kubectl-edit/v1.30.0 (linux/amd64) kubernetes/abc`, `kubectl-client-side-apply/...`) are how
 * entries like "kubectl-edit" come about.
 */
import { invalid, type StatusError } from '../errors.ts';
import { goQuote } from './path.ts';

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export const FIELD_MANAGER_MAX_LENGTH = 128;

/** Upstream prefixFromUserAgent: up to the first `/`, non-printable characters dropped. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0]!;
  return [...prefix].filter((ch) => PRINTABLE.test(ch)).join('');
}

/** Upstream managerOrUserAgent. */
export function defaultFieldManager(fieldManager: string | undefined, userAgent: string | undefined): string {
  return fieldManager ? fieldManager : managerFromUserAgent(userAgent);
}

/**
 * Upstream ValidatePatchOptions/ValidateFieldManager: required for apply, at most 128 bytes, printable.
 * `kind` names the options type in the message (`PatchOptions.meta.k8s.io "" is invalid: ...`).
 */
export function validateFieldManager(
  fieldManager: string | undefined,
  opts: { apply: boolean; kind?: 'PatchOptions' | 'UpdateOptions' | 'CreateOptions' },
): StatusError | undefined {
  const causes: Array<{ reason: string; message: string; field: string }> = [];
  const fm = fieldManager ?? '';
  if (opts.apply && fm === '') causes.push({ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' });
  if (Buffer.byteLength(fm) > FIELD_MANAGER_MAX_LENGTH) {
    causes.push({ reason: 'FieldValueTooLong', message: `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes`, field: 'fieldManager' });
  }
  let pos = 0;
  for (const ch of fm) {
    if (!PRINTABLE.test(ch)) {
      const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${goQuote(fm)}: invalid character ${code} (at position ${pos})`, field: 'fieldManager' });
    }
    pos += Buffer.byteLength(ch);
  }
  return causes.length > 0 ? invalid('meta.k8s.io', opts.kind ?? 'PatchOptions', '', causes) : undefined;
}
