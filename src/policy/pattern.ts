/**
 * Matching one resource value against one pattern value (Kyverno's pkg/engine/pattern): wildcards,
 * `|` alternatives, `&` conjunctions, `!`, `<`, `>`, `<=`, `>=`, ranges `1-10` / `1!-10`, and
 * durations and quantities compared by magnitude. One function per pattern type, in a table.
 */
import { parseDuration } from './duration.ts';
import { compareQuantities, parseQuantity } from './quantity.ts';
import { wildcardMatch } from './wildcard.ts';

type Op = '' | '>=' | '<=' | '!' | '>' | '<' | '-' | '!-';

const IN_RANGE = /^([-|+]?\d+(?:\.\d+)?[A-Za-z]*)-([-|+]?\d+(?:\.\d+)?[A-Za-z]*)$/;
const NOT_IN_RANGE = /^([-|+]?\d+(?:\.\d+)?[A-Za-z]*)!-([-|+]?\d+(?:\.\d+)?[A-Za-z]*)$/;

export function operatorOf(pattern: string): Op {
  if (pattern.length < 2) return '';
  for (const op of ['>=', '<=', '>', '<', '!'] as const) if (pattern.startsWith(op)) return op;
  if (NOT_IN_RANGE.test(pattern)) return '!-';
  if (IN_RANGE.test(pattern)) return '-';
  return '';
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's strconv.ParseFloat: the whole string must be a number. */
function parseGoFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && !/^[+-]?(inf|infinity|nan)$/i.test(s)) return undefined;
  return Number(s.toLowerCase().replace('infinity', 'Infinity').replace(/^([+-]?)inf$/, '$1Infinity'));
}

/** How Kyverno turns a resource number into text before parsing durations and quantities. */
function numberToString(v: unknown): string | undefined {
  if (v === null || v === undefined) return '0';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(6);
  return undefined;
}

function compare(result: number, op: Op): boolean | undefined {
  switch (op) {
    case '':
      return result === 0;
    case '!':
      return result !== 0;
    case '>':
      return result > 0;
    case '<':
      return result < 0;
    case '>=':
      return result >= 0;
    case '<=':
      return result <= 0;
  }
  return undefined;
}

function compareDuration(value: unknown, pattern: string, op: Op): boolean | undefined {
  const p = parseDuration(pattern);
  const text = numberToString(value);
  const v = text === undefined ? undefined : parseDuration(text);
  if (p === undefined || v === undefined) return undefined;
  return compare(Math.sign(v - p), op);
}

function compareQuantity(value: unknown, pattern: string, op: Op): boolean | undefined {
  const p = parseQuantity(pattern);
  const text = numberToString(value);
  const v = text === undefined ? undefined : parseQuantity(text);
  if (!p || !v) return undefined;
  return compare(compareQuantities(v, p), op);
}

/** Go's FormatFloat(v, 'E', -1, 64): 3.5 -> "3.5E+00". */
function formatE(v: number): string {
  const [mant, exp] = v.toExponential().split('e');
  const e = parseInt(exp, 10);
  return `${mant}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function compareString(value: unknown, pattern: string, op: Op): boolean {
  if (op !== '' && op !== '!') return false;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') text = Number.isInteger(value) ? String(value) : formatE(value);
  else if (typeof value === 'boolean') text = String(value);
  else return false;
  const matched = wildcardMatch(pattern, text);
  return op === '!' ? !matched : matched;
}

function validateStringPattern(value: unknown, pattern: string): boolean {
  const op = operatorOf(pattern);
  if (op === '-') {
    const [, l, r] = IN_RANGE.exec(pattern)!;
    return validateStringPattern(value, `>= ${l}`) && validateStringPattern(value, `<= ${r}`);
  }
  if (op === '!-') {
    const [, l, r] = NOT_IN_RANGE.exec(pattern)!;
    return validateStringPattern(value, `< ${l}`) || validateStringPattern(value, `> ${r}`);
  }
  const rest = pattern.slice(op.length).trim();
  return compareDuration(value, rest, op) ?? compareQuantity(value, rest, op) ?? compareString(value, rest, op);
}

function validateString(value: unknown, pattern: string): boolean {
  if (value === pattern) return true;
  return pattern.split('|').some((alt) =>
    alt
      .trim()
      .split('&')
      .every((cond) => validateStringPattern(value, cond.trim())),
  );
}

function validateNumber(value: unknown, pattern: number): boolean {
  if (typeof value === 'number') return value === pattern;
  if (typeof value === 'string') return parseGoFloat(value) === pattern;
  return false;
}

function validateNil(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return value === 0;
  if (typeof value === 'string') return value === '';
  if (typeof value === 'boolean') return !value;
  return false;
}

/** True when a scalar resource value satisfies a scalar (or map, for existence) pattern value. */
export function matchValue(value: unknown, pattern: unknown): boolean {
  if (pattern === null || pattern === undefined) return validateNil(value);
  switch (typeof pattern) {
    case 'boolean':
      return typeof value === 'boolean' && value === pattern;
    case 'number':
      return validateNumber(value, pattern);
    case 'string':
      return validateString(value, pattern);
  }
  if (Array.isArray(pattern)) return false; // arrays are not supported as value patterns
  return isMap(value);
}
