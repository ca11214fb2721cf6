/**
 * Kyverno's wildcard matching (pkg/utils/wildcard): `*` matches any run of characters,
 * `?` exactly one. Used by patterns, match names/namespaces, In operators and pattern_match().
 */

const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    let src = '';
    for (const ch of pattern) {
      if (ch === '*') src += '[\\s\\S]*';
      else if (ch === '?') src += '[\\s\\S]';
      else src += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`, 'u');
    // a bounded cache: policies repeat the same few patterns on every request
    if (cache.size > 5000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** True when `value` matches the wildcard `pattern`. */
export function wildcardMatch(pattern: string, value: string): boolean {
  if (pattern === value) return true;
  if (!containsWildcard(pattern)) return false;
  return compile(pattern).test(value);
}

export const containsWildcard = (s: string): boolean => s.includes('*') || s.includes('?');
