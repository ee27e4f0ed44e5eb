/**
 * Quasi-static standing posture: the sagittal posture of quiet standing is found, not
 * imposed. Starting from the reference pose, the ankles, knees, hips, lumbar and
 * thoracic spine, neck and head (and the pelvis's tilt and position) settle where the
 * muscular effort needed to hold the body still is least.
 *
 * Posture variables theta (9): pelvis_tilt, pelvis_tx, pelvis_tz, knee_angle_r,
 * knee_angle_l, lumbar_extension, thoracic_extension, neck_extension, head_extension.
 *
 * Both feet flat at their reference placement is a constraint, not a penalty: the
 * rearfoot (calcn) of each foot keeps its reference pose in ground, and the forefoot and
 * toes keep their reference angles (midtarsal, mtp), so every contact point rests on the
 * floor where it stood. Each leg from the pelvis to the rearfoot has six coordinates
 * (hip flexion, adduction, rotation; knee; ankle; subtalar); with the knee angle a
 * posture variable, the other five of each leg and the pelvis height and list (12
 * dependent coordinates) are found by Newton's method on the 12 equations "each rearfoot
 * at its reference pose" (the closed chain of the two legs through the floor). Knee
 * angles are variables rather than the pelvis height because the height is stationary
 * at full knee extension (a fold of the chain), where it could not be inverted.
 * The locked foot joints (LOCKED_FOOT_COORDINATES: midtarsal and mtp) have their
 * equilibrium met by the lock's reaction (the arch's passive structures; see
 * standing-equilibrium.ts), reported as lockedJointMomentNm.
 * The arms hang: arm_flex = -(pelvis_tilt + lumbar_extension + thoracic_extension) keeps
 * the upper arms vertical in the sagittal plane, and arm_add cancels the pelvis list (to
 * first order). Every other coordinate keeps its reference value.
 *
 * Objective V(theta) = E(theta) + P(theta).
 * E: the optimum of the standing equilibrium QP at the pose
 * (core/solvers/standing-equilibrium.ts): the muscular effort sum a^2, plus its small
 * contact regularisation, plus the price of reserves and force-cap excesses where no
 * muscle and floor forces can hold the pose (solved in 'penalty' mode, so that E is a
 * smooth function of the pose with a unique dual; the result is then solved again with
 * the reserves fixed at 0). The centre of mass stays over the base of support because the
 * contact forces must be >= 0: no term is needed for it.
 * P: the load of the passive tissues (ligaments, fascia), each as a fraction of the
 * tension at the end of its toe region (the strain range of everyday loading, where the
 * collagen crimp straightens; passive-law.ts), squared and summed like the activations:
 *   P = passiveLoadWeight * sum_t (F_t / (k_t e_toe,t / 2))^2
 * plus RESERVE_COST times the squared excess of every pain-limited force
 * (scenario.tissueForceLimitN) that no activation can meet at the pose (a passive force
 * above the cap): only a posture change relieves it, so the search makes it.
 * Why P (passiveLoadWeight, default 1; 0 gives effort alone): muscular effort alone prices
 * passive support at zero. On the default body it then finds a "posture" hanging on the
 * lumbar fascia: L5/S1 flexed about 18 deg against a thoracic spine at its extension limit,
 * the crossing thoracolumbar fascia at about 15% strain (about 390 N each side) and L5/S1
 * compression about 1300 N, far outside what is measured in quiet standing (the fascia is
 * taut from the upright reference, and the lumped L1-S1 joint lacks the discs' own
 * stiffness). With P, a passive tissue at the end of its toe region costs what a muscle at
 * full activation costs: the one unit the two share.
 *
 * Gradient: the envelope theorem. With the QP's solution x*, row multipliers lambda and
 * bound multipliers nu at theta, dV/dtheta = d Phi/dtheta with Phi the Lagrangian
 * re-evaluated at the perturbed pose and x*, lambda, nu fixed (standingLagrangian), so each
 * component costs one force evaluation (forward differences, step finiteDifferenceStep;
 * two with centralDifferences) and no QP solve. P is differenced the same way.
 *
 * Search: projected BFGS on the inverse Hessian inside the variables' coordinate ranges
 * (a trial pose whose chain cannot close, or whose legs leave their joint ranges, counts
 * as a failed trial), the first step scaled by s'y / y'y, Armijo backtracking (halving),
 * steps capped at maxStepRad per variable. V is only piecewise smooth (kinks where a
 * muscle switches on or off); when no step along the quasi-Newton direction lowers V the
 * search restarts from steepest descent, and when that fails too it takes the gradient of
 * V itself by central differences over KINK_DIFFERENCE_STEP (averaging the two sides of
 * the kink) once before giving up.
 * Stopping rule (the first that holds):
 *   'gradient'   max_k |dV/dtheta_k| <= gradientTolerance (default 1e-7 per rad or m),
 *                over the components not pressing against a range limit;
 *   'objective'  three successive iterations each lower V by less than
 *                objectiveTolerance (1 + |V|) (default 1e-9);
 *   'step'       the accepted step moves no variable by more than stepTolerance (1e-10),
 *                or the line search finds no decrease (V is only piecewise smooth: it has
 *                kinks where a muscle switches on, so the gradient rarely vanishes);
 *   'max-iterations' after maxIterations (default 300) iterations.
 * Symmetry: when the body and the scenario are mirror-symmetric (checked: every _r/_l pair
 * of bodies and tissues mirrors, and every limit names both sides alike), the posture is
 * searched in the symmetric subspace (pelvis_tz = 0, knee_angle_l = knee_angle_r): the
 * gradient is symmetrised and so every iterate is exactly symmetric. Without this, the
 * kinks of the QP's optimal value (where a muscle pair switches on) let rounding pick a
 * side. An asymmetric problem is searched over all nine variables.
 *
 * Outputs are in SI units; see StandingPostureResult. The solver object keeps every
 * buffer (Data, QP workspace, search state) so repeated solves reuse them and start from
 * the previous posture.
 */
import { KinechainError } from '../core/errors.js';
import { LawType, type Data, type Model } from '../core/model/model.js';
import { makeData } from '../core/model/make-data.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { centerOfMass } from '../core/kinematics/center-of-mass.js';
import { pathLength } from '../core/paths/path-length.js';
import { momentArms } from '../core/paths/moment-arm.js';
import { luFactor, luSolve } from '../core/math/linear-algebra.js';
import {
  centreOfPressure,
  floorGap,
  FootRegionCode,
  FootSideCode,
  makeFootSupport,
  normalLoad,
  type FootContactPointSpec,
  type FootSupport,
} from '../core/contact/foot-support.js';
import {
  RESERVE_COST,
  makeStandingEquilibrium,
  setStandingLimits,
  solveStandingEquilibriumWithCurrentKinematics,
  standingCapExcessSquared,
  standingLagrangian,
  type StandingEquilibriumSolver,
} from '../core/solvers/standing-equilibrium.js';
import { jointReaction, makeJointReaction, type JointReactionWorkspace } from '../core/dynamics/joint-reaction.js';
import { compile } from '../spec/compile.js';
import type { Scenario } from '../library/scenario.js';
import { FOOT_FLAT_LOCKED_COORDINATES, FOOT_FLOOR_FRICTION, footContactPointsForSpec } from '../library/foot-contact.js';

// ---------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------

/** The posture variables, in search order. */
export const POSTURE_VARIABLES = [
  'pelvis_tilt',
  'pelvis_tx',
  'pelvis_tz',
  'knee_angle_r',
  'knee_angle_l',
  'lumbar_extension',
  'thoracic_extension',
  'neck_extension',
  'head_extension',
] as const;

/** Coordinates the closed chain solves for: per side hip (3), ankle, subtalar; and the pelvis height and list. */
const DEPENDENT_COORDINATES = [
  'pelvis_ty',
  'pelvis_list',
  'hip_flexion_r',
  'hip_adduction_r',
  'hip_rotation_r',
  'ankle_angle_r',
  'subtalar_angle_r',
  'hip_flexion_l',
  'hip_adduction_l',
  'hip_rotation_l',
  'ankle_angle_l',
  'subtalar_angle_l',
] as const;

