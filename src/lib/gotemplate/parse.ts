/**
 * Go text/template's parser (text/template/parse/parse.go and node.go): actions, pipelines with variable
 * declarations, control structures with `else if`/`else with` chains, `define`/`template`/`block`,
 * `break`/`continue`. Node `str()` renders nodes as Go's `String()` does, for error contexts.
 */
import { KEYWORDS, lex, type Token } from './lex.ts';

export type Node =
  | { kind: 'list'; pos: number; nodes: Node[] }
  | { kind: 'text'; pos: number; text: string }
  | { kind: 'comment'; pos: number; text: string }
  | { kind: 'action'; pos: number; line: number; pipe: PipeNode }
  | { kind: 'if' | 'range' | 'with'; pos: number; line: number; pipe: PipeNode; list: ListNode; elseList?: ListNode }
  | { kind: 'template'; pos: number; line: number; name: string; pipe?: PipeNode }
  | { kind: 'break' | 'continue'; pos: number; line: number }
  | PipeNode
  | CommandNode
  | ArgNode;

export type ListNode = Extract<Node, { kind: 'list' }>;
export type ControlNode = Extract<Node, { kind: 'if' | 'range' | 'with' }>;
export interface PipeNode { kind: 'pipe'; pos: number; line: number; isAssign: boolean; decl: VariableNode[]; cmds: CommandNode[] }
export interface CommandNode { kind: 'command'; pos: number; args: ArgNode[] }
export interface VariableNode { kind: 'variable'; pos: number; idents: string[] }
export type ArgNode =
  | VariableNode
  | { kind: 'field'; pos: number; idents: string[] }
  | { kind: 'chain'; pos: number; node: ArgNode; fields: string[] }
  | { kind: 'identifier'; pos: number; name: string }
  | { kind: 'dot'; pos: number }
  | { kind: 'nil'; pos: number }
  | { kind: 'bool'; pos: number; value: boolean }
  | { kind: 'number'; pos: number; text: string; isInt: boolean; isFloat: boolean; int?: bigint; float?: number }
  | { kind: 'string'; pos: number; quoted: string; text: string }
  | PipeNode;

export interface Tree {
  name: string;
  /** Name of the top-level template being parsed when this tree was defined (for error locations). */
  parseName: string;
  root: ListNode;
  text: string;
}

export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

export interface ParseOptions {
  /** Whether a function name exists (Go rejects unknown functions at parse time). */
  hasFunc: (name: string) => boolean;
  leftDelim?: string;
  rightDelim?: string;
}

/** Parses `text` as template `name`; returns every tree it defines, the top-level one under `name`. */
export function parse(name: string, text: string, opts: ParseOptions): Map<string, Tree> {
  const p = new Parser(name, text, opts);
  return p.run();
}

class Parser {
  private toks: Token[];
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private trees = new Map<string, Tree>();
  private current: Tree;

  constructor(private readonly name: string, private readonly text: string, private readonly opts: ParseOptions) {
    this.toks = lex(text, opts.leftDelim ?? '{{', opts.rightDelim ?? '}}');
    this.current = { name, parseName: name, root: { kind: 'list', pos: 0, nodes: [] }, text };
  }

