/**
 * The quadratic programme of one step of sequential quadratic programming (SQP) for a
 * posture held in static equilibrium: the posture and the forces that hold it are found
 * together, as one problem, instead of an outer search over postures around an inner QP
 * over forces (whose optimal value is only piecewise smooth in the posture).
 *
 * The full problem, over posture variables theta [p] and forces x [n0] (activations,
 * contact, locks, slacks, reserves: the equilibrium QP's variables):
 *
 *   minimise   f(x) + sum_t w_t r_t(theta)^2
 *   subject to A(theta) x = b(theta),  lo <= x <= hi,  theta in its ranges
 *
 * with f the equilibrium QP's objective (1/2 x'Hx + g'x) and r_t residuals priced
 * quadratically (passive tissue loads, force-cap excesses). At a posture theta_k with the
 * equilibrium solution x_k, the step QP linearises the constraints and the residuals in the
 * posture step d:
 *
 *   minimise   1/2 x'Hx + g'x + sum_t w_t r_t^2 + 1/2 sum_i mu_i d_i^2 + 1/2 d'Cd
 *   subject to A_k x + M d = b_k                       (m0 rows)
 *              r_t - (J d)_t = r_t(theta_k)              (one row per residual)
 *              lo <= x <= hi,  dLower <= d <= dUpper
 *
 * M [m0 x p] = d(A(theta) x_k - b(theta))/d theta, J [nR x p] = dr/d theta (the caller
 * gives both, e.g. by finite differences along the posture variables). The activations and
 * forces enter exactly (bounds included), so the step accounts for muscles switching on or
 * off; the curvature of the posture's cost comes through the linearised constraints (how
 * much effort a change of posture costs or saves) and the residuals (a Gauss-Newton model
 * of the passive load). What that misses (the second derivatives of the constraints and
 * their coupling with the forces) the caller may supply as a positive semi-definite
 * correction C [p x p] (e.g. learnt by secant updates); mu is a small damping that keeps
 * the QP strictly convex. The bounds on d hold the posture in its ranges and within a trust
 * region. C enters as C = L L' with p more variables z = L'd priced 1/2 z'z, so every
 * Hessian entry stays diagonal and the QP is the dual active-set bounded QP of
 * core/math/bounded-qp.ts with its range-space method; rows are equilibrated
 * (equilibrateRows) before the solve.
 *
 * Model value: at d = 0, x = x_k, r = r(theta_k) the objective equals the full objective
 * at theta_k, so (full objective at theta_k) - (QP optimum) is the decrease the step
 * predicts (>= 0).
 *
 * Variables of the step QP: [x (n0) | r (nR) | d (p) | z (p, with a correction)]; rows:
 * [m0 | nR | p (with a correction)]. Allocates at make time only.
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
  readonly maxResiduals: number;
  readonly maxSteps: number;
  /** Sizes of the last assembly: base variables, base rows, residuals, step variables, correction rank (0 or p). */
  n0: number;
  m0: number;
  nResidual: number;
  nStep: number;
  nCorrection: number;
  readonly problem: BoundedQpProblem;
  readonly qp: BoundedQpWorkspace;
  /** [rows] scale of each row (equilibrateRows). */
  readonly rowScale: Float64Array;
  /** [rows] multipliers of the unscaled rows after solvePostureStepQp. */
  readonly rowMultiplier: Float64Array;
  /** [p] the step d, and the derivative of the Lagrangian of the full problem in theta at the QP's multipliers. */
  readonly step: Float64Array;
  readonly lagrangianGradient: Float64Array;
  /** [p] multipliers of the step's bounds (nu = H d + g - A' lambda: > 0 pressing on the lower bound, < 0 on the upper). */
  readonly boundMultiplier: Float64Array;
  /** [p] columns M and -J kept unscaled, for the Lagrangian gradient: column i over all rows, stride rows. */
  readonly stepColumn: Float64Array;
}

const WARM: BoundedQpOptions = Object.freeze({ warmStart: true });
const COLD: BoundedQpOptions = Object.freeze({ warmStart: false });

