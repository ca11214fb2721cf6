/** Server-side Table output (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`). */
export type { PartialObjectMetadata, PrintedRow, Printer, PrinterColumn, Table, TableColumnDefinition, TableRow, TableRowCondition, ToTableOptions } from './types.ts';
export { toTable, printerForOptions } from './table.ts';
export { PRINTERS, printerFor } from './registry.ts';
export { crdPrinter, createdAtPrinter, DEFAULT_CRD_COLUMNS } from './printers/generic.ts';
export { evalJsonPath, parsePath, JsonPathError, type EvalOptions, type PathNode } from './jsonpath.ts';
export { humanDuration } from './duration.ts';
