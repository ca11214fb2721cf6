/**
 * The kubecon-eu-2023-demo example, loaded unchanged: the customer1 claim binds to a composite X and
 * renders the four composed resources Crossplane produces, with the ProviderConfig name flowing back
 * into the composite's status and, on the next reconcile, into the Argo CD Release.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { validateCRD } from '../apiserver/schema/index.ts';
import { compositeForClaim, claimStatusFromComposite, crdsForXRD, renderComposition } from './index.ts';

const dir = new URL('../../../shared/examples/kubecon-eu-2023-demo/', import.meta.url);
const load = (p: string) => parse(readFileSync(new URL(p, dir), 'utf8'));
const xrd = load('crossplane-resources/xvirtualargocd/definition.yaml');
const composition = load('crossplane-resources/xvirtualargocd/composition.yaml');
const claim = { ...load('virtualargocds/customer1.yaml'), metadata: { ...load('virtualargocds/customer1.yaml').metadata, namespace: 'crossplane-system' } };
const X = 'customer1-x7k2p';

test('the example XRD yields valid composite and claim CRDs', () => {
  const { composite, claim: claimCRD } = crdsForXRD(xrd);
  assert.deepEqual(validateCRD(composite), []);
  assert.ok(claimCRD);
  assert.deepEqual(validateCRD(claimCRD), []);
  assert.equal(composite.metadata.name, 'xvirtualargocds.demo.codefresh.io');
  assert.equal(claimCRD.metadata.name, 'virtualargocds.demo.codefresh.io');
});

test('customer1 renders the four composed resources Crossplane produces, over two reconciles', () => {
  const xr = compositeForClaim(claim, xrd, (prefix) => `${prefix}x7k2p`);
  assert.equal(xr.metadata.name, X);
  assert.equal(xr.apiVersion, 'demo.codefresh.io/v1alpha1');
  assert.equal(xr.kind, 'XVirtualArgoCD');
  assert.deepEqual(xr.spec.claimRef, { apiVersion: 'demo.codefresh.io/v1alpha1', kind: 'VirtualArgoCD', namespace: 'crossplane-system', name: 'customer1' });

  // Reconcile 1: nothing observed yet. Crossplane applies every resource, then runs ToComposite patches
  // against the applied objects: the ProviderConfig's name lands in the composite's status.
  const first = renderComposition({ composite: xr, composition, names: (p) => `${p}zzzzz` });
  assert.deepEqual(first.errors, []);
  const byName = (r: typeof first) => Object.fromEntries(r.composed.map((c) => [c.name, c.resource]));
  const one = byName(first);
  assert.deepEqual(Object.keys(one), ['vcluster', 'observe-delete-namespace', 'provider-config-helm-vcluster', 'argocd-on-vcluster']);
  assert.equal(one.vcluster.metadata.name, `${X}-vcluster`);
  assert.equal(one.vcluster.spec.forProvider.namespace, X);
  assert.equal(one.vcluster.spec.forProvider.values.syncer.extraArgs[1], `--out-kube-config-server=https://${X}-vcluster.${X}.svc.cluster.local`);
  assert.equal(one.vcluster.spec.forProvider.values.syncer.extraArgs[2], `--tls-san=${X}-vcluster.${X}.svc.cluster.local`);
  assert.equal(one['provider-config-helm-vcluster'].metadata.name, X);
  assert.equal(one['provider-config-helm-vcluster'].spec.credentials.secretRef.namespace, X);
  assert.equal(one['observe-delete-namespace'].metadata.name, X);
  assert.equal(one['argocd-on-vcluster'].metadata.name, `${X}-argocd`);
  assert.equal(one['argocd-on-vcluster'].spec.providerConfigRef.name, 'vcluster-test-helm-provider', 'status not yet known');
  assert.deepEqual(one['argocd-on-vcluster'].spec.forProvider.values, {});
  for (const [name, r] of Object.entries(one)) {
    assert.equal(r.metadata.generateName, `${X}-`);
    assert.equal(r.metadata.labels['crossplane.io/composite'], X);
    assert.equal(r.metadata.labels['crossplane.io/claim-name'], 'customer1');
    assert.equal(r.metadata.labels['crossplane.io/claim-namespace'], 'crossplane-system');
    assert.equal(r.metadata.annotations['crossplane.io/composition-resource-name'], name);
    assert.equal(r.metadata.ownerReferences[0].name, X);
    assert.equal(r.metadata.ownerReferences[0].controller, true);
  }
  assert.deepEqual(first.compositeStatusPatches, [{ resource: 'provider-config-helm-vcluster', fieldPath: 'status.vcluster.helmProviderName', value: X }]);
  assert.equal(first.composite.status.vcluster.helmProviderName, X);
  assert.equal(first.conditions.find((c) => c.type === 'Synced')?.status, 'True');
  assert.equal(first.conditions.find((c) => c.type === 'Ready')?.reason, 'Creating');

  // Reconcile 2: the composite carries the status; observed resources exist (and report Ready).
  const observed = Object.fromEntries(
    first.composed.map((c) => [c.name, { ...c.resource, status: { conditions: [{ type: 'Ready', status: 'True' }] } }]),
  );
  const second = renderComposition({ composite: first.composite, composition, observed });
  const two = byName(second);
  assert.equal(two['argocd-on-vcluster'].spec.providerConfigRef.name, X);
  assert.equal(two['argocd-on-vcluster'].metadata.name, `${X}-argocd`);
  assert.equal(two.vcluster.metadata.name, `${X}-vcluster`);
  assert.equal(second.conditions.find((c) => c.type === 'Ready')?.status, 'True');

  const bound = claimStatusFromComposite(claim, second.composite);
  assert.equal(bound.resourceRef.name, X);
  assert.equal(bound.status.vcluster.helmProviderName, X);
  assert.equal(bound.status.conditions.find((c: { type: string }) => c.type === 'Ready').status, 'True');
});
