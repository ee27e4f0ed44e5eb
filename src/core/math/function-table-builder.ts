/**
 * Builds the flat function table (layout in functions.ts) from FunctionSpecs at compile
 * time, validating knots and precomputing cubic spline coefficients (natural, or
 * OpenSim's SimmSpline end conditions: simm-spline.ts) so that evaluation is a lookup
 * plus a cubic.
 */
import { KinechainError } from '../errors.js';
import { FunctionType } from '../model/model.js';
import { simmSplineCoefficients } from './simm-spline.js';

/**
 * A function of one coordinate as the spec describes it (structurally identical to
 * spec/schema.ts FunctionSpec, restated here so that math does not import spec).
 */
export type FunctionDescription =
  | { type: 'constant'; value: number }
  | { type: 'linear'; slope: number; intercept: number }
  | { type: 'naturalCubicSpline'; x: number[]; y: number[] }
  | { type: 'piecewiseLinear'; x: number[]; y: number[] }
  | { type: 'multiplier'; scale: number; function: FunctionDescription }
  | { type: 'simmSpline'; x: number[]; y: number[] };

export interface FunctionTableArrays {
  nfunction: number;
  functionType: Int32Array;
  functionParamAdr: Int32Array;
  functionParamNum: Int32Array;
  functionInner: Int32Array;
  functionParams: Float64Array;
}

/**
 * Natural cubic spline through (x_i, y_i): second derivative zero at both ends.
 * Solves the tridiagonal system for the knot second derivatives M_i (Thomas algorithm),
 * then returns per-knot coefficients so that on [x_i, x_{i+1}]
 * S(x) = y_i + b_i t + c_i t^2 + d_i t^3, t = x - x_i. The last knot carries the end
 * slope b_{n-1} (used for extrapolation) and c = d = 0.
 */
export function naturalCubicSplineCoefficients(
  x: readonly number[],
  y: readonly number[],
): { b: number[]; c: number[]; d: number[] } {
  const n = x.length;
  const h: number[] = [];
  for (let i = 0; i < n - 1; i++) h.push(x[i + 1] - x[i]);
  const secondDerivative = new Array<number>(n).fill(0);
  if (n > 2) {
    // Interior equations i = 1..n-2:
    // h_{i-1} M_{i-1} + 2 (h_{i-1} + h_i) M_i + h_i M_{i+1} = 6 (dy_i/h_i - dy_{i-1}/h_{i-1}).
    const diagonal = new Array<number>(n).fill(0);
    const rhs = new Array<number>(n).fill(0);
    for (let i = 1; i < n - 1; i++) {
      diagonal[i] = 2 * (h[i - 1] + h[i]);
      rhs[i] = 6 * ((y[i + 1] - y[i]) / h[i] - (y[i] - y[i - 1]) / h[i - 1]);
    }
    for (let i = 2; i < n - 1; i++) {
      const factor = h[i - 1] / diagonal[i - 1];
      diagonal[i] -= factor * h[i - 1];
      rhs[i] -= factor * rhs[i - 1];
    }
    for (let i = n - 2; i >= 1; i--) {
      secondDerivative[i] = (rhs[i] - h[i] * secondDerivative[i + 1]) / diagonal[i];
    }
  }
  const b: number[] = [];
  const c: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    const m0 = secondDerivative[i];
    const m1 = secondDerivative[i + 1];
    b.push((y[i + 1] - y[i]) / h[i] - (h[i] * (2 * m0 + m1)) / 6);
    c.push(m0 / 2);
    d.push((m1 - m0) / (6 * h[i]));
  }
  const last = n - 2;
  b.push((y[n - 1] - y[last]) / h[last] + (h[last] * (secondDerivative[last] + 2 * secondDerivative[n - 1])) / 6);
  c.push(0);
  d.push(0);
  return { b, c, d };
}

function invalid(message: string, where: string): KinechainError {
  return new KinechainError('INVALID_SPEC', `${where}: ${message}`, { where });
}

