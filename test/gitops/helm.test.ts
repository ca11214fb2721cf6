/**
 * Helm sources end to end: a chart in a real git repository (value files, parameters, releaseName, hooks,
 * CRDs) and a chart from a Helm repository served on 127.0.0.1 (the kubecon demo's `chart:` Application with
 * its repoURL pointed there), synced by a real hub and inspected with kubectl.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { getJson, gitRepo, waitFor } from './support.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
let kc: string;
let server: Server | undefined;

before(async () => {
  t = await startHub();
  kc = await t.cluster('tenant-h');
  await installRuntime(t.hub.core, 'tenant-h');
});
after(async () => {
  server?.close();
  await t?.stop();
});

const app = (name: string) => getJson(bin, kc, ['-n', 'argocd', 'application', name]);
const apply = async (text: string) => {
  const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: text });
  assert.equal(r.code, 0, r.stderr);
};

const demoChart: Record<string, string> = {
  'charts/demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.3.0\nappVersion: "1.0"\n',
  'charts/demo/values.yaml': 'replicas: 1\ntag: latest\nextra: none\ncolor: blue\n',
  'charts/demo/values-e2e.yaml': 'color: green\n',
  'charts/demo/templates/_helpers.tpl': '{{- define "demo.name" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n',
  'charts/demo/templates/cm.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ include "demo.name" . }}',
    'data:',
    '  replicas: {{ .Values.replicas | quote }}',
    '  tag: {{ .Values.tag | quote }}',
    '  tagType: {{ typeOf .Values.tag }}',
    '  extra: {{ .Values.extra }}',
    '  color: {{ .Values.color }}',
    '  release: {{ .Release.Name }}/{{ .Release.Namespace }}',
    '',
  ].join('\n'),
  'charts/demo/templates/hooks.yaml': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ include "demo.name" . }}-post',
    '  annotations:',
    '    helm.sh/hook: post-install,post-upgrade',
    'data: {phase: post}',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ include "demo.name" . }}-test',
    '  annotations:',
    '    helm.sh/hook: test',
    'data: {phase: test}',
    '',
  ].join('\n'),
  'charts/demo/templates/NOTES.txt': 'Installed {{ .Release.Name }}\n',
  'charts/demo/crds/widget.yaml': [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata: {name: widgets.e2e.example.com}',
    'spec:',
    '  group: e2e.example.com',
    '  scope: Namespaced',
    '  names: {plural: widgets, singular: widget, kind: Widget}',
    '  versions:',
    '    - name: v1',
    '      served: true',
    '      storage: true',
    '      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}',
    '',
  ].join('\n'),
};

test('a chart in git: value files, values, parameters, releaseName, hooks and CRDs', async () => {
  const repo = gitRepo(join(t.dir, 'repo-helm'));
  const rev = repo.write(demoChart);
  await apply(JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'demo', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: {
        repoURL: repo.url,
        path: 'charts/demo',
        targetRevision: 'HEAD',
        helm: {
          releaseName: 'rel',
          valueFiles: ['values-e2e.yaml', 'missing.yaml'],
          ignoreMissingValueFiles: true,
          values: 'extra: from-values\n',
          parameters: [{ name: 'replicas', value: '3' }, { name: 'tag', value: '007', forceString: true }],
        },
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'helm-e2e' },
      syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
    },
  }));
  const a = await waitFor('demo Synced', async () => {
    const x = await app('demo');
    return x.status?.sync?.status === 'Synced' && x.status?.operationState?.phase === 'Succeeded' && x;
  }, 30_000);
  assert.equal(a.status.sourceType, 'Helm');
  assert.equal(a.status.sync.revision, rev);
  const data = (await getJson(bin, kc, ['-n', 'helm-e2e', 'configmap', 'rel-demo'])).data;
  assert.deepEqual(data, { replicas: '3', tag: '007', tagType: 'string', extra: 'from-values', color: 'green', release: 'rel/helm-e2e' });
  // post-install ran as a PostSync hook; the Helm test hook is not run by Argo CD.
  assert.equal((await getJson(bin, kc, ['-n', 'helm-e2e', 'configmap', 'rel-demo-post'])).data.phase, 'post');
  assert.notEqual((await kubectl(bin, kc, ['-n', 'helm-e2e', 'get', 'configmap', 'rel-demo-test'])).code, 0);
  await getJson(bin, kc, ['crd', 'widgets.e2e.example.com']);
  const kinds = a.status.resources.map((r: { kind: string; name: string }) => `${r.kind}/${r.name}`).sort();
  assert.deepEqual(kinds, ['ConfigMap/rel-demo', 'CustomResourceDefinition/widgets.e2e.example.com']);

  // A template error becomes a ComparisonError naming the template and line.
  repo.write({ 'charts/demo/templates/bad.yaml': 'x: {{ required "color must be set" .Values.nothing }}\n' });
  assert.equal((await kubectl(bin, kc, ['-n', 'argocd', 'annotate', 'application', 'demo', 'argocd.argoproj.io/refresh=normal', '--overwrite'])).code, 0);
  const bad = await waitFor('ComparisonError', async () => {
    const x = await app('demo');
    return x.status?.conditions?.find((c: { type: string }) => c.type === 'ComparisonError') ?? false;
  }, 30_000);
  assert.match(bad.message, /execution error at \(demo\/templates\/bad\.yaml:1:6\): color must be set/);
});

/** A chart package made with the helm binary when one is installed, else with the tar CLI. */
function packageChart(dir: string, name: string, version: string): Buffer {
  const helm = process.env.HELM_BIN && existsSync(process.env.HELM_BIN) ? process.env.HELM_BIN : undefined;
  if (helm) {
    execFileSync(helm, ['package', join(dir, name), '-d', dir]);
    return readFileSync(join(dir, `${name}-${version}.tgz`));
  }
  execFileSync('tar', ['-czf', join(dir, `${name}-${version}.tgz`), '-C', dir, name]);
  return readFileSync(join(dir, `${name}-${version}.tgz`));
}

