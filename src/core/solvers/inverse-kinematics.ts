/**
 * Marker-based inverse kinematics: the coordinates q that best place the model's markers
 * on their observed positions at one instant, as OpenSim's InverseKinematicsSolver
 * (SimTK Assembler with a Markers goal and QValue goals) defines "best":
 *
 *   minimise  F(q) = sum_i w_i |p_i(q) - o_i|^2 / (2 sum_i w_i)          markers seen in the frame
 *                  + sum_c w_c (q_c - v_c)^2 / 2                         coordinate tasks
 *                  + W_k sum_k (q_dep,k - f_k(q_ind,k))^2 / 2             couplings, finite weight W_k
 *   subject to lo_j <= q_j <= hi_j for the bounded coordinates, locked coordinates at
 *   their default value, and q_dep = f(q_ind) for couplings of infinite weight.
 *
 * The marker sum divides by the total weight of the markers present in the frame
 * (SimTK Markers::calcGoal), so the marker term is half the weighted mean squared error
 * and a coordinate task's weight is relative to it. A marker whose observation is NaN is
 * left out of both sums; a marker of weight 0 is tracked by nothing but its error is
 * still reported (as OpenSim's marker-error file does).
 *
 * Method: F = |r(q)|^2 / 2 with the residual r stacked from sqrt(w_i / sum w) (p_i - o_i),
 * sqrt(w_c) (q_c - v_c) and sqrt(W_k) (q_dep - f(q_ind)), so the problem is a nonlinear
 * least-squares problem solved by Levenberg-Marquardt (Marquardt 1963, SIAM J Appl Math
 * 11:431-441) with the damping update of Nielsen (1999, IMM-REP-1999-05): each step solves
 *   (J'J + mu D) dq = -J'r,   D = diag(J'J) (floored),
 * over the free coordinates, and is accepted when F decreases. The jacobian is analytic:
 * bodyPointJacobian's columns (the coordinates' spatial axes at the marker) scaled like the
 * residual, with the chain rule f'(q_ind) for coordinates driven by a coupling. Bounded
 * coordinates: the step instead solves the box-constrained quadratic programme
 * lo - q <= dq <= hi - q with the same model (core/math/bounded-qp.ts), a projected
 * Levenberg-Marquardt step, so iterates never leave the range (what OpenSim's Assembler
 * does for clamped coordinates through its optimiser's bounds).
 *
 * Convergence. OpenSim stops its optimiser at `accuracy` (default 1e-5) on the goal;
 * here the iteration goes on to the optimum itself: it stops when the Gauss-Newton step
 * (1 + mu) |dq|_inf, an estimate of the distance to the minimiser, falls below
 * accuracy * 1e-5 (1e-10 rad or m at the default accuracy), or when several steps in a
 * row no longer change F beyond its rounding error (the optimum to working precision:
 * with large residuals and a poorly conditioned J'J the step cannot fall below the
 * rounding noise of the residuals). Near the optimum the steps
 * are Gauss-Newton steps, which converge quadratically when the markers fit exactly and
 * fast (linearly, with the small marker residuals of real data) otherwise.
 *
 * Speed: the solver object owns every buffer (jacobian, normal matrix, the QP workspace,
 * its own SkeletonData unless one is given); solve() allocates nothing. Warm start: solve
 * starts from the q it is given, so passing the previous frame's solution tracks a motion
 * as OpenSim's Assembler::track does.
 */
import { KinechainError } from '../errors.js';
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { makeSkeletonData } from '../model/make-skeleton-data.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { bodyPointJacobian, bodyPointPosition } from '../kinematics/jacobian.js';
import { choleskyFactor, choleskySolve } from '../math/linear-algebra.js';
import { evaluateFunction, type FunctionTable } from '../math/functions.js';
import { FunctionTableBuilder, type FunctionDescription } from '../math/function-table-builder.js';
import { makeBoundedQpWorkspace, solveBoundedQp, type BoundedQpOptions, type BoundedQpProblem, type BoundedQpWorkspace } from '../math/bounded-qp.js';

