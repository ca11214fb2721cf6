/**
 * Tenant isolation: objects, CRDs, watches and tokens of one logical cluster are invisible to another.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type TestHub } from '../support/hub.ts';
import { api, httpBase, watchEvents } from '../support/api.ts';

const widgetCRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
  },
};

describe('tenant isolation', () => {
  let t: TestHub;
  let base: string;
  let tokA: string;
  let tokB: string;
  before(async () => {
    t = await startHub();
    base = httpBase(t.hub.url);
    await t.cluster('tenant-a');
    await t.cluster('tenant-b');
    tokA = await t.hub.adminToken('tenant-a');
    tokB = await t.hub.adminToken('tenant-b');
  });
  after(() => t.stop());

  it('rejects missing, malformed and foreign tokens with 401 and no data', async () => {
    for (const tok of [undefined, 'garbage', tokA]) {
      const r = await api(base, 'GET', '/clusters/tenant-b/api/v1/namespaces', tok);
      assert.equal(r.status, 401, `token ${String(tok).slice(0, 10)}`);
      assert.equal(r.body.kind, 'Status');
      assert.equal(r.body.reason, 'Unauthorized');
      assert.equal(r.body.items, undefined);
    }
    const ok = await api(base, 'GET', '/clusters/tenant-b/api/v1/namespaces', tokB);
    assert.equal(ok.status, 200);
  });

  it('keeps objects of one cluster out of another', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'secret-plans' }, data: { plan: 'a' } };
    assert.equal((await api(base, 'POST', '/clusters/tenant-a/api/v1/namespaces/default/configmaps', tokA, cm)).status, 201);
    const b = await api(base, 'GET', '/clusters/tenant-b/api/v1/namespaces/default/configmaps/secret-plans', tokB);
    assert.equal(b.status, 404);
    const list = await api(base, 'GET', '/clusters/tenant-b/api/v1/configmaps', tokB);
    assert.deepEqual(list.body.items.map((o: any) => o.metadata.name), []);
    // The same name can exist independently in the other cluster.
    assert.equal((await api(base, 'POST', '/clusters/tenant-b/api/v1/namespaces/default/configmaps', tokB, { ...cm, data: { plan: 'b' } })).status, 201);
    const a = await api(base, 'GET', '/clusters/tenant-a/api/v1/namespaces/default/configmaps/secret-plans', tokA);
    assert.equal(a.body.data.plan, 'a');
  });

  it('keeps CRDs per cluster', async () => {
    assert.equal((await api(base, 'POST', '/clusters/tenant-a/apis/apiextensions.k8s.io/v1/customresourcedefinitions', tokA, widgetCRD)).status, 201);
    const discA = await api(base, 'GET', '/clusters/tenant-a/apis', tokA);
    const discB = await api(base, 'GET', '/clusters/tenant-b/apis', tokB);
    assert.ok(discA.body.groups.some((g: any) => g.name === 'example.com'));
    assert.ok(!discB.body.groups.some((g: any) => g.name === 'example.com'));
    const w = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } };
    assert.equal((await api(base, 'POST', '/clusters/tenant-a/apis/example.com/v1/namespaces/default/widgets', tokA, w)).status, 201);
    assert.equal((await api(base, 'POST', '/clusters/tenant-b/apis/example.com/v1/namespaces/default/widgets', tokB, w)).status, 404);
    assert.equal((await api(base, 'GET', '/clusters/tenant-b/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com', tokB)).status, 404);
  });

  it('delivers watch events only to watchers of the same cluster', async () => {
    const rv = (await api(base, 'GET', '/clusters/tenant-b/api/v1/namespaces/default/configmaps', tokB)).body.metadata.resourceVersion;
    const watching = watchEvents(`${base}/clusters/tenant-b/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, tokB, (e) => e.length >= 1, 1500);
    await new Promise((r) => setTimeout(r, 100));
    await api(base, 'POST', '/clusters/tenant-a/api/v1/namespaces/default/configmaps', tokA, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'only-a' } });
    await api(base, 'POST', '/clusters/tenant-b/api/v1/namespaces/default/configmaps', tokB, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'only-b' } });
    const events = await watching;
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED only-b']);
  });

  it('binds service-account tokens to their cluster and account', async () => {
    await api(base, 'POST', '/clusters/tenant-a/api/v1/namespaces/default/serviceaccounts', tokA, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bot' } });
    const tr = await api(base, 'POST', '/clusters/tenant-a/api/v1/namespaces/default/serviceaccounts/bot/token', tokA, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    assert.equal(tr.status, 201);
    const sa = tr.body.status.token as string;
    // Authenticated in its own cluster but without RBAC grants: 403, not data.
    const own = await api(base, 'GET', '/clusters/tenant-a/api/v1/namespaces/default/configmaps', sa);
    assert.equal(own.status, 403);
    assert.match(own.body.message, /User "system:serviceaccount:default:bot" cannot list resource "configmaps"/);
    assert.equal((await api(base, 'GET', '/clusters/tenant-b/api/v1/namespaces/default/configmaps', sa)).status, 401);
    // Deleting the account revokes its tokens.
    await api(base, 'DELETE', '/clusters/tenant-a/api/v1/namespaces/default/serviceaccounts/bot', tokA);
    assert.equal((await api(base, 'GET', '/clusters/tenant-a/api/v1/namespaces/default/configmaps', sa)).status, 401);
  });

  it('invalidates tokens of a deleted cluster even if its name is reused', async () => {
    await t.cluster('short-lived');
    const old = await t.hub.adminToken('short-lived');
    const root = await t.hub.adminToken('root');
    assert.equal((await api(base, 'DELETE', '/clusters/root/apis/core.marina.io/v1alpha1/logicalclusters/short-lived', root)).status, 200);
    await t.hub.settle();
    await t.cluster('short-lived');
    assert.equal((await api(base, 'GET', '/clusters/short-lived/api/v1/namespaces', old)).status, 401);
    assert.equal((await api(base, 'GET', '/clusters/short-lived/api/v1/namespaces', await t.hub.adminToken('short-lived'))).status, 200);
  });
});