/** Bodies whose reference pose the closed chain holds. */
const ANCHORED_BODIES = ['calcn_r', 'calcn_l'] as const;

/** Foot joints the foot-flat constraint holds at their reference angles (locked in the equilibrium). */
export const LOCKED_FOOT_COORDINATES = FOOT_FLAT_LOCKED_COORDINATES;

const TISSUE_GROUPS = {
  erectorSpinae: ['erector_spinae_lumbar', 'erector_spinae_thoracic'],
  hamstrings: ['biceps_femoris_long', 'semitendinosus', 'semimembranosus'],
  thoracolumbarFasciaPosterior: ['thoracolumbar_fascia_posterior'],
  thoracolumbarFasciaCrossing: ['thoracolumbar_fascia_crossing'],
  plantarFascia: ['plantar_fascia'],
  achillesTendon: ['achilles_tendon'],
} as const;

// ---------------------------------------------------------------------------------
// Options and results
// ---------------------------------------------------------------------------------

export interface StandingPostureOptions {
  /** Contact points (default: the default body's 14 points for spec.subject, library/foot-contact.ts). */
  readonly contactPoints?: readonly FootContactPointSpec[];
  /** Sole-floor friction coefficient (default FOOT_FLOOR_FRICTION, 0.6). */
  readonly friction?: number;
  /** Weight of the contact regularisation (standing-equilibrium.ts). */
  readonly contactWeight?: number;
  /** Search limits (see the file comment). */
  readonly maxIterations?: number;
  readonly gradientTolerance?: number;
  readonly objectiveTolerance?: number;
  readonly stepTolerance?: number;
  /** Largest change of one variable in one step (rad or m, default 0.05). */
  readonly maxStepRad?: number;
  /** Finite-difference step of the gradient (rad or m, default 1e-6). */
  readonly finiteDifferenceStep?: number;
  /** Central differences (two evaluations per variable) instead of forward ones (default false). */
  readonly centralDifferences?: boolean;
  /** Start the search from the reference pose instead of the previous solve's posture (default false). */
  readonly coldStart?: boolean;
  /**
   * Weight of the passive-tissue load term added to the effort (see the file comment;
   * default 1; 0 gives muscular effort alone).
   */
  readonly passiveLoadWeight?: number;
}

export type StoppingReason = 'gradient' | 'objective' | 'step' | 'max-iterations';

export interface SideValues {
  readonly r: number;
  readonly l: number;
}
export interface SideTotalValues extends SideValues {
  readonly total: number;
}

export interface FootContactResult {
  /** Normal load (N) of the foot and of its regions. */
  readonly loadN: number;
  readonly heelN: number;
  readonly forefootN: number;
  readonly toesN: number;
  /** Share of body weight on this foot. */
  readonly bodyWeightFraction: number;
  /** Centre of pressure in ground (m); NaN if the foot carries no load. */
  readonly centreOfPressureM: readonly [number, number, number];
}

export interface ContactPointResult {
  readonly name: string;
  readonly side: 'r' | 'l';
  readonly region: 'heel' | 'forefoot' | 'toes';
  /** Position in ground (m) and force of the floor on the foot in ground (N). */
  readonly positionM: readonly [number, number, number];
  readonly forceN: readonly [number, number, number];
}

export interface JointLoadResult {
  /** Compression along the child's long axis, shears (N); see core/dynamics/joint-reaction.ts. */
  readonly compressionN: number;
  readonly anteriorShearN: number;
  readonly lateralShearN: number;
  /** Reaction on the child in ground (N) and its moment about the joint centre (N m). */
  readonly forceN: readonly [number, number, number];
  readonly momentNm: readonly [number, number, number];
}

export interface StandingPostureResult {
  /**
   * 'converged': a stopping rule other than max-iterations held and muscles, floor and the
   * locked foot joints hold the posture; 'needs-reserves': the posture was found but part of
   * it is held by reserves (reserveByCoordinate says where and how much); 'max-iterations':
   * the search stopped on its iteration limit; 'failed': the final equilibrium QP failed.
   */
  readonly status: 'converged' | 'needs-reserves' | 'max-iterations' | 'failed';
  /** Every coordinate (rad or m). */
  readonly coordinates: Readonly<Record<string, number>>;
  /** The posture variables' values (rad or m). */
  readonly postureVariables: Readonly<Record<string, number>>;
  /** Activation and tension (N) of every muscle; tension of every tissue (N). */
  readonly activation: Readonly<Record<string, number>>;
  readonly tissueForceN: Readonly<Record<string, number>>;
  /** Sum of squared activations at the optimum. */
  readonly effort: number;
  readonly bodyWeightN: number;
  readonly centreOfMassM: readonly [number, number, number];
  readonly contactPoints: readonly ContactPointResult[];
  readonly feet: { readonly r: FootContactResult; readonly l: FootContactResult };
  /** Both feet: total normal load (N) and centre of pressure (m). */
  readonly totalLoadN: number;
  readonly centreOfPressureM: readonly [number, number, number];
  /** L5/S1 (joint lumbosacral) and C7/T1 (joint cervicothoracic) loads. */
  readonly lumbosacral: JointLoadResult;
  readonly cervicothoracic: JointLoadResult & {
    /** Summed tension of the muscles that extend the neck at C7/T1 (positive moment arm on neck_extension), N. */
    readonly extensorForceN: number;
  };
  readonly erectorSpinaeN: SideTotalValues;
  readonly hamstringsN: SideTotalValues;
  readonly thoracolumbarFasciaN: {
    readonly posterior: SideValues;
    readonly crossing: SideValues;
    readonly total: number;
  };
  readonly plantarFasciaN: SideValues;
  readonly achillesTendonN: SideValues;
  /**
   * max_j |G - tissue - contact - lock - reserve| over every coordinate (N m or N), and per
   * coordinate: how well the solved forces balance gravity (rounding level when solved).
   */
  readonly equilibriumResidual: number;
  readonly equilibriumResidualByCoordinate: Readonly<Record<string, number>>;
  /**
   * Generalised force carried by no modelled structure (reserves, N m or N): 0 everywhere
   * when status is 'converged'. Coordinates whose reserve exceeds 1e-9 are listed (a free
   * reserve also takes a rounding-level share, about lambda / (2 RESERVE_COST), elsewhere).
   */
  readonly maxReserve: number;
  readonly reserveByCoordinate: Readonly<Record<string, number>>;
  /** Reaction of the locked foot joints (midtarsal, mtp), N m: what the arch's passive structures carry. */
  readonly lockedJointMomentNm: Readonly<Record<string, number>>;
  /** Largest distance of a contact point from the floor (m): the closed chain's accuracy. */
  readonly footPlacementError: number;
  /** Limits that could not be met even at rest; passive tissues above their pain limit (N). */
  readonly unreachableLimits: number;
  readonly passiveLimitExcessN: Readonly<Record<string, number>>;
  readonly solver: {
    readonly iterations: number;
    readonly objectiveEvaluations: number;
    readonly gradientEvaluations: number;
    readonly qpIterations: number;
    readonly stoppingReason: StoppingReason;
    readonly gradientNorm: number;
    /** The QP objective (effort + contact regularisation + reserve cost). */
    readonly objective: number;
    readonly equilibriumStatus: string;
  };
}

// ---------------------------------------------------------------------------------
// Solver object
// ---------------------------------------------------------------------------------

const NVAR = POSTURE_VARIABLES.length;
const NDEP = DEPENDENT_COORDINATES.length;

