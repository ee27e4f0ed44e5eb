/**
 * Dense convex quadratic programme with equality constraints and bounds, on Float64Arrays:
 *
 *   minimise   1/2 x'Hx + g'x
 *   subject to A x = b            (m rows, A row-major [m*n])
 *              lo <= x <= hi      (entries may be -Infinity / +Infinity; lo == hi fixes a variable)
 *
 * H is diagonal with positive entries (the common case: weighted squares of activations and
 * actuator controls) or a general symmetric positive-definite matrix.
 *
 * Method: the dual active-set method of Goldfarb & Idnani (1983, Math Program 27:1-33,
 * "A numerically stable dual method for solving strictly convex quadratic programs")
 * specialised to bounds, with the equality constraints always active and the bound
 * working set W handled by the range-space (Schur-complement) method. For a working set W
 * the variables in W sit on their bounds; the free ones F solve the equality-constrained
 * problem
 *
 *   H_FF x_F - A_F' lambda = -(g_F + H_FW x_W),   A_F x_F = b - A_W x_W,
 *
 * i.e. S lambda = (b - A_W x_W) - A_F H_FF^-1 rhs_F with the Schur complement
 * S = A_F H_FF^-1 A_F' (m x m). With a diagonal H, S is a sum of outer products of the
 * sparse columns of A scaled by 1/h_ii, and H_FF^-1 is free: a solve costs the nonzeros of
 * A plus an m x m Cholesky, whatever n is. A dense H costs a Cholesky of H_FF as well.
 *
 * Why the dual method: every iterate is the exact minimiser of its subproblem (dual
 * feasible, multipliers of W of the right sign) and satisfies A x = b; it starts from the
 * equality-constrained minimum and adds the most violated bound, moving along the path
 * that raises that bound's multiplier from 0 while keeping the others non-negative
 * ("partial steps" drop a bound whose multiplier reaches 0). So no feasible starting point
 * is needed, and infeasibility is detected exactly: a violated bound that cannot be reached
 * (its column depends on the active constraints) while no active multiplier decreases
 * means the constraints admit no point. The objective of the subproblem rises strictly at
 * every full step, so the method terminates. In floating point a degenerate vertex (bounds
 * that depend on each other through the equalities) can still make two bounds take turns,
 * each left just outside its range by the rounding of the other's release: ties between the
 * full and a partial step go to the full step, a full step is never negative, and a bound
 * released by partial steps again and again needs a growing violation to re-enter (the
 * cycle guard, CYCLE_RELEASES).
 *
 * Rank-deficient A (a coordinate no muscle crosses: a zero row): the independent rows E
 * are picked once, at the start, by a pivoted Cholesky of S over the non-fixed variables;
 * the other rows are combinations of those over the free variables, so they hold exactly
 * if they hold at the first iterate (checked: else 'infeasible'). The method keeps the
 * active normals independent, so S stays positive definite and nothing divides by zero.
 *
 * Warm start: the bounds marked in workspace.activeSet (as the previous solve left them,
 * or set by the caller) start in W if the subproblem with them is well posed (where a row
 * is left with no free variable, the marked bounds on that row are dropped and the test
 * repeated); bounds whose multipliers then have the wrong sign are released one at a time
 * (each release lowers the subproblem's minimum) before the dual iterations run. From the
 * previous optimum of a slightly changed problem this takes few or no iterations.
 *
 * Conventions: the KKT conditions at the solution x with multipliers lambda [m] and
 * nu = H x + g - A' lambda [n] are
 *   stationarity   nu_i = 0 for lo_i < x_i < hi_i
 *   dual signs     nu_i >= 0 at a lower bound, nu_i <= 0 at an upper bound (any at lo == hi)
 *   feasibility    A x = b, lo <= x <= hi.
 * No array or object is allocated per solve: every buffer lives in the workspace (the
 * JavaScript engine may still box a few doubles per working-set change).
 */
import { KinechainError } from '../errors.js';

/** Where each variable sits (workspace.activeSet codes). */
export const BoundState = { free: 0, lower: 1, upper: 2, fixed: 3 } as const;
export type BoundStateCode = (typeof BoundState)[keyof typeof BoundState];

export type BoundedQpStatus = 'optimal' | 'infeasible' | 'max-iterations';

export interface BoundedQpProblem {
  /** Number of variables and of equality rows. */
  n: number;
  m: number;
  /** 'diagonal': hessian [n] holds h_ii > 0. 'dense': hessian [n*n], row-major, symmetric positive definite. */
  hessianKind: 'diagonal' | 'dense';
  hessian: Float64Array;
  /** [n] linear term g. */
  gradient: Float64Array;
  /** [m*n] row-major A (row stride n). */
  equalityMatrix: Float64Array;
  /** [m] right-hand side b. */
  equalityTarget: Float64Array;
  /** [n] bounds; -Infinity / +Infinity for none; lower == upper fixes the variable. */
  lower: Float64Array;
  upper: Float64Array;
}

export interface BoundedQpOptions {
  /** Start from the bounds marked in workspace.activeSet[0..n) (default false: cold start). */
  readonly warmStart?: boolean;
  /** Largest number of working-set changes (default 10 (n + m) + 100). */
  readonly maxIterations?: number;
  /**
   * Relative tolerance of feasibility: a bound counts as violated when it is missed by more
   * than tol (1 + |bound|); an equality row when |A_k x - b_k| > tol (1 + |b_k| + sum_i |A_ki x_i|).
   * Default 1e-10.
   */
  readonly feasibilityTolerance?: number;
}

export interface BoundedQpResult {
  status: BoundedQpStatus;
  /** Working-set changes (bounds added, bounds released). */
  iterations: number;
  /** max_k |A_k x - b_k| over every row (units of b). */
  equalityResidual: number;
  /** Largest amount by which x leaves its bounds (0 when optimal, up to the tolerance). */
  boundViolation: number;
  /** 1/2 x'Hx + g'x at the returned x. */
  objective: number;
  /** Number of independent equality rows used. */
  rank: number;
  /** Variables on a bound (fixed ones included). */
  activeBounds: number;
  /** True when the warm-start working set was accepted. */
  warmStarted: boolean;
}

