/**
 * Semantic versions and ranges as github.com/blang/semver/v4 reads them, for semver_compare():
 * comparators (=, ==, !=, >, >=, <, <=), space-separated AND, `||` OR, and `x` wildcards.
 */

export interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(s: string): Version | undefined {
  const m = VERSION.exec(s.trim());
  if (!m) return undefined;
  return { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] ? m[4].split('.') : [] };
}

export function compareVersions(a: Version, b: Version): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return +x < +y ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}

type Check = (v: Version) => boolean;

function comparator(op: string, v: Version): Check {
  switch (op) {
    case '':
    case '=':
    case '==':
      return (x) => compareVersions(x, v) === 0;
    case '!=':
    case '!':
      return (x) => compareVersions(x, v) !== 0;
    case '>':
      return (x) => compareVersions(x, v) > 0;
    case '>=':
      return (x) => compareVersions(x, v) >= 0;
    case '<':
      return (x) => compareVersions(x, v) < 0;
    case '<=':
      return (x) => compareVersions(x, v) <= 0;
  }
  throw new Error(`Could not parse comparator "${op}"`);
}

/** Expands `1.x` / `1.2.x` wildcards into ranges the way blang does. */
function wildcard(op: string, ver: string): Check[] | undefined {
  const parts = ver.split('.');
  const xi = parts.findIndex((p) => p === 'x' || p === 'X' || p === '*');
  if (xi < 0) return undefined;
  const nums = parts.slice(0, xi).map(Number);
  while (nums.length < 3) nums.push(0);
  const lo: Version = { major: nums[0], minor: nums[1], patch: nums[2], pre: [] };
  const hi: Version = xi === 1 ? { ...lo, major: lo.major + 1, minor: 0 } : { ...lo, minor: lo.minor + 1, patch: 0 };
  switch (op) {
    case '':
    case '=':
    case '==':
      return [comparator('>=', lo), comparator('<', hi)];
    case '!=':
      return [(x) => compareVersions(x, lo) < 0 || compareVersions(x, hi) >= 0];
    case '>':
      return [comparator('>=', hi)];
    case '>=':
      return [comparator('>=', lo)];
    case '<':
      return [comparator('<', lo)];
    case '<=':
      return [comparator('<', hi)];
  }
  return undefined;
}

export function parseRange(range: string): Check {
  const ors = range.split('||').map((group) => {
    const checks: Check[] = [];
    for (const part of group.trim().split(/\s+/).filter(Boolean)) {
      const m = /^(>=|<=|!=|==|=|>|<|!)?(.+)$/.exec(part)!;
      const op = m[1] ?? '';
      const wild = wildcard(op, m[2]);
      if (wild) {
        checks.push(...wild);
        continue;
      }
      const v = parseVersion(m[2]);
      if (!v) throw new Error(`Could not parse Range "${range}": Could not parse version "${m[2]}" in "${part}"`);
      checks.push(comparator(op, v));
    }
    return (v: Version) => checks.every((c) => c(v));
  });
  return (v) => ors.some((c) => c(v));
}