test('a chart from a Helm repository on 127.0.0.1: the kubecon crossplane Application', async () => {
  const version = '1.12.0-rc.0.93.g3ec2be6c';
  const work = join(t.dir, 'helmrepo');
  mkdirSync(join(work, 'crossplane', 'templates'), { recursive: true });
  writeFileSync(join(work, 'crossplane', 'Chart.yaml'), `apiVersion: v2\nname: crossplane\nversion: ${version}\nappVersion: ${version}\n`);
  writeFileSync(join(work, 'crossplane', 'values.yaml'), 'replicas: 1\n');
  writeFileSync(join(work, 'crossplane', 'templates', 'sa.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    chart: {{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}\n');
  writeFileSync(join(work, 'crossplane', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  namespace: {{ .Release.Namespace }}\n');
  const tgz = packageChart(work, 'crossplane', version);
  const digest = createHash('sha256').update(tgz).digest('hex');
  const older = packageChart(work, 'crossplane', version); // same bytes serve an older version entry too
  const index = [
    'apiVersion: v1',
    'entries:',
    '  crossplane:',
    `    - name: crossplane\n      version: ${version}\n      digest: ${digest}\n      urls: [charts/crossplane-${version}.tgz]`,
    `    - name: crossplane\n      version: 1.11.0\n      urls: [charts/crossplane-old.tgz]`,
    '',
  ].join('\n');
  const requests: string[] = [];
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.headers.authorization !== `Basic ${Buffer.from('helm:s3cret').toString('base64')}`) {
      res.writeHead(401).end();
      return;
    }
    if (req.url === '/master/index.yaml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(index);
    else if (req.url === `/master/charts/crossplane-${version}.tgz`) res.writeHead(200).end(tgz);
    else if (req.url === '/master/charts/crossplane-old.tgz') res.writeHead(200).end(older);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const repoURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/master/`;
  // Argo CD's declarative repository secret for a Helm repository.
  await apply(JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'crossplane-charts', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'repository' } },
    stringData: { type: 'helm', name: 'crossplane', url: repoURL, username: 'helm', password: 's3cret' },
  }));
  const text = readFileSync('/work/shared/examples/kubecon-eu-2023-demo/argocd-applications/crossplane.yaml', 'utf8').replace(/repoURL: .*/, `repoURL: ${repoURL}`);
  const r = await kubectl(bin, kc, ['-n', 'argocd', 'apply', '-f', '-'], { input: text });
  assert.equal(r.code, 0, r.stderr);
  const a = await waitFor('crossplane Synced', async () => {
    const x = await app('crossplane');
    return x.status?.sync?.status === 'Synced' && x.status?.operationState?.phase === 'Succeeded' && x;
  }, 30_000);
  assert.equal(a.status.sourceType, 'Helm');
  assert.equal(a.status.sync.revision, version);
  const sa = await getJson(bin, kc, ['-n', 'crossplane-system', 'serviceaccount', 'crossplane']);
  assert.equal(sa.metadata.labels.chart, `crossplane-${version}`);
  assert.equal((await getJson(bin, kc, ['-n', 'crossplane-system', 'configmap', 'crossplane-config'])).data.namespace, 'crossplane-system');
  assert.ok(requests.includes('/master/index.yaml') && requests.includes(`/master/charts/crossplane-${version}.tgz`), requests.join(' '));

  // A version constraint picks the highest match; a version the index lacks is a clear ComparisonError.
  assert.equal((await kubectl(bin, kc, ['-n', 'argocd', 'patch', 'application', 'crossplane', '--type=merge', '-p', JSON.stringify({ spec: { source: { targetRevision: '9.9.9' } } })])).code, 0);
  const err = await waitFor('version not found', async () => {
    const x = await app('crossplane');
    return x.status?.conditions?.find((c: { type: string }) => c.type === 'ComparisonError') ?? false;
  }, 30_000);
  assert.match(err.message, /chart "crossplane" version "9\.9\.9" not found in repository http:\/\/127\.0\.0\.1/);
});
