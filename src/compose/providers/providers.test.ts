/** The providers' pure core, table-driven from testdata/*.yaml. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { act, clusterNameOf, gate, objectConnectionDetails, objectReadiness, parseKubeconfig, resolvePolicy, releaseNotInstalledMessage } from './index.ts';
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

describe('Release', () => {
  it('names the chart, version and repository', () => {
    const r = { spec: { forProvider: { chart: { name: 'argo-cd', repository: 'https://argoproj.github.io/argo-helm', version: '5.21.0' } } } };
    assert.equal(releaseNotInstalledMessage(r), 'Helm releases are not installed by Marina yet: chart "argo-cd" version "5.21.0" from repository "https://argoproj.github.io/argo-helm" was not installed (Marina cannot fetch remote chart repositories and has no Helm install)');
  });
  it('names a chart URL', () => {
    assert.match(releaseNotInstalledMessage({ spec: { forProvider: { chart: { url: 'https://x/c-1.0.0.tgz' } } } }), /chart "https:\/\/x\/c-1.0.0.tgz" was not installed/);
  });
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
