// Decoding of `Content-Type: application/vnd.kubernetes.protobuf` request
// bodies (sent by client-go typed clients, e.g. kubectl create/run/auth) into
// the JSON object the same client would have sent as application/json.

import { decodeObject } from './decode.ts';
import { parseEnvelope } from './envelope.ts';
import { parseRawJson } from './special.ts';
import { ProtobufDecodeError } from './wire.ts';

export { ProtobufDecodeError } from './wire.ts';
export { hasKubernetesMagic, KUBERNETES_PROTOBUF_MAGIC } from './envelope.ts';

export const KUBERNETES_PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

export interface DecodedKubernetesObject {
  apiVersion: string;
  kind: string;
  /** The JSON form, including apiVersion and kind. */
  object: Record<string, unknown>;
}

/**
 * Throws ProtobufDecodeError: `status` 415 for a kind without a descriptor or
 * an unsupported inner encoding, 400 for malformed bytes.
 */
export function decodeKubernetesProtobuf(body: Buffer): DecodedKubernetesObject {
  const env = parseEnvelope(body);
  if (env.contentEncoding) {
    throw new ProtobufDecodeError(`unsupported protobuf contentEncoding ${JSON.stringify(env.contentEncoding)}`, 415);
  }
  const { apiVersion, kind } = env;
  // An empty contentType means the raw bytes are protobuf (runtime.Unknown docs).
  if (env.contentType === 'application/json') {
    const object = parseRawJson(env.raw, 'embedded JSON object') as Record<string, unknown>;
    return { apiVersion, kind, object: { apiVersion, kind, ...object } };
  }
  if (env.contentType && env.contentType !== KUBERNETES_PROTOBUF_CONTENT_TYPE) {
    throw new ProtobufDecodeError(`unsupported embedded contentType ${JSON.stringify(env.contentType)}`, 415);
  }
  return { apiVersion, kind, object: decodeObject(apiVersion, kind, env.raw) };
}
