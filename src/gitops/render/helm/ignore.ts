/**
 * `.helmignore` rules (helm's pkg/ignore): one pattern a line, `#` comments, `!` negates, a trailing `/`
 * matches folders only, a pattern with a `/` matches the whole path (a leading `/` anchors at the chart root),
 * one without matches the base name; `*`, `?` and `[...]` as Go's filepath.Match (no `**`). Hidden files in
 * templates/ are always ignored.
 */

interface Rule {
  pattern: RegExp;
  negate: boolean;
  dirOnly: boolean;
  path: boolean;
}

export class HelmIgnore {
  private constructor(private readonly rules: Rule[]) {}

  static defaults(): HelmIgnore {
    return new HelmIgnore([rule('templates/.?*')!]);
  }

  static parse(text: string): HelmIgnore {
    const rules = [rule('templates/.?*')!];
    for (const line of text.split(/\r?\n/)) {
      const r = rule(line.trim());
      if (r) rules.push(r);
    }
    return new HelmIgnore(rules);
  }

  /** Whether a chart-relative path is ignored; the last matching rule decides, as in Helm. */
  ignored(path: string, isDir: boolean): boolean {
    if (path === '.' || path === './') return false;
    let out = false;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      const target = r.path ? path : path.split('/').pop()!;
      if (r.pattern.test(target)) out = !r.negate;
    }
    return out;
  }
}

function rule(line: string): Rule | undefined {
  if (!line || line.startsWith('#')) return undefined;
  let p = line;
  let negate = false;
  if (p.startsWith('!')) {
    negate = true;
    p = p.slice(1);
  }
  if (p.includes('**')) return undefined; // Helm rejects `**`; skip the line rather than fail the chart
  let dirOnly = false;
  if (p.endsWith('/')) {
    dirOnly = true;
    p = p.slice(0, -1);
  }
  // A leading `/` anchors the pattern at the chart root (matched against the whole path).
  const anchored = p.startsWith('/');
  p = p.replace(/^\//, '');
  const path = anchored || p.includes('/');
  return { pattern: new RegExp(`^${goMatchToRegex(p)}$`), negate, dirOnly, path };
}

/** Go's filepath.Match syntax as a regular expression (`*` and `?` do not cross `/`). */
export function goMatchToRegex(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = p.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let cls = p.slice(i + 1, end);
      if (cls.startsWith('^') || cls.startsWith('!')) cls = '^' + cls.slice(1);
      out += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < p.length) out += '\\' + p[++i];
    else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return out;
}