/** A model marker to track: a point fixed in a body, and how much its fit counts. */
export interface InverseKinematicsMarker {
  readonly name: string;
  /** Body name ("ground" allowed: such a marker has a fixed error). */
  readonly body: string;
  /** [3] location in the body frame (m). */
  readonly location: ArrayLike<number>;
  /** Relative weight, finite and >= 0 (OpenSim IKMarkerTask weight); 0 tracks nothing but still reports the error. */
  readonly weight: number;
}

/** Hold a coordinate near a target value (OpenSim IKCoordinateTask); the target is given per solve. */
export interface InverseKinematicsCoordinateTask {
  readonly coordinate: string;
  /** Weight, finite and >= 0, relative to the marker term (which is half the weighted mean squared error, m^2). */
  readonly weight: number;
}

/**
 * q_dependent = function(q_independent) (an OpenSim CoordinateCouplerConstraint that the
 * model keeps as two coordinates). Enforced exactly when constraintWeight is Infinity,
 * as a weighted penalty when it is finite, ignored when it is 0.
 */
export interface InverseKinematicsCoupling {
  readonly dependent: string;
  readonly independent: string;
  readonly function: FunctionDescription;
}

export interface InverseKinematicsProblem {
  readonly markers: readonly InverseKinematicsMarker[];
  readonly coordinateTasks?: readonly InverseKinematicsCoordinateTask[];
  /**
   * Coordinates kept inside their range: 'all' (default: kinechain's convention that
   * ranges are limits), 'none', or a list of names (OpenSim: the clamped coordinates).
   */
  readonly boundedCoordinates?: 'all' | 'none' | readonly string[];
  readonly couplings?: readonly InverseKinematicsCoupling[];
  /** OpenSim constraint_weight: Infinity (default) enforces couplings exactly. */
  readonly constraintWeight?: number;
  /** OpenSim accuracy (default 1e-5); the solver converges to accuracy * 1e-5 in q (rad or m). */
  readonly accuracy?: number;
  /** Largest number of residual evaluations per solve (default 200). */
  readonly maxIterations?: number;
}

export type InverseKinematicsStatus =
  /** The step to the optimum is below the tolerance. */
  | 'converged'
  /** maxIterations evaluations without converging: q holds the best point found. */
  | 'max-iterations'
  /** Nothing to fit (every marker missing and no coordinate task): q is left as given, locks and couplings applied. */
  | 'no-observations';

export interface InverseKinematicsResult {
  status: InverseKinematicsStatus;
  /** Residual evaluations (forward-kinematics passes) used. */
  iterations: number;
  /** F at the solution (see the file comment; m^2 for the marker term). */
  cost: number;
  /** Markers with an observation and a positive weight in this frame. */
  activeMarkers: number;
  /** (1 + mu) |dq|_inf of the last step: the estimated distance to the optimum (rad or m). */
  lastStep: number;
}

const DEFAULT_ACCURACY = 1e-5;
/** The solve converges this much tighter than OpenSim's accuracy setting. */
const TOLERANCE_PER_ACCURACY = 1e-5;
const DEFAULT_MAX_ITERATIONS = 200;
const INITIAL_DAMPING = 1e-6;
/** Floor of the damping scale, relative to the largest diagonal entry of J'J (coordinates no residual sees). */
const DAMPING_FLOOR = 1e-12;
/** Consecutive accepted steps that leave F unchanged to rounding after which the solve has converged. */
const FLAT_STEPS_AT_OPTIMUM = 3;

/** Options of every QP step: start from the previous step's active bounds. */
const WARM_START: BoundedQpOptions = Object.freeze({ warmStart: true });

const ROLE_FREE = 0;
const ROLE_LOCKED = 1;
const ROLE_DEPENDENT = 2;

function bad(message: string, details: Record<string, unknown> = {}): KinechainError {
  return new KinechainError('MALFORMED_INPUT', message, details);
}

function checkWeight(weight: number, what: string): void {
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
    throw new KinechainError('OUT_OF_RANGE', `${what} has weight ${String(weight)}; weights must be finite and >= 0`, { what, weight: String(weight) });
  }
}

function coordinateOf(model: SkeletonModel, name: string, what: string): number {
  const j = model.coordinateIndex.get(name);
  if (j === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `${what} names coordinate "${name}", which the model "${model.name}" does not have`, { coordinate: name });
  }
  return j;
}

/**
 * The solver: built once per model and task set (validates names, allocates every
 * buffer), then solve() per frame.
 */
