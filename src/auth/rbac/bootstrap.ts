/**
 * The default ClusterRoles and ClusterRoleBindings every new cluster gets (a user-facing subset of
 * upstream's bootstrappolicy), kept as data in bootstrap.yaml. Aggregated roles come back already
 * filled in, so the policy is usable before any aggregation controller runs.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { clone } from '../../apiserver/types.ts';
import { aggregateClusterRoles } from './aggregate.ts';
import type { ClusterRole, ClusterRoleBinding } from './types.ts';

export interface BootstrapPolicy {
  clusterRoles: ClusterRole[];
  clusterRoleBindings: ClusterRoleBinding[];
}

let cached: BootstrapPolicy | undefined;

function load(): BootstrapPolicy {
  const text = readFileSync(new URL('./bootstrap.yaml', import.meta.url), 'utf8');
  const docs = parseAllDocuments(text).map((d) => d.toJS() as { kind: string });
  const clusterRoles = docs.filter((d) => d.kind === 'ClusterRole') as unknown as ClusterRole[];
  const clusterRoleBindings = docs.filter((d) => d.kind === 'ClusterRoleBinding') as unknown as ClusterRoleBinding[];
  return { clusterRoles: aggregateClusterRoles(clusterRoles), clusterRoleBindings };
}

/** A fresh copy each call: callers may store and mutate what they get. */
export function bootstrapPolicy(): BootstrapPolicy {
  cached ??= load();
  return clone(cached);
}
