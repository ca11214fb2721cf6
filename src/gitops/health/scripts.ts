/**
 * Health scripts we ship for popular CRDs, in Argo CD's resource_customizations layout
 * (`scripts/<group>/<Kind>/health.lua` with its health_test.yaml; `_` stands for `*` in folder names).
 * Rows map a group/kind glob to a script folder. Scripts are read once, on first use.
 */
import { readFileSync } from 'node:fs';
import { globMatch } from '../render/index.ts';

const SCRIPTS: ReadonlyArray<[pattern: string, folder: string]> = [
  ['cert-manager.io/Certificate', 'cert-manager.io/Certificate'],
  ['cert-manager.io/Issuer', 'cert-manager.io/Issuer'],
  ['cert-manager.io/ClusterIssuer', 'cert-manager.io/ClusterIssuer'],
  ['*.crossplane.io/*', '_.crossplane.io/_'],
  // Upbound's providers use the same conditions as Crossplane's own.
  ['*.upbound.io/*', '_.crossplane.io/_'],
];

const loaded = new Map<string, string>();

export const scriptPath = (folder: string) => new URL(`./scripts/${folder}/health.lua`, import.meta.url);

/** The shipped script for a `group/Kind` key, if any (exact rows first, then globs). */
export function builtinHealthScript(key: string): string | undefined {
  const row = SCRIPTS.find(([p]) => p === key) ?? SCRIPTS.find(([p]) => /[*?[{]/.test(p) && globMatch(p, key));
  if (!row) return undefined;
  const folder = row[1];
  let text = loaded.get(folder);
  if (text === undefined) {
    text = readFileSync(scriptPath(folder), 'utf8');
    loaded.set(folder, text);
  }
  return text;
}

/** Folders of shipped scripts, for the test that runs each one's health_test.yaml. */
export const builtinScriptFolders = (): string[] => [...new Set(SCRIPTS.map(([, f]) => f))];
