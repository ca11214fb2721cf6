import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { KObject } from '../types.ts';
import { evalJsonPath, humanDuration, toTable } from './index.ts';
import type { PrinterColumn, TableRowCondition, ToTableOptions } from './index.ts';

const NOW = new Date('2024-05-01T12:00:00Z');
const dir = new URL('./testdata/', import.meta.url);
const load = <T>(file: string): T => parse(readFileSync(new URL(file, dir), 'utf8')) as T;

interface KindCase {
  name: string;
  kind?: string;
  columns?: string[];
  wide?: string[];
  object: KObject;
  cells: unknown[];
  conditions?: TableRowCondition[];
}

interface KindFixture {
  group: string;
  kind?: string;
  printerColumns?: PrinterColumn[];
  columns?: string[];
  types?: string[];
  wide?: string[];
  descriptions?: Record<string, string>;
  cases: KindCase[];
}

/** Files that are not "one kind, objects in, cells out". */
const SPECIAL = new Set(['jsonpath.yaml', 'duration.yaml', 'table.yaml']);

for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') && !SPECIAL.has(f)).sort()) {
  const f = load<KindFixture>(file);
  describe(`toTable: ${file}`, () => {
    for (const c of f.cases) {
      it(c.name, () => {
        const kind = c.kind ?? f.kind!;
        const opts: ToTableOptions = { group: f.group, resource: '', kind, columns: f.printerColumns, includeObject: 'None', now: NOW };
        const table = toTable([c.object], opts);
        const defs = table.columnDefinitions;
        assert.deepEqual(defs.filter((d) => d.priority === 0).map((d) => d.name), c.columns ?? f.columns);
        assert.deepEqual(defs.filter((d) => d.priority > 0).map((d) => d.name), c.wide ?? f.wide);
        if (f.types) assert.deepEqual(defs.filter((d) => d.priority === 0).map((d) => d.type), f.types);
        assert.equal(defs.find((d) => d.name === 'Name')?.format, 'name');
        for (const d of defs) assert.ok(d.description, `${d.name} has a description`);
        for (const [name, desc] of Object.entries(f.descriptions ?? {})) assert.equal(defs.find((d) => d.name === name)?.description, desc);
        assert.equal(table.rows.length, 1);
        assert.deepEqual(table.rows[0]!.cells, c.cells);
        assert.equal(table.rows[0]!.cells.length, defs.length, 'one cell per column');
        assert.deepEqual(table.rows[0]!.conditions, c.conditions);
      });
    }
  });
}

describe('toTable envelope', () => {
  const f = load<{ items: KObject[]; cases: { name: string; includeObject: ToTableOptions['includeObject']; listMeta?: ToTableOptions['listMeta']; want: Record<string, unknown> }[] }>('table.yaml');
  for (const c of f.cases) {
    it(c.name, () => {
      const items = structuredClone(f.items);
      const table = toTable(items, { group: '', resource: 'configmaps', kind: 'ConfigMap', includeObject: c.includeObject, listMeta: c.listMeta, now: NOW });
      const { columnDefinitions, ...rest } = table;
      assert.deepEqual(rest, c.want);
      assert.equal(columnDefinitions.length, 3);
      assert.deepEqual(items, f.items, 'input is not mutated');
      if (c.includeObject !== 'None') assert.notEqual(table.rows[0]!.object!.metadata, items[0]!.metadata, 'row objects are copies');
    });
  }
  it('renders many rows with the same columns', () => {
    const pods = ['a', 'b', 'c'].map((name) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name } }));
    const table = toTable(pods, { group: '', resource: 'pods', kind: 'Pod', includeObject: 'Metadata', now: NOW });
    assert.deepEqual(table.rows.map((r) => r.cells[0]), ['a', 'b', 'c']);
  });
});

describe('evalJsonPath', () => {
  const f = load<{ object: Record<string, unknown>; cases: { expr: string; want?: unknown[]; error?: string; strict?: boolean }[] }>('jsonpath.yaml');
  for (const c of f.cases) {
    it(c.expr, () => {
      const run = () => evalJsonPath(f.object, c.expr, c.strict ? { allowMissingKeys: false } : {});
      if (c.error) {
        assert.throws(run, (e: Error) => e.message.includes(c.error!));
        return;
      }
      const want = c.want!.map((w) => (w && typeof w === 'object' && '$self' in w ? f.object : w));
      assert.deepEqual(run(), want);
    });
  }
});

describe('humanDuration', () => {
  const f = load<{ cases: [number, string][] }>('duration.yaml');
  for (const [ms, want] of f.cases) it(`${ms}ms → ${want}`, () => assert.equal(humanDuration(ms), want));
});
