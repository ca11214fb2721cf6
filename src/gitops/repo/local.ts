/**
 * Local repositories (`file://` URLs and plain paths) are read from the hub's own disk, where the hub
 * repository and every tenant's fetched repositories live. Only the hub's `root` cluster may use them,
 * unless the hub allows them for everyone (`marina up --allow-local-repos`: development and tests).
 * Argo CD has no such rule because its repo-server is per installation; Marina's is shared. Pure.
 */
import { ROOT_CLUSTER } from '../../apiserver/registry.ts';

/** Whether git would read `url` from the local filesystem: `file:` URLs and paths (not scp-like `host:path`). */
export function isLocalRepo(url: string): boolean {
  const u = url.trim();
  if (/^file:/i.test(u)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) return false; // https://, ssh://, git://, …
  const colon = u.indexOf(':');
  const slash = u.indexOf('/');
  return colon < 0 || (slash >= 0 && slash < colon); // git's rule: a colon before any slash is scp-like
}

/** The refusal for a tenant's local repository, or undefined when the URL may be fetched. */
export function localRepoRefusal(cluster: string, url: string, allowLocal: boolean): string | undefined {
  if (allowLocal || cluster === ROOT_CLUSTER || !isLocalRepo(url)) return undefined;
  return `repository ${url} is not accessible: local repositories (file:// and paths) are reserved to the hub's own cluster`;
}
