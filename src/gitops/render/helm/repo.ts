/**
 * Charts from Helm chart repositories (`source.chart` + an http(s) `repoURL`): `index.yaml` fetched (cached
 * for `indexTtlMs`, re-read when a refresh asks for newer), `targetRevision` taken as an exact version or a
 * semver constraint (the highest match; `*`/empty = the latest release), the package downloaded (digest
 * checked when the index has one), unpacked and kept by URL + version. Credentials: basic auth, client
 * certificates, CA data and `insecure` from Argo CD repository secrets. OCI registries are refused with a
 * clear error.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseGoYaml, parseSemver, compareSemver, semverSatisfies } from '../../../lib/gotemplate/index.ts';
import { isMap } from '../../../lib/gotemplate/value.ts';
import { RenderError } from '../errors.ts';
import { loadChartArchive, type Chart } from './chart.ts';

export interface HelmRepoCreds {
  username?: string;
  password?: string;
  insecure?: boolean;
  caData?: string;
  tlsClientCertData?: string;
  tlsClientCertKey?: string;
}

export interface FetchedChart {
  chart: Chart;
  version: string;
  /** The package URL it came from. */
  url: string;
}

export class HelmRepoError extends RenderError {
  constructor(message: string) {
    super('HelmRepoFailed', message);
    this.name = 'HelmRepoError';
  }
}

interface IndexEntry {
  version: string;
  urls: string[];
  digest?: string;
}

const MAX_INDEX = 50 * 1024 * 1024;
const MAX_CHART = 50 * 1024 * 1024;

/** Argo CD's reading: `oci://…` or a URL without a scheme (`registry/path`) is an OCI registry. */
export const isOciRepo = (repoURL: string) => repoURL.startsWith('oci://') || !/^[a-z][a-z0-9+.-]*:\/\//i.test(repoURL);

export class HelmRepoCache {
  private readonly indexes = new Map<string, { at: number; entries: Map<string, IndexEntry[]> }>();
  private readonly charts = new Map<string, FetchedChart>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  fetches = 0;

  constructor(private readonly opts: { indexTtlMs?: number; maxCharts?: number; timeoutMs?: number } = {}) {}

