/** The providers' pure core, table-driven from testdata/*.yaml. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { act, clusterNameOf, gate, objectConnectionDetails, objectReadiness, parseKubeconfig, resolvePolicy } from './index.ts';
import { composeValues, decodeReleaseSecret, jsonValues, latestRelease, manifestObjects, pruned, releaseSecret, releaseSpec, releaseUpToDate, splitRendered, uninstallOrder } from './helmrelease.ts';
import { desiredManifest } from './object.ts';
import { withSets } from './virtualcluster.ts';
import { withoutArgoCD } from './gitopsruntime.ts';

type Obj = Record<string, any>;
const table = (file: string): Obj[] => parse(readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8'));

describe('management policies', () => {
  for (const c of table('policies.yaml')) {
    it(c.name, () => {
      const p = resolvePolicy(c.spec);
      const got = Object.fromEntries(Object.keys(c.want).map((k) => [k, (p as Obj)[k]]));
      assert.deepEqual(got, c.want);
      if (!c.want.error) assert.equal(p.error, undefined);
    });
  }
});

describe('reconciler decisions', () => {
  for (const c of table('decisions.yaml')) {
    it(c.name, () => {
      const state = { deleting: !!c.state.deleting, pausedAnnotation: !!c.state.paused, policy: resolvePolicy(c.state.spec) };
      if (c.gate) assert.deepEqual(gate(state), c.gate);
      if (c.act) assert.deepEqual(act(state, c.observed), c.act);
    });
  }
});

describe('Object readiness', () => {
  for (const c of table('readiness.yaml')) it(c.name, () => assert.deepEqual(objectReadiness(c.readiness, c.observed) ?? null, c.want));
});

describe('Object connection details', () => {
  for (const c of table('connection.yaml')) {
    it(c.name, () => {
      if (c.error) assert.throws(() => objectConnectionDetails(c.refs, c.objects), { message: c.error });
      else assert.deepEqual(objectConnectionDetails(c.refs, c.objects), c.want);
    });
  }
});

describe('kubeconfig credentials', () => {
  for (const c of table('kubeconfigs.yaml')) {
    it(c.name, () => {
      if (c.error) assert.throws(() => parseKubeconfig(c.kubeconfig), { name: 'KubeconfigError', message: c.error });
      else {
        const got = Object.fromEntries(Object.entries(parseKubeconfig(c.kubeconfig)).filter(([, v]) => v !== undefined));
        assert.deepEqual(got, c.want);
      }
    });
  }
});

describe('Release spec and values', () => {
  for (const c of table('releases.yaml')) {
    it(c.name, () => {
      if (c.values || (c.error && c.valuesFrom)) {
        const run = () => jsonValues(composeValues(releaseSpec(c.spec), c.valuesFrom.map((v: string | null) => v ?? undefined), c.sets.map((v: string | null) => v ?? undefined)));
        if (c.error) assert.throws(run, { message: c.error });
        else assert.deepEqual(run(), c.values);
      } else if (c.error) assert.throws(() => releaseSpec(c.spec), { message: c.error });
      else {
        const got = releaseSpec(c.spec);
        assert.deepEqual(Object.fromEntries(Object.entries(got.chart).filter(([, v]) => v !== undefined)), c.want.chart);
        for (const k of ['namespace', 'skipCreateNamespace', 'skipCRDs', 'wait']) assert.equal((got as Obj)[k], c.want[k], k);
      }
    });
  }
});

describe('Release records and manifests', () => {
  const manifests = [
    { source: 'demo/crds/widget.yaml', text: 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.x.io}\n' },
    { source: 'demo/templates/deploy.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n' },
    { source: 'demo/templates/cm.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n' },
    { source: 'demo/templates/hook.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: post\n  annotations: {helm.sh/hook: "post-install,post-upgrade", helm.sh/hook-weight: "5"}\n' },
  ];
  it('splits CRDs, resources in Helm install order, and hooks; the manifest keeps template order', () => {
    const r = splitRendered(manifests);
    assert.deepEqual(r.crds.map((o) => o.metadata.name), ['widgets.x.io']);
    assert.deepEqual(r.resources.map((o) => o.kind), ['ConfigMap', 'Deployment']);
    assert.deepEqual(r.hooks.map((h) => [h.name, h.events, h.weight, h.delete_policies]), [['post', ['post-install', 'post-upgrade'], 5, ['before-hook-creation']]]);
    assert.equal(r.manifest, '---\n# Source: demo/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n# Source: demo/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n');
    assert.deepEqual(manifestObjects(r.manifest).map((o) => o.metadata.name), ['web', 'cfg']);
    assert.deepEqual(uninstallOrder([...r.resources, ...r.crds]).map((o) => o.kind), ['Deployment', 'CustomResourceDefinition', 'ConfigMap']);
    assert.deepEqual(pruned(manifestObjects(r.manifest), [manifestObjects(r.manifest)[1]!]).map((o) => o.metadata.name), ['web']);
  });
  const rec = (over: Obj = {}) => ({
    name: 'web', namespace: 'team', version: 2,
    info: { first_deployed: '2026-01-01T00:00:00.000Z', last_deployed: '2026-01-02T00:00:00.000Z', deleted: '', description: 'Upgrade complete', status: 'deployed' },
    chart: { metadata: { name: 'demo', version: '1.0.0', apiVersion: 'v2' }, lock: null, templates: [], values: {}, schema: null, files: [] },
    config: { replicas: 3 }, manifest: '', hooks: [], ...over,
  });
  it("a release Secret as Helm's secrets driver writes it, read back", () => {
    const s = releaseSecret(rec() as never);
    assert.equal(s.metadata.name, 'sh.helm.release.v1.web.v2');
    assert.equal((s as Obj).type, 'helm.sh/release.v1');
    assert.deepEqual(s.metadata.labels, { name: 'web', owner: 'helm', status: 'deployed', version: '2', modifiedAt: '1767312000' });
    const inner = Buffer.from(Buffer.from((s as Obj).data.release, 'base64').toString('utf8'), 'base64');
    assert.deepEqual([inner[0], inner[1]], [0x1f, 0x8b]); // gzip, as Helm
    assert.deepEqual(decodeReleaseSecret(s), rec());
    assert.equal(latestRelease([releaseSecret(rec({ version: 1 }) as never), s])!.record.version, 2);
  });
  const want = { chartName: 'demo', chartVersion: '1.0.0', config: { replicas: 3n }, manifest: '' };
  for (const [name, r, w, up] of [
    ['same chart, version and values', rec(), want, true],
    ['values changed', rec(), { ...want, config: { replicas: 4 } }, false],
    ['chart version changed', rec(), { ...want, chartVersion: '1.1.0' }, false],
    ['last revision failed', rec({ info: { ...rec().info, status: 'failed' } }), want, false],
  ] as Array<[string, Obj, Obj, boolean]>) it(`up to date: ${name}`, () => assert.equal(releaseUpToDate(r as never, w as never), up));
});

describe('Object manifests', () => {
  for (const c of table('manifests.yaml')) {
    it(c.name, () => {
      if (c.error) assert.throws(() => desiredManifest(c.object, c.referenced ?? []), { message: c.error });
      else assert.deepEqual(desiredManifest(c.object, c.referenced ?? []), c.want);
    });
  }
});

describe('VirtualCluster and GitOpsRuntime helpers', () => {
  it('clusterName: forProvider, else external name, else metadata.name', () => {
    assert.equal(clusterNameOf({ apiVersion: 'v', kind: 'k', metadata: { name: 'n', annotations: { 'crossplane.io/external-name': 'e' } }, spec: { forProvider: { clusterName: 'c' } } }), 'c');
    assert.equal(clusterNameOf({ apiVersion: 'v', kind: 'k', metadata: { name: 'n', annotations: { 'crossplane.io/external-name': 'e' } }, spec: { forProvider: {} } }), 'e');
    assert.equal(clusterNameOf({ apiVersion: 'v', kind: 'k', metadata: { name: 'n' } }), 'n');
  });
  it('API sets: added keeping what is there, removed only when there', () => {
    assert.equal(withSets('kyverno', ['argo-cd']), 'kyverno,argo-cd');
    assert.equal(withSets('argo-cd,kyverno', ['argo-cd']), undefined);
    assert.equal(withSets(undefined, ['argo-cd', 'crossplane']), 'argo-cd,crossplane');
    assert.equal(withoutArgoCD('crossplane,argo-cd'), 'crossplane');
    assert.equal(withoutArgoCD('argo-cd'), '');
    assert.equal(withoutArgoCD('crossplane'), undefined);
  });
});
