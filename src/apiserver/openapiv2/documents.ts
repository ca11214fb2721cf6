/**
 * Rendered /openapi/v2 documents, one per distinct set of CRDs: a cluster without established CRDs gets the
 * shared built-in document; clusters with the same CRD versions share one entry. Each rendition builds
 * its JSON text, ETag and protobuf lazily and once, so the ~0.3 s first protobuf encoding of the built-in
 * document is paid once per process and a CRD change costs one cheap re-encoding (built-in definitions are
 * memoized inside the encoder). A small LRU bounds memory: a rendition holds a few MB (its protobuf, and
 * its JSON text only once a JSON client asked).
 */
import { createHash } from 'node:crypto';
import { isEstablished } from '../registry.ts';
import type { KObject } from '../types.ts';
import { openAPIv2ForCluster } from './cluster.ts';
import { encodeOpenAPIv2Protobuf } from './encode.ts';
import type { SwaggerJSON } from './types.ts';

export class V2Rendition {
  private jsonText?: Buffer;
  private tag?: string;
  private proto?: Buffer;

  /** `identity` names the content (the base document and CRD set), so the ETag needs no serialization. */
  constructor(
    readonly doc: SwaggerJSON,
    private readonly identity: string = '',
  ) {}

  json(): Buffer {
    return (this.jsonText ??= Buffer.from(JSON.stringify(this.doc)));
  }

  /**
   * Quoted upper-case hex SHA-512, kube-openapi's ETag format, shared by both encodings. Derived from the
   * content's identity when there is one, so a protobuf-only client never makes us render the JSON.
   */
  etag(): string {
    return (this.tag ??= `"${createHash('sha512').update(this.identity || this.json()).digest('hex').toUpperCase()}"`);
  }

  protobuf(): Buffer {
    return (this.proto ??= encodeOpenAPIv2Protobuf(this.doc));
  }
}

/** Identifies a CRD set: uid and resourceVersion of each established CRD (content hash when they are absent). */
export function crdSetKey(crds: KObject[]): string {
  const parts = crds
    .filter(isEstablished)
    .map((c) => (c.metadata?.uid && c.metadata?.resourceVersion ? `${c.metadata.uid}@${c.metadata.resourceVersion}` : JSON.stringify([c.metadata?.name, c.spec, c.status])))
    .sort();
  return parts.length ? createHash('sha256').update(parts.join('\n')).digest('hex') : '';
}

export class OpenAPIv2Documents {
  private builtin?: V2Rendition;
  private baseHash?: string;
  private readonly lru = new Map<string, V2Rendition>();

  constructor(
    private readonly base: () => SwaggerJSON,
    private readonly max = 8,
  ) {}

  forCRDs(crds: KObject[]): V2Rendition {
    const key = crdSetKey(crds);
    this.baseHash ??= createHash('sha256').update(JSON.stringify(this.base())).digest('hex');
    if (!key) return (this.builtin ??= new V2Rendition(this.base(), this.baseHash));
    let hit = this.lru.get(key);
    if (hit) {
      this.lru.delete(key); // re-insert: most recently used last
    } else {
      hit = new V2Rendition(openAPIv2ForCluster(this.base(), crds), `${this.baseHash}/${key}`);
      if (this.lru.size >= this.max) this.lru.delete(this.lru.keys().next().value!);
    }
    this.lru.set(key, hit);
    return hit;
  }
}
