import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { fn, helmEncodingFuncs, sprigFuncs, Template, type FuncMap } from './index.ts';

interface Case {
  name: string;
  tmpl: string;
  out?: string;
  err?: string;
  data?: unknown;
  dataOverride?: unknown;
  options?: string[];
}

const fixture = (f: string) => parse(readFileSync(new URL(`testdata/${f}`, import.meta.url), 'utf8')) as { data: unknown; cases: Case[]; intData?: boolean };

/** Whole numbers as Go ints (struct int fields in Go's tests), other numbers float64. */
function goInts(v: unknown): unknown {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(goInts);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, goInts(x)]));
  return v;
}

const testFuncs = {
  add: fn(['int', 'int'], (a: bigint, b: bigint) => a + b),
  echo: fn(['any'], (x: unknown) => x),
  makemap: fn([], (...kv: string[]) => Object.fromEntries(kv.flatMap((_, i) => (i % 2 ? [] : [[kv[i], kv[i + 1]]]))), 'string'),
  die: fn([], () => {
    throw new Error('die');
  }),
};

function run(file: string, funcs: FuncMap, ints: boolean) {
  const fx = fixture(file);
  for (const c of fx.cases) {
    it(c.name, () => {
      const raw = 'dataOverride' in c ? c.dataOverride : (c.data ?? fx.data);
      const data = ints ? goInts(raw) : raw;
      let out: string | undefined;
      let err: Error | undefined;
      try {
        out = new Template('t').funcs(funcs).option(...(c.options ?? [])).parse(c.tmpl).execute(data);
      } catch (e) {
        err = e as Error;
      }
      if (c.err !== undefined) {
        assert.ok(err, `expected error containing ${JSON.stringify(c.err)}, got output ${JSON.stringify(out)}`);
        assert.ok(err.message.includes(c.err), `error ${JSON.stringify(err.message)} does not contain ${JSON.stringify(c.err)}`);
      } else {
        assert.ifError(err);
        assert.equal(out, c.out);
      }
    });
  }
}

describe('gotemplate: Go exec_test cases', () => run('exec.yaml', testFuncs, true));
describe('gotemplate: sprig and Helm functions', () => run('sprig.yaml', { ...sprigFuncs(), ...helmEncodingFuncs() }, false));

describe('gotemplate: API', () => {
  it('shares definitions across templates of a set; clone isolates', () => {
    const t = new Template('a').parse('{{define "x"}}X{{end}}{{template "x"}}');
    t.new('b').parse('[{{template "x"}}]');
    assert.equal(t.executeTemplate('b', null), '[X]');
    const c = t.clone();
    c.new('c').parse('{{define "x"}}Y{{end}}');
    assert.equal(c.executeTemplate('b', null), '[Y]');
    assert.equal(t.executeTemplate('b', null), '[X]');
    assert.deepEqual(t.templates().sort(), ['a', 'b', 'x']);
  });
  it('missingkey=zero and missingkey=error', () => {
    assert.throws(() => new Template('t').option('missingkey=zero').parse('{{.a.b}}').execute({}), /nil pointer evaluating interface \{\}\.b/);
    assert.throws(() => new Template('t').option('missingkey=error').parse('{{.a}}').execute({}), /map has no entry for key "a"/);
    assert.equal(new Template('t').option('missingkey=zero').parse('{{.a}}').execute({}), '<no value>');
  });
  it('an empty redefinition keeps the earlier one', () => {
    const t = new Template('a').parse('{{define "x"}}X{{end}}');
    t.new('b').parse('{{define "x"}}{{end}}');
    assert.equal(t.new('c').parse('{{template "x"}}').execute(null), 'X');
  });
  it('custom delimiters', () => {
    assert.equal(new Template('t').delims('[[', ']]').parse('{{x}} [[ .a ]]').execute({ a: 1 }), '{{x}} 1');
  });
});
