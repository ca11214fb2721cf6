/**
 * The built-in providers against a real hub, driven with kubectl 1.33: a VirtualCluster gives a logical
 * cluster usable with the kubeconfig of its connection secret; a ProviderConfig holding that kubeconfig
 * lets Objects create, observe, orphan and delete objects inside the tenant (checked with kubectl as the
 * tenant); a GitOpsRuntime installs the runtime; a Release from an OCI registry says it is not supported; a kubeconfig
 * token never reaches beyond what it allows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { condition, kubectl, kubectlAs, kubectlPath, startHub, type TestHub } from '../support/hub.ts';
import { waitFor } from '../gitops/support.ts';
import { FINALIZER } from '../../src/compose/providers/index.ts';

const bin = kubectlPath('1.33') ?? kubectlPath()!;
let t: TestHub;
let kc: string;

before(async () => {
  t = await startHub();
  kc = await t.kubeconfig('root');
});
after(async () => t?.stop());

const { run, apply, getJson, exists } = kubectlAs(bin, () => kc);

/** Waits for a managed resource's Synced and Ready conditions to have these statuses; returns it. */
async function waitConditions(args: string[], synced: string, ready?: string, config = kc): Promise<any> {
  return waitFor(`${args.join(' ')} Synced=${synced} Ready=${ready}`, async () => {
    const o = await getJson(args, config);
    return condition(o, 'Synced')?.status === synced && (ready === undefined || condition(o, 'Ready')?.status === ready) ? o : undefined;
  });
}

function tenantKubeconfig(name: string, secret: any): string {
  const p = join(t.dir, `${name}-from-secret.kubeconfig`);
  writeFileSync(p, Buffer.from(secret.data.kubeconfig, 'base64').toString('utf8'));
  return p;
}

const vc = (name: string, extra: object = {}) => ({
  apiVersion: 'provider.marina.io/v1alpha1',
  kind: 'VirtualCluster',
  metadata: { name },
  spec: { forProvider: {}, writeConnectionSecretToRef: { namespace: 'default', name: `${name}-conn` }, ...extra },
});

test('a VirtualCluster gives a logical cluster usable with the kubeconfig of its connection secret', async () => {
  await apply(vc('tenant-a'));
  const o = await waitConditions(['virtualcluster', 'tenant-a'], 'True', 'True');
  assert.equal(o.status.atProvider.clusterName, 'tenant-a');
  assert.match(o.status.atProvider.server, /\/clusters\/tenant-a$/);
  assert.deepEqual(o.metadata.finalizers, [FINALIZER]);
  assert.equal(o.metadata.annotations['crossplane.io/external-name'], 'tenant-a');
  const lc = await getJson(['logicalcluster', 'tenant-a']);
  assert.equal(o.status.atProvider.uid, lc.metadata.uid);
  const secret = await waitFor('the connection secret', async () => getJson(['secret', '-n', 'default', 'tenant-a-conn']));
  assert.equal(secret.type, 'connection.crossplane.io/v1alpha1');
  assert.deepEqual(Object.keys(secret.data).sort(), ['kubeconfig', 'server', 'token']);
  assert.equal(Buffer.from(secret.data.server, 'base64').toString(), o.status.atProvider.server);
  const tkc = tenantKubeconfig('tenant-a', secret);
  await run(['create', 'namespace', 'team'], undefined, tkc);
  assert.match(await run(['get', 'namespaces', '-o', 'name'], undefined, tkc), /namespace\/team/);
  // The table shows READY and SYNCED as Crossplane's managed resources do.
  assert.match(await run(['get', 'virtualclusters']), /NAME\s+READY\s+SYNCED\s+EXTERNAL-NAME\s+AGE\ntenant-a\s+True\s+True\s+tenant-a/);
});

