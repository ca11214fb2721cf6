/** Helm chart rendering without a Helm binary (`helm template` semantics), and Helm chart repositories. */
export { loadChartArchive, loadChartDir, loadChartFiles, ChartLoadError, type Chart, type ChartFile } from './chart.ts';
export { renderHelmChart, renderHelmDir, DEFAULT_API_VERSIONS, DEFAULT_KUBE_VERSION, type HelmRenderContext, type HelmSourceSpec } from './argo.ts';
export { HelmTemplateError, renderTemplates } from './engine.ts';
export { HelmRepoCache, HelmRepoError, isOciRepo, pickVersion, type FetchedChart, type HelmRepoCreds } from './repo.ts';
export { manifestsToObjects, templateChart, type Manifest, type TemplateOptions } from './template.ts';
export { parseSet, coalesceValues, mergeValues } from './values.ts';
export { tarGz, untarGz } from './tar.ts';
