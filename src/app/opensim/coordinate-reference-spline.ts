/**
 * The curves OpenSim's InverseKinematicsTool fits through a coordinate file
 * (coordinate_file) to give IKCoordinateTasks their "from_file" targets at any time:
 * GCVSplineSet(5, storage) with error variance 0, i.e. Woltring's GCVSPL (1986, Adv Eng
 * Softw 8:104-113) with half order m = 3 and no smoothing, which is the natural spline
 * of degree 2m - 1 = 5 that interpolates the samples.
 *
 * Natural quintic interpolating spline: the C4 piecewise quintic through (t_i, y_i)
 * minimising the integral of (s''')^2; at the end knots s''' = s'''' = 0, and outside the
 * knots it continues as the quadratic its value, slope and curvature there define
 * (degree m - 1), as GCVSPL's evaluation does.
 *
 * Method: each interval is a quintic Hermite piece fixed by the values, slopes d and
 * curvatures e at its two knots, so C0-C2 hold by construction. The unknowns
 * [d_0, e_0, d_1, e_1, ...] (2n) follow from C3 and C4 continuity at the interior knots
 * and the four end conditions: a banded system (3 sub- and 3 super-diagonals) solved by
 * Gaussian elimination with partial pivoting in band storage, factored once for all the
 * columns of a file (they share the knots). Times are scaled by the mean knot spacing so
 * that the system is well conditioned whatever the sampling rate.
 */
import { KinechainError } from '../../core/errors.js';

/** Fewest samples OpenSim's GCVSpline accepts for a quintic (2 x its order 6). */
export const MIN_SPLINE_SAMPLES = 12;

const LOWER = 3;
const UPPER = 3;
/** Band row width: the lower band, the upper band and the fill-in pivoting adds. */
const WIDTH = 2 * LOWER + UPPER + 1;

/**
 * Quintic Hermite piece on [0, h] from values y0, y1, slopes d0, d1, curvatures e0, e1:
 * the coefficients a3, a4, a5 of t^3, t^4, t^5 written into out[o..o+2].
 */
function hermiteTail(h: number, y0: number, y1: number, d0: number, d1: number, e0: number, e1: number, out: Float64Array, o: number): void {
  const h2 = h * h;
  const dy = y1 - y0;
  out[o] = -(12 * d0 * h + 8 * d1 * h + 3 * e0 * h2 - e1 * h2 - 20 * dy) / (2 * h2 * h);
  out[o + 1] = (16 * d0 * h + 14 * d1 * h + 3 * e0 * h2 - 2 * e1 * h2 - 30 * dy) / (2 * h2 * h2);
  out[o + 2] = -(6 * d0 * h + 6 * d1 * h + e0 * h2 - e1 * h2 - 12 * dy) / (2 * h2 * h2 * h);
}

/**
 * Coefficients of s''' and s'''' at the left (t = 0) and right (t = h) end of a piece in
 * terms of [d0, e0, d1, e1] and of (y1 - y0): rows [third(0), fourth(0), third(h), fourth(h)].
 * From differentiating the Hermite form above.
 */
function endDerivativeRows(h: number, rows: Float64Array): void {
  const h2 = h * h;
  const h3 = h2 * h;
  const h4 = h3 * h;
  // s'''(0) = -36 d0/h^2 - 9 e0/h - 24 d1/h^2 + 3 e1/h + 60 dy/h^3
  rows.set([-36 / h2, -9 / h, -24 / h2, 3 / h, 60 / h3], 0);
  // s''''(0) = 192 d0/h^3 + 36 e0/h^2 + 168 d1/h^3 - 24 e1/h^2 - 360 dy/h^4
  rows.set([192 / h3, 36 / h2, 168 / h3, -24 / h2, -360 / h4], 5);
  // s'''(h) = -24 d0/h^2 - 3 e0/h - 36 d1/h^2 + 9 e1/h + 60 dy/h^3
  rows.set([-24 / h2, -3 / h, -36 / h2, 9 / h, 60 / h3], 10);
  // s''''(h) = -168 d0/h^3 - 24 e0/h^2 - 192 d1/h^3 + 36 e1/h^2 + 360 dy/h^4
  rows.set([-168 / h3, -24 / h2, -192 / h3, 36 / h2, 360 / h4], 15);
}

/** Natural quintic splines through several columns sampled at the same times. */
export class NaturalQuinticSplines {
  /** [n] knots (the sample times, s). */
  readonly knots: Float64Array;
  private readonly origin: number;
  private readonly unit: number;
  /** [n] scaled knots (t - origin) / unit. */
  private readonly scaled: Float64Array;
  /** Per column: [n] values, [n] slopes and [n] curvatures in scaled time. */
  private readonly values: Float64Array[];
  private readonly slopes: Float64Array[];
  private readonly curvatures: Float64Array[];
  private readonly tail = new Float64Array(3);

