/**
 * Woltring's generalised cross-validation spline (GCVSPL): a natural B-spline of odd
 * degree 2m-1 that interpolates or smooths data (x_i, y_i), with the smoothing chosen
 * by generalised cross-validation, by an a priori error variance, or given directly.
 *
 * Source: H.J. Woltring (1986), A Fortran package for generalized, cross-validatory
 * spline smoothing and differentiation. Advances in Engineering Software 8(2):104-113;
 * the smoothing criteria of P. Craven & G. Wahba (1979), Numerische Mathematik
 * 31:377-403; the banded B-spline formulation of T. Lyche, L.L. Schumaker &
 * K. Sepehrnoori (1983), Advances in Engineering Software 5(1):2-5; the trace of the
 * influence matrix by the sparse-inverse recursion of A.M. Erisman & W.F. Tinney
 * (1975), Communications of the ACM 18(3):177-179.
 *
 * OpenSim differentiates coordinate trajectories with this spline (GCVSpline,
 * GCVSplineSet): degree 5 (m = 3) with error variance 0, i.e. the natural quintic
 * spline through every sample (p is set to its floor, EPS / ||W^-1 E||, so the fit is
 * interpolating to rounding). Its external forces use degree 3, error variance 0.
 * Storage::resample also samples it. This file follows Woltring's algorithm step by
 * step (same band layouts, same pivot-free LU, same search for p) so that values and
 * derivatives agree with OpenSim's to rounding.
 *
 * The fitted spline minimises
 *   (1/n) sum w_i (y_i - s(x_i))^2 + p * integral (s^(m)(x))^2 dx,
 * which leads to the banded system (B + p W^-1 E) c = y for the B-spline coefficients
 * c (B: the B-spline tableau at the knots, E: weighted divided differences).
 *
 * Modes (GcvSplineOptions):
 * - errorVariance >= 0 (default 0): p minimises the estimate of the true mean squared
 *   error, R = MSR - var (2 tr(I - A)/n - 1); var = 0 gives the interpolating spline.
 * - errorVariance < 0 (or 'gcv'): p minimises the GCV function; the variance estimate
 *   is returned in statistics.errorVariance.
 * - smoothingParameter: p is given (SimTK SplineFitter::fitForSmoothingParameter).
 *
 * Allocation: fitting allocates the spline's arrays once; evaluation
 * (evaluateGcvSpline) allocates nothing.
 */
import { KinechainError } from '../errors.js';

/** Relative rounding tolerance times ten (Woltring's EPS): p below EPS/||W^-1 E|| is interpolation. */
const EPS = 1e-15;
/** Golden-section ratio and relative tolerance of the search for p (GCVSPL). */
const GOLDEN = 1.618033983;
const SEARCH_TOLERANCE = 1e-6;

export interface GcvSplineOptions {
  /** Spline degree: 1 (linear), 3 (cubic), 5 (quintic, default), 7 (heptic). */
  readonly degree?: 1 | 3 | 5 | 7;
  /**
   * A priori error variance of the data; 0 (default) interpolates, > 0 smooths to minimise
   * the estimated true mean squared error, < 0 selects p by generalised cross-validation.
   */
  readonly errorVariance?: number;
  /** A given smoothing parameter p >= 0 (overrides errorVariance). */
  readonly smoothingParameter?: number;
  /** [n] relative inverse variances of the samples, all > 0 (default 1). */
  readonly weights?: ArrayLike<number>;
}

export interface GcvSplineStatistics {
  /** Generalised cross-validation value (MSR / (tr(I-A)/n)^2). */
  generalizedCrossValidation: number;
  /** Mean squared (weighted) residual. */
  meanSquaredResidual: number;
  /** Estimated degrees of freedom of the residual: tr(I - A) (n - 2m for the least-squares polynomial). */
  residualDegreesOfFreedom: number;
  /** The smoothing parameter used (0 when the fit interpolates). */
  smoothingParameter: number;
  /** Estimated true mean squared error. */
  trueMeanSquaredError: number;
  /** Error variance: the given one, or the GCV estimate (MSR / (tr(I-A)/n)). */
  errorVariance: number;
}

