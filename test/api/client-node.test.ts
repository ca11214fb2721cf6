/**
 * @kubernetes/client-node as a second real client: an informer on a custom resource sees add, update
 * and delete in order, through TLS and bearer-token authentication.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startHub, type TestHub } from '../support/hub.ts';

describe('@kubernetes/client-node', () => {
  let t: TestHub;
  let kc: k8s.KubeConfig;
  before(async () => {
    t = await startHub();
    await t.cluster('informers');
    kc = new k8s.KubeConfig();
    kc.loadFromString(await t.hub.kubeconfig('informers'));
  });
  after(() => t.stop());

  it('an informer on a CRD sees add, update and delete in order', async () => {
    const ext = kc.makeApiClient(k8s.ApiextensionsV1Api);
    await ext.createCustomResourceDefinition({
      body: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { color: { type: 'string' } } } } } } }],
        },
      },
    });
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const path = '/apis/example.com/v1/namespaces/default/gadgets';
    const informer = k8s.makeInformer(kc, path, () => custom.listNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'default', plural: 'gadgets' }) as never);
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      const note = (type: string) => (o: k8s.KubernetesObject) => {
        seen.push(`${type} ${o.metadata!.name} ${(o as any).spec?.color ?? ''}`.trim());
        if (type === 'delete') resolve();
      };
      informer.on('add', note('add'));
      informer.on('update', note('update'));
      informer.on('delete', note('delete'));
    });
    await informer.start();
    const body = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { color: 'red' } };
    await custom.createNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'default', plural: 'gadgets', body });
    await waitFor(() => seen.length >= 1);
    await custom.patchNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'default', plural: 'gadgets', name: 'g1', body: { spec: { color: 'blue' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    await waitFor(() => seen.length >= 2);
    await custom.deleteNamespacedCustomObject({ group: 'example.com', version: 'v1', namespace: 'default', plural: 'gadgets', name: 'g1' });
    await Promise.race([done, new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out; seen ${seen.join(', ')}`)), 5000))]);
    await informer.stop();
    assert.deepEqual(seen, ['add g1 red', 'update g1 blue', 'delete g1 blue']);
    assert.equal(informer.list('default').length, 0);
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
