/** Pod health, as gitops-engine's health_pod.go: restart policy decides whether a running pod can be Healthy. */
import { field, int, list, str, conditions } from './fields.ts';
import { health, type HealthStatus } from './types.ts';

/** Treats a Never/OnFailure pod like an Always pod (e.g. pods run by operators rather than as hooks). */
export const ANNOTATION_IGNORE_RESTART_POLICY = 'argocd.argoproj.io/ignore-restart-policy';

// Waiting reasons such as ErrImagePull, CreateContainerConfigError, CrashLoopBackOff, ImagePullBackOff.
const isFailingWait = (reason: string) => reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');

function failMessage(ctr: Record<string, unknown>): string {
  const terminated = field(ctr, 'state', 'terminated');
  if (terminated === undefined || terminated === null) return '';
  if (str(terminated, 'message')) return str(terminated, 'message');
  if (str(terminated, 'reason') === 'OOMKilled') return 'OOMKilled';
  const code = int(terminated, 'exitCode');
  return code !== 0 ? `container "${str(ctr, 'name')}" failed with exit code ${code}` : '';
}

function runningHealth(obj: Record<string, unknown>, message: string): HealthStatus {
  if (conditions(obj).some((c) => c.type === 'Ready' && c.status === 'True')) return health('Healthy', message);
  // Not ready and a container already died once: it is crash-looping rather than starting.
  const restarted = list(obj, 'status', 'containerStatuses').some((c) => isSet(field(c, 'lastState', 'terminated')));
  return health(restarted ? 'Degraded' : 'Progressing', message);
}

const isSet = (v: unknown) => v !== undefined && v !== null;

export function podHealth(obj: Record<string, unknown>): HealthStatus {
  // The API server defaults restartPolicy to Always; objects read back from a cluster always carry it.
  const restartPolicy = str(obj, 'spec', 'restartPolicy') || 'Always';
  const message = str(obj, 'status', 'message');
  // Only for Always: a hook pod (Never/OnFailure) marked Degraded while its image is pulling would fail the
  // sync early, and then run anyway once the image arrives.
  if (restartPolicy === 'Always') {
    const waiting = list(obj, 'status', 'containerStatuses')
      .map((c) => field(c, 'state', 'waiting'))
      .filter((w) => isSet(w) && isFailingWait(str(w, 'reason')));
    if (waiting.length > 0) return health('Degraded', waiting.map((w) => str(w, 'message')).join(', '));
  }
  switch (str(obj, 'status', 'phase')) {
    case 'Pending':
      return health('Progressing', message);
    case 'Succeeded':
      return health('Healthy', message);
    case 'Failed': {
      if (message) return health('Degraded', message);
      const ctrs = [...list(obj, 'status', 'initContainerStatuses'), ...list(obj, 'status', 'containerStatuses')];
      return health('Degraded', ctrs.map(failMessage).find((m) => m) ?? '');
    }
    case 'Running': {
      const annotations = field(obj, 'metadata', 'annotations');
      if (isSet(field(annotations, ANNOTATION_IGNORE_RESTART_POLICY)) || restartPolicy === 'Always') return runningHealth(obj, message);
      // Never/OnFailure pods have a finite life (typically resource hooks): running is not done yet.
      return health('Progressing', message);
    }
  }
  return health('Unknown', message);
}
