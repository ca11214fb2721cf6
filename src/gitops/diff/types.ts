/** Options and results of Argo CD-style diffing. */
import type { Operation } from 'rfc6902';
import type { KObject } from '../../apiserver/types.ts';
import type { ResourceOverrides } from '../health/index.ts';

/** One `spec.ignoreDifferences` entry of an Application (group and kind may be globs). */
export interface ResourceIgnoreDifferences {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}

export interface DiffOptions {
  /** The Application's spec.ignoreDifferences. */
  ignoreDifferences?: ResourceIgnoreDifferences[];
  /** System-level customizations (argocd-cm `resource.customizations.ignoreDifferences.*`), see parseResourceOverrides. */
  overrides?: ResourceOverrides;
  /** Managers whose changes to live fields are accepted for every resource (on top of ignoreDifferences entries). */
  managedFieldsManagers?: string[];
  /** Use `kubectl.kubernetes.io/last-applied-configuration` for a three-way diff when present. Default true. */
  lastAppliedAnnotation?: boolean;
  /**
   * Which objects' `status` is left out of the comparison: `all` (default: status is never applied, so it can
   * only cause false differences), `crd` (Argo CD's default `resource.compareoptions`), or `off`.
   */
  ignoreResourceStatusField?: 'all' | 'crd' | 'off';
  /** Ignore `rules` of aggregated ClusterRoles (Argo CD's `ignoreAggregatedRoles` compare option). */
  ignoreAggregatedRoles?: boolean;
  /** Replace Secret values with `+` runs in the returned objects, as Argo CD does. Default true. */
  maskSecrets?: boolean;
  /** Time limit per jq path expression evaluation; default 1000 ms, Argo CD's. */
  jqTimeoutMs?: number;
}

export interface DiffResult {
  /** Desired and live differ after normalization. */
  modified: boolean;
  /** Live after normalization; null when the resource does not exist yet. */
  normalizedLive: KObject | null;
  /** What live would look like after applying desired; null when the resource is not desired (to be pruned). */
  predictedLive: KObject | null;
  /** RFC 6902 operations from normalizedLive to predictedLive (after masking), when modified. */
  patch?: Operation[];
  /** Normalizations that could not be applied (e.g. a jq expression that failed); the diff went on without them. */
  warnings?: string[];
}
