/**
 * Printers that are not per kind: the API server's default table convertor (NAME, CREATED AT) used
 * by kinds without a printer such as Role, ClusterRole, LimitRange and CRDs, and the CRD convertor
 * driven by additionalPrinterColumns (NAME AGE when a CRD declares none).
 */
import { CREATION_TIMESTAMP_DESCRIPTION, col, nameCol } from '../columns.ts';
import { humanDuration, parseTime, rfc3339 } from '../duration.ts';
import { evalJsonPath, parsePath, type PathNode } from '../jsonpath.ts';
import type { Printer, PrinterColumn } from '../types.ts';

export const createdAtPrinter: Printer = {
  columns: [nameCol(), col('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION)],
  print: (o) => ({ cells: [o.metadata.name ?? '', rfc3339(o.metadata.creationTimestamp)] }),
};

/** What apiextensions defaults additionalPrinterColumns to. */
export const DEFAULT_CRD_COLUMNS: PrinterColumn[] = [{ name: 'Age', type: 'date', description: CREATION_TIMESTAMP_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' }];

/** Go's %v for a float64: shortest repr, exponent form below 1e-4 or from 1e21. */
function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const exp = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [m, e] = n.toExponential().split('e') as [string, string];
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${m}e${sign}${digits}`;
  }
  return String(n);
}

/** json.Marshal as Go writes it: sorted map keys and HTML-safe escapes. */
function goJSON(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sort) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])])) : x;
  return JSON.stringify(sort(v)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** String columns get the value as jsonpath's text printer writes it. */
function printText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return goJSON(v);
  if (typeof v === 'number') return goFloat(v);
  return String(v);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** cellForJSONValue: typed cells; a value of the wrong type prints as null. */
function typedCell(type: string, v: unknown, now: Date): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'string':
      return typeof v === 'string' ? v : null;
    case 'date': {
      if (typeof v !== 'string') return null;
      if (v === '') return '<unknown>'; // a zero metav1.Time
      if (!RFC3339.test(v)) return '<invalid>';
      const t = parseTime(v);
      return t === undefined ? '<invalid>' : humanDuration(now.getTime() - t);
    }
    default:
      return null;
  }
}

/** A printer for a CRD version's columns; a column whose path does not parse prints null. */
export function crdPrinter(columns: PrinterColumn[] = []): Printer {
  const cols = columns.length ? columns : DEFAULT_CRD_COLUMNS;
  const paths: (PathNode[] | undefined)[] = cols.map((c) => {
    try {
      return parsePath(c.jsonPath);
    } catch {
      return undefined;
    }
  });
  return {
    columns: [
      nameCol(),
      ...cols.map((c) => col(c.name, c.type, c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`, c.priority ?? 0, c.format ?? '')),
    ],
    print(o, now) {
      const cells: unknown[] = [o.metadata.name ?? ''];
      cols.forEach((c, i) => {
        let results: unknown[] = [];
        try {
          results = paths[i] ? evalJsonPath(o, paths[i]!) : [];
        } catch {
          results = [];
        }
        // Upstream assumes simple paths and only ever shows the first result.
        if (!results.length) cells.push(null);
        else cells.push(c.type === 'string' ? printText(results[0]) : typedCell(c.type, results[0], now));
      });
      return { cells };
    },
  };
}

