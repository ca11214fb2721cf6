/**
 * Table-driven diff cases: each testdata/<case>.yaml holds desired, live, options and the expectation
 * (modified; optionally values at JSON pointers of predicted/normalized live (null = absent), the exact
 * readable diff, the RFC 6902 patch, and warning prefixes).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { KObject } from '../../apiserver/types.ts';
import { canonicalQuantity, diff, diffText, type DiffOptions } from './index.ts';
import { parsePointer } from './pointer.ts';

interface Case {
  description: string;
  options?: DiffOptions;
  desired: KObject | null;
  live: KObject | null;
  expect: {
    modified: boolean;
    predicted?: Record<string, unknown>;
    live?: Record<string, unknown>;
    text?: string;
    patch?: unknown[];
    warnings?: string[];
  };
}

const dir = new URL('./testdata/', import.meta.url);
const at = (doc: unknown, pointer: string): unknown =>
  parsePointer(pointer).reduce<unknown>((cur, t) => (cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[t] : undefined), doc);

describe('diff fixtures', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const c = parse(readFileSync(new URL(file, dir), 'utf8')) as Case;
    it(`${file}: ${c.description}`, () => {
      const before = JSON.stringify([c.desired, c.live]);
      const r = diff(c.desired, c.live, c.options);
      assert.equal(JSON.stringify([c.desired, c.live]), before, 'inputs are not mutated');
      assert.equal(r.modified, c.expect.modified, diffText(r));
      for (const [p, v] of Object.entries(c.expect.predicted ?? {})) assert.deepEqual(at(r.predictedLive, p), v ?? undefined, `predicted ${p}`);
      for (const [p, v] of Object.entries(c.expect.live ?? {})) assert.deepEqual(at(r.normalizedLive, p), v ?? undefined, `live ${p}`);
      if (c.expect.text !== undefined) assert.equal(diffText(r), c.expect.text);
      if (c.expect.patch !== undefined) assert.deepEqual(r.patch, c.expect.patch);
      if (!c.expect.modified) assert.equal(diffText(r) === '' || r.predictedLive === null, true, 'no text when not modified');
      const warnings = r.warnings ?? [];
      assert.equal(warnings.length, c.expect.warnings?.length ?? 0, warnings.join('\n'));
      c.expect.warnings?.forEach((w, i) => assert.ok(warnings[i].startsWith(w), warnings[i]));
    });
  }
});

describe('secret masking', () => {
  it('never shows a secret value in the readable diff', () => {
    const desired = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { token: 'hunter2' } } as KObject;
    const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: Buffer.from('old').toString('base64') } } as KObject;
    const text = diffText(diff(desired, live));
    assert.ok(text.length > 0);
    assert.ok(!text.includes('hunter2') && !text.includes(Buffer.from('hunter2').toString('base64')) && !text.includes('b2xk'));
  });
});

describe('canonicalQuantity', () => {
  const cases: Array<[string | number, string | undefined]> = [
    ['0.5', '500m'], ['1000m', '1'], ['2000', '2k'], ['1200', '1200'], ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'], ['0.5Gi', '512Mi'],
    ['512', '512'], ['1e3', '1e3'], ['5e-10', '1e-9'], ['0', '0'], [0.25, '250m'], ['2048Ki', '2Mi'], ['-1.5', '-1500m'], ['ten', undefined],
  ];
  for (const [input, want] of cases) it(`${input} → ${want}`, () => assert.equal(canonicalQuantity(input), want));
});
