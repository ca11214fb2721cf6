/**
 * The hub's own GitOps: the seed of a new hub repository (the shipped platform package, the hub policies,
 * an empty tenants/ folder) and the `platform` Application in root's `argocd` namespace that syncs the
 * repository into the root cluster, as the source document's `virtual-argocds` Application does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { KObject } from '../../apiserver/types.ts';
import { TENANTS_NAMESPACE } from './tenants.ts';

export const PLATFORM_APP = 'platform';
export const PLATFORM_APP_NAMESPACE = 'argocd';

/** The shipped files: `platform/package/` (the platform package) and `platform/policies/` (hub policies). */
const SHIPPED = fileURLToPath(new URL('../../../platform/', import.meta.url));

function filesUnder(dir: string, prefix: string, filter: (rel: string) => boolean = () => true): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else if (filter(r)) out[`${prefix}/${r}`] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

const TENANTS_README = `# tenants/

One file per tenant: \`<tenant>.yaml\` holds the tenant's \`HostedRuntime\` claim (apiVersion
\`platform.marina.io/v1alpha1\`, namespace \`${TENANTS_NAMESPACE}\`). Committing the file provisions the tenant's
logical cluster with its GitOps runtime, quota and default policies; deleting the file deprovisions all of it.

\`<tenant>/environments/<name>.yaml\` holds the tenant's \`Environment\` claims (namespace \`<tenant>\`).

The portal commits these files for you; you can also commit them by hand. See docs/platform.md.
`;

const ROOT_README = `# Marina hub repository

The platform's desired state, synced into the hub's root cluster by the Argo CD Application \`platform\`
(namespace \`argocd\` of the root cluster): directory recurse, automated prune and self-heal.

- \`platform/\`: the platform package: CompositeResourceDefinitions and Compositions (HostedRuntime, Environment).
- \`policies/\`: the hub's Kyverno ClusterPolicies.
- \`tenants/\`: one claim per tenant (see tenants/README.md).
`;

/** The files of a new hub repository's first commit. */
export function seedFiles(): Record<string, string> {
  return {
    'README.md': ROOT_README,
    ...filesUnder(join(SHIPPED, 'package'), 'platform'),
    ...filesUnder(join(SHIPPED, 'policies'), 'policies', (rel) => !rel.includes('/') && /\.ya?ml$/.test(rel)),
    'tenants/README.md': TENANTS_README,
  };
}

/** The hub's platform Application for a repository URL and branch. */
export function platformApplication(repoURL: string, branch: string): KObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: PLATFORM_APP, namespace: PLATFORM_APP_NAMESPACE },
    spec: {
      project: 'default',
      source: { repoURL, targetRevision: branch, path: '.', directory: { recurse: true } },
      destination: { server: 'https://kubernetes.default.svc', namespace: TENANTS_NAMESPACE },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // Claims wait for the CRDs their XRDs (wave -10) generate: no comparison error for a kind not served yet.
        // One claim per tenant: a sync applies only what is out of sync, not every tenant's claim again.
        syncOptions: ['CreateNamespace=true', 'SkipDryRunOnMissingResource=true', 'ApplyOutOfSyncOnly=true'],
        // Should a claim still be applied before its CRD is served, the retry applies it once it is.
        retry: { limit: -1, backoff: { duration: '1s', factor: 2, maxDuration: '30s' } },
      },
    },
  };
}
