/**
 * Git push payloads as Argo CD's webhook handler reads them (util/webhook/webhook.go): which repository URLs
 * were pushed, which ref, and whether the push touched the default branch (HEAD). One parser per provider,
 * chosen by the event header. Pure.
 */

export type Provider = 'github' | 'gitlab' | 'gitea' | 'bitbucket' | 'bitbucketserver';

export interface Push {
  provider: Provider;
  /** Every URL the payload gives for the repository (web and clone URLs). */
  repoURLs: string[];
  /** The pushed branch or tag, without refs/heads/ or refs/tags/. */
  revision: string;
  /** Whether the push was to the default branch, so apps tracking HEAD are concerned. */
  touchedHead: boolean;
}

/** What a request is: a push to act on, an event to acknowledge (ping), or an error for the sender. */
export type Parsed = { push: Push } | { ping: Provider } | { error: string };

type Headers = Record<string, string | string[] | undefined>;
const header = (h: Headers, name: string) => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/** Which provider sent the request, from its event header; undefined for none of them. */
export function providerOf(h: Headers): { provider: Provider; event: string } | undefined {
  const gitea = header(h, 'X-Gitea-Event') ?? header(h, 'X-Gogs-Event');
  if (gitea) return { provider: 'gitea', event: gitea };
  const github = header(h, 'X-GitHub-Event');
  if (github) return { provider: 'github', event: github };
  const gitlab = header(h, 'X-Gitlab-Event');
  if (gitlab) return { provider: 'gitlab', event: gitlab };
  const bb = header(h, 'X-Event-Key');
  if (bb) return { provider: bb === 'repo:refs_changed' || bb === 'diagnostics:ping' || header(h, 'X-Request-Id') || header(h, 'X-Hub-Signature') ? 'bitbucketserver' : 'bitbucket', event: bb };
  return undefined;
}

export const parseRevision = (ref: string) => ref.replace(/^refs\/(heads|tags)\//, '');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const urls = (...v: unknown[]) => v.filter((x): x is string => typeof x === 'string' && x !== '');

const PARSERS: Record<Provider, { push: string[]; ping?: string[]; parse(p: Json): Omit<Push, 'provider'> }> = {
  github: {
    push: ['push'],
    ping: ['ping'],
    parse: (p) => {
      const revision = parseRevision(String(p.ref ?? ''));
      const r = p.repository ?? {};
      return { repoURLs: urls(r.html_url, r.clone_url, r.ssh_url, r.git_url), revision, touchedHead: r.default_branch === revision };
    },
  },
  gitlab: {
    push: ['Push Hook', 'Tag Push Hook'],
    parse: (p) => {
      const revision = parseRevision(String(p.ref ?? ''));
      const r = p.project ?? {};
      return { repoURLs: urls(r.web_url, r.git_http_url, r.git_ssh_url, p.repository?.homepage), revision, touchedHead: r.default_branch === revision };
    },
  },
  gitea: {
    push: ['push'],
    parse: (p) => {
      const revision = parseRevision(String(p.ref ?? ''));
      const r = p.repository ?? {};
      return { repoURLs: urls(r.html_url, r.clone_url, r.ssh_url), revision, touchedHead: r.default_branch === revision };
    },
  },
  bitbucket: {
    push: ['repo:push'],
    // Bitbucket Cloud does not say which branch is the main one: any push may concern apps tracking HEAD.
    parse: (p) => ({ repoURLs: urls(p.repository?.links?.html?.href), revision: String(p.push?.changes?.[0]?.new?.name ?? ''), touchedHead: true }),
  },
  bitbucketserver: {
    push: ['repo:refs_changed', 'repo:push'],
    ping: ['diagnostics:ping'],
    parse: (p) => {
      const clone = (p.repository?.links?.clone ?? []) as Array<{ href?: string }>;
      const c = p.changes?.[0] ?? {};
      return { repoURLs: urls(...clone.map((x) => x.href)), revision: parseRevision(String(c.ref?.id ?? c.refId ?? '')), touchedHead: true };
    },
  },
};

export function parsePush(h: Headers, body: string): Parsed {
  const who = providerOf(h);
  if (!who) return { error: 'Webhook processing failed: unknown webhook event: no X-GitHub-Event, X-Gitlab-Event, X-Gitea-Event or X-Event-Key header' };
  const parser = PARSERS[who.provider];
  if (parser.ping?.includes(who.event)) return { ping: who.provider };
  if (!parser.push.includes(who.event)) return { error: `Webhook processing failed: event ${JSON.stringify(who.event)} from ${who.provider} is not a push event` };
  let payload: Json;
  try {
    payload = JSON.parse(formPayload(h, body));
  } catch {
    return { error: 'Webhook processing failed: the payload is not valid JSON' };
  }
  const push = parser.parse(payload ?? {});
  if (!push.repoURLs.length) return { error: 'Webhook processing failed: the payload names no repository URL' };
  return { push: { provider: who.provider, ...push } };
}

/** GitHub may post `application/x-www-form-urlencoded` with the JSON in `payload`. */
function formPayload(h: Headers, body: string): string {
  if (!(header(h, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return body;
  return new URLSearchParams(body).get('payload') ?? '';
}
