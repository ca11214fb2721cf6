/**
 * A CRD's custom resources go with it: deleting the CRD deletes them, so a CRD created again starts empty.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type TestHub } from '../support/hub.ts';
import { api, httpBase } from '../support/api.ts';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'things.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'things', singular: 'thing', kind: 'Thing' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

describe('CRD lifecycle', () => {
  let t: TestHub;
  let base: string;
  let tok: string;
  const p = (s: string) => `/clusters/crds${s}`;
  before(async () => {
    t = await startHub();
    base = httpBase(t.hub.url);
    await t.cluster('crds');
    tok = await t.hub.adminToken('crds');
  });
  after(() => t.stop());

  it('deletes custom resources with their CRD', async () => {
    assert.equal((await api(base, 'POST', p('/apis/apiextensions.k8s.io/v1/customresourcedefinitions'), tok, crd)).status, 201);
    assert.equal((await api(base, 'POST', p('/apis/example.com/v1/namespaces/default/things'), tok, { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'a' } })).status, 201);
    assert.equal((await api(base, 'DELETE', p('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.example.com'), tok)).status, 200);
    assert.equal((await api(base, 'GET', p('/apis/example.com/v1/namespaces/default/things'), tok)).status, 404);
    await t.hub.settle();
    assert.equal((await api(base, 'POST', p('/apis/apiextensions.k8s.io/v1/customresourcedefinitions'), tok, crd)).status, 201);
    const list = await api(base, 'GET', p('/apis/example.com/v1/namespaces/default/things'), tok);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items, []);
  });
});