export class InverseKinematicsSolver {
  readonly model: SkeletonModel;
  readonly data: SkeletonData;
  /** Marker names in problem order; the layout of observations and the outputs below. */
  readonly markerNames: readonly string[];
  /** Coordinate-task coordinate names in problem order; the layout of coordinateTargets. */
  readonly taskCoordinates: readonly string[];
  /** [nmarker] squared distance (m^2) between model marker and observation after the last solve; 0 when missing. */
  readonly markerSquaredError: Float64Array;
  /** [nmarker*3] model marker positions in ground (m) after the last solve. */
  readonly markerPosition: Float64Array;
  /** Outcome of the last solve (the same object every time). */
  readonly result: InverseKinematicsResult = { status: 'converged', iterations: 0, cost: 0, activeMarkers: 0, lastStep: 0 };

  private readonly nq: number;
  private readonly nmarker: number;
  private readonly markerBody: Int32Array;
  private readonly markerLocation: Float64Array;
  /** [nmarker] views of markerLocation, one [3] per marker (made once: a view per call would allocate). */
  private readonly markerLocationView: Float64Array[];
  private readonly markerWeight: Float64Array;
  private readonly taskCoordinate: Int32Array;
  private readonly taskScale: Float64Array;
  private readonly ntask: number;

  /** [nq] ROLE_* of each coordinate; [nq] its variable index or -1; [nv] the coordinate of each variable. */
  private readonly role: Uint8Array;
  private readonly coordinateVariable: Int32Array;
  private readonly variableCoordinate: Int32Array;
  private readonly nv: number;
  private readonly variableLower: Float64Array;
  private readonly variableUpper: Float64Array;

  /** Couplings: dependent and independent coordinates, function index, mode, penalty scale sqrt(W). */
  private readonly ncoupling: number;
  private readonly couplingDependent: Int32Array;
  private readonly couplingIndependent: Int32Array;
  private readonly couplingExact: boolean;
  private readonly couplingPenalty: number;
  private readonly functions: FunctionTable;
  /** [ncoupling] f'(q_ind) at the last enforcement; [3] one function evaluation. */
  private readonly couplingSlope: Float64Array;
  private readonly functionValue = new Float64Array(3);

  private readonly tolerance: number;
  private readonly maxIterations: number;

  // ---- workspace ----
  /** [maxRows] residual; [maxRows*nv] jacobian (row-major); [3*nq] one marker's full jacobian. */
  private readonly residual: Float64Array;
  private readonly jacobian: Float64Array;
  private readonly pointJacobian: Float64Array;
  /** [nv*nv] J'J; [nv] J'r; [nv] damping scale; [nv*nv] factor; [nv] step. */
  private readonly normal: Float64Array;
  private readonly gradient: Float64Array;
  private readonly dampingScale: Float64Array;
  private readonly factor: Float64Array;
  private readonly step: Float64Array;
  /** [nq] trial point. */
  private readonly trial: Float64Array;
  /** [3] scratch point. */
  private readonly point = new Float64Array(3);
  private readonly qp: BoundedQpWorkspace | null;
  private readonly qpProblem: BoundedQpProblem | null;
  /** Rows filled by the last residual evaluation and the total marker weight present. */
  private rows = 0;

