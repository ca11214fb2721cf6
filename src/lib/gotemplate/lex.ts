/**
 * Go text/template's lexer (text/template/parse/lex.go), as a plain scanner producing a token list.
 * Trim markers are `{{- ` and ` -}}` (the space is required, so `{{-3}}` is the number -3); comments are
 * `{{/* ... *\/}}` directly inside the delimiters.
 */

export type TokenType =
  | 'text' | 'leftDelim' | 'rightDelim' | 'space' | 'comment'
  | 'bool' | 'char' | 'charConstant' | 'number' | 'string' | 'rawString'
  | 'assign' | 'declare' | 'field' | 'identifier' | 'variable' | 'pipe' | 'leftParen' | 'rightParen'
  | 'dot' | 'nil' | 'keyword' | 'eof' | 'error';

export interface Token {
  type: TokenType;
  val: string;
  pos: number; // offset in the source text
  line: number;
}

export const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string) => c === '_' || /[\p{L}\p{Nd}]/u.test(c);

export function lex(input: string, left = '{{', right = '}}'): Token[] {
  const out: Token[] = [];
  let pos = 0;
  let line = 1;
  let parenDepth = 0;
  const emit = (type: TokenType, start: number, val = input.slice(start, pos)) => out.push({ type, val, pos: start, line: lineAt(start) });
  // Lines are counted up to a position lazily (cheap enough: tokens come in order).
  let lineAtPos = 0;
  const lineAt = (p: number) => {
    for (; lineAtPos < p; lineAtPos++) if (input[lineAtPos] === '\n') line++;
    return line;
  };
  const fail = (msg: string, at: number) => {
    out.push({ type: 'error', val: msg, pos: at, line: lineAt(at) });
    return out;
  };
  const trimMarkerLen = 2; // "- "
  /** Moves past a quoted string or character constant opening at pos (escapes skipped); false when unterminated. */
  const scanQuoted = (quote: string): boolean => {
    pos++;
    while (true) {
      const ch = input[pos];
      if (ch === '\\') {
        pos += 2;
        continue;
      }
      if (ch === undefined || ch === '\n') return false;
      pos++;
      if (ch === quote) return true;
    }
  };

  while (true) {
    // Text up to the next left delimiter.
    const next = input.indexOf(left, pos);
    if (next < 0) {
      if (pos < input.length) emit('text', pos, input.slice(pos));
      out.push({ type: 'eof', val: '', pos: input.length, line: lineAt(input.length) });
      return out;
    }
    let textEnd = next;
    const trimLeft = input.startsWith('-', next + left.length) && isSpace(input[next + left.length + 1] ?? '');
    if (trimLeft) while (textEnd > pos && isSpace(input[textEnd - 1]!)) textEnd--;
    if (textEnd > pos) emit('text', pos, input.slice(pos, textEnd));
    pos = next;
    const delimStart = pos;
    pos += left.length;
    if (trimLeft) pos += trimMarkerLen;
    // Comment?
    if (input.startsWith('/*', pos)) {
      const end = input.indexOf('*/', pos + 2);
      if (end < 0) return fail('unclosed comment', pos);
      const commentStart = pos;
      pos = end + 2;
      let trimRight = false;
      if (input.startsWith(' -' + right, pos) || (isSpace(input[pos] ?? '') && input.startsWith('-' + right, pos + 1))) {
        trimRight = true;
        pos += 2;
      }
      if (!input.startsWith(right, pos)) return fail('comment ends before closing delimiter', pos);
      out.push({ type: 'comment', val: input.slice(commentStart, end + 2), pos: commentStart, line: lineAt(commentStart) });
      pos += right.length;
      if (trimRight) while (pos < input.length && isSpace(input[pos]!)) pos++;
      continue;
    }
    emit('leftDelim', delimStart, left);
    // Inside the action.
    parenDepth = 0;
    while (true) {
      // Right delimiter (with optional trim marker)?
      const atTrimRight = isSpace(input[pos] ?? '') && input.startsWith('-' + right, pos + 1);
      if (atTrimRight || input.startsWith(right, pos)) {
        if (parenDepth > 0) return fail('unclosed left paren', pos);
        if (atTrimRight) pos += 2;
        emit('rightDelim', pos, right);
        pos += right.length;
        if (atTrimRight) while (pos < input.length && isSpace(input[pos]!)) pos++;
        break;
      }
      if (pos >= input.length) return fail('unclosed action', pos);
      const c = input[pos]!;
      const start = pos;
      if (c === '\n' || c === '\r' || c === ' ' || c === '\t') {
        // Newlines are allowed inside actions since Go 1.16; spaces separate operands.
        while (pos < input.length && isSpace(input[pos]!) && !input.startsWith('-' + right, pos + 1)) pos++;
        // A space right before a trim marker belongs to the marker.
        if (pos > start) emit('space', start);
        continue;
      }
      if (c === '=') {
        pos++;
        emit('assign', start);
      } else if (c === ':') {
        if (input[pos + 1] !== '=') return fail('expected :=', pos);
        pos += 2;
        emit('declare', start);
      } else if (c === ',') {
        pos++;
        emit('char', start);
      } else if (c === '|') {
        pos++;
        emit('pipe', start);
      } else if (c === '"') {
        if (!scanQuoted('"')) return fail('unterminated quoted string', start);
        emit('string', start);
      } else if (c === '`') {
        const end = input.indexOf('`', pos + 1);
        if (end < 0) return fail('unterminated raw quoted string', start);
        pos = end + 1;
        emit('rawString', start);
      } else if (c === '$') {
        pos++;
        while (pos < input.length && isAlnum(input[pos]!)) pos++;
        emit('variable', start);
      } else if (c === "'") {
        if (!scanQuoted("'")) return fail('unterminated character constant', start);
        emit('charConstant', start);
      } else if (c === '.') {
        const n = input[pos + 1] ?? '';
        if (n >= '0' && n <= '9') {
          if (!lexNumber()) return fail(`bad number syntax: "${input.slice(start, pos)}"`, start);
          emit('number', start);
        } else {
          pos++;
          while (pos < input.length && isAlnum(input[pos]!)) pos++;
          if (pos === start + 1) emit('dot', start);
          else emit('field', start);
        }
      } else if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
        if (!lexNumber()) return fail(`bad number syntax: "${input.slice(start, pos)}"`, start);
        emit('number', start);
      } else if (isAlnum(c)) {
        while (pos < input.length && isAlnum(input[pos]!)) pos++;
        const word = input.slice(start, pos);
        if (KEYWORDS.has(word)) emit('keyword', start);
        else if (word === 'true' || word === 'false') emit('bool', start);
        else if (word === 'nil') emit('nil', start);
        else emit('identifier', start);
      } else if (c === '(') {
        pos++;
        parenDepth++;
        emit('leftParen', start);
      } else if (c === ')') {
        pos++;
        parenDepth--;
        if (parenDepth < 0) return fail(`unexpected right paren`, start);
        emit('rightParen', start);
      } else {
        return fail(`unrecognized character in action: ${goRuneU(c)}`, start);
      }
      // Identifiers, fields and variables must be followed by a separator.
      const last = out[out.length - 1]!;
      if ((last.type === 'field' || last.type === 'variable' || last.type === 'identifier' || last.type === 'dot' || last.type === 'rightParen' || last.type === 'bool' || last.type === 'nil') && pos < input.length) {
        const nc = input[pos]!;
        if (!(isSpace(nc) || nc === '.' || nc === ',' || nc === ')' || nc === '(' || nc === '|' || nc === '=' || nc === ':' || input.startsWith(right, pos))) {
          if (last.type !== 'rightParen') return fail(`bad character ${goRuneU(nc)}`, pos);
        }
      }
    }
  }

  function lexNumber(): boolean {
    // Optional sign, then digits of a base, optional fraction and exponent, optional imaginary suffix.
    const start = pos;
    if (input[pos] === '+' || input[pos] === '-') pos++;
    let digits = '0123456789_';
    if (input[pos] === '0' && /[xXoObB]/.test(input[pos + 1] ?? '')) {
      const b = input[pos + 1]!.toLowerCase();
      pos += 2;
      digits = b === 'x' ? '0123456789abcdefABCDEF_' : b === 'o' ? '01234567_' : '01_';
    }
    const run = () => {
      while (pos < input.length && digits.includes(input[pos]!)) pos++;
    };
    run();
    if (input[pos] === '.') {
      pos++;
      run();
    }
    if (digits.length === 11 && /[eE]/.test(input[pos] ?? '')) {
      pos++;
      if (input[pos] === '+' || input[pos] === '-') pos++;
      while (pos < input.length && /[0-9_]/.test(input[pos]!)) pos++;
    }
    if (digits.length === 23 && /[pP]/.test(input[pos] ?? '')) {
      pos++;
      if (input[pos] === '+' || input[pos] === '-') pos++;
      while (pos < input.length && /[0-9_]/.test(input[pos]!)) pos++;
    }
    if (input[pos] === 'i') pos++;
    if (pos < input.length && isAlnum(input[pos]!)) {
      pos++;
      return false;
    }
    return pos > start && !(pos === start + 1 && (input[start] === '+' || input[start] === '-'));
  }
}

/** Go's %#U: U+0023 '#'. */
export function goRuneU(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${goQuoteRune(c)}`;
}

export function goQuoteRune(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '\n') return `'\\n'`;
  if (c === '\t') return `'\\t'`;
  return `'${c}'`;
}
