/**
 * Connection details, pure: an Object's `spec.connectionDetails` read from the objects they name, and a
 * VirtualCluster's from its kubeconfig.
 */
import type { ConnectionDetails } from '../index.ts';
import { getValue } from '../index.ts';
import { parseKubeconfig } from './kubeconfig.ts';

type Obj = Record<string, any>;

export interface ConnectionDetailRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  fieldPath: string;
  toConnectionSecretKey: string;
}

/** provider-kubernetes' connectionDetails: the value at `fieldPath` (a Secret's `data` decoded once). */
export function objectConnectionDetails(refs: ConnectionDetailRef[], objects: Obj[]): ConnectionDetails {
  const out: ConnectionDetails = {};
  refs.forEach((r, i) => {
    let v: unknown;
    try {
      v = getValue(objects[i], r.fieldPath);
    } catch (e) {
      throw new Error(`cannot get value at fieldPath: ${(e as Error).message}`);
    }
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    const secretData = r.kind === 'Secret' && r.apiVersion === 'v1' && r.fieldPath.startsWith('data');
    out[r.toConnectionSecretKey] = secretData ? Buffer.from(s, 'base64').toString('utf8') : s;
  });
  return out;
}

/** A VirtualCluster's connection secret: `kubeconfig`, `server` and `token`. */
export function virtualClusterConnectionDetails(kubeconfig: string): ConnectionDetails {
  const c = parseKubeconfig(kubeconfig);
  return { kubeconfig, server: c.server, token: c.token ?? '' };
}
