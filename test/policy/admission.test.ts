/**
 * Kyverno-compatible policies as admission control, end to end with real kubectl: a validate policy
 * denies with Kyverno's words, a mutate policy changes what is stored, a generate policy creates a
 * resource for a new namespace, policy reports follow, and another cluster is not affected.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';

const POLICIES = `
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: require-team-label
spec:
  validationFailureAction: Enforce
  background: true
  rules:
  - name: check-team
    match:
      any:
      - resources:
          kinds: [ConfigMap]
    validate:
      message: "label 'team' is required"
      pattern:
        metadata:
          labels:
            team: "?*"
---
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: add-env-label
spec:
  rules:
  - name: add-env
    match:
      any:
      - resources:
          kinds: [ConfigMap]
    mutate:
      patchStrategicMerge:
        metadata:
          labels:
            +(env): dev
---
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: default-deny
spec:
  rules:
  - name: deny-all-ingress
    match:
      any:
      - resources:
          kinds: [Namespace]
    generate:
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      name: default-deny
      namespace: "{{request.object.metadata.name}}"
      synchronize: true
      data:
        spec:
          podSelector: {}
          policyTypes: [Ingress]
`;

const bin = kubectlPath('1.33');

describe('policy admission', { skip: !bin && 'kubectl 1.33 not installed' }, () => {
  let t: TestHub;
  let kc: string;
  let other: string;
  before(async () => {
    t = await startHub();
    kc = await t.cluster('guarded');
    other = await t.cluster('unguarded');
    const r = await kubectl(bin!, kc, ['apply', '-f', '-'], { input: POLICIES });
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => t.stop());

  it('denies a ConfigMap without the label, as Kyverno words it', async () => {
    const r = await kubectl(bin!, kc, ['create', 'configmap', 'no-team', '--from-literal=a=b']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /admission webhook "validate.kyverno.svc-fail" denied the request/);
    assert.match(r.stderr, /resource ConfigMap\/default\/no-team was blocked due to the following policies/);
    // Kyverno prints the rule messages as YAML: quotes doubled, lines folded at 80 columns.
    // (The mutate policy added labels first, so the failing path is the missing key itself.)
    assert.match(r.stderr, /require-team-label:\n  check-team: 'validation error: label ''team'' is required\. rule check-team failed\s+at path \/metadata\/labels\/team\/'/);
    const get = await kubectl(bin!, kc, ['get', 'configmap', 'no-team']);
    assert.notEqual(get.code, 0);
  });

  it('admits a compliant ConfigMap and mutates it', async () => {
    const r = await kubectl(bin!, kc, ['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  labels: {team: a}\ndata: {a: b}\n' });
    assert.equal(r.code, 0, r.stderr);
    const labels = JSON.parse((await kubectl(bin!, kc, ['get', 'configmap', 'ok', '-o', 'jsonpath={.metadata.labels}'])).stdout);
    assert.deepEqual(labels, { team: 'a', env: 'dev' });
  });

  it('generates a NetworkPolicy in a new namespace', async () => {
    assert.equal((await kubectl(bin!, kc, ['create', 'namespace', 'team-x'])).code, 0);
    let out = '';
    for (let i = 0; i < 50 && !out.includes('default-deny'); i++) {
      out = (await kubectl(bin!, kc, ['get', 'networkpolicy', '-n', 'team-x', '-o', 'name'])).stdout;
      if (!out.includes('default-deny')) await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(out, /networkpolicy.networking.k8s.io\/default-deny/);
    const labels = JSON.parse((await kubectl(bin!, kc, ['get', 'networkpolicy', 'default-deny', '-n', 'team-x', '-o', 'jsonpath={.metadata.labels}'])).stdout);
    assert.equal(labels['app.kubernetes.io/managed-by'], 'kyverno');
    assert.equal(labels['generate.kyverno.io/policy-name'], 'default-deny');
  });

  it('keeps a policy report for scanned resources', async () => {
    await t.hub.settle();
    const r = await kubectl(bin!, kc, ['get', 'policyreports', '-n', 'default', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const reports = JSON.parse(r.stdout).items;
    const forOk = reports.find((x: any) => x.scope?.name === 'ok');
    assert.ok(forOk, `a report for ConfigMap ok among ${reports.map((x: any) => x.scope?.name)}`);
    assert.ok(forOk.results.some((res: any) => res.policy === 'require-team-label' && res.result === 'pass'));
    assert.equal(forOk.summary.fail, 0);
  });

  it('does not apply one cluster\'s policies to another', async () => {
    const r = await kubectl(bin!, other, ['create', 'configmap', 'no-team', '--from-literal=a=b']);
    assert.equal(r.code, 0, r.stderr);
  });
});
