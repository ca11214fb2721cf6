/**
 * Image references and the `images` context variable Kyverno fills for workloads
 * (`{{ images.containers.<name>.tag }}`), parsed the way Kyverno's ImageInfo does.
 */
import type { JsonObject } from './types.ts';

export interface ImageInfo {
  registry: string;
  name: string;
  path: string;
  tag: string;
  digest: string;
  reference: string;
  referenceWithTag: string;
}

export function parseImage(image: string, defaultRegistry = 'docker.io'): ImageInfo | undefined {
  if (!image || /\s/.test(image)) return undefined;
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  let registry = defaultRegistry;
  let path = rest;
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      path = rest.slice(slash + 1);
    }
  }
  if (!tag && !digest) tag = 'latest';
  const name = path.slice(path.lastIndexOf('/') + 1);
  const base = `${registry}/${path}`;
  return {
    registry,
    name,
    path,
    tag,
    digest,
    reference: digest ? `${base}@${digest}` : `${base}:${tag}`,
    referenceWithTag: `${base}:${tag}`,
  };
}

function podSpecOf(resource: JsonObject): JsonObject | undefined {
  const spec = resource.spec as JsonObject | undefined;
  if (!spec) return undefined;
  if (resource.kind === 'Pod') return spec;
  if (resource.kind === 'CronJob') return ((spec.jobTemplate as JsonObject)?.spec as JsonObject)?.template ? (((spec.jobTemplate as JsonObject).spec as JsonObject).template as JsonObject).spec as JsonObject : undefined;
  return (spec.template as JsonObject | undefined)?.spec as JsonObject | undefined;
}

/** The `images` variable for a resource (empty object when it has no containers). */
export function imagesOf(resource: JsonObject | null | undefined): JsonObject {
  const out: JsonObject = {};
  if (!resource) return out;
  const spec = podSpecOf(resource);
  if (!spec) return out;
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    const group: JsonObject = {};
    for (const c of list as JsonObject[]) {
      const info = typeof c?.image === 'string' ? parseImage(c.image) : undefined;
      if (info && typeof c.name === 'string') group[c.name] = { ...info };
    }
    if (Object.keys(group).length > 0) out[field] = group;
  }
  return out;
}
