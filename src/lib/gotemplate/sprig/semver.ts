/**
 * Masterminds/semver v3 as sprig and Helm use it: loose versions (`v1.2`, `1.2.3-rc.1+b`), constraints with
 * `=, !=, >, <, >=, <=, ~, ^`, wildcards (`1.2.x`, `*`), hyphen ranges (`1.2 - 1.4`), AND by comma or space and
 * OR by `||`. A version with a prerelease only satisfies a constraint that has one too (hence `>=1.19-0`).
 */
import { fn, type FuncMap } from '../funcs.ts';
import { struct } from '../value.ts';

export interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  meta: string;
  original: string;
}

const VERSION_RE = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z\-.]+))?(?:\+([0-9A-Za-z\-.]+))?$/;

export function parseVersion(s: string): Version {
  const m = VERSION_RE.exec(s.trim());
  if (!m) throw new Error('Invalid Semantic Version');
  return { major: BigInt(m[1]!), minor: BigInt(m[2] ?? 0), patch: BigInt(m[3] ?? 0), pre: m[4] ?? '', meta: m[5] ?? '', original: s };
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
    } else if (nx !== ny) return nx ? -1 : 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return comparePre(a.pre, b.pre);
}

interface Bound {
  op: string;
  v: Version;
  /** Which parts were wildcards/missing: 0 = none, 1 = patch, 2 = minor+patch, 3 = all. */
  dirty: number;
  hasPre: boolean;
}

const CONSTRAINT_RE = /^\s*(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?\s*v?([0-9xX*]+)(?:\.([0-9xX*]+))?(?:\.([0-9xX*]+))?(?:-([0-9A-Za-z\-.]+))?(?:\+([0-9A-Za-z\-.]+))?\s*$/;

function parseBound(s: string): Bound {
  const m = CONSTRAINT_RE.exec(s);
  if (!m) throw new Error(`improper constraint: ${s}`);
  const wild = (x: string | undefined) => x === undefined || /^[xX*]$/.test(x);
  let dirty = 0;
  if (wild(m[2])) dirty = 3;
  else if (wild(m[3])) dirty = 2;
  else if (wild(m[4])) dirty = 1;
  const num = (x: string | undefined) => (x === undefined || wild(x) ? 0n : BigInt(x));
  const op = ({ '=>': '>=', '=<': '<=', '~>': '~' } as Record<string, string>)[m[1] ?? ''] ?? m[1] ?? '';
  return { op, v: { major: num(m[2]), minor: num(m[3]), patch: num(m[4]), pre: m[5] ?? '', meta: m[6] ?? '', original: s }, dirty, hasPre: !!m[5] };
}

function bump(v: Version, part: 'major' | 'minor' | 'patch'): Version {
  if (part === 'major') return { ...v, major: v.major + 1n, minor: 0n, patch: 0n, pre: '' };
  if (part === 'minor') return { ...v, minor: v.minor + 1n, patch: 0n, pre: '' };
  return { ...v, patch: v.patch + 1n, pre: '' };
}

function check(b: Bound, v: Version): boolean {
  // Prereleases only match constraints that carry one.
  if (v.pre !== '' && !b.hasPre) return false;
  const c = compareVersions(v, b.v);
  const lowerOnly = (x: Version) => compareVersions(v, x) < 0;
  switch (b.op) {
    case '':
    case '=':
      if (b.dirty === 3) return true;
      if (b.dirty === 2) return v.major === b.v.major;
      if (b.dirty === 1) return v.major === b.v.major && v.minor === b.v.minor;
      return c === 0;
    case '!=':
      if (b.dirty === 3) return false;
      if (b.dirty === 2) return v.major !== b.v.major;
      if (b.dirty === 1) return !(v.major === b.v.major && v.minor === b.v.minor);
      return c !== 0;
    case '>':
      if (b.dirty === 2) return v.major > b.v.major;
      if (b.dirty === 1) return v.major > b.v.major || (v.major === b.v.major && v.minor > b.v.minor);
      return c > 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '<=':
      if (b.dirty === 2) return v.major <= b.v.major;
      if (b.dirty === 1) return v.major < b.v.major || (v.major === b.v.major && v.minor <= b.v.minor);
      return c <= 0;
    case '~':
      if (c < 0) return false;
      if (b.dirty === 3) return true;
      return lowerOnly(b.dirty === 2 ? bump(b.v, 'major') : bump(b.v, 'minor'));
    case '^':
      if (c < 0) return false;
      if (b.dirty === 3) return true;
      if (b.v.major > 0n || b.dirty === 2) return lowerOnly(bump(b.v, 'major'));
      if (b.v.minor > 0n || b.dirty === 1) return lowerOnly(bump(b.v, 'minor'));
      return lowerOnly(bump(b.v, 'patch'));
  }
  return false;
}

/** Whether `version` satisfies `constraint`. */
export function satisfies(constraint: string, version: Version): boolean {
  return constraint.split('||').some((alt) => {
    // Hyphen ranges first: "1.2 - 1.4.5" → ">= 1.2, <= 1.4.5".
    const expanded = alt.replace(/\s*([0-9A-Za-z.\-+*]+)\s+-\s+([0-9A-Za-z.\-+*]+)\s*/g, ' >=$1 <=$2 ');
    const parts = expanded
      .split(',')
      .flatMap((p) => p.trim().replace(/(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)\s+/g, '$1').split(/\s+/))
      .filter(Boolean);
    if (parts.length === 0) return true;
    return parts.every((p) => check(parseBound(p), version));
  });
}

function semverObject(v: Version) {
  return struct('*semver.Version', {
    Major: () => v.major,
    Minor: () => v.minor,
    Patch: () => v.patch,
    Prerelease: () => v.pre,
    Metadata: () => v.meta,
    Original: () => v.original,
    String: () => `${v.major}.${v.minor}.${v.patch}${v.pre ? '-' + v.pre : ''}${v.meta ? '+' + v.meta : ''}`,
  });
}

export const semverFuncs: FuncMap = {
  semverCompare: fn(['string', 'string'], (c: string, v: string) => satisfies(c, parseVersion(v))),
  semver: fn(['string'], (v: string) => semverObject(parseVersion(v))),
};
