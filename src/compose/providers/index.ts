/**
 * Marina's built-in Crossplane providers, reconciled by the hub itself in its root cluster:
 * provider-kubernetes' `Object` (and its ProviderConfig), provider-helm's `Release` (accepted, reported as
 * not installed), and Marina's own `VirtualCluster` and `GitOpsRuntime` (provider.marina.io).
 */
import type { ApiCore } from '../../apiserver/core.ts';
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';
import type { Authenticator } from '../../auth/authn.ts';
import { InProcessClient } from '../../client/index.ts';
import { SYSTEM_USER } from '../../controllers/system.ts';
import type { Store } from '../../storage/store.ts';
import { gitOpsRuntimeKind } from './gitopsruntime.ts';
import { ManagedController } from './managed.ts';
import { objectKind } from './object.ts';
import { ProviderConfigController } from './providerconfig.ts';
import { releaseKind } from './release.ts';
import { HelmRepoCache } from '../../gitops/render/helm/repo.ts';
import { Targets } from './target.ts';
import { Ticker } from './ticker.ts';
import { virtualClusterKind } from './virtualcluster.ts';

export { resolvePolicy, actionsOf, type Policy, type Action } from './policy.ts';
export { gate, act, FINALIZER, ANNOTATION_PAUSED, ANNOTATION_EXTERNAL_NAME } from './plan.ts';
export { objectReadiness } from './readiness.ts';
export { parseKubeconfig } from './kubeconfig.ts';
export { objectConnectionDetails, virtualClusterConnectionDetails } from './connection.ts';
export { releaseSpec, composeValues, splitRendered, releaseSecret, decodeReleaseSecret, releaseUpToDate } from './helmrelease.ts';
export { ANNOTATION_OWNER as ANNOTATION_VIRTUALCLUSTER_OWNER, clusterNameOf } from './virtualcluster.ts';
export { fieldOwner } from './object.ts';
export { FINALIZER_IN_USE } from './providerconfig.ts';

export interface ProvidersOptions {
  store: Store;
  core: ApiCore;
  authn: Authenticator;
  /** The hub's public URL (kubeconfig servers on it name logical clusters of this hub). */
  hubUrl: () => string;
  /** The shared poll for clusters outside the hub and for retrying errors (default 30 s). */
  pollMs?: number;
}

export interface Providers {
  stop(): void;
  idle(): Promise<void>;
}

/** Starts the provider controllers; returns them (each with stop() and idle()) for the hub to settle and stop. */
export async function startProviders(opts: ProvidersOptions): Promise<Providers[]> {
  const ticker = new Ticker(opts.pollMs ?? 30_000);
  const system = new InProcessClient(opts.core, SYSTEM_USER, 'marina-providers');
  const root = system.cluster(ROOT_CLUSTER);
  const targets = new Targets({ core: opts.core, authn: opts.authn, hubUrl: opts.hubUrl, userAgent: 'provider-kubernetes' });
  const helmTargets = new Targets({ core: opts.core, authn: opts.authn, hubUrl: opts.hubUrl, userAgent: 'provider-helm' });
  const charts = new HelmRepoCache({ timeoutMs: 30_000 });
  const controllers = [
    new ManagedController(opts.store, opts.core, virtualClusterKind(root, opts.authn), ticker),
    new ManagedController(opts.store, opts.core, gitOpsRuntimeKind(root, system), ticker),
    new ManagedController(opts.store, opts.core, objectKind(targets, root, opts.authn), ticker),
    new ManagedController(opts.store, opts.core, releaseKind(helmTargets, root, opts.authn, charts), ticker),
    new ProviderConfigController(opts.store, opts.core, { resource: 'kubernetes.crossplane.io/providerconfigs', users: 'kubernetes.crossplane.io/objects' }),
    new ProviderConfigController(opts.store, opts.core, { resource: 'helm.crossplane.io/providerconfigs', users: 'helm.crossplane.io/releases' }),
  ];
  for (const c of controllers) await c.start();
  const shutdown = {
    stop() {
      ticker.stop();
      targets.close();
      helmTargets.close();
    },
    idle: () => Promise.resolve(),
  };
  return [...controllers, shutdown];
}