export interface StandingPostureSolver {
  model: Model;
  data: Data;
  support: FootSupport;
  readonly equilibrium: StandingEquilibriumSolver;
  readonly reaction: JointReactionWorkspace;
  readonly options: Required<Omit<StandingPostureOptions, 'contactPoints' | 'friction' | 'contactWeight' | 'coldStart'>>;
  /** [nPassive] passive tissues of the load term and 1 / (tension at the end of their toe region). */
  readonly passiveLoadTissue: Int32Array;
  readonly passiveLoadInverseScale: Float64Array;
  /** [NVAR] coordinate index of each posture variable; [NDEP] of each dependent coordinate. */
  readonly variableCoordinate: Int32Array;
  readonly dependentCoordinate: Int32Array;
  /** [2] anchored bodies; [2*12] their reference poses: R (9) then origin (3). */
  readonly anchorBody: Int32Array;
  readonly anchorPose: Float64Array;
  /** Coordinates of the arm rule. */
  readonly armFlex: Int32Array;
  readonly armAdd: Int32Array;
  readonly tiltLumbarThoracic: Int32Array;
  readonly pelvisList: number;
  /** Joint bodies of lumbosacral and cervicothoracic (-1 if absent). */
  readonly lumbosacralBody: number;
  readonly cervicothoracicBody: number;
  /** [nq] the pose being evaluated and the best pose. */
  readonly q: Float64Array;
  readonly bestQ: Float64Array;
  /** Search state: theta, gradient, trial, direction, previous (all [NVAR]); inverse Hessian [NVAR*NVAR]. */
  readonly theta: Float64Array;
  readonly gradient: Float64Array;
  readonly trialTheta: Float64Array;
  readonly direction: Float64Array;
  readonly previousGradient: Float64Array;
  readonly inverseHessian: Float64Array;
  readonly stepVector: Float64Array;
  readonly gradientChange: Float64Array;
  readonly hessianWork: Float64Array;
  /** [NVAR] coordinate range of each variable; [NVAR] 1 while a variable is held on a bound. */
  readonly lowerBound: Float64Array;
  readonly upperBound: Float64Array;
  readonly heldVariable: Uint8Array;
  /** Closed chain: residual [12], jacobian [12*12], pivots [12]. */
  readonly chainResidual: Float64Array;
  readonly chainJacobian: Float64Array;
  readonly chainPivots: Int32Array;
  /** [npoint] body of each contact point (the external forces of the joint reactions). */
  readonly externalBody: Int32Array;
  /** True once a solve left a posture to start from. */
  hasPrevious: boolean;
  /** True while the current model and scenario are mirror-symmetric (search in the symmetric subspace). */
  symmetric: boolean;
  /** True when the model itself is mirror-symmetric (checked once per model). */
  modelSymmetric: boolean;
  evaluations: number;
  gradientEvaluations: number;
  qpIterations: number;
}

function coordinateOf(model: Model, name: string): number {
  const index = model.coordinateIndex.get(name);
  if (index === undefined) {
    throw new KinechainError(
      'UNKNOWN_NAME',
      `the standing posture analysis needs coordinate "${name}", which model "${model.name}" lacks (it expects the default body's names)`,
      { coordinate: name },
    );
  }
  return index;
}

function bodyOf(model: Model, name: string): number {
  const index = model.bodyIndex.get(name);
  if (index === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `the standing posture analysis needs body "${name}", which model "${model.name}" lacks`, { body: name });
  }
  return index;
}

function positiveOption(value: number | undefined, fallback: number, what: string): number {
  const result = value ?? fallback;
  if (!(Number.isFinite(result) && result > 0)) {
    throw new KinechainError('OUT_OF_RANGE', `standing posture option ${what} must be a finite number > 0, got ${String(value)}`);
  }
  return result;
}

function nonNegativeOption(value: number | undefined, fallback: number, what: string): number {
  const result = value ?? fallback;
  if (!(Number.isFinite(result) && result >= 0)) {
    throw new KinechainError('OUT_OF_RANGE', `standing posture option ${what} must be a finite number >= 0, got ${String(value)}`);
  }
  return result;
}

/** Passive tissues acting on the skeleton (not series tendons) with a toe region: the load term's tissues. */
function passiveLoadTissues(model: Model): number[] {
  const tissues: number[] = [];
  for (let t = 0; t < model.ntissue; t++) {
    if (model.tissueLaw[t] !== LawType.passive || model.tissueSeriesNum[t] > 0 || model.tissueActsOnSkeleton[t] === 0) continue;
    if (model.passiveStiffness[t] * model.passiveToeStrain[t] > 0) tissues.push(t);
  }
  return tissues;
}

/**
 * The pose-dependent terms added to the QP's optimum, at the current force evaluation:
 * w sum_t (F_t / F_toe,t)^2 over the load term's tissues, plus RESERVE_COST times the
 * squared excess of every force cap the muscles cannot meet at this pose (passive force
 * above a pain-limited force: only the posture can relieve it).
 */
function passiveLoad(solver: StandingPostureSolver): number {
  const force = solver.data.tissueForce;
  let total = 0;
  const weight = solver.options.passiveLoadWeight;
  if (weight > 0) {
    let sum = 0;
    for (let k = 0; k < solver.passiveLoadTissue.length; k++) {
      const fraction = force[solver.passiveLoadTissue[k]] * solver.passiveLoadInverseScale[k];
      sum += fraction * fraction;
    }
    total += weight * sum;
  }
  return total + RESERVE_COST * standingCapExcessSquared(solver.equilibrium, solver.model, solver.data);
}

/** Builds the solver (every buffer) for a model built from the default body's names. */
export function makeStandingPostureSolver(model: Model, options: StandingPostureOptions = {}): StandingPostureSolver {
  const maxIterations = options.maxIterations ?? 300;
  if (!(Number.isInteger(maxIterations) && maxIterations >= 0)) {
    throw new KinechainError('OUT_OF_RANGE', `standing posture option maxIterations must be a non-negative integer, got ${String(options.maxIterations)}`);
  }
  const points = options.contactPoints ?? footContactPointsForSpec(model.spec);
  const support = makeFootSupport(model, points, { friction: options.friction ?? FOOT_FLOOR_FRICTION.value });
  const equilibrium = makeStandingEquilibrium(model, support, {
    contactWeight: options.contactWeight,
    lockedCoordinates: LOCKED_FOOT_COORDINATES,
  });
  const data = makeData(model);
  const anchorBody = Int32Array.from(ANCHORED_BODIES.map((name) => bodyOf(model, name)));
  const lumbosacral = model.jointIndex.get('lumbosacral') ?? -1;
  const cervicothoracic = model.jointIndex.get('cervicothoracic') ?? -1;
  const solver: StandingPostureSolver = {
    model,
    data,
    support,
    equilibrium,
    reaction: makeJointReaction(model),
    options: {
      maxIterations,
      gradientTolerance: positiveOption(options.gradientTolerance, 1e-7, 'gradientTolerance'),
      objectiveTolerance: positiveOption(options.objectiveTolerance, 1e-9, 'objectiveTolerance'),
      stepTolerance: positiveOption(options.stepTolerance, 1e-10, 'stepTolerance'),
      maxStepRad: positiveOption(options.maxStepRad, 0.05, 'maxStepRad'),
      finiteDifferenceStep: positiveOption(options.finiteDifferenceStep, 1e-6, 'finiteDifferenceStep'),
      passiveLoadWeight: nonNegativeOption(options.passiveLoadWeight, 1, 'passiveLoadWeight'),
      centralDifferences: options.centralDifferences ?? false,
    },
    passiveLoadTissue: Int32Array.from(passiveLoadTissues(model)),
    passiveLoadInverseScale: Float64Array.from(
      passiveLoadTissues(model).map((t) => 2 / (model.passiveStiffness[t] * model.passiveToeStrain[t])),
    ),
    variableCoordinate: Int32Array.from(POSTURE_VARIABLES.map((name) => coordinateOf(model, name))),
    dependentCoordinate: Int32Array.from(DEPENDENT_COORDINATES.map((name) => coordinateOf(model, name))),
    anchorBody,
    anchorPose: new Float64Array(24),
    armFlex: Int32Array.from(['arm_flex_r', 'arm_flex_l'].map((name) => coordinateOf(model, name))),
    armAdd: Int32Array.from(['arm_add_r', 'arm_add_l'].map((name) => coordinateOf(model, name))),
    tiltLumbarThoracic: Int32Array.from(['pelvis_tilt', 'lumbar_extension', 'thoracic_extension'].map((name) => coordinateOf(model, name))),
    pelvisList: coordinateOf(model, 'pelvis_list'),
    lumbosacralBody: lumbosacral,
    cervicothoracicBody: cervicothoracic,
    q: Float64Array.from(model.coordinateDefault),
    bestQ: Float64Array.from(model.coordinateDefault),
    theta: new Float64Array(NVAR),
    gradient: new Float64Array(NVAR),
    trialTheta: new Float64Array(NVAR),
    direction: new Float64Array(NVAR),
    previousGradient: new Float64Array(NVAR),
    inverseHessian: new Float64Array(NVAR * NVAR),
    stepVector: new Float64Array(NVAR),
    gradientChange: new Float64Array(NVAR),
    hessianWork: new Float64Array(NVAR),
    lowerBound: Float64Array.from(POSTURE_VARIABLES.map((name) => model.coordinateRange[2 * coordinateOf(model, name)])),
    upperBound: Float64Array.from(POSTURE_VARIABLES.map((name) => model.coordinateRange[2 * coordinateOf(model, name) + 1])),
    heldVariable: new Uint8Array(NVAR),
    chainResidual: new Float64Array(NDEP),
    chainJacobian: new Float64Array(NDEP * NDEP),
    chainPivots: new Int32Array(NDEP),
    externalBody: Int32Array.from(support.pointBody),
    hasPrevious: false,
    symmetric: false,
    modelSymmetric: false,
    evaluations: 0,
    gradientEvaluations: 0,
    qpIterations: 0,
  };
  recordAnchorPoses(solver);
  solver.modelSymmetric = isMirrorSymmetricModel(model, solver.data);
  return solver;
}

