import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComposeError } from './errors.ts';
import { applyPatch, applyPatches, inlinePatchSets } from './patches.ts';
import { loadTable } from './testdata.ts';

type Obj = Record<string, any>;
interface Case {
  name: string;
  patch: Obj;
  composite: Obj;
  composed: Obj;
  environment?: Obj;
  want?: { composite?: Obj; composed?: Obj; environment?: Obj };
  error?: string;
}

const isKind = (kind: string) => (err: unknown) => err instanceof ComposeError && err.kind === kind;

for (const c of loadTable<Case>('patches.yaml')) {
  test(`patch: ${c.name}`, () => {
    const objs = { composite: c.composite, composed: c.composed, environment: c.environment };
    if (c.error) return void assert.throws(() => applyPatch(c.patch, objs), isKind(c.error));
    applyPatch(c.patch, objs);
    for (const k of ['composite', 'composed', 'environment'] as const) {
      if (c.want?.[k] !== undefined) assert.deepEqual(objs[k], c.want[k]);
    }
  });
}

test('PatchSet patches are inlined in place', () => {
  const sets = [{ name: 'common', patches: [{ fromFieldPath: 'a' }, { fromFieldPath: 'b' }] }];
  const out = inlinePatchSets(sets, [{ fromFieldPath: 'x' }, { type: 'PatchSet', patchSetName: 'common' }]);
  assert.deepEqual(out.map((p) => p.fromFieldPath), ['x', 'a', 'b']);
});

test('PatchSet errors have kinds', () => {
  assert.throws(() => inlinePatchSets([], [{ type: 'PatchSet', patchSetName: 'nope' }]), isKind('InvalidPatch'));
  assert.throws(() => inlinePatchSets([], [{ type: 'PatchSet' }]), isKind('InvalidPatch'));
  assert.throws(() => inlinePatchSets([{ name: 's', patches: [{ type: 'PatchSet', patchSetName: 's' }] }], []), isKind('InvalidPatch'));
});

test('patch failures name the patch and the resource, keeping the kind', () => {
  const patches = [{ fromFieldPath: 'a' }, { fromFieldPath: 'b', policy: { fromFieldPath: 'Required' } }];
  assert.throws(
    () => applyPatches(patches, { composite: { a: 1 }, composed: {} }, 'vcluster', () => true),
    (err: unknown) => isKind('FieldNotFound')(err) && /^cannot apply patch 1 of resource "vcluster": /.test((err as Error).message),
  );
});