  /**
   * time [n] strictly increasing (n >= MIN_SPLINE_SAMPLES); columns: arrays of n finite
   * values. `what` names the data in messages.
   */
  constructor(time: Float64Array, columns: readonly Float64Array[], what = 'coordinate data') {
    const n = time.length;
    if (n < MIN_SPLINE_SAMPLES) {
      throw new KinechainError(
        'MALFORMED_INPUT',
        `${what} has ${n} row(s); OpenSim's quintic GCVSpline needs at least ${MIN_SPLINE_SAMPLES} samples to fit a curve through them`,
        { rows: n },
      );
    }
    for (let i = 1; i < n; i++) {
      if (!(time[i] > time[i - 1])) {
        throw new KinechainError('MALFORMED_INPUT', `${what}: times must increase strictly, but row ${i + 1} has ${time[i]} after ${time[i - 1]}`, { row: i + 1 });
      }
    }
    this.knots = Float64Array.from(time);
    this.origin = time[0];
    this.unit = (time[n - 1] - time[0]) / (n - 1);
    this.scaled = Float64Array.from(time, (t) => (t - this.origin) / this.unit);
    columns.forEach((column, index) => {
      if (column.length !== n) throw new KinechainError('MALFORMED_INPUT', `${what}: column ${index + 1} has ${column.length} values for ${n} times`);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(column[i])) {
          throw new KinechainError('NOT_FINITE', `${what}: column ${index + 1} row ${i + 1} is ${column[i]}; a spline needs finite values`, { row: i + 1 });
        }
      }
    });
    const size = 2 * n;
    const band = new Float64Array(size * WIDTH);
    const multipliers = new Float64Array(size * LOWER);
    const pivots = new Int32Array(size);
    /** [rows][n] coefficient of y_k in each equation's right-hand side, kept sparse: per row, y of knots (i-1, i, i+1). */
    const rhsCoefficients = new Float64Array(size * 3);
    this.assemble(band, rhsCoefficients);
    factorBand(band, multipliers, pivots, size);

    this.values = [];
    this.slopes = [];
    this.curvatures = [];
    const rhs = new Float64Array(size);
    for (const column of columns) {
      for (let row = 0; row < size; row++) {
        const knot = row >> 1;
        let sum = 0;
        for (let k = -1; k <= 1; k++) {
          const index = knot + k;
          if (index < 0 || index >= n) continue;
          sum += rhsCoefficients[3 * row + k + 1] * column[index];
        }
        rhs[row] = sum;
      }
      solveBand(band, multipliers, pivots, size, rhs);
      const slopes = new Float64Array(n);
      const curvatures = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        slopes[i] = rhs[2 * i];
        curvatures[i] = rhs[2 * i + 1];
      }
      this.values.push(Float64Array.from(column));
      this.slopes.push(slopes);
      this.curvatures.push(curvatures);
    }
  }

  get columnCount(): number {
    return this.values.length;
  }

  /** Value of column `column` at time t (s); allocation-free. */
  value(column: number, t: number): number {
    const x = this.scaled;
    const n = x.length;
    const y = this.values[column];
    const d = this.slopes[column];
    const e = this.curvatures[column];
    const s = (t - this.origin) / this.unit;
    if (s <= x[0]) {
      const u = s - x[0];
      return y[0] + d[0] * u + 0.5 * e[0] * u * u;
    }
    if (s >= x[n - 1]) {
      const u = s - x[n - 1];
      return y[n - 1] + d[n - 1] * u + 0.5 * e[n - 1] * u * u;
    }
    let low = 0;
    let high = n - 1;
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (x[mid] <= s) low = mid;
      else high = mid;
    }
    const h = x[low + 1] - x[low];
    const u = s - x[low];
    hermiteTail(h, y[low], y[low + 1], d[low], d[low + 1], e[low], e[low + 1], this.tail, 0);
    const [a3, a4, a5] = this.tail;
    return y[low] + u * (d[low] + u * (0.5 * e[low] + u * (a3 + u * (a4 + u * a5))));
  }

  /**
   * The band matrix (unknowns [d_0, e_0, d_1, e_1, ...]) and, per equation, the
   * right-hand side's coefficients of y at knots (i-1, i, i+1) for the equation's knot i.
   */
  private assemble(band: Float64Array, rhsCoefficients: Float64Array): void {
    const x = this.scaled;
    const n = x.length;
    const rows = new Float64Array(20);
    const right = new Float64Array(20);
    const set = (row: number, column: number, value: number) => {
      band[row * WIDTH + column - row + LOWER] += value;
    };
    // Left end: s''' = s'''' = 0 at t_0 on the first piece.
    endDerivativeRows(x[1] - x[0], rows);
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 4; c++) set(r, c, rows[5 * r + c]);
      // coefficient * (y1 - y0) moves to the right-hand side with the opposite sign.
      rhsCoefficients[3 * r + 1] = rows[5 * r + 4];
      rhsCoefficients[3 * r + 2] = -rows[5 * r + 4];
    }
    // Interior knots: the left piece's s''', s'''' at its end equal the right piece's at its start.
    for (let i = 1; i < n - 1; i++) {
      endDerivativeRows(x[i] - x[i - 1], rows);
      endDerivativeRows(x[i + 1] - x[i], right);
      for (let r = 0; r < 2; r++) {
        const row = 2 * i + r;
        const leftRow = 10 + 5 * r;
        const rightRow = 5 * r;
        for (let c = 0; c < 4; c++) set(row, 2 * (i - 1) + c, rows[leftRow + c]);
        for (let c = 0; c < 4; c++) set(row, 2 * i + c, -right[rightRow + c]);
        const leftDy = rows[leftRow + 4];
        const rightDy = right[rightRow + 4];
        // -(leftDy (y_i - y_{i-1}) - rightDy (y_{i+1} - y_i))
        rhsCoefficients[3 * row] = leftDy;
        rhsCoefficients[3 * row + 1] = -leftDy - rightDy;
        rhsCoefficients[3 * row + 2] = rightDy;
      }
    }
    // Right end: s''' = s'''' = 0 at t_{n-1} on the last piece.
    endDerivativeRows(x[n - 1] - x[n - 2], rows);
    for (let r = 0; r < 2; r++) {
      const row = 2 * (n - 1) + r;
      const source = 10 + 5 * r;
      for (let c = 0; c < 4; c++) set(row, 2 * (n - 2) + c, rows[source + c]);
      rhsCoefficients[3 * row] = rows[source + 4];
      rhsCoefficients[3 * row + 1] = -rows[source + 4];
    }
  }
}

