import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { deletePoliciesOf, hookPhases, waveOf } from '../../sync/plan.ts';
import type { KObject } from '../../../apiserver/types.ts';
import { loadChartArchive, loadChartFiles, type ChartFile } from './chart.ts';
import { HelmIgnore } from './ignore.ts';
import { HelmRepoCache, pickVersion } from './repo.ts';
import { tarGz, untarGz } from './tar.ts';
import { manifestsToObjects, templateChart } from './template.ts';
import { coalesceValues, mergeValues, parseSet, typedVal, type Values } from './values.ts';

const files = (m: Record<string, string>): ChartFile[] => Object.entries(m).map(([name, s]) => ({ name, data: Buffer.from(s) }));
const chartOf = (m: Record<string, string>) => loadChartFiles(files({ 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n', ...m }));
const render = (m: Record<string, string>, values: Values = {}, extra: Partial<Parameters<typeof templateChart>[1]> = {}) =>
  templateChart(chartOf(m), { release: { name: 'r', namespace: 'ns' }, capabilities: { kubeVersion: 'v1.31.0', apiVersions: ['v1'] }, values, ...extra });

describe('--set syntax (helm strvals)', () => {
  const cases: Array<[string, Values]> = [
    ['a=b', { a: 'b' }],
    ['a.b.c=1', { a: { b: { c: 1n } } }],
    ['a=1,b=true,c=null,d=0,e=007,f=1.5,g=', { a: 1n, b: true, c: null, d: 0n, e: '007', f: '1.5', g: '' }],
    ['list={x,y,z}', { list: ['x', 'y', 'z'] }],
    ['arr[1]=b', { arr: [null, 'b'] }],
    ['arr[0].name=n,arr[0].v=1', { arr: [{ name: 'n', v: 1n }] }],
    ['a\\.b=c\\,d', { 'a.b': 'c,d' }],
    ['nested[0][1]=x', { nested: [[null, 'x']] }],
  ];
  for (const [expr, want] of cases) {
    it(expr, () => {
      const out: Values = {};
      parseSet(expr, out, (v) => typedVal(v, false));
      assert.deepEqual(out, want);
    });
  }
  it('rejects a key without a value', () => assert.throws(() => parseSet('a', {}, (v) => v), /key "a" has no value/));
  it('--set-string keeps strings', () => {
    const out: Values = {};
    parseSet('n=5,b=true', out, (v) => typedVal(v, true));
    assert.deepEqual(out, { n: '5', b: 'true' });
  });
});

describe('values coalescing', () => {
  const chart = loadChartFiles(files({
    'Chart.yaml': 'apiVersion: v2\nname: p\nversion: 1.0.0\n',
    'values.yaml': 'a: 1\nm: {x: 1, z: 2}\nsub: {port: 80}\nglobal: {g: parent}\n',
    'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'charts/sub/values.yaml': 'port: 6379\nsize: 1Gi\nglobal: {g: child, only: child}\n',
  }));
  it('user values win, null deletes defaults (also a sub-chart default), globals flow down', () => {
    const v = coalesceValues(chart, mergeValues({ m: { x: 9, z: null } }, { sub: { size: null }, global: { extra: true } }));
    assert.deepEqual(v, {
      a: 1,
      m: { x: 9 },
      sub: { port: 80, global: { g: 'parent', only: 'child', extra: true } },
      global: { g: 'parent', extra: true },
    });
  });
});

describe('.helmignore', () => {
  const ig = HelmIgnore.parse('# c\n*.bak\nsecret/\n/top.txt\n!keep.bak\nfiles/*.tmp\n');
  const cases: Array<[string, boolean, boolean]> = [
    ['a.bak', false, true],
    ['dir/a.bak', false, true],
    ['keep.bak', false, false],
    ['secret', true, true],
    ['secret', false, false],
    ['top.txt', false, true],
    ['sub/top.txt', false, false],
    ['files/x.tmp', false, true],
    ['templates/.hidden', false, true],
    ['templates/ok.yaml', false, false],
  ];
  for (const [p, dir, want] of cases) it(`${p}${dir ? '/' : ''} → ${want}`, () => assert.equal(ig.ignored(p, dir), want));
});

describe('chart archives', () => {
  it('round-trips through tar.gz, stripping the top folder; sub-chart archives load too', () => {
    const sub = tarGz(files({ 'sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.2.0\n', 'sub/templates/a.yaml': 'kind: A' }));
    const long = 'x'.repeat(120);
    const top = tarGz([...files({ 'p/Chart.yaml': 'apiVersion: v2\nname: p\nversion: 1.0.0\n', [`p/files/${long}/f.txt`]: 'deep' }), { name: 'p/charts/sub-0.2.0.tgz', data: sub }]);
    assert.deepEqual(untarGz(top).map((e) => e.name).sort(), [`p/files/${long}/f.txt`, 'p/Chart.yaml', 'p/charts/sub-0.2.0.tgz'].sort());
    const c = loadChartArchive(top);
    assert.equal(c.metadata.name, 'p');
    assert.equal(c.subcharts[0]!.metadata.version, '0.2.0');
    assert.equal(c.files.find((f) => f.name.endsWith('f.txt'))!.data.toString(), 'deep');
  });
  it('rejects charts without a name or a valid version', () => {
    assert.throws(() => loadChartFiles(files({ 'Chart.yaml': 'apiVersion: v2\nversion: 1.0.0\n' })), /chart.metadata.name is required/);
    assert.throws(() => loadChartFiles(files({ 'Chart.yaml': 'apiVersion: v2\nname: x\nversion: one\n' })), /version "one" is invalid/);
    assert.throws(() => loadChartFiles(files({ 'values.yaml': 'a: 1' })), /Chart.yaml file is missing/);
  });
});

describe('rendering errors and edge cases', () => {
  it('fail and required become "execution error at (template:line:col)"', () => {
    assert.throws(() => render({ 'templates/a.yaml': 'a: 1\nb: {{ required "b is required" .Values.b }}' }), /^HelmTemplateError: execution error at \(c\/templates\/a\.yaml:2:6\): b is required$/m);
    assert.throws(() => render({ 'templates/a.yaml': '{{ fail "boom" }}' }), (e: Error) => e.message === 'execution error at (c/templates/a.yaml:1:3): boom');
  });
  it('other errors keep Go text/template text; nil pointers as in Helm (missingkey=zero)', () => {
    assert.throws(() => render({ 'templates/a.yaml': 'x: {{ .Values.a.b }}' }), (e: Error) => e.message === 'template: c/templates/a.yaml:1:13: executing "c/templates/a.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b');
    assert.throws(() => render({ 'templates/a.yaml': 'x: {{ nope }}' }), (e: Error) => e.message === 'parse error at (c/templates/a.yaml:1): function "nope" not defined');
    assert.throws(() => render({ 'templates/a.yaml': '{{ include "missing" . }}' }), /error calling include: template: no template "missing"/);
  });
  it('an error inside an included helper is wrapped by the caller, as Go does (checked against Helm v4.1.4)', () => {
    const h = { 'templates/_h.tpl': '{{- define "h" -}}\n{{ fail "inner boom" }}\n{{- end -}}\n', 'templates/t.yaml': 'a: 1\nb: {{ include "h" . }}\n' };
    assert.throws(() => render(h), (e: Error) => e.message === 'execution error at (c/templates/t.yaml:2:6): inner boom');
    const n = { 'templates/_h.tpl': '{{- define "h" -}}\n{{ .Values.x.y }}\n{{- end -}}\n', 'templates/t.yaml': 'b: {{ include "h" . }}\n' };
    assert.throws(() => render(n), (e: Error) => e.message === 'template: c/templates/t.yaml:1:6: executing "c/templates/t.yaml" at <include "h" .>: error calling include: template: c/templates/_h.tpl:2:10: executing "h" at <.Values.x.y>: nil pointer evaluating interface {}.y');
  });
  it('the release namespace defaults to "default" like helm without --namespace', async () => {
    const { renderHelmChart } = await import('./argo.ts');
    const objs = await renderHelmChart(chartOf({ 'templates/a.yaml': 'kind: K\nns: {{ .Release.Namespace }}' }), undefined, {}, { appName: 'a', namespace: '' });
    assert.equal((objs[0] as unknown as { ns: string }).ns, 'default');
  });
  it('.Values is chartutil.Values: typeOf names it and dig on it fails as in Helm 3', () => {
    const m = render({ 'templates/a.yaml': 'kind: K\nt: {{ typeOf .Values }}\nu: {{ typeOf .Values.m }}\nd: {{ dig "x" "none" .Values.m }}' }, { m: { x: 1 } });
    assert.deepEqual(manifestsToObjects(m)[0], { kind: 'K', t: 'chartutil.Values', u: 'map[string]interface {}', d: 1, metadata: {} });
    assert.throws(() => render({ 'templates/a.yaml': '{{ dig "m" "none" .Values }}' }), /error calling dig: interface conversion: interface \{\} is chartutil.Values, not map\[string\]interface \{\}/);
  });
  it('include recursion is bounded', () => {
    assert.throws(() => render({ 'templates/_h.tpl': '{{ define "loop" }}{{ include "loop" . }}{{ end }}', 'templates/a.yaml': '{{ include "loop" . }}' }), /nested reference name: loop/);
  });
  it('tpl sees defines and the current template, <no value> is removed', () => {
    const m = render({ 'templates/_h.tpl': '{{ define "h" }}H{{ end }}', 'templates/a.yaml': 'kind: K\nv: {{ tpl "{{ include \\"h\\" . }}-{{ .Template.Name }}-{{ .Values.none }}" . }}' });
    assert.deepEqual(manifestsToObjects(m)[0], { kind: 'K', v: 'H-c/templates/a.yaml-', metadata: {} });
  });
  it('library charts cannot be installed; YAML errors name the template', () => {
    assert.throws(() => templateChart(loadChartFiles(files({ 'Chart.yaml': 'apiVersion: v2\nname: l\nversion: 1.0.0\ntype: library\n' })), { release: { name: 'r', namespace: 'n' }, capabilities: { kubeVersion: 'v1.31.0', apiVersions: [] }, values: {} }), /library charts are not installable/);
    assert.throws(() => manifestsToObjects(render({ 'templates/a.yaml': 'a: [1' })), /YAML parse error on c\/templates\/a\.yaml/);
  });
  it('values.schema.json violations are reported per chart', () => {
    const schema = JSON.stringify({ type: 'object', required: ['name'], properties: { replicas: { type: 'integer', minimum: 1 }, mode: { enum: ['a', 'b'] } } });
    assert.throws(
      () => render({ 'values.schema.json': schema, 'values.yaml': 'replicas: 0\nmode: c\n' }),
      (e: Error) => e.message === 'values don\'t meet the specifications of the schema(s) in the following chart(s):\nc:\n- (root): name is required\n- replicas: Must be greater than or equal to 1\n- mode: mode must be one of the following: "a", "b"\n',
    );
    assert.equal(render({ 'values.schema.json': schema, 'values.yaml': 'replicas: 0\n', 'templates/a.yaml': 'kind: K' }, {}, { skipSchemaValidation: true }).length, 1);
  });
  it('a missing dependency is named', () => {
    assert.throws(() => render({ 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [{name: db, version: 1.x}]\n' }), /found in Chart.yaml, but missing in charts\/ directory: db/);
  });
});

describe('Helm hooks as Argo CD reads them', () => {
  const obj = (annotations: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations } }) as KObject;
  const cases: Array<[Record<string, string>, ReturnType<typeof hookPhases>]> = [
    [{ 'helm.sh/hook': 'pre-install' }, ['PreSync']],
    [{ 'helm.sh/hook': 'pre-install,pre-upgrade' }, ['PreSync']],
    [{ 'helm.sh/hook': 'post-install, pre-upgrade' }, ['PostSync', 'PreSync']],
    [{ 'helm.sh/hook': 'test' }, 'Skip'],
    [{ 'helm.sh/hook': 'pre-delete' }, 'Skip'],
    [{ 'helm.sh/hook': 'crd-install' }, undefined],
    [{ 'helm.sh/hook': 'pre-install', 'argocd.argoproj.io/hook': 'Sync' }, ['Sync']],
  ];
  for (const [a, want] of cases) it(JSON.stringify(a), () => assert.deepEqual(hookPhases(obj(a)), want));
  it('hook-weight is the wave unless sync-wave is set; delete policies map', () => {
    assert.equal(waveOf(obj({ 'helm.sh/hook-weight': '-5' })), -5);
    assert.equal(waveOf(obj({ 'helm.sh/hook-weight': '-5', 'argocd.argoproj.io/sync-wave': '2' })), 2);
    assert.deepEqual(deletePoliciesOf(obj({ 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' })), ['BeforeHookCreation', 'HookSucceeded']);
    assert.deepEqual(deletePoliciesOf(obj({})), ['BeforeHookCreation']);
  });
});

describe('Helm repositories', () => {
  let server: Server;
  let url: string;
  let hits = 0;
  const pkg = tarGz(files({ 'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.2.0\n', 'web/templates/a.yaml': 'kind: A\nmetadata: {name: {{ .Release.Name }}}' }));
  before(async () => {
    server = createServer((req, res) => {
      hits++;
      if (req.headers.authorization !== `Basic ${Buffer.from('u:p').toString('base64')}`) return void res.writeHead(401).end();
      if (req.url === '/index.yaml') return void res.end('apiVersion: v1\nentries:\n  web:\n    - {version: 1.2.0, urls: [web-1.2.0.tgz]}\n    - {version: 1.10.0-rc.1, urls: [web-1.2.0.tgz]}\n    - {version: 0.9.0, urls: [web-1.2.0.tgz], digest: "0000"}\n');
      if (req.url === '/web-1.2.0.tgz') return void res.end(pkg);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('picks versions like Argo CD: exact, constraint (highest, prereleases only when asked), latest', () => {
    const e = ['1.0.0', '1.2.0', '1.10.0-rc.1', '2.0.0'].map((version) => ({ version, urls: [] }));
    assert.equal(pickVersion(e, '1.2.0')?.version, '1.2.0');
    assert.equal(pickVersion(e, '^1.0')?.version, '1.2.0');
    assert.equal(pickVersion(e, '>=1.10.0-0 <2')?.version, undefined, 'Masterminds: every part must allow prereleases');
    assert.equal(pickVersion(e, '~1.10.0-0')?.version, '1.10.0-rc.1');
    assert.equal(pickVersion(e, '')?.version, '2.0.0');
    assert.equal(pickVersion(e, '3.x'), undefined);
  });
  it('fetches index and package with credentials, caches both', async () => {
    const cache = new HelmRepoCache();
    const got = await cache.chart(url, 'web', '1.x', { username: 'u', password: 'p' });
    assert.equal(got.version, '1.2.0');
    assert.equal(got.chart.metadata.name, 'web');
    const before = hits;
    await cache.chart(url, 'web', '1.2.0', { username: 'u', password: 'p' });
    assert.equal(hits, before, 'served from the cache');
  });
  it('reports auth failures, unknown charts, digest mismatches and OCI', async () => {
    const cache = new HelmRepoCache();
    await assert.rejects(cache.chart(url, 'web', '1.2.0'), /401 Unauthorized \(check the repository credentials\)/);
    await assert.rejects(cache.chart(url, 'nope', '1.2.0', { username: 'u', password: 'p' }), /chart "nope" not found in repository/);
    await assert.rejects(cache.chart(url, 'web', '0.9.0', { username: 'u', password: 'p' }), /digest does not match/);
    await assert.rejects(cache.chart('oci://registry.example.com/charts', 'web', '1.0.0'), /OCI registries are not supported/);
    await assert.rejects(cache.chart('registry.example.com/charts', 'web', '1.0.0'), /OCI registries are not supported/);
  });
});

describe('manifest cache keys', () => {
  it('directory sources are shared across apps; Helm renderings are per app context', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { ManifestCache } = await import('../../repo/index.ts');
    const tree = mkdtempSync(join(tmpdir(), 'marina-helm-cache-'));
    try {
      mkdirSync(join(tree, 'plain'));
      writeFileSync(join(tree, 'plain', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
      mkdirSync(join(tree, 'chart', 'templates'), { recursive: true });
      writeFileSync(join(tree, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 1.0.0\n');
      writeFileSync(join(tree, 'chart', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}}\n');
      const cache = new ManifestCache();
      await cache.render(tree, 'c1', { repoURL: 'r', path: 'plain' }, { appName: 'a', namespace: 'n' });
      await cache.render(tree, 'c1', { repoURL: 'r', path: 'plain' }, { appName: 'b', namespace: 'n' });
      assert.deepEqual([cache.hits, cache.misses], [1, 1]);
      const a = await cache.render(tree, 'c1', { repoURL: 'r', path: 'chart' }, { appName: 'a', namespace: 'n' });
      const b = await cache.render(tree, 'c1', { repoURL: 'r', path: 'chart' }, { appName: 'b', namespace: 'n' });
      await cache.render(tree, 'c1', { repoURL: 'r', path: 'chart' }, { appName: 'b', namespace: 'n' });
      assert.deepEqual([a.objects[0]!.metadata.name, b.objects[0]!.metadata.name, a.sourceType], ['a', 'b', 'Helm']);
      assert.deepEqual([cache.hits, cache.misses], [2, 3]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