test('a GitOpsRuntime installs the runtime into the tenant cluster, and deleting it removes it', async () => {
  await apply(vc('tenant-g'));
  await waitConditions(['virtualcluster', 'tenant-g'], 'True', 'True');
  const tkc = tenantKubeconfig('tenant-g', await waitFor('the connection secret', async () => getJson(['secret', '-n', 'default', 'tenant-g-conn'])));
  await apply({ apiVersion: 'provider.marina.io/v1alpha1', kind: 'GitOpsRuntime', metadata: { name: 'tenant-g' }, spec: { forProvider: { clusterName: 'tenant-g' } } });
  const rt = await waitConditions(['gitopsruntime', 'tenant-g'], 'True', 'True');
  assert.deepEqual(rt.status.atProvider, { clusterName: 'tenant-g', namespace: 'argocd', applications: 0 });
  const project = await getJson(['appproject', 'default', '-n', 'argocd'], tkc);
  assert.deepEqual(project.spec.sourceRepos, ['*']);
  await getJson(['configmap', 'argocd-cm', '-n', 'argocd'], tkc);
  // An Application in the tenant shows in the count (its store event requeues the runtime).
  await apply({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' }, spec: { project: 'default', source: { repoURL: 'file:///nowhere', path: '.' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'x' } } }, tkc);
  await waitFor('applications: 1', async () => (await getJson(['gitopsruntime', 'tenant-g'])).status.atProvider.applications === 1);

  await run(['delete', 'gitopsruntime', 'tenant-g', '--timeout=20s']);
  assert.equal(await exists(['namespace', 'argocd'], tkc), false);
  const lc = await getJson(['logicalcluster', 'tenant-g']);
  assert.ok(!(lc.metadata.annotations?.['core.marina.io/api-sets'] ?? '').includes('argo-cd'));
});

const providerConfig = (name: string, secretName: string) => ({
  apiVersion: 'kubernetes.crossplane.io/v1alpha1',
  kind: 'ProviderConfig',
  metadata: { name },
  spec: { credentials: { source: 'Secret', secretRef: { namespace: 'default', name: secretName, key: 'kubeconfig' } } },
});
const object = (name: string, manifest: object, spec: object = {}, apiVersion = 'v1alpha2') => ({
  apiVersion: `kubernetes.crossplane.io/${apiVersion}`,
  kind: 'Object',
  metadata: { name },
  spec: { forProvider: { manifest }, providerConfigRef: { name: 'tenant-o' }, ...spec },
});

test('Objects apply, observe, orphan and delete objects inside a tenant through a ProviderConfig secret', async () => {
  await apply(vc('tenant-o'));
  await waitConditions(['virtualcluster', 'tenant-o'], 'True', 'True');
  const tkc = tenantKubeconfig('tenant-o', await waitFor('the connection secret', async () => getJson(['secret', '-n', 'default', 'tenant-o-conn'])));
  await apply(providerConfig('tenant-o', 'tenant-o-conn'));

  await apply(object('ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } }));
  await apply(object('cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: { color: 'blue' } }));
  await apply(object('quota', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'apps' }, spec: { hard: { pods: '10' } } }));
  for (const n of ['ns', 'cm', 'quota']) await waitConditions(['object', n], 'True', 'True');
  const cm = await getJson(['configmap', 'settings', '-n', 'apps', '--show-managed-fields'], tkc);
  assert.deepEqual(cm.data, { color: 'blue' });
  assert.ok(cm.metadata.managedFields.some((f: any) => f.manager === 'provider-kubernetes/cm' && f.operation === 'Apply'));
  assert.equal((await getJson(['resourcequota', 'q', '-n', 'apps'], tkc)).spec.hard.pods, '10');
  const observed = await getJson(['object', 'cm']);
  assert.equal(observed.status.atProvider.manifest.metadata.uid, cm.metadata.uid);

  // A change made in the tenant is put back (the tenant's store event requeues the Object).
  await run(['patch', 'configmap', 'settings', '-n', 'apps', '--type=merge', '-p', '{"data":{"color":"red"}}'], undefined, tkc);
  await waitFor('the drift to be corrected', async () => (await getJson(['configmap', 'settings', '-n', 'apps'], tkc)).data.color === 'blue');
  // A change to the Object is applied.
  await apply(object('cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: { color: 'green' } }));
  await waitFor('the update', async () => (await getJson(['configmap', 'settings', '-n', 'apps'], tkc)).data.color === 'green');

  // Observe only: never creates; reports the missing object; observes one that exists.
  await apply(object('watch-missing', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'missing', namespace: 'apps' } }, { managementPolicies: ['Observe'] }));
  const missing = await waitConditions(['object', 'watch-missing'], 'False');
  assert.equal(condition(missing, 'Synced').message, 'observe failed: external resource does not exist');
  assert.equal(await exists(['configmap', 'missing', '-n', 'apps'], tkc), false);
  await run(['create', 'configmap', 'existing', '-n', 'apps', '--from-literal=k=v'], undefined, tkc);
  await apply(object('watch-existing', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'existing', namespace: 'apps' }, data: { k: 'changed' } }, { managementPolicies: ['Observe'] }));
  const seen = await waitConditions(['object', 'watch-existing'], 'True', 'True');
  assert.deepEqual(seen.status.atProvider.manifest.data, { k: 'v' });
  await run(['delete', 'object', 'watch-existing', 'watch-missing', '--timeout=20s']);
  assert.deepEqual((await getJson(['configmap', 'existing', '-n', 'apps'], tkc)).data, { k: 'v' });

  // v1alpha1 ObserveDelete: observes without changing, deletes on deletion.
  await run(['create', 'configmap', 'doomed', '-n', 'apps', '--from-literal=k=v'], undefined, tkc);
  await apply(object('doomed', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'doomed', namespace: 'apps' }, data: { k: 'other' } }, { managementPolicy: 'ObserveDelete' }, 'v1alpha1'));
  await waitConditions(['object', 'doomed'], 'True', 'True');
  assert.deepEqual((await getJson(['configmap', 'doomed', '-n', 'apps'], tkc)).data, { k: 'v' });
  await run(['delete', 'object', 'doomed', '--timeout=20s']);
  assert.equal(await exists(['configmap', 'doomed', '-n', 'apps'], tkc), false);

  // Orphan: the Object goes, the ConfigMap stays.
  await apply(object('kept', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'apps' } }, { deletionPolicy: 'Orphan' }));
  await waitConditions(['object', 'kept'], 'True', 'True');
  await run(['delete', 'object', 'kept', '--timeout=20s']);
  assert.equal(await exists(['configmap', 'kept', '-n', 'apps'], tkc), true);

  // Delete: the ConfigMap goes before the Object's finalizer does; the Namespace's Object waits for it.
  await run(['delete', 'object', 'cm', '--timeout=20s']);
  assert.equal(await exists(['configmap', 'settings', '-n', 'apps'], tkc), false);
  await run(['delete', 'object', 'quota', 'ns', '--timeout=20s']);
  assert.equal(await exists(['namespace', 'apps'], tkc), false);
});

