/**
 * When a hook has finished. Nothing runs workloads in Marina, so a Job or Pod hook completes when its status
 * says so: Job `status.succeeded > 0` or a Complete condition succeeds, `status.failed > 0` or a Failed
 * condition fails (tests and external runners write these through the status subresource); Pod phase
 * Succeeded/Failed. Any other kind succeeds once Healthy (or when it has no health), fails when Degraded.
 */
import type { KObject } from '../../apiserver/types.ts';
import { assessHealth } from '../health/index.ts';

export type HookPhase = 'Running' | 'Succeeded' | 'Failed';

export function hookResult(o: KObject | undefined): { phase: HookPhase; message?: string } {
  if (!o) return { phase: 'Running', message: 'waiting for the hook to be created' };
  const status = (o.status ?? {}) as { succeeded?: number; failed?: number; phase?: string; conditions?: Array<{ type: string; status: string; message?: string }> };
  if (o.kind === 'Job' && o.apiVersion === 'batch/v1') {
    const cond = (t: string) => status.conditions?.find((c) => c.type === t && c.status === 'True');
    if ((status.succeeded ?? 0) > 0 || cond('Complete')) return { phase: 'Succeeded', message: 'job completed' };
    if ((status.failed ?? 0) > 0 || cond('Failed')) return { phase: 'Failed', message: cond('Failed')?.message ?? 'job failed' };
    return { phase: 'Running', message: 'job is running' };
  }
  if (o.kind === 'Pod' && o.apiVersion === 'v1') {
    if (status.phase === 'Succeeded') return { phase: 'Succeeded' };
    if (status.phase === 'Failed') return { phase: 'Failed', message: 'pod failed' };
    return { phase: 'Running', message: `pod is ${status.phase ?? 'Pending'}` };
  }
  const h = assessHealth(o);
  if (!h || h.status === 'Healthy') return { phase: 'Succeeded' };
  if (h.status === 'Degraded') return { phase: 'Failed', message: h.message };
  return { phase: 'Running', message: h.message };
}