function requireFiniteNumber(value: number, what: string, where: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalid(`${what} must be a finite number, got ${String(value)}`, where);
  }
}

function checkKnots(x: readonly number[], y: readonly number[], kind: string, where: string): void {
  if (x.length !== y.length) {
    throw invalid(`${kind} has ${x.length} x values but ${y.length} y values; give one y per knot`, where);
  }
  if (x.length < 2) throw invalid(`${kind} needs at least 2 knots, got ${x.length}`, where);
  x.forEach((value, i) => requireFiniteNumber(value, `${kind} x[${i}]`, where));
  y.forEach((value, i) => requireFiniteNumber(value, `${kind} y[${i}]`, where));
  for (let i = 1; i < x.length; i++) {
    if (!(x[i] > x[i - 1])) {
      throw invalid(
        `${kind} knots must be strictly increasing, but x[${i}] = ${x[i]} <= x[${i - 1}] = ${x[i - 1]}`,
        where,
      );
    }
  }
}

export class FunctionTableBuilder {
  private readonly types: number[] = [];
  private readonly adrs: number[] = [];
  private readonly nums: number[] = [];
  private readonly inners: number[] = [];
  private readonly params: number[] = [];

  /**
   * Appends `spec` (and, for a multiplier, its inner function first); returns its index.
   * `where` names the owner (e.g. 'joint "knee_r" transform axis 4') for error messages.
   */
  add(spec: FunctionDescription, where: string): number {
    switch (spec.type) {
      case 'constant':
        requireFiniteNumber(spec.value, 'constant value', where);
        return this.push(FunctionType.constant, [spec.value], -1);
      case 'linear':
        requireFiniteNumber(spec.slope, 'linear slope', where);
        requireFiniteNumber(spec.intercept, 'linear intercept', where);
        return this.push(FunctionType.linear, [spec.slope, spec.intercept], -1);
      case 'naturalCubicSpline': {
        checkKnots(spec.x, spec.y, 'natural cubic spline', where);
        const { b, c, d } = naturalCubicSplineCoefficients(spec.x, spec.y);
        return this.push(FunctionType.naturalCubicSpline, [...spec.x, ...spec.y, ...b, ...c, ...d], -1);
      }
      case 'simmSpline': {
        checkKnots(spec.x, spec.y, 'SimmSpline', where);
        const { b, c, d } = simmSplineCoefficients(spec.x, spec.y);
        return this.push(FunctionType.simmSpline, [...spec.x, ...spec.y, ...b, ...c, ...d], -1);
      }
      case 'piecewiseLinear': {
        checkKnots(spec.x, spec.y, 'piecewise linear function', where);
        const n = spec.x.length;
        const slopes: number[] = [];
        for (let i = 0; i < n - 1; i++) slopes.push((spec.y[i + 1] - spec.y[i]) / (spec.x[i + 1] - spec.x[i]));
        slopes.push(slopes[n - 2]);
        return this.push(FunctionType.piecewiseLinear, [...spec.x, ...spec.y, ...slopes], -1);
      }
      case 'multiplier': {
        requireFiniteNumber(spec.scale, 'multiplier scale', where);
        const inner = this.add(spec.function, where);
        return this.push(FunctionType.multiplier, [spec.scale], inner);
      }
      default: {
        const unknown: { type?: unknown } = spec;
        throw invalid(`unknown function type ${String(unknown.type)}`, where);
      }
    }
  }

  build(): FunctionTableArrays {
    return {
      nfunction: this.types.length,
      functionType: Int32Array.from(this.types),
      functionParamAdr: Int32Array.from(this.adrs),
      functionParamNum: Int32Array.from(this.nums),
      functionInner: Int32Array.from(this.inners),
      functionParams: Float64Array.from(this.params),
    };
  }

  private push(type: number, values: number[], inner: number): number {
    this.types.push(type);
    this.adrs.push(this.params.length);
    this.nums.push(values.length);
    this.inners.push(inner);
    this.params.push(...values);
    return this.types.length - 1;
  }
}
