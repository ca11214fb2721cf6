/**
 * The sync options Marina understands, so that none is ever silently ignored: an option outside this table
 * fails the sync (nothing is applied) with a SyncError naming it. Pure.
 */

/** App-level (`spec.syncPolicy.syncOptions`, `operation.sync.syncOptions`) and resource-level (annotation) options. */
const SUPPORTED = new Set([
  'CreateNamespace=true', 'CreateNamespace=false',
  'ServerSideApply=true', 'ServerSideApply=false',
  'Replace=true', 'Replace=false',
  'ApplyOutOfSyncOnly=true', 'ApplyOutOfSyncOnly=false',
  'Validate=false', 'Validate=true',
  'PruneLast=true', 'PruneLast=false',
  'Prune=false', 'Prune=true',
  'Delete=false', 'Delete=true',
  'PrunePropagationPolicy=foreground', 'PrunePropagationPolicy=background', 'PrunePropagationPolicy=orphan',
  // Marina never dry-runs before applying, so the behaviour this option asks for is already the default.
  'SkipDryRunOnMissingResource=true', 'SkipDryRunOnMissingResource=false',
]);

/** Options in the set that Marina does not implement, in their given order. */
export function unsupportedOptions(options: Iterable<string>): string[] {
  return [...options].filter((o) => !SUPPORTED.has(o));
}

export function unsupportedMessage(options: string[]): string {
  return `sync option${options.length > 1 ? 's' : ''} ${options.map((o) => `"${o}"`).join(', ')} ${options.length > 1 ? 'are' : 'is'} not supported`;
}

/** The delete propagation for pruned resources: Argo CD's default is foreground. */
export function prunePropagation(options: Set<string>): 'Foreground' | 'Background' | 'Orphan' {
  if (options.has('PrunePropagationPolicy=background')) return 'Background';
  if (options.has('PrunePropagationPolicy=orphan')) return 'Orphan';
  return 'Foreground';
}
