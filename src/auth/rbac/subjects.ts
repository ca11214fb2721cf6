/** Which binding subjects apply to a user, and how upstream names them in reasons. */
import type { UserInfo } from '../../apiserver/types.ts';
import type { Subject } from './types.ts';

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** The username the service account token authenticator gives `<namespace>/<name>`. */
export const serviceAccountUsername = (namespace: string, name: string) => `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;

/**
 * The UserInfo an authenticator produces for a service account: RBAC itself only compares names and
 * groups, so the groups `system:serviceaccounts[:<ns>]` and `system:authenticated` must be on the user.
 */
export function serviceAccountUser(namespace: string, name: string, uid?: string): UserInfo {
  return {
    username: serviceAccountUsername(namespace, name),
    ...(uid ? { uid } : {}),
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

/**
 * `namespace` is the binding's namespace ('' for ClusterRoleBindings): a ServiceAccount subject without
 * a namespace means "in the binding's namespace", and never matches from a ClusterRoleBinding.
 */
export function appliesToUser(user: UserInfo, subject: Subject, namespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = subject.namespace || namespace;
      return ns !== '' && user.username === serviceAccountUsername(ns, subject.name);
    }
    default:
      return false;
  }
}

/** The index of the first subject that applies, or -1. */
export const firstApplyingSubject = (user: UserInfo, subjects: Subject[] | null | undefined, namespace: string): number =>
  (subjects ?? []).findIndex((s) => appliesToUser(user, s, namespace));

/** Upstream describeSubject: ServiceAccounts read `name/namespace` (sic, name first). */
export function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}
