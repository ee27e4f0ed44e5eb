/**
 * The quadratic programme of one step of sequential quadratic programming (SQP) for a
 * posture held in static equilibrium: the posture and the forces that hold it are found
 * together, as one problem, instead of an outer search over postures around an inner QP
 * over forces (whose optimal value is only piecewise smooth in the posture).
 *
 * The full problem, over posture variables theta [p] and forces x [n0] (activations,
 * contact, locks, slacks, reserves: the equilibrium QP's variables):
 *
 *   minimise   f(x) + P(theta)
 *   subject to A(theta) x = b(theta),  lo <= x <= hi,  theta in its ranges
 *
 * with f the equilibrium QP's objective (1/2 x'Hx + g'x) and P a smooth cost of the
 * posture alone. At a posture theta_k with the equilibrium solution x_k, the step QP
 * linearises the constraints in the posture step d and models P to second order:
 *
 *   minimise   1/2 x'Hx + g'x + gP'd + 1/2 d'(C + diag(mu))d
 *   subject to A_k x + M d = b_k          (m0 rows)
 *              lo <= x <= hi,  dLower <= d <= dUpper
 *
 * M [m0 x p] = d(A(theta) x_k - b(theta))/d theta (the caller gives it, e.g. by finite
 * differences along the posture variables); gP = dP/d theta. The activations and forces
 * enter exactly (bounds included), so the step accounts for muscles switching on or off;
 * the curvature of the effort in the posture comes through the linearised constraints (how
 * much effort a change of posture costs or saves). C [p x p], positive semi-definite, is the
 * rest of the curvature the caller knows (a Gauss-Newton model of P, secant corrections of
 * what the linearisation misses); mu > 0 is a small damping that keeps the QP strictly
 * convex. The bounds on d hold the posture in its ranges and within a trust region.
 * C enters as C = L L' with p more variables z = L'd priced 1/2 z'z (and p rows
 * z - L'd = 0), so every Hessian entry stays diagonal and the QP is the dual active-set
 * bounded QP of core/math/bounded-qp.ts with its range-space method; rows are equilibrated
 * (equilibrateRows) before the solve.
 *
 * Model value: at d = 0, x = x_k the objective equals f(x_k), so
 * f(x_k) - (QP optimum) is the decrease of f + P the step predicts (>= 0).
 *
 * Variables of the step QP: [x (n0) | d (p) | z (p, with a correction)]; rows:
 * [m0 | p (with a correction)]. Allocates at make time only.
 */
import { KinechainError } from '../errors.js';
import {
  equilibrateRows,
  makeBoundedQpWorkspace,
  solveBoundedQp,
  type BoundedQpOptions,
  type BoundedQpProblem,
  type BoundedQpResult,
  type BoundedQpWorkspace,
} from '../math/bounded-qp.js';

export interface PostureStepQp {
  readonly maxBaseVariables: number;
  readonly maxBaseRows: number;
  readonly maxSteps: number;
  /** Sizes of the last assembly: base variables, base rows, step variables, correction rank (0 or p). */
  n0: number;
  m0: number;
  nStep: number;
  nCorrection: number;
  readonly problem: BoundedQpProblem;
  readonly qp: BoundedQpWorkspace;
  /** [rows] scale of each row (equilibrateRows). */
  readonly rowScale: Float64Array;
  /** [rows] multipliers of the unscaled rows after solvePostureStepQp. */
  readonly rowMultiplier: Float64Array;
  /** [p] the step d; the derivative of the full problem's Lagrangian in theta at the QP's multipliers; the multipliers of the step's bounds. */
  readonly step: Float64Array;
  readonly lagrangianGradient: Float64Array;
  readonly boundMultiplier: Float64Array;
  /** [p * maxBaseRows] M as assembled (column-major, stride m0), and [p] gP, for the Lagrangian gradient. */
  readonly linearisation: Float64Array;
  readonly postureGradient: Float64Array;
}

const WARM: BoundedQpOptions = Object.freeze({ warmStart: true });
const COLD: BoundedQpOptions = Object.freeze({ warmStart: false });

