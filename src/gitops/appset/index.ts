/** Argo CD-compatible ApplicationSets: generators and template rendering (pure) and their controller. */
export { ApplicationSetController, APPLICATIONSETS, APPSET_REFRESH_ANNOTATION, fsTree, usesGit, type AppSetControllerOptions } from './controller.ts';
export { AppSetError, duplicateNames, generateApplications, REASON, unsupportedFields } from './render.ts';
export { clusterParams, filterPaths, generate, gitParams, listParams, matrixParams, mergeParams, selectorMatches } from './generators.ts';
export { fastTemplate, flattenParams, mergePatch, mergeTemplates, normalizeName, renderApplication, renderDeep, renderString, slugify, RESOURCES_FINALIZER } from './template.ts';
export { appSetConditions, resourceStatuses, withTransitionTimes, type AppSetCondition } from './status.ts';
export type { AppSetSpec, AppTemplate, Generator, GeneratorContext, GitTree, Params } from './types.ts';
