/**
 * The hub repository (issue 4, item 6): the Git repository holding the platform's desired state, its seed,
 * and the `platform` Application syncing it into the root cluster. `openHubRepository` and `installPlatformApp` are what
 * the hub runs on start; the portal codes against `HubRepository`.
 */
import type { ApiCore } from '../../apiserver/core.ts';
import { isAlreadyExists, isNotFound } from '../../apiserver/errors.ts';
import type { KObject } from '../../apiserver/types.ts';
import { InProcessClient } from '../../client/index.ts';
import { REFRESH_ANNOTATION } from '../../gitops/controller/index.ts';
import { installRuntime } from '../../gitops/runtime/install.ts';
import { parseAllDocuments } from 'yaml';
import { GitHubRepository } from './repository.ts';
import { PLATFORM_APP, PLATFORM_APP_NAMESPACE, platformApplication, seedFiles } from './platform.ts';

export { GitHubRepository, HubRepositoryError, DEFAULT_BRANCH, MARINA_AUTHOR, type HubRepository } from './repository.ts';
export { PLATFORM_APP, PLATFORM_APP_NAMESPACE, platformApplication, seedFiles } from './platform.ts';
export {
  TENANTS_NAMESPACE, PLATFORM_GROUP, PLATFORM_API_VERSION, HOSTED_RUNTIME_KIND, ENVIRONMENT_KIND,
  tenantClaimPath, environmentClaimPath, environmentClusterName, hostedRuntimeClaim, runtimeSecretName, invalidTenantName, RESERVED_TENANT_NAMES,
} from './tenants.ts';

const HUB_USER = { username: 'system:marina:hub', groups: ['system:masters', 'system:authenticated'] };
const FIELD_MANAGER = 'marina-hub';
const APP_REF = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace: PLATFORM_APP_NAMESPACE, name: PLATFORM_APP };

export interface HubRepoStartOptions {
  /** `--hub-repo`: an existing repository; default a new one at `<dataDir>/hub.git`. */
  url?: string;
  dataDir?: string;
}

/** Opens (creating and seeding when new) the hub repository; its commits refresh the `platform` Application. */
export async function openHubRepository(core: ApiCore, opts: HubRepoStartOptions): Promise<GitHubRepository> {
  const root = new InProcessClient(core, HUB_USER, FIELD_MANAGER).cluster('root');
  const refresh = async () => {
    await root.patch(APP_REF, 'merge', { metadata: { annotations: { [REFRESH_ANNOTATION]: 'normal' } } });
  };
  return GitHubRepository.open({ url: opts.url, dataDir: opts.dataDir, seed: seedFiles, refresh });
}

/**
 * Installs the GitOps runtime in root and the `platform` Application pointing at the repository. On a
 * brand-new repository the hub policies are also created at once, so they guard root before the first sync
 * (the Application then adopts them). Pushes to the hub's own repository refresh the Application at once.
 */
export async function installPlatformApp(core: ApiCore, repo: GitHubRepository, refresh?: (namespace: string, name: string) => void): Promise<void> {
  const root = new InProcessClient(core, HUB_USER, FIELD_MANAGER).cluster('root');
  // A direct trigger of the Application controller: unlike the annotation, two refreshes in a row are never merged into one.
  if (refresh) repo.refresh = async () => refresh(PLATFORM_APP_NAMESPACE, PLATFORM_APP);
  await installRuntime(core, 'root');
  const app = platformApplication(repo.url, repo.branch);
  const live = await root.get(APP_REF).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  if (!live) await root.create(app).catch((e) => (isAlreadyExists(e) ? undefined : Promise.reject(e)));
  else if (JSON.stringify((live.spec as { source?: unknown }).source) !== JSON.stringify((app.spec as { source?: unknown }).source)) {
    // Restarted with another --hub-repo: the platform follows the repository it was started with.
    await root.patch(APP_REF, 'merge', { spec: { source: (app.spec as { source: unknown }).source } });
  }
  if (repo.seeded) await installSeedPolicies(root, seedFiles());
  repo.watchPushes();
}

async function installSeedPolicies(root: ReturnType<InProcessClient['cluster']>, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    if (!path.startsWith('policies/') || !path.endsWith('.yaml')) continue;
    for (const doc of parseAllDocuments(text)) {
      const o = doc.toJS() as KObject;
      if (o?.kind) await root.create(o).catch((e) => (isAlreadyExists(e) ? undefined : Promise.reject(e)));
    }
  }
}
