/** A readable diff for people (`marina app diff`): two YAML renderings compared line by line, unified format. */
import { stringify } from 'yaml';
import { isObject } from '../../apiserver/types.ts';

/** YAML with keys sorted at every level, so unrelated key order never shows up as a change. */
export function toYaml(v: unknown): string {
  if (v === null || v === undefined) return '';
  return stringify(sortKeys(v), { lineWidth: 0, aliasDuplicateObjects: false });
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}

type Edit = { op: ' ' | '-' | '+'; line: string };

/** Shortest edit script between two line lists (Myers' O(ND) algorithm). */
export function diffLines(a: string[], b: string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]) ? v[max + k + 1] : v[max + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, max);
    }
  }
  return [];
}

function backtrack(trace: Int32Array[], a: string[], b: string[], max: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[max + k - 1] < v[max + k + 1]) ? k + 1 : k - 1;
    const prevX = v[max + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      edits.push({ op: ' ', line: a[x] });
    }
    if (d > 0) {
      if (x === prevX) edits.push({ op: '+', line: b[--y] });
      else edits.push({ op: '-', line: a[--x] });
    }
  }
  return edits.reverse();
}

export interface UnifiedDiffOptions {
  /** Header names; defaults `live` and `desired`. */
  fromLabel?: string;
  toLabel?: string;
  /** Unchanged lines shown around each change; default 3, as diff -u. */
  context?: number;
}

/** The unified diff of two texts; empty when they are equal. */
export function unifiedDiff(from: string, to: string, opts: UnifiedDiffOptions = {}): string {
  const split = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  const a = split(from);
  const b = split(to);
  const edits = diffLines(a, b);
  if (edits.every((e) => e.op === ' ')) return '';
  const context = opts.context ?? 3;
  const out = [`--- ${opts.fromLabel ?? 'live'}`, `+++ ${opts.toLabel ?? 'desired'}`];
  // Positions (in both files) before each edit, to number the hunks.
  const pos: Array<[number, number]> = [];
  let ai = 0;
  let bi = 0;
  for (const e of edits) {
    pos.push([ai, bi]);
    if (e.op !== '+') ai++;
    if (e.op !== '-') bi++;
  }
  let i = 0;
  while (i < edits.length) {
    if (edits[i].op === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while the next change is within 2×context unchanged lines.
    for (;;) {
      while (end < edits.length && edits[end].op !== ' ') end++;
      let next = end;
      while (next < edits.length && edits[next].op === ' ') next++;
      if (next < edits.length && next - end <= 2 * context) end = next;
      else {
        end = Math.min(edits.length, end + context);
        break;
      }
    }
    const hunk = edits.slice(start, end);
    const [a0, b0] = pos[start];
    const aLen = hunk.filter((e) => e.op !== '+').length;
    const bLen = hunk.filter((e) => e.op !== '-').length;
    out.push(`@@ -${range(a0, aLen)} +${range(b0, bLen)} @@`);
    for (const e of hunk) out.push(`${e.op}${e.line}`);
    i = end;
  }
  return `${out.join('\n')}\n`;
}

// diff -u numbering: 1-based start, and an empty range is shown at the line before it.
const range = (start: number, len: number) => (len === 1 ? `${start + 1}` : `${len === 0 ? start : start + 1},${len}`);
