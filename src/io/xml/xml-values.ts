/**
 * Reading typed values out of XmlElements: numbers, number lists, 3-vectors, booleans
 * and names, each failing with KinechainError('MALFORMED_INPUT') that names the
 * element and its line (details: { file, line, element }).
 *
 * Numbers follow the conventions of scientific XML formats such as OpenSim's:
 * whitespace-separated decimal tokens, with "Inf", "-Inf", "+Inf" (any case) and
 * "Infinity" for unbounded values. NaN is rejected: a model value that is not a
 * number is an error, not data.
 */
import { KinechainError } from '../../core/errors.js';
import { childElement, describeElement, type XmlElement } from './xml-element.js';

/** MALFORMED_INPUT naming `element` and its line. */
export function malformedElement(element: XmlElement, problem: string): KinechainError {
  return new KinechainError('MALFORMED_INPUT', `${describeElement(element)}: ${problem}`, {
    file: element.fileName,
    line: element.line,
    element: element.name,
  });
}

const INFINITY_TOKEN = /^([+-]?)(inf|infinity)$/i;
const DECIMAL_TOKEN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** One numeric token, or undefined if it is not a number. */
export function parseNumberToken(token: string): number | undefined {
  if (DECIMAL_TOKEN.test(token)) return Number(token);
  const infinity = INFINITY_TOKEN.exec(token);
  if (infinity) return infinity[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** The element's own text, trimmed. */
export function readText(element: XmlElement): string {
  return element.text.trim();
}

/** Whitespace-separated tokens of the element's text (empty text gives []). */
export function readTokens(element: XmlElement): string[] {
  const text = readText(element);
  return text === '' ? [] : text.split(/\s+/);
}

/**
 * All numbers in the element's text. With `count`, exactly that many are required.
 * `what` describes the value for the message (defaults to the element name).
 */
export function readNumbers(element: XmlElement, count?: number, what?: string): number[] {
  const label = what ?? `<${element.name}>`;
  const values = readTokens(element).map((token) => {
    const value = parseNumberToken(token);
    if (value === undefined) throw malformedElement(element, `${label} has "${token}", which is not a number`);
    return value;
  });
  if (count !== undefined && values.length !== count) {
    throw malformedElement(
      element,
      `${label} needs ${count} number${count === 1 ? '' : 's'}, found ${values.length}${values.length > 0 ? ` (${values.join(' ')})` : ''}`,
    );
  }
  return values;
}

/** Exactly one number; infinite values are allowed only with `allowInfinite`. */
export function readNumber(element: XmlElement, what?: string, allowInfinite = false): number {
  const [value] = readNumbers(element, 1, what);
  if (!allowInfinite && !Number.isFinite(value)) {
    throw malformedElement(element, `${what ?? `<${element.name}>`} must be finite, got ${value}`);
  }
  return value;
}

/** Exactly three finite numbers. */
export function readVec3(element: XmlElement, what?: string): [number, number, number] {
  const values = readNumbers(element, 3, what);
  values.forEach((value) => {
    if (!Number.isFinite(value)) throw malformedElement(element, `${what ?? `<${element.name}>`} must be finite, got ${value}`);
  });
  return [values[0], values[1], values[2]];
}

/** "true"/"false" (any case; "1"/"0" too). */
export function readBoolean(element: XmlElement, what?: string): boolean {
  const text = readText(element).toLowerCase();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw malformedElement(element, `${what ?? `<${element.name}>`} must be true or false, got "${readText(element)}"`);
}

/** The child element called `name`, or MALFORMED_INPUT saying it is missing. */
export function requireChild(parent: XmlElement, name: string): XmlElement {
  const child = childElement(parent, name);
  if (!child) throw malformedElement(parent, `missing <${name}>`);
  return child;
}

/** Number in child `name`, or `fallback` when the child is absent. */
export function childNumber(parent: XmlElement, name: string, fallback: number, allowInfinite = false): number {
  const child = childElement(parent, name);
  return child ? readNumber(child, undefined, allowInfinite) : fallback;
}

/** Number in child `name`, or undefined when absent. */
export function optionalChildNumber(parent: XmlElement, name: string, allowInfinite = false): number | undefined {
  const child = childElement(parent, name);
  return child ? readNumber(child, undefined, allowInfinite) : undefined;
}

/** 3-vector in child `name`, or `fallback` when absent. */
export function childVec3(parent: XmlElement, name: string, fallback: [number, number, number]): [number, number, number] {
  const child = childElement(parent, name);
  return child ? readVec3(child) : [...fallback];
}

/** Boolean in child `name`, or `fallback` when absent. */
export function childBoolean(parent: XmlElement, name: string, fallback: boolean): boolean {
  const child = childElement(parent, name);
  return child ? readBoolean(child) : fallback;
}

/** Trimmed text of child `name`, or `fallback` when absent. */
export function childText(parent: XmlElement, name: string, fallback = ''): string {
  const child = childElement(parent, name);
  return child ? readText(child) : fallback;
}