/** Entry (row, column) of the band storage. */
function at(row: number, column: number): number {
  return row * WIDTH + column - row + LOWER;
}

/** In-place band LU with partial pivoting; multipliers [size*LOWER], pivots [size]. */
function factorBand(band: Float64Array, multipliers: Float64Array, pivots: Int32Array, size: number): void {
  for (let k = 0; k < size; k++) {
    const lastRow = Math.min(k + LOWER, size - 1);
    const lastColumn = Math.min(k + LOWER + UPPER, size - 1);
    let pivot = k;
    let largest = Math.abs(band[at(k, k)]);
    for (let i = k + 1; i <= lastRow; i++) {
      const value = Math.abs(band[at(i, k)]);
      if (value > largest) {
        largest = value;
        pivot = i;
      }
    }
    if (!(largest > 0)) throw new KinechainError('INTERNAL', 'the natural quintic spline system is singular');
    pivots[k] = pivot;
    if (pivot !== k) {
      for (let c = k; c <= lastColumn; c++) {
        const swap = band[at(k, c)];
        band[at(k, c)] = band[at(pivot, c)];
        band[at(pivot, c)] = swap;
      }
    }
    const diagonal = band[at(k, k)];
    for (let i = k + 1; i <= lastRow; i++) {
      const factor = band[at(i, k)] / diagonal;
      multipliers[k * LOWER + (i - k - 1)] = factor;
      band[at(i, k)] = 0;
      if (factor === 0) continue;
      for (let c = k + 1; c <= lastColumn; c++) band[at(i, c)] -= factor * band[at(k, c)];
    }
  }
}

/** Solves with the factors of factorBand; rhs [size] becomes the solution. */
function solveBand(band: Float64Array, multipliers: Float64Array, pivots: Int32Array, size: number, rhs: Float64Array): void {
  for (let k = 0; k < size; k++) {
    const pivot = pivots[k];
    if (pivot !== k) {
      const swap = rhs[k];
      rhs[k] = rhs[pivot];
      rhs[pivot] = swap;
    }
    const lastRow = Math.min(k + LOWER, size - 1);
    for (let i = k + 1; i <= lastRow; i++) rhs[i] -= multipliers[k * LOWER + (i - k - 1)] * rhs[k];
  }
  for (let k = size - 1; k >= 0; k--) {
    const lastColumn = Math.min(k + LOWER + UPPER, size - 1);
    let sum = rhs[k];
    for (let c = k + 1; c <= lastColumn; c++) sum -= band[at(k, c)] * rhs[c];
    rhs[k] = sum / band[at(k, k)];
  }
}