export interface GcvSpline {
  /** m: the spline has degree 2m - 1. */
  readonly halfOrder: number;
  /** [n] knots (the sample abscissae), strictly increasing. */
  readonly knots: Float64Array;
  /** [n] B-spline coefficients. */
  readonly coefficients: Float64Array;
  readonly statistics: Readonly<GcvSplineStatistics>;
  /** [2m] evaluation scratch. */
  readonly scratch: Float64Array;
  /** Knot interval of the last evaluation (speeds up the search for the next one). */
  intervalHint: number;
}

// ---------------------------------------------------------------------------------
// Fitting
// ---------------------------------------------------------------------------------

/** Working arrays of one fit (band matrices in Woltring's vectorised layouts). */
interface FitWorkspace {
  readonly m: number;
  readonly n: number;
  /** B(1-m : m-1, n): element (j, i) = b[(i-1)(2m-1) + j + m - 1], the tableau entry b(i, i+j). */
  readonly tableau: Float64Array;
  /** W^-1 E (-m : m, n): element (j, i) = we[(i-1)(2m+1) + j + m]. */
  readonly weightedDifferences: Float64Array;
  /** B + p W^-1 E, LU-decomposed in place, then the central bands of its inverse (same layout as weightedDifferences). */
  readonly system: Float64Array;
  /** L1 norms per row of B and of W^-1 E (the latter divided by the former), used to scale p. */
  tableauNorm: number;
  differenceNorm: number;
  readonly statistics: GcvSplineStatistics;
}

/**
 * Fits the spline to samples (x_i, y_i). x strictly increasing, n >= 2m.
 * Errors: MALFORMED_INPUT (lengths, ordering, weights), NOT_FINITE, OUT_OF_RANGE (degree, p).
 */
export function fitGcvSpline(x: ArrayLike<number>, y: ArrayLike<number>, options: GcvSplineOptions = {}): GcvSpline {
  const degree = options.degree ?? 5;
  if (degree !== 1 && degree !== 3 && degree !== 5 && degree !== 7) {
    throw new KinechainError('OUT_OF_RANGE', `GCV spline degree must be 1, 3, 5 or 7, got ${String(degree)}`);
  }
  const m = (degree + 1) / 2;
  const n = x.length;
  if (y.length !== n) {
    throw new KinechainError('MALFORMED_INPUT', `GCV spline: ${n} abscissae but ${y.length} values; give one value per abscissa`);
  }
  if (n < 2 * m) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `a degree-${degree} GCV spline needs at least ${2 * m} samples, got ${n}`,
      { samples: n, needed: 2 * m },
    );
  }
  const knots = Float64Array.from(x);
  const values = Float64Array.from(y);
  const weights = new Float64Array(n).fill(1);
  if (options.weights !== undefined) {
    if (options.weights.length !== n) {
      throw new KinechainError('MALFORMED_INPUT', `GCV spline: ${options.weights.length} weights for ${n} samples`);
    }
    for (let i = 0; i < n; i++) weights[i] = options.weights[i];
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(knots[i]) || !Number.isFinite(values[i])) {
      throw new KinechainError('NOT_FINITE', `GCV spline: sample ${i} is (${knots[i]}, ${values[i]}); every sample must be finite`, { sample: i });
    }
    if (!(weights[i] > 0)) {
      throw new KinechainError('MALFORMED_INPUT', `GCV spline: weight ${i} is ${weights[i]}; weights must be positive`, { sample: i });
    }
    if (i > 0 && !(knots[i] > knots[i - 1])) {
      throw new KinechainError(
        'MALFORMED_INPUT',
        `GCV spline: abscissae must increase strictly, but x[${i - 1}] = ${knots[i - 1]} and x[${i}] = ${knots[i]}`,
        { sample: i },
      );
    }
  }
  const errorVariance = options.errorVariance ?? 0;
  if (!Number.isFinite(errorVariance)) throw new KinechainError('NOT_FINITE', `GCV spline: error variance must be finite, got ${errorVariance}`);
  const givenP = options.smoothingParameter;
  if (givenP !== undefined && !(givenP >= 0 && Number.isFinite(givenP))) {
    throw new KinechainError('OUT_OF_RANGE', `GCV spline: smoothing parameter must be a finite number >= 0, got ${givenP}`);
  }

  const work: FitWorkspace = {
    m,
    n,
    tableau: new Float64Array(n * (2 * m - 1)),
    weightedDifferences: new Float64Array(n * (2 * m + 1)),
    system: new Float64Array(n * (2 * m + 1)),
    tableauNorm: 0,
    differenceNorm: 0,
    statistics: {
      generalizedCrossValidation: 0,
      meanSquaredResidual: 0,
      residualDegreesOfFreedom: 0,
      smoothingParameter: 0,
      trueMeanSquaredError: 0,
      errorVariance: 0,
    },
  };
  const coefficients = new Float64Array(n);
  bSplineTableau(work, knots);
  weightedDividedDifferences(work, knots, weights);
  work.differenceNorm /= work.tableauNorm;

  const criterion: Criterion = givenP !== undefined ? 'given' : errorVariance < 0 ? 'gcv' : 'meanSquaredError';
  if (criterion === 'given') {
    solveForSmoothing(work, values, weights, criterion, errorVariance, givenP as number, coefficients);
  } else if (errorVariance === 0) {
    // Zero error variance: the estimated error is the mean squared residual, which falls
    // as p falls, so the search ends at the interpolation floor; solve there directly
    // (GCVSPL's VAR = 0 branch).
    solveForSmoothing(work, values, weights, criterion, errorVariance, 0, coefficients);
  } else {
    searchSmoothingParameter(work, values, weights, criterion, errorVariance, coefficients);
  }
  work.statistics.errorVariance = criterion === 'gcv' ? work.statistics.errorVariance : errorVariance;
  return { halfOrder: m, knots, coefficients, statistics: work.statistics, scratch: new Float64Array(2 * m), intervalHint: 1 };
}

