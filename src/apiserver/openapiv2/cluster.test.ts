import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { swagger } from '../schema/index.ts';
import type { KObject } from '../types.ts';
import { openAPIv2ForCluster } from './cluster.ts';
import { crdKindSchemaV2, toV2Node } from './crd-schema.ts';
import { OpenAPIv2Documents, crdSetKey } from './documents.ts';
import type { SwaggerJSON } from './types.ts';

const base = swagger() as unknown as SwaggerJSON;
const established = { conditions: [{ type: 'Established', status: 'True' }] };

function crd(overrides: Record<string, any> = {}, schema: unknown = { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', description: 'Size.' } } } } }): KObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'applications.argoproj.io', uid: 'u1', resourceVersion: '7' },
    spec: {
      group: 'argoproj.io',
      scope: 'Namespaced',
      names: { plural: 'applications', singular: 'application', kind: 'Application', listKind: 'ApplicationList' },
      versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: schema }, subresources: { status: {} } }],
      ...overrides,
    },
    status: established,
  } as unknown as KObject;
}

describe('openAPIv2ForCluster', () => {
  it('is the built-in document itself without established CRDs', () => {
    assert.equal(openAPIv2ForCluster(base, []), base);
    assert.equal(openAPIv2ForCluster(base, [{ ...crd(), status: {} } as KObject]), base);
  });

  it('adds upstream-named kind and list definitions and REST paths for each served version', () => {
    const doc = openAPIv2ForCluster(base, [crd()]);
    const app = doc.definitions!['io.argoproj.v1alpha1.Application']!;
    assert.deepEqual(app['x-kubernetes-group-version-kind'], [{ group: 'argoproj.io', kind: 'Application', version: 'v1alpha1' }]);
    assert.deepEqual(Object.keys(app.properties), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.equal(app.properties.metadata.$ref, '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    assert.equal(app.properties.spec.properties.size.description, 'Size.');
    const list = doc.definitions!['io.argoproj.v1alpha1.ApplicationList']!;
    assert.deepEqual(list.properties.items.items, { $ref: '#/definitions/io.argoproj.v1alpha1.Application' });
    assert.deepEqual(list['x-kubernetes-group-version-kind'], [{ group: 'argoproj.io', kind: 'ApplicationList', version: 'v1alpha1' }]);
    const item = doc.paths!['/apis/argoproj.io/v1alpha1/namespaces/{namespace}/applications/{name}']!;
    assert.equal(item.get.operationId, 'readArgoprojIoV1alpha1NamespacedApplication');
    assert.deepEqual(item.get.tags, ['argoprojIo_v1alpha1']);
    assert.equal(item.get.responses['200'].schema.$ref, '#/definitions/io.argoproj.v1alpha1.Application');
    assert.deepEqual(item.get['x-kubernetes-group-version-kind'], { group: 'argoproj.io', kind: 'Application', version: 'v1alpha1' });
    assert.ok(!item.patch.consumes.includes('application/strategic-merge-patch+json'));
    assert.ok(item.patch.parameters.some((p: any) => p.name === 'fieldValidation'));
    assert.ok(doc.paths!['/apis/argoproj.io/v1alpha1/applications']);
    assert.ok(doc.paths!['/apis/argoproj.io/v1alpha1/namespaces/{namespace}/applications/{name}/status']);
    assert.ok(!doc.paths!['/apis/argoproj.io/v1alpha1/namespaces/{namespace}/applications/{name}/scale']);
    const names = Object.keys(doc.definitions!);
    assert.deepEqual(names, [...names].sort());
    assert.equal(doc.definitions!['io.k8s.api.apps.v1.Deployment'], base.definitions!['io.k8s.api.apps.v1.Deployment']);
  });

  it('drops the namespace parameter and "Namespaced" for cluster-scoped CRDs', () => {
    const doc = openAPIv2ForCluster(base, [crd({ scope: 'Cluster' })]);
    const item = doc.paths!['/apis/argoproj.io/v1alpha1/applications/{name}']!;
    assert.equal(item.get.operationId, 'readArgoprojIoV1alpha1Application');
    assert.ok(!JSON.stringify(item).includes('namespace-'));
  });
});

describe('CRD schemas published in v2 (ToStructuralOpenAPIV2)', () => {
  it('drops junctors and nullable types, empties preserve-unknown-fields nodes, and fixes required', () => {
    const v2 = toV2Node({
      type: 'object',
      required: ['a', 'n'],
      example: { a: 1 },
      properties: {
        a: { type: 'string', oneOf: [{ pattern: 'x' }], 'x-kubernetes-validations': [{ message: 'm', rule: 'self != ""' }] },
        n: { type: 'object', nullable: true, properties: { x: { type: 'string' } } },
        p: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { y: { type: 'string' } } },
        arr: { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'string' } },
        ios: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        d: { type: 'object', default: { z: 1, a: 2 } },
      },
    });
    assert.deepEqual(v2, {
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self != ""', message: 'm' }] },
        arr: { 'x-kubernetes-preserve-unknown-fields': true },
        d: { type: 'object', default: { a: 2, z: 1 } },
        ios: { 'x-kubernetes-int-or-string': true },
        n: {},
        p: { 'x-kubernetes-preserve-unknown-fields': true },
      },
    });
    assert.deepEqual(Object.keys(v2.properties.d.default), ['a', 'z']);
  });

  it('publishes a preserve-unknown-fields root as a bare object and adds TypeMeta to embedded resources', () => {
    const gvk = { group: 'g.io', version: 'v1', kind: 'K' };
    assert.deepEqual(crdKindSchemaV2({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, gvk), {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'g.io', kind: 'K', version: 'v1' }],
    });
    const s = crdKindSchemaV2({ type: 'object', properties: { tpl: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } } } }, gvk);
    assert.deepEqual(Object.keys(s.properties.tpl.properties), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.deepEqual(s.properties.tpl.required, ['kind', 'apiVersion']);
  });
});

describe('OpenAPIv2Documents', () => {
  it('shares renditions per CRD set and re-renders when a CRD changes', () => {
    const docs = new OpenAPIv2Documents(() => base);
    assert.equal(docs.forCRDs([]).doc, base);
    const a = docs.forCRDs([crd()]);
    assert.equal(docs.forCRDs([crd()]), a);
    const changed = crd();
    changed.metadata.resourceVersion = '8';
    assert.notEqual(docs.forCRDs([changed]), a);
    assert.equal(crdSetKey([crd(), { ...crd(), metadata: { ...crd().metadata, uid: 'u2' } }]), crdSetKey([{ ...crd(), metadata: { ...crd().metadata, uid: 'u2' } }, crd()]));
    assert.ok(a.protobuf().length > a.json().length / 3);
  });
});
