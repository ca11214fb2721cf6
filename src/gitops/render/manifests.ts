/**
 * Reading manifest files into objects, as Argo CD's repo server does for directory sources
 * (reposerver/repository.go getObjsFromYAMLOrJson): multi-document YAML with empty documents skipped; a
 * YAML file that fails to parse is an error only if it looks like a manifest (has `apiVersion:`, `kind:` and
 * `metadata:`) or an earlier document in it was one, else it is some other YAML file and is ignored; a JSON
 * file holds one object (we also accept an array). `List` objects are flattened into their items.
 */
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { isObject, type KObject } from '../../apiserver/types.ts';
import { RenderError } from './errors.ts';

/**
 * Parsed files by (name, content) digest: a new commit re-renders the whole directory, but most of its files
 * are the blobs of the commit before. Callers get their own copy (they set namespaces and tracking ids).
 * Bounded, least recently used go first; a file that fails to parse is parsed (and fails) every time.
 */
const parsed = new Map<string, KObject[]>();
const MAX_PARSED = 20_000;

/** Objects of one file; `name` is used in messages (Argo CD names the file). */
export function parseManifestFile(name: string, content: string): KObject[] {
  const key = createHash('sha1').update(name).update('\0').update(content).digest('base64');
  let objs = parsed.get(key);
  if (objs) parsed.delete(key);
  else {
    objs = flattenLists(name.endsWith('.json') ? parseJson(name, content) : parseYamlFile(name, content));
    if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value!);
  }
  parsed.set(key, objs);
  return structuredClone(objs);
}

function parseJson(name: string, content: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (e) {
    const more = /Unexpected non-whitespace character after JSON/.test((e as Error).message);
    if (more) throw new RenderError('InvalidManifest', `Found multiple objects in "${name}". Only single objects are allowed in JSON files.`, name);
    throw new RenderError('InvalidManifest', `Failed to unmarshal "${name}": ${(e as Error).message}`, name);
  }
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    const problem = objectProblem(item);
    if (problem) throw new RenderError('InvalidManifest', `Failed to unmarshal "${name}": ${problem}`, name);
  }
  return items;
}

function parseYamlFile(name: string, content: string): unknown[] {
  const objs: unknown[] = [];
  let failure: string | undefined;
  // YAML 1.1 as Go's sigs.k8s.io/yaml reads it (`yes`/`on` are booleans there).
  for (const doc of parseAllDocuments(content, { version: '1.1', uniqueKeys: false })) {
    if (doc.errors.length > 0) {
      failure = doc.errors[0].message;
      break;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    const problem = objectProblem(value);
    if (problem) {
      failure = problem;
      break;
    }
    objs.push(value);
  }
  if (failure === undefined) return objs;
  const looksLikeManifest = content.includes('apiVersion:') && content.includes('kind:') && content.includes('metadata:');
  if (objs.length > 0 || looksLikeManifest) {
    throw new RenderError('InvalidManifest', `Failed to unmarshal "${name}": failed to unmarshal manifest: ${failure}`, name);
  }
  return []; // some other YAML file (values, CI config...) that happens to live beside the manifests
}

/** Why a decoded document is not a Kubernetes object, in the Kubernetes decoder's words. */
function objectProblem(v: unknown): string | undefined {
  if (!isObject(v)) return `cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}`;
  if (Array.isArray(v.items)) return undefined; // a list; its items are checked when flattened
  if (typeof v.kind !== 'string' || v.kind === '') return `Object 'Kind' is missing in '${JSON.stringify(v)}'`;
  return undefined;
}

/** `kind: List` (anything with an items list) becomes its items; a null list (`items: null`, no spec) vanishes. */
function flattenLists(objs: unknown[]): KObject[] {
  const out: KObject[] = [];
  for (const o of objs) {
    if (!isObject(o)) continue;
    if (Array.isArray(o.items)) {
      for (const item of o.items) if (isObject(item)) out.push(normalizeMeta(item));
    } else if (!(Object.hasOwn(o, 'items') && o.items === null && !('spec' in o) && !('status' in o))) out.push(normalizeMeta(o));
  }
  return out;
}

const normalizeMeta = (o: Record<string, unknown>): KObject => (isObject(o.metadata) ? o : { ...o, metadata: {} }) as KObject;
