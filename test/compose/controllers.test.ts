/**
 * The composition controllers through the in-process client: readiness flowing from composed resources to
 * the composite and claim, connection details reaching the claim's secret, composition selection failures
 * as conditions, and an XRD's deletion taking its claims, composites and CRDs with it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessClient, type ClusterClient } from '../../src/client/index.ts';
import { SYSTEM_USER } from '../../src/controllers/system.ts';
import type { KObject } from '../../src/apiserver/types.ts';
import { startHub, type TestHub } from '../support/hub.ts';

let t: TestHub;
let root: ClusterClient;

const XRD = { apiVersion: 'apiextensions.crossplane.io/v1', kind: 'CompositeResourceDefinition' };
const xrd = {
  ...XRD,
  metadata: { name: 'xbuckets.ex.org' },
  spec: {
    group: 'ex.org',
    names: { kind: 'XBucket', plural: 'xbuckets' },
    claimNames: { kind: 'Bucket', plural: 'buckets' },
    connectionSecretKeys: ['endpoint'],
    versions: [{ name: 'v1', served: true, referenceable: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'string' } } } } } } }],
  },
};
const composition = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'apiextensions.crossplane.io/v1',
  kind: 'Composition',
  metadata: { name, labels },
  spec: {
    compositeTypeRef: { apiVersion: 'ex.org/v1', kind: 'XBucket' },
    resources: [
      {
        name: 'object',
        base: { apiVersion: 'kubernetes.crossplane.io/v1alpha2', kind: 'Object', spec: { forProvider: { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default' } } } } },
        patches: [{ type: 'FromCompositeFieldPath', fromFieldPath: 'spec.size', toFieldPath: 'spec.forProvider.manifest.data.size' }],
        connectionDetails: [{ name: 'endpoint', value: 'https://bucket.example' }, { name: 'dropped', value: 'not in connectionSecretKeys' }],
      },
    ],
  },
});

const CLAIM = { apiVersion: 'ex.org/v1', kind: 'Bucket' };
const cond = (o: KObject | undefined, type: string) => ((o?.status as any)?.conditions ?? []).find((c: any) => c.type === type);
const get = (ref: Parameters<ClusterClient['get']>[0]) => root.get(ref).catch(() => undefined);

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  t = await startHub();
  root = new InProcessClient(t.hub.core, SYSTEM_USER).cluster('root');
  // The composed Objects use the `default` ProviderConfig: without one, as in Crossplane, they could never be deleted.
  await root.create({ apiVersion: 'kubernetes.crossplane.io/v1alpha1', kind: 'ProviderConfig', metadata: { name: 'default' }, spec: { credentials: { source: 'InjectedIdentity' } } } as KObject);
  await root.create(xrd as KObject);
  await waitFor('the claim CRD', () => root.resourceFor('ex.org/v1', 'Bucket'));
});
after(async () => t?.stop());

test('without a Composition the composite reports why; one appearing composes it; readiness and the connection secret reach the claim', async () => {
  await root.create({ ...CLAIM, metadata: { name: 'b1', namespace: 'default' }, spec: { size: '10Gi', writeConnectionSecretToRef: { name: 'b1-conn' } } } as KObject);
  const bound = await waitFor('binding', async () => ((await get({ ...CLAIM, namespace: 'default', name: 'b1' }))?.spec as any)?.resourceRef?.name as string | undefined);
  const xrRef = { apiVersion: 'ex.org/v1', kind: 'XBucket', name: bound };
  const unsynced = await waitFor('Synced=False', async () => {
    const x = await get(xrRef);
    return cond(x, 'Synced')?.status === 'False' ? x : undefined;
  });
  assert.equal(cond(unsynced, 'Synced').reason, 'ReconcileError');
  assert.match(cond(unsynced, 'Synced').message, /no Composition composes XBucket/);

  await root.create(composition('buckets') as KObject);
  const xr = await waitFor('composed', async () => {
    const x = await get(xrRef);
    return ((x?.spec as any)?.resourceRefs ?? []).length === 1 ? x : undefined;
  });
  const ref = (xr.spec as any).resourceRefs[0];
  assert.equal(ref.kind, 'Object');
  assert.match(ref.name, new RegExp(`^${bound}-[a-z0-9]{5}$`));
  const object = await root.get(ref);
  assert.equal((object.spec as any).forProvider.manifest.data.size, '10Gi');

  // The built-in provider-kubernetes applies the ConfigMap (InjectedIdentity: the root cluster) and marks the
  // Object Ready. The composite and then the claim follow.
  await waitFor('the Object Ready', async () => cond(await get(ref), 'Ready')?.status === 'True');
  const applied = await root.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: ref.name });
  assert.equal((applied as any).data.size, '10Gi');
  await waitFor('the claim Ready', async () => cond(await get({ ...CLAIM, namespace: 'default', name: 'b1' }), 'Ready')?.status === 'True');
  assert.equal(cond(await root.get(xrRef), 'Ready').reason, 'Available');

  const secret = await waitFor('the claim connection secret', () => get({ apiVersion: 'v1', kind: 'Secret', namespace: 'default', name: 'b1-conn' }));
  const data = Object.fromEntries(Object.entries((secret as any).data).map(([k, v]) => [k, Buffer.from(v as string, 'base64').toString()]));
  assert.deepEqual(data, { endpoint: 'https://bucket.example' });

  // The claim's spec flows to the composite and on to the composed resource.
  const claim = await root.get({ ...CLAIM, namespace: 'default', name: 'b1' });
  await root.update({ ...claim, spec: { ...(claim.spec as any), size: '20Gi' } });
  await waitFor('the new size composed', async () => ((await get(ref))?.spec as any)?.forProvider?.manifest?.data?.size === '20Gi');
});

test('a compositionSelector picks among several Compositions', async () => {
  await root.create(composition('buckets-gold', { tier: 'gold' }) as KObject);
  await root.create({ ...CLAIM, metadata: { name: 'b2', namespace: 'default' }, spec: { size: '1Gi', compositionSelector: { matchLabels: { tier: 'gold' } } } } as KObject);
  const xr = await waitFor('selected', async () => {
    const name = ((await get({ ...CLAIM, namespace: 'default', name: 'b2' }))?.spec as any)?.resourceRef?.name;
    const x = name ? await get({ apiVersion: 'ex.org/v1', kind: 'XBucket', name }) : undefined;
    return (x?.spec as any)?.compositionRef?.name ? x : undefined;
  });
  assert.equal((xr.spec as any).compositionRef.name, 'buckets-gold');
});

test('deleting the XRD deletes its claims, composites, composed resources and CRDs', async () => {
  await root.delete({ ...XRD, name: 'xbuckets.ex.org' });
  await waitFor('the XRD gone', async () => !(await get({ ...XRD, name: 'xbuckets.ex.org' })));
  const crd = (name: string) => get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name });
  assert.equal(await crd('xbuckets.ex.org'), undefined);
  assert.equal(await crd('buckets.ex.org'), undefined);
  await waitFor('composed Objects gone', async () => (await root.list({ apiVersion: 'kubernetes.crossplane.io/v1alpha2', kind: 'Object' })).items.length === 0);
});
