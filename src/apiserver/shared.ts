/**
 * Shared API sets: upstream CRDs (Kyverno, Argo CD, Crossplane and its providers) served to logical
 * clusters without being stored in them. A tenant gets, say, Argo CD's Application kind without a
 * 1.4 MB CRD row per tenant: the definition is loaded once, lazily, and shared by every cluster that
 * has the set enabled. A CRD a tenant stores itself takes precedence over a shared one.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crdAcceptedStatus, crdDefaults } from './schema/index.ts';
import type { KObject } from './types.ts';

export type ApiSet = 'kyverno' | 'argo-cd' | 'crossplane' | 'provider-kubernetes' | 'provider-helm' | 'marina-providers';

/** Sets every logical cluster serves. */
export const DEFAULT_SETS: ApiSet[] = ['kyverno'];
/** Sets the hub's root cluster serves (it runs the platform's GitOps, composition and policy). */
export const ROOT_SETS: ApiSet[] = ['kyverno', 'argo-cd', 'crossplane', 'provider-kubernetes', 'provider-helm', 'marina-providers'];
/** The annotation on a LogicalCluster that enables more sets, comma-separated. */
export const API_SETS_ANNOTATION = 'core.marina.io/api-sets';

// Crossplane is served at v1.20's schemas: its Composition accepts both `resources` and `mode: Pipeline`.
const FILES: Record<ApiSet, string> = {
  kyverno: 'kyverno',
  'argo-cd': 'argo-cd',
  crossplane: 'crossplane-v1',
  'provider-kubernetes': 'provider-kubernetes',
  'provider-helm': 'provider-helm',
  // Marina's own managed resources (VirtualCluster, GitOpsRuntime): src/compose/providers/.
  'marina-providers': 'marina',
};

const loaded = new Map<ApiSet, KObject[]>();

export function sharedCRDs(set: ApiSet): KObject[] {
  let crds = loaded.get(set);
  if (!crds) {
    const path = fileURLToPath(new URL(`../../schemas/crds-json/${FILES[set]}.json`, import.meta.url));
    crds = (JSON.parse(readFileSync(path, 'utf8')) as KObject[]).map((c) => {
      const d = crdDefaults(c);
      d.metadata = { ...d.metadata, uid: `shared-${d.metadata.name}`, creationTimestamp: '2026-01-01T00:00:00Z', resourceVersion: '1', labels: { ...(d.metadata.labels ?? {}), 'core.marina.io/shared': set } };
      d.status = crdAcceptedStatus(d);
      return d;
    });
    loaded.set(set, crds);
  }
  return crds;
}

export function parseSets(annotation: string | undefined): ApiSet[] {
  if (!annotation) return [];
  return annotation
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is ApiSet => s in FILES);
}
