/**
 * Static optimisation: the muscle activations (and reserve / residual actuator controls)
 * that produce given generalised forces at one instant, sharing the load by minimising
 *
 *   J = sum_m a_m^p + sum_r u_r^2
 *
 * subject to, for every selected coordinate j,
 *
 *   sum_m r_jm F_m(a_m) + sum_t r_jt F_t + sum_r [j_r = j] u_r F_opt,r = tau_j
 *   a_min <= a_m <= a_max,   |u_r| <= u_max,r
 *
 * (Crowninshield & Brand 1981, J Biomech 14:793-801; as OpenSim's StaticOptimization,
 * Anderson & Pandy 2001, J Biomech 34:153-161). tau [nq] is the inverse-dynamics result
 * (rnea's data.generalizedForce), r = -dL/dq the moment arms (data.tissueMomentArm),
 * F_t the tensions of the passive tissues that act on the skeleton (ligaments, fascia:
 * known at the pose, moved to the right-hand side), u the controls of coordinate
 * actuators (OpenSim's CoordinateActuator): reserves on any selected coordinate and
 * residuals on the root coordinates (the pelvis's free joint in a full body).
 *
 * Muscle force, rigid tendon (what OpenSim's static optimisation assumes):
 *   'physiological':  F = a F0 f_L(l) f_V(v) cos(alpha) + F0 f_PE(l) cos(alpha)
 *   'ideal':          F = a F0
 * F is linear in a, F = a k + p, so the constraints are linear. k is the active fibre
 * force along the tendon at a = 1, exactly as OpenSim's calcInextensibleTendonActiveFiberForce(s, 1):
 * Thelen's maximum shortening velocity, which scales with 0.25 + 0.75 a, is taken at a = 1
 * (the two agree exactly at zero fibre velocity, the static case). The passive term p is
 * kept by default; OpenSim's StaticOptimization overrides the whole muscle force with
 * a k, so set musclePassiveForce: false to reproduce it.
 *
 * Exponent p. With p = 2 the problem is a convex QP with a diagonal Hessian, solved
 * exactly by core/math/bounded-qp.ts. OpenSim allows other exponents (3 is common); then
 * the objective is no longer quadratic, and this solver runs sequential quadratic
 * programming: from the p = 2 solution, each step solves the QP of the second-order
 * model of sum a^p at the current activations (curvature p (p-1) max(a, 0.001)^(p-2), so
 * that the model stays strictly convex where a^p is flat or its curvature blows up at
 * a = 0) and takes an Armijo line search along the step. Every iterate satisfies the
 * constraints (they are linear and both ends of the step do), the objective decreases
 * monotonically, and the loop stops when an iteration changes no activation by more than
 * exponentTolerance; 'max-iterations' otherwise. The reserve and residual terms stay
 * quadratic for every p (OpenSim raises them to p as well; the two agree at p = 2).
 *
 * Infeasibility. If the muscles and actuators cannot produce tau (a coordinate no muscle
 * crosses and no actuator drives, or demands beyond the muscles' strength), the status
 * is 'infeasible' and the solution returned is the best effort: the problem is solved
 * again with an unbounded slack generalised force on every selected coordinate, priced
 * at SLACK_COST per (N m)^2 so that it carries only what nothing else can; the slack
 * appears in coordinateResidual.
 *
 * Call order: forwardKinematics, pathLength, momentArms (and pathVelocity when velocities
 * matter) at the pose, then solveStaticOptimization; or solveStaticOptimizationAtPose,
 * which runs them. The solver object holds every buffer (made once by
 * makeStaticOptimization); a solve allocates nothing and, by default, warm-starts the QP
 * from the previous solve's active set (successive frames of a motion or of a posture
 * search change it little).
 */
import { KinechainError } from '../errors.js';
import { LawType, type SkeletonData, type SkeletonModel, type TissueData, type TissueModel } from '../model/model.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from '../paths/path-length.js';
import { momentArms } from '../paths/moment-arm.js';
import { pathVelocity } from '../paths/path-velocity.js';
import { makeMuscleParameters, makeMuscleState, readMuscleParameters, rigidTendonMuscle } from '../tissues/hill-muscle.js';
import { passiveTissueForce } from '../tissues/passive-law.js';
import {
  makeBoundedQpWorkspace,
  solveBoundedQp,
  type BoundedQpOptions,
  type BoundedQpProblem,
  type BoundedQpStatus,
  type BoundedQpWorkspace,
} from '../math/bounded-qp.js';

export type MuscleForceModel = 'physiological' | 'ideal';

/**
 * A muscle's capacity k: its force along the tendon at activation 1 (N) at a
 * musculotendon length (m) and lengthening speed (m/s). NaN leaves that muscle to the
 * built-in rigid-tendon law. Lets a caller reproduce another program's muscle model
 * (app/opensim/opensim-muscle-capacity.ts) without changing the optimisation.
 */
