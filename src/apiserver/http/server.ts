/**
 * The HTTP edge: resolves the logical cluster once (`/clusters/<name>/...`), authenticates, routes to
 * discovery, OpenAPI or the request core, and renders results and errors as Kubernetes clients expect.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiCore, RequestContext, Target, DeleteOptions, PatchType } from '../core.ts';
import { StatusError, badRequest, internalError, notFound, unauthorized } from '../errors.ts';
import { storageResource } from '../resource.ts';
import type { KObject, UserInfo } from '../types.ts';
import { parseApiPath, type ResourcePath } from './paths.ts';
import { PATCH_TYPES, decodeBody, encode, mediaType, negotiate, type AcceptInfo } from './codec.ts';
import { aggregated, apiGroup, apiGroupList, apiResourceList, apiVersions, groupsOf, hasGroupVersion } from './discovery.ts';
import { toView } from './views.ts';
import { Watches } from './watches.ts';
import type { OpenAPIServer } from './openapi.ts';

export interface EdgeOptions {
  core: ApiCore;
  authenticate(cluster: string, authorization: string | undefined): Promise<UserInfo | undefined>;
  openapi: OpenAPIServer;
  maxBodyBytes?: number;
  version: Record<string, string>;
  /** Extra top-level routes (portal API, webhooks, metrics): return true when handled. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** Observes every finished API request (metrics). */
  onRequest?: (info: { cluster: string; verb: string; resource: string; code: number; seconds: number }) => void;
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

export class Edge {
  readonly watches = new Watches();
  private readonly maxBody: number;

