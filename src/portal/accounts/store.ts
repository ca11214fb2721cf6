/**
 * Accounts, login sessions and API tokens, kept as labelled Secrets in the `marina-system` namespace of the
 * hub's `root` cluster and written through the Kubernetes API (the hub store is the only database):
 *
 * - `account-<tenant>`: email, argon2id password hash; labels tenant, role, email hash. The name makes the
 *   tenant unique; `email-<sha256(email)[:40]>` (owned by the account) makes the email unique.
 * - `session-<id>`: a login session (tenant, email, CSRF token, expiry, sha256 of the cookie's secret).
 * - `apitoken-<id>`: an API token (name, sha256 of its secret).
 *
 * A cookie or token is `<id>.<secret>` (`mrn_<id>.<secret>` for API tokens): 256 random bits; only a hash is
 * stored, so a read of the store does not yield a usable credential. Sessions and tokens are owned by their
 * account (deleted with it by the garbage collector); logout deletes the session's Secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { isAlreadyExists, isNotFound } from '../../apiserver/errors.ts';
import type { KObject, UserInfo } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';
import type { ApiToken } from '../api/types.ts';
import { conflict, notFound } from '../errors.ts';

export const PORTAL_NAMESPACE = 'marina-system';
/** Who the portal acts as in the root cluster (accounts) and, for hub-wide reads, everywhere. */
export const PORTAL_USER: UserInfo = { username: 'system:marina:portal', groups: ['system:masters', 'system:authenticated'] };
export const LABEL_KIND = 'portal.marina.io/kind';
export const LABEL_TENANT = 'portal.marina.io/tenant';
export const LABEL_ROLE = 'portal.marina.io/role';
export const LABEL_EMAIL = 'portal.marina.io/email-hash';
export const ANNOTATION_RUNTIME_COMMIT = 'portal.marina.io/runtime-commit';
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

export type Role = 'user' | 'admin';

export interface Account {
  email: string;
  tenant: string;
  role: Role;
  createdAt: string;
  uid: string;
  /** The hub repository commit that last changed the tenant's runtime claim. */
  runtimeCommit?: string;
}

export interface SessionRecord {
  id: string;
  email: string;
  tenant: string;
  csrfToken: string;
  expiresAt: string;
}

const SECRET = { apiVersion: 'v1', kind: 'Secret' } as const;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const emailHash = (email: string) => sha256(email).slice(0, 40);
const b64 = (s: string) => Buffer.from(s).toString('base64');
const data = (s: KObject) => Object.fromEntries(Object.entries((s.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function accountOf(s: KObject): Account {
  const d = data(s);
  const commit = s.metadata.annotations?.[ANNOTATION_RUNTIME_COMMIT];
  return {
    email: d.email!,
    tenant: s.metadata.labels?.[LABEL_TENANT] ?? '',
    role: s.metadata.labels?.[LABEL_ROLE] === 'admin' ? 'admin' : 'user',
    createdAt: s.metadata.creationTimestamp ?? '',
    uid: s.metadata.uid!,
    ...(commit ? { runtimeCommit: commit } : {}),
  };
}

function secret(name: string, labels: Record<string, string>, values: Record<string, string>, owner?: Account): KObject {
  return {
    ...SECRET,
    metadata: {
      name,
      namespace: PORTAL_NAMESPACE,
      labels,
      ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Secret', name: `account-${owner.tenant}`, uid: owner.uid }] } : {}),
    },
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, b64(v)])),
  };
}

