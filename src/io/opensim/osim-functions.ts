/**
 * Reading OpenSim Function elements (Constant, LinearFunction, SimmSpline,
 * NaturalCubicSpline, PiecewiseLinearFunction, MultiplierFunction) into OsimFunction.
 *
 * A function-valued property is written two ways:
 * - 3.x and older: a wrapper named after the property holding the function,
 *   `<function><LinearFunction>...</LinearFunction></function>`;
 * - 4.x: the function element itself, named after the property,
 *   `<LinearFunction name="function">...</LinearFunction>`.
 * functionProperty() accepts both. Function types kinechain does not evaluate
 * (GCVSpline, PolynomialFunction, StepFunction, Sine, ...) come back as
 * { type: 'unsupported' } with their element and line; the importer rejects them.
 */
import { childElement, type XmlElement } from '../xml/xml-element.js';
import { childNumber, malformedElement, readNumbers, requireChild } from '../xml/xml-values.js';
import type { OsimFunction } from './osim-model.js';

/** Element names of OpenSim Function classes (any of them may appear as a property value). */
const FUNCTION_ELEMENTS = new Set([
  'Constant',
  'LinearFunction',
  'SimmSpline',
  'NaturalCubicSpline',
  'PiecewiseLinearFunction',
  'MultiplierFunction',
  'GCVSpline',
  'PolynomialFunction',
  'StepFunction',
  'Sine',
  'PiecewiseConstantFunction',
  'MultivariatePolynomialFunction',
  'FunctionSet',
  'ExpressionBasedFunction',
]);

export function isFunctionElement(element: XmlElement): boolean {
  return FUNCTION_ELEMENTS.has(element.name);
}

/**
 * The function held by property `property` of `container`, or null when the property
 * is absent or empty.
 */
export function functionProperty(container: XmlElement, property: string): OsimFunction | null {
  const wrapper = childElement(container, property);
  if (wrapper) {
    const inner = wrapper.children[0];
    if (!inner) return null;
    if (wrapper.children.length > 1) {
      throw malformedElement(wrapper, `<${property}> must hold one function, found ${wrapper.children.length} elements`);
    }
    return readFunction(inner);
  }
  const named = container.children.find((child) => isFunctionElement(child) && child.attributes.name === property);
  return named ? readFunction(named) : null;
}

function knots(element: XmlElement): { x: number[]; y: number[] } {
  const x = readNumbers(requireChild(element, 'x'), undefined, `<x> of <${element.name}>`);
  const y = readNumbers(requireChild(element, 'y'), undefined, `<y> of <${element.name}>`);
  [...x, ...y].forEach((value) => {
    if (!Number.isFinite(value)) throw malformedElement(element, `knot values must be finite, got ${value}`);
  });
  if (x.length !== y.length) {
    throw malformedElement(element, `has ${x.length} x values but ${y.length} y values; give one y per x`);
  }
  if (x.length < 1) throw malformedElement(element, 'has no knots');
  return { x, y };
}

/** Reads the function element `element` itself (e.g. a <SimmSpline>). */
export function readFunction(element: XmlElement): OsimFunction {
  const source = { element: element.name, name: element.attributes.name ?? '', line: element.line };
  switch (element.name) {
    case 'Constant':
      return { ...source, type: 'Constant', value: childNumber(element, 'value', 0) };
    case 'LinearFunction': {
      const coefficients = childElement(element, 'coefficients');
      const [slope, intercept] = coefficients ? readNumbers(coefficients, 2, '<coefficients> (slope, intercept)') : [1, 0];
      if (!Number.isFinite(slope) || !Number.isFinite(intercept)) {
        throw malformedElement(element, `coefficients must be finite, got ${slope} ${intercept}`);
      }
      return { ...source, type: 'LinearFunction', slope, intercept };
    }
    case 'SimmSpline':
    case 'NaturalCubicSpline':
    case 'PiecewiseLinearFunction':
      return { ...source, type: element.name, ...knots(element) };
    case 'MultiplierFunction': {
      const inner = functionProperty(element, 'function');
      if (!inner) throw malformedElement(element, 'has no inner <function>');
      return { ...source, type: 'MultiplierFunction', scale: childNumber(element, 'scale', 1), inner };
    }
    default:
      return { ...source, type: 'unsupported' };
  }
}
