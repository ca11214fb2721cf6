/** Git sources: credentials from Argo CD repository secrets, a shared fetch cache, revision resolution, manifests. */
export { credsFor, isSsh, KNOWN_HOSTS_CM, normalizeRepoUrl, repoTrustOf, secretData, SECRET_TYPE_LABEL, TLS_CERTS_CM, type RepoCreds, type RepoTrust } from './creds.ts';
export { listRefsError, RepoCache, withGitCredentials } from './cache.ts';
export { GitError, git } from './git.ts';
export { isLocalRepo, localRepoRefusal } from './local.ts';
export { ManifestCache, type AppSource, type Rendered } from './manifests.ts';
export { parseLsRemote, resolveRevision, type Resolved } from './revision.ts';
