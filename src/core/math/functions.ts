/**
 * Functions of one coordinate (OpenSim's Constant, LinearFunction, NaturalCubicSpline,
 * SimmSpline, PiecewiseLinearFunction, MultiplierFunction), evaluated with their first and second
 * derivatives, without allocation.
 *
 * Custom joints use them to map a coordinate to a transform-axis value (e.g. the knee's
 * anterior translation as a spline of knee_angle). Forward kinematics needs the value,
 * the jacobian needs the first derivative and inverse dynamics the second (the
 * velocity-product term f''(q) qd^2).
 *
 * Function table layout (Model.functionParams, addressed by functionParamAdr/Num):
 *
 * | type               | params (num)                                   | functionInner |
 * |--------------------|------------------------------------------------|---------------|
 * | constant           | [value] (1)                                    | -1            |
 * | linear             | [slope, intercept] (2)                         | -1            |
 * | naturalCubicSpline | [x(n), y(n), b(n), c(n), d(n)] (5n)            | -1            |
 * | piecewiseLinear    | [x(n), y(n), slope(n)] (3n)                    | -1            |
 * | multiplier         | [scale] (1)                                    | inner index   |
 * | simmSpline         | [x(n), y(n), b(n), c(n), d(n)] (5n)            | -1            |
 *
 * Spline: on [x_i, x_{i+1}] the value is y_i + b_i t + c_i t^2 + d_i t^3 with t = x - x_i;
 * b/c/d are precomputed at compile time (function-table-builder.ts) with natural end
 * conditions (zero second derivative at both ends), or for a simmSpline with OpenSim's
 * SimmSpline end conditions (simm-spline.ts); both evaluate alike. Outside the knots both the spline
 * and the piecewise-linear function extrapolate linearly with the end slope, as
 * OpenSim's NaturalCubicSpline and PiecewiseLinearFunction do; the second derivative
 * is then 0. Piecewise linear: slope_i applies on [x_i, x_{i+1}); slope_{n-1} repeats
 * slope_{n-2} for the right extrapolation. At an interior knot the piecewise-linear
 * derivative is that of the segment to the right.
 */
import { KinechainError } from '../errors.js';
import type { SkeletonModel } from '../model/model.js';
import { FunctionType } from '../model/model.js';
import type { NumberArray } from './vec3.js';

/** The part of a Model that holds the function table. */
export type FunctionTable = Pick<
  SkeletonModel,
  'functionType' | 'functionParamAdr' | 'functionParamNum' | 'functionInner' | 'functionParams'
>;

/**
 * Index i of the interval [x_i, x_{i+1}] containing `x` for knots params[adr..adr+n-1],
 * clamped to [0, n-2] (callers handle extrapolation before calling).
 */
function findInterval(params: Float64Array, adr: number, n: number, x: number): number {
  let low = 0;
  let high = n - 1;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (params[adr + mid] <= x) low = mid;
    else high = mid;
  }
  return low;
}

function evaluateSpline(params: Float64Array, adr: number, num: number, x: number, scale: number, out: NumberArray, oo: number): void {
  const n = num / 5;
  const xAdr = adr;
  const yAdr = adr + n;
  const bAdr = adr + 2 * n;
  if (x < params[xAdr]) {
    const slope = params[bAdr];
    out[oo] = scale * (params[yAdr] + slope * (x - params[xAdr]));
    out[oo + 1] = scale * slope;
    out[oo + 2] = 0;
    return;
  }
  if (x > params[xAdr + n - 1]) {
    const slope = params[bAdr + n - 1];
    out[oo] = scale * (params[yAdr + n - 1] + slope * (x - params[xAdr + n - 1]));
    out[oo + 1] = scale * slope;
    out[oo + 2] = 0;
    return;
  }
  const i = findInterval(params, xAdr, n, x);
  const t = x - params[xAdr + i];
  const b = params[bAdr + i];
  const c = params[adr + 3 * n + i];
  const d = params[adr + 4 * n + i];
  out[oo] = scale * (params[yAdr + i] + t * (b + t * (c + t * d)));
  out[oo + 1] = scale * (b + t * (2 * c + 3 * d * t));
  out[oo + 2] = scale * (2 * c + 6 * d * t);
}

function evaluatePiecewiseLinear(
  params: Float64Array,
  adr: number,
  num: number,
  x: number,
  scale: number,
  out: NumberArray,
  oo: number,
): void {
  const n = num / 3;
  const yAdr = adr + n;
  const slopeAdr = adr + 2 * n;
  let i: number;
  if (x < params[adr]) i = 0;
  else if (x >= params[adr + n - 1]) i = n - 1;
  else i = findInterval(params, adr, n, x);
  const slope = params[slopeAdr + i];
  out[oo] = scale * (params[yAdr + i] + slope * (x - params[adr + i]));
  out[oo + 1] = scale * slope;
  out[oo + 2] = 0;
}

/**
 * Writes [value, d value/dx, d^2 value/dx^2] of function `index` at `x` into
 * out[oo..oo+2]. Multipliers (possibly nested) are unwrapped iteratively.
 */
export function evaluateFunction(table: FunctionTable, index: number, x: number, out: NumberArray, oo: number): void {
  const params = table.functionParams;
  let scale = 1;
  let f = index;
  while (table.functionType[f] === FunctionType.multiplier) {
    scale *= params[table.functionParamAdr[f]];
    f = table.functionInner[f];
  }
  const adr = table.functionParamAdr[f];
  switch (table.functionType[f]) {
    case FunctionType.constant:
      out[oo] = scale * params[adr];
      out[oo + 1] = 0;
      out[oo + 2] = 0;
      return;
    case FunctionType.linear:
      out[oo] = scale * (params[adr] * x + params[adr + 1]);
      out[oo + 1] = scale * params[adr];
      out[oo + 2] = 0;
      return;
    case FunctionType.naturalCubicSpline:
    case FunctionType.simmSpline:
      evaluateSpline(params, adr, table.functionParamNum[f], x, scale, out, oo);
      return;
    case FunctionType.piecewiseLinear:
      evaluatePiecewiseLinear(params, adr, table.functionParamNum[f], x, scale, out, oo);
      return;
    default:
      throw new KinechainError('INTERNAL', `unknown function type ${table.functionType[f]} at function ${f}`);
  }
}
