/** ApplicationSet status in Argo CD's shape: the three conditions and `status.resources`. Pure. */
import type { KObject } from '../../apiserver/types.ts';

export interface AppSetCondition {
  type: 'ErrorOccurred' | 'ParametersGenerated' | 'ResourcesUpToDate';
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

const GENERATED = 'Successfully generated parameters for all Applications';

/** Argo CD's setApplicationSetStatusCondition: the conditions after success (no error) or after `error`. */
export function appSetConditions(error: { reason: string; message: string } | undefined, parametersGenerated: boolean): AppSetCondition[] {
  if (!error) {
    return [
      { type: 'ErrorOccurred', status: 'False', reason: 'ApplicationSetUpToDate', message: GENERATED },
      { type: 'ParametersGenerated', status: 'True', reason: 'ParametersGenerated', message: GENERATED },
      { type: 'ResourcesUpToDate', status: 'True', reason: 'ApplicationSetUpToDate', message: 'All applications have been generated successfully' },
    ];
  }
  return [
    { type: 'ErrorOccurred', status: 'True', reason: error.reason, message: error.message },
    parametersGenerated
      ? { type: 'ParametersGenerated', status: 'True', reason: 'ParametersGenerated', message: GENERATED }
      : { type: 'ParametersGenerated', status: 'False', reason: 'ErrorOccurred', message: error.message },
    { type: 'ResourcesUpToDate', status: 'False', reason: error.reason, message: error.message },
  ];
}

/** Keeps lastTransitionTime of a condition whose status did not change (Argo CD's SetConditions). */
export function withTransitionTimes(next: AppSetCondition[], prev: AppSetCondition[] | undefined, now: string): AppSetCondition[] {
  return next.map((c) => {
    const old = prev?.find((p) => p.type === c.type);
    return { ...c, lastTransitionTime: old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now };
  });
}

/** `status.resources`: one entry per generated Application with its sync status and health, sorted by name (BuildResourceStatus). */
export function resourceStatuses(apps: KObject[]): Array<Record<string, unknown>> {
  return [...apps]
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!))
    .map((a) => {
      const st = (a.status ?? {}) as { sync?: { status?: string }; health?: { status?: string; message?: string } };
      const r: Record<string, unknown> = { group: 'argoproj.io', version: 'v1alpha1', kind: 'Application', name: a.metadata.name, namespace: a.metadata.namespace, status: st.sync?.status ?? '' };
      r.health = st.health?.status ? { ...st.health } : {};
      return r;
    });
}