  constructor(model: SkeletonModel, problem: InverseKinematicsProblem, data?: SkeletonData) {
    this.model = model;
    this.data = data ?? makeSkeletonData(model);
    const nq = model.nq;
    this.nq = nq;

    // Markers.
    const markers = problem.markers;
    const nmarker = markers.length;
    this.nmarker = nmarker;
    this.markerNames = markers.map((marker) => marker.name);
    this.markerBody = new Int32Array(nmarker);
    this.markerLocation = new Float64Array(3 * nmarker);
    this.markerWeight = new Float64Array(nmarker);
    const seenMarkers = new Set<string>();
    markers.forEach((marker, index) => {
      if (seenMarkers.has(marker.name)) throw bad(`marker "${marker.name}" is listed twice; marker names must be unique`, { marker: marker.name });
      seenMarkers.add(marker.name);
      const body = model.bodyIndex.get(marker.body);
      if (body === undefined) {
        throw new KinechainError('UNKNOWN_NAME', `marker "${marker.name}" is fixed in body "${marker.body}", which the model "${model.name}" does not have`, {
          marker: marker.name,
          body: marker.body,
        });
      }
      this.markerBody[index] = body;
      if (marker.location.length !== 3) throw bad(`marker "${marker.name}" needs a location of 3 numbers, got ${marker.location.length}`);
      for (let axis = 0; axis < 3; axis++) {
        const value = marker.location[axis];
        if (!Number.isFinite(value)) throw new KinechainError('NOT_FINITE', `marker "${marker.name}" location has ${String(value)}`, { marker: marker.name });
        this.markerLocation[3 * index + axis] = value;
      }
      checkWeight(marker.weight, `marker "${marker.name}"`);
      this.markerWeight[index] = marker.weight;
    });
    this.markerLocationView = markers.map((_, index) => this.markerLocation.subarray(3 * index, 3 * index + 3));
    this.markerSquaredError = new Float64Array(nmarker);
    this.markerPosition = new Float64Array(3 * nmarker);

    // Coordinate roles: locked, driven by an exact coupling, or free.
    this.role = new Uint8Array(nq);
    for (let j = 0; j < nq; j++) if (model.coordinateLocked[j] === 1) this.role[j] = ROLE_LOCKED;
    const constraintWeight = problem.constraintWeight ?? Infinity;
    if (typeof constraintWeight !== 'number' || Number.isNaN(constraintWeight) || constraintWeight < 0) {
      throw new KinechainError('OUT_OF_RANGE', `constraintWeight must be >= 0 or Infinity, got ${String(constraintWeight)}`);
    }
    const couplings = constraintWeight > 0 ? (problem.couplings ?? []) : [];
    this.ncoupling = couplings.length;
    this.couplingDependent = new Int32Array(couplings.length);
    this.couplingIndependent = new Int32Array(couplings.length);
    this.couplingSlope = new Float64Array(couplings.length);
    this.couplingExact = constraintWeight === Infinity;
    this.couplingPenalty = Number.isFinite(constraintWeight) ? Math.sqrt(constraintWeight) : 0;
    const builder = new FunctionTableBuilder();
    const dependents = new Set<number>();
    couplings.forEach((coupling, k) => {
      const what = `coupling of "${coupling.dependent}" to "${coupling.independent}"`;
      const dependent = coordinateOf(model, coupling.dependent, what);
      const independent = coordinateOf(model, coupling.independent, what);
      if (dependent === independent) throw bad(`${what}: a coordinate cannot depend on itself`);
      if (dependents.has(dependent)) throw new KinechainError('UNSUPPORTED', `${what}: "${coupling.dependent}" is the dependent coordinate of two couplings`);
      if (this.role[dependent] === ROLE_LOCKED) {
        throw new KinechainError('UNSUPPORTED', `${what}: "${coupling.dependent}" is locked and coupled at once; unlock it or drop the coupling`);
      }
      dependents.add(dependent);
      this.couplingDependent[k] = dependent;
      this.couplingIndependent[k] = independent;
      builder.add(coupling.function, what);
    });
    for (const independent of this.couplingIndependent) {
      if (dependents.has(independent)) {
        throw new KinechainError('UNSUPPORTED', `coordinate "${model.coordinateName[independent]}" is both dependent and independent in couplings; chained couplings are not supported`);
      }
    }
    this.functions = builder.build();
    if (this.couplingExact) for (const dependent of this.couplingDependent) this.role[dependent] = ROLE_DEPENDENT;

    // Variables: the free coordinates.
    this.coordinateVariable = new Int32Array(nq).fill(-1);
    const variables: number[] = [];
    for (let j = 0; j < nq; j++) {
      if (this.role[j] !== ROLE_FREE) continue;
      this.coordinateVariable[j] = variables.length;
      variables.push(j);
    }
    this.variableCoordinate = Int32Array.from(variables);
    const nv = variables.length;
    this.nv = nv;

    // Bounds.
    const boundedSpec = problem.boundedCoordinates ?? 'all';
    const boundedSet = new Set<number>();
    if (boundedSpec === 'all') for (let j = 0; j < nq; j++) boundedSet.add(j);
    else if (boundedSpec !== 'none') for (const name of boundedSpec) boundedSet.add(coordinateOf(model, name, 'boundedCoordinates'));
    this.variableLower = new Float64Array(nv).fill(-Infinity);
    this.variableUpper = new Float64Array(nv).fill(Infinity);
    let anyBound = false;
    for (let v = 0; v < nv; v++) {
      const j = variables[v];
      if (!boundedSet.has(j)) continue;
      this.variableLower[v] = model.coordinateRange[2 * j];
      this.variableUpper[v] = model.coordinateRange[2 * j + 1];
      anyBound = true;
    }

    // Coordinate tasks (tasks on locked coordinates are dropped, as OpenSim's AssemblySolver does).
    const tasks = problem.coordinateTasks ?? [];
    this.ntask = tasks.length;
    this.taskCoordinates = tasks.map((task) => task.coordinate);
    this.taskCoordinate = new Int32Array(tasks.length);
    this.taskScale = new Float64Array(tasks.length);
    const seenTasks = new Set<number>();
    tasks.forEach((task, index) => {
      const j = coordinateOf(model, task.coordinate, 'a coordinate task');
      if (seenTasks.has(j)) throw bad(`coordinate "${task.coordinate}" has two coordinate tasks; give one`, { coordinate: task.coordinate });
      seenTasks.add(j);
      checkWeight(task.weight, `the coordinate task of "${task.coordinate}"`);
      this.taskCoordinate[index] = j;
      this.taskScale[index] = this.role[j] === ROLE_LOCKED ? 0 : Math.sqrt(task.weight);
    });

    const tolerance = (problem.accuracy ?? DEFAULT_ACCURACY) * TOLERANCE_PER_ACCURACY;
    if (!(tolerance > 0) || !Number.isFinite(tolerance)) {
      throw new KinechainError('OUT_OF_RANGE', `accuracy must be a positive number, got ${String(problem.accuracy)}`);
    }
    this.tolerance = tolerance;
    const maxIterations = problem.maxIterations ?? DEFAULT_MAX_ITERATIONS;
    if (!Number.isInteger(maxIterations) || maxIterations < 1) {
      throw new KinechainError('OUT_OF_RANGE', `maxIterations must be a whole number >= 1, got ${String(maxIterations)}`);
    }
    this.maxIterations = maxIterations;

    const maxRows = 3 * nmarker + tasks.length + (this.couplingExact ? 0 : couplings.length);
    this.residual = new Float64Array(maxRows);
    this.jacobian = new Float64Array(maxRows * nv);
    this.pointJacobian = new Float64Array(3 * nq);
    this.normal = new Float64Array(nv * nv);
    this.gradient = new Float64Array(nv);
    this.dampingScale = new Float64Array(nv);
    this.factor = new Float64Array(nv * nv);
    this.step = new Float64Array(nv);
    this.trial = new Float64Array(nq);
    if (anyBound) {
      this.qp = makeBoundedQpWorkspace(nv, 0, { denseHessian: true });
      this.qpProblem = {
        n: nv,
        m: 0,
        hessianKind: 'dense',
        hessian: this.factor,
        gradient: this.gradient,
        equalityMatrix: new Float64Array(0),
        equalityTarget: new Float64Array(0),
        lower: new Float64Array(nv),
        upper: new Float64Array(nv),
      };
    } else {
      this.qp = null;
      this.qpProblem = null;
    }
  }