type Criterion = 'gcv' | 'meanSquaredError' | 'given';

/**
 * Woltring's search for p: halve from 1/||W^-1 E|| while the criterion decreases (stop at
 * interpolation), else double (stop at the least-squares polynomial), then golden-section
 * search on the bracket; the final p is the bracket's midpoint.
 */
function searchSmoothingParameter(
  work: FitWorkspace,
  y: Float64Array,
  w: Float64Array,
  criterion: Criterion,
  variance: number,
  c: Float64Array,
): void {
  const stats = work.statistics;
  const fit = (p: number): number => solveForSmoothing(work, y, w, criterion, variance, p, c);
  let r1 = 1 / work.differenceNorm;
  let r2 = 2 * r1;
  let gf2 = fit(r2);
  // Halve p while the criterion decreases; stop once the fit interpolates.
  for (;;) {
    const gf1 = fit(r1);
    if (gf1 > gf2) break;
    if (stats.smoothingParameter <= 0) {
      fit(r1);
      return;
    }
    r2 = r1;
    gf2 = gf1;
    r1 /= 2;
  }
  // Double p while the criterion decreases; stop at the least-squares polynomial.
  let r3 = 2 * r2;
  for (;;) {
    const gf3 = fit(r3);
    if (gf3 > gf2) break;
    if (stats.smoothingParameter >= 1 / EPS) {
      fit(r1);
      return;
    }
    r2 = r3;
    gf2 = gf3;
    r3 *= 2;
  }
  // Golden-section search on [r1, r3].
  r2 = r3;
  let alpha = (r2 - r1) / GOLDEN;
  let r4 = r1 + alpha;
  r3 = r2 - alpha;
  let gf3 = fit(r3);
  let gf4 = fit(r4);
  for (;;) {
    if (gf3 <= gf4) {
      r2 = r4;
      const err = (r2 - r1) / (r1 + r2);
      if (err * err + 1 === 1 || err <= SEARCH_TOLERANCE) break;
      r4 = r3;
      gf4 = gf3;
      alpha /= GOLDEN;
      r3 = r2 - alpha;
      gf3 = fit(r3);
    } else {
      r1 = r3;
      const err = (r2 - r1) / (r1 + r2);
      if (err * err + 1 === 1 || err <= SEARCH_TOLERANCE) break;
      r3 = r4;
      gf3 = gf4;
      alpha /= GOLDEN;
      r4 = r1 + alpha;
      gf4 = fit(r4);
    }
  }
  fit(0.5 * (r1 + r2));
}

/**
 * Woltring's BASIS: the B-spline tableau B (values of the normalised natural B-splines
 * at the knots) and its mean row L1 norm (work.tableauNorm).
 */
