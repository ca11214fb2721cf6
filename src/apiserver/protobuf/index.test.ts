import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeKubernetesProtobuf, ProtobufDecodeError } from './index.ts';
import { entry, envelope, ld, packedVarints, v } from './encode-fixture.ts';

const fails = (status: 400 | 415, pattern: RegExp) => (e: unknown): boolean =>
  e instanceof ProtobufDecodeError && e.status === status && pattern.test(e.message);

// Non-pointer Time as gogo writes it when zero: an empty message.
const zeroTime = ld(8);

describe('decodeKubernetesProtobuf', () => {
  it('decodes a Pod the way Go encoding/json would print it', () => {
    const container = Buffer.concat([
      ld(1, 'app'), ld(2, 'nginx'), ld(3, 'sh'), ld(3, '-c'),
      ld(6, ld(1, 'http'), v(3, 80), ld(4, 'TCP')), // ports; hostPort (2) unset
      ld(7, ld(1, 'A'), ld(2, 'B')), // env
      ld(7, ld(1, 'FROM'), ld(2, ''), ld(3, ld(4, ld(1, ld(1, 'sec')), ld(2, 'key')))), // valueFrom.secretKeyRef
      ld(8, entry(1, 'cpu', ld(2, ld(1, '500m'))), entry(1, 'memory', ld(2, ld(1, '1Gi')))), // resources.limits
      ld(10, ld(1, ld(2, ld(1, '/healthz'), ld(2, v(1, 1), v(2, 0), ld(3, 'http')))), v(2, 5), v(3, 0)), // livenessProbe
      ld(15, v(4, 0), v(5, false)), // securityContext: pointer runAsUser=0 and runAsNonRoot=false are kept
      v(16, false), v(17, false), v(18, false), ld(13, ''), ld(14, ''), // zero non-pointers: omitted
    ]);
    const spec = Buffer.concat([
      ld(1, ld(1, 'cfg'), ld(2, ld(19, ld(1, ld(1, 'my-config')), v(3, 420)))), // volume, inline configMap
      ld(2, container),
      ld(14, packedVarints(4, [1000, 2000])), // supplementalGroups, packed
      entry(7, 'disk', ld(2, 'ssd')),
      v(4, 30), // terminationGracePeriodSeconds
      v(99, 1), // a field from a newer client: skipped
    ]);
    const meta = Buffer.concat([
      ld(1, 'p'), ld(3, 'default'), v(7, 0), zeroTime, entry(11, 'app', ld(2, 'web')), entry(12, 'note'),
    ]);
    const body = envelope('v1', 'Pod', Buffer.concat([ld(1, meta), ld(2, spec), ld(3)]));
    const out = decodeKubernetesProtobuf(body);
    assert.equal(out.apiVersion, 'v1');
    assert.equal(out.kind, 'Pod');
    assert.deepStrictEqual(out.object, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', creationTimestamp: null, labels: { app: 'web' }, annotations: { note: '' } },
      spec: {
        volumes: [{ name: 'cfg', configMap: { name: 'my-config', defaultMode: 420 } }],
        containers: [{
          name: 'app',
          image: 'nginx',
          command: ['sh', '-c'],
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          env: [{ name: 'A', value: 'B' }, { name: 'FROM', valueFrom: { secretKeyRef: { name: 'sec', key: 'key' } } }],
          resources: { limits: { cpu: '500m', memory: '1Gi' } },
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 5 },
          securityContext: { runAsUser: 0, runAsNonRoot: false },
        }],
        securityContext: { supplementalGroups: [1000, 2000] },
        nodeSelector: { disk: 'ssd' },
        terminationGracePeriodSeconds: 30,
      },
      status: {},
    });
  });

  it('keeps pointer zeros (replicas: 0) and drops omitempty zeros', () => {
    const raw = Buffer.concat([ld(1, ld(1, 'd')), ld(2, v(1, 0), v(5, 0), v(7, false))]);
    const { object } = decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', raw));
    assert.deepStrictEqual(object['spec'], { replicas: 0 });
  });

  it('Secret data is base64, a missing map value is the zero value', () => {
    const raw = Buffer.concat([ld(1, ld(1, 's')), entry(2, 'bin', ld(2, Buffer.from([0, 0xff]))), entry(2, 'empty'), ld(3, 'Opaque')]);
    const { object } = decodeKubernetesProtobuf(envelope('v1', 'Secret', raw));
    assert.deepStrictEqual(object, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { bin: 'AP8=', empty: '' }, type: 'Opaque' });
  });

  it('handles Time, MicroTime, FieldsV1 and IntOrString inside real kinds', () => {
    const managed = ld(17, ld(1, 'kubectl'), ld(2, 'Update'), ld(4, v(1, 1704164645)), ld(6, 'FieldsV1'), ld(7, ld(1, '{"f:spec":{}}')));
    const raw = Buffer.concat([
      ld(1, ld(1, 'l'), ld(8, v(1, 1704164645)), managed),
      ld(2, ld(1, 'me'), v(2, 15), ld(4, v(1, 1704164645), v(2, 5000))),
    ]);
    const { object } = decodeKubernetesProtobuf(envelope('coordination.k8s.io/v1', 'Lease', raw));
    assert.deepStrictEqual(object['metadata'], {
      name: 'l',
      creationTimestamp: '2024-01-02T03:04:05Z',
      managedFields: [{ manager: 'kubectl', operation: 'Update', time: '2024-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
    });
    assert.deepStrictEqual(object['spec'], { holderIdentity: 'me', leaseDurationSeconds: 15, renewTime: '2024-01-02T03:04:05.000005Z' });

    const pdb = decodeKubernetesProtobuf(envelope('policy/v1', 'PodDisruptionBudget', ld(2, ld(1, v(1, 1), ld(3, '50%'))))).object;
    assert.deepStrictEqual(pdb['spec'], { minAvailable: '50%' });
  });

  it('RawExtension holds JSON, or a nested protobuf object', () => {
    const asJson = decodeKubernetesProtobuf(envelope('apps/v1', 'ControllerRevision', Buffer.concat([ld(2, ld(1, '{"spec":{"x":1}}')), v(3, 0)])));
    assert.deepStrictEqual(asJson.object, { apiVersion: 'apps/v1', kind: 'ControllerRevision', data: { spec: { x: 1 } }, revision: 0 });
    const inner = envelope('v1', 'Namespace', ld(1, ld(1, 'ns')));
    const nested = decodeKubernetesProtobuf(envelope('apps/v1', 'ControllerRevision', ld(2, ld(1, inner))));
    assert.deepStrictEqual(nested.object['data'], { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } });
  });

  it('decodes SubjectAccessReview extra (map of string slices) and selector attributes', () => {
    const spec = Buffer.concat([
      ld(1, ld(2, 'list'), ld(5, 'pods'), ld(8, ld(1, 'spec.nodeName=n1')), ld(9, ld(2, ld(1, 'app'), ld(2, 'In'), ld(3, 'web')))),
      ld(3, 'alice'), ld(4, 'devs'), entry(5, 'scopes', ld(2, ld(1, 'a'), ld(1, 'b'))),
    ]);
    const { object } = decodeKubernetesProtobuf(envelope('authorization.k8s.io/v1', 'SubjectAccessReview', ld(2, spec)));
    assert.deepStrictEqual(object['spec'], {
      resourceAttributes: {
        verb: 'list', resource: 'pods',
        fieldSelector: { rawSelector: 'spec.nodeName=n1' },
        labelSelector: { requirements: [{ key: 'app', operator: 'In', values: ['web'] }] },
      },
      user: 'alice', groups: ['devs'], extra: { scopes: ['a', 'b'] },
    });
  });

  it('accepts DeleteOptions for any group and an embedded JSON contentType', () => {
    const del = decodeKubernetesProtobuf(envelope('example.com/v1', 'DeleteOptions', Buffer.concat([v(1, 0), ld(4, 'Foreground')])));
    assert.deepStrictEqual(del.object, { apiVersion: 'example.com/v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' });
    const json = decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', Buffer.from('{"data":{"a":"b"}}'), '', 'application/json'));
    assert.deepStrictEqual(json.object, { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } });
  });

  it('rejects unknown kinds and unsupported encodings with 415', () => {
    assert.throws(() => decodeKubernetesProtobuf(envelope('example.com/v1', 'Widget', Buffer.alloc(0))), fails(415, /example\.com\/v1, Kind=Widget/));
    assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'Pod', Buffer.alloc(0), 'gzip')), fails(415, /contentEncoding/));
    assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'Pod', Buffer.alloc(0), '', 'application/yaml')), fails(415, /contentType/));
  });

  it('rejects malformed input with 400', () => {
    assert.throws(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}')), fails(400, /magic/));
    assert.throws(() => decodeKubernetesProtobuf(Buffer.from('k8s\0', 'latin1')), fails(400, /apiVersion\/kind/));
    const good = envelope('v1', 'Namespace', ld(1, ld(1, 'x')));
    assert.throws(() => decodeKubernetesProtobuf(good.subarray(0, good.length - 1)), fails(400, /overruns|truncated/));
    assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'Namespace', v(1, 5))), fails(400, /Namespace\.metadata: expected length-delimited/));
    assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'Namespace', ld(1, ld(1, 'x'), ld(8, v(1, 1), Buffer.from([0x12, 9]))))), fails(400, /overruns/));
    assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'ConfigMap', Buffer.from('{'), '', 'application/json')), fails(400, /valid JSON/));
  });
});