export type MuscleCapacityFunction = (tissue: number, musculotendonLength: number, lengtheningSpeed: number) => number;

/** A set of coordinate actuators sharing one optimal force and control limit. */
export interface CoordinateActuatorSet {
  /** Generalised force per unit control (N m for rotational coordinates, N for translational), > 0. */
  readonly optimalForce: number;
  /** |control| <= maxControl (> 0); Infinity (default) leaves the control unbounded. */
  readonly maxControl?: number;
  /**
   * Coordinates driven, one actuator each. Default: reserves on every selected coordinate
   * that is not a root coordinate; residuals on every selected root coordinate.
   */
  readonly coordinates?: readonly string[];
}

export interface StaticOptimizationOptions {
  /**
   * Coordinates whose equation is enforced: names, or a [nq] 0/1 mask. Default: every
   * unlocked coordinate. Locked coordinates are never enforced (naming one is an error).
   */
  readonly coordinates?: readonly string[] | Uint8Array;
  /** Muscle force model (default 'physiological'). */
  readonly forceModel?: MuscleForceModel;
  /**
   * 'physiological' only: the capacity k of each muscle from this function instead of the
   * built-in rigid-tendon law (see MuscleCapacityFunction). Default: the built-in law.
   */
  readonly muscleCapacity?: MuscleCapacityFunction;
  /** Include the muscles' passive fibre force (default true; 'ideal' has none). */
  readonly musclePassiveForce?: boolean;
  /** Include the tension of passive tissues acting on the skeleton (default true). */
  readonly passiveTissues?: boolean;
  /** Exponent p of sum a^p (default 2; must be > 1). */
  readonly activationExponent?: number;
  /** Activation bounds (defaults 0 and 1; 0 <= min <= max <= 1). */
  readonly minActivation?: number;
  readonly maxActivation?: number;
  /** Reserve actuators (none by default). */
  readonly reserves?: CoordinateActuatorSet | readonly CoordinateActuatorSet[];
  /**
   * Actuators whose generalised force depends on the pose (OpenSim's PointActuator and
   * TorqueActuator), after the reserves and residuals: force = control * optimalForce,
   * generalised force = force * solver.generalActuatorDirection row, which the caller
   * fills at each pose before solving. |control| <= maxControl (default unbounded).
   */
  readonly generalActuators?: readonly { readonly optimalForce: number; readonly maxControl?: number }[];
  /** Residual actuators on the root coordinates (none by default). */
  readonly residuals?: CoordinateActuatorSet | readonly CoordinateActuatorSet[];
  /** p != 2: stop when no activation changes by more than this in an iteration (default 1e-10). */
  readonly exponentTolerance?: number;
  /** p != 2: largest number of sequential QP iterations (default 100). */
  readonly maxExponentIterations?: number;
}

export interface SolveStaticOptimizationOptions {
  /** Start the QP from the previous solve's active set (default true). */
  readonly warmStart?: boolean;
}

export type StaticOptimizationStatus = BoundedQpStatus;

export interface StaticOptimizationResult {
  status: StaticOptimizationStatus;
  /** [nMuscle] activation of each muscle (order of solver.muscleTissue). */
  readonly activation: Float64Array;
  /** [nMuscle] muscle tension a k + p (N). */
  readonly muscleForce: Float64Array;
  /** [nActuator] control and generalised force (control * optimal force) of each reserve / residual. */
  readonly actuatorControl: Float64Array;
  readonly actuatorForce: Float64Array;
  /** [nq] generalised force of the reserve and residual actuators on each coordinate. */
  readonly actuatorGeneralizedForce: Float64Array;
  /**
   * [nq] tau_j - (tissue generalised force + actuator generalised force) at the solution,
   * for every coordinate (selected ones: ~0 when optimal, the unmet part when infeasible).
   */
  readonly coordinateResidual: Float64Array;
  /** Largest |coordinateResidual| over the selected coordinates. */
  maxEquationResidual: number;
  /** sum a^p + sum u^2 at the solution. */
  objective: number;
  /** QP working-set changes over the whole solve, and QP solves. */
  qpIterations: number;
  qpSolves: number;
  /** Sequential-QP iterations (0 for p = 2). */
  exponentIterations: number;
}