  /**
   * Solves one frame. observations [nmarker*3] (m, ground; NaN marks a missing marker),
   * q [nq] (rad, m) the starting point on entry and the solution on return,
   * coordinateTargets [ntask] the task values (rad, m) in task order. Leaves data at the
   * solution (forward kinematics done), markerSquaredError and markerPosition filled.
   */
  solve(observations: Float64Array, q: Float64Array, coordinateTargets?: ArrayLike<number>): InverseKinematicsResult {
    const { nq, nv, nmarker, ntask } = this;
    if (observations.length < 3 * nmarker) {
      throw bad(`observations hold ${observations.length} values; ${nmarker} markers need ${3 * nmarker}`);
    }
    if (q.length !== nq) throw bad(`q has ${q.length} values but the model has ${nq} coordinates`);
    if (ntask > 0 && (coordinateTargets === undefined || coordinateTargets.length < ntask)) {
      throw bad(`${ntask} coordinate task(s) need as many target values, got ${coordinateTargets?.length ?? 0}`);
    }
    for (let j = 0; j < nq; j++) {
      if (!Number.isFinite(q[j])) throw new KinechainError('NOT_FINITE', `starting value of "${this.model.coordinateName[j]}" is ${q[j]}`);
    }
    for (let t = 0; t < ntask; t++) {
      const target = (coordinateTargets as ArrayLike<number>)[t];
      if (this.taskScale[t] > 0 && !Number.isFinite(target)) {
        throw new KinechainError('NOT_FINITE', `target of the coordinate task "${this.taskCoordinates[t]}" is ${String(target)}`);
      }
    }

    // Hold locked coordinates, start bounded ones inside their range.
    const model = this.model;
    for (let j = 0; j < nq; j++) if (this.role[j] === ROLE_LOCKED) q[j] = model.coordinateDefault[j];
    for (let v = 0; v < nv; v++) {
      const j = this.variableCoordinate[v];
      q[j] = Math.min(Math.max(q[j], this.variableLower[v]), this.variableUpper[v]);
    }
    const result = this.result;
    result.iterations = 0;
    result.lastStep = 0;

    let cost = this.evaluate(q, observations, coordinateTargets, true);
    result.iterations = 1;
    result.activeMarkers = this.activeMarkerCount(observations);
    if (this.rows === 0 || nv === 0) {
      result.status = this.rows === 0 ? 'no-observations' : 'converged';
      result.cost = cost;
      this.finish(observations);
      return result;
    }

    let damping = INITIAL_DAMPING;
    let growth = 2;
    let dataAtQ = true;
    let flatSteps = 0;
    let status: InverseKinematicsStatus = 'max-iterations';
    this.buildNormalEquations();
    while (result.iterations < this.maxIterations) {
      this.solveStep(q, damping);
      let largest = 0;
      for (let v = 0; v < nv; v++) largest = Math.max(largest, Math.abs(this.step[v]));
      result.lastStep = (1 + damping) * largest;
      if (result.lastStep <= this.tolerance) {
        status = 'converged';
        break;
      }
      const predicted = this.predictedDecrease();
      const trial = this.trial;
      trial.set(q);
      for (let v = 0; v < nv; v++) trial[this.variableCoordinate[v]] += this.step[v];
      const trialCost = this.evaluate(trial, observations, coordinateTargets, false);
      result.iterations++;
      dataAtQ = false;
      // Near the optimum F changes by less than its rounding error while the step (from
      // the analytic gradient) is still meaningful: a step that leaves F unchanged to
      // working precision is a Gauss-Newton step worth taking (a few of them in a row
      // mean the step has reached the rounding noise of the residuals: converged).
      const roundOff = 8 * Number.EPSILON * cost;
      const ratio = trialCost < cost ? (cost - trialCost) / predicted : trialCost - cost <= roundOff ? 1 : -1;
      if (ratio > 0) {
        // Steps that no longer change F, again and again: the iterate sits at the optimum
        // to the precision the residuals are computed with.
        flatSteps = trialCost < cost ? 0 : flatSteps + 1;
        q.set(trial);
        cost = trialCost;
        // The trial left data at the new q: build its jacobian there.
        this.evaluate(q, observations, coordinateTargets, true, false);
        dataAtQ = true;
        this.buildNormalEquations();
        const shrink = 1 - (2 * ratio - 1) ** 3;
        damping *= Math.max(1 / 3, shrink);
        growth = 2;
        if (flatSteps >= FLAT_STEPS_AT_OPTIMUM) {
          status = 'converged';
          break;
        }
      } else {
        damping *= growth;
        growth *= 2;
        if (!Number.isFinite(damping)) {
          // No step lowers F any more: q is the minimiser to working precision.
          status = 'converged';
          break;
        }
      }
    }
    if (!dataAtQ) forwardKinematics(model, this.data, q);
    result.status = status;
    result.cost = cost;
    this.finish(observations);
    return result;
  }