  /** The chart for `name` at `targetRevision` from `repoURL`. `notBefore`: ignore an index fetched earlier. */
  async chart(repoURL: string, name: string, targetRevision: string | undefined, creds?: HelmRepoCreds, notBefore?: number): Promise<FetchedChart> {
    if (isOciRepo(repoURL)) throw new HelmRepoError(`Helm OCI registries are not supported by Marina yet: "${repoURL}" (use an http(s) Helm chart repository)`);
    if (!/^https?:\/\//.test(repoURL)) throw new HelmRepoError(`Helm chart repository URL "${repoURL}" must be http:// or https://`);
    const entries = await this.index(repoURL, creds, notBefore);
    const versions = entries.get(name);
    if (!versions?.length) throw new HelmRepoError(`chart "${name}" not found in repository ${repoURL}`);
    const entry = pickVersion(versions, targetRevision);
    if (!entry) throw new HelmRepoError(`chart "${name}" version "${targetRevision ?? ''}" not found in repository ${repoURL}`);
    const url = packageUrl(repoURL, entry.urls[0] ?? '');
    const key = `${url}|${entry.version}|${entry.digest ?? ''}|${credsKey(creds)}`;
    const hit = this.charts.get(key);
    if (hit) return hit;
    return this.once(`chart|${key}`, async () => {
      const data = await this.get(url, creds, MAX_CHART);
      if (entry.digest && createHash('sha256').update(data).digest('hex') !== entry.digest.replace(/^sha256:/, '')) {
        throw new HelmRepoError(`chart "${name}" version "${entry.version}" from ${url}: digest does not match the repository index`);
      }
      const chart = loadChartArchive(data, `chart "${name}" version "${entry.version}"`);
      const fetched = { chart, version: entry.version, url };
      if (this.charts.size >= (this.opts.maxCharts ?? 100)) this.charts.delete(this.charts.keys().next().value!);
      this.charts.set(key, fetched);
      return fetched;
    });
  }

  /** A chart package at a direct URL (provider-helm's `chart.url`), kept by URL. */
  async chartFromUrl(url: string, creds?: HelmRepoCreds): Promise<FetchedChart> {
    if (isOciRepo(url)) throw new HelmRepoError(`Helm OCI registries are not supported by Marina yet: "${url}" (use an http(s) chart URL)`);
    if (!/^https?:\/\//.test(url)) throw new HelmRepoError(`chart URL "${url}" must be http:// or https://`);
    const key = `url|${url}|${credsKey(creds)}`;
    const hit = this.charts.get(key);
    if (hit) return hit;
    return this.once(`chart|${key}`, async () => {
      const chart = loadChartArchive(await this.get(url, creds, MAX_CHART), `chart ${url}`);
      const fetched = { chart, version: String(chart.metadata.version), url };
      if (this.charts.size >= (this.opts.maxCharts ?? 100)) this.charts.delete(this.charts.keys().next().value!);
      this.charts.set(key, fetched);
      return fetched;
    });
  }

  private async index(repoURL: string, creds: HelmRepoCreds | undefined, notBefore?: number): Promise<Map<string, IndexEntry[]>> {
    const key = `${repoURL.replace(/\/+$/, '')}|${credsKey(creds)}`;
    const cached = this.indexes.get(key);
    const ttl = this.opts.indexTtlMs ?? 5 * 60_000;
    if (cached && Date.now() - cached.at < ttl && (notBefore === undefined || cached.at >= notBefore)) return cached.entries;
    return this.once(`index|${key}`, async () => {
      const at = Date.now();
      const text = (await this.get(`${repoURL.replace(/\/+$/, '')}/index.yaml`, creds, MAX_INDEX)).toString('utf8');
      let doc: unknown;
      try {
        doc = parseGoYaml(text);
      } catch (e) {
        throw new HelmRepoError(`error parsing index.yaml of ${repoURL}: ${(e as Error).message}`);
      }
      if (!isMap(doc) || !isMap(doc.entries)) throw new HelmRepoError(`${repoURL}/index.yaml is not a Helm repository index (no entries)`);
      const entries = new Map<string, IndexEntry[]>();
      for (const [chartName, list] of Object.entries(doc.entries)) {
        if (!Array.isArray(list)) continue;
        entries.set(chartName, list.filter(isMap).map((e) => ({ version: String(e.version ?? ''), urls: Array.isArray(e.urls) ? e.urls.map(String) : [], digest: typeof e.digest === 'string' ? e.digest : undefined })));
      }
      this.indexes.set(key, { at, entries });
      return entries;
    });
  }

  private once<T>(key: string, f: () => Promise<T>): Promise<T> {
    const cur = this.inflight.get(key);
    if (cur) return cur as Promise<T>;
    const p = f().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private get(url: string, creds: HelmRepoCreds | undefined, max: number, redirects = 5): Promise<Buffer> {
    this.fetches++;
    const timeoutMs = this.opts.timeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        return reject(new HelmRepoError(`invalid URL "${url}"`));
      }
      const headers: Record<string, string> = { 'user-agent': 'Helm/3 (Marina)', accept: '*/*' };
      if (creds?.username || creds?.password) headers.authorization = `Basic ${Buffer.from(`${creds.username ?? ''}:${creds.password ?? ''}`).toString('base64')}`;
      const tls = u.protocol === 'https:' ? { rejectUnauthorized: !creds?.insecure, ca: creds?.caData, cert: creds?.tlsClientCertData, key: creds?.tlsClientCertKey } : {};
      const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { method: 'GET', headers, timeout: timeoutMs, ...tls }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location && redirects > 0) {
          res.resume();
          return resolve(this.get(new URL(res.headers.location, u).toString(), creds, max, redirects - 1));
        }
        if (status !== 200) {
          res.resume();
          const why = status === 401 || status === 403 ? ' (check the repository credentials)' : '';
          return reject(new HelmRepoError(`failed to fetch ${url} : ${status} ${res.statusMessage ?? ''}${why}`.trim()));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > max) {
            req.destroy();
            reject(new HelmRepoError(`${url} is larger than ${max} bytes`));
          } else chunks.push(c);
        });
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', (e) => reject(new HelmRepoError(`failed to fetch ${url}: ${e.message}`)));
      });
      req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs}ms`)));
      req.on('error', (e) => reject(new HelmRepoError(`failed to fetch ${url}: ${e.message}`)));
      req.end();
    });
  }
}

/** Cached indexes and charts are kept per credentials: what one set of credentials fetched is not served to another. */
function credsKey(creds: HelmRepoCreds | undefined): string {
  if (!creds) return '';
  return createHash('sha256').update(JSON.stringify([creds.username, creds.password, creds.insecure, creds.caData, creds.tlsClientCertData, creds.tlsClientCertKey])).digest('hex').slice(0, 16);
}

function packageUrl(repoURL: string, u: string): string {
  if (/^https?:\/\//.test(u)) return u;
  return new URL(u, repoURL.replace(/\/*$/, '/')).toString();
}

/** Exact version (with or without `v`), else the highest version satisfying the constraint. */
export function pickVersion(entries: IndexEntry[], targetRevision: string | undefined): IndexEntry | undefined {
  const want = (targetRevision ?? '').trim();
  const exact = entries.find((e) => e.version === want || e.version.replace(/^v/, '') === want.replace(/^v/, ''));
  if (exact && want !== '') return exact;
  const constraint = want === '' || want === 'latest' ? '*' : want;
  let best: { e: IndexEntry; v: ReturnType<typeof parseSemver> } | undefined;
  for (const e of entries) {
    let v;
    try {
      v = parseSemver(e.version);
    } catch {
      continue;
    }
    let ok = false;
    try {
      ok = semverSatisfies(constraint, v);
    } catch {
      return undefined;
    }
    if (ok && (!best || compareSemver(v, best.v) > 0)) best = { e, v };
  }
  return best?.e;
}