/** The anchored bodies' poses in the reference pose (where the feet stand). */
function recordAnchorPoses(solver: StandingPostureSolver): void {
  const { model, data } = solver;
  forwardKinematics(model, data, model.coordinateDefault);
  for (let side = 0; side < 2; side++) {
    const body = solver.anchorBody[side];
    for (let i = 0; i < 9; i++) solver.anchorPose[12 * side + i] = data.bodyRotation[9 * body + i];
    for (let i = 0; i < 3; i++) solver.anchorPose[12 * side + 9 + i] = data.bodyPosition[3 * body + i];
  }
}

/** True when two models share the skeleton arrays that makeData's constant scratch depends on. */
function sameSkeleton(a: Model, b: Model): boolean {
  if (a.nq !== b.nq || a.nbody !== b.nbody || a.naxis !== b.naxis || a.ntissue !== b.ntissue || a.npoint !== b.npoint || a.nwrap !== b.nwrap) {
    return false;
  }
  const same = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => {
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  };
  return (
    same(a.jointParentFrame, b.jointParentFrame) &&
    same(a.jointChildFrame, b.jointChildFrame) &&
    same(a.axisDirection, b.axisDirection) &&
    same(a.axisKind, b.axisKind) &&
    same(a.axisFunction, b.axisFunction) &&
    same(a.functionType, b.functionType) &&
    same(a.functionParams, b.functionParams) &&
    a.coordinateName.every((name, j) => name === b.coordinateName[j]) &&
    a.tissueName.every((name, t) => name === b.tissueName[t]) &&
    same(a.tissueLaw, b.tissueLaw) &&
    same(a.tissueActsOnSkeleton, b.tissueActsOnSkeleton)
  );
}

/**
 * Points the solver at another compiled model of the same body (e.g. a scenario whose
 * modifiers changed tissue parameters). Buffers are reused when the skeleton is the same;
 * otherwise the solver is rebuilt around the new model (the posture warm start is kept).
 */
export function useModel(solver: StandingPostureSolver, model: Model, options: StandingPostureOptions = {}): StandingPostureSolver {
  if (model === solver.model) return solver;
  if (!sameSkeleton(solver.model, model)) {
    const fresh = makeStandingPostureSolver(model, { ...solver.options, ...options });
    if (solver.hasPrevious && fresh.q.length === solver.q.length) {
      fresh.theta.set(solver.theta);
      fresh.bestQ.set(solver.bestQ);
      fresh.hasPrevious = true;
    }
    return fresh;
  }
  solver.model = model;
  solver.modelSymmetric = isMirrorSymmetricModel(model, solver.data);
  // Tissue parameters may differ: refresh the load term's scales.
  solver.passiveLoadTissue.forEach((t, k) => {
    solver.passiveLoadInverseScale[k] = 2 / (model.passiveStiffness[t] * model.passiveToeStrain[t]);
  });
  return solver;
}

// ---------------------------------------------------------------------------------
// Mirror symmetry
// ---------------------------------------------------------------------------------

/** The mirror image of a name: "_r" <-> "_l" at its end; other names are their own image. */
function mirrorName(name: string): string {
  if (name.endsWith('_r')) return `${name.slice(0, -2)}_l`;
  if (name.endsWith('_l')) return `${name.slice(0, -2)}_r`;
  return name;
}

/** Relative closeness for symmetry checks (values built by mirroring agree to rounding). */
function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * (1 + Math.abs(a) + Math.abs(b));
}

/**
 * True when the model is its own mirror image through the sagittal plane (z -> -z): every
 * body and tissue has its mirror partner with the same mass and parameters, mirrored
 * centre of mass, and, in the reference pose (which is symmetric), equal path lengths and
 * mirrored moment arms. Uses `data` as scratch (runs the kinematics of the reference pose).
 */
function isMirrorSymmetricModel(model: Model, data: Data): boolean {
  for (let b = 1; b < model.nbody; b++) {
    const partner = model.bodyIndex.get(mirrorName(model.bodyName[b]));
    if (partner === undefined) return false;
    if (!close(model.bodyMass[b], model.bodyMass[partner])) return false;
    if (!close(model.bodyCom[3 * b], model.bodyCom[3 * partner])) return false;
    if (!close(model.bodyCom[3 * b + 1], model.bodyCom[3 * partner + 1])) return false;
    if (!close(model.bodyCom[3 * b + 2], -model.bodyCom[3 * partner + 2])) return false;
  }
  const tissueParameters = [
    model.passiveStiffness,
    model.passiveToeStrain,
    model.passiveSlackLength,
    model.muscleMaxIsometricForce,
    model.muscleOptimalFiberLength,
    model.muscleTendonSlackLength,
    model.musclePennation,
    model.musclePassiveStrainAtF0,
  ];
  const partners = new Int32Array(model.ntissue);
  for (let t = 0; t < model.ntissue; t++) {
    const partner = model.tissueIndex.get(mirrorName(model.tissueName[t]));
    if (partner === undefined) return false;
    partners[t] = partner;
    for (const parameter of tissueParameters) if (!close(parameter[t], parameter[partner])) return false;
  }
  const coordinatePartner = new Int32Array(model.nq);
  const coordinateSign = new Float64Array(model.nq);
  for (let j = 0; j < model.nq; j++) {
    const name = model.coordinateName[j];
    const partner = model.coordinateIndex.get(mirrorName(name));
    if (partner === undefined) return false;
    coordinatePartner[j] = partner;
    // Midline coordinates about X or Y, and the lateral translation, change sign in the mirror.
    coordinateSign[j] = partner === j && /(_list|_rotation|_bending|_tz)$/.test(name) ? -1 : 1;
  }
  forwardKinematics(model, data, model.coordinateDefault);
  pathLength(model, data);
  momentArms(model, data);
  const nq = model.nq;
  for (let t = 0; t < model.ntissue; t++) {
    const partner = partners[t];
    if (!close(data.tissueLength[t], data.tissueLength[partner])) return false;
    for (let j = 0; j < nq; j++) {
      const mirrored = coordinateSign[j] * data.tissueMomentArm[partner * nq + coordinatePartner[j]];
      if (Math.abs(data.tissueMomentArm[t * nq + j] - mirrored) > 1e-9) return false;
    }
  }
  return true;
}

