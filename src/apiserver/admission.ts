/**
 * Admission: the hook every write passes through after decoding and before storage, in the order
 * upstream uses (mutating plugins, then schema and kind validation, then validating plugins). The
 * policy engine registers here; so do Marina's own built-in plugins.
 */
import type { ResourceType } from './resource.ts';
import type { KObject, UserInfo } from './types.ts';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionRequest {
  cluster: string;
  operation: Operation;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The incoming object (for CREATE/UPDATE); mutating plugins return a replacement. */
  object?: KObject;
  oldObject?: KObject;
  user: UserInfo;
  dryRun: boolean;
}

export interface AdmissionResult {
  /** A mutated object replacing `request.object`. */
  object?: KObject;
  warnings?: string[];
}

export interface AdmissionPlugin {
  readonly name: string;
  /** Throw a StatusError to deny. */
  mutate?(req: AdmissionRequest): Promise<AdmissionResult | void>;
  validate?(req: AdmissionRequest): Promise<AdmissionResult | void>;
}
