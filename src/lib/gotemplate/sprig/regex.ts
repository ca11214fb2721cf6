/** Go RE2 patterns as JavaScript RegExps, and Go's regexp.Expand for replacement templates. */

const cache = new Map<string, RegExp>();

export function goRegExp(pattern: string, flags = ''): RegExp {
  const key = flags + '\0' + pattern;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let p = pattern;
  let f = flags + 'u';
  // Leading flag groups: (?i), (?s), (?m), (?is)...
  const m = /^\(\?([imsU]+)\)/.exec(p);
  if (m) {
    p = p.slice(m[0].length);
    for (const c of m[1]!) if (c !== 'U' && !f.includes(c)) f += c;
  }
  p = p.replace(/\(\?P</g, '(?<').replace(/\\A/g, '^').replace(/\\z/g, '$(?![\\s\\S])');
  let re: RegExp;
  try {
    re = new RegExp(p, f);
  } catch (e) {
    throw new Error(`error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, re);
  return re;
}

/** regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; `$1x` names group "1x" (empty). */
export function goExpand(template: string, match: unknown[]): string {
  const groups = (typeof match[match.length - 1] === 'object' ? match[match.length - 1] : undefined) as Record<string, string> | undefined;
  const numbered = match.slice(0, groups ? -3 : -2) as (string | undefined)[];
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (all, _x, braced, bare) => {
    if (all === '$$') return '$';
    const name = (braced ?? bare) as string;
    if (/^\d+$/.test(name)) return numbered[Number(name)] ?? '';
    return groups?.[name] ?? '';
  });
}
