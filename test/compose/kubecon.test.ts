/**
 * The kubecon-eu-2023-demo example end to end: its XRD, Composition and customer1 claim applied unchanged
 * with kubectl 1.33 to the hub's root cluster yield the composite and composed resources Crossplane
 * produces; deleting the claim removes all of them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { condition, kubectlAs, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { waitFor } from '../gitops/support.ts';
import { FINALIZER_CLAIM } from '../../src/compose/controller/index.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
const example = fileURLToPath(new URL('../../../shared/examples/kubecon-eu-2023-demo/', import.meta.url));
const NS = 'crossplane-system';
let t: TestHub;
let kc: string;

before(async () => {
  t = await startHub();
  kc = await t.kubeconfig('root');
});
after(async () => t?.stop());

const { run, apply, getJson, exists } = kubectlAs(bin, () => kc);

test('customer1 composes what Crossplane composes, and deleting the claim removes it all', async () => {
  await run(['apply', '-f', `${example}crossplane-resources/xvirtualargocd/definition.yaml`]);
  await run(['apply', '-f', `${example}crossplane-resources/xvirtualargocd/composition.yaml`]);
  const xrd = await waitFor('the XRD to be established and offered', async () => {
    const x = await getJson(['compositeresourcedefinition', 'xvirtualargocds.demo.codefresh.io']);
    const ok = (type: string) => x.status?.conditions?.some((c: any) => c.type === type && c.status === 'True');
    return ok('Established') && ok('Offered') ? x : undefined;
  }, 10_000);
  assert.deepEqual(xrd.status.conditions.find((c: any) => c.type === 'Established').reason, 'WatchingCompositeResource');
  await getJson(['crd', 'xvirtualargocds.demo.codefresh.io']);
  await getJson(['crd', 'virtualargocds.demo.codefresh.io']);

  // The example's provider-kubernetes ProviderConfig (InjectedIdentity: the hub's root cluster), which its Object uses.
  await run(['apply', '-f', `${example}crossplane-resources/kubernetes-provider/provider-config-kubernetes.yaml`]);
  // The hub's platform package ships crossplane-system (as installing Crossplane does); its first sync creates it.
  await waitFor('namespace crossplane-system', () => exists(['namespace', NS]), 10_000);
  await run(['apply', '-n', NS, '-f', `${example}virtualargocds/customer1.yaml`]);

  const claim = await waitFor('the claim to bind', async () => {
    const c = await getJson(['-n', NS, 'virtualargocd', 'customer1']);
    return c.spec.resourceRef?.name ? c : undefined;
  }, 10_000);
  const X: string = claim.spec.resourceRef.name;
  assert.match(X, /^customer1-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.deepEqual(claim.metadata.finalizers, [FINALIZER_CLAIM]);

  const xr = await waitFor('helmProviderName in the composite status', async () => {
    const x = await getJson(['xvirtualargocd', X]);
    return x.status?.vcluster?.helmProviderName === X ? x : undefined;
  }, 10_000);
  assert.deepEqual(xr.spec.claimRef, { apiVersion: 'demo.codefresh.io/v1alpha1', kind: 'VirtualArgoCD', namespace: NS, name: 'customer1' });
  assert.equal(xr.spec.compositionRef.name, 'virtualargocd');
  assert.deepEqual(xr.spec.resourceRefs.map((r: any) => `${r.kind}/${r.name}`), [`Release/${X}-vcluster`, `Object/${X}`, `ProviderConfig/${X}`, `Release/${X}-argocd`]);

  const vcluster = await getJson(['releases.helm.crossplane.io', `${X}-vcluster`]);
  assert.equal(vcluster.spec.forProvider.namespace, X);
  assert.equal(vcluster.spec.forProvider.values.syncer.extraArgs[1], `--out-kube-config-server=https://${X}-vcluster.${X}.svc.cluster.local`);
  assert.equal(vcluster.metadata.labels['crossplane.io/composite'], X);
  assert.equal(vcluster.metadata.ownerReferences[0].uid, xr.metadata.uid);

  const pc = await getJson(['providerconfigs.helm.crossplane.io', X]);
  assert.equal(pc.spec.credentials.secretRef.namespace, X);

  const argocd = await waitFor('the Argo CD Release to use the ProviderConfig', async () => {
    const r = await getJson(['releases.helm.crossplane.io', `${X}-argocd`]);
    return r.spec.providerConfigRef.name === X ? r : undefined;
  }, 10_000);
  assert.equal(argocd.spec.forProvider.namespace, 'argocd');

  const obj = await getJson(['objects.kubernetes.crossplane.io', X]);
  assert.equal(obj.spec.forProvider.manifest.kind, 'Namespace');

  // The built-in providers: the ObserveDelete Object observes the Namespace (it does not exist in root: nothing is
  // created, no error). The Releases are installed for real by Marina's Helm engine, so they end in a clear
  // ReconcileError: the vcluster chart's repository is on the internet (unreachable from the tests, or whatever
  // it answers, the fake vcluster never produces the kubeconfig secret the Argo CD Release's ProviderConfig
  // reads). So the composite and the claim never report Ready.
  await t.hub.settle();
  const observed = await waitFor('the Object to be reconciled', async () => {
    const o = await getJson(['objects.kubernetes.crossplane.io', X]);
    return condition(o, 'Synced') ? o : undefined;
  }, 10_000);
  assert.deepEqual([condition(observed, 'Synced').status, condition(observed, 'Synced').reason], ['True', 'ReconcileSuccess']);
  assert.equal(await exists(['namespace', X]), false);
  const release = await waitFor('the vcluster Release condition', async () => {
    const r = await getJson(['releases.helm.crossplane.io', `${X}-vcluster`]);
    return condition(r, 'Synced') ? r : undefined;
  }, 60_000);
  assert.equal(condition(release, 'Synced').status, 'False');
  assert.equal(condition(release, 'Synced').reason, 'ReconcileError');
  // Its ProviderConfig "default" does not exist until someone creates it; with one, the chart fetch is what fails.
  assert.match(condition(release, 'Synced').message, /^connect failed: cannot get ProviderConfig: .*"default".* not found/);
  await apply({ apiVersion: 'helm.crossplane.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'default' }, spec: { credentials: { source: 'InjectedIdentity' } } });
  const fetched = await waitFor('the vcluster Release to try the repository', async () => {
    const r = await getJson(['releases.helm.crossplane.io', `${X}-vcluster`]);
    return condition(r, 'Synced')?.message?.startsWith('create failed:') ? r : undefined;
  }, 60_000);
  assert.equal(condition(fetched, 'Synced').reason, 'ReconcileError');
  assert.match(condition(fetched, 'Synced').message, /^create failed: failed to install release: failed to pull chart: (failed to fetch https:\/\/charts\.loft\.sh\/index\.yaml|chart "vcluster" version "0\.14\.0")/);
  const argo = await waitFor('the Argo CD Release condition', async () => {
    const r = await getJson(['releases.helm.crossplane.io', `${X}-argocd`]);
    return condition(r, 'Synced') ? r : undefined;
  }, 10_000);
  assert.equal(condition(argo, 'Synced').reason, 'ReconcileError');
  assert.match(condition(argo, 'Synced').message, new RegExp(`^connect failed: cannot create new Kubernetes client: cannot get credentials secret ${X}/vcluster-kubeconfig`));
  const bound = await getJson(['-n', NS, 'virtualargocd', 'customer1']);
  assert.equal(condition(bound, 'Synced')?.status, 'True');
  assert.equal(condition(bound, 'Ready')?.reason, 'Creating');
  assert.equal(bound.status.vcluster.helmProviderName, X);
  const settled = await getJson(['xvirtualargocd', X]);
  assert.equal(condition(settled, 'Synced')?.status, 'True');
  assert.equal(condition(settled, 'Ready')?.status, 'False');

  await run(['delete', '-n', NS, 'virtualargocd', 'customer1', '--timeout=20s']);
  const composed = [['xvirtualargocd', X], ['releases.helm.crossplane.io', `${X}-vcluster`], ['releases.helm.crossplane.io', `${X}-argocd`], ['providerconfigs.helm.crossplane.io', X], ['objects.kubernetes.crossplane.io', X]];
  for (const args of composed) await waitFor(`${args.join(' ')} to be gone`, async () => !(await exists(args)), 10_000);
  assert.equal(await exists(['-n', NS, 'virtualargocd', 'customer1']), false);
});
