/** Git sources: credentials from Argo CD repository secrets, a shared fetch cache, revision resolution, manifests. */
export { credsFor, normalizeRepoUrl, secretData, SECRET_TYPE_LABEL, type RepoCreds } from './creds.ts';
export { RepoCache, withGitCredentials } from './cache.ts';
export { GitError, git } from './git.ts';
export { ManifestCache, type AppSource, type Rendered } from './manifests.ts';
export { parseLsRemote, resolveRevision, type Resolved } from './revision.ts';