/** Internal buffers (layouts in the comments; sizes use the workspace maxima N, M). */
export interface BoundedQpScratch {
  /** Column-sparse copy of A: for column i, entries [i*M, i*M + count[i]) of row index and value. */
  readonly columnCount: Int32Array;
  readonly columnRow: Int32Array;
  readonly columnValue: Float64Array;
  /** The same restricted to the independent rows E, with the row's position in E. */
  readonly columnEqCount: Int32Array;
  readonly columnEqPosition: Int32Array;
  readonly columnEqValue: Float64Array;
  /** [M] row of A at each position of E; [M] position in E of each row (-1 if dependent). */
  readonly eqRow: Int32Array;
  readonly rowPosition: Int32Array;
  /** [M*M] Schur complement and its Cholesky factor (lower), stride = current size. */
  readonly schur: Float64Array;
  /** [M] diagonal of S before factorisation (pivot tests). */
  readonly schurDiagonal: Float64Array;
  /** [M] multipliers of E rows: subproblem and direction. */
  readonly lambda: Float64Array;
  readonly directionLambda: Float64Array;
  /** [M] right-hand side scratch; [M] vector of a rank-1 change of the factor. */
  readonly rhsM: Float64Array;
  readonly updateVector: Float64Array;
  /** [N] gradient of the direction problem, free right-hand side. */
  readonly directionGradient: Float64Array;
  readonly rhsN: Float64Array;
  /** [N] primal direction and the multipliers along it. */
  readonly direction: Float64Array;
  readonly directionMultiplier: Float64Array;
  /** [N] activeSet copied before a warm start. */
  readonly previousState: Int8Array;
  /** [N] times each bound was released by a partial step in the current solve (the cycle guard of dualIterations). */
  readonly releaseCount: Int32Array;
  /** Dense-Hessian buffers (empty without denseHessian): [N] free variables, [N] slot of each variable in F or -1. */
  readonly freeList: Int32Array;
  readonly freeSlot: Int32Array;
  /** [N*N] Cholesky factor of H_FF (stride nF); [N*M] Y = L^-1 A_F' (row f, column k, stride M); [N] work. */
  readonly hessianFactor: Float64Array;
  readonly yMatrix: Float64Array;
  readonly denseWork: Float64Array;
}

export interface BoundedQpWorkspace {
  readonly maxVariables: number;
  readonly maxEqualities: number;
  readonly denseHessian: boolean;
  /** [maxVariables] solution x of the last solve (first n entries). */
  readonly x: Float64Array;
  /** [maxEqualities] multipliers lambda of A x = b (0 on dependent rows). */
  readonly equalityMultiplier: Float64Array;
  /** [maxVariables] nu = H x + g - A' lambda (the bound multipliers, signed). */
  readonly boundMultiplier: Float64Array;
  /** [maxVariables] BoundState code of each variable after the last solve; read by warm starts. */
  readonly activeSet: Int8Array;
  /** Outcome of the last solve (the same object every time). */
  readonly result: BoundedQpResult;
  readonly scratch: BoundedQpScratch;
}

const NO_OPTIONS: BoundedQpOptions = Object.freeze({});
/** Independent-row test: a row whose part outside the span of the rows already chosen has a squared norm below this fraction of its own is dependent. */
const RANK_TOLERANCE = 1e-10;
/** A bound whose curvature along the projected direction is below this fraction of (H_FF^-1)_pp depends on the active constraints. */
const DEPENDENCE_TOLERANCE = 1e-10;
/**
 * Relative tie between the full step and the shortest partial step of a dual iteration
 * below which the full step is taken (see dualIterations): far above the rounding of the
 * step lengths (about 1e-13 relative), far below any step that moves the iterate.
 */
const STEP_TIE_TOLERANCE = 1e-8;
/**
 * Cycle guard of dualIterations: a bound released by partial steps more than CYCLE_RELEASES
 * times in one solve needs a violation 10x larger per further release, at most
 * CYCLE_TOLERANCE_GROWTH times the feasibility tolerance, to be added again. Without it a
 * degenerate vertex (bounds that depend on each other and on the equalities, e.g. two
 * posture-step bounds tied through the linearised equilibrium) can make two bounds take
 * turns until the iteration limit, each left outside its range by the rounding of the
 * other's release; with it the solve ends with that bound within the grown tolerance.
 */
const CYCLE_RELEASES = 2;
const CYCLE_TOLERANCE_GROWTH = 1e3;
/** Cholesky pivots of S below this fraction of the original diagonal count as a breakdown. */
const PIVOT_TOLERANCE = 1e-15;
/**
 * A rank-1 downdate that leaves a pivot below this fraction of its square refactors S from
 * scratch instead: the cancellation would cost the factor that many digits (a cheap column,
 * e.g. a contact force or a posture step, leaving the free set next to costly ones).
 */
const DOWNDATE_TOLERANCE = 1e-8;

/**
 * Workspace for problems of up to maxVariables variables and maxEqualities rows. Dense
 * Hessians need an extra maxVariables^2 (+ maxVariables * maxEqualities) doubles:
 * pass denseHessian: false when only diagonal Hessians will be solved.
 */
export function makeBoundedQpWorkspace(
  maxVariables: number,
  maxEqualities: number,
  options: { readonly denseHessian?: boolean } = {},
): BoundedQpWorkspace {
  if (!Number.isInteger(maxVariables) || maxVariables < 0 || !Number.isInteger(maxEqualities) || maxEqualities < 0) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `bounded QP workspace sizes must be non-negative integers, got ${maxVariables} variables and ${maxEqualities} equalities`,
    );
  }
  const n = maxVariables;
  const m = maxEqualities;
  const dense = options.denseHessian ?? true;
  return {
    maxVariables: n,
    maxEqualities: m,
    denseHessian: dense,
    x: new Float64Array(n),
    equalityMultiplier: new Float64Array(m),
    boundMultiplier: new Float64Array(n),
    activeSet: new Int8Array(n),
    result: {
      status: 'optimal',
      iterations: 0,
      equalityResidual: 0,
      boundViolation: 0,
      objective: 0,
      rank: 0,
      activeBounds: 0,
      warmStarted: false,
    },
    scratch: {
      columnCount: new Int32Array(n),
      columnRow: new Int32Array(n * m),
      columnValue: new Float64Array(n * m),
      columnEqCount: new Int32Array(n),
      columnEqPosition: new Int32Array(n * m),
      columnEqValue: new Float64Array(n * m),
      eqRow: new Int32Array(m),
      rowPosition: new Int32Array(m),
      schur: new Float64Array(m * m),
      schurDiagonal: new Float64Array(m),
      lambda: new Float64Array(m),
      directionLambda: new Float64Array(m),
      rhsM: new Float64Array(m),
      updateVector: new Float64Array(m),
      directionGradient: new Float64Array(n),
      rhsN: new Float64Array(n),
      direction: new Float64Array(n),
      directionMultiplier: new Float64Array(n),
      previousState: new Int8Array(n),
      releaseCount: new Int32Array(n),
      freeList: new Int32Array(dense ? n : 0),
      freeSlot: new Int32Array(dense ? n : 0),
      hessianFactor: new Float64Array(dense ? n * n : 0),
      yMatrix: new Float64Array(dense ? n * m : 0),
      denseWork: new Float64Array(dense ? n : 0),
    },
  };
}

