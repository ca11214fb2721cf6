/** Renders objects as a meta.k8s.io/v1 Table, the way the API server answers `as=Table`. */
import { clone } from '../types.ts';
import type { KObject } from '../types.ts';
import { crdPrinter } from './printers/generic.ts';
import { printerFor } from './registry.ts';
import type { Printer, Table, TableRow, ToTableOptions } from './types.ts';

/** CRD columns win; then a built-in printer; then NAME AGE, what a CRD without columns shows. */
export function printerForOptions(opts: Pick<ToTableOptions, 'group' | 'kind' | 'columns'>): Printer {
  if (opts.columns) return crdPrinter(opts.columns);
  return printerFor(opts.group, opts.kind) ?? crdPrinter();
}

function rowObject(obj: KObject, include: ToTableOptions['includeObject']): TableRow['object'] {
  switch (include) {
    case 'None':
      return null;
    case 'Object':
      return clone(obj);
    default:
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: clone(obj.metadata) };
  }
}

export function toTable(items: KObject[], opts: ToTableOptions): Table {
  const printer = printerForOptions(opts);
  const rows = items.map((obj): TableRow => {
    const printed = printer.print(obj, opts.now);
    const row: TableRow = { cells: printed.cells, object: rowObject(obj, opts.includeObject) };
    if (printed.conditions) row.conditions = printed.conditions;
    return row;
  });
  const metadata: Table['metadata'] = {};
  const lm = opts.listMeta;
  if (lm?.resourceVersion) metadata.resourceVersion = lm.resourceVersion;
  if (lm?.continue) metadata.continue = lm.continue;
  if (lm?.remainingItemCount !== undefined) metadata.remainingItemCount = lm.remainingItemCount;
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: clone(printer.columns), rows };
}
