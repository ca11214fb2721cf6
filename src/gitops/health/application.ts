/**
 * Argo CD Application health for app-of-apps: a child Application reports the health it computed itself.
 * gitops-engine dropped this built-in in Argo CD 1.8 and documents it as a Lua customization instead; we keep
 * it built in with that documented script's behaviour (Progressing until the child has a health of its own).
 * An `argoproj.io_Application` health customization still overrides it.
 */
import { str } from './fields.ts';
import { health, isHealthStatusCode, type HealthStatus } from './types.ts';

export function applicationHealth(obj: Record<string, unknown>): HealthStatus {
  const status = str(obj, 'status', 'health', 'status');
  const message = str(obj, 'status', 'health', 'message');
  return isHealthStatusCode(status) ? health(status, message) : health('Progressing', message);
}