export interface StaticOptimizationSolver {
  readonly nq: number;
  readonly ntissue: number;
  /** [nMuscle] tissue index of each muscle unknown (every muscle acting on the skeleton). */
  readonly muscleTissue: Int32Array;
  /** [nEquation] the selected coordinates, one equation each. */
  readonly equationCoordinate: Int32Array;
  /** [nq] equation row of each coordinate, -1 if not selected. */
  readonly coordinateEquation: Int32Array;
  /** [nActuator] coordinate, optimal force, control limit of each reserve then residual actuator. */
  readonly actuatorCoordinate: Int32Array;
  readonly actuatorOptimalForce: Float64Array;
  readonly actuatorMaxControl: Float64Array;
  /** [nActuator] 1 for a residual (root coordinate), 0 for a reserve. */
  readonly actuatorIsResidual: Uint8Array;
  /**
   * [nGeneral*nq] generalised force per unit force of each general actuator (the last
   * nGeneral actuators, actuatorCoordinate -1), filled by the caller at each pose.
   */
  readonly generalActuatorDirection: Float64Array;
  /** Index of the first general actuator (= number of reserves and residuals). */
  readonly firstGeneralActuator: number;
  readonly forceModel: MuscleForceModel;
  /** The caller's capacity law, if any (StaticOptimizationOptions.muscleCapacity). */
  readonly muscleCapacityFunction: MuscleCapacityFunction | undefined;
  readonly musclePassiveForce: boolean;
  readonly passiveTissues: boolean;
  readonly activationExponent: number;
  readonly minActivation: number;
  readonly maxActivation: number;
  readonly exponentTolerance: number;
  readonly maxExponentIterations: number;
  /** Outcome of the last solve (the same object every time). */
  readonly result: StaticOptimizationResult;
  /** [nMuscle] active force at a = 1 along the tendon, k (N), and passive force, p (N), at the last solve. */
  readonly muscleCapacity: Float64Array;
  readonly musclePassive: Float64Array;
  /** The QP: variables [muscles | actuators | slacks (one per equation)], rows = equations. */
  readonly problem: BoundedQpProblem;
  readonly qp: BoundedQpWorkspace;
  /** [n] the solution (QP variables); for p != 2 the sequential QP's iterate, step and line-search point. */
  readonly iterate: Float64Array;
  readonly stepDirection: Float64Array;
  readonly trialPoint: Float64Array;
  /** [nq] generalised force of the passive terms (muscle passive + passive tissues). */
  readonly passiveGeneralizedForce: Float64Array;
  /** Muscle evaluation scratch. */
  readonly muscleParameters: ReturnType<typeof makeMuscleParameters>;
  readonly muscleState: ReturnType<typeof makeMuscleState>;
  /** True once a solve has left an active set to warm-start from. */
  solvedOnce: boolean;
}

/** Price of the infeasibility slack, per (N m)^2 (or N^2): a million times an activation of 1. */
export const SLACK_COST = 1e6;
/** Option objects made once (a solve allocates nothing). */
const NO_OPTIONS: SolveStaticOptimizationOptions = Object.freeze({});
const WARM_START: BoundedQpOptions = Object.freeze({ warmStart: true });
const COLD_START: BoundedQpOptions = Object.freeze({ warmStart: false });
/** Floor of the activation at which the curvature of a^p is taken (p != 2). */
const CURVATURE_FLOOR = 1e-3;

type StaticOptimizationModel = SkeletonModel & TissueModel;