function bSplineTableau(work: FitWorkspace, x: Float64Array): void {
  const { m, n, tableau: b } = work;
  const m2m1 = 2 * m - 1;
  if (m === 1) {
    for (let i = 1; i <= n; i++) b[(i - 1) * m2m1 + m - 1] = 1;
    work.tableauNorm = 1;
    return;
  }
  const mm1 = m - 1;
  const mp1 = m + 1;
  const m2 = 2 * m;
  // q(1-m : m) in a small array: q[j + m - 1].
  const q = new Float64Array(2 * m);
  for (let l = 1; l <= n; l++) {
    q.fill(0);
    q[mm1 + m - 1] = 1;
    if (l !== 1 && l !== n) q[mm1 + m - 1] = 1 / (x[l] - x[l - 2]);
    const arg = x[l - 1];
    for (let i = 3; i <= m2; i++) {
      let ir = mp1 - i;
      let v = q[ir + m - 1];
      if (l < i) {
        // Left-hand B-splines.
        for (let j = l + 1; j <= i; j++) {
          const u = v;
          v = q[ir + m];
          q[ir + m - 1] = u + (x[j - 1] - arg) * v;
          ir++;
        }
      }
      const j1 = Math.max(l - i + 1, 1);
      const j2 = Math.min(l - 1, n - i);
      if (j1 <= j2) {
        // Ordinary B-splines.
        if (i < m2) {
          for (let j = j1; j <= j2; j++) {
            const yj = x[i + j - 1];
            const u = v;
            v = q[ir + m];
            q[ir + m - 1] = u + ((v - u) * (yj - arg)) / (yj - x[j - 1]);
            ir++;
          }
        } else {
          for (let j = j1; j <= j2; j++) {
            const u = v;
            v = q[ir + m];
            q[ir + m - 1] = (arg - x[j - 1]) * u + (x[i + j - 1] - arg) * v;
            ir++;
          }
        }
      }
      const nmip1 = n - i + 1;
      if (nmip1 < l) {
        // Right-hand B-splines.
        for (let j = nmip1; j <= l - 1; j++) {
          const u = v;
          v = q[ir + m];
          q[ir + m - 1] = (arg - x[j - 1]) * u + v;
          ir++;
        }
      }
    }
    for (let j = -mm1; j <= mm1; j++) b[(l - 1) * m2m1 + j + m - 1] = q[j + m - 1];
  }
  // Zero the parts of B outside the matrix.
  for (let i = 1; i <= mm1; i++) {
    for (let k = i; k <= mm1; k++) {
      b[(i - 1) * m2m1 - k + m - 1] = 0;
      b[(n - i) * m2m1 + k + m - 1] = 0;
    }
  }
  let norm = 0;
  for (let i = 1; i <= n; i++) {
    for (let k = -mm1; k <= mm1; k++) norm += Math.abs(b[(i - 1) * m2m1 + k + m - 1]);
  }
  work.tableauNorm = norm / n;
}

/**
 * Woltring's PREP: the matrix W^-1 E of weighted divided-difference coefficients (the
 * roughness penalty in B-spline form) and its mean row L1 norm (work.differenceNorm).
 */
function weightedDividedDifferences(work: FitWorkspace, x: Float64Array, w: Float64Array): void {
  const { m, n, weightedDifferences: we } = work;
  const m2 = 2 * m;
  const mp1 = m + 1;
  const m2m1 = m2 - 1;
  const m2p1 = m2 + 1;
  const nm = n - m;
  let f1 = -1;
  if (m !== 1) {
    for (let i = 2; i <= m; i++) f1 = -f1 * i;
    for (let i = mp1; i <= m2m1; i++) f1 *= i;
  }
  // Column-wise evaluation of the unweighted E.
  let i1 = 1;
  let i2 = m;
  let jm = mp1;
  for (let j = 1; j <= n; j++) {
    let inc = m2p1;
    let f: number;
    if (j > nm) {
      f1 = -f1;
      f = f1;
    } else if (j < mp1) {
      inc = 1;
      f = f1;
    } else {
      f = f1 * (x[j + m - 1] - x[j - m - 1]);
    }
    if (j > mp1) i1++;
    if (i2 < n) i2++;
    let jj = jm;
    // Divided-difference coefficients.
    let ff = f;
    let yj = x[i1 - 1];
    const i1p1 = i1 + 1;
    for (let i = i1p1; i <= i2; i++) ff /= yj - x[i - 1];
    we[jj - 1] = ff;
    jj += m2;
    const i2m1 = i2 - 1;
    for (let l = i1p1; l <= i2m1; l++) {
      ff = f;
      yj = x[l - 1];
      for (let i = i1; i <= l - 1; i++) ff /= yj - x[i - 1];
      for (let i = l + 1; i <= i2; i++) ff /= yj - x[i - 1];
      we[jj - 1] = ff;
      jj += m2;
    }
    ff = f;
    yj = x[i2 - 1];
    for (let i = i1; i <= i2m1; i++) ff /= yj - x[i - 1];
    we[jj - 1] = ff;
    jm += inc;
  }
  // Zero the upper-left and lower-right corners of E.
  let kl = 1;
  const n2m = m2p1 * n + 1;
  for (let i = 1; i <= m; i++) {
    const ku = kl + m - i;
    for (let k = kl; k <= ku; k++) {
      we[k - 1] = 0;
      we[n2m - k - 1] = 0;
    }
    kl += m2p1;
  }
  // W^-1 E and its norm.
  let jj = 0;
  let norm = 0;
  for (let i = 1; i <= n; i++) {
    const wi = w[i - 1];
    for (let j = 1; j <= m2p1; j++) {
      jj++;
      we[jj - 1] /= wi;
      norm += Math.abs(we[jj - 1]);
    }
  }
  work.differenceNorm = norm / n;
}