/** Buffers for step QPs of up to the given sizes. */
export function makePostureStepQp(maxBaseVariables: number, maxBaseRows: number, maxSteps: number): PostureStepQp {
  for (const [what, value] of [
    ['maxBaseVariables', maxBaseVariables],
    ['maxBaseRows', maxBaseRows],
    ['maxSteps', maxSteps],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 0)) throw new KinechainError('OUT_OF_RANGE', `${what} must be a non-negative integer, got ${value}`);
  }
  const variables = maxBaseVariables + 2 * maxSteps;
  const rows = maxBaseRows + maxSteps;
  return {
    maxBaseVariables,
    maxBaseRows,
    maxSteps,
    n0: 0,
    m0: 0,
    nStep: 0,
    nCorrection: 0,
    problem: {
      n: 0,
      m: 0,
      hessianKind: 'diagonal',
      hessian: new Float64Array(variables),
      gradient: new Float64Array(variables),
      equalityMatrix: new Float64Array(rows * variables),
      equalityTarget: new Float64Array(rows),
      lower: new Float64Array(variables),
      upper: new Float64Array(variables),
    },
    qp: makeBoundedQpWorkspace(variables, rows, { denseHessian: false }),
    rowScale: new Float64Array(rows),
    rowMultiplier: new Float64Array(rows),
    step: new Float64Array(maxSteps),
    lagrangianGradient: new Float64Array(maxSteps),
    boundMultiplier: new Float64Array(maxSteps),
    linearisation: new Float64Array(maxSteps * maxBaseRows),
    postureGradient: new Float64Array(maxSteps),
  };
}

/** What assemblePostureStepQp reads (arrays are copied, not kept). */
export interface PostureStepInput {
  /** The equilibrium QP at theta_k, rows NOT scaled (its n and m are n0 and m0; diagonal Hessian). */
  readonly base: BoundedQpProblem;
  /** Number of step variables p. */
  readonly nStep: number;
  /** [m0 * p] M, column-major: entry (row, i) at i * m0 + row. */
  readonly linearisation: Float64Array;
  /** [p] gP = dP/d theta. */
  readonly postureGradient: Float64Array;
  /** [p] damping mu_i > 0. */
  readonly damping: Float64Array;
  /** [p * p] a factor L of C = L L' (row-major, any shape: see positiveSemidefiniteFactor), or null for C = 0. */
  readonly correctionFactor: Float64Array | null;
}

/** Fills the step QP from `input` (see the file comment); the step bounds are set by setPostureStepBounds. */
export function assemblePostureStepQp(stepQp: PostureStepQp, input: PostureStepInput): void {
  const base = input.base;
  const n0 = base.n;
  const m0 = base.m;
  const p = input.nStep;
  if (n0 > stepQp.maxBaseVariables || m0 > stepQp.maxBaseRows || p > stepQp.maxSteps) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `step QP of ${n0} + ${p} variables and ${m0} rows exceeds the buffers (${stepQp.maxBaseVariables} + ${stepQp.maxSteps}, ${stepQp.maxBaseRows})`,
    );
  }
  if (base.hessianKind !== 'diagonal') throw new KinechainError('UNSUPPORTED', 'the step QP needs an equilibrium QP with a diagonal Hessian');
  const factor = input.correctionFactor;
  const nC = factor === null ? 0 : p;
  stepQp.n0 = n0;
  stepQp.m0 = m0;
  stepQp.nStep = p;
  stepQp.nCorrection = nC;
  const problem = stepQp.problem;
  const n = n0 + p + nC;
  const m = m0 + nC;
  problem.n = n;
  problem.m = m;
  const a = problem.equalityMatrix;
  a.fill(0, 0, m * n);
  const baseMatrix = base.equalityMatrix;
  for (let row = 0; row < m0; row++) {
    const from = row * n0;
    const to = row * n;
    for (let i = 0; i < n0; i++) a[to + i] = baseMatrix[from + i];
    for (let i = 0; i < p; i++) a[to + n0 + i] = input.linearisation[i * m0 + row];
    problem.equalityTarget[row] = base.equalityTarget[row];
  }
  stepQp.linearisation.set(input.linearisation.subarray(0, p * m0));
  stepQp.postureGradient.set(input.postureGradient.subarray(0, p));
  for (let i = 0; i < n0; i++) {
    problem.hessian[i] = base.hessian[i];
    problem.gradient[i] = base.gradient[i];
    problem.lower[i] = base.lower[i];
    problem.upper[i] = base.upper[i];
  }
  for (let i = 0; i < p; i++) {
    const mu = input.damping[i];
    if (!(mu > 0)) throw new KinechainError('OUT_OF_RANGE', `step damping ${i} must be > 0, got ${mu}`);
    const variable = n0 + i;
    problem.hessian[variable] = mu;
    problem.gradient[variable] = input.postureGradient[i];
    problem.lower[variable] = -Infinity;
    problem.upper[variable] = Infinity;
  }
  // Correction rows: z_k - sum_i L_ik d_i = 0, z_k priced 1/2 z_k^2.
  if (factor !== null) {
    for (let k = 0; k < p; k++) {
      const to = (m0 + k) * n;
      a[to + n0 + p + k] = 1;
      for (let i = 0; i < p; i++) a[to + n0 + i] = -factor[i * p + k];
      problem.equalityTarget[m0 + k] = 0;
      const variable = n0 + p + k;
      problem.hessian[variable] = 1;
      problem.gradient[variable] = 0;
      problem.lower[variable] = -Infinity;
      problem.upper[variable] = Infinity;
    }
  }
  equilibrateRows(problem, stepQp.rowScale);
}