  constructor(private readonly opts: EdgeOptions) {
    this.maxBody = opts.maxBodyBytes ?? 3 * 1024 * 1024;
  }

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.route(req, res).catch((e) => this.fail(res, e, negotiate(req.headers.accept) ?? { encoding: 'json', raw: '' }));
  };

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = url.pathname.match(/^\/clusters\/([^/]+)(\/.*)?$/);
    if (!m) {
      if (PUBLIC_PATHS.has(url.pathname)) return this.publicPath(url.pathname, res);
      if (this.opts.extraRoutes && (await this.opts.extraRoutes(req, res, url))) return;
      throw notFound({ group: '', resource: '' }, url.pathname);
    }
    const cluster = decodeURIComponent(m[1]!);
    const rest = m[2] ?? '/';
    if (PUBLIC_PATHS.has(rest)) return this.publicPath(rest, res);
    if (!CLUSTER_NAME.test(cluster)) throw badRequest(`invalid logical cluster name "${cluster}"`);
    const user = await this.opts.authenticate(cluster, req.headers.authorization);
    if (!user) throw unauthorized();
    if (!(await this.opts.core.clusterExists(cluster))) throw notFound({ group: 'core.marina.io', resource: 'logicalclusters' }, cluster);
    const ctx: RequestContext = { cluster, user, userAgent: req.headers['user-agent'] };
    if (rest === '/openapi/v2' && req.method === 'GET') return this.opts.openapi.serveV2(ctx.cluster, req, res); // it negotiates protobuf itself
    const accept = negotiate(req.headers.accept);
    if (!accept) throw new StatusError('NotAcceptable', `only the following media types are accepted: application/json, application/yaml`);
    if (rest.startsWith('/openapi/')) return this.send(res, 200, await this.opts.openapi.serve(ctx.cluster, rest), accept);
    await this.api(req, res, ctx, rest, url, accept);
  }

  private publicPath(path: string, res: ServerResponse): void {
    if (path === '/version') return this.send(res, 200, this.opts.version, { encoding: 'json', raw: '' });
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
  }

  private async api(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, rest: string, url: URL, accept: AcceptInfo): Promise<void> {
    const p = parseApiPath(rest);
    const core = this.opts.core;
    const types = p.kind === 'resource' || p.kind === 'other' ? [] : await core.registry.types(ctx.cluster);
    const method = req.method ?? 'GET';
    if (p.kind !== 'resource' && method !== 'GET') throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
    switch (p.kind) {
      case 'root-api':
      case 'root-apis': {
        if (accept.as === 'APIGroupDiscoveryList' && (accept.asVersion === 'v2' || accept.asVersion === 'v2beta1')) {
          const v = `apidiscovery.k8s.io/${accept.asVersion}` as const;
          return this.send(res, 200, aggregated(types, p.kind === 'root-api', v), accept, { 'Content-Type': `application/json;g=apidiscovery.k8s.io;v=${accept.asVersion};as=APIGroupDiscoveryList` });
        }
        return this.send(res, 200, p.kind === 'root-api' ? apiVersions() : apiGroupList(types), { ...accept, as: undefined });
      }
      case 'group': {
        const g = groupsOf(types).find((x) => x.name === p.group);
        if (!g) throw notFound({ group: '', resource: '' }, rest);
        return this.send(res, 200, apiGroup(g), { ...accept, as: undefined });
      }
      case 'group-version':
        if (!hasGroupVersion(types, p.group, p.version)) throw notFound({ group: '', resource: '' }, rest);
        return this.send(res, 200, apiResourceList(types, p.group, p.version), { ...accept, as: undefined });
      case 'other':
        throw notFound({ group: '', resource: '' }, rest);
      case 'resource':
        return this.resource(req, res, ctx, p.path, url, accept);
    }
  }

  private async resource(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, p: ResourcePath, url: URL, accept: AcceptInfo): Promise<void> {
    const core = this.opts.core;
    const type = await core.registry.resolve(ctx.cluster, p.group, p.version, p.resource);
    if (!type) throw notFound({ group: '', resource: '' }, url.pathname);
    if (p.subresource && !(type.subresources as Record<string, unknown>)[p.subresource] && !core.subresourceViews.has(`${storageResource(type)}/${p.subresource}`)) throw notFound({ group: p.group, resource: p.resource }, `${p.name}/${p.subresource}`);
    const t: Target = { type, namespace: p.namespace, name: p.name, subresource: p.subresource };
    if (p.subresource && core.subresourceViews.has(`${storageResource(type)}/${p.subresource}`) && req.method !== 'GET') throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const q = url.searchParams;
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const write = { dryRun: dryRun(q), fieldManager: q.get('fieldManager') ?? undefined, fieldValidation: q.get('fieldValidation') ?? undefined, force: q.get('force') === 'true' };
    let verb = method.toLowerCase();
    let failed = 0;
    const observe = (code: number) => this.opts.onRequest?.({ cluster: ctx.cluster, verb, resource: type.resource, code, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    try {
      if (method === 'GET') {
        if (q.get('watch') === 'true' || q.get('watch') === '1' || p.watchPath) {
          verb = 'watch';
          return await this.watches.serve(req, res, ctx, core, t, q, accept);
        }
        if (t.name) {
          verb = 'get';
          const o = await core.get(ctx, t);
          return this.send(res, 200, toView(o, t, accept, q, false), accept, viewHeaders(accept));
        }
        verb = 'list';
        const list = await core.list(ctx, t, { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined, limit: q.get('limit') ? Number(q.get('limit')) : undefined, continue: q.get('continue') ?? undefined });
        return this.send(res, 200, toView(list, t, accept, q, true), accept, viewHeaders(accept));
      }
      const body = method === 'DELETE' ? await this.readOptionalBody(req) : await this.readBody(req);
      if (method === 'POST') {
        verb = 'create';
        if (t.name && !t.subresource) throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
        const r = await core.create(ctx, t, decodeBody(body!, req.headers['content-type']), write);
        return this.sendWrite(res, r.code, r.object, r.warnings, accept, t, q);
      }
      if (method === 'PUT') {
        verb = 'update';
        if (!t.name) throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
        const r = await core.update(ctx, t, decodeBody(body!, req.headers['content-type']), write);
        return this.sendWrite(res, r.code, r.object, r.warnings, accept, t, q);
      }
      if (method === 'PATCH') {
        verb = 'patch';
        const pt: PatchType | undefined = PATCH_TYPES[mediaType(req.headers['content-type'])];
        if (!pt) throw new StatusError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${type.builtin ? ', application/strategic-merge-patch+json' : ''}`);
        if (!t.name) throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
        const r = await core.patch(ctx, t, pt, decodeBody(body!, req.headers['content-type']), write);
        return this.sendWrite(res, r.code, r.object, r.warnings, accept, t, q);
      }
      if (method === 'DELETE') {
        const opts = deleteOptions(body && body.length ? decodeBody(body, req.headers['content-type']) : undefined, q);
        if (t.name) {
          verb = 'delete';
          const r = await core.delete(ctx, t, opts);
          return this.sendWrite(res, r.code, r.object, r.warnings, accept, t, q);
        }
        verb = 'deletecollection';
        const list = await core.deleteCollection(ctx, t, { labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined }, opts);
        return this.send(res, 200, list, accept);
      }
      throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
    } catch (e) {
      failed = e instanceof StatusError ? e.code : 500;
      throw e;
    } finally {
      if (verb !== 'watch') observe(failed || res.statusCode);
    }
  }

  private sendWrite(res: ServerResponse, code: number, o: KObject, warnings: string[], accept: AcceptInfo, t: Target, q: URLSearchParams): void {
    const headers: Record<string, string | string[]> = { ...viewHeaders(accept) };
    if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
    this.send(res, code, toView(o, t, accept, q, false), accept, headers);
  }

  private readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > this.maxBody) {
        req.resume();
        return reject(new StatusError('RequestEntityTooLarge', `Request entity too large: limit is ${this.maxBody}`));
      }
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > this.maxBody) {
          req.destroy();
          reject(new StatusError('RequestEntityTooLarge', `Request entity too large: limit is ${this.maxBody}`));
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  private async readOptionalBody(req: IncomingMessage): Promise<Buffer | undefined> {
    const b = await this.readBody(req);
    return b.length ? b : undefined;
  }

  send(res: ServerResponse, code: number, body: unknown, accept: AcceptInfo, headers: Record<string, string | string[]> = {}): void {
    const text = encode(body, accept.encoding);
    res.writeHead(code, { 'Content-Type': accept.encoding === 'yaml' ? 'application/yaml' : 'application/json', 'Cache-Control': 'no-cache, private', ...headers });
    res.end(text);
  }

  private fail(res: ServerResponse, e: unknown, accept: AcceptInfo): void {
    const err = e instanceof StatusError ? e : internalError((e as Error)?.message ?? String(e));
    if (!(e instanceof StatusError)) console.error('internal error:', e);
    if (res.headersSent) {
      res.end();
      return;
    }
    const headers: Record<string, string> = {};
    if (err.code === 401) headers['WWW-Authenticate'] = 'Bearer realm="marina"';
    this.send(res, err.code, err.toStatus(), { ...accept, encoding: accept.encoding }, headers);
  }
}

function dryRun(q: URLSearchParams): boolean {
  const v = q.getAll('dryRun');
  for (const x of v) if (x !== 'All') throw badRequest(`Invalid dry run value: ${JSON.stringify(v)}: Unsupported value: "${x}": supported values: "All"`);
  return v.length > 0;
}

function deleteOptions(body: unknown, q: URLSearchParams): DeleteOptions {
  const b = (body ?? {}) as Record<string, any>;
  let propagation = b.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
  const orphan = b.orphanDependents ?? (q.has('orphanDependents') ? q.get('orphanDependents') === 'true' : undefined);
  if (!propagation && orphan !== undefined) propagation = orphan ? 'Orphan' : 'Background';
  if (propagation && !['Foreground', 'Background', 'Orphan'].includes(propagation))
    throw new StatusError('Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${propagation}": supported values: "Foreground", "Background", "Orphan", "nil"`);
  const dr = b.dryRun ?? q.getAll('dryRun');
  return {
    propagationPolicy: propagation,
    preconditions: b.preconditions,
    gracePeriodSeconds: b.gracePeriodSeconds ?? (q.get('gracePeriodSeconds') ? Number(q.get('gracePeriodSeconds')) : undefined),
    dryRun: Array.isArray(dr) && dr.includes('All'),
  };
}

function viewHeaders(accept: AcceptInfo): Record<string, string> {
  if (accept.as === 'Table') return { 'Content-Type': `application/json;as=Table;v=${accept.asVersion ?? 'v1'};g=meta.k8s.io` };
  if (accept.as?.startsWith('PartialObjectMetadata')) return { 'Content-Type': `application/json;as=${accept.as};v=${accept.asVersion ?? 'v1'};g=meta.k8s.io` };
  return {};
}
