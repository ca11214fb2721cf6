/**
 * A template set as Go's *template.Template: templates sharing one namespace of definitions and functions.
 *
 *   const t = new Template('app').funcs(sprigFuncs()).option('missingkey=error').parse('{{ .name | upper }}');
 *   t.execute({ name: 'x' });                 // 'X'
 *   t.new('other').parse('{{ define "a" }}..{{ end }}'); t.executeTemplate('a', data);
 */
import { BUILTINS } from './builtins.ts';
import { execute, type MissingKey } from './exec.ts';
import type { FuncMap, GoFunc } from './funcs.ts';
import { parse, type Tree } from './parse.ts';

interface Common {
  trees: Map<string, Tree>;
  funcs: Map<string, GoFunc>;
  missingKey: MissingKey;
  left: string;
  right: string;
}

export class Template {
  private readonly common: Common;

  constructor(readonly name: string, common?: Common) {
    this.common = common ?? { trees: new Map(), funcs: new Map(), missingKey: 'default', left: '{{', right: '}}' };
  }

  /** Adds functions (they take precedence over builtins, as in Go). */
  funcs(map: FuncMap): this {
    for (const [k, f] of Object.entries(map)) this.common.funcs.set(k, f);
    return this;
  }

  /** Go's Option: `missingkey=default|invalid|zero|error`. */
  option(...opts: string[]): this {
    for (const o of opts) {
      const m = /^missingkey=(default|invalid|zero|error)$/.exec(o);
      if (!m) throw new Error(`unrecognized option: ${o}`);
      this.common.missingKey = m[1] === 'invalid' ? 'default' : (m[1] as MissingKey);
    }
    return this;
  }

  delims(left: string, right: string): this {
    this.common.left = left || '{{';
    this.common.right = right || '}}';
    return this;
  }

  /** Parses `text` as this template's body; its `define`s join the set (a later non-empty one replaces). */
  parse(text: string): this {
    const trees = parse(this.name, text, {
      hasFunc: (n) => this.common.funcs.has(n) || n in BUILTINS,
      leftDelim: this.common.left,
      rightDelim: this.common.right,
    });
    for (const [name, tree] of trees) {
      const old = this.common.trees.get(name);
      if (old && isEmpty(tree)) continue; // Go keeps a definition rather than replace it with an empty one
      this.common.trees.set(name, tree);
    }
    return this;
  }

  /** A new template in the same set. */
  new(name: string): Template {
    return new Template(name, this.common);
  }

  lookup(name: string): Template | undefined {
    return this.common.trees.has(name) ? new Template(name, this.common) : undefined;
  }

  /** A copy of the set: later definitions in either do not affect the other. */
  clone(): Template {
    return new Template(this.name, { ...this.common, trees: new Map(this.common.trees), funcs: new Map(this.common.funcs) });
  }

  /** Names of the templates in the set. */
  templates(): string[] {
    return [...this.common.trees.keys()];
  }

  execute(data: unknown): string {
    const tree = this.common.trees.get(this.name);
    if (!tree) throw new Error(`template: ${this.name}: ${JSON.stringify(this.name)} is an incomplete or empty template`);
    return execute(this.env(), tree, data);
  }

  executeTemplate(name: string, data: unknown): string {
    const tree = this.common.trees.get(name);
    if (!tree) throw new Error(`template: no template ${JSON.stringify(name)} associated with template ${JSON.stringify(this.name)}`);
    return execute(this.env(), tree, data);
  }

  private env() {
    const c = this.common;
    return {
      lookupTree: (n: string) => c.trees.get(n),
      findFunc: (n: string) => {
        const f = c.funcs.get(n);
        if (f) return { fn: f, builtin: false };
        const b = BUILTINS[n];
        return b ? { fn: b, builtin: true } : undefined;
      },
      missingKey: c.missingKey,
    };
  }
}

const isEmpty = (t: Tree) => t.root.nodes.every((n) => (n.kind === 'text' && n.text.trim() === '') || n.kind === 'comment');