/** Builds the solver (structure and every buffer) for `model`. */
export function makeStaticOptimization(
  model: StaticOptimizationModel,
  options: StaticOptimizationOptions = {},
): StaticOptimizationSolver {
  const nq = model.nq;
  const forceModel = options.forceModel ?? 'physiological';
  if (forceModel !== 'physiological' && forceModel !== 'ideal') {
    throw new KinechainError('OUT_OF_RANGE', `forceModel must be 'physiological' or 'ideal', got '${String(forceModel)}'`);
  }
  const exponent = options.activationExponent ?? 2;
  if (!Number.isFinite(exponent) || !(exponent > 1)) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `activationExponent must be a finite number > 1 (sum a^p is then strictly convex), got ${exponent}`,
    );
  }
  const minActivation = options.minActivation ?? 0;
  const maxActivation = options.maxActivation ?? 1;
  if (!(minActivation >= 0 && minActivation <= maxActivation && maxActivation <= 1)) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `activation bounds must satisfy 0 <= minActivation <= maxActivation <= 1, got [${minActivation}, ${maxActivation}]`,
    );
  }
  const exponentTolerance = options.exponentTolerance ?? 1e-10;
  const maxExponentIterations = options.maxExponentIterations ?? 100;
  if (!(exponentTolerance > 0) || !Number.isInteger(maxExponentIterations) || maxExponentIterations < 1) {
    throw new KinechainError('OUT_OF_RANGE', 'exponentTolerance must be > 0 and maxExponentIterations a positive integer');
  }

  // Equations: the selected, unlocked coordinates.
  const selected = selectCoordinates(model, options.coordinates);
  const coordinateEquation = new Int32Array(nq).fill(-1);
  const equations: number[] = [];
  for (let j = 0; j < nq; j++) {
    if (selected[j] === 1) {
      coordinateEquation[j] = equations.length;
      equations.push(j);
    }
  }

  // Root coordinates: those of the joints that connect a body to ground.
  const isRoot = new Uint8Array(nq);
  for (let body = 1; body < model.nbody; body++) {
    if (model.bodyParent[body] !== 0) continue;
    const first = model.jointCoordAdr[body];
    for (let j = first; j < first + model.jointCoordNum[body]; j++) isRoot[j] = 1;
  }

  // Actuators: reserves then residuals.
  const actuators: { coordinate: number; optimalForce: number; maxControl: number; residual: boolean }[] = [];
  const driven = new Uint8Array(nq);
  const addSets = (sets: CoordinateActuatorSet | readonly CoordinateActuatorSet[] | undefined, residual: boolean): void => {
    if (sets === undefined) return;
    const list: readonly CoordinateActuatorSet[] = Array.isArray(sets) ? sets : [sets as CoordinateActuatorSet];
    const what = residual ? 'residual' : 'reserve';
    for (const set of list) {
      if (!(Number.isFinite(set.optimalForce) && set.optimalForce > 0)) {
        throw new KinechainError('OUT_OF_RANGE', `${what} optimalForce must be a finite number > 0, got ${set.optimalForce}`);
      }
      const maxControl = set.maxControl ?? Infinity;
      if (!(maxControl > 0)) throw new KinechainError('OUT_OF_RANGE', `${what} maxControl must be > 0, got ${maxControl}`);
      let coordinates: number[];
      if (set.coordinates !== undefined) {
        coordinates = set.coordinates.map((name) => coordinateByName(model, name, what));
        for (const j of coordinates) {
          if (selected[j] !== 1) {
            throw new KinechainError(
              'OUT_OF_RANGE',
              `${what} on '${model.coordinateName[j]}' acts on a coordinate whose equation is not enforced (locked or not selected)`,
              { coordinate: model.coordinateName[j] },
            );
          }
          if (residual && isRoot[j] !== 1) {
            throw new KinechainError(
              'OUT_OF_RANGE',
              `residual on '${model.coordinateName[j]}': residuals act on root coordinates (joints to ground); use a reserve`,
              { coordinate: model.coordinateName[j] },
            );
          }
        }
      } else {
        coordinates = equations.filter((j) => (residual ? isRoot[j] === 1 : isRoot[j] === 0));
      }
      for (const j of coordinates) {
        if (driven[j] === 1) {
          throw new KinechainError('INVALID_SPEC', `coordinate '${model.coordinateName[j]}' has more than one reserve/residual actuator`, {
            coordinate: model.coordinateName[j],
          });
        }
        driven[j] = 1;
        actuators.push({ coordinate: j, optimalForce: set.optimalForce, maxControl, residual });
      }
    }
  };
  addSets(options.reserves, false);
  addSets(options.residuals, true);
  const firstGeneralActuator = actuators.length;
  for (const general of options.generalActuators ?? []) {
    const maxControl = general.maxControl ?? Infinity;
    if (!(Number.isFinite(general.optimalForce) && general.optimalForce > 0) || !(maxControl > 0)) {
      throw new KinechainError('OUT_OF_RANGE', `general actuator optimalForce must be a finite number > 0 and maxControl > 0, got ${general.optimalForce} and ${maxControl}`);
    }
    actuators.push({ coordinate: -1, optimalForce: general.optimalForce, maxControl, residual: false });
  }

  // Muscles: every muscle that acts on the skeleton.
  const muscles: number[] = [];
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueLaw[tissue] === LawType.muscle && model.tissueActsOnSkeleton[tissue] === 1) muscles.push(tissue);
  }

  const nMuscle = muscles.length;
  const nActuator = actuators.length;
  const nEquation = equations.length;
  const n = nMuscle + nActuator + nEquation;
  const problem: BoundedQpProblem = {
    n,
    m: nEquation,
    hessianKind: 'diagonal',
    hessian: new Float64Array(n),
    gradient: new Float64Array(n),
    equalityMatrix: new Float64Array(nEquation * n),
    equalityTarget: new Float64Array(nEquation),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
  };
  return {
    nq,
    ntissue: model.ntissue,
    muscleTissue: Int32Array.from(muscles),
    equationCoordinate: Int32Array.from(equations),
    coordinateEquation,
    actuatorCoordinate: Int32Array.from(actuators.map((a) => a.coordinate)),
    actuatorOptimalForce: Float64Array.from(actuators.map((a) => a.optimalForce)),
    actuatorMaxControl: Float64Array.from(actuators.map((a) => a.maxControl)),
    actuatorIsResidual: Uint8Array.from(actuators.map((a) => (a.residual ? 1 : 0))),
    generalActuatorDirection: new Float64Array((actuators.length - firstGeneralActuator) * nq),
    firstGeneralActuator,
    forceModel,
    muscleCapacityFunction: forceModel === 'physiological' ? options.muscleCapacity : undefined,
    musclePassiveForce: forceModel === 'physiological' && (options.musclePassiveForce ?? true),
    passiveTissues: options.passiveTissues ?? true,
    activationExponent: exponent,
    minActivation,
    maxActivation,
    exponentTolerance,
    maxExponentIterations,
    result: {
      status: 'optimal',
      activation: new Float64Array(nMuscle),
      muscleForce: new Float64Array(nMuscle),
      actuatorControl: new Float64Array(nActuator),
      actuatorForce: new Float64Array(nActuator),
      actuatorGeneralizedForce: new Float64Array(nq),
      coordinateResidual: new Float64Array(nq),
      maxEquationResidual: 0,
      objective: 0,
      qpIterations: 0,
      qpSolves: 0,
      exponentIterations: 0,
    },
    muscleCapacity: new Float64Array(nMuscle),
    musclePassive: new Float64Array(nMuscle),
    problem,
    qp: makeBoundedQpWorkspace(n, nEquation, { denseHessian: false }),
    iterate: new Float64Array(n),
    stepDirection: new Float64Array(n),
    trialPoint: new Float64Array(n),
    passiveGeneralizedForce: new Float64Array(nq),
    muscleParameters: makeMuscleParameters(),
    muscleState: makeMuscleState(),
    solvedOnce: false,
  };
}

