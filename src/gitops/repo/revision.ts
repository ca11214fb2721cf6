/**
 * Resolving `targetRevision` against `git ls-remote` output as Argo CD's repo server does: HEAD (or empty)
 * follows the remote HEAD, then a branch, then a tag (peeled to its commit), then a full or abbreviated
 * commit SHA (which needs the objects to confirm, so it is returned as `sha` to be checked with rev-parse).
 */
export type Resolved = { commit: string } | { sha: string } | { error: string };

export function parseLsRemote(out: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [sha, ref] = line.split('\t');
    if (sha && ref) refs.set(ref, sha);
  }
  return refs;
}

export function resolveRevision(refs: Map<string, string>, targetRevision: string | undefined): Resolved {
  const rev = (targetRevision ?? '').trim();
  if (rev === '' || rev === 'HEAD') {
    const head = refs.get('HEAD');
    return head ? { commit: head } : { error: 'unable to resolve HEAD: the repository has no commits' };
  }
  const r = rev.replace(/^refs\/(heads|tags)\//, '');
  const branch = refs.get(`refs/heads/${r}`);
  if (branch) return { commit: branch };
  const tag = refs.get(`refs/tags/${r}^{}`) ?? refs.get(`refs/tags/${r}`);
  if (tag) return { commit: tag };
  if (refs.has(rev)) return { commit: refs.get(rev)! };
  if (/^[0-9a-f]{7,40}$/i.test(rev)) return { sha: rev.toLowerCase() };
  return { error: `unable to resolve '${rev}' to a commit SHA` };
}
