/**
 * Webhook secrets as Argo CD checks them: GitHub and Bitbucket Server an HMAC-SHA256 of the body
 * (`X-Hub-Signature-256` / `X-Hub-Signature`, `sha256=<hex>`), Gitea/Gogs the same as bare hex
 * (`X-Gitea-Signature` / `X-Gogs-Signature`), GitLab a shared token (`X-Gitlab-Token`), Bitbucket Cloud the
 * hook's UUID (`X-Hook-UUID`). A provider without a configured secret is accepted unsigned, as in Argo CD.
 * Pure; comparisons are constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Provider } from './payload.ts';

export type WebhookSecrets = Partial<Record<Provider, string>>;
type Headers = Record<string, string | string[] | undefined>;

const header = (h: Headers, name: string) => {
  const v = h[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};
const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};
const hmac = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

/** '' when the request is authentic (or no secret is configured); else why not, for a 401. */
export function verify(provider: Provider, h: Headers, body: Buffer, secrets: WebhookSecrets): string {
  const secret = secrets[provider];
  if (!secret) return '';
  switch (provider) {
    case 'github':
      return same(header(h, 'X-Hub-Signature-256'), `sha256=${hmac(secret, body)}`) ? '' : 'HMAC verification failed';
    case 'bitbucketserver':
      return same(header(h, 'X-Hub-Signature'), `sha256=${hmac(secret, body)}`) ? '' : 'HMAC verification failed';
    case 'gitea':
      return same(header(h, 'X-Gitea-Signature') || header(h, 'X-Gogs-Signature'), hmac(secret, body)) ? '' : 'HMAC verification failed';
    case 'gitlab':
      return same(header(h, 'X-Gitlab-Token'), secret) ? '' : 'GitLab token verification failed';
    case 'bitbucket':
      return same(header(h, 'X-Hook-UUID'), secret) ? '' : 'Bitbucket UUID verification failed';
  }
}

/** Argo CD's argocd-secret keys for each provider, and Marina's environment variables (which win). */
export const SECRET_KEYS: Record<Provider, { key: string; env: string }> = {
  github: { key: 'webhook.github.secret', env: 'MARINA_WEBHOOK_GITHUB_SECRET' },
  gitlab: { key: 'webhook.gitlab.secret', env: 'MARINA_WEBHOOK_GITLAB_SECRET' },
  gitea: { key: 'webhook.gogs.secret', env: 'MARINA_WEBHOOK_GITEA_SECRET' },
  bitbucket: { key: 'webhook.bitbucket.uuid', env: 'MARINA_WEBHOOK_BITBUCKET_UUID' },
  bitbucketserver: { key: 'webhook.bitbucketserver.secret', env: 'MARINA_WEBHOOK_BITBUCKETSERVER_SECRET' },
};

/** The secrets from the environment over those of the hub's argocd-secret data (already decoded). */
export function secretsFrom(env: Record<string, string | undefined>, data: Record<string, string>): WebhookSecrets {
  const out: WebhookSecrets = {};
  for (const [p, { key, env: name }] of Object.entries(SECRET_KEYS) as Array<[Provider, { key: string; env: string }]>) {
    const v = env[name] || data[key] || (p === 'gitea' ? data['webhook.gitea.secret'] : undefined);
    if (v) out[p] = v;
  }
  return out;
}
