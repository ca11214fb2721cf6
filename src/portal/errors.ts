/** The portal's typed error: an HTTP status and the `ApiError` body it renders as. */
import type { ApiError } from './api/types.ts';

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  get body(): ApiError {
    return { reason: this.reason, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
}

export const invalidFields = (fields: Record<string, string>) =>
  new PortalError(400, 'Invalid', Object.values(fields).join('; '), fields);
export const unauthorized = (message = 'authentication required: log in or send an API token') => new PortalError(401, 'Unauthorized', message);
export const forbidden = (message: string) => new PortalError(403, 'Forbidden', message);
export const notFound = (message: string) => new PortalError(404, 'NotFound', message);
export const conflict = (message: string, fields?: Record<string, string>) => new PortalError(409, 'Conflict', message, fields);
export const tooManyRequests = (retryAfter: number) =>
  new PortalError(429, 'TooManyRequests', `too many attempts from this address; retry in ${retryAfter}s`, undefined, { 'Retry-After': String(retryAfter) });
export const notImplemented = (message: string) => new PortalError(501, 'NotImplemented', message);
export const unavailable = (message: string) => new PortalError(503, 'ServiceUnavailable', message);
