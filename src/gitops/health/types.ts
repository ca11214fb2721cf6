/** Argo CD's health statuses and their order; the shape every assessment returns. */

export type HealthStatusCode = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface HealthStatus {
  status: HealthStatusCode;
  message?: string;
}

/** Most healthy first, as gitops-engine's healthOrder: an app's health is the worst of its resources'. */
export const HEALTH_ORDER: readonly HealthStatusCode[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];

export const isHealthStatusCode = (v: unknown): v is HealthStatusCode =>
  typeof v === 'string' && (HEALTH_ORDER as readonly string[]).includes(v);

/** Whether `next` is a worse condition than `current` (gitops-engine's IsWorse; unknown codes rank as Healthy). */
export function isWorse(current: HealthStatusCode, next: HealthStatusCode): boolean {
  return Math.max(0, HEALTH_ORDER.indexOf(next)) > Math.max(0, HEALTH_ORDER.indexOf(current));
}

/** A built-in check: gets a live object, returns its health. Throwing turns into `Unknown` with the error's message. */
export type HealthCheck = (obj: Record<string, unknown>) => HealthStatus;

/** Builds a status, leaving `message` out when empty so results compare cleanly with fixtures. */
export const health = (status: HealthStatusCode, message?: string): HealthStatus =>
  message ? { status, message } : { status };
