import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crdOpenAPIV3 } from './openapi-crd.ts';
import { builtinOpenAPIV3, openAPIV3GroupVersions, openAPIV3Hash, openAPIV3Root } from './openapi-v3.ts';
import { loadCases, loadCRD } from './testing.ts';

type Obj = Record<string, any>;
interface Case {
  name: string;
  doc: string | { group: string; version: string; crds: string[] };
  path: string;
  method: string;
  operationId: string;
  gvk: Obj;
  action: string;
  query: string[];
  pathParams: string[];
  requestTypes?: string[];
  response: Record<string, string>;
}

const docFor = (d: Case['doc']): Obj =>
  typeof d === 'string' ? builtinOpenAPIV3(d)! : crdOpenAPIV3(d.group, d.version, d.crds.map(loadCRD));

const refName = (s: Obj | undefined) => String(s?.$ref ?? '').replace('#/components/schemas/', '');

/** Every `$ref` in the document names a schema it contains; none points at v2 definitions. */
function assertRefsResolve(doc: Obj): void {
  const text = JSON.stringify(doc);
  assert.ok(!text.includes('#/definitions/'), 'no v2 refs');
  for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) assert.ok(doc.components.schemas[m[1]!], `dangling ref ${m[1]}`);
}

describe('OpenAPI v3 operations', () => {
  for (const c of loadCases<Case>('openapi.yaml')) {
    it(c.name, () => {
      const doc = docFor(c.doc);
      assert.equal(doc.openapi, '3.0.0');
      assertRefsResolve(doc);
      const item = doc.paths[c.path];
      assert.ok(item, `path ${c.path}`);
      const op = item[c.method];
      assert.equal(op.operationId, c.operationId);
      assert.deepEqual(op['x-kubernetes-group-version-kind'], c.gvk);
      assert.equal(op['x-kubernetes-action'], c.action);
      // kubectl looks for query parameters on the operation itself (queryParamVerifierV3)
      const params = [...(op.parameters ?? []), ...(item.parameters ?? [])];
      assert.deepEqual(params.filter((p: Obj) => p.in === 'query').map((p: Obj) => p.name).sort(), [...c.query].sort());
      if (c.method === 'patch') assert.ok(op.parameters.some((p: Obj) => p.name === 'fieldValidation' && p.in === 'query'));
      assert.deepEqual(params.filter((p: Obj) => p.in === 'path').map((p: Obj) => p.name).sort(), c.pathParams.sort());
      for (const p of params) assert.ok(p.schema?.type, `parameter ${p.name} has a v3 schema`);
      if (c.requestTypes) {
        assert.deepEqual(Object.keys(op.requestBody.content), c.requestTypes);
        assert.equal(op.requestBody.required, true);
      }
      for (const [code, schema] of Object.entries(c.response)) assert.equal(refName(op.responses[code].content['application/json'].schema), schema);
    });
  }
});

describe('builtinOpenAPIV3', () => {
  const apps = builtinOpenAPIV3('apis/apps/v1')!;
  it('publishes the Deployment schema with its GVK and v3 refs', () => {
    const dep = apps.components.schemas['io.k8s.api.apps.v1.Deployment'];
    assert.deepEqual(dep['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    assert.deepEqual(dep.properties.metadata.allOf, [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    assert.equal(typeof dep.properties.metadata.description, 'string');
    assert.equal(apps.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'].properties.replicas.type, 'integer');
  });
  it('publishes Quantity and IntOrString as oneOf', () => {
    assert.deepEqual(apps.components.schemas['io.k8s.apimachinery.pkg.api.resource.Quantity'].oneOf, [{ type: 'string' }, { type: 'number' }]);
    assert.deepEqual(apps.components.schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].oneOf, [{ type: 'integer' }, { type: 'string' }]);
  });
  it('only contains its own group version', () => {
    assert.ok(Object.keys(apps.paths).every((p) => p.startsWith('/apis/apps/v1/')));
    assert.ok(!apps.components.schemas['io.k8s.api.core.v1.Service']);
  });
  it('is undefined for unknown group versions', () => assert.equal(builtinOpenAPIV3('apis/nope.example.com/v1'), undefined));
  it('lists built-in group versions', () => {
    const gvs = openAPIV3GroupVersions();
    for (const gv of ['api/v1', 'apis/apps/v1', 'apis/batch/v1', 'apis/apiextensions.k8s.io/v1']) assert.ok(gvs.includes(gv), gv);
    assert.ok(gvs.every((gv) => builtinOpenAPIV3(gv)));
  });
  it('roots point at documents by content hash', () => {
    const root = openAPIV3Root({ 'apis/apps/v1': apps });
    assert.deepEqual(root, { paths: { 'apis/apps/v1': { serverRelativeURL: `/openapi/v3/apis/apps/v1?hash=${openAPIV3Hash(apps)}` } } });
    assert.match(openAPIV3Hash(apps), /^[0-9A-F]{128}$/);
  });
});

describe('crdOpenAPIV3', () => {
  it('publishes kind and list schemas with standard metadata', () => {
    const doc = crdOpenAPIV3('argoproj.io', 'v1alpha1', [loadCRD('argo-cd/application-crd.yaml')]);
    const app = doc.components.schemas['io.argoproj.v1alpha1.Application'];
    assert.deepEqual(app['x-kubernetes-group-version-kind'], [{ group: 'argoproj.io', kind: 'Application', version: 'v1alpha1' }]);
    assert.equal(refName(app.properties.metadata.allOf[0]), 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    assert.deepEqual(app.required, ['metadata', 'spec']);
    const list = doc.components.schemas['io.argoproj.v1alpha1.ApplicationList'];
    assert.equal(refName(list.properties.items.items), 'io.argoproj.v1alpha1.Application');
    assert.equal(refName(list.properties.metadata.allOf[0]), 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta');
    assert.deepEqual(list['x-kubernetes-group-version-kind'], [{ group: 'argoproj.io', kind: 'ApplicationList', version: 'v1alpha1' }]);
    assert.equal(doc.paths['/apis/argoproj.io/v1alpha1/'].get.operationId, 'getArgoprojIoV1alpha1APIResources');
  });
  it('adds scale with the autoscaling/v1 Scale kind', () => {
    const crd = {
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', kind: 'Widget' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } }, subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } } }],
      },
    };
    const doc = crdOpenAPIV3('example.com', 'v1', [crd]);
    assertRefsResolve(doc);
    const op = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/scale'].patch;
    assert.deepEqual(op['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
    assert.equal(op.operationId, 'patchExampleComV1NamespacedWidgetScale');
    assert.equal(refName(op.responses['200'].content['application/json'].schema), 'io.k8s.api.autoscaling.v1.Scale');
  });
  it('skips versions that are not served and CRDs of other groups', () => {
    const crd = loadCRD('kyverno/kyverno.io_clusterpolicies.yaml');
    crd.spec.versions[1].served = false;
    assert.deepEqual(Object.keys(crdOpenAPIV3('kyverno.io', 'v2beta1', [crd]).paths), []);
    assert.deepEqual(Object.keys(crdOpenAPIV3('argoproj.io', 'v1', [crd]).paths), []);
  });
});