test('a kubeconfig token reaches only what it allows: another cluster\'s token is refused, a service account is held to its RBAC', async () => {
  await apply(vc('tenant-r'));
  await apply(vc('tenant-s'));
  await waitConditions(['virtualcluster', 'tenant-r'], 'True', 'True');
  await waitConditions(['virtualcluster', 'tenant-s'], 'True', 'True');
  const r = await waitFor('tenant-r secret', async () => getJson(['secret', '-n', 'default', 'tenant-r-conn']));
  const s = await waitFor('tenant-s secret', async () => getJson(['secret', '-n', 'default', 'tenant-s-conn']));
  const rkc = tenantKubeconfig('tenant-r', r);

  // tenant-r's server with tenant-s's token: Unauthorized, nothing written anywhere.
  const forged = Buffer.from(r.data.kubeconfig, 'base64').toString().replace(Buffer.from(r.data.token, 'base64').toString(), Buffer.from(s.data.token, 'base64').toString());
  await run(['create', 'secret', 'generic', 'forged', '-n', 'default', `--from-literal=kubeconfig=${forged}`]);
  await apply(providerConfig('forged', 'forged'));
  await apply(object('forged-cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'forged', namespace: 'default' } }, { providerConfigRef: { name: 'forged' } }));
  const refused = await waitConditions(['object', 'forged-cm'], 'False');
  assert.match(condition(refused, 'Synced').message, /^connect failed: cannot build kube client for provider config: the kubeconfig in secret default\/forged is not valid for logical cluster "tenant-r" of this hub: Unauthorized$/);
  assert.equal(await exists(['configmap', 'forged', '-n', 'default'], rkc), false);
  assert.equal(await exists(['configmap', 'forged', '-n', 'default']), false);

  // A service account of tenant-r allowed to write ConfigMaps in namespace "team" only.
  await run(['create', 'namespace', 'team'], undefined, rkc);
  await run(['create', 'serviceaccount', 'deployer', '-n', 'team'], undefined, rkc);
  await run(['create', 'role', 'cm-writer', '-n', 'team', '--verb=get,list,watch,create,update,patch,delete', '--resource=configmaps'], undefined, rkc);
  await run(['create', 'rolebinding', 'cm-writer', '-n', 'team', '--role=cm-writer', '--serviceaccount=team:deployer'], undefined, rkc);
  const token = (await run(['create', 'token', 'deployer', '-n', 'team'], undefined, rkc)).trim();
  const limited = Buffer.from(r.data.kubeconfig, 'base64').toString().replace(Buffer.from(r.data.token, 'base64').toString(), token);
  await run(['create', 'secret', 'generic', 'deployer', '-n', 'default', `--from-literal=kubeconfig=${limited}`]);
  await apply(providerConfig('deployer', 'deployer'));
  await apply(object('allowed', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'allowed', namespace: 'team' } }, { providerConfigRef: { name: 'deployer' } }));
  await apply(object('denied', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'escalated' } }, { providerConfigRef: { name: 'deployer' } }));
  await waitConditions(['object', 'allowed'], 'True', 'True');
  assert.equal(await exists(['configmap', 'allowed', '-n', 'team'], rkc), true);
  const denied = await waitConditions(['object', 'denied'], 'False');
  assert.match(condition(denied, 'Synced').message, /^observe failed: cannot get object: .*forbidden/);
  assert.equal(await exists(['namespace', 'escalated'], rkc), false);
  assert.equal(await exists(['namespace', 'escalated']), false);
});

