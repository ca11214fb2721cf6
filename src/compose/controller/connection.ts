/**
 * Connection secrets: read a composed resource's, publish a composite's (owned by it, so garbage collection
 * removes it), and copy a composite's into its claim's namespace.
 */
import type { KObject } from '../../apiserver/types.ts';
import type { ClusterClient } from '../../client/index.ts';
import type { ConnectionDetails } from '../index.ts';
import { deepEqual, orUndefined, step } from './util.ts';

export const CONNECTION_SECRET_TYPE = 'connection.crossplane.io/v1alpha1';
const SECRET = { apiVersion: 'v1', kind: 'Secret' };

type Obj = Record<string, any>;
export interface SecretRef {
  name: string;
  namespace: string;
}

const decode = (data: Record<string, string> | undefined): ConnectionDetails =>
  Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
const encode = (d: ConnectionDetails): Record<string, string> => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));

export async function readConnectionSecret(client: ClusterClient, ref: SecretRef | undefined): Promise<ConnectionDetails | undefined> {
  if (!ref?.name || !ref.namespace) return undefined;
  const s = await step(`cannot get connection secret ${ref.namespace}/${ref.name}`, () => orUndefined(client.get({ ...SECRET, ...ref })));
  return s ? decode(s.data as Record<string, string> | undefined) : undefined;
}

/** The connection details of each observed composed resource that writes a secret. */
export async function observedConnectionDetails(client: ClusterClient, observed: Record<string, KObject>): Promise<Record<string, ConnectionDetails>> {
  const out: Record<string, ConnectionDetails> = {};
  for (const [name, o] of Object.entries(observed)) {
    const d = await readConnectionSecret(client, (o.spec as Obj | undefined)?.writeConnectionSecretToRef);
    if (d) out[name] = d;
  }
  return out;
}

/** Writes `details` to the secret `ref`, controlled by `owner`; returns whether anything changed. */
export async function publishConnectionSecret(client: ClusterClient, ref: SecretRef, details: ConnectionDetails, owner: KObject, fieldManager: string): Promise<boolean> {
  const data = encode(details);
  const live = await orUndefined(client.get({ ...SECRET, ...ref }));
  if (live && deepEqual(live.data ?? {}, data)) return false;
  const ownerRef = { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
  const secret = { ...SECRET, metadata: { name: ref.name, namespace: ref.namespace, ownerReferences: [ownerRef] }, type: CONNECTION_SECRET_TYPE, data };
  await step(`cannot publish connection secret ${ref.namespace}/${ref.name}`, () => client.apply(secret as KObject, { fieldManager, force: true }));
  return true;
}
