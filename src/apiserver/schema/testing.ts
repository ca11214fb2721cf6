/** Fixture loading shared by this folder's tests: YAML tables under testdata/, upstream CRDs under schemas/crds. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { builtinSchema } from './builtin.ts';
import type { SchemaNode } from './node.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const CRD_DIR = here('../../../schemas/crds');

/** The cases of `testdata/<file>`; a fresh parse on every call, so cases may be mutated. */
export const loadCases = <T>(file: string): T[] => parse(readFileSync(here(`testdata/${file}`), 'utf8')) as T[];

export const loadCRD = (rel: string): Record<string, any> => parse(readFileSync(`${CRD_DIR}/${rel}`, 'utf8'));

/** Every upstream CRD file, relative to schemas/crds. */
export const allCRDFiles = (): string[] =>
  readdirSync(CRD_DIR).flatMap((d) => readdirSync(`${CRD_DIR}/${d}`).filter((f) => f.endsWith('.yaml')).map((f) => `${d}/${f}`));

/** How a case names its schema: an upstream CRD version, a built-in kind, or an inline schema. */
export type SchemaRef = { crd: string; version?: string } | { builtin: string } | { inline: SchemaNode };

export function resolveSchema(ref: SchemaRef): SchemaNode {
  if ('inline' in ref) return ref.inline;
  if ('builtin' in ref) {
    const parts = ref.builtin.split('/');
    const [group, version, kind] = parts.length === 2 ? ['', parts[0]!, parts[1]!] : (parts as [string, string, string]);
    const s = builtinSchema({ group, version, kind });
    if (!s) throw new Error(`no built-in schema for ${ref.builtin}`);
    return s;
  }
  const crd = loadCRD(ref.crd);
  const v = ref.version ? crd.spec.versions.find((x: any) => x.name === ref.version) : crd.spec.versions[0];
  return v.schema.openAPIV3Schema;
}