/** Bounds of the step variables [p] (lower < upper; may be infinite). */
export function setPostureStepBounds(stepQp: PostureStepQp, lower: ArrayLike<number>, upper: ArrayLike<number>): void {
  const first = stepQp.n0;
  for (let i = 0; i < stepQp.nStep; i++) {
    if (!(lower[i] < upper[i])) {
      throw new KinechainError('OUT_OF_RANGE', `step bounds ${i} must satisfy lower < upper, got [${lower[i]}, ${upper[i]}]`);
    }
    stepQp.problem.lower[first + i] = lower[i];
    stepQp.problem.upper[first + i] = upper[i];
  }
}

/**
 * Solves the assembled step QP (warm-started from workspace.activeSet when `warm`; a warm
 * start that fails is retried cold). Fills stepQp.step, the unscaled row multipliers, the
 * multipliers of the step's bounds, and the derivative of the full problem's Lagrangian in
 * theta at the QP's multipliers, gP - M' lambda (= -(C + diag(mu)) d + nu where nu are the
 * step bounds' multipliers). Returns the QP result.
 */
export function solvePostureStepQp(stepQp: PostureStepQp, warm: boolean): BoundedQpResult {
  let result = solveBoundedQp(stepQp.problem, stepQp.qp, warm ? WARM : COLD);
  if (warm && result.status !== 'optimal') result = solveBoundedQp(stepQp.problem, stepQp.qp, COLD);
  const m = stepQp.problem.m;
  const m0 = stepQp.m0;
  for (let row = 0; row < m; row++) stepQp.rowMultiplier[row] = stepQp.qp.equalityMultiplier[row] * stepQp.rowScale[row];
  const first = stepQp.n0;
  for (let i = 0; i < stepQp.nStep; i++) {
    stepQp.step[i] = stepQp.qp.x[first + i];
    stepQp.boundMultiplier[i] = stepQp.qp.boundMultiplier[first + i];
    let sum = stepQp.postureGradient[i];
    for (let row = 0; row < m0; row++) sum -= stepQp.linearisation[i * m0 + row] * stepQp.rowMultiplier[row];
    stepQp.lagrangianGradient[i] = sum;
  }
  return result;
}

/**
 * Projects the symmetric matrix C [p * p] (row-major) onto the positive semi-definite
 * matrices (its negative eigenvalues set to 0), in place, and writes a factor
 * L = V diag(sqrt(lambda+)) with C = L L' into `factor` [p * p]. Cyclic Jacobi rotations
 * (p is small: the posture has at most a few tens of variables). `work` [p * p] is scratch.
 * Returns the largest eigenvalue (0 when C projects to 0).
 */
export function positiveSemidefiniteFactor(matrix: Float64Array, p: number, factor: Float64Array, work: Float64Array): number {
  const a = work;
  for (let i = 0; i < p * p; i++) a[i] = matrix[i];
  const v = factor;
  v.fill(0, 0, p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let scale = 0;
    for (let i = 0; i < p; i++) {
      scale += a[i * p + i] * a[i * p + i];
      for (let k = i + 1; k < p; k++) off += a[i * p + k] * a[i * p + k];
    }
    if (!(off > 1e-24 * scale)) break;
    for (let i = 0; i < p; i++) {
      for (let k = i + 1; k < p; k++) {
        const aik = a[i * p + k];
        if (aik === 0) continue;
        const theta = (a[k * p + k] - a[i * p + i]) / (2 * aik);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let r = 0; r < p; r++) {
          const ari = a[r * p + i];
          const ark = a[r * p + k];
          a[r * p + i] = c * ari - sn * ark;
          a[r * p + k] = sn * ari + c * ark;
        }
        for (let r = 0; r < p; r++) {
          const air = a[i * p + r];
          const akr = a[k * p + r];
          a[i * p + r] = c * air - sn * akr;
          a[k * p + r] = sn * air + c * akr;
        }
        for (let r = 0; r < p; r++) {
          const vri = v[r * p + i];
          const vrk = v[r * p + k];
          v[r * p + i] = c * vri - sn * vrk;
          v[r * p + k] = sn * vri + c * vrk;
        }
      }
    }
  }
  let largest = 0;
  for (let k = 0; k < p; k++) {
    const lambda = Math.max(a[k * p + k], 0);
    if (lambda > largest) largest = lambda;
    const root = Math.sqrt(lambda);
    for (let r = 0; r < p; r++) v[r * p + k] *= root;
  }
  // C = L L' with the negative part removed.
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < p; k++) {
      let sum = 0;
      for (let j = 0; j < p; j++) sum += v[i * p + j] * v[k * p + j];
      matrix[i * p + k] = sum;
    }
  }
  return largest;
}