/** `<id>.<secret>` with an optional prefix; undefined when malformed. */
function splitCredential(value: string, prefix = ''): { id: string; secret: string } | undefined {
  if (!value.startsWith(prefix)) return undefined;
  const m = /^([a-f0-9]{32})\.([A-Za-z0-9_-]{43})$/.exec(value.slice(prefix.length));
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export class AccountStore {
  private dummyHash?: Promise<string>;

  constructor(private readonly root: ClusterClient, private readonly sessionTtlMs = SESSION_TTL_MS) {}

  async init(): Promise<void> {
    await this.root.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: PORTAL_NAMESPACE } }).catch((e) => {
      if (!isAlreadyExists(e)) throw e;
    });
  }

  private async getSecret(name: string): Promise<KObject | undefined> {
    return this.root.get({ ...SECRET, namespace: PORTAL_NAMESPACE, name }).catch((e) => {
      if (isNotFound(e)) return undefined;
      throw e;
    });
  }

  private async deleteSecret(name: string): Promise<boolean> {
    return this.root.delete({ ...SECRET, namespace: PORTAL_NAMESPACE, name }).then(
      () => true,
      (e) => {
        if (isNotFound(e)) return false;
        throw e;
      },
    );
  }

  /** Creates the account; 409 naming `tenant` or `email` when taken. */
  async create(email: string, password: string, tenant: string, role: Role = 'user'): Promise<Account> {
    const passwordHash = await argonHash(password); // argon2id, m=19 MiB, t=2, p=1 (OWASP's recommendation)
    const labels = { [LABEL_KIND]: 'account', [LABEL_TENANT]: tenant, [LABEL_ROLE]: role, [LABEL_EMAIL]: emailHash(email) };
    const created = await this.root.create(secret(`account-${tenant}`, labels, { email, passwordHash })).catch((e) => {
      if (isAlreadyExists(e)) throw conflict(`tenant "${tenant}" is already taken`, { tenant: `tenant "${tenant}" is already taken` });
      throw e;
    });
    const account = accountOf(created);
    try {
      await this.root.create(secret(`email-${emailHash(email)}`, { [LABEL_KIND]: 'email', [LABEL_TENANT]: tenant }, { email, tenant }, account));
    } catch (e) {
      await this.deleteSecret(`account-${tenant}`);
      if (isAlreadyExists(e)) throw conflict('an account with this email already exists', { email: 'an account with this email already exists' });
      throw e;
    }
    return account;
  }

  async byTenant(tenant: string): Promise<Account | undefined> {
    const s = await this.getSecret(`account-${tenant}`);
    return s && s.metadata.labels?.[LABEL_KIND] === 'account' && !s.metadata.deletionTimestamp ? accountOf(s) : undefined;
  }

  async byEmail(email: string): Promise<Account | undefined> {
    const idx = await this.getSecret(`email-${emailHash(email)}`);
    if (!idx) return undefined;
    const a = await this.byTenant(data(idx).tenant ?? '');
    return a?.email === email ? a : undefined;
  }

  async list(): Promise<Account[]> {
    const l = await this.root.list({ ...SECRET, namespace: PORTAL_NAMESPACE }, { labelSelector: `${LABEL_KIND}=account` });
    return l.items.filter((s) => !s.metadata.deletionTimestamp).map(accountOf);
  }

  /** The account when the password matches; the same cost (one argon2 verify) whether or not the email exists. */
  async verifyLogin(email: string, password: string): Promise<Account | undefined> {
    const idx = await this.getSecret(`email-${emailHash(email)}`);
    const acct = idx ? await this.getSecret(`account-${data(idx).tenant}`) : undefined;
    const stored = acct ? data(acct) : undefined;
    if (!acct || !stored?.passwordHash || stored.email !== email) {
      this.dummyHash ??= argonHash(randomBytes(16).toString('hex'));
      await argonVerify(await this.dummyHash, password).catch(() => false);
      return undefined;
    }
    return (await argonVerify(stored.passwordHash, password).catch(() => false)) ? accountOf(acct) : undefined;
  }

  async setRole(email: string, role: Role): Promise<Account> {
    const a = await this.byEmail(email);
    if (!a) throw notFound(`no account with email ${email}`);
    const s = await this.root.patch({ ...SECRET, namespace: PORTAL_NAMESPACE, name: `account-${a.tenant}` }, 'merge', { metadata: { labels: { [LABEL_ROLE]: role } } });
    return accountOf(s);
  }

  async setRuntimeCommit(tenant: string, commit: string | null): Promise<void> {
    await this.root.patch({ ...SECRET, namespace: PORTAL_NAMESPACE, name: `account-${tenant}` }, 'merge', { metadata: { annotations: { [ANNOTATION_RUNTIME_COMMIT]: commit } } });
  }

  // ---- sessions ----

  async newSession(account: Account): Promise<{ cookie: string; session: SessionRecord }> {
    await this.pruneSessions(account.tenant);
    const id = randomBytes(16).toString('hex');
    const sec = randomBytes(32).toString('base64url');
    const session: SessionRecord = { id, email: account.email, tenant: account.tenant, csrfToken: randomBytes(32).toString('base64url'), expiresAt: new Date(Date.now() + this.sessionTtlMs).toISOString() };
    const labels = { [LABEL_KIND]: 'session', [LABEL_TENANT]: account.tenant };
    await this.root.create(secret(`session-${id}`, labels, { email: session.email, tenant: session.tenant, csrfToken: session.csrfToken, expiresAt: session.expiresAt, secretHash: sha256(sec) }, account));
    return { cookie: `${id}.${sec}`, session };
  }

  /** The session a cookie names, when it exists, matches and has not expired (an expired one is deleted). */
  async session(cookie: string): Promise<SessionRecord | undefined> {
    const c = splitCredential(cookie);
    if (!c) return undefined;
    const s = await this.getSecret(`session-${c.id}`);
    if (!s || s.metadata.labels?.[LABEL_KIND] !== 'session') return undefined;
    const d = data(s);
    if (!sameHash(d.secretHash ?? '', sha256(c.secret))) return undefined;
    if (!(Date.parse(d.expiresAt ?? '') > Date.now())) {
      await this.deleteSecret(`session-${c.id}`);
      return undefined;
    }
    return { id: c.id, email: d.email!, tenant: d.tenant!, csrfToken: d.csrfToken!, expiresAt: d.expiresAt! };
  }

  async deleteSession(id: string): Promise<void> {
    await this.deleteSecret(`session-${id}`);
  }

  /** Deletes the account's expired sessions (at login: no timer sweeps them). */
  private async pruneSessions(tenant: string): Promise<void> {
    const l = await this.root.list({ ...SECRET, namespace: PORTAL_NAMESPACE }, { labelSelector: `${LABEL_KIND}=session,${LABEL_TENANT}=${tenant}` });
    for (const s of l.items) if (!(Date.parse(data(s).expiresAt ?? '') > Date.now())) await this.deleteSecret(s.metadata.name!);
  }

  // ---- API tokens ----

  async newToken(account: Account, name: string): Promise<ApiToken> {
    if ((await this.tokenSecrets(account.tenant)).some((s) => data(s).name === name)) throw conflict(`an API token named "${name}" already exists`, { name: `an API token named "${name}" already exists` });
    const id = randomBytes(16).toString('hex');
    const sec = randomBytes(32).toString('base64url');
    const labels = { [LABEL_KIND]: 'apitoken', [LABEL_TENANT]: account.tenant };
    const s = await this.root.create(secret(`apitoken-${id}`, labels, { name, email: account.email, tenant: account.tenant, secretHash: sha256(sec) }, account));
    return { name, createdAt: s.metadata.creationTimestamp ?? '', token: `mrn_${id}.${sec}` };
  }

  async tokens(tenant: string): Promise<ApiToken[]> {
    return (await this.tokenSecrets(tenant)).map((s) => ({ name: data(s).name ?? '', createdAt: s.metadata.creationTimestamp ?? '' })).sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteToken(tenant: string, name: string): Promise<void> {
    const s = (await this.tokenSecrets(tenant)).find((x) => data(x).name === name);
    if (!s) throw notFound(`API token "${name}" not found`);
    await this.deleteSecret(s.metadata.name!);
  }

  /** The tenant and email an API token belongs to, when it is valid. */
  async token(bearer: string): Promise<{ tenant: string; email: string; name: string } | undefined> {
    const c = splitCredential(bearer, 'mrn_');
    if (!c) return undefined;
    const s = await this.getSecret(`apitoken-${c.id}`);
    if (!s || s.metadata.labels?.[LABEL_KIND] !== 'apitoken') return undefined;
    const d = data(s);
    return sameHash(d.secretHash ?? '', sha256(c.secret)) ? { tenant: d.tenant!, email: d.email!, name: d.name! } : undefined;
  }

  private async tokenSecrets(tenant: string): Promise<KObject[]> {
    const l = await this.root.list({ ...SECRET, namespace: PORTAL_NAMESPACE }, { labelSelector: `${LABEL_KIND}=apitoken,${LABEL_TENANT}=${tenant}` });
    return l.items;
  }
}