  /** Markers with an observation and a positive weight. */
  private activeMarkerCount(observations: Float64Array): number {
    let count = 0;
    for (let i = 0; i < this.nmarker; i++) {
      if (this.markerWeight[i] > 0 && isObserved(observations, i)) count++;
    }
    return count;
  }

  /**
   * Applies the couplings to q, runs forward kinematics (unless `kinematicsDone`), fills
   * the residual (and the jacobian when `withJacobian`), returns F = |r|^2 / 2.
   */
  private evaluate(
    q: Float64Array,
    observations: Float64Array,
    targets: ArrayLike<number> | undefined,
    withJacobian: boolean,
    runKinematics = true,
  ): number {
    const { nq, nv, nmarker, model } = this;
    const value = this.functionValue;
    for (let k = 0; k < this.ncoupling; k++) {
      evaluateFunction(this.functions, k, q[this.couplingIndependent[k]], value, 0);
      this.couplingSlope[k] = value[1];
      if (this.couplingExact) q[this.couplingDependent[k]] = value[0];
    }
    if (runKinematics) forwardKinematics(model, this.data, q);

    let totalWeight = 0;
    for (let i = 0; i < nmarker; i++) {
      if (this.markerWeight[i] > 0 && isObserved(observations, i)) totalWeight += this.markerWeight[i];
    }
    const residual = this.residual;
    const jacobian = this.jacobian;
    const point = this.point;
    let row = 0;
    for (let i = 0; i < nmarker; i++) {
      const weight = this.markerWeight[i];
      if (!(weight > 0) || !isObserved(observations, i)) continue;
      const scale = Math.sqrt(weight / totalWeight);
      const body = this.markerBody[i];
      const location = this.markerLocationView[i];
      bodyPointPosition(this.data, body, location, point, 0);
      for (let axis = 0; axis < 3; axis++) residual[row + axis] = scale * (point[axis] - observations[3 * i + axis]);
      if (withJacobian) {
        const full = this.pointJacobian;
        bodyPointJacobian(model, this.data, body, location, full);
        for (let axis = 0; axis < 3; axis++) {
          const out = (row + axis) * nv;
          const source = axis * nq;
          for (let v = 0; v < nv; v++) jacobian[out + v] = scale * full[source + this.variableCoordinate[v]];
          if (this.couplingExact) {
            for (let k = 0; k < this.ncoupling; k++) {
              const variable = this.coordinateVariable[this.couplingIndependent[k]];
              if (variable >= 0) jacobian[out + variable] += scale * this.couplingSlope[k] * full[source + this.couplingDependent[k]];
            }
          }
        }
      }
      row += 3;
    }

    for (let t = 0; t < this.ntask; t++) {
      const scale = this.taskScale[t];
      if (!(scale > 0)) continue;
      const j = this.taskCoordinate[t];
      residual[row] = scale * (q[j] - (targets as ArrayLike<number>)[t]);
      if (withJacobian) {
        const out = row * nv;
        jacobian.fill(0, out, out + nv);
        if (this.role[j] === ROLE_FREE) {
          jacobian[out + this.coordinateVariable[j]] = scale;
        } else {
          // A dependent coordinate: d q_dep = f'(q_ind) d q_ind.
          for (let k = 0; k < this.ncoupling; k++) {
            if (this.couplingDependent[k] !== j) continue;
            const variable = this.coordinateVariable[this.couplingIndependent[k]];
            if (variable >= 0) jacobian[out + variable] = scale * this.couplingSlope[k];
          }
        }
      }
      row++;
    }

    if (!this.couplingExact && this.couplingPenalty > 0) {
      const scale = this.couplingPenalty;
      for (let k = 0; k < this.ncoupling; k++) {
        evaluateFunction(this.functions, k, q[this.couplingIndependent[k]], value, 0);
        const dependent = this.couplingDependent[k];
        residual[row] = scale * (q[dependent] - value[0]);
        if (withJacobian) {
          const out = row * nv;
          jacobian.fill(0, out, out + nv);
          const dependentVariable = this.coordinateVariable[dependent];
          const independentVariable = this.coordinateVariable[this.couplingIndependent[k]];
          if (dependentVariable >= 0) jacobian[out + dependentVariable] += scale;
          if (independentVariable >= 0) jacobian[out + independentVariable] -= scale * value[1];
        }
        row++;
      }
    }
    this.rows = row;
    let sum = 0;
    for (let r = 0; r < row; r++) sum += residual[r] * residual[r];
    return sum / 2;
  }

