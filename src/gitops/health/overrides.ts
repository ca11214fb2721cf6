/**
 * Resource customizations from an `argocd-cm` ConfigMap's data, in both of Argo CD's forms:
 *   resource.customizations: |            (one YAML map keyed `group/Kind`, the older form)
 *     cert-manager.io/Certificate:
 *       health.lua: | ...
 *   resource.customizations.health.cert-manager.io_Certificate: | ...   (one key per type and group_kind)
 * Split keys win over the YAML form, as in Argo CD's settings manager. `group_kind` may use globs
 * (`*.crossplane.io_*`); `resource.customizations.<type>.all` means every resource (`*\/*`).
 */
import { parse as parseYaml } from 'yaml';
import { isObject } from '../../apiserver/types.ts';
import { globMatch } from '../render/index.ts';

export interface OverrideIgnoreDiff {
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}

export interface ResourceOverride {
  healthLua?: string;
  useOpenLibs?: boolean;
  actions?: string;
  ignoreDifferences?: OverrideIgnoreDiff;
  ignoreResourceUpdates?: OverrideIgnoreDiff;
  knownTypeFields?: unknown[];
}

/** Keyed `group/Kind`, or `Kind` alone for the core group, as Argo CD's GetConfigMapKey. */
export type ResourceOverrides = Record<string, ResourceOverride>;

export interface ParsedOverrides {
  overrides: ResourceOverrides;
  /** Problems with single keys; the other keys still apply. */
  errors: string[];
}

const PREFIX = 'resource.customizations';

export function parseResourceOverrides(data: Record<string, string> | undefined): ParsedOverrides {
  const overrides: ResourceOverrides = {};
  const errors: string[] = [];
  if (!data) return { overrides, errors };
  if (data[PREFIX]) parseYamlForm(data[PREFIX], overrides, errors);
  for (const key of Object.keys(data).sort()) {
    if (!key.startsWith(`${PREFIX}.`)) continue;
    const parts = splitN(key, '.', 4);
    if (parts.length < 4) continue;
    const [, , type, groupKind] = parts;
    let target = overrideKeyOf(groupKind);
    if (target === undefined) {
      errors.push(`${key}: group kind should be in format \`resource.customizations.<type>.<group_kind>\` or \`resource.customizations.<type>.<kind>\`, got group kind: '${groupKind}'`);
      continue;
    }
    if (target === 'all') target = '*/*';
    const problem = applyType(overrides[target] ?? (overrides[target] = {}), type, data[key]);
    if (problem) errors.push(`${key}: ${problem}`);
  }
  return { overrides, errors };
}

/** `group_kind` → `group/kind`; a plain `kind` stays as is (core group). */
function overrideKeyOf(groupKind: string): string | undefined {
  const parts = groupKind.split('_');
  if (parts.length === 2) return `${parts[0]}/${parts[1]}`;
  if (parts.length === 1 && groupKind !== '') return groupKind;
  return undefined;
}

function applyType(o: ResourceOverride, type: string, value: string): string | undefined {
  try {
    switch (type) {
      case 'health':
        o.healthLua = value;
        return;
      case 'useOpenLibs':
        if (!/^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(value.trim())) return `invalid boolean "${value}"`;
        o.useOpenLibs = /^(true|1|t|TRUE|True)$/.test(value.trim());
        return;
      case 'actions':
        o.actions = value;
        return;
      case 'ignoreDifferences':
        o.ignoreDifferences = ignoreDiffOf(value);
        return;
      case 'ignoreResourceUpdates':
        o.ignoreResourceUpdates = ignoreDiffOf(value);
        return;
      case 'knownTypeFields': {
        const v: unknown = parseYaml(value);
        o.knownTypeFields = Array.isArray(v) ? v : [];
        return;
      }
      default:
        return `resource customization type ${type} not supported`;
    }
  } catch (e) {
    return (e as Error).message;
  }
}

function parseYamlForm(text: string, overrides: ResourceOverrides, errors: string[]): void {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (e) {
    errors.push(`${PREFIX}: ${(e as Error).message}`);
    return;
  }
  if (!isObject(parsed)) return;
  for (const [key, v] of Object.entries(parsed)) {
    if (!isObject(v)) continue;
    const o: ResourceOverride = {};
    try {
      if (typeof v['health.lua'] === 'string') o.healthLua = v['health.lua'];
      if (v['health.lua.useOpenLibs'] === true || v['health.lua.useOpenLibs'] === 'true') o.useOpenLibs = true;
      if (typeof v.actions === 'string') o.actions = v.actions;
      // In this form ignoreDifferences is itself YAML text (Argo CD's ResourceOverride unmarshalling); accept a map too.
      if (v.ignoreDifferences !== undefined) o.ignoreDifferences = ignoreDiffOf(v.ignoreDifferences);
      if (v.ignoreResourceUpdates !== undefined) o.ignoreResourceUpdates = ignoreDiffOf(v.ignoreResourceUpdates);
      if (Array.isArray(v.knownTypeFields)) o.knownTypeFields = v.knownTypeFields;
    } catch (e) {
      errors.push(`${PREFIX} ${key}: ${(e as Error).message}`);
    }
    overrides[key] = o;
  }
}

function ignoreDiffOf(value: unknown): OverrideIgnoreDiff {
  const v: unknown = typeof value === 'string' ? parseYaml(value) : value;
  if (v === null || v === undefined) return {};
  if (!isObject(v)) throw new Error('ignoreDifferences must be a map with jsonPointers, jqPathExpressions or managedFieldsManagers');
  const strings = (x: unknown, name: string): string[] | undefined => {
    if (x === undefined || x === null) return undefined;
    if (!Array.isArray(x) || !x.every((s) => typeof s === 'string')) throw new Error(`ignoreDifferences.${name} must be a list of strings`);
    return x as string[];
  };
  const out: OverrideIgnoreDiff = {};
  const jp = strings(v.jsonPointers, 'jsonPointers');
  const jq = strings(v.jqPathExpressions, 'jqPathExpressions');
  const mf = strings(v.managedFieldsManagers, 'managedFieldsManagers');
  if (jp) out.jsonPointers = jp;
  if (jq) out.jqPathExpressions = jq;
  if (mf) out.managedFieldsManagers = mf;
  return out;
}

function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** The customization key of a group/kind: `Kind` for the core group, else `group/Kind`. */
export const overrideKey = (group: string, kind: string) => (group ? `${group}/${kind}` : kind);

/**
 * The override that applies to group/kind: the exact key first, then a wildcard key. Argo CD takes whichever
 * wildcard its map iteration yields first; we prefer the most specific (longest) pattern so the pick is stable.
 */
export function findOverride(
  overrides: ResourceOverrides | undefined,
  group: string,
  kind: string,
  has: (o: ResourceOverride) => boolean,
): ResourceOverride | undefined {
  if (!overrides) return undefined;
  const key = overrideKey(group, kind);
  const exact = overrides[key];
  if (exact && has(exact)) return exact;
  const wildcards = Object.keys(overrides)
    .filter((k) => /[*?[{]/.test(k) && has(overrides[k]))
    .sort((a, b) => b.length - a.length || a.localeCompare(b));
  const match = wildcards.find((k) => globMatch(k, key));
  return match === undefined ? undefined : overrides[match];
}