/** True when the scenario's limits treat both sides alike (values of mirrored names equal). */
function isMirrorSymmetricScenario(scenario: Scenario): boolean {
  const loading = scenario.footLoading;
  if (loading.maxFootLoadFraction.r !== loading.maxFootLoadFraction.l) return false;
  if (loading.maxHeelLoadFraction.r !== loading.maxHeelLoadFraction.l) return false;
  for (const record of [scenario.tissueForceLimitN, scenario.restingActivation]) {
    for (const [name, value] of Object.entries(record)) {
      if (record[mirrorName(name)] !== value) return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------
// Pose from posture variables: the closed chain
// ---------------------------------------------------------------------------------

/** Writes theta into q and applies the arm rule (needs the list, so call after the chain solve as well). */
function applyVariables(solver: StandingPostureSolver, theta: Float64Array, q: Float64Array): void {
  for (let k = 0; k < NVAR; k++) q[solver.variableCoordinate[k]] = theta[k];
  applyArmRule(solver, q);
}

function applyArmRule(solver: StandingPostureSolver, q: Float64Array): void {
  const [tilt, lumbar, thoracic] = solver.tiltLumbarThoracic;
  const trunk = q[tilt] + q[lumbar] + q[thoracic];
  const list = q[solver.pelvisList];
  q[solver.armFlex[0]] = -trunk;
  q[solver.armFlex[1]] = -trunk;
  // arm_add is about +X on the right and -X on the left (mirrored axes): cancel the list.
  q[solver.armAdd[0]] = -list;
  q[solver.armAdd[1]] = list;
}

/** Newton iteration limit and tolerance of the closed chain (m and rad). */
const CHAIN_MAX_ITERATIONS = 30;
const CHAIN_TOLERANCE = 1e-13;

/**
 * Solves the dependent coordinates of q so both rearfeet sit at their reference poses,
 * starting from the values in q. Leaves forwardKinematics at the solved q. Returns false
 * when Newton's method does not converge (the variables ask for a pose the legs cannot
 * reach).
 */
function closeChain(solver: StandingPostureSolver, q: Float64Array): boolean {
  const { model, data } = solver;
  const nq = model.nq;
  const residual = solver.chainResidual;
  const jacobian = solver.chainJacobian;
  const dependent = solver.dependentCoordinate;
  const motion = data.coordinateMotion;
  const support = model.bodyCoordinateSupport;
  let previousNorm = Infinity;
  for (let iteration = 0; iteration <= CHAIN_MAX_ITERATIONS; iteration++) {
    forwardKinematics(model, data, q);
    let norm = 0;
    for (let side = 0; side < 2; side++) {
      const body = solver.anchorBody[side];
      const pose = solver.anchorPose;
      const o = 12 * side;
      const r = 9 * body;
      const rotation = data.bodyRotation;
      // Position error.
      for (let i = 0; i < 3; i++) residual[6 * side + i] = data.bodyPosition[3 * body + i] - pose[o + 9 + i];
      // Orientation error: vee of the skew part of R R_ref^T (its rotation vector to first order).
      const e = (i: number, k: number): number =>
        rotation[r + 3 * i] * pose[o + 3 * k] + rotation[r + 3 * i + 1] * pose[o + 3 * k + 1] + rotation[r + 3 * i + 2] * pose[o + 3 * k + 2];
      residual[6 * side + 3] = 0.5 * (e(2, 1) - e(1, 2));
      residual[6 * side + 4] = 0.5 * (e(0, 2) - e(2, 0));
      residual[6 * side + 5] = 0.5 * (e(1, 0) - e(0, 1));
      for (let i = 0; i < 6; i++) norm = Math.max(norm, Math.abs(residual[6 * side + i]));
    }
    if (norm <= CHAIN_TOLERANCE) return true;
    if (iteration === CHAIN_MAX_ITERATIONS || !(norm < 1e3 * previousNorm) || !Number.isFinite(norm)) return false;
    previousNorm = norm;
    // Jacobian of [position; orientation] of each rearfoot w.r.t. the dependent coordinates.
    for (let side = 0; side < 2; side++) {
      const body = solver.anchorBody[side];
      const px = data.bodyPosition[3 * body];
      const py = data.bodyPosition[3 * body + 1];
      const pz = data.bodyPosition[3 * body + 2];
      for (let k = 0; k < NDEP; k++) {
        const j = dependent[k];
        const rowBase = 6 * side * NDEP + k;
        if (support[body * nq + j] === 0) {
          for (let i = 0; i < 6; i++) jacobian[rowBase + i * NDEP] = 0;
          continue;
        }
        const m = 6 * j;
        const wx = motion[m];
        const wy = motion[m + 1];
        const wz = motion[m + 2];
        jacobian[rowBase] = motion[m + 3] + wy * pz - wz * py;
        jacobian[rowBase + NDEP] = motion[m + 4] + wz * px - wx * pz;
        jacobian[rowBase + 2 * NDEP] = motion[m + 5] + wx * py - wy * px;
        jacobian[rowBase + 3 * NDEP] = wx;
        jacobian[rowBase + 4 * NDEP] = wy;
        jacobian[rowBase + 5 * NDEP] = wz;
      }
    }
    if (!luFactor(jacobian, NDEP, solver.chainPivots)) return false;
    luSolve(jacobian, NDEP, solver.chainPivots, residual);
    for (let k = 0; k < NDEP; k++) q[dependent[k]] -= residual[k];
    applyArmRule(solver, q);
  }
  return false;
}

/**
 * Pose of theta: variables, closed chain (from the dependent values in `start`), arm rule.
 * False if the chain cannot close or needs a dependent coordinate outside its range.
 */
function poseOf(solver: StandingPostureSolver, theta: Float64Array, start: Float64Array): boolean {
  const q = solver.q;
  q.set(start);
  applyVariables(solver, theta, q);
  if (!closeChain(solver, q)) return false;
  // The legs must reach the feet within their joints' ranges.
  const range = solver.model.coordinateRange;
  for (let k = 0; k < NDEP; k++) {
    const j = solver.dependentCoordinate[k];
    if (q[j] < range[2 * j] || q[j] > range[2 * j + 1]) return false;
  }
  // The chain leaves forwardKinematics at q; the arm rule was applied before the last FK.
  pathLength(solver.model, solver.data);
  momentArms(solver.model, solver.data);
  return true;
}

// ---------------------------------------------------------------------------------
// Objective and gradient
// ---------------------------------------------------------------------------------

const PENALTY_RESERVES = Object.freeze({ reserves: 'penalty' as const });
const FALLBACK_RESERVES = Object.freeze({ reserves: 'fallback' as const });

/** V(theta) with the QP solved at the pose (reserves in 'penalty' mode); +Infinity when the chain cannot close. Leaves solver.q at the pose. */
function objective(solver: StandingPostureSolver, theta: Float64Array, start: Float64Array): number {
  solver.evaluations++;
  if (!poseOf(solver, theta, start)) return Infinity;
  const result = solveStandingEquilibriumWithCurrentKinematics(solver.equilibrium, solver.model, solver.data, PENALTY_RESERVES);
  solver.qpIterations += result.qpIterations;
  return result.objective + passiveLoad(solver);
}

/**
 * dV/dtheta at the pose of the last objective() call (its QP solution held fixed), by
 * central differences of the Lagrangian. Returns false if a perturbed chain cannot close.
 */
function gradientAt(solver: StandingPostureSolver, theta: Float64Array, out: Float64Array): boolean {
  solver.gradientEvaluations++;
  const { model, data } = solver;
  const start = solver.bestQ;
  start.set(solver.q);
  const trial = solver.trialTheta;
  const h = solver.options.finiteDifferenceStep;
  const central = solver.options.centralDifferences;
  // Phi at the base pose itself (forward differences need it).
  let base = 0;
  if (!central) {
    trial.set(theta);
    if (!poseOf(solver, trial, start)) return false;
    base = standingLagrangian(solver.equilibrium, model, data) + passiveLoad(solver);
  }
  for (let k = 0; k < NVAR; k++) {
    if (solver.symmetric && (k === TZ_VARIABLE || k === KNEE_L_VARIABLE)) {
      // The symmetric search projects these components away (tz) or mirrors them (knees).
      out[k] = 0;
      continue;
    }
    trial.set(theta);
    trial[k] = theta[k] + h;
    if (solver.symmetric && k === KNEE_R_VARIABLE) trial[KNEE_L_VARIABLE] = theta[KNEE_L_VARIABLE] + h;
    if (!poseOf(solver, trial, start)) return false;
    const plus = standingLagrangian(solver.equilibrium, model, data) + passiveLoad(solver);
    let minus = base;
    let width = h;
    if (central) {
      trial[k] = theta[k] - h;
      if (solver.symmetric && k === KNEE_R_VARIABLE) trial[KNEE_L_VARIABLE] = theta[KNEE_L_VARIABLE] - h;
      if (!poseOf(solver, trial, start)) return false;
      minus = standingLagrangian(solver.equilibrium, model, data) + passiveLoad(solver);
      width = 2 * h;
    }
    out[k] = (plus - minus) / width;
    // Both knees moved together: the derivative along (1, 1) is the sum of the two partials.
    if (solver.symmetric && k === KNEE_R_VARIABLE) {
      out[KNEE_R_VARIABLE] = 0.5 * out[k];
      out[KNEE_L_VARIABLE] = out[KNEE_R_VARIABLE];
    }
  }
  // Back to the base pose (its forces are re-evaluated by the next objective call).
  solver.q.set(start);
  return true;
}

// ---------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------

interface SearchOutcome {
  iterations: number;
  stoppingReason: StoppingReason;
  gradientNorm: number;
  value: number;
}

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) if (Math.abs(values[i]) > largest) largest = Math.abs(values[i]);
  return largest;
}

/** Resets the inverse Hessian to the identity. */
function resetInverseHessian(solver: StandingPostureSolver): void {
  const hInv = solver.inverseHessian;
  hInv.fill(0);
  for (let k = 0; k < NVAR; k++) hInv[k * NVAR + k] = 1;
}

/**
 * Projected BFGS with Armijo backtracking from solver.theta, inside the variables'
 * coordinate ranges (see the file comment). A variable on a bound whose gradient pushes
 * it outwards is held there for the iteration (its row and column of the inverse Hessian
 * are left out of the direction); trial points are clamped into the ranges.
 */
function search(solver: StandingPostureSolver): SearchOutcome {
  const { theta, gradient, trialTheta, direction, inverseHessian: hInv, stepVector: s, gradientChange: y, hessianWork: hy } = solver;
  const { lowerBound, upperBound, heldVariable } = solver;
  const options = solver.options;
  const start = solver.bestQ;
  let value = objective(solver, theta, start);
  if (!Number.isFinite(value)) {
    throw new KinechainError('DID_NOT_CONVERGE', 'standing posture: the legs cannot reach the feet from the starting posture');
  }
  if (!gradientAt(solver, theta, gradient)) {
    throw new KinechainError('DID_NOT_CONVERGE', 'standing posture: the closed chain failed while taking the gradient at the start');
  }
  if (solver.symmetric) symmetrize(gradient);
  resetInverseHessian(solver);
  let scaled = false;
  let smoothedOnce = false;
  let smallDecreases = 0;
  let iterations = 0;
  let reason: StoppingReason = 'max-iterations';
  let gradientNorm = projectedGradientNorm(solver);
  while (true) {
    if (gradientNorm <= options.gradientTolerance) {
      reason = 'gradient';
      break;
    }
    if (iterations >= options.maxIterations) {
      reason = 'max-iterations';
      break;
    }
    iterations++;
    // Variables held on their bounds this iteration.
    for (let k = 0; k < NVAR; k++) {
      heldVariable[k] = (theta[k] <= lowerBound[k] && gradient[k] > 0) || (theta[k] >= upperBound[k] && gradient[k] < 0) ? 1 : 0;
    }
    // Direction d = -H g over the free variables (steepest descent if not a descent direction).
    let slope = 0;
    for (let i = 0; i < NVAR; i++) {
      let sum = 0;
      if (heldVariable[i] === 0) {
        for (let k = 0; k < NVAR; k++) if (heldVariable[k] === 0) sum -= hInv[i * NVAR + k] * gradient[k];
      }
      direction[i] = sum;
    }
    if (solver.symmetric) symmetrize(direction);
    for (let i = 0; i < NVAR; i++) slope += direction[i] * gradient[i];
    if (!(slope < 0)) {
      resetInverseHessian(solver);
      scaled = false;
      slope = 0;
      for (let i = 0; i < NVAR; i++) {
        direction[i] = heldVariable[i] === 1 ? 0 : -gradient[i];
        slope += direction[i] * gradient[i];
      }
      if (!(slope < 0)) {
        reason = 'gradient';
        break;
      }
    }
    const largest = maxAbs(direction);
    let step = largest > options.maxStepRad ? options.maxStepRad / largest : 1;
    let accepted = false;
    let trialValue = value;
    for (let halving = 0; halving < 40; halving++) {
      let predicted = 0;
      for (let i = 0; i < NVAR; i++) {
        let next = theta[i] + step * direction[i];
        if (next < lowerBound[i]) next = lowerBound[i];
        if (next > upperBound[i]) next = upperBound[i];
        trialTheta[i] = next;
        predicted += gradient[i] * (next - theta[i]);
      }
      let moved = 0;
      for (let i = 0; i < NVAR; i++) moved = Math.max(moved, Math.abs(trialTheta[i] - theta[i]));
      if (moved <= options.stepTolerance) break; // a step this small counts as a failed search
      trialValue = objective(solver, trialTheta, start);
      if (trialValue <= value + 1e-4 * Math.min(predicted, 0)) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      objective(solver, theta, start);
      if (scaled) {
        // The quasi-Newton direction failed: start again from steepest descent.
        resetInverseHessian(solver);
        scaled = false;
        continue;
      }
      if (!smoothedOnce) {
        // Steepest descent fails too: theta sits on a kink of V, where the one-sided
        // gradient of the current active set points nowhere useful. Take the gradient of V
        // itself by central differences over a wider step (it averages the two sides of
        // the kink) and try once more from there.
        smoothedOnce = true;
        smoothedGradient(solver, theta, gradient);
        if (solver.symmetric) symmetrize(gradient);
        objective(solver, theta, start);
        continue;
      }
      reason = 'step';
      break;
    }
    smoothedOnce = false;
    for (let i = 0; i < NVAR; i++) {
      s[i] = trialTheta[i] - theta[i];
      theta[i] = trialTheta[i];
      solver.previousGradient[i] = gradient[i];
    }
    const decrease = value - trialValue;
    value = trialValue;
    if (!gradientAt(solver, theta, gradient)) {
      throw new KinechainError('DID_NOT_CONVERGE', 'standing posture: the closed chain failed while taking the gradient');
    }
    if (solver.symmetric) symmetrize(gradient);
    gradientNorm = projectedGradientNorm(solver);
    for (let i = 0; i < NVAR; i++) y[i] = gradient[i] - solver.previousGradient[i];
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < NVAR; i++) {
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    // Curvature condition: update only when s'y > 0 (keeps H positive definite).
    if (sy > 1e-12 * Math.sqrt(yy) * Math.sqrt(s.reduce((sum, v) => sum + v * v, 0)) && yy > 0) {
      if (!scaled) {
        const scale = sy / yy;
        for (let i = 0; i < NVAR * NVAR; i++) hInv[i] *= scale;
        scaled = true;
      }
      // H <- (I - rho s y') H (I - rho y s') + rho s s'.
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < NVAR; i++) {
        let sum = 0;
        for (let k = 0; k < NVAR; k++) sum += hInv[i * NVAR + k] * y[k];
        hy[i] = sum;
        yHy += y[i] * sum;
      }
      for (let i = 0; i < NVAR; i++) {
        for (let k = 0; k < NVAR; k++) {
          hInv[i * NVAR + k] += rho * ((1 + rho * yHy) * s[i] * s[k] - hy[i] * s[k] - s[i] * hy[k]);
        }
      }
    }
    if (maxAbs(s) <= options.stepTolerance) {
      reason = 'step';
      break;
    }
    if (decrease <= options.objectiveTolerance * (1 + Math.abs(value))) {
      smallDecreases++;
      if (smallDecreases >= 3) {
        reason = 'objective';
        break;
      }
    } else {
      smallDecreases = 0;
    }
  }
  return { iterations, stoppingReason: reason, gradientNorm, value };
}

