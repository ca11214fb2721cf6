/** Loads a YAML fixture of test cases; every call returns fresh objects. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export function loadCases<T>(file: string): T[] {
  const url = new URL(`./${file}`, import.meta.url);
  return parse(readFileSync(url, 'utf8')) as T[];
}