  /** normal = J'J, gradient = J'r, dampingScale = floored diag(J'J). */
  private buildNormalEquations(): void {
    const { nv, rows } = this;
    const jacobian = this.jacobian;
    const residual = this.residual;
    const normal = this.normal;
    const gradient = this.gradient;
    normal.fill(0);
    gradient.fill(0);
    for (let r = 0; r < rows; r++) {
      const base = r * nv;
      const value = residual[r];
      for (let a = 0; a < nv; a++) {
        const ja = jacobian[base + a];
        if (ja === 0) continue;
        gradient[a] += ja * value;
        for (let b = 0; b <= a; b++) normal[a * nv + b] += ja * jacobian[base + b];
      }
    }
    let largest = 0;
    for (let a = 0; a < nv; a++) {
      for (let b = 0; b < a; b++) normal[b * nv + a] = normal[a * nv + b];
      largest = Math.max(largest, normal[a * nv + a]);
    }
    const floor = Math.max(largest * DAMPING_FLOOR, Number.MIN_VALUE);
    for (let a = 0; a < nv; a++) this.dampingScale[a] = Math.max(normal[a * nv + a], floor);
  }

  /** step = argmin of the damped model (within the bounds when there are any). */
  private solveStep(q: Float64Array, damping: number): void {
    const nv = this.nv;
    const factor = this.factor;
    factor.set(this.normal);
    for (let a = 0; a < nv; a++) factor[a * nv + a] += damping * this.dampingScale[a];
    if (this.qp !== null && this.qpProblem !== null) {
      for (let v = 0; v < nv; v++) {
        const current = q[this.variableCoordinate[v]];
        this.qpProblem.lower[v] = this.variableLower[v] - current;
        this.qpProblem.upper[v] = this.variableUpper[v] - current;
      }
      solveBoundedQp(this.qpProblem, this.qp, WARM_START);
      const x = this.qp.x;
      for (let v = 0; v < nv; v++) this.step[v] = x[v];
      return;
    }
    if (!choleskyFactor(factor, nv)) {
      throw new KinechainError('INTERNAL', 'the damped normal matrix of inverse kinematics is not positive definite');
    }
    const step = this.step;
    for (let v = 0; v < nv; v++) step[v] = -this.gradient[v];
    choleskySolve(factor, nv, step);
  }

