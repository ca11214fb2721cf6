import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderComposition } from './render.ts';
import { isReady } from './ready.ts';

const xr = { apiVersion: 'ex.io/v1', kind: 'XDb', metadata: { name: 'db-abcde', uid: 'u1' }, spec: { size: 'small' } };
const resources = [
  {
    name: 'bucket',
    base: { apiVersion: 's3.io/v1', kind: 'Bucket', spec: {} },
    patches: [{ fromFieldPath: 'spec.size', toFieldPath: 'spec.tier' }, { type: 'ToCompositeFieldPath', fromFieldPath: 'status.arn', toFieldPath: 'status.arn' }],
    readinessChecks: [{ type: 'NonEmpty', fieldPath: 'status.arn' }],
    connectionDetails: [{ name: 'arn', fromFieldPath: 'status.arn' }, { name: 'kind', value: 'bucket' }, { fromConnectionSecretKey: 'password' }],
  },
];

test('Pipeline with function-patch-and-transform renders, names and observes', () => {
  const composition = { spec: { mode: 'Pipeline', pipeline: [{ step: 'pt', functionRef: { name: 'function-patch-and-transform' }, input: { apiVersion: 'pt.fn.crossplane.io/v1beta1', kind: 'Resources', resources } }] } };
  const first = renderComposition({ composite: xr, composition, names: (p) => `${p}00001` });
  assert.equal(first.composed[0].resource.metadata.name, 'db-abcde-00001');
  assert.equal(first.composed[0].resource.spec.tier, 'small');
  assert.deepEqual(first.compositeStatusPatches, []);
  const observed = { bucket: { ...first.composed[0].resource, status: { arn: 'arn:1' } } };
  const second = renderComposition({ composite: xr, composition, observed, observedConnectionDetails: { bucket: { password: 's3cr3t' } } });
  assert.equal(second.composed[0].resource.metadata.name, 'db-abcde-00001');
  assert.equal(second.composite.status.arn, 'arn:1');
  assert.deepEqual(second.connectionDetails, { arn: 'arn:1', kind: 'bucket', password: 's3cr3t' });
  assert.equal(second.conditions.find((c) => c.type === 'Ready')?.status, 'True');
  const filtered = renderComposition({ composite: xr, composition, observed, connectionSecretKeys: ['arn'] });
  assert.deepEqual(filtered.connectionDetails, { arn: 'arn:1' });
});

test('other functions give Synced=False UnsupportedFunction', () => {
  const composition = { spec: { mode: 'Pipeline', pipeline: [{ step: 'go', functionRef: { name: 'function-go-templating' }, input: { apiVersion: 'gotemplating.fn.crossplane.io/v1beta1', kind: 'GoTemplate' } }] } };
  const r = renderComposition({ composite: xr, composition });
  assert.deepEqual(r.composed, []);
  assert.deepEqual(r.conditions.map((c) => [c.type, c.status, c.reason]), [['Synced', 'False', 'UnsupportedFunction']]);
  assert.equal(r.errors[0].kind, 'UnsupportedFunction');
});

test('a failed patch skips the resource and a required ToComposite patch fails the reconcile', () => {
  const bad = [{ ...resources[0], patches: [{ fromFieldPath: 'spec.missing', policy: { fromFieldPath: 'Required' } }] }];
  const r = renderComposition({ composite: xr, composition: { spec: { resources: bad } } });
  assert.deepEqual(r.composed, []);
  assert.equal(r.errors[0].kind, 'FieldNotFound');
  assert.match(r.errors[0].message, /cannot apply patch 0 of resource "bucket"/);
  const req = [{ ...resources[0], patches: [{ type: 'ToCompositeFieldPath', fromFieldPath: 'status.nope', policy: { fromFieldPath: 'Required' } }] }];
  const t = renderComposition({ composite: xr, composition: { spec: { resources: req } } });
  assert.equal(t.conditions[0].reason, 'ReconcileError');
});

test('readiness checks', () => {
  const o = { status: { phase: 'Running', n: 3, ok: true, conditions: [{ type: 'Ready', status: 'True' }] } };
  assert.equal(isReady(o, undefined), true);
  assert.equal(isReady(o, [{ type: 'MatchString', fieldPath: 'status.phase', matchString: 'Running' }]), true);
  assert.equal(isReady(o, [{ type: 'MatchInteger', fieldPath: 'status.n', matchInteger: 4 }]), false);
  assert.equal(isReady(o, [{ type: 'MatchTrue', fieldPath: 'status.ok' }]), true);
  assert.equal(isReady(o, [{ type: 'MatchFalse', fieldPath: 'status.ok' }]), false);
  assert.equal(isReady(o, [{ type: 'NonEmpty', fieldPath: 'status.gone' }]), false);
  assert.equal(isReady(o, [{ type: 'None' }]), true);
  assert.equal(isReady(o, [{ type: 'MatchCondition', matchCondition: { type: 'Synced', status: 'True' } }]), false);
  assert.throws(() => isReady(o, [{ type: 'Bogus' }]), (e: any) => e.kind === 'InvalidReadinessCheck');
});