/**
 * Solves the problem into workspace.x, .equalityMultiplier, .boundMultiplier and
 * .activeSet; returns workspace.result. 'infeasible' leaves the last iterate in x (it
 * satisfies the independent equality rows but not every bound), 'max-iterations' the
 * last dual-feasible iterate. Bad sizes, NaN, lo > hi or a Hessian that is not positive
 * definite throw a KinechainError.
 */
export function solveBoundedQp(
  problem: BoundedQpProblem,
  workspace: BoundedQpWorkspace,
  options: BoundedQpOptions = NO_OPTIONS,
): BoundedQpResult {
  validateProblem(problem, workspace);
  const { n, m, lower, upper } = problem;
  const s = workspace.scratch;
  const state = workspace.activeSet;
  const nu = workspace.boundMultiplier;
  const result = workspace.result;
  const maxIterations = options.maxIterations ?? 10 * (n + m) + 100;
  const tolerance = options.feasibilityTolerance ?? 1e-10;
  if (!(tolerance > 0) || !(maxIterations >= 0)) {
    throw new KinechainError('OUT_OF_RANGE', 'feasibilityTolerance must be > 0 and maxIterations >= 0');
  }

  buildColumns(problem, s, workspace.maxEqualities);
  const warm = options.warmStart === true;
  if (warm) for (let i = 0; i < n; i++) s.previousState[i] = state[i];
  for (let i = 0; i < n; i++) state[i] = lower[i] === upper[i] ? BoundState.fixed : BoundState.free;

  const rank = selectIndependentRows(problem, workspace);
  result.rank = rank;
  result.warmStarted = false;
  let iterations = 0;
  let status: BoundedQpStatus = 'optimal';

  // First iterate: the equality-constrained minimum with the warm-start bounds in W (if
  // they leave a well-posed subproblem) or with none.
  let warmAccepted = false;
  if (warm && markWarmBounds(problem, workspace) > 0) {
    // With the marked bounds the free columns may not span every row (a row whose variables
    // all start on bounds): free the marked bound of the row whose pivot is weakest that
    // contributes most to it (largest A_ki^2 / h_ii) and try again, so that a warm start
    // that is mostly right is repaired rather than discarded.
    for (let attempt = 0; attempt <= rank; attempt++) {
      if (factorize(problem, workspace, rank) > DEPENDENCE_TOLERANCE) {
        warmAccepted = true;
        break;
      }
      const row = s.eqRow[weakestPivot];
      let best = -1;
      let bestWeight = 0;
      for (let i = 0; i < n; i++) {
        if (state[i] !== BoundState.lower && state[i] !== BoundState.upper) continue;
        const value = problem.equalityMatrix[row * n + i];
        if (value === 0) continue;
        const curvature = problem.hessianKind === 'diagonal' ? problem.hessian[i] : problem.hessian[i * n + i];
        const weight = (value * value) / curvature;
        if (weight > bestWeight) {
          bestWeight = weight;
          best = i;
        }
      }
      if (best < 0) break;
      state[best] = BoundState.free;
    }
    if (!warmAccepted) {
      // The marked bounds and the equalities are (nearly) dependent: start cold.
      for (let i = 0; i < n; i++) if (state[i] !== BoundState.fixed) state[i] = BoundState.free;
    }
  }
  if (!warmAccepted) factorize(problem, workspace, rank);
  solveCurrent(problem, workspace, rank);
  // A row outside E is a combination of E's rows over the non-fixed variables, so it holds
  // at every point that satisfies E (with the fixed variables fixed) or at none.
  if (rank < m && !dependentRowsHold(problem, workspace, tolerance)) status = 'infeasible';

  if (status === 'optimal' && warmAccepted) {
    result.warmStarted = true;
    // Release bounds whose multipliers point the wrong way, worst first: each release
    // lowers the subproblem's minimum, so this ends with a dual-feasible iterate.
    while (true) {
      const scale = 1 + maxAbsolute(nu, n);
      let worst = -1e-12 * scale;
      let release = -1;
      for (let i = 0; i < n; i++) {
        const code = state[i];
        if (code !== BoundState.lower && code !== BoundState.upper) continue;
        const multiplier = code === BoundState.lower ? nu[i] : -nu[i];
        if (multiplier < worst) {
          worst = multiplier;
          release = i;
        }
      }
      if (release < 0) break;
      if (iterations >= maxIterations) {
        status = 'max-iterations';
        break;
      }
      state[release] = BoundState.free;
      iterations++;
      changeFactor(problem, workspace, rank, release, true);
      solveCurrent(problem, workspace, rank);
    }
  }

  if (status === 'optimal') {
    status = dualIterations(problem, workspace, rank, tolerance, maxIterations, iterations);
    iterations = dualIterationCount;
  }
  finish(problem, workspace, rank, status, iterations);
  return result;
}

/**
 * Scales every row k of A x = b (in place, with its target) by
 * 1 / sqrt(sum_i A_ki^2 / h_ii) over the variables that are not fixed, so that the Schur
 * complement A H^-1 A' has a unit diagonal; writes the scales into rowScale [m] (1 for a
 * row with no free variable). Diagonal Hessians only. The solution x is unchanged; the
 * multipliers of the original rows are lambda_k = rowScale_k * lambda_scaled,k.
 * Why: columns whose costs differ by many orders of magnitude (cheap contact forces next to
 * muscle activations) make rows of very different size in the Schur complement, and its
 * Cholesky factor (and the rank-1 changes of it) would lose most of its digits.
 */
export function equilibrateRows(problem: BoundedQpProblem, rowScale: Float64Array): void {
  const { n, m, hessian, lower, upper } = problem;
  if (problem.hessianKind !== 'diagonal') {
    throw new KinechainError('UNSUPPORTED', 'equilibrateRows needs a diagonal Hessian');
  }
  const a = problem.equalityMatrix;
  for (let row = 0; row < m; row++) {
    const start = row * n;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const value = a[start + i];
      if (value !== 0 && lower[i] !== upper[i]) sum += (value * value) / hessian[i];
    }
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 1;
    rowScale[row] = scale;
    if (scale === 1) continue;
    for (let i = 0; i < n; i++) a[start + i] *= scale;
    problem.equalityTarget[row] *= scale;
  }
}