  /** L(0) - L(step) of the undamped Gauss-Newton model: -g'dq - dq'J'J dq / 2. */
  private predictedDecrease(): number {
    const { nv } = this;
    const step = this.step;
    let linear = 0;
    let quadratic = 0;
    for (let a = 0; a < nv; a++) {
      linear += this.gradient[a] * step[a];
      let row = 0;
      for (let b = 0; b < nv; b++) row += this.normal[a * nv + b] * step[b];
      quadratic += step[a] * row;
    }
    return -linear - quadratic / 2;
  }

  /** Marker positions and squared errors at the solution (data is current). */
  private finish(observations: Float64Array): void {
    const point = this.point;
    for (let i = 0; i < this.nmarker; i++) {
      bodyPointPosition(this.data, this.markerBody[i], this.markerLocationView[i], point, 0);
      this.markerPosition[3 * i] = point[0];
      this.markerPosition[3 * i + 1] = point[1];
      this.markerPosition[3 * i + 2] = point[2];
      if (!isObserved(observations, i)) {
        this.markerSquaredError[i] = 0;
        continue;
      }
      const dx = point[0] - observations[3 * i];
      const dy = point[1] - observations[3 * i + 1];
      const dz = point[2] - observations[3 * i + 2];
      this.markerSquaredError[i] = dx * dx + dy * dy + dz * dz;
    }
  }
}

/** True when all three coordinates of marker i are finite numbers. */
function isObserved(observations: Float64Array, marker: number): boolean {
  const base = 3 * marker;
  return Number.isFinite(observations[base]) && Number.isFinite(observations[base + 1]) && Number.isFinite(observations[base + 2]);
}

/** Builds a solver for `model` and `problem` (see InverseKinematicsSolver). */
export function makeInverseKinematicsSolver(model: SkeletonModel, problem: InverseKinematicsProblem, data?: SkeletonData): InverseKinematicsSolver {
  return new InverseKinematicsSolver(model, problem, data);
}