/** Width of the central differences of V taken on a kink (rad or m). */
const KINK_DIFFERENCE_STEP = 1e-3;

/** dV/dtheta by central differences of V itself (a QP per evaluation) over KINK_DIFFERENCE_STEP. */
function smoothedGradient(solver: StandingPostureSolver, theta: Float64Array, out: Float64Array): void {
  const trial = solver.stepVector;
  const start = solver.bestQ;
  for (let k = 0; k < NVAR; k++) {
    if (solver.symmetric && (k === TZ_VARIABLE || k === KNEE_L_VARIABLE)) {
      out[k] = 0;
      continue;
    }
    const h = KINK_DIFFERENCE_STEP;
    trial.set(theta);
    trial[k] = Math.min(theta[k] + h, solver.upperBound[k]);
    if (solver.symmetric && k === KNEE_R_VARIABLE) trial[KNEE_L_VARIABLE] = trial[k];
    const up = trial[k] - theta[k];
    const plus = objective(solver, trial, start);
    trial[k] = Math.max(theta[k] - h, solver.lowerBound[k]);
    if (solver.symmetric && k === KNEE_R_VARIABLE) trial[KNEE_L_VARIABLE] = trial[k];
    const down = theta[k] - trial[k];
    const minus = objective(solver, trial, start);
    out[k] = Number.isFinite(plus) && Number.isFinite(minus) && up + down > 0 ? (plus - minus) / (up + down) : 0;
    if (solver.symmetric && k === KNEE_R_VARIABLE) {
      out[KNEE_R_VARIABLE] = 0.5 * out[k];
      out[KNEE_L_VARIABLE] = out[KNEE_R_VARIABLE];
    }
  }
}

