/**
 * From an ApplicationSet to the Applications it wants (Argo CD's template.GenerateApplications): each generator's
 * parameter sets through the template (the generator's own template merged over the ApplicationSet's). Errors
 * carry Argo CD's condition reason. Pure but for the generators' injected collaborators.
 */
import type { KObject } from '../../apiserver/types.ts';
import { generate } from './generators.ts';
import { mergeTemplates, renderApplication } from './template.ts';
import type { AppSetSpec, AppTemplate, Generator, GeneratorContext } from './types.ts';

export class AppSetError extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}

export const REASON = {
  paramsError: 'ApplicationGenerationFromParamsError',
  renderError: 'RenderTemplateParamsError',
  validationError: 'ApplicationValidationError',
  updateError: 'UpdateApplicationError',
  createError: 'CreateApplicationError',
  deleteError: 'DeleteApplicationError',
} as const;

export async function generateApplications(appset: KObject, ctx: GeneratorContext): Promise<KObject[]> {
  const spec = (appset.spec ?? {}) as AppSetSpec;
  const unsupported = unsupportedFields(spec);
  if (unsupported) throw new AppSetError(REASON.validationError, unsupported);
  const apps: KObject[] = [];
  for (const g of spec.generators ?? []) {
    let params;
    try {
      params = await generate(g, ctx, !!spec.goTemplate);
    } catch (e) {
      throw new AppSetError(REASON.paramsError, (e as Error).message);
    }
    const own = ownTemplate(g);
    const template = mergeTemplates(spec.template, own);
    for (const p of params) {
      try {
        apps.push(renderApplication(spec, template, p, appset.metadata.namespace ?? 'argocd'));
      } catch (e) {
        throw new AppSetError(REASON.renderError, `error generating application from params: ${(e as Error).message}`);
      }
    }
  }
  return apps;
}

/** What Marina refuses to half-do, in a sentence naming the field (no silent fallback to other behaviour). */
export function unsupportedFields(spec: AppSetSpec): string | undefined {
  if (spec.strategy?.type && spec.strategy.type !== 'AllAtOnce') return `spec.strategy.type ${spec.strategy.type} is not supported by Marina yet (progressive syncs); remove spec.strategy or use AllAtOnce`;
  if (spec.ignoreApplicationDifferences?.length) return 'spec.ignoreApplicationDifferences is not supported by Marina yet';
  return undefined;
}

const ownTemplate = (g: Generator): AppTemplate | undefined => {
  for (const k of ['list', 'clusters', 'git', 'matrix', 'merge'] as const) if (g[k]) return (g[k] as { template?: AppTemplate }).template;
  return undefined;
};

/** Argo CD's duplicate-name check (validateGeneratedApplications), by index: the first of a name wins. */
export function duplicateNames(appsetName: string, apps: KObject[]): Map<number, string> {
  const seen = new Set<string>();
  const errors = new Map<number, string>();
  apps.forEach((a, i) => {
    const n = a.metadata.name ?? '';
    if (seen.has(n)) errors.set(i, `ApplicationSet ${appsetName} contains applications with duplicate name: ${n}`);
    seen.add(n);
  });
  return errors;
}
