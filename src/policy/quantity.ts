/**
 * Kubernetes resource quantities (`500m`, `1Gi`, `2e3`), parsed to numbers for comparison and
 * formatted back in the canonical form Kubernetes prints, since Kyverno's arithmetic returns strings.
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

export interface Quantity {
  value: number;
  format: QuantityFormat;
}

const RE = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

/** Parses a quantity as resource.ParseQuantity would; undefined when the string is not one. */
export function parseQuantity(s: string): Quantity | undefined {
  const m = RE.exec(s.trim());
  if (!m || s.trim() !== s) return undefined;
  const num = parseFloat(m[1]);
  const suffix = m[2] ?? '';
  if (suffix in BINARY) return { value: num * BINARY[suffix], format: 'BinarySI' };
  if (suffix in DECIMAL) return { value: num * 10 ** DECIMAL[suffix], format: 'DecimalSI' };
  return { value: num * 10 ** parseInt(suffix.slice(1), 10), format: 'DecimalExponent' };
}

export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const eps = Math.max(Math.abs(a.value), Math.abs(b.value)) * 1e-12;
  if (Math.abs(a.value - b.value) <= eps) return 0;
  return a.value < b.value ? -1 : 1;
}

const isWhole = (v: number) => Math.abs(v - Math.round(v)) < 1e-9 * Math.max(1, Math.abs(v));

function formatDecimal(value: number, exponentStyle: boolean): string {
  if (value === 0) return '0';
  // pick the largest power of 1000 that keeps the mantissa whole, as Kubernetes canonicalises
  for (let exp = 18; exp >= -9; exp -= 3) {
    const mant = value / 10 ** exp;
    if (isWhole(mant) && Math.abs(Math.round(mant)) >= 1) {
      const suffix = exponentStyle ? (exp === 0 ? '' : `e${exp}`) : Object.keys(DECIMAL).find((k) => DECIMAL[k] === exp)!;
      return `${Math.round(mant)}${suffix}`;
    }
  }
  // smaller than a nano: Kubernetes rounds up to 1n
  return value > 0 ? '1n' : '-1n';
}

/** Formats a quantity in canonical form (resource.Quantity.String()). */
export function formatQuantity(q: Quantity): string {
  if (q.format === 'BinarySI' && isWhole(q.value) && Math.abs(q.value) >= 1024) {
    const v = Math.round(q.value);
    for (const [suffix, mul] of Object.entries(BINARY).reverse()) {
      if (v % mul === 0) return `${v / mul}${suffix}`;
    }
  }
  if (q.format === 'BinarySI' && isWhole(q.value)) return `${Math.round(q.value)}`;
  return formatDecimal(q.value, q.format === 'DecimalExponent');
}
