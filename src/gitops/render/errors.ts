/** Typed rendering errors; the controller turns them into a ComparisonError condition with the message. */

export type RenderErrorReason =
  | 'InvalidManifest' // a file that looks like a manifest but cannot be read as one
  | 'IllegalSymlink' // a symlink pointing outside the repository
  | 'ManifestTooLarge' // the files together exceed the configured limit
  | 'Unsupported' // a source type or feature Marina does not render yet (Jsonnet, plugins, OCI charts)
  | 'KubectlNotFound' // Kustomize needs kubectl and there is none
  | 'KustomizeFailed' // kubectl kustomize ran and failed
  | 'HelmTemplateFailed' // a chart failed to render (template, values or schema error)
  | 'HelmRepoFailed' // a chart could not be fetched from a Helm repository
  | 'Timeout'
  | 'InvalidSource'; // e.g. several source types set on one Application source

export class RenderError extends Error {
  constructor(
    readonly reason: RenderErrorReason,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'RenderError';
  }
}

export class KubectlNotFoundError extends RenderError {
  constructor(kubectlPath: string) {
    super('KubectlNotFound', `cannot render Kustomize: "${kubectlPath}" was not found (kubectl is needed for "kubectl kustomize")`);
    this.name = 'KubectlNotFoundError';
  }
}
