/**
 * `POST /api/webhook` on the hub's edge: verify, parse, and ask for a refresh of every Application (in any
 * tenant) the push concerns, the way Argo CD's webhook does it: by setting `argocd.argoproj.io/refresh: normal`
 * on it, which the controller turns into a comparison against the new commit (and an automated sync).
 * Responses never name a tenant or an application.
 *
 * Secrets: the environment (`MARINA_WEBHOOK_GITHUB_SECRET`, `..._GITLAB_SECRET`, `..._GITEA_SECRET`,
 * `..._BITBUCKET_UUID`, `..._BITBUCKETSERVER_SECRET`) over the keys of Argo CD's `argocd-secret`
 * (`webhook.github.secret`, ...) in the `argocd` namespace of the `root` logical cluster.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiCore } from '../../apiserver/core.ts';
import { InProcessClient } from '../../client/index.ts';
import type { Store } from '../../storage/store.ts';
import { GITOPS_USER } from '../controller/identity.ts';
import { appConcerned } from './match.ts';
import { parsePush, providerOf, type Push } from './payload.ts';
import { secretsFrom, verify, type WebhookSecrets } from './verify.ts';

export const WEBHOOK_PATH = '/api/webhook';
const APPLICATIONS = 'argoproj.io/applications';
const ARGOCD_SECRET = { resource: '/secrets', cluster: 'root', namespace: 'argocd', name: 'argocd-secret' };
const MAX_BYTES = 25 * 1024 * 1024; // GitHub's payload cap.

export interface WebhookDeps {
  store: Store;
  core: ApiCore;
  env?: Record<string, string | undefined>;
}

/** The edge's `extraRoutes` hook: true when it answered the request. */
export function webhookRoute(deps: WebhookDeps): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> {
  const client = new InProcessClient(deps.core, GITOPS_USER, 'argocd-server-webhook');
  return async (req, res, url) => {
    if (url.pathname !== WEBHOOK_PATH) return false;
    if (req.method !== 'POST') return reply(res, 405, 'Webhook processing failed: only POST is allowed');
    const body = await readBody(req);
    if (!body) return reply(res, 413, `Webhook processing failed: the payload exceeds ${MAX_BYTES} bytes`);
    const who = providerOf(req.headers);
    if (!who) return reply(res, 400, 'Webhook processing failed: unknown webhook event: no X-GitHub-Event, X-Gitlab-Event, X-Gitea-Event or X-Event-Key header');
    const denied = verify(who.provider, req.headers, body, await secrets(deps));
    if (denied) return reply(res, 401, `Webhook processing failed: ${denied}`);
    const parsed = parsePush(req.headers, body.toString('utf8'));
    if ('error' in parsed) return reply(res, 400, parsed.error);
    if ('ping' in parsed) return reply(res, 200, 'pong');
    await refreshConcerned(deps.store, client, parsed.push);
    return reply(res, 200, 'received');
  };
}

async function refreshConcerned(store: Store, client: InProcessClient, push: Push): Promise<void> {
  const all = await store.list(APPLICATIONS);
  for (const [i, app] of all.items.entries()) {
    if (!appConcerned(app.spec as never, push)) continue;
    const ref = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', namespace: app.metadata.namespace, name: app.metadata.name };
    const patch = { metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } } };
    // One tenant's failure (app deleted meanwhile, cluster gone) must not stop the others' refresh.
    await client.cluster(all.clusters[i]!).patch(ref, 'merge', patch).catch(() => undefined);
  }
}

async function secrets(deps: WebhookDeps): Promise<WebhookSecrets> {
  const s = await deps.store.get(ARGOCD_SECRET).catch(() => undefined);
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries((s?.data ?? {}) as Record<string, string>)) data[k] = Buffer.from(v, 'base64').toString('utf8');
  return secretsFrom(deps.env ?? process.env, data);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BYTES) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, code: number, message: string): true {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ message }));
  return true;
}
