/**
 * Content negotiation for GET /openapi/v2, as kube-openapi's handler does it: the gnostic protobuf for
 * `application/com.github.proto-openapi.spec.v2@v1.0+protobuf` (and its older spellings, which
 * client-go versions have sent), JSON for `application/json` and wildcards, 406 otherwise; an ETag shared
 * by both encodings, 304 on a matching If-None-Match, and `Vary: Accept` since one URL serves two types.
 */
import { OPENAPI_V2_PROTOBUF } from './encode.ts';

/**
 * The Content-Type of a protobuf answer. Not the requested `…v2@v1.0+protobuf`: Go's mime parser rejects
 * the `@`, so kube-openapi answers with the dotted spelling and client-go only accepts that.
 */
export const OPENAPI_V2_PROTOBUF_RESPONSE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
import type { V2Rendition } from './documents.ts';

const PROTOBUF_TYPES = new Set([
  OPENAPI_V2_PROTOBUF,
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
  'application/com.github.googleapis.gnostic.openapiv2@68f4ded+protobuf',
]);
const JSON_TYPES = new Set(['application/json', '*/*', 'application/*']);

export interface V2Response {
  status: 200 | 304 | 406;
  headers: Record<string, string>;
  body: Buffer;
}

/** The media type to answer with for an Accept header, or undefined when none is acceptable. */
export function negotiateV2(accept: string | undefined): 'protobuf' | 'json' | undefined {
  if (!accept || !accept.trim()) return 'json';
  const clauses = accept
    .split(',')
    .map((c, i) => {
      const [mt, ...params] = c.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { mt: (mt ?? '').toLowerCase(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((c) => c.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const c of clauses) {
    if (PROTOBUF_TYPES.has(c.mt)) return 'protobuf';
    if (JSON_TYPES.has(c.mt)) return 'json';
  }
  return undefined;
}

export function respondOpenAPIv2(doc: V2Rendition, accept: string | undefined, ifNoneMatch: string | undefined): V2Response {
  const kind = negotiateV2(accept);
  if (!kind) {
    const body = Buffer.from(`only the following media types are accepted: application/json, ${OPENAPI_V2_PROTOBUF}`);
    return { status: 406, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
  }
  const etag = doc.etag();
  const headers: Record<string, string> = {
    'Content-Type': kind === 'protobuf' ? OPENAPI_V2_PROTOBUF_RESPONSE : 'application/json',
    ETag: etag,
    Vary: 'Accept',
    'Cache-Control': 'no-cache, private',
  };
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    return { status: 304, headers, body: Buffer.alloc(0) };
  }
  return { status: 200, headers, body: kind === 'protobuf' ? doc.protobuf() : doc.json() };
}