/** Iterations counted by the last dualIterations call (module scratch: no allocation). */
let dualIterationCount = 0;

/**
 * The Goldfarb-Idnani loop over bounds, from the current (dual-feasible) iterate. Leaves
 * the final iterate in workspace.x and the count in dualIterationCount.
 */
function dualIterations(
  problem: BoundedQpProblem,
  workspace: BoundedQpWorkspace,
  rank: number,
  tolerance: number,
  maxIterations: number,
  startIterations: number,
): BoundedQpStatus {
  const { n, lower, upper, hessian } = problem;
  const diagonal = problem.hessianKind === 'diagonal';
  const s = workspace.scratch;
  const state = workspace.activeSet;
  const x = workspace.x;
  const nu = workspace.boundMultiplier;
  const z = s.direction;
  const zNu = s.directionMultiplier;
  let iterations = startIterations;
  dualIterationCount = iterations;
  const releaseCount = s.releaseCount;
  releaseCount.fill(0, 0, n);

  while (true) {
    // The most violated bound of a free variable (relative to the bound's size).
    let added = -1;
    let worst = tolerance;
    let sigma = 0;
    let target = 0;
    for (let i = 0; i < n; i++) {
      if (state[i] !== BoundState.free) continue;
      const xi = x[i];
      const lo = lower[i];
      const hi = upper[i];
      // Cycle guard: a bound released again and again by partial steps (a degenerate vertex
      // where rounding leaves it just outside its range after each release) must be missed
      // by more, by 10x per release beyond CYCLE_RELEASES, up to CYCLE_TOLERANCE_GROWTH x.
      const releases = releaseCount[i];
      const threshold = releases <= CYCLE_RELEASES ? tolerance : tolerance * Math.min(10 ** (releases - CYCLE_RELEASES), CYCLE_TOLERANCE_GROWTH);
      if (xi < lo) {
        const violation = (lo - xi) / (1 + Math.abs(lo));
        if (violation > threshold && violation > worst) {
          worst = violation;
          added = i;
          sigma = 1;
          target = lo;
        }
      } else if (xi > hi) {
        const violation = (xi - hi) / (1 + Math.abs(hi));
        if (violation > threshold && violation > worst) {
          worst = violation;
          added = i;
          sigma = -1;
          target = hi;
        }
      }
    }
    if (added < 0) {
      if (updatesSinceFactor > 0) {
        // Confirm on a fresh factor (updates accumulate rounding), then look again.
        factorize(problem, workspace, rank);
        solveCurrent(problem, workspace, rank);
        continue;
      }
      dualIterationCount = iterations;
      return 'optimal';
    }

    // Raise the multiplier u of the bound sigma (x_p - target) >= 0 from 0 (partial steps
    // release bounds on the way) until the bound holds.
    while (true) {
      if (iterations >= maxIterations) {
        dualIterationCount = iterations;
        return 'max-iterations';
      }
      iterations++;
      // Direction: d(x, lambda)/du solves the subproblem with gradient -sigma e_p, b = 0, x_W = 0.
      const directionGradient = s.directionGradient;
      directionGradient.fill(0, 0, n);
      directionGradient[added] = -sigma;
      reducedSolve(problem, workspace, rank, directionGradient, true, z, s.directionLambda);
      boundMultipliers(problem, workspace, z, directionGradient, s.directionLambda, zNu, true);
      directionGradient[added] = 0;

      const curvature = sigma * z[added];
      const inverseDiagonal = diagonal ? 1 / hessian[added] : freeInverseDiagonal(workspace, added);
      let fullStep = Infinity;
      if (curvature > DEPENDENCE_TOLERANCE * inverseDiagonal) {
        // Never negative: along the path sigma x_p rises towards the target, so after a partial
        // step that (to rounding) already reached it the distance left may come out of the
        // wrong sign. Stepping back would push the bound just released out of its range by
        // the same rounding, and the two bounds would then be added in turn forever.
        fullStep = Math.max((sigma * (target - x[added])) / curvature, 0);
      }
      let partialStep = Infinity;
      let released = -1;
      for (let j = 0; j < n; j++) {
        const code = state[j];
        if (code !== BoundState.lower && code !== BoundState.upper) continue;
        const sign = code === BoundState.lower ? 1 : -1;
        const rate = sign * zNu[j];
        if (!(rate < 0)) continue;
        const multiplier = sign * nu[j];
        const step = (multiplier > 0 ? multiplier : 0) / -rate;
        if (step < partialStep) {
          partialStep = step;
          released = j;
        }
      }
      if (fullStep === Infinity && partialStep === Infinity) {
        // The bound cannot be reached without breaking an active constraint, and no active
        // multiplier can give way: no point satisfies every constraint.
        dualIterationCount = iterations;
        return 'infeasible';
      }
      // Move along the path: x(u + step) = x + step z, lambda + step mu (exact for the
      // subproblem with the extra multiplier u on the bound being added).
      // A tie to rounding between reaching the bound and a multiplier reaching 0 is a full
      // step (the blocking bound stays in W with a multiplier of 0): releasing it instead
      // would leave it outside its range by the rounding, to be added back next, and the
      // two bounds could then take turns without end (a cycle of the degenerate vertex).
      const full = fullStep <= partialStep * (1 + STEP_TIE_TOLERANCE);
      const step = full ? fullStep : partialStep;
      const lambda = s.lambda;
      const directionLambda = s.directionLambda;
      for (let i = 0; i < n; i++) x[i] += step * z[i];
      for (let k = 0; k < rank; k++) lambda[k] += step * directionLambda[k];
      if (full) {
        state[added] = sigma > 0 ? BoundState.lower : BoundState.upper;
        x[added] = target;
        if (!changeFactor(problem, workspace, rank, added, false)) {
          dualIterationCount = iterations;
          return 'infeasible';
        }
        boundMultipliers(problem, workspace, x, problem.gradient, lambda, nu, true);
        break;
      }
      state[released] = BoundState.free;
      releaseCount[released]++;
      changeFactor(problem, workspace, rank, released, true);
      // The multipliers of W with the true gradient: the bound being added is not in W yet.
      boundMultipliers(problem, workspace, x, problem.gradient, lambda, nu, true);
    }
  }
}

// ---------------------------------------------------------------------------------
// Checks and set-up
// ---------------------------------------------------------------------------------

