/**
 * Typed API errors that render themselves as Kubernetes `metav1.Status` objects.
 * Handlers throw these; the HTTP edge (and the in-process client) turn them into Status responses.
 */

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'Timeout'
  | 'Expired'
  | 'InternalError'
  | 'ServiceUnavailable';

/** One cause of an `Invalid` (or `BadRequest`) error; `field` is a Kubernetes field path like `spec.replicas`. */
export interface StatusCause {
  reason?: string; // FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldValueDuplicate, FieldValueTypeInvalid, FieldValueForbidden, FieldValueTooLong, FieldManagerConflict, FieldValueUnknown
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason | string;
  details?: StatusDetails;
  code: number;
}

const CODES: Record<StatusReason, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Invalid: 422,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
  Timeout: 504,
  Expired: 410,
  InternalError: 500,
  ServiceUnavailable: 503,
};

export class StatusError extends Error {
  readonly code: number;
  constructor(
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
    code?: number,
  ) {
    super(message);
    this.name = 'StatusError';
    this.code = code ?? CODES[reason];
  }

  toStatus(): Status {
    const s: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details && Object.keys(this.details).length > 0) s.details = this.details;
    return s;
  }
}

/** A group/resource pair as upstream prints it in messages: `deployments.apps`, or `pods` for core. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export const notFound = (gr: GroupResource, name: string) =>
  new StatusError('NotFound', `${qualifiedResource(gr)} "${name}" not found`, { name, group: gr.group, kind: gr.resource });

export const alreadyExists = (gr: GroupResource, name: string) =>
  new StatusError('AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, { name, group: gr.group, kind: gr.resource });

export const conflict = (gr: GroupResource, name: string, why: string) =>
  new StatusError('Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, {
    name,
    group: gr.group,
    kind: gr.resource,
  });

/** `kind` is the Kind (e.g. `Deployment`), as upstream's `NewInvalid` uses the qualified kind. */
export function invalid(group: string, kind: string, name: string, causes: StatusCause[]): StatusError {
  const qk = group ? `${kind}.${group}` : kind;
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const body = summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`;
  return new StatusError('Invalid', `${qk} "${name}" is invalid: ${body}`, {
    name,
    group,
    kind,
    causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}

export const badRequest = (message: string, causes?: StatusCause[]) =>
  new StatusError('BadRequest', message, causes ? { causes } : undefined);

export const unauthorized = (message = 'Unauthorized') => new StatusError('Unauthorized', message);

export function forbidden(user: string, verb: string, gr: GroupResource, namespace: string | undefined, name: string | undefined, why = ''): StatusError {
  const target = name ? `resource "${gr.resource}" in API group "${gr.group}"` : `resource "${gr.resource}" in API group "${gr.group}"`;
  const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  const msg = `${qualifiedResource(gr)}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} ${target}${scope}${why ? `: ${why}` : ''}`;
  return new StatusError('Forbidden', msg, { name, group: gr.group, kind: gr.resource });
}

export const gone = (message: string) => new StatusError('Gone', message);
export const methodNotAllowed = (message: string) => new StatusError('MethodNotAllowed', message);
export const unsupportedMediaType = (contentType: string) =>
  new StatusError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got "${contentType}")`);
export const internalError = (message: string) => new StatusError('InternalError', `Internal error occurred: ${message}`);

export const isStatusError = (e: unknown): e is StatusError => e instanceof StatusError;
export const isNotFound = (e: unknown) => isStatusError(e) && e.reason === 'NotFound';
export const isConflict = (e: unknown) => isStatusError(e) && e.reason === 'Conflict';
export const isAlreadyExists = (e: unknown) => isStatusError(e) && e.reason === 'AlreadyExists';

/** controller-runtime's `IgnoreNotFound`: returns undefined on NotFound, rethrows anything else. */
export async function ignoreNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
