/**
 * OpenSim functions -> kinechain FunctionSpecs, their evaluation at import time, and
 * the exact composition g(s f(x)) used to fold a CoordinateCouplerConstraint's
 * dependent coordinate into its joint's transform axes.
 *
 * Composition is exact only in these cases (anything else returns null and the
 * importer reports the constraint as not representable):
 * - g constant: constant;
 * - g linear a x + b: a s f + b, i.e. f's values scaled and shifted (constant, linear,
 *   or a spline / piecewise-linear function with y' = a s y + b: every spline here is
 *   linear in its y values, end conditions and extrapolation included);
 * - g a spline or piecewise-linear function and f linear m x + k with m s != 0: g with
 *   knots x' = (x - s k) / (s m), reversed when s m < 0 (a cubic spline composed with an
 *   affine map is the spline of the mapped knots: natural and SimmSpline end conditions
 *   are invariant under it);
 * - g constant-argument: f constant c gives the constant g(s c);
 * - multipliers on either side are folded into the factors above.
 */
import { KinechainError } from '../../core/errors.js';
import { FunctionTableBuilder } from '../../core/math/function-table-builder.js';
import { evaluateFunction } from '../../core/math/functions.js';
import type { FunctionSpec } from '../../spec/schema.js';
import type { OsimFunction } from './osim-model.js';

function unsupportedFunction(fn: OsimFunction, fileName: string, what: string): KinechainError {
  const file = fileName !== '' ? ` of ${fileName}` : '';
  return new KinechainError(
    'UNSUPPORTED',
    `<${fn.element}> at line ${fn.line}${file} (${what}): kinechain supports Constant, LinearFunction, SimmSpline, ` +
      `NaturalCubicSpline, PiecewiseLinearFunction and MultiplierFunction`,
    { file: fileName, line: fn.line, element: fn.element },
  );
}

function malformedFunction(fn: OsimFunction, fileName: string, problem: string): KinechainError {
  const file = fileName !== '' ? ` of ${fileName}` : '';
  return new KinechainError('MALFORMED_INPUT', `<${fn.element}> at line ${fn.line}${file}: ${problem}`, {
    file: fileName,
    line: fn.line,
    element: fn.element,
  });
}

/** The FunctionSpec of an OpenSim function; UNSUPPORTED for function types kinechain lacks. */
export function mapFunction(fn: OsimFunction, fileName: string, what: string): FunctionSpec {
  switch (fn.type) {
    case 'Constant':
      return { type: 'constant', value: fn.value };
    case 'LinearFunction':
      return { type: 'linear', slope: fn.slope, intercept: fn.intercept };
    case 'SimmSpline':
    case 'NaturalCubicSpline':
    case 'PiecewiseLinearFunction': {
      if (fn.x.length < 2) throw malformedFunction(fn, fileName, `needs at least 2 knots, has ${fn.x.length}`);
      for (let i = 1; i < fn.x.length; i++) {
        if (!(fn.x[i] > fn.x[i - 1])) {
          throw malformedFunction(fn, fileName, `x values must increase strictly, but x[${i}] = ${fn.x[i]} follows ${fn.x[i - 1]}`);
        }
      }
      const type = fn.type === 'SimmSpline' ? 'simmSpline' : fn.type === 'NaturalCubicSpline' ? 'naturalCubicSpline' : 'piecewiseLinear';
      return { type, x: [...fn.x], y: [...fn.y] };
    }
    case 'MultiplierFunction':
      return { type: 'multiplier', scale: fn.scale, function: mapFunction(fn.inner, fileName, what) };
    default:
      throw unsupportedFunction(fn, fileName, what);
  }
}

/** [value, first derivative, second derivative] of `spec` at x (import time; allocates). */
export function evaluateFunctionSpec(spec: FunctionSpec, x: number): [number, number, number] {
  return functionEvaluator(spec)(x);
}

/**
 * evaluateFunctionSpec with the function's table built once, for a function evaluated at
 * many x (the same values as evaluateFunctionSpec).
 */
export function functionEvaluator(spec: FunctionSpec): (x: number) => [number, number, number] {
  const builder = new FunctionTableBuilder();
  const index = builder.add(spec, 'import-time evaluation');
  const table = builder.build();
  const out = [0, 0, 0];
  return (x) => {
    evaluateFunction(table, index, x, out, 0);
    return [out[0], out[1], out[2]];
  };
}

/** True when the function is a constant (possibly scaled). */
export function isConstantFunction(spec: FunctionSpec): boolean {
  if (spec.type === 'constant') return true;
  return spec.type === 'multiplier' && isConstantFunction(spec.function);
}

/** a * f(x) + b, exactly, or null. */
function scaleAndShift(f: FunctionSpec, a: number, b: number): FunctionSpec | null {
  switch (f.type) {
    case 'constant':
      return { type: 'constant', value: a * f.value + b };
    case 'linear':
      return { type: 'linear', slope: a * f.slope, intercept: a * f.intercept + b };
    case 'simmSpline':
    case 'naturalCubicSpline':
    case 'piecewiseLinear':
      return { type: f.type, x: [...f.x], y: f.y.map((value) => a * value + b) };
    case 'multiplier':
      return scaleAndShift(f.function, a * f.scale, b);
    default:
      return null;
  }
}

/** g(m x + k), exactly, or null. */
function affineArgument(g: FunctionSpec, m: number, k: number): FunctionSpec | null {
  switch (g.type) {
    case 'constant':
      return { ...g };
    case 'linear':
      return { type: 'linear', slope: g.slope * m, intercept: g.slope * k + g.intercept };
    case 'simmSpline':
    case 'naturalCubicSpline':
    case 'piecewiseLinear': {
      if (m === 0) return { type: 'constant', value: evaluateFunctionSpec(g, k)[0] };
      const x = g.x.map((knot) => (knot - k) / m);
      const y = [...g.y];
      if (m < 0) {
        x.reverse();
        y.reverse();
      }
      return { type: g.type, x, y };
    }
    case 'multiplier': {
      const inner = affineArgument(g.function, m, k);
      return inner ? { type: 'multiplier', scale: g.scale, function: inner } : null;
    }
    default:
      return null;
  }
}

/** The linear form m x + k of f (multipliers folded), or null when f is not linear. */
function linearForm(f: FunctionSpec): { m: number; k: number } | null {
  if (f.type === 'linear') return { m: f.slope, k: f.intercept };
  if (f.type === 'constant') return { m: 0, k: f.value };
  if (f.type === 'multiplier') {
    const inner = linearForm(f.function);
    return inner ? { m: f.scale * inner.m, k: f.scale * inner.k } : null;
  }
  return null;
}

/** g(s f(x)) as one FunctionSpec when exactly representable, else null. */
export function composeFunctions(g: FunctionSpec, f: FunctionSpec, s: number): FunctionSpec | null {
  if (isConstantFunction(g)) return { type: 'constant', value: evaluateFunctionSpec(g, 0)[0] };
  const outer = linearForm(g);
  if (outer) return scaleAndShift(f, outer.m * s, outer.k);
  const inner = linearForm(f);
  if (inner) return affineArgument(g, s * inner.m, s * inner.k);
  return null;
}
