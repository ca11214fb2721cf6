import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { selectComposition } from './select.ts';

const type = { apiVersion: 'ex.org/v1', kind: 'XThing' };
const comp = (name: string, labels: Record<string, string> = {}, t = type) => ({ metadata: { name, labels }, spec: { compositeTypeRef: t } });
const xr = (spec: Record<string, unknown> = {}) => ({ ...type, metadata: { name: 'x' }, spec });
const xrd = (spec: Record<string, unknown> = {}) => ({ spec });
const all = [comp('b', { tier: 'gold' }), comp('a', { tier: 'silver' }), comp('other', {}, { apiVersion: 'ex.org/v1', kind: 'XOther' })];

describe('selectComposition', () => {
  const table: Array<[string, ReturnType<typeof xr>, ReturnType<typeof xrd>, string, string]> = [
    ['reference', xr({ compositionRef: { name: 'b' } }), xrd(), 'b', 'reference'],
    ['enforced wins over reference', xr({ compositionRef: { name: 'b' } }), xrd({ enforcedCompositionRef: { name: 'a' } }), 'a', 'enforced'],
    ['selector', xr({ compositionSelector: { matchLabels: { tier: 'silver' } } }), xrd(), 'a', 'selector'],
    ['default', xr(), xrd({ defaultCompositionRef: { name: 'b' } }), 'b', 'default'],
  ];
  for (const [name, x, d, want, by] of table) {
    it(name, () => {
      const s = selectComposition(x, d, all);
      assert.equal(s.composition.metadata.name, want);
      assert.equal(s.by, by);
    });
  }

  it('the only Composition of the type', () => {
    assert.equal(selectComposition(xr(), xrd(), [all[0]!, all[2]!]).composition.metadata.name, 'b');
  });

  const failures: Array<[string, ReturnType<typeof xr>, ReturnType<typeof xrd>, object[]]> = [
    ['ambiguous', xr(), xrd(), all],
    ['none of the type', xr(), xrd(), [all[2]!]],
    ['reference missing', xr({ compositionRef: { name: 'zz' } }), xrd(), all],
    ['reference of another type', xr({ compositionRef: { name: 'other' } }), xrd(), all],
    ['selector matches nothing', xr({ compositionSelector: { matchLabels: { tier: 'bronze' } } }), xrd(), all],
  ];
  for (const [name, x, d, cs] of failures) {
    it(`fails: ${name}`, () => assert.throws(() => selectComposition(x, d, cs as any), { name: 'ComposeError', kind: 'InvalidComposition' }));
  }
});
