/**
 * Rendering a source at a commit, cached by commit SHA + source spec: a commit never changes, so neither do
 * its manifests. Callers get fresh copies (they add namespaces and tracking ids).
 */
import { join, normalize as normPath } from 'node:path';
import type { KObject } from '../../apiserver/types.ts';
import { RenderError, renderDirectory, renderHelmChart, renderHelmDir, renderKustomize, sourceTypeOf, type FetchedChart, type HelmRenderContext, type SourceType } from '../render/index.ts';

export interface AppSource {
  repoURL: string;
  path?: string;
  targetRevision?: string;
  chart?: string;
  /** Names this source for `$ref/...` Helm value files of other sources (multiple sources). */
  ref?: string;
  directory?: { recurse?: boolean; include?: string; exclude?: string; jsonnet?: Record<string, unknown> };
  kustomize?: Record<string, unknown>;
  helm?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
}

export interface Rendered {
  objects: KObject[];
  sourceType: SourceType;
}

export class ManifestCache {
  /** Least recently used first. */
  private readonly entries = new Map<string, Rendered>();
  /** Objects held by all entries: a repository with a file per tenant renders thousands per commit. */
  private objects = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly max = 2000,
    private readonly kubectlPath?: string,
    private readonly maxObjects = 50_000,
  ) {}

  /** Source type learnt per commit + source, so only Helm renderings are keyed by the app's context. */
  private readonly types = new Map<string, SourceType>();

  /**
   * `helm` is what a Helm source renders with (release name and namespace default to the app's); other
   * sources ignore it, so apps sharing a directory or Kustomize source share one cache entry.
   */
  async render(tree: string, commit: string, source: AppSource, helm?: HelmRenderContext): Promise<Rendered> {
    const base = `${commit}|${JSON.stringify(source)}`;
    const keyOf = (t: SourceType) => (t === 'Helm' ? `${base}|${JSON.stringify(helm ?? {})}` : base);
    const known = this.types.get(base);
    const hit = known && this.hit(keyOf(known));
    if (hit) return { sourceType: hit.sourceType, objects: structuredClone(hit.objects) };
    this.misses++;
    const r = await renderSource(tree, source, this.kubectlPath, helm);
    if (this.types.size >= this.max) this.types.delete(this.types.keys().next().value!);
    this.types.set(base, r.sourceType);
    this.store(keyOf(r.sourceType), r);
    return { sourceType: r.sourceType, objects: structuredClone(r.objects) };
  }

  /** A chart from a Helm repository, cached by package URL + version + source spec. */
  async renderChart(fetched: FetchedChart, source: AppSource, helm: HelmRenderContext): Promise<Rendered> {
    const key = `chart|${fetched.url}|${fetched.version}|${JSON.stringify(source)}|${JSON.stringify(helm)}`;
    return this.cached(key, async () => ({ sourceType: 'Helm', objects: await renderHelmChart(fetched.chart, undefined, source.helm, helm) }));
  }

  private async cached(key: string, render: () => Promise<Rendered>): Promise<Rendered> {
    const hit = this.hit(key);
    if (hit) return { sourceType: hit.sourceType, objects: structuredClone(hit.objects) };
    this.misses++;
    const r = await render();
    this.store(key, r);
    return { sourceType: r.sourceType, objects: structuredClone(r.objects) };
  }

  private hit(key: string): Rendered | undefined {
    const r = this.entries.get(key);
    if (!r) return undefined;
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, r);
    return r;
  }

  private store(key: string, r: Rendered) {
    const old = this.entries.get(key);
    if (old) (this.entries.delete(key), (this.objects -= old.objects.length));
    while (this.entries.size && (this.entries.size >= this.max || this.objects + r.objects.length > this.maxObjects)) {
      const [k, v] = this.entries.entries().next().value!;
      this.entries.delete(k);
      this.objects -= v.objects.length;
    }
    this.entries.set(key, r);
    this.objects += r.objects.length;
  }
}

async function renderSource(tree: string, source: AppSource, kubectlPath?: string, helm?: HelmRenderContext): Promise<Rendered> {
  if (source.chart) throw new RenderError('InvalidSource', `chart "${source.chart}" needs a Helm repository, not a git checkout`);
  const rel = normPath(source.path ?? '.');
  if (rel.startsWith('..')) throw new RenderError('InvalidSource', `app path "${source.path}" is outside the repository`);
  const dir = join(tree, rel);
  let sourceType: SourceType;
  try {
    sourceType = await sourceTypeOf(source, dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new RenderError('InvalidSource', `app path does not exist: ${source.path ?? '.'}`);
    throw e;
  }
  if (sourceType === 'Plugin') throw new RenderError('Unsupported', 'config management plugins are not supported yet');
  const objects = sourceType === 'Helm'
    ? await renderHelmDir(dir, source.helm, { appName: 'app', namespace: '', ...helm, repoRoot: tree })
    : sourceType === 'Kustomize'
      ? await renderKustomize(dir, { kubectlPath })
      : await renderDirectory(dir, { ...(source.directory ?? {}), repoRoot: tree });
  return { objects, sourceType };
}
