/** Loads a YAML fixture table from `testdata/`, fresh on every call. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export function loadTable<T>(file: string): T[] {
  return parse(readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8')) as T[];
}
