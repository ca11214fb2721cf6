/**
 * Kubernetes' canonical form of a resource quantity ("0.5" → "500m", "1024Mi" → "1Gi", "1000m" → "1"), as the
 * API server stores it. Desired manifests often spell quantities differently from what the server returns;
 * Argo CD hides that by round-tripping built-in types through their Go structs, we by canonicalizing.
 */

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = Object.fromEntries(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const SYNTAX = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** The canonical string, or undefined when `input` is not a quantity (then it is left alone). */
export function canonicalQuantity(input: string | number): string | undefined {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const m = SYNTAX.exec(text);
  if (!m) return undefined;
  const [, sign, digits, suffix = '', exp] = m;
  const [whole, frac = ''] = digits.split('.');
  // value = mant × 10^e10 × 2^e2, with an integer mantissa.
  let mant = BigInt((whole || '0') + frac);
  let e10 = -frac.length;
  let format: 'binary' | 'decimal' | 'exponent' = 'decimal';
  if (exp !== undefined) {
    e10 += Number(exp);
    format = 'exponent';
  } else if (suffix in BINARY) {
    format = 'binary';
    mant *= 1n << BigInt(BINARY[suffix]);
  } else e10 += DECIMAL[suffix];
  if (mant === 0n) return '0';
  const neg = sign === '-';
  if (format === 'binary') {
    const binary = asBinary(mant, e10);
    if (binary !== undefined) return (neg ? '-' : '') + binary;
    format = 'decimal';
  }
  return (neg ? '-' : '') + asDecimal(mant, e10, format === 'exponent');
}

/** Binary form when the value is a whole number of at least 1024 (else Kubernetes switches to decimal). */
function asBinary(mant: bigint, e10: number): string | undefined {
  let v = mant;
  if (e10 >= 0) v *= 10n ** BigInt(e10);
  else {
    const d = 10n ** BigInt(-e10);
    if (v % d !== 0n) return undefined;
    v /= d;
  }
  if (v < 1024n) return undefined;
  let i = 0;
  while (i < BINARY_SUFFIXES.length - 1 && v % 1024n === 0n) {
    v /= 1024n;
    i++;
  }
  return `${v}${BINARY_SUFFIXES[i]}`;
}

function asDecimal(mant: bigint, e10: number, exponent: boolean): string {
  while (mant % 10n === 0n) {
    mant /= 10n;
    e10++;
  }
  if (e10 < -9) {
    // Below nano Kubernetes rounds up to the next nano unit.
    const d = 10n ** BigInt(-9 - e10);
    mant = (mant + d - 1n) / d;
    e10 = -9;
  }
  // The largest multiple of 3 not above e10 keeps the mantissa whole.
  let e3 = Math.floor(e10 / 3) * 3;
  if (!exponent && e3 > 18) e3 = 18;
  const n = mant * 10n ** BigInt(e10 - e3);
  if (exponent) return e3 === 0 ? `${n}` : `${n}e${e3}`;
  return `${n}${DECIMAL_SUFFIX[e3]}`;
}