test('a VirtualCluster never adopts a cluster someone else owns; Orphan keeps the cluster, Delete removes it with everything in it', async () => {
  await t.cluster('taken');
  await apply(vc('thief', { forProvider: { clusterName: 'taken' } }));
  const refused = await waitConditions(['virtualcluster', 'thief'], 'False');
  assert.match(condition(refused, 'Synced').message, /^observe failed: logical cluster "taken" already exists and is not owned by this VirtualCluster/);
  await run(['delete', 'virtualcluster', 'thief', '--timeout=20s']);
  assert.equal(await exists(['logicalcluster', 'taken']), true);

  await apply(vc('kept', { deletionPolicy: 'Orphan' }));
  await waitConditions(['virtualcluster', 'kept'], 'True', 'True');
  await run(['delete', 'virtualcluster', 'kept', '--timeout=20s']);
  assert.equal(await exists(['logicalcluster', 'kept']), true);
  assert.equal(await exists(['secret', 'kept-conn', '-n', 'default']), false);

  await apply(vc('gone', { forProvider: { apiSets: ['argo-cd'] } }));
  await waitConditions(['virtualcluster', 'gone'], 'True', 'True');
  const gkc = tenantKubeconfig('gone', await waitFor('the secret', async () => getJson(['secret', '-n', 'default', 'gone-conn'])));
  assert.equal((await getJson(['logicalcluster', 'gone'])).metadata.annotations['core.marina.io/api-sets'], 'argo-cd');
  await run(['create', 'configmap', 'c', '--from-literal=a=b'], undefined, gkc);
  await run(['delete', 'virtualcluster', 'gone', '--timeout=20s']);
  assert.equal(await exists(['logicalcluster', 'gone']), false);
  assert.notEqual((await kubectl(bin, gkc, ['get', 'configmap', 'c'])).code, 0);
});

