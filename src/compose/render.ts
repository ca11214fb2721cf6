/**
 * `renderComposition`: one pure reconcile of a composite against its Composition, in classic `resources`
 * mode or `mode: Pipeline` whose steps all run function-patch-and-transform in-process. The caller applies
 * `composed`, writes `composite` (status patched by ToComposite patches, with conditions), and renders
 * again with what it observed — exactly the loop Crossplane runs.
 */
import { ComposeError, wrap } from './errors.ts';
import { available, creating, Reasons, setConditions, someNames, synced, syncError, type Condition } from './conditions.ts';
import { filterConnectionDetails, type ConnectionDetails } from './connection.ts';
import { applyEnvironmentPatch, inlinePatchSets } from './patches.ts';
import { renderTemplate, type RenderContext, type RenderedResource, type StatusPatch, type Template } from './render-resource.ts';

type Obj = Record<string, any>;

export interface RenderInput {
  composite: Obj;
  composition: Obj;
  environment?: Obj;
  /** Observed composed resources by composition resource name (template `name`, or "resource N" if anonymous). */
  observed?: Record<string, Obj>;
  /** The connection secrets of observed composed resources, by composition resource name. */
  observedConnectionDetails?: Record<string, ConnectionDetails>;
  /** Names a composed resource from its generateName prefix; without it new resources keep only generateName. */
  names?: (prefix: string) => string;
  /** The XRD's `connectionSecretKeys`: when set, only these keys reach the composite's connection secret. */
  connectionSecretKeys?: string[];
}

export interface ComposedOutput {
  name: string;
  resource: Obj;
  ready: boolean;
}

export interface RenderResult {
  composed: ComposedOutput[];
  /** The composite after patches to it, with its Synced and Ready conditions. */
  composite: Obj;
  compositeStatusPatches: StatusPatch[];
  connectionDetails: ConnectionDetails;
  conditions: Condition[];
  errors: ComposeError[];
  environment?: Obj;
}

export const PatchAndTransformAPIVersion = 'pt.fn.crossplane.io/v1beta1';

function isPatchAndTransform(step: Obj): boolean {
  return step?.input?.apiVersion === PatchAndTransformAPIVersion && step?.input?.kind === 'Resources';
}

function templatesOf(patchSets: Obj[] | undefined, resources: Obj[] | undefined): Template[] {
  return (resources ?? []).map((r, i) => {
    try {
      return { ...r, patches: inlinePatchSets(patchSets, r.patches) } as Template;
    } catch (err) {
      throw wrap(err, `cannot inline patch sets of resource ${JSON.stringify(r.name ?? `resource ${i + 1}`)}`);
    }
  });
}

function runEnvironmentPatches(patches: Obj[] | undefined, ctx: RenderContext): void {
  if (!patches?.length) return;
  ctx.environment ??= {};
  patches.forEach((p, i) => {
    try {
      applyEnvironmentPatch(p, p.type === 'ToCompositeFieldPath' || p.type === 'FromEnvironmentFieldPath' || p.type === 'CombineToComposite' ? ctx.desiredComposite : ctx.observedComposite, ctx.environment!);
    } catch (err) {
      throw wrap(err, `cannot apply environment patch ${i}`, 'InvalidPatch');
    }
  });
}

/** Renders a list of templates into `desired` (keyed by resource name), later steps overriding earlier ones. */
function renderStep(templates: Template[], ctx: RenderContext, desired: Map<string, RenderedResource>): void {
  templates.forEach((t, i) => {
    const name = t.name ?? `resource ${i + 1}`;
    desired.set(name, renderTemplate(t, i, ctx, desired.get(name)?.resource));
  });
}

function unsupportedSteps(pipeline: Obj[]): string | undefined {
  const bad = pipeline.filter((s) => !isPatchAndTransform(s));
  if (bad.length === 0) return undefined;
  const what = bad.map((s) => `step ${JSON.stringify(s.step)} (function ${JSON.stringify(s.functionRef?.name)})`).join(', ');
  return `Composition pipeline ${what} cannot run: Marina runs only function-patch-and-transform (input ${PatchAndTransformAPIVersion} Resources) in-process`;
}

function finish(input: RenderInput, ctx: RenderContext, desired: Map<string, RenderedResource>): RenderResult {
  const results = [...desired.values()];
  const errors = results.flatMap((r) => (r.error ? [r.error] : []));
  const terminal = results.find((r) => r.phase === 'observe');
  const unready = results.filter((r) => !r.ready).map((r) => r.name);
  let details: ConnectionDetails = {};
  for (const r of results) details = { ...details, ...r.connectionDetails };
  const conditions: Condition[] = [
    terminal ? syncError(Reasons.ReconcileError, terminal.error!.message) : synced(),
    unready.length ? creating(`Unready resources: ${someNames(unready)}`) : available(),
  ];
  const composite = ctx.desiredComposite;
  composite.status = { ...(composite.status ?? {}), conditions: setConditions(composite.status?.conditions, ...conditions) };
  return {
    composed: results.flatMap((r) => (r.resource ? [{ name: r.name, resource: r.resource, ready: r.ready }] : [])),
    composite,
    compositeStatusPatches: results.flatMap((r) => r.statusPatches),
    connectionDetails: filterConnectionDetails(details, input.connectionSecretKeys),
    conditions,
    errors,
    ...(ctx.environment ? { environment: ctx.environment } : {}),
  };
}

function failed(input: RenderInput, reason: string, err: ComposeError): RenderResult {
  const composite = structuredClone(input.composite);
  const conditions = [syncError(reason, err.message)];
  composite.status = { ...(composite.status ?? {}), conditions: setConditions(composite.status?.conditions, ...conditions) };
  return { composed: [], composite, compositeStatusPatches: [], connectionDetails: {}, conditions, errors: [err] };
}

export function renderComposition(input: RenderInput): RenderResult {
  const spec: Obj = input.composition?.spec ?? {};
  const ctx: RenderContext = {
    mode: spec.mode === 'Pipeline' ? 'Pipeline' : 'Resources',
    observedComposite: input.composite,
    desiredComposite: structuredClone(input.composite),
    environment: input.environment ? structuredClone(input.environment) : undefined,
    observed: input.observed ?? {},
    observedConnectionDetails: input.observedConnectionDetails ?? {},
    names: input.names,
  };
  const desired = new Map<string, RenderedResource>();
  try {
    if (ctx.mode === 'Resources') {
      runEnvironmentPatches(spec.environment?.patches, ctx);
      renderStep(templatesOf(spec.patchSets, spec.resources), ctx, desired);
      return finish(input, ctx, desired);
    }
    const pipeline: Obj[] = spec.pipeline ?? [];
    const unsupported = unsupportedSteps(pipeline);
    if (unsupported) return failed(input, Reasons.UnsupportedFunction, new ComposeError('UnsupportedFunction', unsupported));
    for (const step of pipeline) {
      try {
        runEnvironmentPatches(step.input.environment?.patches, ctx);
        renderStep(templatesOf(step.input.patchSets, step.input.resources), ctx, desired);
      } catch (err) {
        throw wrap(err, `cannot run pipeline step ${JSON.stringify(step.step)}`);
      }
    }
    return finish(input, ctx, desired);
  } catch (err) {
    return failed(input, Reasons.ReconcileError, wrap(err, 'cannot compose resources'));
  }
}
