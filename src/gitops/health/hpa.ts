/** HorizontalPodAutoscaler health, as gitops-engine's health_hpa.go (v1 keeps its conditions in an annotation). */
import { isObject } from '../../apiserver/types.ts';
import { conditions, field, type Condition } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

const WAITING = health('Progressing', 'Waiting to Autoscale');
const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';

const DEGRADED: ReadonlyArray<[string, string]> = [
  ['AbleToScale', 'FailedGetScale'],
  ['AbleToScale', 'FailedUpdateScale'],
  ['ScalingActive', 'FailedGetResourceMetric'],
  ['ScalingActive', 'InvalidSelector'],
];
const HEALTHY_TYPES = ['AbleToScale', 'ScalingLimited'];

function checkConditions(conds: Condition[]): HealthStatus {
  const healthy: string[] = [];
  for (const c of conds) {
    if (DEGRADED.some(([t, r]) => c.type === t && c.reason === r)) return health('Degraded', c.message);
    if (HEALTHY_TYPES.includes(c.type) && c.status === 'True') healthy.push(c.message);
  }
  // Healthy only when every condition is a healthy one; anything else (e.g. ScalingActive) means still settling.
  return conds.length === healthy.length ? health('Healthy', healthy.join(',')) : WAITING;
}

function v1Conditions(obj: Record<string, unknown>): Condition[] | undefined {
  const raw = field(obj, 'metadata', 'annotations', CONDITIONS_ANNOTATION);
  if (typeof raw !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new Error(`failed to convert conditions annotation to typed: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error('failed to convert conditions annotation to typed: not a list');
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  return parsed.filter(isObject).map((c) => ({ type: s(c.type), status: s(c.status), reason: s(c.reason), message: s(c.message) }));
}

export function hpaHealth(obj: Record<string, unknown>): HealthStatus {
  if (obj.apiVersion === 'autoscaling/v1') {
    const conds = v1Conditions(obj);
    return conds === undefined || conds.length === 0 ? WAITING : checkConditions(conds);
  }
  return checkConditions(conditions(obj));
}