function coordinateByName(model: SkeletonModel, name: string, what: string): number {
  const index = model.coordinateIndex.get(name);
  if (index === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `${what}: no coordinate named '${name}' in model '${model.name}'`, { coordinate: name });
  }
  return index;
}

/** [nq] 1 for each coordinate whose equation is enforced. */
function selectCoordinates(model: SkeletonModel, coordinates: readonly string[] | Uint8Array | undefined): Uint8Array {
  const nq = model.nq;
  const selected = new Uint8Array(nq);
  if (coordinates === undefined) {
    for (let j = 0; j < nq; j++) selected[j] = model.coordinateLocked[j] === 1 ? 0 : 1;
  } else if (coordinates instanceof Uint8Array) {
    if (coordinates.length !== nq) {
      throw new KinechainError('MALFORMED_INPUT', `coordinate mask has ${coordinates.length} entries; the model has ${nq} coordinates`);
    }
    for (let j = 0; j < nq; j++) selected[j] = coordinates[j] !== 0 && model.coordinateLocked[j] !== 1 ? 1 : 0;
  } else {
    for (const name of coordinates) {
      const j = coordinateByName(model, name, 'static optimisation coordinates');
      if (model.coordinateLocked[j] === 1) {
        throw new KinechainError('OUT_OF_RANGE', `coordinate '${name}' is locked; its equation cannot be enforced`, { coordinate: name });
      }
      selected[j] = 1;
    }
  }
  return selected;
}

/**
 * Distributes `targetGeneralizedForce` [nq] (N m or N; rnea's output) over the muscles
 * and actuators at the pose already in `data` (lengths, velocities, moment arms). Fills
 * data.tissueActivation and data.tissueForce (muscles, passive tissues, series tendons)
 * and solver.result, which it returns.
 */
export function solveStaticOptimization(
  solver: StaticOptimizationSolver,
  model: StaticOptimizationModel,
  data: TissueData,
  targetGeneralizedForce: ArrayLike<number>,
  options: SolveStaticOptimizationOptions = NO_OPTIONS,
): StaticOptimizationResult {
  const nq = model.nq;
  if (nq !== solver.nq || model.ntissue !== solver.ntissue) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `the static optimisation solver was made for ${solver.nq} coordinates and ${solver.ntissue} tissues; ` +
        `this model has ${nq} and ${model.ntissue}: make a solver for it`,
    );
  }
  if (targetGeneralizedForce.length < nq) {
    throw new KinechainError('MALFORMED_INPUT', `targetGeneralizedForce has ${targetGeneralizedForce.length} values; the model needs ${nq}`);
  }
  const equations = solver.equationCoordinate;
  const nEquation = equations.length;
  for (let k = 0; k < nEquation; k++) {
    const value = targetGeneralizedForce[equations[k]];
    if (!Number.isFinite(value)) {
      throw new KinechainError(
        'NOT_FINITE',
        `target generalised force of '${model.coordinateName[equations[k]]}' is ${value}; it must be finite`,
        { coordinate: model.coordinateName[equations[k]] },
      );
    }
  }

  evaluateTissues(solver, model, data);
  buildProblem(solver, model, data, targetGeneralizedForce);

  const result = solver.result;
  result.qpIterations = 0;
  result.qpSolves = 0;
  result.exponentIterations = 0;
  const warm = options.warmStart !== false && solver.solvedOnce;
  let status = solveQp(solver, warm);
  if (status === 'infeasible') {
    // Best effort: let the slacks carry what the muscles and actuators cannot.
    openSlacks(solver);
    status = solveQp(solver, false);
    if (status === 'optimal') status = 'infeasible';
  }
  for (let i = 0; i < solver.problem.n; i++) solver.iterate[i] = solver.qp.x[i];
  if (solver.activationExponent !== 2 && status !== 'max-iterations') {
    const exponentStatus = sequentialQp(solver);
    if (exponentStatus !== 'optimal') status = exponentStatus;
  }
  solver.solvedOnce = true;
  result.status = status;
  writeSolution(solver, model, data, targetGeneralizedForce);
  return result;
}

