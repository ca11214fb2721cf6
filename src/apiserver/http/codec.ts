/** Request body decoding and response encoding (JSON, YAML; Table and metadata views are in views.ts). */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { StatusError, badRequest } from '../errors.ts';
import type { PatchType } from '../core.ts';
import { KUBERNETES_PROTOBUF_CONTENT_TYPE, ProtobufDecodeError, decodeKubernetesProtobuf } from '../protobuf/index.ts';

export const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export const mediaType = (contentType: string | undefined) => (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();

/** Decodes a request body by its media type; malformed input is a 400 that names the problem. */
export function decodeBody(raw: Buffer, contentType: string | undefined): unknown {
  const mt = mediaType(contentType);
  if (mt === KUBERNETES_PROTOBUF_CONTENT_TYPE) {
    try {
      return decodeKubernetesProtobuf(raw).object;
    } catch (e) {
      if (e instanceof ProtobufDecodeError) throw new StatusError(e.status === 415 ? 'UnsupportedMediaType' : 'BadRequest', e.message);
      throw e;
    }
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  const yamlish = mt === 'application/yaml' || mt === 'application/apply-patch+yaml' || mt === 'text/yaml';
  if (!yamlish && !mt.startsWith('application/json') && !mt.endsWith('+json') && mt !== '*/*')
    throw new StatusError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
  try {
    if (yamlish) {
      // YAML 1.1 semantics would read `on:` as true; Kubernetes uses sigs.k8s.io/yaml (YAML 1.1 via go-yaml v2) for bodies but
      // users' manifests are overwhelmingly plain; keep strings as strings with the 1.2 core schema.
      return parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 });
    }
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw badRequest(yamlish ? `error converting YAML to JSON: ${msg}` : `couldn't get version/kind; json parse error: ${msg}`);
  }
}

export type Encoding = 'json' | 'yaml';

export function encode(value: unknown, enc: Encoding, pretty = false): string {
  return enc === 'yaml' ? stringifyYaml(value, { lineWidth: 0 }) : JSON.stringify(value, null, pretty ? 2 : undefined);
}

export interface AcceptInfo {
  encoding: Encoding;
  /** `as=Table`, `as=PartialObjectMetadata(List)`, `as=APIGroupDiscoveryList` with its version. */
  as?: string;
  asVersion?: string;
  asGroup?: string;
  raw: string;
}

/** Picks the first acceptable clause of an Accept header (we serve JSON and YAML, never protobuf or CBOR). */
export function negotiate(accept: string | undefined): AcceptInfo | undefined {
  const raw = accept ?? '*/*';
  for (const clause of raw.split(',')) {
    const [mt, ...params] = clause.split(';').map((s) => s.trim());
    const p = Object.fromEntries(params.map((x) => x.split('=').map((s) => s.trim()) as [string, string]));
    const base = mt!.toLowerCase();
    if (base === 'application/json' || base === '*/*' || base === 'application/*' || base === 'application/json-patch+json') {
      return { encoding: 'json', as: p.as, asVersion: p.v, asGroup: p.g, raw };
    }
    if (base === 'application/yaml') return { encoding: 'yaml', as: p.as, asVersion: p.v, asGroup: p.g, raw };
  }
  return undefined;
}
