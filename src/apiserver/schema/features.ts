/**
 * Schema features Marina does not enforce, found statically so the caller can warn once (at CRD
 * registration) instead of silently accepting what upstream would reject.
 */
import type { SchemaNode } from './node.ts';

export interface UnsupportedFeature {
  feature: 'x-kubernetes-validations';
  /** Data path of the node, `[*]` for any list item or map value: `spec.rules[*].match`. */
  path: string;
  /** The CEL rules found there. */
  rules: string[];
}

export function unsupportedSchemaFeatures(schema: SchemaNode): UnsupportedFeature[] {
  const out: UnsupportedFeature[] = [];
  const seen = new Set<SchemaNode>(); // swagger graphs are cyclic
  const visit = (s: SchemaNode | undefined, path: string) => {
    if (!s || typeof s !== 'object' || seen.has(s)) return;
    seen.add(s);
    const rules = s['x-kubernetes-validations'];
    if (Array.isArray(rules) && rules.length) out.push({ feature: 'x-kubernetes-validations', path: path || '.', rules: rules.map((r) => r.rule) });
    for (const [k, p] of Object.entries(s.properties ?? {})) visit(p, path ? `${path}.${k}` : k);
    visit(s.items, `${path}[*]`);
    if (typeof s.additionalProperties === 'object') visit(s.additionalProperties, `${path}[*]`);
    for (const j of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) visit(j, path);
  };
  visit(schema, '');
  return out;
}