/**
 * Runs forwardKinematics(q), pathLength, momentArms and pathVelocity(qd) (zero velocity
 * when qd is omitted), then solveStaticOptimization.
 */
export function solveStaticOptimizationAtPose(
  solver: StaticOptimizationSolver,
  model: StaticOptimizationModel,
  data: SkeletonData & TissueData,
  q: ArrayLike<number>,
  qd: ArrayLike<number> | undefined,
  targetGeneralizedForce: ArrayLike<number>,
  options: SolveStaticOptimizationOptions = NO_OPTIONS,
): StaticOptimizationResult {
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);
  if (qd === undefined) {
    data.tissueVelocity.fill(0);
  } else {
    if (qd.length < model.nq) throw new KinechainError('MALFORMED_INPUT', `qd has ${qd.length} values; the model needs ${model.nq}`);
    for (let j = 0; j < model.nq; j++) data.qd[j] = qd[j];
    pathVelocity(model, data, data.qd);
  }
  return solveStaticOptimization(solver, model, data, targetGeneralizedForce, options);
}

// ---------------------------------------------------------------------------------
// Steps of a solve
// ---------------------------------------------------------------------------------

/**
 * Muscle capacity k and passive force p (along the tendon, N) at the current lengths and
 * velocities; passive tissue tensions into data.tissueForce; the generalised force of
 * every passive term into solver.passiveGeneralizedForce.
 */
function evaluateTissues(solver: StaticOptimizationSolver, model: StaticOptimizationModel, data: TissueData): void {
  const nq = model.nq;
  const passiveForce = solver.passiveGeneralizedForce;
  passiveForce.fill(0);
  const momentArm = data.tissueMomentArm;
  const muscles = solver.muscleTissue;
  const params = solver.muscleParameters;
  const state = solver.muscleState;
  for (let index = 0; index < muscles.length; index++) {
    const tissue = muscles[index];
    let capacity: number;
    let passive = 0;
    if (solver.forceModel === 'ideal') {
      capacity = model.muscleMaxIsometricForce[tissue];
    } else {
      readMuscleParameters(model, tissue, params);
      rigidTendonMuscle(params, data.tissueLength[tissue], data.tissueVelocity[tissue], 1, state);
      capacity = state.activeFiberForce * state.cosPennation;
      if (solver.musclePassiveForce) passive = state.passiveFiberForce * state.cosPennation;
      if (solver.muscleCapacityFunction !== undefined) {
        const given = solver.muscleCapacityFunction(tissue, data.tissueLength[tissue], data.tissueVelocity[tissue]);
        if (!Number.isNaN(given)) capacity = given;
      }
    }
    solver.muscleCapacity[index] = capacity;
    solver.musclePassive[index] = passive;
    if (passive !== 0) {
      const row = tissue * nq;
      for (let j = 0; j < nq; j++) passiveForce[j] += momentArm[row + j] * passive;
    }
  }
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueLaw[tissue] !== LawType.passive || model.tissueSeriesNum[tissue] > 0) continue;
    const tension = solver.passiveTissues
      ? passiveTissueForce(
          data.tissueLength[tissue],
          data.tissueVelocity[tissue],
          model.passiveSlackLength[tissue],
          model.passiveStiffness[tissue],
          model.passiveToeStrain[tissue],
          model.passiveDamping[tissue],
        )
      : 0;
    data.tissueForce[tissue] = tension;
    if (tension === 0 || model.tissueActsOnSkeleton[tissue] === 0) continue;
    const row = tissue * nq;
    for (let j = 0; j < nq; j++) passiveForce[j] += momentArm[row + j] * tension;
  }
}