function validateProblem(problem: BoundedQpProblem, workspace: BoundedQpWorkspace): void {
  const { n, m } = problem;
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(m) || m < 0) {
    throw new KinechainError('MALFORMED_INPUT', `bounded QP sizes must be non-negative integers, got n = ${n}, m = ${m}`);
  }
  if (n > workspace.maxVariables || m > workspace.maxEqualities) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `bounded QP has ${n} variables and ${m} equalities; the workspace holds at most ` +
        `${workspace.maxVariables} and ${workspace.maxEqualities}: make a larger workspace`,
    );
  }
  const dense = problem.hessianKind === 'dense';
  if (!dense && problem.hessianKind !== 'diagonal') {
    throw new KinechainError('MALFORMED_INPUT', `hessianKind must be 'diagonal' or 'dense', got '${String(problem.hessianKind)}'`);
  }
  if (dense && !workspace.denseHessian) {
    throw new KinechainError('UNSUPPORTED', 'a dense Hessian needs a workspace made with denseHessian: true');
  }
  const hessianLength = dense ? n * n : n;
  checkLength(problem.hessian, hessianLength, 'hessian');
  checkLength(problem.gradient, n, 'gradient');
  checkLength(problem.equalityMatrix, m * n, 'equalityMatrix');
  checkLength(problem.equalityTarget, m, 'equalityTarget');
  checkLength(problem.lower, n, 'lower');
  checkLength(problem.upper, n, 'upper');
  checkFinite(problem.hessian, hessianLength, 'hessian');
  checkFinite(problem.gradient, n, 'gradient');
  checkFinite(problem.equalityMatrix, m * n, 'equalityMatrix');
  checkFinite(problem.equalityTarget, m, 'equalityTarget');
  for (let i = 0; i < n; i++) {
    const lo = problem.lower[i];
    const hi = problem.upper[i];
    if (Number.isNaN(lo) || Number.isNaN(hi) || lo === Infinity || hi === -Infinity || lo > hi) {
      throw new KinechainError('OUT_OF_RANGE', `bounds of variable ${i} are [${lo}, ${hi}]; they need lower <= upper, not NaN`, {
        variable: i,
      });
    }
    const diagonalEntry = dense ? problem.hessian[i * n + i] : problem.hessian[i];
    if (!(diagonalEntry > 0)) {
      throw new KinechainError('OUT_OF_RANGE', `Hessian diagonal entry ${i} is ${diagonalEntry}; it must be > 0 (strictly convex)`, {
        variable: i,
      });
    }
  }
}

function checkLength(values: Float64Array, length: number, what: string): void {
  if (!(values instanceof Float64Array) || values.length < length) {
    throw new KinechainError('MALFORMED_INPUT', `${what} must be a Float64Array of at least ${length} values`);
  }
}

function checkFinite(values: Float64Array, length: number, what: string): void {
  for (let i = 0; i < length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new KinechainError('NOT_FINITE', `${what}[${i}] is ${values[i]}; every entry must be finite`, { what, index: i });
    }
  }
}

function maxAbsolute(values: Float64Array, length: number): number {
  let largest = 0;
  for (let i = 0; i < length; i++) {
    const value = Math.abs(values[i]);
    if (value > largest) largest = value;
  }
  return largest;
}

/** Column-sparse copy of A: the nonzeros of each column with their rows. */
function buildColumns(problem: BoundedQpProblem, s: BoundedQpScratch, stride: number): void {
  const { n, m, equalityMatrix } = problem;
  const count = s.columnCount;
  count.fill(0, 0, n);
  // Row by row (A is row-major: contiguous reads); each column's entries stay in row order.
  for (let row = 0; row < m; row++) {
    const start = row * n;
    for (let i = 0; i < n; i++) {
      const value = equalityMatrix[start + i];
      if (value === 0) continue;
      const at = i * stride + count[i];
      s.columnRow[at] = row;
      s.columnValue[at] = value;
      count[i]++;
    }
  }
}

/** Restricts the column lists to the rows of E (s.eqRow[0..rank)), storing positions in E. */
function restrictColumns(problem: BoundedQpProblem, s: BoundedQpScratch, stride: number, rank: number): void {
  const { n, m } = problem;
  s.rowPosition.fill(-1, 0, m);
  for (let k = 0; k < rank; k++) s.rowPosition[s.eqRow[k]] = k;
  for (let i = 0; i < n; i++) {
    const base = i * stride;
    const total = s.columnCount[i];
    let count = 0;
    for (let e = 0; e < total; e++) {
      const position = s.rowPosition[s.columnRow[base + e]];
      if (position < 0) continue;
      s.columnEqPosition[base + count] = position;
      s.columnEqValue[base + count] = s.columnValue[base + e];
      count++;
    }
    s.columnEqCount[i] = count;
  }
}

/**
 * Picks the independent rows of A over the non-fixed variables by a pivoted Cholesky of
 * S = A_F H_FF^-1 A_F' (largest remaining fraction of its own diagonal first); fills
 * s.eqRow with them in pivot order and restricts the column lists. Returns the rank.
 */
function selectIndependentRows(problem: BoundedQpProblem, workspace: BoundedQpWorkspace): number {
  const m = problem.m;
  const s = workspace.scratch;
  for (let k = 0; k < m; k++) s.eqRow[k] = k;
  restrictColumns(problem, s, workspace.maxEqualities, m);
  formSchur(problem, workspace, m);
  const a = s.schur;
  const original = s.schurDiagonal;
  const order = s.eqRow;
  let rank = 0;
  for (let k = 0; k < m; k++) {
    // Pivot: the row with the largest remaining fraction of its own squared norm.
    let best = -1;
    let bestRatio = RANK_TOLERANCE;
    for (let i = k; i < m; i++) {
      const scale = original[i];
      if (!(scale > 0)) continue;
      const ratio = a[i * m + i] / scale;
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = i;
      }
    }
    if (best < 0) break;
    if (best !== k) symmetricSwap(a, m, k, best, order, original);
    const pivot = Math.sqrt(a[k * m + k]);
    a[k * m + k] = pivot;
    for (let i = k + 1; i < m; i++) a[i * m + k] /= pivot;
    for (let i = k + 1; i < m; i++) {
      const lik = a[i * m + k];
      if (lik === 0) continue;
      for (let j = k + 1; j <= i; j++) a[i * m + j] -= lik * a[j * m + k];
    }
    rank++;
  }
  restrictColumns(problem, s, workspace.maxEqualities, rank);
  return rank;
}

/**
 * Swaps rows/columns k < l of the symmetric matrix held in the lower triangle of a
 * (stride m) during the pivoted factorisation at step k (columns before k hold the factor
 * rows, swapped with the rows), with the row order and original diagonals.
 */
