/** What the API server knows about one served resource (built-in or from a CRD). */
import type { KObject } from './types.ts';

export interface SubresourceInfo {
  group: string;
  version: string;
  kind: string;
}

/** A CRD's additionalPrinterColumns entry; the table printers own its definition. */
export type { PrinterColumn } from './table/index.ts';
import type { PrinterColumn } from './table/index.ts';

export interface ResourceType {
  group: string;
  /** The version this entry is served at. */
  version: string;
  /** Every served version of the resource, preferred (storage) first. */
  versions: string[];
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: { status?: SubresourceInfo; scale?: SubresourceInfo & { specReplicasPath?: string; statusReplicasPath?: string; labelSelectorPath?: string }; token?: SubresourceInfo; kubeconfig?: SubresourceInfo };
  builtin: boolean;
  /** For custom resources: the CRD it comes from and its printer columns for this version. */
  crd?: KObject;
  printerColumns?: PrinterColumn[];
}

/** The storage resource string: `<group>/<plural>`. Every version of a resource shares it. */
export const storageResource = (t: { group: string; resource: string }) => `${t.group}/${t.resource}`;

export const apiVersionOfType = (t: { group: string; version: string }) => (t.group ? `${t.group}/${t.version}` : t.version);