/** Fills the QP for p = 2: A, b, H = 2 (slacks 2 SLACK_COST), g = 0, bounds (slacks fixed at 0). */
function buildProblem(
  solver: StaticOptimizationSolver,
  model: StaticOptimizationModel,
  data: TissueData,
  target: ArrayLike<number>,
): void {
  const nq = model.nq;
  const problem = solver.problem;
  const n = problem.n;
  const a = problem.equalityMatrix;
  const equations = solver.equationCoordinate;
  const nEquation = equations.length;
  const muscles = solver.muscleTissue;
  const nMuscle = muscles.length;
  const nActuator = solver.actuatorCoordinate.length;
  const momentArm = data.tissueMomentArm;
  a.fill(0);
  for (let k = 0; k < nEquation; k++) {
    const j = equations[k];
    problem.equalityTarget[k] = target[j] - solver.passiveGeneralizedForce[j];
    const row = k * n;
    for (let index = 0; index < nMuscle; index++) a[row + index] = momentArm[muscles[index] * nq + j] * solver.muscleCapacity[index];
    a[row + nMuscle + nActuator + k] = 1;
  }
  for (let r = 0; r < nActuator; r++) {
    const coordinate = solver.actuatorCoordinate[r];
    if (coordinate >= 0) {
      a[solver.coordinateEquation[coordinate] * n + nMuscle + r] = solver.actuatorOptimalForce[r];
      continue;
    }
    const row = (r - solver.firstGeneralActuator) * nq;
    for (let k = 0; k < nEquation; k++) a[k * n + nMuscle + r] = solver.actuatorOptimalForce[r] * solver.generalActuatorDirection[row + equations[k]];
  }
  problem.gradient.fill(0);
  for (let index = 0; index < nMuscle; index++) {
    problem.hessian[index] = 2;
    problem.lower[index] = solver.minActivation;
    problem.upper[index] = solver.maxActivation;
  }
  for (let r = 0; r < nActuator; r++) {
    const variable = nMuscle + r;
    problem.hessian[variable] = 2;
    problem.lower[variable] = -solver.actuatorMaxControl[r];
    problem.upper[variable] = solver.actuatorMaxControl[r];
  }
  for (let k = 0; k < nEquation; k++) {
    const variable = nMuscle + nActuator + k;
    problem.hessian[variable] = 2 * SLACK_COST;
    problem.lower[variable] = 0;
    problem.upper[variable] = 0;
  }
}

function openSlacks(solver: StaticOptimizationSolver): void {
  const problem = solver.problem;
  const first = solver.muscleTissue.length + solver.actuatorCoordinate.length;
  for (let variable = first; variable < problem.n; variable++) {
    problem.lower[variable] = -Infinity;
    problem.upper[variable] = Infinity;
  }
}

function solveQp(solver: StaticOptimizationSolver, warmStart: boolean): BoundedQpStatus {
  const outcome = solveBoundedQp(solver.problem, solver.qp, warmStart ? WARM_START : COLD_START);
  solver.result.qpIterations += outcome.iterations;
  solver.result.qpSolves++;
  return outcome.status;
}

/** J(x) = sum a^p + sum u^2 + SLACK_COST sum s^2 (the slacks are 0 unless infeasible). */
function objectiveAt(solver: StaticOptimizationSolver, x: Float64Array, includeSlack: boolean): number {
  const nMuscle = solver.muscleTissue.length;
  const nActuator = solver.actuatorCoordinate.length;
  const p = solver.activationExponent;
  let sum = 0;
  for (let index = 0; index < nMuscle; index++) {
    const activation = x[index] > 0 ? x[index] : 0;
    sum += p === 2 ? activation * activation : Math.pow(activation, p);
  }
  for (let r = 0; r < nActuator; r++) sum += x[nMuscle + r] * x[nMuscle + r];
  if (includeSlack) {
    for (let variable = nMuscle + nActuator; variable < solver.problem.n; variable++) sum += SLACK_COST * x[variable] * x[variable];
  }
  return sum;
}

/**
 * Sequential QP for sum a^p, p != 2, from the feasible iterate in solver.iterate (see the
 * file comment). Returns 'optimal' on convergence.
 */