  run(): Map<string, Tree> {
    const root = this.current.root;
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const save = this.i;
        this.next();
        const t = this.nextNonSpace();
        if (t.type === 'keyword' && t.val === 'define') {
          this.parseDefinition();
          continue;
        }
        this.i = save;
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${n.kind === 'end' ? '{{end}}' : '{{else}}'}`, n.line);
      else root.nodes.push(n as Node);
    }
    this.add(this.current);
    return this.trees;
  }

  private add(tree: Tree) {
    const old = this.trees.get(tree.name);
    if (old && isEmptyTree(tree.root)) return;
    this.trees.set(tree.name, tree);
  }

  // --- token helpers
  private peek(): Token {
    return this.toks[this.i]!;
  }
  private next(): Token {
    const t = this.toks[this.i]!;
    if (t.type === 'error') this.errorf(t.val, t.line);
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private back(_n = 1) {
    this.i--;
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.back();
    return t;
  }
  private errorf(msg: string, line?: number): never {
    throw new ParseError(`template: ${this.name}:${line ?? this.peek().line}: ${msg}`);
  }
  private expect(type: Token['type'], context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }
  private unexpected(t: Token, context: string): never {
    if (t.type === 'error') this.errorf(t.val, t.line);
    const desc = t.type === 'eof' ? 'EOF' : t.type === 'leftDelim' || t.type === 'rightDelim' ? `"${t.val}"` : t.type === 'keyword' ? `<${t.val}>` : JSON.stringify(t.val);
    this.errorf(`unexpected ${desc} in ${context}`, t.line);
  }

  private parseDefinition() {
    const nameTok = this.expectOneOf(['string', 'rawString'], 'define clause');
    const name = unquote(nameTok.val, nameTok.type === 'rawString');
    this.expect('rightDelim', 'define clause');
    const saved = { vars: this.vars, current: this.current };
    this.vars = ['$'];
    const tree: Tree = { name, parseName: this.name, root: { kind: 'list', pos: nameTok.pos, nodes: [] }, text: this.text };
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.errorf(`unexpected {{else}} in define clause`, end.line);
    tree.root = list;
    this.add(tree);
    this.vars = saved.vars;
  }

  private expectOneOf(types: Token['type'][], context: string): Token {
    const t = this.nextNonSpace();
    if (!types.includes(t.type)) this.unexpected(t, context);
    return t;
  }

  /** Items until {{end}} or {{else}}; returns the list and that closing node. */
  private itemList(): [ListNode, { kind: 'end' | 'else'; pos: number; line: number }] {
    const list: ListNode = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n as { kind: 'end' | 'else'; pos: number; line: number }];
      list.nodes.push(n as Node);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | { kind: 'end' | 'else'; pos: number; line: number } {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'text':
        return { kind: 'text', pos: t.pos, text: t.val };
      case 'leftDelim':
        return this.action();
      case 'comment':
        return { kind: 'comment', pos: t.pos, text: t.val };
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node | { kind: 'end' | 'else'; pos: number; line: number } {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.val) {
        case 'block':
          return this.blockControl(t);
        case 'break':
        case 'continue': {
          if (this.rangeDepth === 0) this.errorf(`{{${t.val}}} outside {{range}}`, t.line);
          this.expect('rightDelim', t.val);
          return { kind: t.val, pos: t.pos, line: t.line };
        }
        case 'else': {
          const p = this.peekNonSpace();
          if (p.type === 'keyword' && (p.val === 'if' || p.val === 'with')) return { kind: 'else', pos: t.pos, line: t.line };
          this.expect('rightDelim', 'else');
          return { kind: 'else', pos: t.pos, line: t.line };
        }
        case 'end':
          this.expect('rightDelim', 'end');
          return { kind: 'end', pos: t.pos, line: t.line };
        case 'if':
        case 'range':
        case 'with':
          return this.control(t.val);
        case 'template':
          return this.templateControl(t);
        case 'define':
          this.errorf('unexpected <define> in command', t.line);
      }
    }
    this.back();
    const pipe = this.pipeline('command', 'rightDelim');
    return { kind: 'action', pos: pipe.pos, line: pipe.line, pipe };
  }

  private control(context: 'if' | 'range' | 'with'): Node {
    const mark = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.kind === 'else') {
      const p = this.peekNonSpace();
      if ((context === 'if' && p.type === 'keyword' && p.val === 'if') || (context === 'with' && p.type === 'keyword' && p.val === 'with')) {
        this.nextNonSpace();
        elseList = { kind: 'list', pos: next.pos, nodes: [this.control(context)] };
      } else {
        const [l, end] = this.itemList();
        if (end.kind !== 'end') this.errorf('expected end; found {{else}}', end.line);
        elseList = l;
      }
    }
    this.vars.length = mark;
    return { kind: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
  }

  private templateControl(t: Token): Node {
    const nameTok = this.expectOneOf(['string', 'rawString'], 'template clause');
    const name = unquote(nameTok.val, nameTok.type === 'rawString');
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.back();
      pipe = this.pipeline('template', 'rightDelim');
    }
    return { kind: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private blockControl(t: Token): Node {
    const nameTok = this.expectOneOf(['string', 'rawString'], 'block clause');
    const name = unquote(nameTok.val, nameTok.type === 'rawString');
    const pipe = this.pipeline('block clause', 'rightDelim');
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.kind !== 'end') this.errorf('unexpected {{else}} in block clause', end.line);
    this.add({ name, parseName: this.name, root: list, text: this.text });
    this.vars = savedVars;
    return { kind: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = { kind: 'pipe', pos: first.pos, line: first.line, isAssign: false, decl: [], cmds: [] };
    // Declarations: `$x :=`, `$x =`, and in range `$i, $v :=`.
    decls: if (first.type === 'variable') {
      const save = this.i;
      const v = this.nextNonSpace();
      const next = this.nextNonSpace();
      if (next.type === 'declare' || next.type === 'assign') {
        pipe.isAssign = next.type === 'assign';
        pipe.decl.push({ kind: 'variable', pos: v.pos, idents: [v.val] });
        if (!pipe.isAssign) this.vars.push(v.val);
        else if (!this.vars.includes(v.val)) this.errorf(`undefined variable "${v.val}"`, v.line);
        break decls;
      }
      if (next.type === 'char' && next.val === ',' && context === 'range') {
        const v2 = this.nextNonSpace();
        const op = this.nextNonSpace();
        if (v2.type === 'variable' && (op.type === 'declare' || op.type === 'assign')) {
          pipe.isAssign = op.type === 'assign';
          pipe.decl.push({ kind: 'variable', pos: v.pos, idents: [v.val] }, { kind: 'variable', pos: v2.pos, idents: [v2.val] });
          if (!pipe.isAssign) this.vars.push(v.val, v2.val);
          break decls;
        }
        this.errorf(`range can only initialize variables`, next.line);
      }
      if (next.type === 'char' && next.val === ',') this.errorf(`too many declarations in ${context}`, next.line);
      this.i = save;
    }
    while (true) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`, t.line);
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (['bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen'].includes(t.type)) {
        this.back();
        pipe.cmds.push(this.command());
        continue;
      }
      this.unexpected(t, context);
    }
  }

  private checkPipeline(pipe: PipeNode, context: string) {
    // Non-executable commands can only appear first.
    for (const [i, c] of pipe.cmds.entries()) {
      if (i === 0) continue;
      const a = c.args[0]!;
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(a.kind)) this.errorf(`non executable command in pipeline stage ${i + 1}`);
    }
    void context;
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    while (true) {
      this.peekNonSpace();
      const op = this.operand();
      if (op) cmd.args.push(op);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.back();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type !== 'field') return node;
    // Go positions a chained node at its first chained field (`.a` in `.Values.a.b`): error columns say so.
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, idents: [...node.idents, ...fields] };
      case 'variable':
        return { kind: 'variable', pos, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${JSON.stringify(argStr(node))}`);
      default:
        return { kind: 'chain', pos, node, fields };
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.opts.hasFunc(t.val)) this.errorf(`function ${JSON.stringify(t.val)} not defined`, t.line);
        return { kind: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { kind: 'dot', pos: t.pos };
      case 'nil':
        return { kind: 'nil', pos: t.pos };
      case 'variable':
        if (!this.vars.includes(t.val)) this.errorf(`undefined variable ${JSON.stringify(t.val)}`, t.line);
        return { kind: 'variable', pos: t.pos, idents: [t.val] };
      case 'field':
        return { kind: 'field', pos: t.pos, idents: [t.val.slice(1)] };
      case 'bool':
        return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'number':
        return this.number(t);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { kind: 'string', pos: t.pos, quoted: t.val, text: unquote(t.val, t.type === 'rawString', (m) => this.errorf(m, t.line)) };
    }
    this.back();
    return undefined;
  }

  private number(t: Token): ArgNode {
    const text = t.val;
    if (t.type === 'charConstant') {
      const s = unquoteChar(text.slice(1, -1));
      if (s === undefined) this.errorf(`malformed character constant: ${text}`, t.line);
      const cp = BigInt(s.codePointAt(0)!);
      return { kind: 'number', pos: t.pos, text, isInt: true, isFloat: true, int: cp, float: Number(cp) };
    }
    if (text.endsWith('i')) this.errorf(`complex numbers are not supported: ${text}`, t.line);
    const clean = text.replace(/_/g, '');
    let int: bigint | undefined;
    let float: number | undefined;
    const neg = clean.startsWith('-');
    const body = clean.replace(/^[+-]/, '');
    if (/^0[xX][0-9a-fA-F]+$|^0[bB][01]+$|^0[oO][0-7]+$|^[0-9]+$/.test(body)) {
      let b = body;
      if (/^0[0-7]+$/.test(b)) b = '0o' + b.slice(1); // legacy octal
      else if (/^0[0-9]+$/.test(b)) this.errorf(`illegal number syntax: ${JSON.stringify(text)}`, t.line);
      int = BigInt(b) * (neg ? -1n : 1n);
      if (int > 0x7fffffffffffffffn || int < -0x8000000000000000n) int = undefined;
      float = Number(BigInt(b)) * (neg ? -1 : 1);
    } else {
      const f = /^0[xX]/.test(body) ? parseHexFloat(body) : Number(body);
      if (Number.isNaN(f)) this.errorf(`illegal number syntax: ${JSON.stringify(text)}`, t.line);
      float = neg ? -f : f;
      if (Number.isInteger(float) && !/[eEpP.]/.test(body)) int = BigInt(float);
      else if (Number.isInteger(float) && Math.abs(float) <= Number.MAX_SAFE_INTEGER) int = BigInt(float);
    }
    return { kind: 'number', pos: t.pos, text, isInt: int !== undefined, isFloat: float !== undefined, int, float };
  }
}

function parseHexFloat(s: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(s);
  if (!m) return NaN;
  const mant = parseInt((m[1] || '0') + (m[2] ?? ''), 16) / 16 ** (m[2]?.length ?? 0);
  return mant * 2 ** Number(m[3] ?? 0);
}

function isEmptyTree(n: Node): boolean {
  if (n.kind === 'list') return n.nodes.every(isEmptyTree);
  if (n.kind === 'text') return n.text.trim() === '';
  if (n.kind === 'comment') return true;
  return false;
}

/** Go string literal syntax (strconv.Unquote). */
export function unquote(s: string, raw: boolean, fail: (m: string) => never = (m) => { throw new ParseError(m); }): string {
  if (raw) return s.slice(1, -1).replace(/\r/g, '');
  let out = '';
  const body = s.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"' };
    if (e !== undefined && e in simple) out += simple[e];
    else if (e === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else if (e !== undefined && /[0-7]/.test(e)) {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else fail(`invalid syntax: ${s}`);
  }
  return out;
}

function unquoteChar(s: string): string | undefined {
  if (!s.startsWith('\\')) return [...s].length === 1 ? s : undefined;
  if (s === "\\'") return "'";
  try {
    return unquote(`"${s}"`, false);
  } catch {
    return undefined;
  }
}

/** Go's Node.String() for argument nodes (error contexts). */
export function argStr(n: ArgNode | CommandNode): string {
  switch (n.kind) {
    case 'variable':
      return n.idents.join('.');
    case 'field':
      return n.idents.map((i) => '.' + i).join('');
    case 'chain': {
      const inner = n.node.kind === 'pipe' ? `(${argStr(n.node)})` : argStr(n.node);
      return inner + n.fields.map((f) => '.' + f).join('');
    }
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${argStr(a)})` : argStr(a))).join(' ');
    case 'pipe': {
      const decl = n.decl.length ? n.decl.map((d) => d.idents[0]).join(', ') + (n.isAssign ? ' = ' : ' := ') : '';
      return decl + n.cmds.map(argStr).join(' | ');
    }
  }
}

export { KEYWORDS };
