/**
 * Go text/template's executor (text/template/exec.go) over the value model of value.ts. Follows Go's
 * evaluation order, its nil/missing-key rules (`missingkey=default|zero|error`), lazy `and`/`or`, range over
 * lists, maps (sorted keys) and ints, and its error texts:
 * `template: NAME:LINE:COL: executing "NAME" at <CONTEXT>: MESSAGE`.
 */
import { argStr, type ArgNode, type CommandNode, type ControlNode, type Node, type PipeNode, type Tree } from './parse.ts';
import { PARAM_TYPE_NAMES, sigOf, type GoFunc, type ParamType } from './funcs.ts';
import { byteCompare, formatValue, isMap, isStruct, truth, typeName } from './value.ts';

export type MissingKey = 'default' | 'zero' | 'error';

export interface ExecEnv {
  lookupTree(name: string): Tree | undefined;
  findFunc(name: string): { fn: GoFunc; builtin: boolean } | undefined;
  missingKey: MissingKey;
}

/** An execution error with Go's message; the parts are kept for callers that reformat (Helm's `fail`). */
export class ExecError extends Error {
  constructor(
    message: string,
    readonly templateName: string,
    readonly location?: string,
    readonly context?: string,
    readonly detail?: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

const MISSING = Symbol('missing');
type Val = unknown;
const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
const MAX_DEPTH = 10_000;

interface Var {
  name: string;
  value: Val;
}

export function execute(env: ExecEnv, tree: Tree, data: Val): string {
  const s = new State(env, tree, [{ name: '$', value: data }], 0);
  s.walk(data, tree.root);
  return s.out.join('');
}

class State {
  out: string[] = [];
  node: Node | undefined;

  constructor(
    private readonly env: ExecEnv,
    private tree: Tree,
    private vars: Var[],
    private depth: number,
  ) {}

  // --- errors
  at(n: Node) {
    this.node = n;
  }

  errorf(detail: string, cause?: unknown): never {
    const name = this.tree.name;
    if (!this.node) throw new ExecError(`template: ${name}: ${detail}`, name, undefined, undefined, detail, cause);
    const [loc, ctx] = this.errorContext(this.node);
    throw new ExecError(`template: ${loc}: executing ${JSON.stringify(name)} at <${ctx}>: ${detail}`, name, loc, ctx, detail, cause);
  }

  errorContext(n: Node): [string, string] {
    const text = this.tree.text.slice(0, n.pos);
    const nl = text.lastIndexOf('\n');
    const col = Buffer.byteLength(nl < 0 ? text : text.slice(nl + 1));
    const line = 1 + (text.match(/\n/g)?.length ?? 0);
    return [`${this.tree.parseName}:${line}:${col}`, nodeString(n)];
  }

  // --- variables
  push(name: string, value: Val) {
    this.vars.push({ name, value });
  }
  mark() {
    return this.vars.length;
  }
  pop(mark: number) {
    this.vars.length = mark;
  }
  setVar(name: string, value: Val) {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  setTopVar(n: number, value: Val) {
    this.vars[this.vars.length - n]!.value = value;
  }
  varValue(name: string): Val {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.errorf(`undefined variable: ${name}`);
  }

  // --- walking
  walk(dot: Val, node: Node): void {
    this.at(node);
    switch (node.kind) {
      case 'action': {
        const v = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, v);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'comment':
        return;
      case 'if':
      case 'with': {
        const mark = this.mark();
        const v = this.evalPipeline(dot, node.pipe);
        if (truth(v)) this.walk(node.kind === 'with' ? v : dot, node.list);
        else if (node.elseList) this.walk(dot, node.elseList);
        this.pop(mark);
        return;
      }
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.out.push(node.text);
        return;
    }
    this.errorf(`unknown node: ${node.kind}`);
  }

  private walkRange(dot: Val, r: ControlNode) {
    this.at(r);
    const mark0 = this.mark();
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.mark();
    const decl = r.pipe.decl;
    let broke = false;
    const one = (index: Val, elem: Val) => {
      if (decl.length > 0) {
        if (r.pipe.isAssign) this.setVar(decl[0]!.idents[0]!, decl.length > 1 ? index : elem);
        else this.setTopVar(1, elem);
      }
      if (decl.length > 1) {
        if (r.pipe.isAssign) this.setVar(decl[1]!.idents[0]!, elem);
        else this.setTopVar(2, index);
      }
      try {
        this.walk(elem, r.list);
      } catch (e) {
        if (e === BREAK) broke = true;
        else if (e !== CONTINUE) throw e;
      } finally {
        this.pop(mark);
      }
    };
    let ran = false;
    if (Array.isArray(val) || val instanceof Uint8Array) {
      const list = val as ArrayLike<unknown>;
      for (let i = 0; i < list.length && !broke; i++) {
        ran = true;
        one(BigInt(i), typeof list[i] === 'number' && val instanceof Uint8Array ? BigInt(list[i] as number) : list[i]);
      }
    } else if (typeof val === 'bigint') {
      if (decl.length > 1) this.errorf(`can't use ${val} to iterate over more than one variable`);
      for (let i = 0n; i < val && !broke; i++) {
        ran = true;
        one(i, i);
      }
    } else if (isMap(val)) {
      for (const k of Object.keys(val).sort(byteCompare)) {
        if (broke) break;
        ran = true;
        one(k, val[k] ?? null);
      }
    } else if (val === undefined || val === null) {
      // An invalid value is likely a nil map: nothing to iterate, not an error.
    } else if (typeof val === 'function') {
      this.errorf(`range can't iterate over ${formatValue(val)}`);
    } else {
      this.errorf(`range can't iterate over ${formatValue(val)}`);
    }
    if (!ran && r.elseList) this.walk(dot, r.elseList);
    this.pop(mark0);
  }

  private walkTemplate(dot: Val, t: Extract<Node, { kind: 'template' }>) {
    this.at(t);
    const tree = this.env.lookupTree(t.name);
    if (!tree) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= MAX_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_DEPTH})`);
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined;
    const s = new State(this.env, tree, [{ name: '$', value: newDot }], this.depth + 1);
    s.out = this.out;
    s.walk(newDot, tree.root);
  }

  private printValue(n: Node, v: Val) {
    this.at(n);
    if (v === undefined || v === null) {
      this.out.push('<no value>');
      return;
    }
    if (typeof v === 'function') this.errorf(`can't print ${nodeString(n)} of type ${typeName(v)}`);
    this.out.push(formatValue(v));
  }

  // --- evaluation
  evalPipeline(dot: Val, pipe: PipeNode | undefined): Val {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: Val | typeof MISSING = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // An interface{} holding nil is digged into: an invalid value.
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.idents[0]!, value);
      else this.push(v.idents[0]!, value);
    }
    return value;
  }

  private evalCommand(dot: Val, cmd: CommandNode, final: Val | typeof MISSING): Val {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
  }

  private idealConstant(n: Extract<ArgNode, { kind: 'number' }>): Val {
    this.at(n);
    const isHexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    const isRune = n.text.startsWith("'");
    if (n.isFloat && !isHexInt && !isRune && /[.eEpP]/.test(n.text)) return n.float;
    if (n.isInt) return n.int;
    if (n.isFloat) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private notAFunction(args: ArgNode[], final: Val | typeof MISSING) {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${argStr(args[0]!)}`);
  }

  private evalFieldNode(dot: Val, field: Extract<ArgNode, { kind: 'field' }>, args: ArgNode[], final: Val | typeof MISSING): Val {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.idents, args, final);
  }

  private evalChainNode(dot: Val, chain: Extract<ArgNode, { kind: 'chain' }>, args: ArgNode[], final: Val | typeof MISSING): Val {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${argStr(chain)}`);
    const pipe = this.evalArg(dot, 'any', chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.fields, args, final);
  }

  private evalVariableNode(dot: Val, v: Extract<ArgNode, { kind: 'variable' }>, args: ArgNode[], final: Val | typeof MISSING): Val {
    this.at(v);
    const value = this.varValue(v.idents[0]!);
    if (v.idents.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.idents.slice(1), args, final);
  }

  private evalFieldChain(dot: Val, receiver: Val, node: Node, idents: string[], args: ArgNode[], final: Val | typeof MISSING): Val {
    const n = idents.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, idents[i]!, node, [], MISSING, receiver);
    return this.evalField(dot, idents[n - 1]!, node, args, final, receiver);
  }

  private evalField(dot: Val, name: string, node: Node, args: ArgNode[], final: Val | typeof MISSING, receiver: Val): Val {
    if (receiver === undefined) {
      if (this.env.missingKey === 'error') this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (isStruct(receiver)) {
      const member = receiver[name];
      if (typeof member === 'function') return this.evalCall(dot, member as GoFunc, false, node, name, args, final, receiver);
      if (name in receiver) {
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return member === undefined ? null : member;
      }
      this.errorf(`can't evaluate field ${name} in type ${typeName(receiver)}`);
    }
    if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      if (Object.hasOwn(receiver, name)) return receiver[name] === undefined ? null : receiver[name];
      switch (this.env.missingKey) {
        case 'zero':
          return null;
        case 'error':
          this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
      }
      return undefined;
    }
    // Values held in maps and lists have Go's static type interface {}, which is what Go names here.
    this.errorf(`can't evaluate field ${name} in type interface {}`);
  }

  private evalFunction(dot: Val, node: Extract<ArgNode, { kind: 'identifier' }>, cmd: Node, args: ArgNode[], final: Val | typeof MISSING): Val {
    this.at(node);
    const f = this.env.findFunc(node.name);
    if (!f) this.errorf(`${JSON.stringify(node.name)} is not a defined function`);
    return this.evalCall(dot, f.fn, f.builtin, cmd, node.name, args, final);
  }

  /** Calls `fn` with `args` (args[0] is the function's own name node) and the pipeline's final value. */
  evalCall(dot: Val, fn: GoFunc, builtin: boolean, node: Node, name: string, args: ArgNode[], final: Val | typeof MISSING, self?: unknown): Val {
    const rest = args.length > 0 ? args.slice(1) : [];
    const sig = sigOf(fn);
    const numIn = rest.length + (final !== MISSING ? 1 : 0);
    const numFixed = sig.params.length;
    if (sig.variadic) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${numIn}`);
    } else if (numIn !== numFixed) this.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`);
    const typeAt = (i: number): ParamType => (i < numFixed ? sig.params[i]! : sig.variadic!);

    if (builtin && (name === 'and' || name === 'or')) {
      let v: Val;
      for (const a of rest) {
        v = this.evalArg(dot, 'any', a);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'any');
      return v;
    }
    const argv: Val[] = [];
    for (const [i, a] of rest.entries()) argv.push(this.evalArg(dot, typeAt(i), a));
    if (final !== MISSING) argv.push(this.validateType(final, typeAt(numIn - 1)));
    let result: Val;
    try {
      result = fn.apply(self, argv);
    } catch (e) {
      // Go wraps every function's error, a nested execution's (include, tpl) included.
      this.at(node);
      const msg = e instanceof Error ? e.message : String(e);
      this.errorf(`error calling ${name}: ${msg}`, e);
    }
    return result;
  }

  private validateType(value: Val, type: ParamType): Val {
    if (value === undefined) {
      if (type === 'any' || type === 'list' || type === 'map' || type === 'strings') return null;
      this.errorf(`invalid value; expected ${PARAM_TYPE_NAMES[type]}`);
    }
    if (type === 'any') return value;
    if (value === null) {
      if (type === 'list' || type === 'map' || type === 'strings') return null;
      this.errorf(`wrong type for value; expected ${PARAM_TYPE_NAMES[type]}; got interface {}`);
    }
    const ok =
      (type === 'string' && typeof value === 'string') ||
      (type === 'int' && typeof value === 'bigint') ||
      (type === 'float64' && typeof value === 'number') ||
      (type === 'bool' && typeof value === 'boolean') ||
      (type === 'list' && Array.isArray(value)) ||
      (type === 'strings' && Array.isArray(value) && value.every((x) => typeof x === 'string')) ||
      (type === 'map' && isMap(value));
    if (!ok) this.errorf(`wrong type for value; expected ${PARAM_TYPE_NAMES[type]}; got ${typeName(value)}`);
    return value;
  }

  private evalArg(dot: Val, type: ParamType, n: ArgNode): Val {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, type);
      case 'nil':
        if (type === 'any' || type === 'list' || type === 'map' || type === 'strings') return null;
        this.errorf(`cannot assign nil to ${PARAM_TYPE_NAMES[type]}`);
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), type);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, [], MISSING), type);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), type);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [], MISSING), type);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), type);
    }
    switch (type) {
      case 'bool':
        if (n.kind === 'bool') return n.value;
        this.errorf(`expected bool; found ${argStr(n)}`);
      case 'float64':
        if (n.kind === 'number' && n.isFloat) return n.float;
        this.errorf(`expected float; found ${argStr(n)}`);
      case 'int':
        if (n.kind === 'number' && n.isInt) return n.int;
        this.errorf(`expected integer; found ${argStr(n)}`);
      case 'string':
        if (n.kind === 'string') return n.text;
        this.errorf(`expected string; found ${argStr(n)}`);
      case 'any':
        switch (n.kind) {
          case 'bool':
            return n.value;
          case 'number':
            return this.idealConstant(n);
          case 'string':
            return n.text;
        }
    }
    this.errorf(`can't handle ${argStr(n)} for arg of type ${PARAM_TYPE_NAMES[type]}`);
  }
}

function nodeString(n: Node): string {
  switch (n.kind) {
    case 'action':
      return `{{${argStr(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with':
      return `{{${n.kind} ${argStr(n.pipe)}}}`;
    case 'template':
      return `{{template ${JSON.stringify(n.name)}${n.pipe ? ' ' + argStr(n.pipe) : ''}}}`;
    case 'break':
    case 'continue':
      return `{{${n.kind}}}`;
    case 'text':
      return JSON.stringify(n.text);
    case 'comment':
      return `{{${n.text}}}`;
    case 'list':
      return n.nodes.map(nodeString).join('');
    default:
      return argStr(n);
  }
}
