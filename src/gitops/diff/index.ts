/**
 * Desired vs live, as Argo CD's diff (gitops-engine pkg/diff): normalize both, predict live after applying
 * desired (three-way with kubectl's last-applied-configuration when live has it, else two-way: desired is its
 * own "original"), and compare. Pure: objects in, result out (jq runs in a worker but is waited for).
 */
import { createPatch } from 'rfc6902';
import { isObject, type KObject } from '../../apiserver/types.ts';
import { predictLive } from './merge.ts';
import { deepEqual } from './managedfields.ts';
import { isBuiltinType, LAST_APPLIED, normalize } from './normalize.ts';
import { hideSecretData, isSecret } from './secrets.ts';
import type { DiffOptions, DiffResult } from './types.ts';
import { toYaml, unifiedDiff, type UnifiedDiffOptions } from './unified.ts';

export type { DiffOptions, DiffResult, ResourceIgnoreDifferences } from './types.ts';
export { normalize, isBuiltinType, LAST_APPLIED, type Normalized } from './normalize.ts';
export { hideSecretData, normalizeSecret } from './secrets.ts';
export { canonicalQuantity } from './quantity.ts';
export { JqError, runJq, DEFAULT_JQ_TIMEOUT_MS } from './jq.ts';
export { toYaml, unifiedDiff, diffLines, type UnifiedDiffOptions } from './unified.ts';

export function diff(desired: KObject | null | undefined, live: KObject | null | undefined, opts: DiffOptions = {}): DiffResult {
  if (!desired && !live) throw new Error('diff: both live and desired are missing');
  const n = normalize(live, desired, opts);
  let predicted: KObject | null;
  let normalizedLive = n.live;
  let modified: boolean;
  if (n.desired && n.live) {
    // kubectl writes namespace and an empty annotations map inconsistently; neither is a real difference.
    const config = withoutNamespace(n.desired);
    const orig = n.lastApplied ? withoutNamespace(n.lastApplied) : config;
    predicted = predictLive(orig, config, n.live, { strategic: isBuiltinType(n.live) }) as KObject;
    modified = !deepEqual(predicted, n.live);
  } else if (n.desired) {
    // To be created.
    predicted = n.desired;
    normalizedLive = null;
    modified = true;
  } else {
    // Live only: a candidate for pruning, which the sync decides; by itself not "modified" (gitops-engine).
    predicted = null;
    modified = false;
  }
  if (opts.maskSecrets !== false && (isSecret(predicted) || isSecret(normalizedLive))) {
    [predicted, normalizedLive] = maskSecrets(predicted, normalizedLive, n.lastApplied);
  }
  const result: DiffResult = { modified, normalizedLive, predictedLive: predicted };
  if (modified) result.patch = createPatch(normalizedLive ?? {}, predicted ?? {});
  if (n.warnings.length > 0) result.warnings = n.warnings;
  return result;
}

function withoutNamespace(o: KObject): KObject {
  const copy = { ...o, metadata: { ...(o.metadata ?? {}) } };
  delete copy.metadata.namespace;
  const ann = copy.metadata.annotations;
  if (ann === null || (isObject(ann) && Object.keys(ann).length === 0)) delete copy.metadata.annotations;
  return copy;
}

function maskSecrets(predicted: KObject | null, live: KObject | null, lastApplied: KObject | null): [KObject | null, KObject | null] {
  const [p, l, orig] = hideSecretData(predicted, live, lastApplied);
  // The last-applied annotation carries the values too; show its masked form.
  if (l && orig && l.metadata?.annotations?.[LAST_APPLIED] !== undefined) l.metadata.annotations[LAST_APPLIED] = JSON.stringify(orig);
  if (p && orig && p.metadata?.annotations?.[LAST_APPLIED] !== undefined) p.metadata.annotations[LAST_APPLIED] = JSON.stringify(orig);
  return [p, l];
}

/** `marina app diff` text for one resource: live and predicted live as YAML, unified diff; '' when equal. */
export function diffText(result: DiffResult, opts: UnifiedDiffOptions = {}): string {
  return unifiedDiff(toYaml(result.normalizedLive), toYaml(result.predictedLive), opts);
}
