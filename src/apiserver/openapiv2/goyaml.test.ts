import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { goYAML, resolvesToString } from './goyaml.ts';

describe('goYAML (yaml.v3 text of vendor extensions and defaults)', () => {
  it('prints Kubernetes extension values as yaml.v3 does', () => {
    assert.equal(goYAML([{ group: 'apps', kind: 'Deployment', version: 'v1' }]), '- group: apps\n  kind: Deployment\n  version: v1\n');
    assert.equal(goYAML([{ group: '', kind: 'Pod', version: 'v1' }]), '- group: ""\n  kind: Pod\n  version: v1\n');
    assert.equal(goYAML('retainKeys,merge'), 'retainKeys,merge\n');
    assert.equal(goYAML(['port', 'protocol']), '- port\n- protocol\n');
    assert.equal(goYAML(true), 'true\n');
    assert.equal(goYAML(null), 'null\n');
    assert.equal(goYAML(3), '3\n');
    assert.equal(goYAML(0.25), '0.25\n');
  });

  it('indents nested collections by four, items past their dash, and writes empty ones in flow style', () => {
    assert.equal(goYAML({ a: [1, 2], b: { c: 'd', e: [], f: {} } }), 'a:\n    - 1\n    - 2\nb:\n    c: d\n    e: []\n    f: {}\n');
    assert.equal(goYAML([['a', 'b'], 'c']), '- - a\n  - b\n- c\n');
    assert.equal(goYAML({}), '{}\n');
  });

  it('quotes strings that would read back as another type or break the syntax', () => {
    assert.equal(goYAML(''), '""\n');
    assert.equal(goYAML('true'), '"true"\n');
    assert.equal(goYAML('123'), '"123"\n');
    assert.equal(goYAML('1.5e3'), '"1.5e3"\n');
    assert.equal(goYAML('2024-01-02'), '"2024-01-02"\n');
    assert.equal(goYAML('yes'), 'yes\n'); // YAML 1.2: not a boolean
    assert.equal(goYAML('a: b'), "'a: b'\n");
    assert.equal(goYAML("it's # x"), "'it''s # x'\n");
    assert.equal(goYAML('tab\there'), '"tab\\there"\n');
    assert.equal(goYAML('😀'), '"\\U0001F600"\n');
    assert.equal(goYAML({ 'self.x > 0': 1 }), 'self.x > 0: 1\n');
  });

  it('writes multi-line strings as literal blocks with chomping hints', () => {
    assert.equal(goYAML('a\nb'), '|-\n    a\n    b\n');
    assert.equal(goYAML({ k: 'a\n\nb\n' }), 'k: |\n    a\n\n    b\n');
    assert.equal(goYAML({ k: '\nx' }), 'k: |4-\n\n    x\n');
    // yaml.v3 always hints best_indent (4) for a leading space, whatever the nesting; reproduced as is
    assert.equal(goYAML([' lead\nx']), '- |4-\n   lead\n  x\n');
  });

  it('always reads back as the value it encodes', () => {
    const samples: unknown[] = [
      '-', '- a', ':', 'a:', '?', '#', 'a #b', 'a#b', '@x', '`x', '%x', '!x', '&x', '*x', '[x', '{x', '>x', '|x', '"x', "'x",
      ' x', 'x ', '---', '...x', 'null', 'Null', '~', '0x1F', '0o17', '017', '08', '+1', '-1.5', '.5', '.inf', '-.Inf', '.nan',
      '1_000', 'on', 'off', 'y', 'n', 'a\u0085b', 'é', '\u2028', 'x\r\ny', 'trailing space \nx', 'a\n', '\nleading', 'a\n\n', '\n',
      { nested: { list: [{ a: 1, b: [true, null, 'x: y'] }, [], {}], 'key: colon': 'v', '': 'empty key', '1': 'numeric key' } },
    ];
    for (const s of samples) assert.deepEqual(parse(goYAML(s)), s, JSON.stringify(s));
  });

  it('resolves plain scalars like yaml.v3', () => {
    for (const s of ['a', 'yes', 'No', 'ON', '1a', '1.2.3', '0x', '<<', '.', 'e3']) assert.equal(resolvesToString(s), true, s);
    for (const s of ['', '~', 'TRUE', 'False', '0', '-12', '0b101', '1e3', '.5', '2001-12-14t21:59:43.10-05:00', '2002-12-14']) assert.equal(resolvesToString(s), false, s);
  });
});
