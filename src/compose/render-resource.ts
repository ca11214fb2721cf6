/** Rendering one composed resource template: base, patches into it, metadata, name, readiness, details. */
import { ComposeError, wrap } from './errors.ts';
import { extractConnectionDetails, type ConnectionDetails } from './connection.ts';
import { getValue } from './fieldpath.ts';
import { mergeValues } from './merge.ts';
import { nameComposed, renderComposedMetadata } from './metadata.ts';
import { applyPatches, patchesComposed, patchTypeOf, patchTypes, type PatchObjects } from './patches.ts';
import { isReady } from './ready.ts';

type Obj = Record<string, any>;

export interface Template {
  name?: string;
  base?: Obj;
  patches: Obj[];
  readinessChecks?: Obj[];
  connectionDetails?: Obj[];
}

export interface RenderContext {
  mode: 'Resources' | 'Pipeline';
  observedComposite: Obj; // patches from the composite read this
  desiredComposite: Obj; // patches to the composite write this
  environment?: Obj;
  observed: Record<string, Obj>;
  observedConnectionDetails: Record<string, ConnectionDetails>;
  names?: (prefix: string) => string;
}

export interface StatusPatch {
  resource: string;
  fieldPath: string;
  value: unknown;
}

export interface RenderedResource {
  name: string;
  resource?: Obj; // absent when a patch into it failed: Crossplane does not apply half-rendered resources
  ready: boolean;
  connectionDetails: ConnectionDetails;
  statusPatches: StatusPatch[];
  error?: ComposeError;
  /** `render` failures skip the resource this time; `observe` failures (a required patch to the composite) fail the reconcile. */
  phase?: 'render' | 'observe';
}

const label = (t: Template, i: number) => t.name ?? `resource ${i + 1}`;

/** The base with any existing name and namespace restored, as `RenderFromJSON` does (a base's own name is dropped). */
function fromBase(t: Template, observed: Obj | undefined, previous: Obj | undefined, name: string): Obj {
  if (!t.base) {
    if (previous) return structuredClone(previous);
    throw new ComposeError('InvalidComposition', `resource ${JSON.stringify(name)} has no base template`);
  }
  const cd = structuredClone(t.base);
  const meta = (cd.metadata ??= {});
  delete meta.name;
  delete meta.namespace;
  if (observed?.metadata?.name) meta.name = observed.metadata.name;
  if (observed?.metadata?.namespace) meta.namespace = observed.metadata.namespace;
  return cd;
}

/** The patches to the composite, recording the values they wrote. */
function patchComposite(t: Template, source: Obj, ctx: RenderContext, name: string): StatusPatch[] {
  const out: StatusPatch[] = [];
  const outward = (p: Obj) => !patchesComposed(p);
  const objs: PatchObjects = { composite: ctx.desiredComposite, composed: source, environment: ctx.environment };
  applyPatches(t.patches, objs, name, outward);
  for (const p of t.patches.filter(outward)) {
    const path = p.toFieldPath || p.fromFieldPath;
    if (patchTypes[patchTypeOf(p)]?.to !== 'composite' || !path || path.includes('[*]')) continue;
    try {
      out.push({ resource: name, fieldPath: path, value: structuredClone(getValue(ctx.desiredComposite, path)) });
    } catch {
      // an optional patch whose source was absent wrote nothing
    }
  }
  return out;
}

export function renderTemplate(t: Template, index: number, ctx: RenderContext, previous?: Obj): RenderedResource {
  const name = label(t, index);
  const observed = ctx.observed[name];
  const result: RenderedResource = { name, ready: false, connectionDetails: {}, statusPatches: [] };
  let cd: Obj;
  try {
    cd = fromBase(t, observed, previous, name);
    const objs: PatchObjects = { composite: ctx.observedComposite, composed: cd, environment: ctx.environment };
    applyPatches(t.patches, objs, name, patchesComposed);
    renderComposedMetadata(cd, ctx.desiredComposite, t.name);
    nameComposed(cd, ctx.desiredComposite, observed, ctx.names);
    result.resource = cd;
  } catch (err) {
    result.error = wrap(err, `cannot render composed resource ${JSON.stringify(name)}`);
    result.phase = 'render';
    return result;
  }
  // Classic Compositions patch the composite from the resource as just applied (the observed object with the
  // desired one applied over it); functions see only what was observed before this reconcile.
  const source = ctx.mode === 'Resources' ? (mergeValues(observed ?? null, cd, {}) as Obj) : observed;
  if (!source) return result;
  try {
    result.statusPatches = patchComposite(t, source, ctx, name);
    result.connectionDetails = extractConnectionDetails(t.connectionDetails, source, ctx.observedConnectionDetails[name]);
    result.ready = observed ? isReady(observed, t.readinessChecks) : false;
  } catch (err) {
    result.error = wrap(err, `cannot observe composed resource ${JSON.stringify(name)}`);
    result.phase = 'observe';
  }
  return result;
}
