/**
 * Parsing of Kubernetes API paths below a cluster prefix, e.g. `/apis/apps/v1/namespaces/ns/deployments/x/scale`
 * or the legacy watch form `/api/v1/watch/namespaces/ns/pods`.
 */
export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** The deprecated `/watch/` path segment was used. */
  watchPath: boolean;
}

export type ApiPath =
  | { kind: 'root-api' } // /api
  | { kind: 'root-apis' } // /apis
  | { kind: 'group'; group: string } // /apis/g
  | { kind: 'group-version'; group: string; version: string } // /api/v1, /apis/g/v
  | { kind: 'resource'; path: ResourcePath }
  | { kind: 'other'; path: string };

const NS_SUBRESOURCES = new Set(['status', 'finalize']);

export function parseApiPath(path: string): ApiPath {
  const segs = path.split('/').filter((s) => s !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length === 1) return { kind: 'root-api' };
    group = '';
    version = segs[1]!;
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    if (segs.length === 1) return { kind: 'root-apis' };
    if (segs.length === 2) return { kind: 'group', group: segs[1]! };
    group = segs[1]!;
    version = segs[2]!;
    rest = segs.slice(3);
  } else return { kind: 'other', path };
  if (rest.length === 0) return { kind: 'group-version', group, version };
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && !NS_SUBRESOURCES.has(rest[2]!)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return { kind: 'other', path };
  return { kind: 'resource', path: { group, version, namespace, resource: rest[0]!, name: rest[1], subresource: rest[2], watchPath } };
}
