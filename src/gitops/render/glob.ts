/**
 * Argo CD's glob syntax (gobwas/glob, called without separators): `*` and `**` match any run of characters
 * including `/`, `?` one character, `[a-z]` / `[!a-z]` classes, `{a,b}` alternatives (which may nest globs),
 * and `\` escapes. Used for directory include/exclude and for group/kind wildcards in customizations.
 */

const cache = new Map<string, RegExp | null>();

/** Whether `text` matches `pattern`; an invalid pattern matches nothing, as Argo CD's glob.Match. */
export function globMatch(pattern: string, text: string): boolean {
  let re = cache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^${compile(pattern, 0, false).source}$`, 's');
    } catch {
      re = null;
    }
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  return re !== null && re.test(text);
}

const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Compiles from `i` until the end (or, inside braces, until the `,`/`}` that ends this alternative). */
function compile(p: string, i: number, inBraces: boolean): { source: string; end: number } {
  let out = '';
  while (i < p.length) {
    const c = p[i];
    if (inBraces && (c === ',' || c === '}')) return { source: out, end: i };
    if (c === '\\') {
      if (i + 1 >= p.length) throw new Error('dangling escape');
      out += escape(p[i + 1]);
      i += 2;
    } else if (c === '*') {
      while (p[i] === '*') i++;
      out += '.*';
    } else if (c === '?') {
      out += '.';
      i++;
    } else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close < 0) throw new Error('unclosed class');
      let body = p.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close + 1;
    } else if (c === '{') {
      const alternatives: string[] = [];
      i++;
      for (;;) {
        const alt = compile(p, i, true);
        alternatives.push(alt.source);
        if (alt.end >= p.length) throw new Error('unclosed braces');
        i = alt.end + 1;
        if (p[alt.end] === '}') break;
      }
      out += `(?:${alternatives.join('|')})`;
    } else {
      out += escape(c);
      i++;
    }
  }
  if (inBraces) throw new Error('unclosed braces');
  return { source: out, end: i };
}