/**
 * Woltring's SPLC: coefficients for smoothing parameter p, the statistics, and the
 * value of the criterion (GCV, estimated true MSE, or 0 for a given p).
 */
function solveForSmoothing(
  work: FitWorkspace,
  y: Float64Array,
  w: Float64Array,
  criterion: Criterion,
  variance: number,
  p: number,
  c: Float64Array,
): number {
  const { m, n, tableau: b, weightedDifferences: we, system: bwe } = work;
  const m2p1 = 2 * m + 1;
  const m2m1 = 2 * m - 1;
  const el = work.differenceNorm;
  const stats = work.statistics;
  let dp = p;
  stats.smoothingParameter = p;
  const pel = p * el;
  if (pel < EPS) {
    // Pseudo-interpolation: the smallest p that keeps the system well posed.
    dp = EPS / el;
    stats.smoothingParameter = 0;
  }
  if (pel * EPS > 1) {
    // Pseudo least-squares polynomial.
    dp = 1 / (el * EPS);
    stats.smoothingParameter = dp;
  }
  // BWE = B + p W^-1 E.
  for (let i = 1; i <= n; i++) {
    const km = -Math.min(m, i - 1);
    const kp = Math.min(m, n - i);
    for (let k = km; k <= kp; k++) {
      const index = (i - 1) * m2p1 + k + m;
      bwe[index] = Math.abs(k) === m ? dp * we[index] : b[(i - 1) * m2m1 + k + m - 1] + dp * we[index];
    }
  }
  bandDecompose(bwe, m, n);
  bandSolve(bwe, y, c, m, n);
  const trace = traceOfInverseProduct(we, bwe, m, n) * dp;
  const trn = trace / n;
  // Mean squared weighted residual.
  let esn = 0;
  for (let i = 1; i <= n; i++) {
    let dt = -y[i - 1];
    const km = -Math.min(m - 1, i - 1);
    const kp = Math.min(m - 1, n - i);
    for (let k = km; k <= kp; k++) dt += b[(i - 1) * m2m1 + k + m - 1] * c[i + k - 1];
    esn += dt * dt * w[i - 1];
  }
  esn /= n;
  stats.residualDegreesOfFreedom = trace;
  stats.meanSquaredResidual = esn;
  const estimatedVariance = esn / trn;
  stats.generalizedCrossValidation = estimatedVariance / trn;
  if (criterion === 'meanSquaredError') {
    stats.trueMeanSquaredError = esn - variance * (2 * trn - 1);
    return stats.trueMeanSquaredError;
  }
  stats.trueMeanSquaredError = estimatedVariance - esn;
  stats.errorVariance = estimatedVariance;
  return criterion === 'gcv' ? stats.generalizedCrossValidation : 0;
}

