/** Who the GitOps engine acts as: a cluster admin in the clusters it manages in-process (Argo CD's controller is too). */
import type { UserInfo } from '../../apiserver/types.ts';

export const GITOPS_USER: UserInfo = { username: 'system:marina:gitops-controller', groups: ['system:masters', 'system:authenticated'] };
export const FIELD_MANAGER = 'argocd-controller';