test('a paused managed resource does nothing; a Release from an OCI registry says plainly it is not supported', async () => {
  await apply({ apiVersion: 'kubernetes.crossplane.io/v1alpha1', kind: 'ProviderConfig', metadata: { name: 'default' }, spec: { credentials: { source: 'InjectedIdentity' } } });
  await apply({ ...object('paused', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'default' } }, { providerConfigRef: { name: 'default' } }), metadata: { name: 'paused', annotations: { 'crossplane.io/paused': 'true' } } });
  const paused = await waitConditions(['object', 'paused'], 'False');
  assert.equal(condition(paused, 'Synced').reason, 'ReconcilePaused');
  assert.equal(await exists(['configmap', 'paused', '-n', 'default']), false);
  await run(['annotate', 'object', 'paused', 'crossplane.io/paused-']);
  await waitConditions(['object', 'paused'], 'True', 'True');
  assert.equal(await exists(['configmap', 'paused', '-n', 'default']), true);

  await apply({ apiVersion: 'helm.crossplane.io/v1beta1', kind: 'ProviderConfig', metadata: { name: 'default' }, spec: { credentials: { source: 'InjectedIdentity' } } });
  await apply({
    apiVersion: 'helm.crossplane.io/v1beta1',
    kind: 'Release',
    metadata: { name: 'argocd' },
    spec: { forProvider: { chart: { name: 'argo-cd', repository: 'oci://ghcr.io/argoproj/argo-helm', version: '5.21.0' }, namespace: 'argocd' } },
  });
  const rel = await waitConditions(['release.helm.crossplane.io', 'argocd'], 'False');
  const message = 'create failed: failed to install release: spec.forProvider.chart: Helm OCI registries are not supported by Marina yet: "oci://ghcr.io/argoproj/argo-helm" (use an http(s) Helm chart repository)';
  assert.deepEqual(condition(rel, 'Synced'), { ...condition(rel, 'Synced'), reason: 'ReconcileError', message });
  assert.deepEqual(rel.metadata.finalizers, [FINALIZER]);
  await run(['delete', 'release.helm.crossplane.io', 'argocd', '--timeout=20s']);
});

test('a ProviderConfig whose kubeconfig names a server outside this hub is reached over HTTP', async () => {
  await apply(vc('tenant-h'));
  await waitConditions(['virtualcluster', 'tenant-h'], 'True', 'True');
  const secret = await waitFor('the secret', async () => getJson(['secret', '-n', 'default', 'tenant-h-conn']));
  const hkc = tenantKubeconfig('tenant-h', secret);
  // `localhost` is not the hub's host (127.0.0.1): the provider takes it for another cluster and uses HTTP.
  const remote = Buffer.from(secret.data.kubeconfig, 'base64').toString().replace('https://127.0.0.1:', 'https://localhost:').replace(/certificate-authority-data: .*/, 'insecure-skip-tls-verify: true');
  await run(['create', 'secret', 'generic', 'remote', '-n', 'default', `--from-literal=kubeconfig=${remote}`]);
  await apply(providerConfig('remote', 'remote'));
  await apply(object('remote-cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'remote', namespace: 'default' }, data: { via: 'http' } }, { providerConfigRef: { name: 'remote' } }));
  await waitConditions(['object', 'remote-cm'], 'True', 'True');
  const cm = await getJson(['configmap', 'remote', '-n', 'default', '--show-managed-fields'], hkc);
  assert.deepEqual(cm.data, { via: 'http' });
  assert.ok(cm.metadata.managedFields.some((f: any) => f.manager === 'provider-kubernetes/remote-cm'));
  await run(['delete', 'object', 'remote-cm', '--timeout=20s']);
  assert.equal(await exists(['configmap', 'remote', '-n', 'default'], hkc), false);
});

test('spec.references: dependsOn waits for the referenced object, patchesFrom copies a field; connectionDetails are published', async () => {
  await apply({ apiVersion: 'kubernetes.crossplane.io/v1alpha1', kind: 'ProviderConfig', metadata: { name: 'default' }, spec: { credentials: { source: 'InjectedIdentity' } } });
  await apply(object('with-refs', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'with-refs', namespace: 'default' }, data: { fixed: 'x' } }, {
    providerConfigRef: { name: 'default' },
    references: [
      { dependsOn: { apiVersion: 'v1', kind: 'Secret', name: 'needed', namespace: 'default' } },
      { patchesFrom: { apiVersion: 'v1', kind: 'ConfigMap', name: 'source', namespace: 'default', fieldPath: 'data.color' }, toFieldPath: 'spec.forProvider.manifest.data.color' },
    ],
    connectionDetails: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'with-refs', namespace: 'default', fieldPath: 'data.color', toConnectionSecretKey: 'color' }],
    writeConnectionSecretToRef: { namespace: 'default', name: 'with-refs-conn' },
  }));
  const waiting = await waitConditions(['object', 'with-refs'], 'False');
  assert.match(condition(waiting, 'Synced').message, /^observe failed: cannot resolve resource references: cannot get referenced resource: .*needed.* not found/);
  assert.equal(await exists(['configmap', 'with-refs', '-n', 'default']), false);
  // Both referenced objects appearing requeue the Object (their store events), no poll needed.
  await run(['create', 'configmap', 'source', '-n', 'default', '--from-literal=color=purple']);
  await run(['create', 'secret', 'generic', 'needed', '-n', 'default', '--from-literal=a=b']);
  await waitConditions(['object', 'with-refs'], 'True', 'True');
  assert.deepEqual((await getJson(['configmap', 'with-refs', '-n', 'default'])).data, { fixed: 'x', color: 'purple' });
  const conn = await waitFor('the connection secret', async () => getJson(['secret', 'with-refs-conn', '-n', 'default']));
  assert.equal(Buffer.from(conn.data.color, 'base64').toString(), 'purple');
  await run(['delete', 'object', 'with-refs', '--timeout=20s']);
  assert.equal(await exists(['configmap', 'with-refs', '-n', 'default']), false);
  assert.equal(await exists(['secret', 'with-refs-conn', '-n', 'default']), false);
});