/** Woltring's BANDET: in-place LU decomposition (no pivoting) of a matrix with m bands each side. */
function bandDecompose(e: Float64Array, m: number, n: number): void {
  const m2p1 = 2 * m + 1;
  for (let i = 1; i <= n; i++) {
    let di = e[(i - 1) * m2p1 + m];
    const mi = Math.min(m, i - 1);
    if (mi >= 1) {
      for (let k = 1; k <= mi; k++) di -= e[(i - 1) * m2p1 - k + m] * e[(i - k - 1) * m2p1 + k + m];
      e[(i - 1) * m2p1 + m] = di;
    }
    const lm = Math.min(m, n - i);
    for (let l = 1; l <= lm; l++) {
      let dl = e[(i + l - 1) * m2p1 - l + m];
      const km = Math.min(m - l, i - 1);
      if (km >= 1) {
        let du = e[(i - 1) * m2p1 + l + m];
        for (let k = 1; k <= km; k++) {
          du -= e[(i - 1) * m2p1 - k + m] * e[(i - k - 1) * m2p1 + l + k + m];
          dl -= e[(l + i - 1) * m2p1 - l - k + m] * e[(i - k - 1) * m2p1 + k + m];
        }
        e[(i - 1) * m2p1 + l + m] = du;
      }
      e[(i + l - 1) * m2p1 - l + m] = dl / di;
    }
  }
}

/** Woltring's BANSOL: solves E c = y with E decomposed by bandDecompose. */
function bandSolve(e: Float64Array, y: Float64Array, c: Float64Array, m: number, n: number): void {
  const m2p1 = 2 * m + 1;
  c[0] = y[0];
  for (let i = 2; i <= n; i++) {
    const mi = Math.min(m, i - 1);
    let d = y[i - 1];
    for (let k = 1; k <= mi; k++) d -= e[(i - 1) * m2p1 - k + m] * c[i - k - 1];
    c[i - 1] = d;
  }
  c[n - 1] /= e[(n - 1) * m2p1 + m];
  for (let i = n - 1; i >= 1; i--) {
    const mi = Math.min(m, n - i);
    let d = c[i - 1];
    for (let k = 1; k <= mi; k++) d -= e[(i - 1) * m2p1 + k + m] * c[i + k - 1];
    c[i - 1] = d / e[(i - 1) * m2p1 + m];
  }
}

/**
 * Woltring's TRINV: trace(B E^-1) with E in LU form, by the Erisman-Tinney recursion for
 * the central 2m+1 bands of E^-1 (left in e; the spare row n and column 1 slots used as
 * scratch are cleared on return).
 */
function traceOfInverseProduct(b: Float64Array, e: Float64Array, m: number, n: number): number {
  const m2p1 = 2 * m + 1;
  e[(n - 1) * m2p1 + m] = 1 / e[(n - 1) * m2p1 + m];
  for (let i = n - 1; i >= 1; i--) {
    const mi = Math.min(m, n - i);
    let dd = 1 / e[(i - 1) * m2p1 + m];
    // Save the i-th column of L and the i-th row of U (normalised) in spare slots.
    for (let k = 1; k <= mi; k++) {
      e[(n - 1) * m2p1 + k + m] = e[(i - 1) * m2p1 + k + m] * dd;
      e[m - k] = e[(k + i - 1) * m2p1 - k + m];
    }
    dd += dd;
    // Invert around the i-th pivot.
    for (let j = mi; j >= 1; j--) {
      let du = 0;
      let dl = 0;
      for (let k = 1; k <= mi; k++) {
        du -= e[(n - 1) * m2p1 + k + m] * e[(i + k - 1) * m2p1 + j - k + m];
        dl -= e[m - k] * e[(i + j - 1) * m2p1 + k - j + m];
      }
      e[(i - 1) * m2p1 + j + m] = du;
      e[(j + i - 1) * m2p1 - j + m] = dl;
      dd -= e[(n - 1) * m2p1 + j + m] * dl + e[m - j] * du;
    }
    e[(i - 1) * m2p1 + m] = dd / 2;
  }
  let trace = 0;
  for (let i = 1; i <= n; i++) {
    const mn = -Math.min(m, i - 1);
    const mp = Math.min(m, n - i);
    for (let k = mn; k <= mp; k++) trace += b[(i - 1) * m2p1 + k + m] * e[(k + i - 1) * m2p1 - k + m];
  }
  for (let k = 1; k <= m; k++) {
    e[(n - 1) * m2p1 + k + m] = 0;
    e[m - k] = 0;
  }
  return trace;
}

// ---------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------

/**
 * Woltring's SEARCH: the knot interval l with x(l) <= t < x(l+1) (1-based; 0 left of the
 * knots, n at or right of the last), starting from the hint.
 */
