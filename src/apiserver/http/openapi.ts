/**
 * /openapi/v2 and /openapi/v3 for a logical cluster: the upstream documents for built-in kinds plus the
 * cluster's own CRDs. kubectl reads v3 for `explain`, for strategic-merge metadata in `apply`, and to
 * learn that the server validates fields (the `fieldValidation` parameter on PATCH operations).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, notFound } from '../errors.ts';
import type { Registry } from '../registry.ts';
import { builtinOpenAPIV3, crdOpenAPIV3, openAPIV3GroupVersions, swagger } from '../schema/index.ts';
import type { KObject } from '../types.ts';
// Per-cluster /openapi/v2 (JSON or gnostic protobuf for kubectl ≤ 1.27)
import { OpenAPIv2Documents, respondOpenAPIv2 } from '../openapiv2/index.ts';

export class OpenAPIServer {
  private readonly builtinCache = new Map<string, { doc: unknown; hash: string }>();
  private readonly v2 = new OpenAPIv2Documents(swagger);

  constructor(private readonly registry: Registry) {}

  private async crds(cluster: string): Promise<KObject[]> {
    return this.registry.crds(cluster);
  }

  private builtin(gv: string): { doc: unknown; hash: string } | undefined {
    let hit = this.builtinCache.get(gv);
    if (!hit) {
      const doc = builtinOpenAPIV3(gv);
      if (!doc) return undefined;
      hit = { doc, hash: hashOf(doc) };
      this.builtinCache.set(gv, hit);
    }
    return hit;
  }

  /** CRD group versions served in this cluster, as `apis/<group>/<version>` paths. */
  private crdGroupVersions(crds: KObject[]): Map<string, KObject[]> {
    const out = new Map<string, KObject[]>();
    for (const crd of crds) {
      const spec = crd.spec as any;
      for (const v of spec.versions ?? []) {
        if (!v.served) continue;
        const k = `apis/${spec.group}/${v.name}`;
        out.set(k, [...(out.get(k) ?? []), crd]);
      }
    }
    return out;
  }

  /** GET /openapi/v2: built-ins plus the cluster's CRDs; negotiates protobuf/JSON itself (hence before the edge's Accept check). */
  async serveV2(cluster: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const r = respondOpenAPIv2(this.v2.forCRDs(await this.crds(cluster)), req.headers.accept, req.headers['if-none-match']);
    res.writeHead(r.status, r.headers).end(r.body);
  }

  async serve(cluster: string, path: string): Promise<unknown> {
    if (path === '/openapi/v2') return this.v2.forCRDs(await this.crds(cluster)).doc;
    if (path === '/openapi/v3' || path === '/openapi/v3/') {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const gv of openAPIV3GroupVersions()) {
        const b = this.builtin(gv);
        if (b) paths[gv] = { serverRelativeURL: `/clusters/${cluster}/openapi/v3/${gv}?hash=${b.hash}` };
      }
      for (const [gv, crds] of this.crdGroupVersions(await this.crds(cluster))) {
        const [, group, version] = gv.split('/') as [string, string, string];
        paths[gv] = { serverRelativeURL: `/clusters/${cluster}/openapi/v3/${gv}?hash=${hashOf(crdOpenAPIV3(group, version, crds))}` };
      }
      return { paths };
    }
    const gv = path.replace(/^\/openapi\/v3\//, '');
    const b = this.builtin(gv);
    if (b) return b.doc;
    const crds = this.crdGroupVersions(await this.crds(cluster)).get(gv);
    if (crds) {
      const [, group, version] = gv.split('/') as [string, string, string];
      return crdOpenAPIV3(group, version, crds);
    }
    if (!path.startsWith('/openapi/')) throw new StatusError('NotFound', 'not found');
    throw notFound({ group: '', resource: '' }, path);
  }
}

const hashOf = (doc: unknown) => createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase();