function symmetricSwap(a: Float64Array, m: number, k: number, l: number, order: Int32Array, original: Float64Array): void {
  let swap = 0;
  // Factor part (columns j < k) and the block below both rows: plain row swaps / column swaps.
  for (let j = 0; j < k; j++) {
    swap = a[k * m + j];
    a[k * m + j] = a[l * m + j];
    a[l * m + j] = swap;
  }
  for (let i = l + 1; i < m; i++) {
    swap = a[i * m + k];
    a[i * m + k] = a[i * m + l];
    a[i * m + l] = swap;
  }
  // Between the two: (j, k) for k < j < l pairs with (l, j).
  for (let j = k + 1; j < l; j++) {
    swap = a[j * m + k];
    a[j * m + k] = a[l * m + j];
    a[l * m + j] = swap;
  }
  swap = a[k * m + k];
  a[k * m + k] = a[l * m + l];
  a[l * m + l] = swap;
  // (l, k) stays (it is its own mirror).
  const row = order[k];
  order[k] = order[l];
  order[l] = row;
  swap = original[k];
  original[k] = original[l];
  original[l] = swap;
}

// ---------------------------------------------------------------------------------
// The reduced (range-space) system
// ---------------------------------------------------------------------------------

/**
 * Forms S = A_E,F H_FF^-1 A_E,F' for the current free set into s.schur (lower triangle,
 * stride `rank`) and its diagonal into s.schurDiagonal; for a dense Hessian also factors
 * H_FF and forms Y = L^-1 A_E,F'.
 */
function formSchur(problem: BoundedQpProblem, workspace: BoundedQpWorkspace, rank: number): void {
  const n = problem.n;
  const s = workspace.scratch;
  const state = workspace.activeSet;
  const a = s.schur;
  const stride = workspace.maxEqualities;
  a.fill(0, 0, rank * rank);
  if (problem.hessianKind === 'diagonal') {
    const hessian = problem.hessian;
    for (let i = 0; i < n; i++) {
      if (state[i] !== BoundState.free) continue;
      const count = s.columnEqCount[i];
      if (count === 0) continue;
      const base = i * stride;
      const inverse = 1 / hessian[i];
      for (let e = 0; e < count; e++) {
        const ke = s.columnEqPosition[base + e];
        const scaled = s.columnEqValue[base + e] * inverse;
        for (let f = 0; f <= e; f++) {
          const kf = s.columnEqPosition[base + f];
          const product = scaled * s.columnEqValue[base + f];
          if (ke >= kf) a[ke * rank + kf] += product;
          else a[kf * rank + ke] += product;
        }
      }
    }
  } else {
    factorFreeHessian(problem, workspace);
    const y = s.yMatrix;
    const maxM = workspace.maxEqualities;
    const freeCount = freeVariableCount;
    const work = s.denseWork;
    for (let k = 0; k < rank; k++) {
      const row = s.eqRow[k];
      for (let f = 0; f < freeCount; f++) work[f] = problem.equalityMatrix[row * n + s.freeList[f]];
      forwardSubstitute(s.hessianFactor, freeCount, work);
      for (let f = 0; f < freeCount; f++) y[f * maxM + k] = work[f];
    }
    for (let f = 0; f < freeCount; f++) {
      const base = f * maxM;
      for (let k = 0; k < rank; k++) {
        const yk = y[base + k];
        if (yk === 0) continue;
        for (let l = 0; l <= k; l++) a[k * rank + l] += yk * y[base + l];
      }
    }
  }
  for (let k = 0; k < rank; k++) s.schurDiagonal[k] = a[k * rank + k];
}

/** Number of free variables at the last factorFreeHessian (module scratch). */
let freeVariableCount = 0;

/** Lists the free variables and factors H_FF = L L' into s.hessianFactor (stride nF). */
function factorFreeHessian(problem: BoundedQpProblem, workspace: BoundedQpWorkspace): void {
  const n = problem.n;
  const s = workspace.scratch;
  const state = workspace.activeSet;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (state[i] === BoundState.free) {
      s.freeList[count] = i;
      s.freeSlot[i] = count;
      count++;
    } else {
      s.freeSlot[i] = -1;
    }
  }
  freeVariableCount = count;
  const factor = s.hessianFactor;
  const hessian = problem.hessian;
  for (let f = 0; f < count; f++) {
    const row = s.freeList[f] * n;
    for (let g = 0; g <= f; g++) factor[f * count + g] = hessian[row + s.freeList[g]];
  }
  for (let j = 0; j < count; j++) {
    let diagonal = factor[j * count + j];
    for (let k = 0; k < j; k++) diagonal -= factor[j * count + k] * factor[j * count + k];
    if (!(diagonal > 0)) {
      throw new KinechainError('OUT_OF_RANGE', 'the dense Hessian is not positive definite (a Cholesky pivot is not positive)');
    }
    const pivot = Math.sqrt(diagonal);
    factor[j * count + j] = pivot;
    for (let i = j + 1; i < count; i++) {
      let sum = factor[i * count + j];
      for (let k = 0; k < j; k++) sum -= factor[i * count + k] * factor[j * count + k];
      factor[i * count + j] = sum / pivot;
    }
  }
}

/** Solves L y = b in place (L lower, stride n). */
function forwardSubstitute(factor: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= factor[i * n + k] * b[k];
    b[i] = sum / factor[i * n + i];
  }
}

/** Solves L' y = b in place (L lower, stride n). */
function backSubstitute(factor: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= factor[k * n + i] * b[k];
    b[i] = sum / factor[i * n + i];
  }
}

/** Position in E of the smallest (or the failed) pivot of the last factorize (module scratch). */
let weakestPivot = 0;

/**
 * Forms and factors S for the current working set. Returns the smallest Cholesky pivot
 * as a fraction of its original diagonal (1 without rows, 0 on breakdown, when the
 * factor is left unusable).
 */
function factorize(problem: BoundedQpProblem, workspace: BoundedQpWorkspace, rank: number): number {
  updatesSinceFactor = 0;
  weakestPivot = 0;
  formSchur(problem, workspace, rank);
  const s = workspace.scratch;
  const a = s.schur;
  let smallest = 1;
  for (let j = 0; j < rank; j++) {
    let diagonal = a[j * rank + j];
    for (let k = 0; k < j; k++) diagonal -= a[j * rank + k] * a[j * rank + k];
    const original = s.schurDiagonal[j];
    const ratio = original > 0 ? diagonal / original : 0;
    if (!(ratio > PIVOT_TOLERANCE)) {
      weakestPivot = j;
      return 0;
    }
    if (ratio < smallest) {
      smallest = ratio;
      weakestPivot = j;
    }
    const pivot = Math.sqrt(diagonal);
    a[j * rank + j] = pivot;
    for (let i = j + 1; i < rank; i++) {
      let sum = a[i * rank + j];
      for (let k = 0; k < j; k++) sum -= a[i * rank + k] * a[j * rank + k];
      a[i * rank + j] = sum / pivot;
    }
  }
  return smallest;
}

