/** Rendering sources into objects: directories (pure parsing over read files), Kustomize (real kubectl), Helm (built-in `helm template`). */
export { globMatch } from './glob.ts';
export { KubectlNotFoundError, RenderError, type RenderErrorReason } from './errors.ts';
export { parseManifestFile } from './manifests.ts';
export { renderDirectory, type DirectoryOptions } from './directory.ts';
export { parseRendered, renderKustomize, type KustomizeOptions } from './kustomize.ts';
export { detectSourceType, explicitSourceType, KUSTOMIZATION_FILES, sourceTypeOf, type SourceType } from './source.ts';
export { HelmRepoCache, HelmRepoError, HelmTemplateError, isOciRepo, renderHelmChart, renderHelmDir, type FetchedChart, type HelmRenderContext, type HelmRepoCreds } from './helm/index.ts';
