/**
 * The HTTP client for remote clusters (a Marina logical cluster over the network, or any real
 * Kubernetes API): bearer token or client certificate, a custom CA, keep-alive, discovery-based
 * mapping of apiVersion/kind to resources, and watch streaming.
 */
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { StatusError } from '../apiserver/errors.ts';
import type { KObject } from '../apiserver/types.ts';
import type { ClusterClient, ListOpts, PatchKind, Ref, Watch, WatchEvent, WatchOpts, WriteOpts } from './types.ts';

export interface HttpClusterConfig {
  /** Base URL of the cluster, e.g. https://127.0.0.1:8080/clusters/tenant-a or https://10.0.0.1:6443 */
  server: string;
  token?: string;
  caData?: string; // PEM
  certData?: string;
  keyData?: string;
  insecureSkipTLSVerify?: boolean;
  userAgent?: string;
}

const PATCH_CT: Record<PatchKind, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

type Mapping = { resource: string; namespaced: boolean };

export class HttpClusterClient implements ClusterClient {
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly base: URL;
  private readonly mappings = new Map<string, Mapping | undefined>();

  constructor(private readonly cfg: HttpClusterConfig) {
    this.base = new URL(cfg.server.replace(/\/$/, ''));
    this.agent =
      this.base.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, maxSockets: 64, ca: cfg.caData, cert: cfg.certData, key: cfg.keyData, rejectUnauthorized: !cfg.insecureSkipTLSVerify })
        : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  }

  close(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<IncomingMessage> {
    const url = new URL(this.base.pathname + path, this.base);
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method,
      agent: this.agent,
      headers: {
        Accept: 'application/json',
        'User-Agent': this.cfg.userAgent ?? 'marina-client',
        ...(this.cfg.token ? { Authorization: `Bearer ${this.cfg.token}` } : {}),
        ...(payload ? { 'Content-Type': contentType, 'Content-Length': payload.length } : {}),
      },
    });
    return new Promise((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
      req.end(payload);
    });
  }

  async request<T = any>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.send(method, path, body, contentType);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if ((res.statusCode ?? 500) >= 400) {
      if (parsed?.kind === 'Status') throw new StatusError(parsed.reason ?? 'InternalError', parsed.message ?? text, parsed.details, parsed.code ?? res.statusCode);
      throw new StatusError('InternalError', `${res.statusCode}: ${text.slice(0, 200)}`, undefined, res.statusCode);
    }
    return parsed as T;
  }

  async resourceFor(apiVersion: string, kind: string): Promise<Mapping | undefined> {
    const k = `${apiVersion}/${kind}`;
    if (!this.mappings.has(k)) {
      const gvPath = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      try {
        const list = await this.request<{ resources: Array<{ name: string; kind: string; namespaced: boolean }> }>('GET', gvPath);
        for (const r of list.resources) if (!r.name.includes('/')) this.mappings.set(`${apiVersion}/${r.kind}`, { resource: r.name, namespaced: r.namespaced });
      } catch (e) {
        if (!(e instanceof StatusError && e.code === 404)) throw e;
      }
      if (!this.mappings.has(k)) return undefined; // not cached: a CRD may appear later
    }
    return this.mappings.get(k);
  }

  private async path(ref: { apiVersion: string; kind: string; namespace?: string; name?: string }, sub?: string): Promise<string> {
    const m = await this.resourceFor(ref.apiVersion, ref.kind);
    if (!m) throw new StatusError('NotFound', `the server doesn't have a resource type for ${ref.kind} in ${ref.apiVersion}`);
    const gv = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const ns = m.namespaced && ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
    return `${gv}${ns}/${m.resource}${ref.name ? `/${encodeURIComponent(ref.name)}` : ''}${sub ? `/${sub}` : ''}`;
  }

  private static q(o: Record<string, unknown>): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== false) p.set(k, k === 'dryRun' ? 'All' : String(v));
    const s = p.toString();
    return s ? `?${s}` : '';
  }

  private refOf(o: KObject): Ref {
    return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? 'default', name: o.metadata.name };
  }

  async get(ref: Ref, opts: { subresource?: string } = {}): Promise<KObject> {
    return this.request('GET', await this.path(ref, opts.subresource));
  }

  async list(ref: Omit<Ref, 'name'>, opts: ListOpts = {}) {
    return this.request('GET', (await this.path(ref)) + HttpClusterClient.q({ ...opts }));
  }

  async create(obj: KObject, opts: WriteOpts = {}): Promise<KObject> {
    return this.request('POST', (await this.path({ ...this.refOf(obj), name: undefined })) + HttpClusterClient.q({ ...opts }), obj);
  }

  async update(obj: KObject, opts: WriteOpts = {}): Promise<KObject> {
    return this.request('PUT', (await this.path(this.refOf(obj))) + HttpClusterClient.q({ ...opts }), obj);
  }

  async updateStatus(obj: KObject, opts: WriteOpts = {}): Promise<KObject> {
    return this.request('PUT', (await this.path(this.refOf(obj), 'status')) + HttpClusterClient.q({ ...opts }), obj);
  }

  async patch(ref: Ref, type: PatchKind, patch: unknown, opts: WriteOpts = {}): Promise<KObject> {
    return this.request('PATCH', (await this.path(ref)) + HttpClusterClient.q({ ...opts }), patch, PATCH_CT[type]);
  }

  async apply(obj: KObject, opts: WriteOpts & { fieldManager: string }): Promise<KObject> {
    return this.patch(this.refOf(obj), 'apply', obj, opts);
  }

  async delete(ref: Ref, opts: { propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; dryRun?: boolean } = {}): Promise<void> {
    await this.request('DELETE', (await this.path(ref)) + HttpClusterClient.q({ dryRun: opts.dryRun }), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: opts.propagationPolicy });
  }

  async watch(ref: Omit<Ref, 'name'>, opts: WatchOpts, onEvent: (e: WatchEvent) => void): Promise<Watch> {
    const res = await this.send('GET', (await this.path(ref)) + HttpClusterClient.q({ ...opts, watch: true }));
    if ((res.statusCode ?? 500) >= 400) {
      res.resume();
      throw new StatusError('InternalError', `watch failed with ${res.statusCode}`, undefined, res.statusCode);
    }
    const done = new Promise<void>((resolve) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim()) onEvent(JSON.parse(line) as WatchEvent);
        }
      });
      res.on('end', resolve);
      res.on('close', resolve);
      res.on('error', resolve);
    });
    return { stop: () => res.destroy(), done };
  }
}
