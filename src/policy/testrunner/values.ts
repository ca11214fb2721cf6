/**
 * The CLI's values file (cli.kyverno.io/v1alpha1 Values): global values, per-policy rule and
 * resource values, and namespace labels for namespaceSelector; plus the UserInfo file.
 */
import type { JsonObject, UserInfo, UserRoles } from '../types.ts';

export interface ValuesSpec {
  globalValues?: JsonObject;
  policies?: { name: string; rules?: { name: string; values?: JsonObject; foreachValues?: JsonObject }[]; resources?: { name: string; values?: JsonObject }[] }[];
  namespaceSelector?: { name: string; labels?: Record<string, string> }[];
}

export interface UserInfoSpec {
  clusterRoles?: string[];
  roles?: string[];
  userInfo?: { username?: string; groups?: string[]; uid?: string };
}

/** Values for one policy applied to one resource: globals, then rule values, then resource values. */
export function valuesFor(spec: ValuesSpec | undefined, policy: string, resource: string): JsonObject {
  const out: JsonObject = { ...(spec?.globalValues ?? {}) };
  const p = spec?.policies?.find((x) => x.name === policy || x.name.endsWith(`/${policy}`));
  for (const r of p?.rules ?? []) Object.assign(out, r.values ?? {});
  const res = p?.resources?.find((x) => x.name === resource || x.name.endsWith(`/${resource}`));
  Object.assign(out, res?.values ?? {});
  return out;
}

export function namespaceLabels(spec: ValuesSpec | undefined): (ns: string) => Record<string, string> | undefined {
  return (ns) => spec?.namespaceSelector?.find((x) => x.name === ns)?.labels;
}

export function userFrom(spec: UserInfoSpec | undefined): { userInfo: UserInfo; roles: UserRoles } {
  return {
    userInfo: { username: spec?.userInfo?.username ?? '', groups: spec?.userInfo?.groups ?? [], ...(spec?.userInfo?.uid ? { uid: spec.userInfo.uid } : {}) },
    roles: { roles: spec?.roles ?? [], clusterRoles: spec?.clusterRoles ?? [] },
  };
}
