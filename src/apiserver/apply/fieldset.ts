/**
 * Sets of field paths (upstream fieldpath.Set): a tree whose nodes hold `members` (paths that end here)
 * and `children` (subtrees). A child may exist without its element being a member: owning
 * `.spec.replicas` does not mean owning `.spec`. Operations are pure and return new sets.
 *
 * Elements are keyed by their FieldsV1 key (`peKey`), which is canonical, so Map lookups give identity;
 * upstream's sort order is applied only when a set is iterated or serialised.
 */
import { comparePE, parsePEKey, peKey, type Path, type PathElement } from './path.ts';

export interface FieldSet {
  members: Map<string, PathElement>;
  children: Map<string, { pe: PathElement; set: FieldSet }>;
}

export const emptySet = (): FieldSet => ({ members: new Map(), children: new Map() });

export function isEmpty(s: FieldSet): boolean {
  if (s.members.size > 0) return false;
  for (const c of s.children.values()) if (!isEmpty(c.set)) return false;
  return true;
}

/** Adds a path in place (used while building); the empty path (the whole object) is never owned. */
export function insert(s: FieldSet, p: Path): void {
  if (p.length === 0) return;
  let cur = s;
  for (let i = 0; i < p.length - 1; i++) {
    const k = peKey(p[i]!);
    let c = cur.children.get(k);
    if (!c) cur.children.set(k, (c = { pe: p[i]!, set: emptySet() }));
    cur = c.set;
  }
  const last = p[p.length - 1]!;
  cur.members.set(peKey(last), last);
}

export function setOf(...paths: Path[]): FieldSet {
  const s = emptySet();
  for (const p of paths) insert(s, p);
  return s;
}

export function has(s: FieldSet, p: Path): boolean {
  if (p.length === 0) return false;
  let cur: FieldSet | undefined = s;
  for (let i = 0; i < p.length - 1 && cur; i++) cur = cur.children.get(peKey(p[i]!))?.set;
  return !!cur && cur.members.has(peKey(p[p.length - 1]!));
}

/** The subtree under one element, without the element itself (upstream WithPrefix). */
export const withPrefix = (s: FieldSet, pe: PathElement): FieldSet => s.children.get(peKey(pe))?.set ?? emptySet();

export function union(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = { members: new Map([...a.members, ...b.members]), children: new Map(a.children) };
  for (const [k, c] of b.children) {
    const mine = out.children.get(k);
    out.children.set(k, mine ? { pe: c.pe, set: union(mine.set, c.set) } : c);
  }
  return out;
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out = emptySet();
  for (const [k, pe] of a.members) if (b.members.has(k)) out.members.set(k, pe);
  for (const [k, c] of a.children) {
    const other = b.children.get(k);
    if (!other) continue;
    const r = intersection(c.set, other.set);
    if (!isEmpty(r)) out.children.set(k, { pe: c.pe, set: r });
  }
  return out;
}

/** Leaf-wise difference: removing a parent path does not remove its children (upstream Difference). */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  const out = emptySet();
  for (const [k, pe] of a.members) if (!b.members.has(k)) out.members.set(k, pe);
  for (const [k, c] of a.children) {
    const other = b.children.get(k);
    if (!other) {
      out.children.set(k, c);
      continue;
    }
    const r = difference(c.set, other.set);
    if (!isEmpty(r)) out.children.set(k, { pe: c.pe, set: r });
  }
  return out;
}

/** Removes every path of b and everything beneath it (upstream RecursiveDifference). */
export function recursiveDifference(a: FieldSet, b: FieldSet): FieldSet {
  const out = emptySet();
  for (const [k, pe] of a.members) if (!b.members.has(k)) out.members.set(k, pe);
  for (const [k, c] of a.children) {
    if (b.members.has(k)) continue;
    const other = b.children.get(k);
    if (!other) {
      out.children.set(k, c);
      continue;
    }
    const r = recursiveDifference(c.set, other.set);
    if (!isEmpty(r)) out.children.set(k, { pe: c.pe, set: r });
  }
  return out;
}

const sortedEntries = <T extends { pe: PathElement } | PathElement>(m: Map<string, T>, pe: (t: T) => PathElement) =>
  [...m.values()].sort((x, y) => comparePE(pe(x), pe(y)));

/** Every member path, in upstream's order: this level's members (sorted), then each child (sorted), depth-first. */
export function paths(s: FieldSet, prefix: Path = []): Path[] {
  const out: Path[] = [];
  for (const pe of sortedEntries(s.members, (x) => x)) out.push([...prefix, pe]);
  for (const c of sortedEntries(s.children, (x) => x.pe)) out.push(...paths(c.set, [...prefix, c.pe]));
  return out;
}

export const setEquals = (a: FieldSet, b: FieldSet): boolean => isEmpty(difference(a, b)) && isEmpty(difference(b, a));

/**
 * Serialises as FieldsV1 exactly as upstream's emitContentsV1: keys in element order, a member with
 * children gets a leading `".": {}`, a member without children is `{}`.
 */
export function toFieldsV1(s: FieldSet): Record<string, unknown> {
  return emit(s, false);
}

function emit(s: FieldSet, includeSelf: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (includeSelf) out['.'] = {};
  const members = sortedEntries(s.members, (x) => x);
  const children = sortedEntries(s.children, (x) => x.pe).filter((c) => !isEmpty(c.set));
  let mi = 0;
  let ci = 0;
  while (mi < members.length || ci < children.length) {
    const m = members[mi];
    const c = children[ci];
    const cmp = m && c ? comparePE(m, c.pe) : m ? -1 : 1;
    if (cmp < 0) {
      out[peKey(m!)] = {};
      mi++;
    } else {
      out[peKey(c!.pe)] = emit(c!.set, cmp === 0);
      if (cmp === 0) mi++;
      ci++;
    }
  }
  return out;
}

/** Parses FieldsV1; throws (like upstream's FieldsToSet) on malformed input. */
export function fromFieldsV1(v: unknown): FieldSet {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('FieldsV1 must be a JSON object');
  return read(v as Record<string, unknown>).set;
}

function read(obj: Record<string, unknown>): { set: FieldSet; isMember: boolean } {
  const set = emptySet();
  let isMember = false;
  let any = false;
  for (const [k, v] of Object.entries(obj)) {
    if (k === '.') {
      isMember = true;
      continue;
    }
    any = true;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`value of ${JSON.stringify(k)} must be an object`);
    const pe = parsePEKey(k);
    const child = read(v as Record<string, unknown>);
    if (child.isMember) set.members.set(peKey(pe), pe);
    if (!isEmpty(child.set)) set.children.set(peKey(pe), { pe, set: child.set });
  }
  // An empty object names its parent as a member; that is how leaves are written.
  return { set, isMember: isMember || !any };
}
