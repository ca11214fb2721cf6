/**
 * ApplicationSets end to end: a real git repository (file://), the hub's controllers and kubectl. A git
 * directory generator creates owned Applications that sync; a new directory adds one (refresh annotation),
 * a removed one deletes its Application and resources; create-only leaves existing ones alone; conditions
 * and status.resources in Argo CD's shape; deleting the ApplicationSet cascades through owner references.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kubectl, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { installRuntime } from '../../src/gitops/runtime/install.ts';
import { cm, getJson, gitRepo, waitFor } from './support.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
let kc: string;

before(async () => {
  t = await startHub();
  kc = await t.cluster('aset');
  await installRuntime(t.hub.core, 'aset');
});
after(async () => t?.stop());

const apply = async (o: unknown) => {
  const r = await kubectl(bin, kc, ['apply', '-f', '-'], { input: JSON.stringify(o) });
  assert.equal(r.code, 0, r.stderr);
};
const appset = (name: string) => getJson(bin, kc, ['-n', 'argocd', 'applicationset', name]);
const appNames = async (owner: string) => (await getJson(bin, kc, ['-n', 'argocd', 'applications'])).items.filter((a: any) => a.metadata.ownerReferences?.[0]?.name === owner).map((a: any) => a.metadata.name).sort();
const refresh = (name: string) => kubectl(bin, kc, ['-n', 'argocd', 'annotate', '--overwrite', 'applicationset', name, 'argocd.argoproj.io/application-set-refresh=true']);
const cmExists = async (ns: string, name: string) => (await kubectl(bin, kc, ['-n', ns, 'get', 'configmap', name])).code === 0;

function gitAppSet(name: string, url: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name, namespace: 'argocd' },
    spec: {
      generators: [{ git: { repoURL: url, revision: 'HEAD', directories: [{ path: 'apps/*' }, { path: 'apps/skip', exclude: true }] } }],
      template: {
        metadata: { name: '{{path.basename}}', labels: { team: '{{path[0]}}' } },
        spec: {
          project: 'default',
          source: { repoURL: url, targetRevision: 'HEAD', path: '{{path}}' },
          destination: { server: 'https://kubernetes.default.svc', namespace: '{{path.basename}}' },
          syncPolicy: { automated: { prune: true }, syncOptions: ['CreateNamespace=true'] },
        },
      },
      ...extra,
    },
  };
}

test('git directories: owned Applications that sync, added and removed with Git, status in Argo CD shape', async () => {
  const repo = gitRepo(join(t.dir, 'repo-appset'));
  repo.write({ 'apps/alpha/cm.yaml': cm('alpha-cm', { v: 'a' }), 'apps/beta/cm.yaml': cm('beta-cm', { v: 'b' }), 'apps/skip/cm.yaml': cm('skip', {}) });
  await apply(gitAppSet('dirs', repo.url));
  await waitFor('two applications', async () => JSON.stringify(await appNames('dirs')) === '["alpha","beta"]');
  const set = await appset('dirs');
  const alpha = await getJson(bin, kc, ['-n', 'argocd', 'application', 'alpha']);
  assert.deepEqual(alpha.metadata.ownerReferences, [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', name: 'dirs', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(alpha.metadata.finalizers, ['resources-finalizer.argocd.argoproj.io']);
  assert.equal(alpha.metadata.labels.team, 'apps');
  assert.equal(alpha.spec.source.path, 'apps/alpha');
  await waitFor('alpha synced', () => cmExists('alpha', 'alpha-cm'));
  await waitFor('beta synced', () => cmExists('beta', 'beta-cm'));

  const status = await waitFor('status.resources Synced and Healthy', async () => {
    const s = (await appset('dirs')).status;
    return s?.resources?.length === 2 && s.resources.every((r: any) => r.status === 'Synced' && r.health?.status === 'Healthy') && s;
  });
  assert.deepEqual(status.resources.map((r: any) => [r.group, r.version, r.kind, r.name, r.namespace]), [['argoproj.io', 'v1alpha1', 'Application', 'alpha', 'argocd'], ['argoproj.io', 'v1alpha1', 'Application', 'beta', 'argocd']]);
  assert.deepEqual(status.conditions.map((c: any) => [c.type, c.status, c.reason, c.message]), [
    ['ErrorOccurred', 'False', 'ApplicationSetUpToDate', 'Successfully generated parameters for all Applications'],
    ['ParametersGenerated', 'True', 'ParametersGenerated', 'Successfully generated parameters for all Applications'],
    ['ResourcesUpToDate', 'True', 'ApplicationSetUpToDate', 'All applications have been generated successfully'],
  ]);
  assert.ok(status.conditions.every((c: any) => c.lastTransitionTime));

  // A new directory: a new Application after a refresh (the annotation is removed once handled).
  repo.write({ 'apps/gamma/cm.yaml': cm('gamma-cm', { v: 'g' }) });
  assert.equal((await refresh('dirs')).code, 0);
  await waitFor('gamma', async () => (await appNames('dirs')).includes('gamma'));
  await waitFor('refresh annotation removed', async () => !(await appset('dirs')).metadata.annotations?.['argocd.argoproj.io/application-set-refresh']);

  // A removed directory: its Application goes, and with it (resources finalizer) what it deployed.
  repo.write({ 'apps/beta/cm.yaml': null });
  await refresh('dirs');
  await waitFor('beta deleted', async () => !(await appNames('dirs')).includes('beta'));
  await waitFor('beta resources deleted', async () => !(await cmExists('beta', 'beta-cm')));

  // create-only: template changes and removals no longer reach existing Applications.
  await apply(gitAppSet('dirs', repo.url, { syncPolicy: { applicationsSync: 'create-only' } }));
  repo.write({ 'apps/gamma/cm.yaml': null, 'apps/delta/cm.yaml': cm('delta-cm', {}) });
  const patch = await kubectl(bin, kc, ['-n', 'argocd', 'patch', 'applicationset', 'dirs', '--type', 'json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/template/metadata/labels/team', value: 'changed' }])]);
  assert.equal(patch.code, 0, patch.stderr);
  await waitFor('delta created', async () => (await appNames('dirs')).includes('delta'));
  assert.ok((await appNames('dirs')).includes('gamma'), 'create-only never deletes');
  assert.equal((await getJson(bin, kc, ['-n', 'argocd', 'application', 'alpha'])).metadata.labels.team, 'apps', 'create-only never updates');
  assert.equal((await getJson(bin, kc, ['-n', 'argocd', 'application', 'delta'])).metadata.labels.team, 'changed');

  // Deleting the ApplicationSet deletes its Applications through their owner references.
  assert.equal((await kubectl(bin, kc, ['-n', 'argocd', 'delete', 'applicationset', 'dirs'])).code, 0);
  await waitFor('owned applications deleted', async () => (await appNames('dirs')).length === 0);
});

test('goTemplate list with preserveResourcesOnDeletion; errors as conditions and events', async () => {
  const repo = gitRepo(join(t.dir, 'repo-appset-list'));
  repo.write({ 'p/cm.yaml': cm('kept', { v: '1' }) });
  await apply({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'listed', namespace: 'argocd' },
    spec: {
      goTemplate: true,
      goTemplateOptions: ['missingkey=error'],
      syncPolicy: { preserveResourcesOnDeletion: true },
      generators: [{ list: { elements: [{ env: 'Dev' }] } }],
      template: {
        metadata: { name: 'kept-{{ .env | lower }}' },
        spec: { project: 'default', source: { repoURL: repo.url, path: 'p' }, destination: { server: 'https://kubernetes.default.svc', namespace: '{{ .env | lower }}' }, syncPolicy: { automated: {}, syncOptions: ['CreateNamespace=true'] } },
      },
    },
  });
  await waitFor('kept synced', () => cmExists('dev', 'kept'));
  assert.equal((await getJson(bin, kc, ['-n', 'argocd', 'application', 'kept-dev'])).metadata.finalizers, undefined);
  assert.equal((await kubectl(bin, kc, ['-n', 'argocd', 'delete', 'applicationset', 'listed'])).code, 0);
  await waitFor('kept-dev deleted', async () => (await kubectl(bin, kc, ['-n', 'argocd', 'get', 'application', 'kept-dev'])).code !== 0);
  assert.ok(await cmExists('dev', 'kept'), 'preserveResourcesOnDeletion keeps what the Application deployed');

  // A project that does not exist: ApplicationValidationError, nothing created.
  await apply({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'bad', namespace: 'argocd' },
    spec: { generators: [{ list: { elements: [{ n: 'x' }] } }], template: { metadata: { name: 'bad-{{n}}' }, spec: { project: 'nope', source: { repoURL: repo.url, path: 'p' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'x' } } } },
  });
  const cond = await waitFor('validation error', async () => (await appset('bad')).status?.conditions?.find((c: any) => c.type === 'ErrorOccurred' && c.status === 'True'));
  assert.equal(cond.reason, 'ApplicationValidationError');
  assert.equal(cond.message, 'application references project nope which does not exist');
  assert.deepEqual(await appNames('bad'), []);
  // A generator error: ParametersGenerated False, and an event.
  await kubectl(bin, kc, ['-n', 'argocd', 'patch', 'applicationset', 'bad', '--type', 'merge', '-p', JSON.stringify({ spec: { generators: [{ scmProvider: { github: { organization: 'x' } } }] } })]);
  await waitFor('ParametersGenerated False', async () => (await appset('bad')).status?.conditions?.find((c: any) => c.type === 'ParametersGenerated' && c.status === 'False' && /scmProvider is not supported/.test(c.message)));
  const events = await getJson(bin, kc, ['-n', 'argocd', 'events', '--field-selector', 'involvedObject.name=bad']);
  assert.ok(events.items.some((e: any) => e.reason === 'ApplicationGenerationFromParamsError' && e.type === 'Warning'));
});
