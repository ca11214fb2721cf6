// The real client as the test: kubectl 1.33's typed clients POST protobuf;
// the decoded object must deep-equal what kubectl itself prints for the same
// command with `--dry-run=client -o json`, or, for commands without dry-run
// (token, auth), the JSON body kubectl 1.27 (which still sends JSON) POSTs.
// The decoder reproduces Go's encoding/json output, including
// `creationTimestamp: null`, `status: {}` and `resources: {}`. One
// normalisation: Go writes `null` for a nil slice/map/pointer without
// omitempty (ClusterRole `rules`, TokenRequest `audiences`/`boundObjectRef`,
// `resourceRules`); protobuf has no encoding for nil, so the decoder (like
// Go's own) leaves the key out. Such oracle nulls are dropped only where the
// decoded object has no key at all.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { haveKubectl, kubectl, startHarness, type Harness, type Recorded } from './kubectl-harness.ts';
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF_CONTENT_TYPE } from './index.ts';

const PB = '1.33';
const JSON_CLIENT = '1.27';
const skip = !haveKubectl(PB) || !haveKubectl(JSON_CLIENT) ? 'kubectl binaries not installed' : false;

type Oracle = 'dry-run' | 'json-1.27' | Record<string, unknown>;
const CASES: [Oracle, string[]][] = [
  ['dry-run', ['create', 'namespace', 'x']],
  ['dry-run', ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80']],
  ['dry-run', ['create', 'deployment', 'zero', '--image=nginx', '--replicas=0']], // pointer 0 survives
  ['dry-run', ['create', 'secret', 'generic', 's', '--from-literal=a=b', '--from-literal=empty=']],
  ['dry-run', ['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.io', '--docker-username=u', '--docker-password=p']],
  ['dry-run', ['create', 'secret', 'tls', 't', '--cert=@CERT', '--key=@KEY']],
  ['dry-run', ['create', 'configmap', 'cm', '--from-literal=k=v', '--from-file=bin.dat=@BIN']],
  ['dry-run', ['create', 'serviceaccount', 'sa']],
  ['dry-run', ['create', 'service', 'clusterip', 'svc', '--tcp=80:8080', '--tcp=443:https']],
  ['dry-run', ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080']],
  ['dry-run', ['create', 'service', 'externalname', 'ext', '--external-name=example.com']],
  ['dry-run', ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi']],
  ['dry-run', ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date']],
  ['dry-run', ['create', 'role', 'r', '--verb=get', '--verb=list', '--resource=pods', '--resource=deployments.apps', '--resource-name=a']],
  ['dry-run', ['create', 'rolebinding', 'rb', '--role=r', '--user=alice', '--serviceaccount=default:sa', '--group=devs']],
  ['dry-run', ['create', 'clusterrole', 'cr', '--verb=*', '--resource=*']],
  ['dry-run', ['create', 'clusterrole', 'agg', '--aggregation-rule=rbac.example.com/aggregate=true']],
  ['dry-run', ['create', 'clusterrole', 'nr', '--verb=get', '--non-resource-url=/healthz']],
  ['dry-run', ['create', 'clusterrolebinding', 'crb', '--clusterrole=cr', '--user=bob']],
  ['dry-run', ['create', 'quota', 'q', '--hard=cpu=1,memory=1Gi,pods=10', '--scopes=BestEffort']],
  ['dry-run', ['create', 'priorityclass', 'pc', '--value=1000', '--description=high', '--preemption-policy=Never']],
  ['dry-run', ['create', 'priorityclass', 'pc0', '--value=0', '--global-default']], // non-omitempty 0 kept
  ['dry-run', ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=50%']],
  ['dry-run', ['create', 'poddisruptionbudget', 'pdb2', '--selector=app=web', '--max-unavailable=1']],
  ['dry-run', ['create', 'ingress', 'ing', '--rule=foo.com/bar=svc:8080,tls=my-cert', '--class=nginx', '--annotation=a=b']],
  ['dry-run', ['create', 'ingress', 'ing2', '--default-backend=svc:http', '--rule=/path*=svc2:80']],
  ['dry-run', ['run', 'p', '--image=busybox', '--env=A=B', '--labels=x=y']], // JSON even in 1.33
  ['json-1.27', ['create', 'token', 'default', '--audience=a', '--duration=1h']],
  ['json-1.27', ['create', 'token', 'default', '--bound-object-kind=Pod', '--bound-object-name=p', '--bound-object-uid=123']],
  ['json-1.27', ['auth', 'can-i', 'get', 'pods']],
  ['json-1.27', ['auth', 'can-i', 'list', 'deployments.apps', '--subresource=scale', '-n', 'kube-system']],
  ['json-1.27', ['auth', 'can-i', 'get', '/logs/']],
  ['json-1.27', ['auth', 'can-i', '--list']],
  // 1.27 sends authentication.k8s.io/v1beta1 here, so spell the object out.
  [{ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: { creationTimestamp: null }, status: { userInfo: {} } }, ['auth', 'whoami']],
];

function dropNilNulls(want: unknown, got: unknown): unknown {
  if (Array.isArray(want)) return want.map((w, i) => dropNilNulls(w, Array.isArray(got) ? got[i] : undefined));
  if (want === null || typeof want !== 'object') return want;
  const g = (got !== null && typeof got === 'object' ? got : {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(want).filter(([k, w]) => w !== null || k in g).map(([k, w]) => [k, dropNilNulls(w, g[k])]),
  );
}

function bodyOf(r: Recorded): { protobuf: boolean; object: unknown } {
  const protobuf = r.contentType.startsWith(KUBERNETES_PROTOBUF_CONTENT_TYPE);
  return { protobuf, object: protobuf ? decodeKubernetesProtobuf(r.body).object : JSON.parse(r.body.toString('utf8')) };
}

describe('kubectl protobuf request bodies', { skip }, () => {
  let h: Harness;
  const files: Record<string, string> = {};

  before(async () => {
    h = await startHarness();
    const dir = join(h.kubeconfig, '..');
    files['@CERT'] = join(dir, 'c.pem');
    files['@KEY'] = join(dir, 'k.pem');
    files['@BIN'] = join(dir, 'bin.dat');
    writeFileSync(files['@BIN'], Buffer.from([0, 1, 2, 0xff, 0xfe])); // not UTF-8: goes to binaryData
  });
  after(async () => h?.close());

  const posted = async (version: string, args: string[]): Promise<Recorded> => {
    const n = h.requests.length;
    await kubectl(version, h.kubeconfig, args);
    const reqs = h.requests.slice(n);
    assert.equal(reqs.length, 1, `${version} ${args.join(' ')}: expected one POST, got ${reqs.length}`);
    return reqs[0]!;
  };

  let protobufCount = 0;
  for (const [oracle, template] of CASES) {
    it(`kubectl ${template.join(' ')}`, async () => {
      const args = template.map((a) => a.replace(/@[A-Z]+/, (k) => files[k]!));
      const got = bodyOf(await posted(PB, args));
      if (got.protobuf) protobufCount++;
      else assert.equal(template[0], 'run', 'only kubectl run is expected to send JSON');

      if (typeof oracle === 'object') {
        assert.deepStrictEqual(got.object, oracle);
      } else if (oracle === 'dry-run') {
        const dash = args.indexOf('--');
        const flags = dash < 0 ? [...args, '--dry-run=client', '-o', 'json'] : [...args.slice(0, dash), '--dry-run=client', '-o', 'json', ...args.slice(dash)];
        const want: unknown = JSON.parse(await kubectl(PB, h.kubeconfig, flags));
        assert.deepStrictEqual(got.object, dropNilNulls(want, got.object));
      } else {
        const ref = bodyOf(await posted(JSON_CLIENT, args));
        assert.equal(ref.protobuf, false);
        assert.deepStrictEqual(got.object, dropNilNulls(ref.object, got.object));
      }
    });
  }

  it('exercised the protobuf path for every typed-client command', () => {
    assert.equal(protobufCount, CASES.length - 1);
  });
});
