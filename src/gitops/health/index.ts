/**
 * Health assessment, as Argo CD does it: a resource pending deletion is Progressing; otherwise a Lua script
 * from the argocd-cm customizations, then a shipped Lua script, then a built-in check decides. Kinds with no
 * assessment return undefined (Argo CD then leaves them out of the app's health).
 */
import { isObject, parseApiVersion } from '../../apiserver/types.ts';
import { field } from './fields.ts';
import { LuaHealthError, runHealthScript } from './lua.ts';
import { findOverride, overrideKey, type ResourceOverrides } from './overrides.ts';
import { builtinHealthCheck } from './registry.ts';
import { builtinHealthScript } from './scripts.ts';
import type { HealthStatus } from './types.ts';

export { HEALTH_ORDER, isHealthStatusCode, isWorse, type HealthStatus, type HealthStatusCode } from './types.ts';
export { DEFAULT_LUA_TIMEOUT_MS, LuaHealthError, runHealthScript, type LuaOptions } from './lua.ts';
export {
  findOverride,
  overrideKey,
  parseResourceOverrides,
  type OverrideIgnoreDiff,
  type ParsedOverrides,
  type ResourceOverride,
  type ResourceOverrides,
} from './overrides.ts';
export { ANNOTATION_IGNORE_RESTART_POLICY } from './pod.ts';

/** Hooks keep this finalizer while Argo CD still needs their result, so they are not "pending deletion". */
export const HOOK_FINALIZER = 'argocd.argoproj.io/hook-finalizer';

export interface AssessHealthOptions {
  /** Parsed argocd-cm customizations (see parseResourceOverrides). */
  customizations?: ResourceOverrides;
  /** Time limit for one Lua script; default 1000 ms, Argo CD's. */
  luaTimeoutMs?: number;
}

/** The health of a live object; `Missing` when there is no live object; undefined when nothing assesses its kind. */
export function assessHealth(obj: unknown, opts: AssessHealthOptions = {}): HealthStatus | undefined {
  if (!isObject(obj)) return { status: 'Missing' };
  const finalizers = field(obj, 'metadata', 'finalizers');
  const hasHookFinalizer = Array.isArray(finalizers) && finalizers.includes(HOOK_FINALIZER);
  if (field(obj, 'metadata', 'deletionTimestamp') && !hasHookFinalizer) return { status: 'Progressing', message: 'Pending deletion' };

  const { group } = parseApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const key = overrideKey(group, kind);
  const custom = findOverride(opts.customizations, group, kind, (o) => !!o.healthLua);
  if (custom?.healthLua) return runScript(custom.healthLua, obj, key, custom.useOpenLibs === true, opts);
  // Argo CD runs its own shipped scripts with the standard libraries open.
  const shipped = builtinHealthScript(key);
  if (shipped) return runScript(shipped, obj, key, true, opts);

  const check = builtinHealthCheck(group, kind);
  if (!check) return undefined;
  try {
    return check(obj);
  } catch (e) {
    return { status: 'Unknown', message: (e as Error).message };
  }
}

function runScript(script: string, obj: Record<string, unknown>, name: string, useOpenLibs: boolean, opts: AssessHealthOptions): HealthStatus {
  try {
    return runHealthScript(script, obj, { timeoutMs: opts.luaTimeoutMs, useOpenLibs, name });
  } catch (e) {
    // A broken or runaway script must not break the app's comparison: its resource's health is just Unknown.
    if (e instanceof LuaHealthError) return { status: 'Unknown', message: e.message };
    throw e;
  }
}
