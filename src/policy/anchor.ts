/**
 * Kyverno anchors on pattern keys: `(key)` condition, `<(key)` global, `=(key)` equality,
 * `^(key)` existence, `X(key)` negation, `+(key)` add-if-not-present (mutate only).
 */

export type AnchorType = 'condition' | 'global' | 'equality' | 'existence' | 'negation' | 'addIfNotPresent';

export interface Anchor {
  type: AnchorType;
  key: string;
}

const MODIFIERS: Record<string, AnchorType> = {
  '': 'condition',
  '<': 'global',
  '=': 'equality',
  '^': 'existence',
  X: 'negation',
  '+': 'addIfNotPresent',
};

const RE = /^([+<=X^])?\((.+)\)$/s;

/** Parses an anchored key; undefined for plain keys. */
export function parseAnchor(key: string): Anchor | undefined {
  const m = RE.exec(key);
  if (!m) return undefined;
  return { type: MODIFIERS[m[1] ?? ''], key: m[2] };
}

const PREFIX: Record<AnchorType, string> = { condition: '', global: '<', equality: '=', existence: '^', negation: 'X', addIfNotPresent: '+' };

export const anchorString = (a: Anchor): string => `${PREFIX[a.type]}(${a.key})`;

export const isAnchor = (key: string, ...types: AnchorType[]): boolean => {
  const a = parseAnchor(key);
  return a !== undefined && (types.length === 0 || types.includes(a.type));
};
