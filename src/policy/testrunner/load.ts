/** Reading the files a `kyverno-test.yaml` names: multi-document YAML, paths relative to the test. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, dirname } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { JsonObject } from '../types.ts';

export async function readDocuments(path: string): Promise<JsonObject[]> {
  const text = await readFile(path, 'utf8');
  const out: JsonObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${path}: ${doc.errors[0].message}`);
    const value = doc.toJS() as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const obj = value as JsonObject;
      // a List of objects counts as its items, as kubectl and Kyverno read them
      if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) out.push(...(obj.items as JsonObject[]));
      else out.push(obj);
    }
  }
  return out;
}

/** Reads every YAML document from files or folders (folders are read recursively). */
export async function readAll(base: string, paths: string[]): Promise<JsonObject[]> {
  const out: JsonObject[] = [];
  for (const p of paths) {
    if (/^https?:\/\//.test(p)) throw new Error(`remote paths are not supported: ${p}`);
    const full = isAbsolute(p) ? p : join(base, p);
    if ((await stat(full)).isDirectory()) {
      const names = (await readdir(full)).filter((n) => /\.ya?ml$/.test(n)).sort();
      out.push(...(await readAll(full, names)));
    } else out.push(...(await readDocuments(full)));
  }
  return out;
}

/** Every `kyverno-test.yaml` (or the given file name) under a folder, sorted for stable output. */
export async function findTestFiles(dir: string, fileName = 'kyverno-test.yaml'): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) await walk(join(d, entry.name));
      else if (entry.name === fileName) out.push(join(d, entry.name));
    }
  };
  if ((await stat(dir)).isFile()) return [dir];
  await walk(dir);
  return out;
}

export const baseDir = (file: string) => dirname(file);