function sequentialQp(solver: StaticOptimizationSolver): BoundedQpStatus {
  const problem = solver.problem;
  const n = problem.n;
  const nMuscle = solver.muscleTissue.length;
  const p = solver.activationExponent;
  const x = solver.iterate;
  const solution = solver.qp.x;
  const direction = solver.stepDirection;
  const trial = solver.trialPoint;
  let objective = objectiveAt(solver, x, true);
  for (let iteration = 1; iteration <= solver.maxExponentIterations; iteration++) {
    solver.result.exponentIterations = iteration;
    // Second-order model of a^p about the current a: curvature h, slope at a; in terms of
    // y: 1/2 h y^2 + (slope - h a) y (+ const). Actuators and slacks are quadratic already.
    let slopeTimesStep = 0;
    for (let index = 0; index < nMuscle; index++) {
      const activation = x[index] > 0 ? x[index] : 0;
      const floored = activation > CURVATURE_FLOOR ? activation : CURVATURE_FLOOR;
      const curvature = p * (p - 1) * Math.pow(floored, p - 2);
      const slope = p * Math.pow(activation, p - 1);
      problem.hessian[index] = curvature;
      problem.gradient[index] = slope - curvature * activation;
    }
    const status = solveQp(solver, true);
    if (status !== 'optimal') return status;
    let largestStep = 0;
    for (let i = 0; i < n; i++) {
      const d = solution[i] - x[i];
      direction[i] = d;
      if (Math.abs(d) > largestStep) largestStep = Math.abs(d);
    }
    // Directional derivative of J along d.
    for (let index = 0; index < nMuscle; index++) {
      const activation = x[index] > 0 ? x[index] : 0;
      slopeTimesStep += p * Math.pow(activation, p - 1) * direction[index];
    }
    for (let i = nMuscle; i < n; i++) slopeTimesStep += problem.hessian[i] * x[i] * direction[i];
    if (largestStep <= solver.exponentTolerance) return 'optimal';
    // Armijo backtracking; every point between x and y is feasible.
    let stepLength = 1;
    let accepted = false;
    for (let halving = 0; halving < 40; halving++) {
      for (let i = 0; i < n; i++) trial[i] = x[i] + stepLength * direction[i];
      const candidate = objectiveAt(solver, trial, true);
      if (candidate <= objective + 1e-4 * stepLength * slopeTimesStep) {
        objective = candidate;
        accepted = true;
        break;
      }
      stepLength *= 0.5;
    }
    if (!accepted) return 'optimal'; // no decrease left at rounding level
    for (let i = 0; i < n; i++) x[i] = trial[i];
    if (stepLength * largestStep <= solver.exponentTolerance) return 'optimal';
  }
  return 'max-iterations';
}

/** Writes activations, forces, actuator outputs and residuals from solver.iterate. */
function writeSolution(
  solver: StaticOptimizationSolver,
  model: StaticOptimizationModel,
  data: TissueData,
  target: ArrayLike<number>,
): void {
  const nq = model.nq;
  const result = solver.result;
  const x = solver.iterate;
  const muscles = solver.muscleTissue;
  const nMuscle = muscles.length;
  const nActuator = solver.actuatorCoordinate.length;
  for (let index = 0; index < nMuscle; index++) {
    let activation = x[index];
    // The QP meets bounds to rounding: clip the last 1e-16s so a reads as a valid activation.
    if (activation < solver.minActivation) activation = solver.minActivation;
    if (activation > solver.maxActivation) activation = solver.maxActivation;
    const force = activation * solver.muscleCapacity[index] + solver.musclePassive[index];
    result.activation[index] = activation;
    result.muscleForce[index] = force;
    data.tissueActivation[muscles[index]] = activation;
    data.tissueForce[muscles[index]] = force;
  }
  // Series tendons carry the sum of their muscles' tensions (as tissueForces does).
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    const count = model.tissueSeriesNum[tissue];
    if (count === 0) continue;
    const first = model.tissueSeriesAdr[tissue];
    let sum = 0;
    for (let k = first; k < first + count; k++) sum += data.tissueForce[model.seriesMuscle[k]];
    data.tissueForce[tissue] = sum;
  }
  const actuatorForce = result.actuatorGeneralizedForce;
  actuatorForce.fill(0);
  for (let r = 0; r < nActuator; r++) {
    const control = x[nMuscle + r] + 0;
    const force = control * solver.actuatorOptimalForce[r];
    result.actuatorControl[r] = control;
    result.actuatorForce[r] = force;
    const coordinate = solver.actuatorCoordinate[r];
    if (coordinate >= 0) {
      actuatorForce[coordinate] += force;
      continue;
    }
    const row = (r - solver.firstGeneralActuator) * nq;
    for (let j = 0; j < nq; j++) actuatorForce[j] += force * solver.generalActuatorDirection[row + j];
  }
  // Equilibrium residual of every coordinate with the forces as written.
  const residual = result.coordinateResidual;
  for (let j = 0; j < nq; j++) residual[j] = target[j] - actuatorForce[j];
  const momentArm = data.tissueMomentArm;
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueActsOnSkeleton[tissue] === 0) continue;
    const tension = data.tissueForce[tissue];
    if (tension === 0) continue;
    const row = tissue * nq;
    for (let j = 0; j < nq; j++) residual[j] -= momentArm[row + j] * tension;
  }
  let largest = 0;
  for (let k = 0; k < solver.equationCoordinate.length; k++) {
    const value = Math.abs(residual[solver.equationCoordinate[k]]);
    if (value > largest) largest = value;
  }
  result.maxEquationResidual = largest;
  result.objective = objectiveAt(solver, x, false);
}