/** Index of pelvis_tz and of the knees in POSTURE_VARIABLES (the variables the mirror ties). */
const TZ_VARIABLE = POSTURE_VARIABLES.indexOf('pelvis_tz');
const KNEE_R_VARIABLE = POSTURE_VARIABLES.indexOf('knee_angle_r');
const KNEE_L_VARIABLE = POSTURE_VARIABLES.indexOf('knee_angle_l');

/** Projects a gradient or step onto the mirror-symmetric subspace (tz = 0, equal knees), in place. */
function symmetrize(values: Float64Array): void {
  values[TZ_VARIABLE] = 0;
  const knee = 0.5 * (values[KNEE_R_VARIABLE] + values[KNEE_L_VARIABLE]);
  values[KNEE_R_VARIABLE] = knee;
  values[KNEE_L_VARIABLE] = knee;
}

/** max_k of the gradient's components that can still lower V (zero for a variable on a bound it presses against). */
function projectedGradientNorm(solver: StandingPostureSolver): number {
  let largest = 0;
  for (let k = 0; k < NVAR; k++) {
    const g = solver.gradient[k];
    if (solver.theta[k] <= solver.lowerBound[k] && g > 0) continue;
    if (solver.theta[k] >= solver.upperBound[k] && g < 0) continue;
    if (Math.abs(g) > largest) largest = Math.abs(g);
  }
  return largest;
}

/**
 * The objective V at posture variables `theta` [9] (POSTURE_VARIABLES order), with the
 * scenario's limits already set on the solver (solveStandingPosture does it; call
 * setPostureLimits otherwise): solves the chain and the equilibrium QP. +Infinity when the
 * legs cannot reach the feet. For checks of the search; allocates nothing.
 */
export function postureObjective(solver: StandingPostureSolver, theta: Float64Array): number {
  const value = objective(solver, theta, solver.bestQ);
  if (Number.isFinite(value)) solver.bestQ.set(solver.q);
  return value;
}

/** dV/dtheta [9] at `theta` by the envelope theorem (as the search takes it); false if the chain fails. */
export function postureGradient(solver: StandingPostureSolver, theta: Float64Array, out: Float64Array): boolean {
  if (!Number.isFinite(postureObjective(solver, theta))) return false;
  return gradientAt(solver, theta, out);
}

/** Sets a scenario's limits (foot loading, force caps, resting tone) on the solver without solving. */
export function setPostureLimits(solver: StandingPostureSolver, scenario: Scenario): void {
  setStandingLimits(solver.equilibrium, solver.model, scenario);
}

// ---------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------

/**
 * Finds the standing posture of `scenario` (whose spec compiles to solver.model, or pass
 * its compiled model through useModel first). The scenario is not modified.
 */
export function solveStandingPosture(solver: StandingPostureSolver, scenario: Scenario, options: { readonly coldStart?: boolean } = {}): StandingPostureResult {
  const { model } = solver;
  setStandingLimits(solver.equilibrium, model, scenario);
  solver.evaluations = 0;
  solver.gradientEvaluations = 0;
  solver.qpIterations = 0;
  if (options.coldStart === true || !solver.hasPrevious) {
    solver.bestQ.set(model.coordinateDefault);
    for (let k = 0; k < NVAR; k++) solver.theta[k] = model.coordinateDefault[solver.variableCoordinate[k]];
  }
  solver.symmetric = solver.modelSymmetric && isMirrorSymmetricScenario(scenario);
  if (solver.symmetric) {
    symmetrize(solver.theta);
    // A warm start from an asymmetric posture: start the chain from the reference legs.
    solver.bestQ.set(model.coordinateDefault);
  }
  const outcome = search(solver);
  // Final solve at the optimum (the gradient evaluation overwrote the forces), with the
  // reserves fixed at 0 unless no muscle and floor forces can hold the pose.
  const value = objective(solver, solver.theta, solver.bestQ);
  solver.bestQ.set(solver.q);
  const final = solveStandingEquilibriumWithCurrentKinematics(solver.equilibrium, model, solver.data, FALLBACK_RESERVES);
  solver.qpIterations += final.qpIterations;
  solver.hasPrevious = true;
  return buildResult(solver, { ...outcome, value });
}

/** Compiles the scenario's body, builds a solver and solves (a convenience for one-off use). */
export function standingPosture(scenario: Scenario, options: StandingPostureOptions = {}): StandingPostureResult {
  const model = compile(scenario.spec);
  const solver = makeStandingPostureSolver(model, options);
  return solveStandingPosture(solver, scenario, { coldStart: true });
}

// ---------------------------------------------------------------------------------
// Result
// ---------------------------------------------------------------------------------

function sideSum(model: Model, data: Data, base: readonly string[], side: 'r' | 'l'): number {
  let sum = 0;
  for (const name of base) {
    const tissue = model.tissueIndex.get(`${name}_${side}`);
    if (tissue !== undefined) sum += data.tissueForce[tissue];
  }
  return sum;
}

function sideTotal(model: Model, data: Data, base: readonly string[]): SideTotalValues {
  const r = sideSum(model, data, base, 'r');
  const l = sideSum(model, data, base, 'l');
  return { r, l, total: r + l };
}

function vector3(values: ArrayLike<number>, offset = 0): [number, number, number] {
  return [values[offset] + 0, values[offset + 1] + 0, values[offset + 2] + 0];
}

function jointLoad(solver: StandingPostureSolver, body: number): JointLoadResult {
  if (body < 0) {
    return { compressionN: NaN, anteriorShearN: NaN, lateralShearN: NaN, forceN: [NaN, NaN, NaN], momentNm: [NaN, NaN, NaN] };
  }
  const support = solver.support;
  const reaction = jointReaction(solver.model, solver.data, solver.reaction, body, {
    count: support.npoint,
    body: solver.externalBody,
    point: support.pointWorld,
    force: solver.equilibrium.result.contactForce,
  });
  return {
    compressionN: reaction.compression,
    anteriorShearN: reaction.anteriorShear,
    lateralShearN: reaction.lateralShear,
    forceN: vector3(reaction.force),
    momentNm: vector3(reaction.moment),
  };
}

/** Reserves below this (N m or N) are not listed in reserveByCoordinate. */
const RESERVE_LISTING_THRESHOLD = 1e-9;

