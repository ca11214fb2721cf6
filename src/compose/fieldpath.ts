/**
 * Crossplane field paths (crossplane-runtime `fieldpath`): `spec.forProvider.values.syncer.extraArgs[1]`,
 * `metadata.labels[crossplane.io/claim-name]`, `metadata.annotations["x"]`, `data[.config.yml]`, `[42]`,
 * and `[*]` wildcards when writing. Reads and writes work on plain JSON objects; writes mutate in place.
 */
import { ComposeError } from './errors.ts';

export type Segment = { type: 'field'; field: string } | { type: 'index'; index: number };

type Obj = Record<string, unknown>;

const invalid = (path: string, msg: string) => new ComposeError('InvalidFieldPath', `invalid field path ${JSON.stringify(path)}: ${msg}`);

/** Parses a field path into segments, as crossplane-runtime's lexer does. */
export function parseFieldPath(path: string): Segment[] {
  const segs: Segment[] = [];
  let i = 0;
  if (path === '') throw invalid(path, 'empty');
  while (i < path.length) {
    const c = path[i];
    if (c === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) throw invalid(path, `unterminated "[" at position ${i}`);
      const text = path.slice(i + 1, end);
      if (text === '') throw invalid(path, `unexpected "]" at position ${end}`);
      if (text.includes('[')) throw invalid(path, `unexpected "[" at position ${i + 1 + text.indexOf('[')}`);
      segs.push(fieldOrIndex(text));
      i = end + 1;
      continue;
    }
    if (c === '.') {
      if (i === 0 || i === path.length - 1) throw invalid(path, `unexpected "." at position ${i}`);
      const next = path[i + 1];
      if (next === '.' || next === '[') throw invalid(path, `unexpected ${JSON.stringify(next)} at position ${i + 1}`);
      i++;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') {
      if (path[j] === ']') throw invalid(path, `unexpected "]" at position ${j}`);
      j++;
    }
    segs.push(field(path.slice(i, j)));
    i = j;
  }
  return segs;
}

function field(s: string): Segment {
  return { type: 'field', field: s.replace(/^['"]+|['"]+$/g, '') };
}

function fieldOrIndex(s: string): Segment {
  if (/^\d+$/.test(s) && Number(s) < 2 ** 32) return { type: 'index', index: Number(s) };
  return field(s);
}

export function formatSegments(segs: Segment[]): string {
  let out = '';
  for (const s of segs) {
    if (s.type === 'index') out += `[${s.index}]`;
    else if (s.field === '*' || s.field.includes('.')) out += `[${s.field}]`;
    else out += `.${s.field}`;
  }
  return out.replace(/^\./, '');
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at `path`; throws `FieldNotFound` when a field or element is missing. */
export function getValue(obj: unknown, path: string): unknown {
  const segs = parseFieldPath(path);
  let it: unknown = obj;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (s.type === 'index') {
      if (!Array.isArray(it)) throw new ComposeError('InvalidFieldPath', `${formatSegments(segs.slice(0, i))}: not an array`);
      if (s.index >= it.length) throw new ComposeError('FieldNotFound', `${formatSegments(segs.slice(0, i + 1))}: no such element`);
      it = it[s.index];
      continue;
    }
    if (it === null || it === undefined) throw new ComposeError('FieldNotFound', `${formatSegments(segs.slice(0, i)) || '(root)'}: expected map, got nil`);
    if (!isObj(it)) throw new ComposeError('InvalidFieldPath', `${formatSegments(segs.slice(0, i))}: not an object`);
    if (!Object.prototype.hasOwnProperty.call(it, s.field)) throw new ComposeError('FieldNotFound', `${formatSegments(segs.slice(0, i + 1))}: no such field`);
    it = it[s.field];
  }
  return it;
}

/** Sets `value` at `path`, creating (or replacing mismatched) intermediate objects and arrays. */
export function setValue(obj: Obj, path: string, value: unknown): void {
  const segs = parseFieldPath(path);
  if (segs.some((s) => s.type === 'field' && s.field === '*')) throw invalid(path, 'cannot set a value at a wildcard; expand it first');
  if (segs[0].type === 'index') throw invalid(path, 'the root of an object is not an array');
  let it: Obj | unknown[] = obj;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    const last = i === segs.length - 1;
    const key: string | number = s.type === 'index' ? s.index : s.field;
    if (Array.isArray(it)) {
      while (it.length <= (key as number)) it.push(null);
    }
    const container = it as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const next = segs[i + 1];
    const cur = container[key];
    if (next.type === 'index' && !Array.isArray(cur)) container[key] = [];
    if (next.type === 'field' && !isObj(cur)) container[key] = {};
    it = container[key] as Obj | unknown[];
  }
}

/** Expands `[*]` wildcards against `obj` into concrete paths; missing branches expand to nothing. */
export function expandWildcards(obj: unknown, path: string): string[] {
  const segs = parseFieldPath(path);
  const out: Segment[][] = [];
  const walk = (it: unknown, i: number, acc: Segment[]) => {
    // Past the last wildcard the rest of the path need not exist yet: it is where values get written.
    if (!segs.slice(i).some((x) => x.type === 'field' && x.field === '*')) return void out.push([...acc, ...segs.slice(i)]);
    const s = segs[i];
    if (s.type === 'field' && s.field === '*') {
      if (Array.isArray(it)) it.forEach((v, n) => walk(v, i + 1, [...acc, { type: 'index', index: n }]));
      else if (isObj(it)) for (const k of Object.keys(it).sort()) walk(it[k], i + 1, [...acc, { type: 'field', field: k }]);
      return;
    }
    if (s.type === 'index') {
      if (Array.isArray(it) && s.index < it.length) walk(it[s.index], i + 1, [...acc, s]);
      return;
    }
    if (isObj(it) && s.field in it) walk(it[s.field], i + 1, [...acc, s]);
  };
  walk(obj, 0, []);
  return out.map(formatSegments);
}
