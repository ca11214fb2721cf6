/** Git webhooks (GitHub, GitLab, Gitea/Gogs, Bitbucket Cloud and Server) refreshing the Applications a push concerns. */
export { webhookRoute, WEBHOOK_PATH, type WebhookDeps } from './route.ts';
export { parsePush, providerOf, parseRevision, type Parsed, type Provider, type Push } from './payload.ts';
export { verify, secretsFrom, SECRET_KEYS, type WebhookSecrets } from './verify.ts';
export { appConcerned, canonicalRepo, sourceConcerned } from './match.ts';
