/**
 * Helm rendering cost: Marina's built-in `helm template` on a mid-size chart (the webapp test chart: 9
 * templates, 3 sub-charts incl. a packaged one, helpers, CRDs) and on a generated larger one (40 components
 * × Deployment + Service + ConfigMap through shared helpers), each loaded from disk and rendered; median
 * and p95 over the runs. With HELM=/path/to/helm, the real `helm template` on the same charts for
 * comparison (process start included, as Argo CD's repo server pays it).
 *
 * Usage: node --import tsx bench/gitops/helm.ts [--runs N]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { renderHelmDir } from '../../src/gitops/render/helm/index.ts';
import { GO_YAML_OPTIONS, toJsonValue } from '../../src/lib/gotemplate/index.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 30;
const webapp = fileURLToPath(new URL('../../src/gitops/render/helm/testdata/charts/webapp', import.meta.url));

function bigChart(dir: string, components: number): string {
  const c = join(dir, 'big');
  mkdirSync(join(c, 'templates'), { recursive: true });
  writeFileSync(join(c, 'Chart.yaml'), 'apiVersion: v2\nname: big\nversion: 1.0.0\nappVersion: "3.1"\n');
  const comps = Array.from({ length: components }, (_, i) => `  c${i}:\n    replicas: ${(i % 3) + 1}\n    image: {repository: registry.example.com/c${i}, tag: ""}\n    env: {A: "1", B: "two", C: "3"}\n    ports: [8080, 9090]\n    resources: {limits: {cpu: 500m, memory: 256Mi}}\n`).join('');
  writeFileSync(join(c, 'values.yaml'), `global: {team: platform}\ncomponents:\n${comps}`);
  writeFileSync(join(c, 'templates', '_helpers.tpl'), [
    '{{- define "big.labels" -}}',
    'app.kubernetes.io/name: {{ .name }}',
    'app.kubernetes.io/instance: {{ .root.Release.Name }}',
    'helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | trunc 63 }}',
    'team: {{ .root.Values.global.team }}',
    '{{- end -}}',
  ].join('\n'));
  writeFileSync(join(c, 'templates', 'components.yaml'), [
    '{{- range $name, $c := .Values.components }}',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ $.Release.Name }}-{{ $name }}',
    '  labels: {{- include "big.labels" (dict "name" $name "root" $) | nindent 4 }}',
    'spec:',
    '  replicas: {{ $c.replicas }}',
    '  template:',
    '    metadata:',
    '      annotations:',
    '        checksum/env: {{ toJson $c.env | sha256sum }}',
    '    spec:',
    '      containers:',
    '        - name: {{ $name }}',
    '          image: "{{ $c.image.repository }}:{{ $c.image.tag | default $.Chart.AppVersion }}"',
    '          env:',
    '            {{- range $k, $v := $c.env }}',
    '            - {name: {{ $k }}, value: {{ $v | quote }}}',
    '            {{- end }}',
    '          resources: {{- toYaml $c.resources | nindent 12 }}',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: {{ $.Release.Name }}-{{ $name }}',
    '  labels: {{- include "big.labels" (dict "name" $name "root" $) | nindent 4 }}',
    'spec:',
    '  ports:',
    '    {{- range $c.ports }}',
    '    - port: {{ . }}',
    '    {{- end }}',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: {{ $.Release.Name }}-{{ $name }}-config',
    'data:',
    '  config.yaml: |',
    '    {{- toYaml $c | nindent 4 }}',
    '{{- end }}',
  ].join('\n'));
  return c;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function measure(dir: string): Promise<{ p50: number; p95: number; objects: number }> {
  const times: number[] = [];
  let objects = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const objs = await renderHelmDir(dir, { releaseName: 'rel' }, { appName: 'rel', namespace: 'bench' });
    times.push(performance.now() - t0);
    objects = objs.length;
  }
  return { p50: pct(times, 50), p95: pct(times, 95), objects };
}

/** The real binary's median time, and whether its objects equal Marina's (order-insensitive). */
async function helmBinary(dir: string): Promise<{ p50: number; same: boolean } | undefined> {
  const helm = process.env.HELM;
  if (!helm) return undefined;
  const times: number[] = [];
  let out = '';
  for (let i = 0; i < Math.min(runs, 10); i++) {
    const t0 = performance.now();
    out = execFileSync(helm, ['template', 'rel', dir, '--namespace', 'bench', '--include-crds', '--kube-version', 'v1.33.0'], { encoding: 'utf8' });
    times.push(performance.now() - t0);
  }
  const key = (o: unknown) => JSON.stringify(o);
  const theirs = (parseAllDocuments(out, GO_YAML_OPTIONS as never) as unknown as { toJS(): unknown }[]).map((d) => toJsonValue(d.toJS())).filter((o) => o !== null).map(key).sort();
  const ours = (await renderHelmDir(dir, { releaseName: 'rel' }, { appName: 'rel', namespace: 'bench' })).map(key).sort();
  return { p50: pct(times, 50), same: isDeepStrictEqual(theirs, ours) };
}

const tmp = mkdtempSync(join(tmpdir(), 'marina-bench-helm-'));
try {
  const big = bigChart(tmp, 40);
  console.log(`bench/gitops/helm ${new Date().toISOString()} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length} · node ${process.version} · ${runs} runs`);
  for (const [name, dir] of [['webapp (test chart)', webapp], ['big (40 components)', big]] as const) {
    await measure(dir); // warm-up (JIT)
    const m = await measure(dir);
    const h = await helmBinary(dir);
    console.log(`${name}: ${m.objects} objects · p50 ${m.p50.toFixed(1)} ms · p95 ${m.p95.toFixed(1)} ms${h ? ` · helm template (binary) p50 ${h.p50.toFixed(0)} ms, same objects: ${h.same ? 'yes' : 'NO'}` : ''}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
