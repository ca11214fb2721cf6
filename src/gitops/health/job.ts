/** Job health, as gitops-engine's health_job.go (including the Suspended condition of suspended Jobs). */
import { conditions } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

export function jobHealth(obj: Record<string, unknown>): HealthStatus {
  let failed = false;
  let complete = false;
  let suspended = false;
  let failMessage = '';
  let message = '';
  for (const c of conditions(obj)) {
    if (c.type === 'Failed') {
      failed = complete = true;
      failMessage = c.message;
    } else if (c.type === 'Complete') {
      complete = true;
      message = c.message;
    } else if (c.type === 'Suspended') {
      complete = true;
      message = c.message;
      suspended = c.status === 'True';
    }
  }
  if (!complete) return health('Progressing', message);
  if (failed) return health('Degraded', failMessage);
  if (suspended) return health('Suspended', message);
  return health('Healthy', message);
}
