/**
 * How the upstream API server words patch failures (k8s.io/apiserver/pkg/endpoints/handlers/patch.go).
 * Upstream sorts errors three ways, and so do we:
 * - malformed patch documents → 400 BadRequest with the library's message;
 * - a patch that does not apply (JSON patch `test` failed, path missing; SMP list-of-lists) →
 *   `NewGenericServerResponse(422, …)`: reason Invalid, a fixed message, the detail in a cause;
 * - anything else the strategic merge code returns is not a Status, so the handler reports it as 500.
 */
import { StatusError } from '../errors.ts';

/** `errors.NewGenericServerResponse(http.StatusUnprocessableEntity, "", GroupResource{}, "", msg, 0, false)`. */
export const unprocessable = (message: string) =>
  new StatusError('Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message }],
  });

/** A plain Go error surfacing from the handler: `errors.NewInternalError(err)`. */
export const patchInternal = (message: string) =>
  new StatusError('InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });

export const patchBadRequest = (message: string) => new StatusError('BadRequest', message);

export const tooManyOperations = (max: number, got: number) =>
  new StatusError('RequestEntityTooLarge', `Request entity too large: The allowed maximum operations in a JSON patch is ${max}, got ${got}`);

// The `mergepatch` package's sentinel errors; the handler maps the first group to 400, the second to 422.
export const ErrBadPatchFormatForPrimitiveList = 'invalid patch format of primitive list';
export const ErrBadPatchFormatForRetainKeys = 'invalid patch format of retainKeys';
export const ErrBadPatchFormatForSetElementOrderList = 'invalid patch format of setElementOrder list';
export const ErrNoListOfLists = 'lists of lists are not supported';

/**
 * Custom resources have no Go struct, so upstream refuses strategic merge patch for them before any
 * patching starts (apiextensions-apiserver lists only these patch types). The API server calls this
 * when `builtinSchema` has nothing for the kind.
 */
export const strategicMergePatchUnsupported = () =>
  new StatusError(
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );
