/** Rendering sources into objects: directories (pure parsing over read files), Kustomize (real kubectl), Helm (not yet). */
export { globMatch } from './glob.ts';
export { HelmNotSupportedError, KubectlNotFoundError, RenderError, type RenderErrorReason } from './errors.ts';
export { parseManifestFile } from './manifests.ts';
export { renderDirectory, type DirectoryOptions } from './directory.ts';
export { parseRendered, renderKustomize, type KustomizeOptions } from './kustomize.ts';
export { detectSourceType, explicitSourceType, KUSTOMIZATION_FILES, renderHelm, sourceTypeOf, type SourceType } from './source.ts';
