/** Where tenants' claims live in the hub repository, and what a HostedRuntime claim looks like. Pure. */
import type { KObject } from '../../apiserver/types.ts';

/** The root cluster's namespace holding every HostedRuntime claim (the platform Application's destination namespace). */
export const TENANTS_NAMESPACE = 'tenants';
export const PLATFORM_GROUP = 'platform.marina.io';
export const PLATFORM_API_VERSION = `${PLATFORM_GROUP}/v1alpha1`;
export const HOSTED_RUNTIME_KIND = 'HostedRuntime';
export const ENVIRONMENT_KIND = 'Environment';

/** Names of root's own namespaces (a tenant gets a namespace of its name in root): the hub policy platform-names denies them too. */
export const RESERVED_TENANT_NAMES = ['root', 'default', 'kube-system', 'kube-public', 'kube-node-lease', 'argocd', 'tenants', 'crossplane-system'];
const RESERVED = RESERVED_TENANT_NAMES;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A tenant name is a DNS label (it names a logical cluster): the reason when it is not one. */
export function invalidTenantName(tenant: string): string | undefined {
  if (typeof tenant !== 'string' || !tenant) return 'tenant name must not be empty';
  if (tenant.length > 63) return `tenant name ${JSON.stringify(tenant)} must be no more than 63 characters`;
  if (!DNS_LABEL.test(tenant)) return `tenant name ${JSON.stringify(tenant)} must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`;
  if (RESERVED.includes(tenant)) return `tenant name ${JSON.stringify(tenant)} is reserved for the hub`;
  if (tenant.includes('--')) return `tenant name ${JSON.stringify(tenant)} must not contain "--" (it separates tenant and environment in cluster names)`;
  return undefined;
}

function checked(tenant: string): string {
  const bad = invalidTenantName(tenant);
  if (bad) throw new Error(bad);
  return tenant;
}

/** The claim file of a tenant's hosted runtime: `tenants/<tenant>.yaml`. */
export function tenantClaimPath(tenant: string): string {
  return `tenants/${checked(tenant)}.yaml`;
}

/** The Environment claim files of a tenant: `tenants/<tenant>/environments/<name>.yaml`. */
export function environmentClaimPath(tenant: string, name: string): string {
  const bad = invalidTenantName(name)?.replace('tenant name', 'environment name');
  if (bad && !RESERVED.includes(name)) throw new Error(bad);
  return `tenants/${checked(tenant)}/environments/${name}.yaml`;
}

/** The logical cluster of a tenant's environment: `<tenant>--<environment>` (neither name contains "--"). */
export const environmentClusterName = (tenant: string, name: string) => `${tenant}--${name}`;

/** The connection secret (in TENANTS_NAMESPACE) a tenant's HostedRuntime claim writes its kubeconfig to. */
export const runtimeSecretName = (tenant: string) => `${tenant}-kubeconfig`;

/**
 * A HostedRuntime claim named after the tenant in TENANTS_NAMESPACE; `params` become `spec.parameters`
 * (see platform/package/hosted-runtime/definition.yaml: `size`, `quota`, `policies`).
 */
export function hostedRuntimeClaim(tenant: string, params?: Record<string, unknown>): KObject {
  checked(tenant);
  return {
    apiVersion: PLATFORM_API_VERSION,
    kind: HOSTED_RUNTIME_KIND,
    metadata: { name: tenant, namespace: TENANTS_NAMESPACE },
    spec: {
      ...(params && Object.keys(params).length ? { parameters: structuredClone(params) } : {}),
      writeConnectionSecretToRef: { name: runtimeSecretName(tenant) },
    },
  };
}
