/**
 * Resources that are answered, never stored: access reviews, token reviews, `whoami`, and the
 * TokenRequest subresource of service accounts (`kubectl create token`).
 */
import type { ApiCore, RequestContext } from '../apiserver/core.ts';
import { badRequest } from '../apiserver/errors.ts';
import type { KObject, UserInfo } from '../apiserver/types.ts';
import type { RbacAuthorizer } from '../auth/authz.ts';
import type { Authenticator } from '../auth/authn.ts';
import { serviceAccountUser } from '../auth/authn.ts';
import type { TokenIssuer } from '../auth/tokens.ts';

export type VirtualCreate = (ctx: RequestContext, body: any) => Promise<KObject>;

export function virtualResources(authz: RbacAuthorizer, authn: Authenticator): Record<string, VirtualCreate> {
  const review = async (cluster: string, user: UserInfo, spec: any): Promise<{ allowed: boolean; reason?: string }> => {
    const ra = spec.resourceAttributes;
    if (ra) {
      const d = await authz.authorize(cluster, user, { verb: ra.verb ?? '', group: ra.group ?? '', resource: ra.resource ?? '', subresource: ra.subresource || undefined, namespace: ra.namespace || undefined, name: ra.name || undefined });
      return { allowed: d.allowed, ...(d.reason ? { reason: d.reason } : {}) };
    }
    return { allowed: user.groups.includes('system:masters') || spec.nonResourceAttributes?.path?.startsWith('/version') || false };
  };
  const answer = (body: any, status: unknown): KObject => ({ ...body, metadata: { ...(body.metadata ?? {}), creationTimestamp: null as unknown as string }, status });
  return {
    'authorization.k8s.io/selfsubjectaccessreviews': async (ctx, body) => answer(body, await review(ctx.cluster, ctx.user, body.spec ?? {})),
    'authorization.k8s.io/localsubjectaccessreviews': async (ctx, body) => {
      const s = body.spec ?? {};
      const user = { username: s.user ?? '', groups: s.groups ?? [], uid: s.uid };
      return answer(body, await review(ctx.cluster, user, s));
    },
    'authorization.k8s.io/subjectaccessreviews': async (ctx, body) => {
      const s = body.spec ?? {};
      const user = { username: s.user ?? '', groups: s.groups ?? [], uid: s.uid };
      return answer(body, await review(ctx.cluster, user, s));
    },
    'authorization.k8s.io/selfsubjectrulesreviews': async (ctx, body) => {
      const ns = body.spec?.namespace;
      if (!ns) throw badRequest('SelfSubjectRulesReview.authorization.k8s.io "" is invalid: spec.namespace: Required value: no namespace on request');
      return answer(body, await authz.rules(ctx.cluster, ctx.user, ns));
    },
    'authentication.k8s.io/selfsubjectreviews': async (ctx, body) =>
      answer(body, { userInfo: { username: ctx.user.username, ...(ctx.user.uid ? { uid: ctx.user.uid } : {}), groups: ctx.user.groups } }),
    'authentication.k8s.io/tokenreviews': async (ctx, body) => {
      const user = await authn.authenticate(ctx.cluster, `Bearer ${body.spec?.token ?? ''}`);
      return answer(body, user ? { authenticated: true, user: { username: user.username, uid: user.uid, groups: user.groups }, audiences: body.spec?.audiences ?? [] } : { authenticated: false, user: {}, error: 'invalid bearer token' });
    },
  };
}

/** POST serviceaccounts/NAME/token: a TokenRequest answered with a bound service-account token. */
export function tokenRequest(issuer: TokenIssuer, authn: Authenticator) {
  return async (ctx: RequestContext, sa: KObject, body: any, _core: ApiCore): Promise<KObject> => {
    const ns = sa.metadata.namespace!;
    const seconds = Number(body?.spec?.expirationSeconds ?? 3600);
    if (!Number.isInteger(seconds) || seconds < 600)
      throw badRequest('TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: may not specify a duration less than 10 minutes');
    const exp = Math.floor(Date.now() / 1000) + seconds;
    const u = serviceAccountUser(ns, sa.metadata.name!);
    const token = issuer.sign({ sub: u.username, grp: u.groups, cl: ctx.cluster, cuid: (await authn.clusterUid(ctx.cluster))!, sa: { ns, name: sa.metadata.name!, uid: sa.metadata.uid! }, exp });
    return {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name: sa.metadata.name, namespace: ns, creationTimestamp: null as unknown as string },
      spec: { audiences: body?.spec?.audiences ?? ['https://kubernetes.default.svc'], expirationSeconds: seconds, boundObjectRef: body?.spec?.boundObjectRef ?? null },
      status: { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace('.000Z', 'Z') },
    };
  };
}
