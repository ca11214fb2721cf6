/**
 * Just enough of go-yaml v2's emitter to print Kyverno's blocked-request message byte for byte:
 * a two-level map of strings with sorted keys, plain or single-quoted scalars chosen as go-yaml
 * chooses them, and long scalars folded at spaces past column 80.
 */

const BEST_WIDTH = 80;

// strings go-yaml v2 would read back as something other than a string must be quoted
const RESOLVES_NON_STRING = /^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?0x[0-9a-fA-F]+|[-+]?0o?[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|<<|\d{4}-\d{2}-\d{2}.*|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$/;

function plainAllowed(s: string): boolean {
  if (s === '' || RESOLVES_NON_STRING.test(s)) return false;
  if (/^\s|\s$/.test(s) || s.startsWith('---') || s.startsWith('...')) return false;
  if (/^[#,[\]{}&*!|>'"%@`]/.test(s)) return false;
  if (/^[-?:](\s|$)/.test(s)) return false;
  if (/:(\s|$)/.test(s) || /\s#/.test(s)) return false;
  // control characters and non-printables need the double-quoted style
  return !/[\u0000-\u001f\u007f]/.test(s);
}

const needsDoubleQuotes = (s: string) => /[\u0000-\u001f\u007f]/.test(s);

function doubleQuoted(s: string): string {
  const esc: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
  return `"${s.replace(/[\n\t\r"\\]|[\u0000-\u001f\u007f]/g, (c) => esc[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`)}"`;
}

/**
 * Writes a scalar starting at `column`, folding at spaces once past the best width; continuation
 * lines start at `indent`. Returns the text to append after "key: ".
 */
function foldScalar(s: string, quoted: boolean, column: number, indent: number): string {
  let out = quoted ? "'" : '';
  let col = column + (quoted ? 1 : 0);
  const chars = [...s];
  let spaces = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === ' ') {
      const inner = !quoted || (i !== 0 && i !== chars.length - 1);
      if (!spaces && col > BEST_WIDTH && inner && chars[i + 1] !== ' ') {
        out += `\n${' '.repeat(indent)}`;
        col = indent;
      } else {
        out += ch;
        col++;
      }
      spaces = true;
      continue;
    }
    if (quoted && ch === "'") {
      out += "''";
      col += 2;
    } else {
      out += ch;
      col++;
    }
    spaces = false;
  }
  return quoted ? `${out}'` : out;
}

function scalar(s: string, column: number, indent: number): string {
  if (s.includes('\n') || needsDoubleQuotes(s) || RESOLVES_NON_STRING.test(s)) return doubleQuoted(s);
  return foldScalar(s, !plainAllowed(s), column, indent);
}

const key = (k: string) => (plainAllowed(k) ? k : needsDoubleQuotes(k) ? doubleQuoted(k) : `'${k.replace(/'/g, "''")}'`);

/** yaml.Marshal(map[string]map[string]string) as go-yaml v2 prints it. */
export function marshalNestedMap(m: Record<string, Record<string, string>>): string {
  let out = '';
  for (const outer of Object.keys(m).sort()) {
    out += `${key(outer)}:\n`;
    for (const inner of Object.keys(m[outer]).sort()) {
      const prefix = `  ${key(inner)}: `;
      out += `${prefix}${scalar(m[outer][inner], [...prefix].length, 4)}\n`;
    }
  }
  return out;
}