/** Buffers for step QPs of up to the given sizes. */
export function makePostureStepQp(maxBaseVariables: number, maxBaseRows: number, maxResiduals: number, maxSteps: number): PostureStepQp {
  for (const [what, value] of [
    ['maxBaseVariables', maxBaseVariables],
    ['maxBaseRows', maxBaseRows],
    ['maxResiduals', maxResiduals],
    ['maxSteps', maxSteps],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 0)) throw new KinechainError('OUT_OF_RANGE', `${what} must be a non-negative integer, got ${value}`);
  }
  const variables = maxBaseVariables + maxResiduals + 2 * maxSteps;
  const rows = maxBaseRows + maxResiduals + maxSteps;
  return {
    maxBaseVariables,
    maxBaseRows,
    maxResiduals,
    maxSteps,
    n0: 0,
    m0: 0,
    nResidual: 0,
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
    stepColumn: new Float64Array(maxSteps * rows),
  };
}

/** What assemblePostureStepQp reads (arrays are not kept). */
export interface PostureStepInput {
  /** The equilibrium QP at theta_k, rows NOT scaled (its n and m are n0 and m0). */
  readonly base: BoundedQpProblem;
  /** Number of step variables p. */
  readonly nStep: number;
  /** [m0 * p] M, column-major: entry (row, i) at i * m0 + row. */
  readonly linearisation: Float64Array;
  /** Number of residuals nR; [nR] r(theta_k); [nR * p] J column-major (entry (t, i) at i * nR + t); [nR] price w_t > 0. */
  readonly nResidual: number;
  readonly residual: Float64Array;
  readonly residualJacobian: Float64Array;
  readonly residualPrice: Float64Array;
  /** [p] damping mu_i > 0. */
  readonly damping: Float64Array;
  /** [p * p] a factor L of the correction C = L L' (row-major, any shape: see positiveSemidefiniteFactor), or null for none. */
  readonly correctionFactor: Float64Array | null;
}

/** Fills the step QP from `input` (see the file comment); the step bounds are set by setPostureStepBounds. */
export function assemblePostureStepQp(stepQp: PostureStepQp, input: PostureStepInput): void {
  const base = input.base;
  const n0 = base.n;
  const m0 = base.m;
  const nR = input.nResidual;
  const p = input.nStep;
  if (n0 > stepQp.maxBaseVariables || m0 > stepQp.maxBaseRows || nR > stepQp.maxResiduals || p > stepQp.maxSteps) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `step QP of ${n0} + ${nR} + ${p} variables and ${m0} + ${nR} rows exceeds the buffers ` +
        `(${stepQp.maxBaseVariables} + ${stepQp.maxResiduals} + ${stepQp.maxSteps}, ${stepQp.maxBaseRows} + ${stepQp.maxResiduals})`,
    );
  }
  if (base.hessianKind !== 'diagonal') throw new KinechainError('UNSUPPORTED', 'the step QP needs an equilibrium QP with a diagonal Hessian');
  stepQp.n0 = n0;
  stepQp.m0 = m0;
  stepQp.nResidual = nR;
  stepQp.nStep = p;
  const factor = input.correctionFactor;
  const nC = factor === null ? 0 : p;
  stepQp.nCorrection = nC;
  const problem = stepQp.problem;
  const n = n0 + nR + p + nC;
  const m = m0 + nR + nC;
  problem.n = n;
  problem.m = m;
  const a = problem.equalityMatrix;
  a.fill(0, 0, m * n);
  const baseMatrix = base.equalityMatrix;
  for (let row = 0; row < m0; row++) {
    const from = row * n0;
    const to = row * n;
    for (let i = 0; i < n0; i++) a[to + i] = baseMatrix[from + i];
    for (let i = 0; i < p; i++) a[to + n0 + nR + i] = input.linearisation[i * m0 + row];
    problem.equalityTarget[row] = base.equalityTarget[row];
  }
  for (let t = 0; t < nR; t++) {
    const to = (m0 + t) * n;
    a[to + n0 + t] = 1;
    for (let i = 0; i < p; i++) a[to + n0 + nR + i] = -input.residualJacobian[i * nR + t];
    problem.equalityTarget[m0 + t] = input.residual[t];
  }
  // Correction rows: z_k - sum_i L_ik d_i = 0.
  if (factor !== null) {
    for (let k = 0; k < p; k++) {
      const to = (m0 + nR + k) * n;
      a[to + n0 + nR + p + k] = 1;
      for (let i = 0; i < p; i++) a[to + n0 + nR + i] = -factor[i * p + k];
      problem.equalityTarget[m0 + nR + k] = 0;
      const variable = n0 + nR + p + k;
      problem.hessian[variable] = 1;
      problem.gradient[variable] = 0;
      problem.lower[variable] = -Infinity;
      problem.upper[variable] = Infinity;
    }
  }
  for (let i = 0; i < n0; i++) {
    problem.hessian[i] = base.hessian[i];
    problem.gradient[i] = base.gradient[i];
    problem.lower[i] = base.lower[i];
    problem.upper[i] = base.upper[i];
  }
  for (let t = 0; t < nR; t++) {
    const price = input.residualPrice[t];
    if (!(price > 0)) throw new KinechainError('OUT_OF_RANGE', `residual price ${t} must be > 0, got ${price}`);
    problem.hessian[n0 + t] = 2 * price;
    problem.gradient[n0 + t] = 0;
    problem.lower[n0 + t] = -Infinity;
    problem.upper[n0 + t] = Infinity;
  }
  for (let i = 0; i < p; i++) {
    const mu = input.damping[i];
    if (!(mu > 0)) throw new KinechainError('OUT_OF_RANGE', `step damping ${i} must be > 0, got ${mu}`);
    const variable = n0 + nR + i;
    problem.hessian[variable] = mu;
    problem.gradient[variable] = 0;
    problem.lower[variable] = -Infinity;
    problem.upper[variable] = Infinity;
    // Unscaled step columns over the rows of the full problem (not the correction's), for its Lagrangian gradient.
    for (let row = 0; row < m0 + nR; row++) stepQp.stepColumn[i * (m0 + nR) + row] = a[row * n + variable];
  }
  equilibrateRows(problem, stepQp.rowScale);
}

