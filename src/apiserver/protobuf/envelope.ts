// The outer framing of application/vnd.kubernetes.protobuf bodies: the magic
// "k8s\0" followed by a runtime.Unknown message (apimachinery
// pkg/runtime/generated.proto):
//   message Unknown { TypeMeta typeMeta = 1; bytes raw = 2;
//                     string contentEncoding = 3; string contentType = 4; }
//   message TypeMeta { string apiVersion = 1; string kind = 2; }

import { ProtobufDecodeError, readFields } from './wire.ts';

export const KUBERNETES_PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  contentEncoding: string;
  contentType: string;
}

export const hasKubernetesMagic = (body: Buffer): boolean =>
  body.length >= 4 && body.subarray(0, 4).equals(KUBERNETES_PROTOBUF_MAGIC);

export function parseEnvelope(body: Buffer): Envelope {
  if (!hasKubernetesMagic(body)) {
    throw new ProtobufDecodeError('protobuf body does not start with the Kubernetes magic "k8s\\x00"');
  }
  const env: Envelope = { apiVersion: '', kind: '', raw: Buffer.alloc(0), contentEncoding: '', contentType: '' };
  for (const f of readFields(body.subarray(4))) {
    if (f.wire !== 2) continue; // every Unknown field is length-delimited
    if (f.num === 1) {
      for (const t of readFields(f.value)) {
        if (t.wire !== 2) continue;
        if (t.num === 1) env.apiVersion = t.value.toString('utf8');
        if (t.num === 2) env.kind = t.value.toString('utf8');
      }
    } else if (f.num === 2) env.raw = f.value;
    else if (f.num === 3) env.contentEncoding = f.value.toString('utf8');
    else if (f.num === 4) env.contentType = f.value.toString('utf8');
  }
  if (!env.kind || !env.apiVersion) throw new ProtobufDecodeError('protobuf envelope has no apiVersion/kind');
  return env;
}
