// Test-only: a tiny HTTPS server that looks enough like an API server for
// kubectl's typed clients (legacy discovery + POST), recording request bodies.

import { execFileSync, execFile } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { decodeKubernetesProtobuf, KUBERNETES_PROTOBUF_CONTENT_TYPE } from './index.ts';

const run = promisify(execFile);

// groupVersion -> [resource, Kind, namespaced]
const DISCOVERY: Record<string, [string, string, boolean][]> = {
  v1: [
    ['namespaces', 'Namespace', false], ['pods', 'Pod', true], ['secrets', 'Secret', true],
    ['configmaps', 'ConfigMap', true], ['serviceaccounts', 'ServiceAccount', true],
    ['serviceaccounts/token', 'TokenRequest', true], ['services', 'Service', true],
    ['resourcequotas', 'ResourceQuota', true],
  ],
  'apps/v1': [['deployments', 'Deployment', true], ['deployments/scale', 'Scale', true]],
  'batch/v1': [['jobs', 'Job', true], ['cronjobs', 'CronJob', true]],
  'rbac.authorization.k8s.io/v1': [
    ['roles', 'Role', true], ['rolebindings', 'RoleBinding', true],
    ['clusterroles', 'ClusterRole', false], ['clusterrolebindings', 'ClusterRoleBinding', false],
  ],
  'scheduling.k8s.io/v1': [['priorityclasses', 'PriorityClass', false]],
  'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget', true]],
  'networking.k8s.io/v1': [['ingresses', 'Ingress', true]],
  'authorization.k8s.io/v1': [
    ['selfsubjectaccessreviews', 'SelfSubjectAccessReview', false],
    ['selfsubjectrulesreviews', 'SelfSubjectRulesReview', false],
  ],
  'authentication.k8s.io/v1': [['selfsubjectreviews', 'SelfSubjectReview', false]],
};

export interface Recorded {
  method: string;
  url: string;
  contentType: string;
  body: Buffer;
}

function discovery(path: string): unknown {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] };
  if (path === '/apis') {
    const groups = Object.keys(DISCOVERY).filter((gv) => gv.includes('/')).map((gv) => {
      const [name, version] = gv.split('/') as [string, string];
      return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  const gv = path === '/api/v1' ? 'v1' : path.replace(/^\/apis\//, '');
  const resources = DISCOVERY[gv];
  if (!resources) return undefined;
  return {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv,
    resources: resources.map(([name, kind, namespaced]) => ({
      name, singularName: '', namespaced, kind,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    })),
  };
}

/** Just enough status for kubectl to accept the answer (it reads these). */
function withStatus(obj: Record<string, unknown>): Record<string, unknown> {
  switch (obj['kind']) {
    case 'TokenRequest': return { ...obj, status: { token: 'fake-token', expirationTimestamp: '2030-01-01T00:00:00Z' } };
    case 'SelfSubjectAccessReview': return { ...obj, status: { allowed: true } };
    case 'SelfSubjectRulesReview': return { ...obj, status: { resourceRules: [], nonResourceRules: [], incomplete: false } };
    case 'SelfSubjectReview': return { ...obj, status: { userInfo: { username: 'test', groups: ['system:authenticated'] } } };
    default: return obj;
  }
}

export interface Harness {
  kubeconfig: string;
  requests: Recorded[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'marina-pb-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'),
  ], { stdio: 'ignore' });
  const requests: Recorded[] = [];
  const server: Server = createServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '/').split('?')[0]!;
      const reply = (status: number, obj: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (req.method === 'GET') {
        const doc = discovery(path);
        return doc ? reply(200, doc) : reply(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound' });
      }
      const contentType = String(req.headers['content-type'] ?? '');
      requests.push({ method: req.method ?? '', url: req.url ?? '', contentType, body });
      try {
        const object = contentType.startsWith(KUBERNETES_PROTOBUF_CONTENT_TYPE)
          ? decodeKubernetesProtobuf(body).object
          : (JSON.parse(body.toString('utf8')) as unknown);
        reply(201, withStatus(object as Record<string, unknown>));
      } catch (e) {
        reply(400, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 400, message: String(e) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", certificate-authority: "${join(dir, 'c.pem')}"}}]
users: [{name: u, user: {token: test-token}}]
contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]
current-context: c
`);
  return {
    kubeconfig,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const kubectlPath = (version: string): string => `/usr/lib/google-cloud-sdk/bin/kubectl.${version}`;
export const haveKubectl = (version: string): boolean => existsSync(kubectlPath(version));

export async function kubectl(version: string, kubeconfig: string, args: string[]): Promise<string> {
  const { stdout } = await run(kubectlPath(version), ['--kubeconfig', kubeconfig, '--cache-dir', join(kubeconfig, '..', 'cache'), ...args], {
    timeout: 30_000,
    env: { ...process.env, KUBECTL_KUBERC: 'false', HOME: join(kubeconfig, '..') },
  });
  return stdout;
}
