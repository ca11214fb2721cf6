/**
 * Which Applications a push concerns, as Argo CD decides: the source's repoURL is the pushed repository
 * whatever the scheme, user, port, `.git` suffix or case, and its targetRevision is the pushed ref (or HEAD /
 * empty when the push touched the default branch). Pure.
 */
import type { Push } from './payload.ts';
import { parseRevision } from './payload.ts';

/** host/path, lower case: `https://GitHub.com/Org/Repo.git`, `git@github.com:org/repo` and `ssh://git@github.com:22/org/repo` agree. */
export function canonicalRepo(url: string): string {
  let u = url.trim();
  const scp = u.match(/^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) u = `ssh://${scp[1]}/${scp[2]}`;
  const m = u.match(/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:]*)(?::\d+)?(\/.*)?$/i);
  const host = m ? m[1]! : '';
  const path = m ? (m[2] ?? '') : u;
  return `${host}${path}`.replace(/\/+$/, '').replace(/\.git$/i, '').toLowerCase();
}

export interface SourceRef {
  repoURL?: string;
  targetRevision?: string;
}

export function sourceConcerned(source: SourceRef, push: Push): boolean {
  if (!source.repoURL) return false;
  const want = canonicalRepo(source.repoURL);
  if (!push.repoURLs.some((u) => canonicalRepo(u) === want)) return false;
  const target = parseRevision(source.targetRevision ?? '');
  if (target === '' || target === 'HEAD') return push.touchedHead;
  return target === push.revision;
}

/** An app is concerned when any of its sources is. */
export function appConcerned(spec: { source?: SourceRef; sources?: SourceRef[] } | undefined, push: Push): boolean {
  return [...(spec?.source ? [spec.source] : []), ...(spec?.sources ?? [])].some((s) => sourceConcerned(s, push));
}