function buildResult(solver: StandingPostureSolver, outcome: SearchOutcome): StandingPostureResult {
  const { model, data, support } = solver;
  const equilibrium = solver.equilibrium;
  const result = equilibrium.result;
  const force = result.contactForce;
  const weight = equilibrium.bodyWeightN;

  const coordinates: Record<string, number> = {};
  model.coordinateName.forEach((name, j) => (coordinates[name] = solver.q[j] + 0));
  const postureVariables: Record<string, number> = {};
  POSTURE_VARIABLES.forEach((name, k) => (postureVariables[name] = solver.theta[k] + 0));
  const activation: Record<string, number> = {};
  equilibrium.muscleTissue.forEach((tissue, index) => (activation[model.tissueName[tissue]] = result.activation[index]));
  const tissueForceN: Record<string, number> = {};
  model.tissueName.forEach((name, tissue) => (tissueForceN[name] = data.tissueForce[tissue]));

  const contactPoints: ContactPointResult[] = [];
  for (let p = 0; p < support.npoint; p++) {
    contactPoints.push({
      name: support.pointName[p],
      side: support.pointSide[p] === FootSideCode.r ? 'r' : 'l',
      region: support.pointRegion[p] === FootRegionCode.heel ? 'heel' : support.pointRegion[p] === FootRegionCode.forefoot ? 'forefoot' : 'toes',
      positionM: vector3(support.pointWorld, 3 * p),
      forceN: vector3(force, 3 * p),
    });
  }
  const cop = new Float64Array(3);
  const foot = (side: 'r' | 'l'): FootContactResult => {
    const loadN = centreOfPressure(support, force, { side }, cop);
    return {
      loadN,
      heelN: normalLoad(support, force, { side, region: 'heel' }),
      forefootN: normalLoad(support, force, { side, region: 'forefoot' }),
      toesN: normalLoad(support, force, { side, region: 'toes' }),
      bodyWeightFraction: loadN / weight,
      centreOfPressureM: vector3(cop),
    };
  };
  const feet = { r: foot('r'), l: foot('l') };
  const totalLoadN = centreOfPressure(support, force, {}, cop);
  const centreOfPressureM = vector3(cop);

  centerOfMass(model, data);
  const centreOfMassM = vector3(data.comPosition);
  const lumbosacral = jointLoad(solver, solver.lumbosacralBody);
  const neckLoad = jointLoad(solver, solver.cervicothoracicBody);
  // Neck extensors: muscles with a positive moment arm on neck_extension at C7/T1.
  let extensorForceN = 0;
  const neckExtension = model.coordinateIndex.get('neck_extension');
  if (neckExtension !== undefined) {
    for (const tissue of equilibrium.muscleTissue) {
      if (data.tissueMomentArm[tissue * model.nq + neckExtension] > 0) extensorForceN += data.tissueForce[tissue];
    }
  }
  const tlfPosterior = sideTotal(model, data, TISSUE_GROUPS.thoracolumbarFasciaPosterior);
  const tlfCrossing = sideTotal(model, data, TISSUE_GROUPS.thoracolumbarFasciaCrossing);
  const plantar = sideTotal(model, data, TISSUE_GROUPS.plantarFascia);
  const achilles = sideTotal(model, data, TISSUE_GROUPS.achillesTendon);

  const equilibriumResidualByCoordinate: Record<string, number> = {};
  model.coordinateName.forEach((name, j) => (equilibriumResidualByCoordinate[name] = result.equilibriumResidual[j]));
  const passiveLimitExcessN: Record<string, number> = {};
  for (let k = 0; k < equilibrium.nPassiveLimit; k++) {
    passiveLimitExcessN[model.tissueName[equilibrium.passiveLimitTissue[k]]] = result.passiveLimitExcessN[k];
  }
  const reserveByCoordinate: Record<string, number> = {};
  const lockedJointMomentNm: Record<string, number> = {};
  model.coordinateName.forEach((name, j) => {
    if (Math.abs(result.reserveForce[j]) > RESERVE_LISTING_THRESHOLD) reserveByCoordinate[name] = result.reserveForce[j];
  });
  for (const j of equilibrium.lockCoordinate) lockedJointMomentNm[model.coordinateName[j]] = result.lockForce[j];
  let status: StandingPostureResult['status'];
  if (result.status === 'optimal') status = outcome.stoppingReason === 'max-iterations' ? 'max-iterations' : 'converged';
  else if (result.status === 'needs-reserves') status = outcome.stoppingReason === 'max-iterations' ? 'max-iterations' : 'needs-reserves';
  else status = 'failed';
  return {
    status,
    coordinates,
    postureVariables,
    activation,
    tissueForceN,
    effort: result.effort,
    bodyWeightN: weight,
    centreOfMassM,
    contactPoints,
    feet,
    totalLoadN,
    centreOfPressureM,
    lumbosacral,
    cervicothoracic: { ...neckLoad, extensorForceN },
    erectorSpinaeN: sideTotal(model, data, TISSUE_GROUPS.erectorSpinae),
    hamstringsN: sideTotal(model, data, TISSUE_GROUPS.hamstrings),
    thoracolumbarFasciaN: {
      posterior: { r: tlfPosterior.r, l: tlfPosterior.l },
      crossing: { r: tlfCrossing.r, l: tlfCrossing.l },
      total: tlfPosterior.total + tlfCrossing.total,
    },
    plantarFasciaN: { r: plantar.r, l: plantar.l },
    achillesTendonN: { r: achilles.r, l: achilles.l },
    equilibriumResidual: result.maxEquilibriumResidual,
    equilibriumResidualByCoordinate,
    maxReserve: result.maxReserve,
    reserveByCoordinate,
    lockedJointMomentNm,
    footPlacementError: floorGap(support),
    unreachableLimits: result.unreachableLimits,
    passiveLimitExcessN,
    solver: {
      iterations: outcome.iterations,
      objectiveEvaluations: solver.evaluations,
      gradientEvaluations: solver.gradientEvaluations,
      qpIterations: solver.qpIterations,
      stoppingReason: outcome.stoppingReason,
      gradientNorm: outcome.gradientNorm,
      objective: outcome.value,
      equilibriumStatus: result.status,
    },
  };
}

// ---------------------------------------------------------------------------------
// Comparing two postures
// ---------------------------------------------------------------------------------

export interface CoordinateChange {
  readonly coordinate: string;
  readonly before: number;
  readonly after: number;
  readonly change: number;
}

export interface TissueChange {
  readonly tissue: string;
  readonly beforeN: number;
  readonly afterN: number;
  readonly changeN: number;
}

export interface PostureChange {
  /** Rotational coordinates sorted by |change| (rad), largest first. */
  readonly joints: readonly CoordinateChange[];
  /** Pelvis translations (m). */
  readonly pelvisTranslation: readonly CoordinateChange[];
  /** Tissues sorted by |change of tension| (N), largest first. */
  readonly tissues: readonly TissueChange[];
  readonly effortChange: number;
  readonly lumbosacralCompressionChangeN: number;
}

/**
 * Which joints and tissues carried the change from `before` to `after`: the `joints`
 * rotational coordinates whose angle changed most and the `tissues` tissues whose tension
 * changed most (defaults 5 and 8; entries that did not change are left out).
 */
export function comparePostures(
  before: StandingPostureResult,
  after: StandingPostureResult,
  counts: { readonly joints?: number; readonly tissues?: number } = {},
): PostureChange {
  const jointCount = counts.joints ?? 5;
  const tissueCount = counts.tissues ?? 8;
  const joints: CoordinateChange[] = [];
  const pelvisTranslation: CoordinateChange[] = [];
  for (const [coordinate, value] of Object.entries(after.coordinates)) {
    const previous = before.coordinates[coordinate];
    if (previous === undefined) continue;
    const entry = { coordinate, before: previous, after: value, change: value - previous };
    if (coordinate === 'pelvis_tx' || coordinate === 'pelvis_ty' || coordinate === 'pelvis_tz') pelvisTranslation.push(entry);
    else if (entry.change !== 0) joints.push(entry);
  }
  joints.sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  const tissues: TissueChange[] = [];
  for (const [tissue, value] of Object.entries(after.tissueForceN)) {
    const previous = before.tissueForceN[tissue];
    if (previous === undefined || value === previous) continue;
    tissues.push({ tissue, beforeN: previous, afterN: value, changeN: value - previous });
  }
  tissues.sort((a, b) => Math.abs(b.changeN) - Math.abs(a.changeN));
  return {
    joints: joints.slice(0, jointCount),
    pelvisTranslation,
    tissues: tissues.slice(0, tissueCount),
    effortChange: after.effort - before.effort,
    lumbosacralCompressionChangeN: after.lumbosacral.compressionN - before.lumbosacral.compressionN,
  };
}