/**
 * Solves the subproblem of the current working set into workspace.x and s.lambda, and
 * fills workspace.boundMultiplier.
 */
function solveCurrent(problem: BoundedQpProblem, workspace: BoundedQpWorkspace, rank: number): void {
  const s = workspace.scratch;
  reducedSolve(problem, workspace, rank, problem.gradient, false, workspace.x, s.lambda);
  boundMultipliers(problem, workspace, workspace.x, problem.gradient, s.lambda, workspace.boundMultiplier, false);
}

/**
 * Minimiser of 1/2 x'Hx + gradient'x subject to A_E x = b_E and x_W on its bounds (or, if
 * homogeneous, A_E x = 0 and x_W = 0), with the factor from factorize. Writes x [n] and
 * the multipliers of the E rows [rank].
 */
function reducedSolve(
  problem: BoundedQpProblem,
  workspace: BoundedQpWorkspace,
  rank: number,
  gradient: Float64Array,
  homogeneous: boolean,
  x: Float64Array,
  lambda: Float64Array,
): void {
  const { n, lower, hessian } = problem;
  const s = workspace.scratch;
  const state = workspace.activeSet;
  const stride = workspace.maxEqualities;
  const t = s.rhsM;
  const rhs = s.rhsN;
  const factor = s.schur;

  // Variables on bounds, and the equality right-hand side net of them.
  for (let k = 0; k < rank; k++) t[k] = homogeneous ? 0 : problem.equalityTarget[s.eqRow[k]];
  for (let i = 0; i < n; i++) {
    const code = state[i];
    if (code === BoundState.free) continue;
    const value = homogeneous ? 0 : code === BoundState.upper ? problem.upper[i] : lower[i];
    x[i] = value;
    if (value === 0) continue;
    const base = i * stride;
    const count = s.columnEqCount[i];
    for (let e = 0; e < count; e++) t[s.columnEqPosition[base + e]] -= s.columnEqValue[base + e] * value;
  }

  if (problem.hessianKind === 'diagonal') {
    // rhs_F = -g_F;  t -= A_F D^-1 rhs_F.
    for (let i = 0; i < n; i++) {
      if (state[i] !== BoundState.free) continue;
      const scaled = -gradient[i] / hessian[i];
      rhs[i] = scaled;
      if (scaled === 0) continue;
      const base = i * stride;
      const count = s.columnEqCount[i];
      for (let e = 0; e < count; e++) t[s.columnEqPosition[base + e]] -= s.columnEqValue[base + e] * scaled;
    }
    choleskySolveInPlace(factor, rank, t, lambda);
    // x_F = D^-1 (rhs_F + A_F' lambda).
    for (let i = 0; i < n; i++) {
      if (state[i] !== BoundState.free) continue;
      let value = rhs[i];
      const base = i * stride;
      const count = s.columnEqCount[i];
      const inverse = 1 / hessian[i];
      for (let e = 0; e < count; e++) value += s.columnEqValue[base + e] * lambda[s.columnEqPosition[base + e]] * inverse;
      x[i] = value + 0; // + 0 turns -0 into 0
    }
    return;
  }

  // Dense Hessian: rhs_F = -(g_F + H_FW x_W); w = L^-1 rhs_F; t -= Y' w; S lambda = t;
  // x_F = L^-T (w + Y lambda).
  const freeCount = freeVariableCount;
  const maxM = workspace.maxEqualities;
  const y = s.yMatrix;
  const w = s.denseWork;
  for (let f = 0; f < freeCount; f++) {
    const i = s.freeList[f];
    let value = -gradient[i];
    if (!homogeneous) {
      const row = i * n;
      for (let j = 0; j < n; j++) if (state[j] !== BoundState.free) value -= hessian[row + j] * x[j];
    }
    w[f] = value;
  }
  forwardSubstitute(s.hessianFactor, freeCount, w);
  for (let f = 0; f < freeCount; f++) {
    const wf = w[f];
    if (wf === 0) continue;
    const base = f * maxM;
    for (let k = 0; k < rank; k++) t[k] -= y[base + k] * wf;
  }
  choleskySolveInPlace(factor, rank, t, lambda);
  for (let f = 0; f < freeCount; f++) {
    const base = f * maxM;
    let value = w[f];
    for (let k = 0; k < rank; k++) value += y[base + k] * lambda[k];
    w[f] = value;
  }
  backSubstitute(s.hessianFactor, freeCount, w);
  for (let f = 0; f < freeCount; f++) x[s.freeList[f]] = w[f];
}

/** lambda = S^-1 t with S = L L' in factor (stride n); t is left unchanged. */
function choleskySolveInPlace(factor: Float64Array, n: number, t: Float64Array, lambda: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = t[i];
    for (let k = 0; k < i; k++) sum -= factor[i * n + k] * lambda[k];
    lambda[i] = sum / factor[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = lambda[i];
    for (let k = i + 1; k < n; k++) sum -= factor[k * n + i] * lambda[k];
    lambda[i] = sum / factor[i * n + i];
  }
}

/** out_i = (H x)_i + gradient_i - (A_E' lambda)_i, for every variable or (onlyBound) the non-free ones. */
function boundMultipliers(
  problem: BoundedQpProblem,
  workspace: BoundedQpWorkspace,
  x: Float64Array,
  gradient: Float64Array,
  lambda: Float64Array,
  out: Float64Array,
  onlyBound: boolean,
): void {
  const { n, hessian } = problem;
  const s = workspace.scratch;
  const state = workspace.activeSet;
  const stride = workspace.maxEqualities;
  const diagonal = problem.hessianKind === 'diagonal';
  for (let i = 0; i < n; i++) {
    if (onlyBound && state[i] === BoundState.free) continue;
    let value = gradient[i];
    if (diagonal) {
      value += hessian[i] * x[i];
    } else {
      const row = i * n;
      for (let j = 0; j < n; j++) value += hessian[row + j] * x[j];
    }
    const base = i * stride;
    const count = s.columnEqCount[i];
    for (let e = 0; e < count; e++) value -= s.columnEqValue[base + e] * lambda[s.columnEqPosition[base + e]];
    out[i] = value;
  }
}

