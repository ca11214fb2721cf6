/** Directory, Kustomize and source-type rendering against folders in testdata/ (and a few made on the fly). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  detectSourceType,
  explicitSourceType,
  globMatch,
  KubectlNotFoundError,
  RenderError,
  renderDirectory,
  renderKustomize,
  sourceTypeOf,
  type DirectoryOptions,
} from './index.ts';

const data = (p: string) => fileURLToPath(new URL(`./testdata/${p}`, import.meta.url));
const names = (objs: Array<{ kind: string; metadata: { name?: string } }>) => objs.map((o) => `${o.kind}/${o.metadata.name}`);
const isRenderError = (reason: string, message?: RegExp) => (e: unknown) =>
  e instanceof RenderError && e.reason === reason && (!message || message.test(e.message));

describe('renderDirectory', () => {
  const cases: Array<[string, DirectoryOptions, string[]]> = [
    [
      'top level only, in name order, lists and arrays flattened, other YAML ignored',
      {},
      ['Namespace/shop', 'ServiceAccount/from-array', 'Deployment/web', 'Service/web', 'ConfigMap/from-list-a', 'ConfigMap/from-list-b', 'ConfigMap/skip-me'],
    ],
    [
      'recurse walks subfolders in place',
      { recurse: true },
      [
        'Namespace/shop', 'ServiceAccount/from-array', 'Deployment/web', 'Service/web', 'ConfigMap/from-list-a', 'ConfigMap/from-list-b',
        'ConfigMap/skip-me', 'ConfigMap/sub-config', 'Secret/deeper-secret',
      ],
    ],
    ['exclude by glob', { exclude: '{skip-me.yaml,*.json}' }, ['Namespace/shop', 'Deployment/web', 'Service/web']],
    ['include with brace set; * crosses folders', { recurse: true, include: '{*.yml,01-*}' }, ['Namespace/shop', 'Secret/deeper-secret']],
    ['include a subfolder', { recurse: true, include: 'sub/*' }, ['ConfigMap/sub-config', 'Secret/deeper-secret']],
    ['exclude wins over include', { recurse: true, include: 'sub/*', exclude: '*.yml' }, ['ConfigMap/sub-config']],
  ];
  for (const [title, opts, want] of cases) {
    it(title, async () => assert.deepEqual(names(await renderDirectory(data('app'), opts)), want));
  }

  it('reads YAML 1.1 like Go (yes is a boolean)', async () => {
    const objs = await renderDirectory(data('app'), { include: 'skip-me.yaml' });
    assert.deepEqual(objs[0].data, { enabled: true });
  });
  it('fails on a file that looks like a manifest but has no kind, as Argo CD does', async () => {
    await assert.rejects(renderDirectory(data('bad-manifest')), isRenderError('InvalidManifest', /^Failed to unmarshal "broken.yaml": failed to unmarshal manifest: Object 'Kind' is missing in '\{"apiVersion":"v1","metadata":\{"name":"broken"\}\}'$/));
  });
  it('fails on a JSON file that is not an object of a kind', async () => {
    await assert.rejects(renderDirectory(data('bad-json')), isRenderError('InvalidManifest', /^Failed to unmarshal "package.json": Object 'Kind' is missing/));
  });
  it('allows one object per JSON file', async () => {
    await assert.rejects(renderDirectory(data('multi-json')), isRenderError('InvalidManifest', /^Found multiple objects in "two.json"\. Only single objects are allowed in JSON files\.$/));
  });
  it('says Jsonnet is not supported rather than skipping it', async () => {
    await assert.rejects(renderDirectory(data('jsonnet')), isRenderError('Unsupported', /Jsonnet is not supported yet: cannot evaluate "main.jsonnet"/));
    assert.deepEqual(await renderDirectory(data('jsonnet'), { exclude: '*.jsonnet' }), []);
  });

  describe('symlinks', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'marina-render-'));
    after(() => rmSync(tmp, { recursive: true, force: true }));
    const repo = join(tmp, 'repo');
    mkdirSync(join(repo, 'app'), { recursive: true });
    mkdirSync(join(repo, 'shared'));
    writeFileSync(join(repo, 'shared', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n');
    writeFileSync(join(tmp, 'outside.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\n');
    symlinkSync(join(repo, 'shared', 'cm.yaml'), join(repo, 'app', 'link.yaml'));
    symlinkSync(join(repo, 'missing.yaml'), join(repo, 'app', 'dangling.yaml'));

    it('follows links inside the repository and skips dangling ones with a warning', async () => {
      const warnings: string[] = [];
      const objs = await renderDirectory(join(repo, 'app'), { repoRoot: repo, onWarning: (w) => warnings.push(w) });
      assert.deepEqual(names(objs), ['ConfigMap/shared']);
      assert.equal(warnings.length, 1);
    });
    it('refuses links out of the repository', async () => {
      symlinkSync(join(tmp, 'outside.yaml'), join(repo, 'app', 'escape.yaml'));
      await assert.rejects(renderDirectory(join(repo, 'app'), { repoRoot: repo }), isRenderError('IllegalSymlink', /illegal filepath in symlink at "escape.yaml"/));
    });
  });

  it('enforces a combined size limit', async () => {
    await assert.rejects(renderDirectory(data('app'), { maxCombinedBytes: 100 }), isRenderError('ManifestTooLarge'));
  });
});

describe('renderKustomize', () => {
  let hasKubectl = true;
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch {
    hasKubectl = false;
  }
  it('renders with the real kubectl kustomize', { skip: !hasKubectl && 'kubectl is not installed' }, async () => {
    const objs = await renderKustomize(data('kustomize'));
    assert.deepEqual(names(objs), ['ConfigMap/prod-settings']);
    assert.equal(objs[0].metadata.namespace, 'shop');
    assert.deepEqual(objs[0].metadata.labels, { env: 'prod' });
  });
  it('reports kustomize failures with its message', { skip: !hasKubectl && 'kubectl is not installed' }, async () => {
    await assert.rejects(renderKustomize(data('kustomize-broken')), isRenderError('KustomizeFailed', /does-not-exist\.yaml/));
  });
  it('says kubectl is missing with a typed error', async () => {
    await assert.rejects(renderKustomize(data('kustomize'), { kubectlPath: '/nonexistent/kubectl' }), (e) => e instanceof KubectlNotFoundError && e.reason === 'KubectlNotFound');
  });
  it('stops a kubectl that hangs', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'marina-kubectl-'));
    const fake = join(tmp, 'kubectl');
    writeFileSync(fake, '#!/bin/sh\nexec sleep 10\n');
    chmodSync(fake, 0o755);
    try {
      await assert.rejects(renderKustomize(data('kustomize'), { kubectlPath: fake, timeoutMs: 200 }), isRenderError('Timeout'));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('source type', () => {
  const cases: Array<[string, string]> = [['app', 'Directory'], ['kustomize', 'Kustomize'], ['helm', 'Helm'], ['both', 'Kustomize']];
  for (const [dir, want] of cases) it(`${dir} is ${want}`, async () => assert.equal(await detectSourceType(data(dir)), want));
  it('prefers the type the source sets explicitly', async () => {
    assert.equal(await sourceTypeOf({ repoURL: 'x', directory: { recurse: true } }, data('kustomize')), 'Directory');
    assert.throws(() => explicitSourceType({ helm: {}, kustomize: {} }), isRenderError('InvalidSource', /multiple application sources defined: Helm,Kustomize/));
  });
});

describe('globMatch (Argo CD / gobwas syntax)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'sub/a.yaml', true],
    ['*.yaml', 'a.yml', false],
    ['{a,b}.yaml', 'b.yaml', true],
    ['{a,b}.yaml', 'c.yaml', false],
    ['{config.json,env-usw2/*}', 'env-usw2/x/y.yaml', true],
    ['{*.yml,sub/{x,y}.json}', 'sub/y.json', true],
    ['file?.json', 'file1.json', true],
    ['[a-c]*.yaml', 'b.yaml', true],
    ['[!a-c]*.yaml', 'b.yaml', false],
    ['\\*.yaml', '*.yaml', true],
    ['\\*.yaml', 'a.yaml', false],
    ['*.crossplane.io/*', 'aws.crossplane.io/Bucket', true],
    ['{unclosed', '{unclosed', false],
  ];
  for (const [pattern, text, want] of cases) it(`${pattern} ${want ? 'matches' : 'does not match'} ${text}`, () => assert.equal(globMatch(pattern, text), want));
});
