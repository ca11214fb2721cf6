/**
 * Shapes the policy engine works on. Policies, resources and admission requests are plain JSON
 * objects exactly as Kyverno and the Kubernetes API define them; these interfaces only name the
 * fields the engine reads, everything else passes through untouched.
 */
import type { KObject, UserInfo } from '../apiserver/types.ts';

export type JsonObject = Record<string, unknown>;

/** Rule results as PolicyReports (wgpolicyk8s.io/v1alpha2) and `kyverno test` name them. */
export type RuleStatus = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

/** Rule types as Kyverno's engine response names them. */
export type RuleType = 'Validation' | 'Mutation' | 'Generation' | 'ImageVerify';

/** One JSON patch operation (RFC 6902). */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

/** A resource a generate rule wants to exist, for the generate controller to create or sync. */
export interface GeneratedResource {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The full object to create, labels included (undefined when the clone source was not found). */
  object: KObject;
  synchronize: boolean;
  orphanDownstreamOnPolicyDelete: boolean;
  /** Where the data came from: inline `data`, `clone`, or `cloneList`. */
  source: 'data' | 'clone' | 'cloneList';
}

export interface RuleResponse {
  name: string;
  type: RuleType;
  status: RuleStatus;
  message: string;
  /** Mutation rules: the patches this rule produced. */
  patches?: PatchOperation[];
  /** Generation rules: the resources to generate. */
  generated?: GeneratedResource[];
}

export interface PolicyResponse {
  policy: string;
  namespace?: string;
  /** Enforce or Audit, after per-rule failureAction overrides are folded in. */
  validationFailureAction: 'Enforce' | 'Audit';
  rules: RuleResponse[];
}

/** The subset of admission.k8s.io/v1 AdmissionRequest the engine reads. */
export interface AdmissionRequest {
  uid?: string;
  kind?: { group: string; version: string; kind: string };
  resource?: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  userInfo?: UserInfo;
  object?: JsonObject | null;
  oldObject?: JsonObject | null;
  dryRun?: boolean;
}

/** RBAC roles bound to the requesting user, as Kyverno exposes them (`ns:name` for Roles). */
export interface UserRoles {
  roles: string[];
  clusterRoles: string[];
}

/**
 * Loads external data for `context` entries, `clone`/`cloneList`, all in the same logical cluster.
 * Each method may be absent; the engine then reports the entry as unsupported.
 */
export interface ContextLoader {
  configMap?(namespace: string, name: string): Promise<JsonObject | undefined>;
  /** `apiCall` with a `urlPath`: the decoded JSON response (a List for collection paths). */
  apiCall?(call: { urlPath: string; method: 'GET' | 'POST'; data?: unknown }): Promise<unknown>;
  getResource?(ref: { apiVersion: string; kind: string; namespace?: string; name: string }): Promise<JsonObject | undefined>;
  listResources?(ref: {
    apiVersion: string;
    kind: string;
    namespace?: string;
    selector?: JsonObject;
  }): Promise<JsonObject[]>;
}

/** Narrow collaborators injected into the engine; every one is optional and tests pass lambdas. */
export interface Collaborators {
  loader?: ContextLoader;
  /** Labels of a namespace, for `namespaceSelector` (undefined when unknown). */
  namespaceLabels?(namespace: string): Record<string, string> | undefined;
  /** Roles and ClusterRoles bound to the user, for `roles`/`clusterRoles` in match blocks. */
  userRoles?: UserRoles;
  /** Values that override context entries and variables (as the CLI's values file does). */
  values?: JsonObject;
  /** Clock for time_now*(); defaults to the real time. */
  now?(): Date;
}

export type { KObject, UserInfo };
