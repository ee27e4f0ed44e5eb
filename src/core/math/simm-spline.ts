/**
 * Coefficients of OpenSim's SimmSpline: the interpolating cubic spline of Forsythe,
 * Malcolm and Moler (1977, "Computer Methods for Mathematical Computations", routine
 * SPLINE), which OpenSim and SIMM use for joint kinematics (e.g. the knee's tibial
 * translation as a function of flexion) and moving path points.
 *
 * Its end conditions are not "natural" (zero second derivative): the third derivative
 * at each end equals that of the cubic through the first (last) four knots, obtained
 * from divided differences. With three knots the end third derivatives are zero (the
 * spline is the parabola through the three points); with two, the straight line.
 *
 * The result uses the same per-knot layout as the natural cubic spline
 * (function-table-builder.ts): on [x_i, x_{i+1}], S(x) = y_i + b_i t + c_i t^2 + d_i t^3,
 * t = x - x_i; the last knot carries the end slope b_{n-1} used for linear
 * extrapolation, as OpenSim's SimmSpline::calcValue extrapolates. This is a direct
 * transcription of SimmSpline::calcCoefficients (OpenSim 4, Common/SimmSpline.cpp),
 * so that kinematics built on it match OpenSim's to rounding.
 */

/** Knot spacing floor OpenSim applies (SimmMacros.h TINY_NUMBER). */
const TINY_NUMBER = 1.0e-7;

export function simmSplineCoefficients(
  x: readonly number[],
  y: readonly number[],
): { b: number[]; c: number[]; d: number[] } {
  const n = x.length;
  const b = new Array<number>(n).fill(0);
  const c = new Array<number>(n).fill(0);
  const d = new Array<number>(n).fill(0);
  if (n < 2) return { b, c, d };
  if (n === 2) {
    const slope = (y[1] - y[0]) / Math.max(TINY_NUMBER, x[1] - x[0]);
    b[0] = slope;
    b[1] = slope;
    return { b, c, d };
  }
  const nm1 = n - 1;
  const nm2 = n - 2;

  // Tridiagonal system for sigma_i (= S''(x_i) / 6 ... up to the scaling used below):
  // b = diagonal, d = off-diagonal (knot spacing h_i), c = right-hand side.
  d[0] = Math.max(TINY_NUMBER, x[1] - x[0]);
  c[1] = (y[1] - y[0]) / d[0];
  for (let i = 1; i < nm1; i++) {
    d[i] = Math.max(TINY_NUMBER, x[i + 1] - x[i]);
    b[i] = 2 * (d[i - 1] + d[i]);
    c[i + 1] = (y[i + 1] - y[i]) / d[i];
    c[i] = c[i + 1] - c[i];
  }

  // End conditions: third derivatives at x_0 and x_{n-1} from divided differences.
  b[0] = -d[0];
  b[nm1] = -d[nm2];
  c[0] = 0;
  c[nm1] = 0;
  if (n > 3) {
    const d31 = Math.max(TINY_NUMBER, x[3] - x[1]);
    const d20 = Math.max(TINY_NUMBER, x[2] - x[0]);
    const d1 = Math.max(TINY_NUMBER, x[nm1] - x[n - 3]);
    const d2 = Math.max(TINY_NUMBER, x[nm2] - x[n - 4]);
    const d30 = Math.max(TINY_NUMBER, x[3] - x[0]);
    const d3 = Math.max(TINY_NUMBER, x[nm1] - x[n - 4]);
    c[0] = c[2] / d31 - c[1] / d20;
    c[nm1] = c[nm2] / d1 - c[n - 3] / d2;
    c[0] = (c[0] * d[0] * d[0]) / d30;
    c[nm1] = (-c[nm1] * d[nm2] * d[nm2]) / d3;
  }

  // Forward elimination.
  for (let i = 1; i < n; i++) {
    const t = d[i - 1] / b[i - 1];
    b[i] -= t * d[i - 1];
    c[i] -= t * c[i - 1];
  }

  // Back substitution.
  c[nm1] /= b[nm1];
  for (let j = 0; j < nm1; j++) {
    const i = nm2 - j;
    c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
  }

  // Polynomial coefficients.
  b[nm1] = (y[nm1] - y[nm2]) / d[nm2] + d[nm2] * (c[nm2] + 2 * c[nm1]);
  for (let i = 0; i < nm1; i++) {
    b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2 * c[i]);
    d[i] = (c[i + 1] - c[i]) / d[i];
    c[i] *= 3;
  }
  c[nm1] *= 3;
  d[nm1] = d[nm2];
  return { b, c, d };
}
