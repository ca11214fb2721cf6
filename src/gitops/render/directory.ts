/**
 * Directory sources, as Argo CD's repo server: walk the app path (into subfolders only with `recurse`), take
 * files named *.yaml, *.yml, *.json (and *.jsonnet, which we do not evaluate yet), filter their paths relative
 * to the app path with `include`/`exclude` globs, and read them in walk order (sorted by name, folders in
 * place), which makes the output deterministic.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { KObject } from '../../apiserver/types.ts';
import { RenderError } from './errors.ts';
import { globMatch } from './glob.ts';
import { parseManifestFile } from './manifests.ts';

export interface DirectoryOptions {
  /** Walk subfolders too (spec.source.directory.recurse). */
  recurse?: boolean;
  /** Only files whose path relative to rootDir matches this glob (e.g. `{a.yaml,env/*}`). */
  include?: string;
  /** Skip files whose relative path matches this glob; applied before include. */
  exclude?: string;
  /** spec.source.directory.jsonnet: not supported yet; set, or a .jsonnet file among the files, is an error. */
  jsonnet?: { extVars?: unknown[]; tlas?: unknown[]; libs?: string[] };
  /** Symlinks may point anywhere inside this folder (the repository checkout); default rootDir. */
  repoRoot?: string;
  /** Limit on the files' combined size (Argo CD's max combined manifest size); default none. */
  maxCombinedBytes?: number;
  /** Files skipped for a reason worth telling (e.g. a dangling symlink), as Argo CD logs them. */
  onWarning?: (message: string) => void;
}

const MANIFEST_FILE = /^.*\.(yaml|yml|json|jsonnet)$/;

/** The objects of a directory source, in walk order. */
export async function renderDirectory(rootDir: string, opts: DirectoryOptions = {}): Promise<KObject[]> {
  const files = await manifestFiles(rootDir, opts);
  const jsonnetSet = opts.jsonnet && Object.values(opts.jsonnet).some((v) => Array.isArray(v) && v.length > 0);
  const jsonnetFile = files.find((f) => f.rel.endsWith('.jsonnet'));
  if (jsonnetFile || jsonnetSet) {
    throw new RenderError('Unsupported', `Jsonnet is not supported yet${jsonnetFile ? `: cannot evaluate "${jsonnetFile.rel}"` : ''}`, jsonnetFile?.rel);
  }
  const objs: KObject[] = [];
  let total = 0;
  for (const f of files) {
    const text = await readFile(f.real, 'utf8');
    if (!f.rel.endsWith('.jsonnet')) {
      total += Buffer.byteLength(text);
      if (opts.maxCombinedBytes && total > opts.maxCombinedBytes) {
        throw new RenderError('ManifestTooLarge', `exceeded max combined manifest file size of ${opts.maxCombinedBytes} bytes`, f.rel);
      }
    }
    objs.push(...parseManifestFile(baseName(f.rel), text));
  }
  return objs;
}

const baseName = (rel: string) => rel.slice(rel.lastIndexOf('/') + 1);

interface ManifestFile {
  /** Path relative to rootDir, with `/`. */
  rel: string;
  /** Where to read it (a symlink's target). */
  real: string;
}

async function manifestFiles(rootDir: string, opts: DirectoryOptions): Promise<ManifestFile[]> {
  const repoRoot = await realpath(opts.repoRoot ?? rootDir);
  const out: ManifestFile[] = [];
  // A folder's entries come with their types: a regular file costs no system call before it is read (a hub
  // repository holds a file per tenant).
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        // Git's own folder is never part of a source.
        if (opts.recurse && entry.name !== '.git') await walk(path);
        continue;
      }
      if (!MANIFEST_FILE.test(entry.name)) continue;
      const rel = relative(rootDir, path).split(sep).join('/');
      const real = entry.isFile() ? path : entry.isSymbolicLink() ? await linkTarget(path, rel, repoRoot, opts) : undefined;
      if (!real) continue;
      if (opts.exclude && globMatch(opts.exclude, rel)) continue;
      if (opts.include && !globMatch(opts.include, rel)) continue;
      out.push({ rel, real });
    }
  };
  await walk(rootDir);
  return out;
}

/** Where a symlinked manifest file leads, if to a regular file inside the checkout. */
async function linkTarget(path: string, rel: string, repoRoot: string, opts: DirectoryOptions): Promise<string | undefined> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    opts.onWarning?.(`skipping manifest file "${rel}": destination of symlink "${rel}" is missing`);
    return undefined;
  }
  // A link out of the checkout could read the host's files into a tenant's manifests.
  if (real !== repoRoot && !real.startsWith(repoRoot + sep)) throw new RenderError('IllegalSymlink', `illegal filepath in symlink at "${rel}"`, rel);
  if (!(await stat(real)).isFile()) {
    opts.onWarning?.(`skipping manifest file "${rel}": ignoring symlink at "${rel}" to non-regular file`);
    return undefined;
  }
  return real;
}
