/** Argo CD's secret names: `repo-<fnv32a(url)>` (RepoURLToSecretName) and `cluster-<host>-<fnv32a(server)>` (URIToSecretName). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export const repoSecretName = (url: string) => `repo-${fnv32a(url)}`;

export function clusterSecretName(server: string): string {
  let host = 'cluster';
  try {
    host = new URL(server).hostname.replace(/^\[|\]$/g, '');
  } catch {
    // the caller validated the URL
  }
  host = host.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 200) || 'cluster';
  return `cluster-${host}-${fnv32a(server)}`;
}
