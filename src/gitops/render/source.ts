/** Which tool renders a source: explicit fields of the Application source first, else what the folder holds. */
import { readdir } from 'node:fs/promises';
import { isObject } from '../../apiserver/types.ts';
import { RenderError } from './errors.ts';

export type SourceType = 'Directory' | 'Kustomize' | 'Helm' | 'Plugin';

/** Kustomize's own file names (kustomize.IsKustomization). */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Argo CD's discovery for the app path itself: files are visited in name order and the last match wins, so
 * a kustomization beside a Chart.yaml makes Kustomize. Argo CD matches any name ending in `Chart.yaml`.
 */
export async function detectSourceType(dir: string): Promise<SourceType> {
  let type: SourceType = 'Directory';
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.isDirectory()) continue;
    if (e.name.endsWith('Chart.yaml')) type = 'Helm';
    if (KUSTOMIZATION_FILES.includes(e.name)) type = 'Kustomize';
  }
  return type;
}

/** The type an Application source sets explicitly (`helm`, `kustomize`, `directory`, `plugin`), if any. */
export function explicitSourceType(source: unknown): SourceType | undefined {
  if (!isObject(source)) return undefined;
  const set: SourceType[] = [];
  if (isObject(source.helm)) set.push('Helm');
  if (isObject(source.kustomize)) set.push('Kustomize');
  if (isObject(source.directory)) set.push('Directory');
  if (isObject(source.plugin)) set.push('Plugin');
  if (set.length > 1) throw new RenderError('InvalidSource', `multiple application sources defined: ${set.join(',')}`);
  return set[0];
}

/** A source's type: explicit, else detected from its folder (Argo CD's GetAppSourceType). */
export async function sourceTypeOf(source: unknown, dir: string): Promise<SourceType> {
  return explicitSourceType(source) ?? (await detectSourceType(dir));
}
