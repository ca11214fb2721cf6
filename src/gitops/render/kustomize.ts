/** Kustomize sources rendered by the real `kubectl kustomize` (no shell, bounded time and output). */
import { execFile } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { isObject, type KObject } from '../../apiserver/types.ts';
import { KubectlNotFoundError, RenderError } from './errors.ts';

export interface KustomizeOptions {
  /** Default `kubectl` from PATH. */
  kubectlPath?: string;
  /** Extra flags for `kubectl kustomize` (Argo CD's kustomize.buildOptions), e.g. `--load-restrictor LoadRestrictionsNone`. */
  args?: string[];
  /** Default 90 s, Argo CD's exec timeout. */
  timeoutMs?: number;
  /** Environment for kubectl; default a minimal one (PATH, HOME) so no host credentials leak in. */
  env?: NodeJS.ProcessEnv;
}

const MAX_OUTPUT = 256 * 1024 * 1024;

export async function renderKustomize(dir: string, opts: KustomizeOptions = {}): Promise<KObject[]> {
  const kubectl = opts.kubectlPath ?? 'kubectl';
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const env = opts.env ?? { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(kubectl, ['kustomize', ...(opts.args ?? []), dir], { timeout: timeoutMs, maxBuffer: MAX_OUTPUT, env, windowsHide: true }, (err, out, errOut) => {
      if (!err) return resolve(out);
      const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
      if (e.code === 'ENOENT') return reject(new KubectlNotFoundError(kubectl));
      if (e.killed || e.signal === 'SIGTERM') return reject(new RenderError('Timeout', `kustomize build timed out after ${timeoutMs}ms`, dir));
      reject(new RenderError('KustomizeFailed', `kustomize build failed: ${(errOut || e.message).trim()}`, dir));
    });
  });
  return parseRendered(stdout, 'kustomize build');
}

/** Every document of a tool's output must be an object (Argo CD's kube.SplitYAML). */
export function parseRendered(text: string, tool: string): KObject[] {
  const out: KObject[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length > 0) throw new RenderError('InvalidManifest', `failed to parse ${tool} output: ${doc.errors[0].message}`);
    const v: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (v === null || v === undefined) continue;
    if (!isObject(v) || typeof v.kind !== 'string') throw new RenderError('InvalidManifest', `${tool} produced something that is not a Kubernetes object: ${JSON.stringify(v).slice(0, 200)}`);
    out.push((isObject(v.metadata) ? v : { ...v, metadata: {} }) as KObject);
  }
  return out;
}
