/**
 * Go RE2 regular expressions run on JS RegExp. The syntaxes agree on what policies use; the few
 * differences (named groups `(?P<n>)`, leading inline flags, `$1`/`${name}` templates) are translated.
 */

export function goRegex(pattern: string, global = false): RegExp {
  let src = pattern.replace(/\(\?P</g, '(?<');
  let flags = global ? 'gu' : 'u';
  const inline = /^\(\?([imsU]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  try {
    return new RegExp(src, flags);
  } catch {
    // some RE2 escapes are not valid in unicode mode (e.g. `\-` outside classes)
    return new RegExp(src, flags.replace('u', ''));
  }
}

/** Expands a Go regexp replacement template ($1, ${1}, $name, ${name}, $$) for one match. */
export function expandGoTemplate(template: string, groups: (string | undefined)[], named: Record<string, string | undefined> | undefined): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '$') {
      out += ch;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    const braced = template[i + 1] === '{';
    if (braced) {
      const end = template.indexOf('}', i + 2);
      if (end < 0) {
        out += ch;
        continue;
      }
      name = template.slice(i + 2, end);
      i = end;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (!m) {
        out += ch;
        continue;
      }
      name = m[0];
      i += name.length;
    }
    if (/^[0-9]+$/.test(name)) out += groups[parseInt(name, 10)] ?? '';
    else out += named?.[name] ?? '';
  }
  return out;
}