/** Bounds of the step variables [p] (lower < upper; may be infinite). */
export function setPostureStepBounds(stepQp: PostureStepQp, lower: ArrayLike<number>, upper: ArrayLike<number>): void {
  const first = stepQp.n0 + stepQp.nResidual;
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
 * multipliers of the step's bounds, and the Lagrangian gradient of the full problem in
 * theta at the QP's multipliers, -(M' lambda_M - J' lambda_J) (= -(mu + C) d where the step
 * is not on a bound). Returns the QP result.
 */
export function solvePostureStepQp(stepQp: PostureStepQp, warm: boolean): BoundedQpResult {
  let result = solveBoundedQp(stepQp.problem, stepQp.qp, warm ? WARM : COLD);
  if (warm && result.status !== 'optimal') result = solveBoundedQp(stepQp.problem, stepQp.qp, COLD);
  const m = stepQp.problem.m;
  for (let row = 0; row < m; row++) stepQp.rowMultiplier[row] = stepQp.qp.equalityMultiplier[row] * stepQp.rowScale[row];
  const first = stepQp.n0 + stepQp.nResidual;
  const rows = stepQp.m0 + stepQp.nResidual;
  for (let i = 0; i < stepQp.nStep; i++) {
    stepQp.step[i] = stepQp.qp.x[first + i];
    stepQp.boundMultiplier[i] = stepQp.qp.boundMultiplier[first + i];
    let sum = 0;
    for (let row = 0; row < rows; row++) sum -= stepQp.stepColumn[i * rows + row] * stepQp.rowMultiplier[row];
    stepQp.lagrangianGradient[i] = sum;
  }
  return result;
}

/**
 * Projects the symmetric matrix C [p * p] (row-major) onto the positive semi-definite
 * matrices (its negative eigenvalues set to 0), in place, and writes a factor
 * L = V diag(sqrt(lambda+)) with C = L L' into `factor` [p * p]. Cyclic Jacobi rotations
 * (p is small: the posture has at most a few tens of variables). `work` [p * p] is scratch.
 * Returns the largest eigenvalue.
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
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
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
