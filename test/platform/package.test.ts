/**
 * The shipped platform package (platform/package/), loaded file by file through the real composition
 * engine: every XRD yields valid CRDs, and fixture claims (testdata/*.yaml) render the composed resources,
 * status and connection details the package documents. Pure: no hub.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { applyDefaults, validateCRD } from '../../src/apiserver/schema/index.ts';
import { compositeForClaim, crdsForXRD, getValue, renderComposition } from '../../src/compose/index.ts';
import type { KObject } from '../../src/apiserver/types.ts';

type Obj = Record<string, any>;

const PACKAGE = join(import.meta.dirname, '../../platform/package');

function packageObjects(): Array<{ file: string; obj: Obj }> {
  const out: Array<{ file: string; obj: Obj }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.yaml')) for (const d of parseAllDocuments(readFileSync(p, 'utf8'))) if (d.toJS()) out.push({ file: p.slice(PACKAGE.length + 1), obj: d.toJS() });
    }
  };
  walk(PACKAGE);
  return out;
}

const objects = packageObjects();
const xrds = objects.filter((o) => o.obj.kind === 'CompositeResourceDefinition').map((o) => o.obj);
const compositions = objects.filter((o) => o.obj.kind === 'Composition').map((o) => o.obj);

/** The claim as the API server stores it: defaulted by the claim CRD's schema. */
function defaulted(obj: Obj, crd: Obj): Obj {
  const schema = crd.spec.versions.find((v: Obj) => v.storage)?.schema?.openAPIV3Schema;
  return applyDefaults(structuredClone(obj), schema);
}

describe('platform package files', () => {
  it('every file is a manifest with a kind, a name and a sync wave before the claims', () => {
    assert.ok(objects.length >= 6);
    for (const { file, obj } of objects) {
      assert.ok(obj.apiVersion && obj.kind && obj.metadata?.name, `${file}: apiVersion, kind and metadata.name`);
      assert.ok(Number(obj.metadata.annotations?.['argocd.argoproj.io/sync-wave']) < 0, `${file}: a negative sync wave (claims are wave 0)`);
    }
  });

  for (const xrd of xrds) {
    it(`${xrd.metadata.name} yields valid composite and claim CRDs and has a Composition`, () => {
      const { composite, claim } = crdsForXRD(xrd);
      assert.deepEqual(validateCRD(composite), []);
      assert.ok(claim, 'a claim kind');
      assert.deepEqual(validateCRD(claim!), []);
      const comp = compositions.find((c) => c.metadata.name === xrd.spec.defaultCompositionRef?.name);
      assert.ok(comp, 'the default Composition ships too');
      assert.equal(comp!.spec.compositeTypeRef.kind, xrd.spec.names.kind);
    });
  }
});

for (const file of readdirSync(join(import.meta.dirname, 'testdata')).filter((f) => f.endsWith('.yaml')).sort()) {
  describe(`platform package: ${file}`, () => {
    for (const tc of parse(readFileSync(join(import.meta.dirname, 'testdata', file), 'utf8')) as Obj[]) {
      it(tc.name, () => {
        const xrd = xrds.find((x) => x.spec.claimNames?.kind === tc.claim.kind)!;
        assert.ok(xrd, `an XRD offers ${tc.claim.kind}`);
        const crds = crdsForXRD(xrd);
        const claim = defaulted({ ...tc.claim, metadata: { ...tc.claim.metadata, uid: 'claim-uid' } }, crds.claim!);
        const composite = defaulted(compositeForClaim(claim, xrd, (p) => `${p}x7k2p`), crds.composite);
        composite.metadata.uid = 'xr-uid';
        const composition = compositions.find((c) => c.metadata.name === xrd.spec.defaultCompositionRef.name)!;
        let result = renderComposition({ composite, composition, names: (p) => `${p}zzzzz`, connectionSecretKeys: xrd.spec.connectionSecretKeys });
        assert.deepEqual(result.errors.map((e) => e.message), []);
        if (tc.observed) {
          const observed: Record<string, Obj> = {};
          for (const c of result.composed) {
            const status = tc.observed.byResource?.[c.name]?.status ?? tc.observed.status;
            observed[c.name] = { ...structuredClone(c.resource), metadata: { ...c.resource.metadata, uid: `${c.name}-uid` }, ...(status ? { status } : {}) };
          }
          result = renderComposition({ composite: result.composite, composition, observed, observedConnectionDetails: tc.observed.connection, connectionSecretKeys: xrd.spec.connectionSecretKeys });
          assert.deepEqual(result.errors.map((e) => e.message), []);
        }
        const want = tc.want ?? {};
        const byName = Object.fromEntries(result.composed.map((c) => [c.name, c.resource as KObject]));
        for (const [name, fields] of Object.entries((want.resources ?? {}) as Record<string, Obj>)) {
          assert.ok(byName[name], `resource ${name} is composed (have ${Object.keys(byName).join(', ')})`);
          for (const [path, value] of Object.entries(fields)) assert.deepEqual(getValue(byName[name], path), value, `${name}: ${path}`);
        }
        for (const [path, value] of Object.entries((want.composite ?? {}) as Obj)) assert.deepEqual(getValue(result.composite, path), value, `composite: ${path}`);
        const ready = result.conditions.find((c) => c.type === 'Ready');
        if (want.ready) assert.equal(ready?.status, want.ready, JSON.stringify(ready));
        if (want.readyMessage) assert.equal(ready?.message, want.readyMessage);
        if (want.connectionDetails) assert.deepEqual(result.connectionDetails, want.connectionDetails);
        for (const name of want.absent ?? []) assert.equal(byName[name], undefined, `${name} is not composed`);
      });
    }
  });
}
