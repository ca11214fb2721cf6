/** meta.k8s.io/v1 Table shapes and the options toTable takes. */
import type { KObject, ObjectMeta } from '../types.ts';

export type ColumnType = 'integer' | 'number' | 'string' | 'boolean' | 'date';

export interface TableColumnDefinition {
  name: string;
  type: ColumnType | string;
  format: string;
  description: string;
  /** 0 for default columns; 1 and up for `-o wide` only. */
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object: KObject | PartialObjectMetadata | null;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** apiextensions.k8s.io/v1 CustomResourceColumnDefinition. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface ToTableOptions {
  group: string;
  resource: string;
  kind: string;
  /** A CRD version's additionalPrinterColumns; when set they replace any built-in printer. */
  columns?: PrinterColumn[];
  includeObject: 'None' | 'Metadata' | 'Object';
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  /** The clock, injected so output is deterministic. */
  now: Date;
}

/** What one kind's printer yields per object. */
export interface PrintedRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}

export interface Printer {
  columns: TableColumnDefinition[];
  print(obj: KObject, now: Date): PrintedRow;
}
