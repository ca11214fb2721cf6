/** The ApplicationSet shapes Marina reads (argoproj.io/v1alpha1, as Argo CD's types.go), and what generators produce. */
import type { KObject } from '../../apiserver/types.ts';

/** One set of template parameters: flat strings (fasttemplate) or nested values (goTemplate). */
export type Params = Record<string, unknown>;

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

export interface AppTemplate {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec?: Record<string, unknown>;
}

export interface Generator {
  list?: { elements?: Array<Record<string, unknown>>; elementsYaml?: string; template?: AppTemplate };
  clusters?: { selector?: LabelSelector; values?: Record<string, string>; template?: AppTemplate; flatList?: boolean };
  git?: {
    repoURL: string;
    revision?: string;
    directories?: Array<{ path: string; exclude?: boolean }>;
    files?: Array<{ path: string; exclude?: boolean }>;
    pathParamPrefix?: string;
    values?: Record<string, string>;
    template?: AppTemplate;
    requeueAfterSeconds?: number;
  };
  matrix?: { generators: Generator[]; template?: AppTemplate };
  merge?: { generators: Generator[]; mergeKeys: string[]; template?: AppTemplate };
  selector?: LabelSelector;
  [other: string]: unknown;
}

export interface AppSetSpec {
  goTemplate?: boolean;
  goTemplateOptions?: string[];
  generators?: Generator[];
  template?: AppTemplate;
  templatePatch?: string;
  syncPolicy?: { preserveResourcesOnDeletion?: boolean; applicationsSync?: 'create-only' | 'create-update' | 'create-delete' | 'sync' };
  strategy?: { type?: string };
  preservedFields?: { annotations?: string[]; labels?: string[] };
  ignoreApplicationDifferences?: unknown[];
}

/** What a git generator needs from a repository at a revision: its directories and files (paths relative to the root). */
export interface GitTree {
  directories(): Promise<string[]>;
  files(): Promise<string[]>;
  read(path: string): Promise<string>;
}

/** The collaborators generators reach out to, injected (tests pass tables; the controller passes the tenant and Git). */
export interface GeneratorContext {
  /** The tenant's Argo CD cluster secrets (argocd.argoproj.io/secret-type: cluster). */
  clusterSecrets: KObject[];
  /** A repository at a revision (`revision` empty → HEAD). */
  git(repoURL: string, revision: string): Promise<GitTree>;
}

export class GeneratorError extends Error {}
