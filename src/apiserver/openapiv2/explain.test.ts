/**
 * End to end: kubectl 1.27 reads `explain` from /openapi/v2 as gnostic protobuf; kubectl 1.33 reads
 * /openapi/v3. Both must describe built-in fields and the fields of a CRD created in the cluster.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kubectl, kubectlPath, startHub, type TestHub } from '../../../test/support/hub.ts';
import { OPENAPI_V2_PROTOBUF } from './encode.ts';
import { OPENAPI_V2_PROTOBUF_RESPONSE } from './respond.ts';

const gizmoCRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gizmos.toys.example.org' },
  spec: {
    group: 'toys.example.org',
    scope: 'Namespaced',
    names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo', listKind: 'GizmoList' },
    versions: [
      {
        name: 'v1alpha1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: 'A Gizmo is a small mechanical device.',
            properties: {
              spec: {
                type: 'object',
                description: 'What the gizmo should be.',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1, description: 'Size of the gizmo in sprockets.' },
                  label: { type: 'string', nullable: true, description: 'An optional label.' },
                  port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], description: 'Port number or name.' },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description: 'Free-form settings.' },
                  parts: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['name'],
                    items: { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'Part name.' } } },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const bin27 = kubectlPath('1.27');
const bin33 = kubectlPath('1.33');

describe('kubectl explain over /openapi/v2 and /openapi/v3', { skip: !bin27 && 'kubectl 1.27 is not installed' }, () => {
  let t: TestHub;
  let kc: string;
  const run = async (bin: string, args: string[], input?: string) => {
    const r = await kubectl(bin, kc, args, { input });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed:\n${r.stderr}\n${r.stdout}`);
    return r.stdout;
  };

  before(async () => {
    t = await startHub();
    kc = await t.cluster('explain-v2');
  });
  after(async () => t?.stop());

  it('serves /openapi/v2 as protobuf, with an ETag honoured by If-None-Match', async () => {
    const token = /token: (\S+)/.exec((await import('node:fs')).readFileSync(kc, 'utf8'))?.[1];
    const server = /server: (\S+)/.exec((await import('node:fs')).readFileSync(kc, 'utf8'))![1]!.replace('https:', 'http:');
    const headers: Record<string, string> = { Accept: OPENAPI_V2_PROTOBUF, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
    const res = await fetch(`${server}/openapi/v2`, { headers });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), OPENAPI_V2_PROTOBUF_RESPONSE);
    const body = Buffer.from(await res.arrayBuffer());
    assert.ok(body.length > 1_000_000, `protobuf document is ${body.length} bytes`);
    assert.equal(body[0], 0x0a); // field 1 (swagger), length-delimited
    const etag = res.headers.get('etag')!;
    assert.match(etag, /^"[0-9A-F]{128}"$/);
    const again = await fetch(`${server}/openapi/v2`, { headers: { ...headers, 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    const json = await fetch(`${server}/openapi/v2`, { headers: { ...headers, Accept: 'application/json' } });
    assert.equal(json.headers.get('content-type'), 'application/json');
    assert.equal(json.headers.get('etag'), etag);
    assert.ok(((await json.json()) as any).definitions['io.k8s.api.apps.v1.Deployment']);
  });

  // kubectl 1.27 fetches /openapi/v2 for every `explain` (a failure there fails the command) and renders from
  // it with `--output plaintext-openapiv2`; its default renderer reads /openapi/v3.
  const V2 = ['--output', 'plaintext-openapiv2'];

  it('kubectl 1.27 explains built-in fields from the v2 document', async () => {
    const replicas = await run(bin27!, ['explain', 'deployment.spec.replicas', ...V2]);
    assert.match(replicas, /KIND:\s+Deployment\n/);
    assert.match(replicas, /VERSION:\s+apps\/v1\n/);
    assert.match(replicas, /FIELD:\s+replicas <integer>/);
    assert.match(replicas, /Number of desired pods\./);
    const image = await run(bin27!, ['explain', 'deployment.spec.template.spec.containers.image', ...V2]);
    assert.match(image, /FIELD:\s+image <string>/);
    assert.match(image, /Container image name\./);
    const recursive = await run(bin27!, ['explain', 'pod.spec.containers.ports', '--recursive', ...V2]);
    assert.match(recursive, /containerPort\s+<integer>/);
    // the default (v3) renderer still needs the v2 fetch to succeed
    assert.match(await run(bin27!, ['explain', 'deployment.spec.replicas']), /Number of desired pods\./);
  });

  it('kubectl 1.27 explains the fields of a CRD created in the cluster', async () => {
    await run(bin27!, ['apply', '-f', '-'], JSON.stringify(gizmoCRD));
    await run(bin27!, ['wait', '--for=condition=Established', 'crd/gizmos.toys.example.org', '--timeout=15s']);
    const size = await run(bin27!, ['explain', 'gizmos.spec.size', ...V2]);
    assert.match(size, /KIND:\s+Gizmo\n/);
    assert.match(size, /VERSION:\s+toys\.example\.org\/v1alpha1\n/);
    assert.match(size, /FIELD:\s+size <integer>/);
    assert.match(size, /Size of the gizmo in sprockets\./);
    const spec = await run(bin27!, ['explain', 'gizmo.spec', ...V2]);
    assert.match(spec, /What the gizmo should be\./);
    assert.match(spec, /size\s+<integer> -required-/);
    assert.match(spec, /parts\s+<\[\]Object>/);
    assert.match(spec, /label\s+<>\n\s+An optional label\./); // nullable: published untyped, as upstream
    const top = await run(bin27!, ['explain', 'gizmos', ...V2]);
    assert.match(top, /A Gizmo is a small mechanical device\./);
    const part = await run(bin27!, ['explain', 'gizmos.spec.parts.name', ...V2]);
    assert.match(part, /Part name\./);
    const v3 = await run(bin27!, ['explain', 'gizmos.spec.size']);
    assert.match(v3, /Size of the gizmo in sprockets\./);
  });

  it('kubectl 1.33 explains built-ins and the CRD from /openapi/v3', { skip: !bin33 && 'kubectl 1.33 is not installed' }, async () => {
    const replicas = await run(bin33!, ['explain', 'deployment.spec.replicas']);
    assert.match(replicas, /Number of desired pods\./);
    const size = await run(bin33!, ['explain', 'gizmos.spec.size']);
    assert.match(size, /Size of the gizmo in sprockets\./);
  });
});