/** (H_FF^-1)_pp for a free variable p (dense Hessian), from the factor of H_FF. */
function freeInverseDiagonal(workspace: BoundedQpWorkspace, variable: number): number {
  const s = workspace.scratch;
  const count = freeVariableCount;
  const slot = s.freeSlot[variable];
  const work = s.denseWork;
  work.fill(0, 0, count);
  work[slot] = 1;
  forwardSubstitute(s.hessianFactor, count, work);
  let sum = 0;
  for (let f = slot; f < count; f++) sum += work[f] * work[f];
  return sum;
}

/** Marks the warm-start bounds (from s.previousState) in the working set; returns how many. */
function markWarmBounds(problem: BoundedQpProblem, workspace: BoundedQpWorkspace): number {
  const { n, lower, upper } = problem;
  const state = workspace.activeSet;
  const previousState = workspace.scratch.previousState;
  let marked = 0;
  for (let i = 0; i < n; i++) {
    if (state[i] === BoundState.fixed) continue;
    const previous = previousState[i];
    if (previous === BoundState.lower && lower[i] > -Infinity) {
      state[i] = BoundState.lower;
      marked++;
    } else if (previous === BoundState.upper && upper[i] < Infinity) {
      state[i] = BoundState.upper;
      marked++;
    }
  }
  return marked;
}

/** Rank-1 changes of the factor since the last full factorisation (module scratch). */
let updatesSinceFactor = 0;
/** Full refactorisation after this many rank-1 changes, to bound the rounding they accumulate. */
const REFACTOR_INTERVAL = 64;

/**
 * Brings the factor of S up to date after `variable` was freed (entering F) or put on a
 * bound (leaving F); workspace.activeSet already shows the change. A diagonal Hessian
 * changes S by +-(a_i a_i') / h_ii: a rank-1 Cholesky update or downdate, O(rank^2). A
 * dense Hessian is refactored. Returns false if the factor broke down (S singular).
 */
function changeFactor(problem: BoundedQpProblem, workspace: BoundedQpWorkspace, rank: number, variable: number, entering: boolean): boolean {
  if (problem.hessianKind !== 'diagonal' || updatesSinceFactor >= REFACTOR_INTERVAL) {
    return factorize(problem, workspace, rank) > PIVOT_TOLERANCE;
  }
  const s = workspace.scratch;
  const count = s.columnEqCount[variable];
  if (count === 0) return true;
  const w = s.updateVector;
  w.fill(0, 0, rank);
  const base = variable * workspace.maxEqualities;
  const scale = 1 / Math.sqrt(problem.hessian[variable]);
  let first = rank;
  for (let e = 0; e < count; e++) {
    const position = s.columnEqPosition[base + e];
    w[position] = s.columnEqValue[base + e] * scale;
    if (position < first) first = position;
  }
  updatesSinceFactor++;
  const factor = s.schur;
  const sign = entering ? 1 : -1;
  // Givens-style rank-1 modification of L (S = L L') to S + sign w w'.
  for (let k = first; k < rank; k++) {
    const wk = w[k];
    if (wk === 0) continue;
    const diagonal = factor[k * rank + k];
    const squared = diagonal * diagonal + sign * wk * wk;
    if (!(squared > DOWNDATE_TOLERANCE * diagonal * diagonal)) return factorize(problem, workspace, rank) > PIVOT_TOLERANCE;
    const updated = Math.sqrt(squared);
    const c = updated / diagonal;
    const sn = wk / diagonal;
    factor[k * rank + k] = updated;
    for (let i = k + 1; i < rank; i++) {
      const lik = (factor[i * rank + k] + sign * sn * w[i]) / c;
      factor[i * rank + k] = lik;
      w[i] = c * w[i] - sn * lik;
    }
  }
  return true;
}

/** True if every row of A outside E holds at the current x (within the tolerance). */
function dependentRowsHold(problem: BoundedQpProblem, workspace: BoundedQpWorkspace, tolerance: number): boolean {
  const { n, m, equalityMatrix, equalityTarget } = problem;
  const s = workspace.scratch;
  const x = workspace.x;
  for (let row = 0; row < m; row++) {
    if (s.rowPosition[row] >= 0) continue;
    let sum = -equalityTarget[row];
    let scale = 1 + Math.abs(equalityTarget[row]);
    for (let i = 0; i < n; i++) {
      const term = equalityMatrix[row * n + i] * x[i];
      sum += term;
      scale += Math.abs(term);
    }
    if (Math.abs(sum) > tolerance * scale) return false;
  }
  return true;
}

/** Fills the multipliers of every row, the residuals and the result. */
function finish(problem: BoundedQpProblem, workspace: BoundedQpWorkspace, rank: number, status: BoundedQpStatus, iterations: number): void {
  const { n, m, lower, upper, equalityMatrix, equalityTarget, gradient, hessian } = problem;
  const s = workspace.scratch;
  const x = workspace.x;
  const result = workspace.result;
  const multiplier = workspace.equalityMultiplier;
  multiplier.fill(0, 0, m);
  for (let k = 0; k < rank; k++) multiplier[s.eqRow[k]] = s.lambda[k];
  // The multipliers with the true gradient (a partial step may have left an extra term).
  boundMultipliers(problem, workspace, x, gradient, s.lambda, workspace.boundMultiplier, false);

  let residual = 0;
  for (let row = 0; row < m; row++) {
    let sum = -equalityTarget[row];
    for (let i = 0; i < n; i++) sum += equalityMatrix[row * n + i] * x[i];
    if (Math.abs(sum) > residual) residual = Math.abs(sum);
  }
  let violation = 0;
  let activeBounds = 0;
  let objective = 0;
  const diagonal = problem.hessianKind === 'diagonal';
  for (let i = 0; i < n; i++) {
    const below = lower[i] - x[i];
    const above = x[i] - upper[i];
    if (below > violation) violation = below;
    if (above > violation) violation = above;
    if (workspace.activeSet[i] !== BoundState.free) activeBounds++;
    let hx = 0;
    if (diagonal) hx = hessian[i] * x[i];
    else for (let j = 0; j < n; j++) hx += hessian[i * n + j] * x[j];
    objective += x[i] * (0.5 * hx + gradient[i]);
  }
  result.status = status;
  result.iterations = iterations;
  result.equalityResidual = residual;
  result.boundViolation = violation;
  result.objective = objective;
  result.activeBounds = activeBounds;
}