test('deleting a tenant all at once: the ProviderConfig waits for its Objects, Objects of a deleted cluster let go', async () => {
  await apply(vc('tenant-d'));
  await waitConditions(['virtualcluster', 'tenant-d'], 'True', 'True');
  await waitFor('the secret', async () => getJson(['secret', '-n', 'default', 'tenant-d-conn']));
  await apply(providerConfig('tenant-d', 'tenant-d-conn'));
  await apply(object('d-ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'd' } }, { providerConfigRef: { name: 'tenant-d' } }));
  await apply(object('d-cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd' } }, { providerConfigRef: { name: 'tenant-d' } }));
  await waitConditions(['object', 'd-ns'], 'True', 'True');
  await waitConditions(['object', 'd-cm'], 'True', 'True');
  const pc = await waitFor('users: 2', async () => {
    const p = await getJson(['providerconfig.kubernetes.crossplane.io', 'tenant-d']);
    return p.status?.users === 2 ? p : undefined;
  });
  assert.deepEqual(pc.metadata.finalizers, ['in-use.crossplane.io']);

  // The ProviderConfig first: it stays (in use) and says why.
  await run(['delete', 'providerconfig.kubernetes.crossplane.io', 'tenant-d', '--wait=false']);
  const blocked = await waitFor('Terminating', async () => {
    const p = await getJson(['providerconfig.kubernetes.crossplane.io', 'tenant-d']);
    return condition(p, 'Terminating') ? p : undefined;
  });
  assert.deepEqual([condition(blocked, 'Terminating').status, condition(blocked, 'Terminating').reason, condition(blocked, 'Terminating').message], ['True', 'InUse', 'Blocking deletion while usages still exist']);
  // Then the cluster (with its connection secret), then the Objects: what they created went with the cluster,
  // so they let go though they can no longer connect, and then so does the ProviderConfig.
  await run(['delete', 'virtualcluster', 'tenant-d', '--timeout=20s']);
  assert.equal(await exists(['logicalcluster', 'tenant-d']), false);
  assert.equal(await exists(['secret', 'tenant-d-conn', '-n', 'default']), false);
  await run(['delete', 'object', 'd-ns', 'd-cm', '--wait=false']);
  for (const args of [['object', 'd-ns'], ['object', 'd-cm'], ['providerconfig.kubernetes.crossplane.io', 'tenant-d']]) {
    await waitFor(`${args.join(' ')} gone`, async () => !(await exists(args)));
  }
});

test('a connection secret that cannot be written is a ReconcileError until it can', async () => {
  await apply(vc('tenant-n', { writeConnectionSecretToRef: { namespace: 'later', name: 'tenant-n-conn' } }));
  const failed = await waitConditions(['virtualcluster', 'tenant-n'], 'False', 'True');
  assert.match(condition(failed, 'Synced').message, /^cannot create or update connection secret: .*later/);
  await run(['create', 'namespace', 'later']);
  await waitConditions(['virtualcluster', 'tenant-n'], 'True', 'True');
  const secret = await getJson(['secret', '-n', 'later', 'tenant-n-conn']);
  assert.deepEqual(Object.keys(secret.data).sort(), ['kubeconfig', 'server', 'token']);
});
