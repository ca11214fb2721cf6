/** The identity and lookups Marina's own controllers use when they act through the API core. */
import type { ApiCore, Target } from '../apiserver/core.ts';
import type { UserInfo } from '../apiserver/types.ts';
import type { ObjectKey } from '../storage/store.ts';

export const SYSTEM_USER: UserInfo = { username: 'system:marina:controller-manager', groups: ['system:masters', 'system:authenticated'] };

/** The API target of a stored object (its resource at the storage version). */
export async function targetFor(core: ApiCore, k: ObjectKey): Promise<Target | undefined> {
  const slash = k.resource.indexOf('/');
  const group = k.resource.slice(0, slash);
  const resource = k.resource.slice(slash + 1);
  const types = await core.registry.types(k.cluster);
  const type = types.find((t) => t.group === group && t.resource === resource && t.version === t.versions[0]);
  return type ? { type, namespace: k.namespace || undefined, name: k.name } : undefined;
}
