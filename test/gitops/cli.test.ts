/** `marina app list|get|diff|sync` against a running hub over HTTP, with a real git repository. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Command } from 'commander';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { appDiff, appGet, appHistory, appList, appSync, registerAppCommands } from '../../src/cli/app.ts';
import { appYaml, cm, getJson, gitRepo } from './support.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
let kc: string;
let o: { cluster: string; server: string; dataDir: string };

before(async () => {
  t = await startHub();
  kc = await t.cluster('cli-a');
  await installRuntime(t.hub.core, 'cli-a');
  await kubectl(bin, kc, ['create', 'namespace', 'apps']);
  o = { cluster: 'cli-a', server: t.hub.url.replace('https:', 'http:'), dataDir: join(t.dir, 'data') };
});
after(async () => t?.stop());

const capture = () => {
  const lines: string[] = [];
  return { out: (s: string) => void lines.push(s), text: () => lines.join('\n') };
};

test('app list, diff, sync, get', async () => {
  const repo = gitRepo(join(t.dir, 'repo-cli'));
  const rev = repo.write({ 'c/a.yaml': cm('cli-a', { v: '1' }) });
  const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: appYaml('guestbook', repo.url, 'c') });
  assert.equal(r.code, 0, r.stderr);

  const list = capture();
  await appList(o, list.out);
  assert.match(list.text(), /^NAME\s+CLUSTER\s+NAMESPACE\s+PROJECT\s+STATUS\s+HEALTH/);
  assert.match(list.text(), /guestbook\s+https:\/\/kubernetes.default.svc\s+apps\s+default/);

  const d = capture();
  assert.equal(await appDiff('guestbook', o, d.out), true, 'missing resource is a difference');
  assert.match(d.text(), /===== \/ConfigMap apps\/cli-a ======/);
  assert.match(d.text(), /\+\s+v: "1"/);

  const s = capture();
  assert.equal(await appSync('guestbook', { ...o, timeout: '30' }, s.out), 'Succeeded');
  assert.match(s.text(), new RegExp(`Sync Revision:\\s+${rev}`));
  assert.match(s.text(), /Phase:\s+Succeeded/);
  assert.match(s.text(), /ConfigMap\/cli-a\s+Synced\s+configmap\/cli-a created/);
  assert.equal((await getJson(bin, kc, ['-n', 'apps', 'configmap', 'cli-a'])).data.v, '1');

  const g = capture();
  await appGet('guestbook', o, g.out);
  assert.match(g.text(), /Sync Status:\s+Synced to HEAD/);
  assert.match(g.text(), /Phase:\s+Succeeded/);
  assert.match(g.text(), /ConfigMap\s+apps\s+cli-a\s+Synced/);
  assert.equal(await appDiff('guestbook', o, capture().out), false, 'no difference after the sync');

  // A live change shows up in the diff.
  await kubectl(bin, kc, ['-n', 'apps', 'patch', 'configmap', 'cli-a', '--type', 'merge', '-p', '{"data":{"v":"2"}}']);
  const d2 = capture();
  assert.equal(await appDiff('guestbook', o, d2.out), true);
  assert.match(d2.text(), /-\s+v: "2"\n\+\s+v: "1"/);
});

test('sync failures are reported with the operation message; commands are wired in commander', async () => {
  const repo = gitRepo(join(t.dir, 'repo-cli-bad'));
  repo.write({ 'c/a.yaml': cm('cli-bad', { v: '1' }) });
  await kubectl(bin, kc, ['apply', '-f', '-'], { input: appYaml('bad', repo.url, 'c', { destination: { server: 'https://kubernetes.default.svc', namespace: 'missing' } }) });
  const s = capture();
  assert.equal(await appSync('bad', { ...o, timeout: '30' }, s.out), 'Failed');
  assert.match(s.text(), /Message:\s+one or more objects failed to apply, reason: namespaces "missing" not found/);

  const program = new Command().exitOverride();
  registerAppCommands(program);
  const logged: string[] = [];
  const orig = console.log;
  console.log = (x: string) => void logged.push(x);
  try {
    await program.parseAsync(['node', 'marina', 'app', 'get', 'bad', '--cluster', 'cli-a', '--server', o.server, '--data-dir', o.dataDir, '-o', 'json']);
  } finally {
    console.log = orig;
  }
  assert.equal(JSON.parse(logged.join('\n')).metadata.name, 'bad');
});

test('multi-source apps: get shows each source and its commit, sync and history show the revisions', async () => {
  const a = gitRepo(join(t.dir, 'repo-cli-multi-a'));
  const b = gitRepo(join(t.dir, 'repo-cli-multi-b'));
  const revA = a.write({ 'm/a.yaml': cm('cli-multi', { v: '1' }) });
  const revB = b.write({ 'values.yaml': 'x: 1\n' });
  const app = JSON.parse(appYaml('multi', a.url, 'm'));
  delete app.spec.source;
  app.spec.sources = [{ repoURL: a.url, path: 'm', targetRevision: 'HEAD' }, { repoURL: b.url, targetRevision: 'main', ref: 'values' }];
  const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: JSON.stringify(app) });
  assert.equal(r.code, 0, r.stderr);

  await assert.rejects(appSync('multi', { ...o, timeout: '30', revision: 'HEAD' }, capture().out), /--revision needs an application with a single source; multi has 2 sources/);
  const s = capture();
  assert.equal(await appSync('multi', { ...o, timeout: '30' }, s.out), 'Succeeded');
  assert.match(s.text(), new RegExp(`Sync Revisions:\\s+${revA}, ${revB}`));

  const g = capture();
  await appGet('multi', o, g.out);
  assert.match(g.text(), new RegExp(`Sources:\\n- Repo:\\s+${a.url}\\n  Target:\\s+HEAD\\n  Path:\\s+m\\n- Repo:\\s+${b.url}\\n  Target:\\s+main\\n  Ref:\\s+values\\n`));
  assert.match(g.text(), new RegExp(`Sync Status:\\s+Synced to HEAD \\(${revA.slice(0, 7)}\\), main \\(${revB.slice(0, 7)}\\)`));
  assert.match(g.text(), new RegExp(`Sync Revisions:\\s+${revA}, ${revB}`));

  const h = capture();
  await appHistory('multi', o, h.out);
  assert.match(h.text(), /^ID\s+DATE\s+REVISION/);
  assert.match(h.text(), new RegExp(`\\n0\\s+\\S+Z\\s+${revA}, ${revB}$`));
});
