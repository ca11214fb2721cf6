/**
 * Apply conflicts, worded exactly as k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go
 * words them, because kubectl prints the message verbatim and users grep for it.
 */
import { StatusError, type StatusCause } from '../errors.ts';
import { paths, type FieldSet } from './fieldset.ts';
import { goQuote, pathString, type Path } from './path.ts';

export interface Conflict {
  managerId: string; // the JSON manager identifier (see managers.ts)
  path: Path;
}

/** Thrown inside the apply pipeline so the last-applied upgrade can inspect conflicts before they become a 409. */
export class Conflicts extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(`${conflicts.length} apply conflicts`);
  }
}

/** Conflicts from per-manager conflicting sets, managers sorted, paths in set order. */
export function conflictsFrom(sets: Map<string, FieldSet>): Conflict[] {
  return [...sets.keys()].sort().flatMap((managerId) => paths(sets.get(managerId)!).map((path) => ({ managerId, path })));
}

/** Upstream printManager: `"kubectl"`, `"x" with subresource "status"`, `"kubectl-client-side-apply" using apps/v1`. */
export function printManager(managerId: string): string {
  let e: { manager?: string; operation?: string; apiVersion?: string; subresource?: string };
  try {
    e = JSON.parse(managerId) as typeof e;
  } catch {
    return goQuote(managerId);
  }
  let s = goQuote(e.manager ?? '');
  if (e.subresource) s = `${s} with subresource ${goQuote(e.subresource)}`;
  return e.operation === 'Update' ? `${s} using ${e.apiVersion ?? ''}` : s;
}

/** The 409 upstream's NewConflictError builds: reason Conflict, details carrying only the causes. */
export function conflictError(conflicts: Conflict[]): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.managerId)}`,
    field: pathString(c.path),
  }));
  return new StatusError('Conflict', conflictMessage(conflicts), { causes });
}

function conflictMessage(conflicts: Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.managerId)}: ${pathString(c.path)}`;
  }
  const byManager = new Map<string, Path[]>();
  for (const c of conflicts) byManager.set(c.managerId, [...(byManager.get(c.managerId) ?? []), c.path]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${printManager(id)}:`);
    for (const p of byManager.get(id)!) lines.push(`- ${pathString(p)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}