function findInterval(x: Float64Array, t: number, hint: number): number {
  const n = x.length;
  if (t < x[0]) return 0;
  if (t >= x[n - 1]) return n;
  let l = hint > 1 ? hint : 1;
  if (l >= n) l = n - 1;
  let lower: number;
  let upper: number;
  if (t >= x[l - 1]) {
    if (t < x[l]) return l;
    l++;
    if (t < x[l]) return l;
    lower = l + 1;
    upper = n;
  } else {
    l--;
    if (t >= x[l - 1]) return l;
    lower = 1;
    upper = l;
  }
  for (;;) {
    l = (lower + upper) >> 1;
    if (upper - lower <= 1) return l;
    if (t < x[l - 1]) upper = l;
    else lower = l;
  }
}

/**
 * Value (derivative 0) or derivative of order 1 .. 2m-1 of the spline at t (Woltring's
 * SPLDER; derivatives of order >= 2m are 0). Outside the knots the natural spline
 * continues as the polynomial of degree m-1. Allocates nothing.
 */
export function evaluateGcvSpline(spline: GcvSpline, t: number, derivative = 0): number {
  const m = spline.halfOrder;
  const x = spline.knots;
  const c = spline.coefficients;
  const q = spline.scratch;
  const n = x.length;
  const m2 = 2 * m;
  if (derivative < 0 || derivative !== Math.floor(derivative)) {
    throw new KinechainError('OUT_OF_RANGE', `spline derivative order must be a whole number >= 0, got ${derivative}`);
  }
  const k = m2 - derivative;
  if (k < 1) return 0;
  const l = findInterval(x, t, spline.intervalHint);
  spline.intervalHint = l;

  const mp1 = m + 1;
  const npm = n + m;
  const m2m1 = m2 - 1;
  const k1 = k - 1;
  const nk = n - k;
  const lk = l - k;
  const lk1 = lk + 1;
  let jl = l + 1;
  const ju = l + m2;
  let ii = n - m2;
  let ml = -l;
  for (let j = jl; j <= ju; j++) q[j + ml - 1] = j >= mp1 && j <= npm ? c[j - m - 1] : 0;

  // Differences of the coefficients for a derivative.
  if (derivative > 0) {
    jl -= m2;
    ml += m2;
    for (let i = 1; i <= derivative; i++) {
      jl++;
      ii++;
      const j1 = jl > 1 ? jl : 1;
      const j2 = l < ii ? l : ii;
      const mi = m2 - i;
      let j = j2 + 1;
      for (let step = j1; step <= j2; step++) {
        j--;
        const jm = ml + j;
        q[jm - 1] = (q[jm - 1] - q[jm - 2]) / (x[j + mi - 1] - x[j - 1]);
      }
      if (jl < 1) {
        const i1 = i + 1;
        j = ml + 1;
        for (let step = i1; step <= ml; step++) {
          j--;
          q[j - 1] = -q[j - 2];
        }
      }
    }
    for (let j = 1; j <= k; j++) q[j - 1] = q[j + derivative - 1];
  }

  // Lower half of the evaluation tableau.
  for (let i = 1; i <= k1; i++) {
    const nki = nk + i;
    let ir = k;
    let jj = l;
    const ki = k - i;
    const nki1 = nki + 1;
    // Right-hand B-splines.
    for (let j = nki1; j <= l; j++) {
      q[ir - 1] = q[ir - 2] + (t - x[jj - 1]) * q[ir - 1];
      jj--;
      ir--;
    }
    // Middle B-splines.
    const lk1i = lk1 + i;
    const j1 = lk1i > 1 ? lk1i : 1;
    const j2 = l < nki ? l : nki;
    for (let j = j1; j <= j2; j++) {
      const xjki = x[jj + ki - 1];
      const z = q[ir - 1];
      q[ir - 1] = z + ((xjki - t) * (q[ir - 2] - z)) / (xjki - x[jj - 1]);
      ir--;
      jj--;
    }
    // Left-hand B-splines.
    if (lk1i <= 0) {
      jj = ki;
      const lk1i1 = 1 - lk1i;
      for (let j = 1; j <= lk1i1; j++) {
        q[ir - 1] = q[ir - 1] + (x[jj - 1] - t) * q[ir - 2];
        jj--;
        ir--;
      }
    }
  }
  let z = q[k - 1];
  if (derivative > 0) for (let j = k; j <= m2m1; j++) z *= j;
  return z;
}
