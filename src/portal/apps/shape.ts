/** The application form ↔ an Argo CD Application, and an Application → its summary row. Pure. */
import type { KObject } from '../../apiserver/types.ts';
import type { ApplicationRequest, ApplicationSummary } from '../api/types.ts';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function checkApplication(body: unknown): { ok: ApplicationRequest } | { fields: Record<string, string> } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const str = (k: string, required: boolean, test?: (v: string) => string | undefined) => {
    const v = b[k];
    if (v === undefined || v === '') {
      if (required) fields[k] = `${k} is required`;
      return;
    }
    if (typeof v !== 'string') return void (fields[k] = `${k} must be a string`);
    const why = test?.(v);
    if (why) fields[k] = why;
  };
  str('name', true, (v) => (v.length > 253 || !DNS_SUBDOMAIN.test(v) ? "name must be a DNS subdomain: lower case alphanumeric characters, '-' or '.'" : undefined));
  str('project', false, (v) => (DNS_SUBDOMAIN.test(v) ? undefined : 'project must be a DNS subdomain'));
  str('repoURL', true, (v) => (/\s/.test(v) || v.startsWith('-') ? 'repoURL must be a repository URL' : undefined));
  str('path', false, (v) => (v.split('/').includes('..') || v.startsWith('/') ? 'path must be relative to the repository root, without ".."' : undefined));
  str('targetRevision', false);
  str('destinationName', false);
  str('destinationNamespace', true, (v) => (DNS_LABEL.test(v) ? undefined : 'destinationNamespace must be a DNS label'));
  for (const k of ['automated', 'prune', 'selfHeal', 'createNamespace']) if (b[k] !== undefined && typeof b[k] !== 'boolean') fields[k] = `${k} must be true or false`;
  if ((b.prune === true || b.selfHeal === true) && b.automated !== true) fields[b.prune === true ? 'prune' : 'selfHeal'] = 'prune and selfHeal need automated sync';
  if (Object.keys(fields).length) return { fields };
  return { ok: b as unknown as ApplicationRequest };
}

export function applicationObject(r: ApplicationRequest): KObject {
  const syncPolicy: Record<string, unknown> = {};
  if (r.automated) syncPolicy.automated = { prune: Boolean(r.prune), selfHeal: Boolean(r.selfHeal) };
  if (r.createNamespace) syncPolicy.syncOptions = ['CreateNamespace=true'];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: r.name, namespace: 'argocd' },
    spec: {
      project: r.project || 'default',
      source: { repoURL: r.repoURL, ...(r.path ? { path: r.path } : {}), targetRevision: r.targetRevision || 'HEAD' },
      // The runtime's own cluster by URL (as Argo CD's UI writes it); a connected cluster by its name.
      destination: !r.destinationName || r.destinationName === 'in-cluster' ? { server: 'https://kubernetes.default.svc', namespace: r.destinationNamespace } : { name: r.destinationName, namespace: r.destinationNamespace },
      ...(Object.keys(syncPolicy).length ? { syncPolicy } : {}),
    },
  };
}

const SYNC = new Set(['Synced', 'OutOfSync']);
const HEALTH = new Set(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing']);
const OPS = new Set(['Running', 'Succeeded', 'Failed', 'Error', 'Terminating']);

export function summaryOf(app: KObject): ApplicationSummary {
  const spec = (app.spec ?? {}) as { project?: string; source?: { repoURL?: string; path?: string; targetRevision?: string }; sources?: Array<{ repoURL?: string; path?: string; targetRevision?: string }>; destination?: { name?: string; server?: string; namespace?: string } };
  const status = (app.status ?? {}) as {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string };
    operationState?: { phase?: string; finishedAt?: string };
    history?: Array<{ deployedAt?: string }>;
    conditions?: Array<{ type: string; message: string }>;
  };
  const src = spec.source ?? spec.sources?.[0] ?? {};
  const sync = status.sync?.status ?? '';
  const health = status.health?.status ?? '';
  const op = status.operationState?.phase ?? '';
  const lastSyncedAt = status.operationState?.finishedAt ?? status.history?.at(-1)?.deployedAt;
  const revision = status.sync?.revision ?? status.sync?.revisions?.join(',');
  return {
    name: app.metadata.name!,
    project: spec.project || 'default',
    repoURL: src.repoURL ?? '',
    ...(src.path ? { path: src.path } : {}),
    targetRevision: src.targetRevision || 'HEAD',
    destination: { ...spec.destination },
    syncStatus: SYNC.has(sync) ? (sync as ApplicationSummary['syncStatus']) : 'Unknown',
    healthStatus: HEALTH.has(health) ? (health as ApplicationSummary['healthStatus']) : 'Unknown',
    ...(revision ? { revision } : {}),
    ...(OPS.has(op) ? { operationPhase: op as ApplicationSummary['operationPhase'] } : {}),
    ...(lastSyncedAt ? { lastSyncedAt } : {}),
    conditions: (status.conditions ?? []).map((c) => ({ type: c.type, message: c.message })),
  };
}
