/** Connection details a composite derives from its composed resources (Crossplane `connection.go`). */
import { ComposeError, isNotFound } from './errors.ts';
import { getValue } from './fieldpath.ts';
import { goJSON } from './transform-string.ts';

type Obj = Record<string, any>;
export type ConnectionDetails = Record<string, string>;
type Extract = (cfg: Obj, resource: Obj, secret: ConnectionDetails) => [string, string] | undefined;

/** Crossplane 1.x infers a missing `type` from the field that is set. */
function typeOf(cfg: Obj): string {
  if (cfg.type) return cfg.type;
  if (cfg.value !== undefined) return 'FromValue';
  if (cfg.fromFieldPath !== undefined) return 'FromFieldPath';
  if (cfg.fromConnectionSecretKey !== undefined) return 'FromConnectionSecretKey';
  throw new ComposeError('InvalidConnectionDetail', 'connection detail has no type and no value, fromFieldPath or fromConnectionSecretKey');
}

const requireName = (cfg: Obj, type: string) => {
  if (!cfg.name) throw new ComposeError('InvalidConnectionDetail', `name is required by type ${type}`);
  return cfg.name as string;
};

export const connectionDetailTypes: Record<string, Extract> = {
  FromConnectionSecretKey: (cfg, _r, secret) => {
    const key = cfg.fromConnectionSecretKey;
    if (!key) throw new ComposeError('InvalidConnectionDetail', 'fromConnectionSecretKey is required by type FromConnectionSecretKey');
    return key in secret ? [cfg.name || key, secret[key]] : undefined;
  },
  FromFieldPath: (cfg, r) => {
    const name = requireName(cfg, 'FromFieldPath');
    if (!cfg.fromFieldPath) throw new ComposeError('InvalidConnectionDetail', 'fromFieldPath is required by type FromFieldPath');
    try {
      const v = getValue(r, cfg.fromFieldPath);
      return [name, typeof v === 'string' ? v : goJSON(v)];
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  },
  FromValue: (cfg) => {
    const name = requireName(cfg, 'FromValue');
    if (typeof cfg.value !== 'string') throw new ComposeError('InvalidConnectionDetail', 'value is required by type FromValue');
    return [name, cfg.value];
  },
};

/** Extracts the configured details from a composed resource and its connection secret. */
export function extractConnectionDetails(configs: Obj[] | undefined, resource: Obj, secret: ConnectionDetails = {}): ConnectionDetails {
  const out: ConnectionDetails = {};
  for (const cfg of configs ?? []) {
    const type = typeOf(cfg);
    const fn = connectionDetailTypes[type];
    if (!fn) throw new ComposeError('InvalidConnectionDetail', `unknown connection detail type ${JSON.stringify(type)}`);
    const kv = fn(cfg, resource, secret);
    if (kv) out[kv[0]] = kv[1];
  }
  return out;
}

/** Keeps only the XRD's `connectionSecretKeys`, when it lists any. */
export function filterConnectionDetails(details: ConnectionDetails, keys: string[] | undefined): ConnectionDetails {
  if (!keys || keys.length === 0) return { ...details };
  return Object.fromEntries(Object.entries(details).filter(([k]) => keys.includes(k)));
}
