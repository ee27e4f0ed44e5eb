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
 * The problem. Over the posture theta and the forces x that hold it (muscle activations,
 * floor contact, lock reactions, limit slacks, reserves: the variables of the standing
 * equilibrium QP, core/solvers/standing-equilibrium.ts),
 *
 *   minimise   E(x) + P(theta)
 *   subject to the equilibrium of every coordinate at the pose of theta, A(theta) x = b(theta),
 *              the bounds of x (activations in [rest, 1], floor pushing within friction) and
 *              the ranges of theta.
 * E: the muscular effort sum a^2, plus the equilibrium's small contact regularisation, plus
 * the exact (l1) price of reserves (standing-equilibrium.ts 'exact-penalty': a reserve is
 * 0 wherever muscles, floor and locks can hold the pose, so the optimum is a posture the
 * exact model holds, possibly on the edge of what it can hold, e.g. a head balanced where
 * only its extensors could hold it).
 * E also prices (exactly: standing-equilibrium.ts CAP_EXCESS_PRICE) the excess of every pain-limited muscle or
 * tendon force (scenario.tissueForceLimitN) that no activation can meet at the pose (its
 * passive force above the cap): only a posture change relieves it, so the search makes it.
 * P: the load of the passive tissues (ligaments, fascia), each as a fraction of the
 * tension at the end of its toe region (the strain range of everyday loading, where the
 * collagen crimp straightens; passive-law.ts), squared and summed like the activations:
 *   P = passiveLoadWeight * sum_t (F_t / (k_t e_toe,t / 2))^2
 * plus PASSIVE_CAP_EXCESS_PRICE times the squared excess of every limited passive tissue above its
 * cap (scenario.tissueForceLimitN of a ligament or fascia). Tissues whose
 * whole path lies on one body (e.g. the epicranial fascia on the skull) have a length no
 * posture changes: they are left out of P (a constant there) so that they cannot touch the
 * search at all, not even through rounding.
 * Why P (passiveLoadWeight, default 1; 0 gives effort alone): muscular effort alone prices
 * passive support at zero. On the default body it then finds a "posture" hanging on the
 * lumbar fascia: L5/S1 flexed about 18 deg against a thoracic spine at its extension limit,
 * the crossing thoracolumbar fascia at about 15% strain (about 390 N each side) and L5/S1
 * compression about 1300 N, far outside what is measured in quiet standing (the fascia is
 * taut from the upright reference, and the lumped L1-S1 joint lacks the discs' own
 * stiffness). With P, a passive tissue at the end of its toe region costs what a muscle at
 * full activation costs: the one unit the two share.
 *
 * Method: sequential quadratic programming on the whole problem (posture-step-qp.ts), not
 * a search over theta around an inner QP: the optimal value of the inner QP is only
 * piecewise smooth in the posture (kinks where a muscle switches on or off, or where a
 * reserve would be needed), which stalls quasi-Newton searches far from the optimum. Each
 * iteration, at the posture theta_k with its equilibrium x_k:
 *  1. the derivatives of the pose-dependent entries of A and b (the muscles' and contact
 *     edges' columns at their structural nonzeros, and the targets) and of P's residuals, by
 *     forward finite differences (step finiteDifferenceStep; central with
 *     centralDifferences) along the tangent of the closed chain: one force evaluation per
 *     posture direction, no chain solve and no QP; from them M = d(A(theta) x_k -
 *     b(theta))/d theta;
 *  2. the step QP: the exact equilibrium QP at theta_k plus the linearised effect of a
 *     posture step d, with the curvature the linearisation leaves out as a quasi-Newton
 *     (Powell-damped BFGS) estimate of the Lagrangian's Hessian in theta, which starts from
 *     P's Gauss-Newton Hessian (updateCurvature), inside a trust region (a box of half-width
 *     Delta, at most maxStepRad) and the variables' ranges;
 *  3. the trial posture theta_k + d: its chain is closed and its equilibrium QP solved (a
 *     trial whose chain cannot close, or whose legs leave their joint ranges, is a failed
 *     trial); accepted if V = E + P falls by at least 1e-4 of the predicted decrease, with
 *     Delta doubled after a good prediction and cut to a quarter of the step after a poor or
 *     failed one.
 * The equilibrium QP and the step QP are warm-started from each other within a solve.
 * Stopping rule (the first that holds):
 *   'gradient'   at the step QP's own minimiser (a step inside the trust region) the
 *                derivative of the full problem's Lagrangian in every free direction is
 *                below gradientTolerance (default 1e-8 per rad or m; typical derivatives
 *                far from the optimum are 1e-2) or the step moves no variable by more than
 *                stepTolerance (default 1e-10 rad or m): the conditions of optimality hold;
 *   'objective'  the decrease the QP's own minimiser predicts is below objectiveTolerance
 *                (1 + |V|) (default 1e-11: the rounding of the QPs' optima, so no trial
 *                could measure it): such steps are taken without the ratio test while
 *                they keep halving (at most MAX_POLISH_STEPS), and the last one, untested,
 *                ends the search; or
 *                three accepted steps in a row each lowered V by less than ten times that
 *                (STALL_FACTOR: creeping along a kink of V);
 *   'step'       the trust region shrank below stepTolerance with no trial accepted (the
 *                model and V disagree at every scale: V has a kink there, e.g. where a
 *                muscle's passive fibre force starts at its slack length);
 *   'max-iterations' after maxIterations (default 100) iterations.
 * The reported gradient norm is the largest derivative of the full problem's Lagrangian in
 * a search direction (at the step QP's multipliers) that no range bound holds.
 * Symmetry: when the body and the scenario are mirror-symmetric (checked at every solve:
 * every _r/_l pair of bodies and tissues mirrors, tissue parameters included, since an
 * analysis may edit them in place, and every limit names both sides alike), the posture is
 * searched in the symmetric subspace (pelvis_tz = 0, knee_angle_l = knee_angle_r: seven
 * directions), so every iterate is exactly symmetric, and the equilibrium QPs are solved
 * mirror-reduced (mirror-reduction.ts: half the size, the same solution). An asymmetric
 * problem is searched over all nine variables with the full QPs.
 * Reproducibility: a cold solve starts from the reference pose with no warm start, so its
 * result is a function of the scenario alone; a warm solve starts from the posture and
 * the QP's active sets of the previous solve (or of a start saved with savePostureStart
 * and restored with restorePostureStart), so its result is a function of that start and
 * the scenario.
 *
 * Outputs are in SI units; see StandingPostureResult. The solver object keeps every
 * buffer (Data, QP workspaces, search state) so repeated solves reuse them and start from
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
  PYRAMID_EDGES,
  updateFootSupport,
  type FootContactPointSpec,
  type FootSupport,
} from '../core/contact/foot-support.js';
import {
  buildStandingProblem,
  copyStandingWarmStart,
  reduceStandingProblem,
  setStandingMirror,
  standingPoseValues,
  evaluateStandingForces,
  makeStandingEquilibrium,
  makeStandingWarmStart,
  LimitKind,
  ReserveTier,
  resetStandingWarmStart,
  type ReserveTierCode,
  setStandingLimits,
  solveStandingEquilibriumWithCurrentKinematics,
  type StandingEquilibriumSolver,
  type StandingWarmStart,
} from '../core/solvers/standing-equilibrium.js';
import {
  assemblePostureStepQp,
  makePostureStepQp,
  positiveSemidefiniteFactor,
  setPostureStepBounds,
  solvePostureStepQp,
  type PostureStepInput,
  type PostureStepQp,
} from '../core/solvers/posture-step-qp.js';
import { expandStates, reduceRows, reduceStates } from '../core/solvers/mirror-reduction.js';
import type { BoundedQpProblem } from '../core/math/bounded-qp.js';
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
  /** Search limits (see the file comment): iterations (default 100) and tolerances. */
  readonly maxIterations?: number;
  /** Largest derivative of the Lagrangian in theta reported as converged (default 1e-8 per rad or m; see the file comment). */
  readonly gradientTolerance?: number;
  /** Predicted relative decrease of V below which the search takes its last step and stops (default 1e-11: the rounding of the QPs' optima). */
  readonly objectiveTolerance?: number;
  /** Smallest step (rad or m, default 1e-10). */
  readonly stepTolerance?: number;
  /** Largest change of one variable in one step: the largest trust region (rad or m, default 0.2). */
  readonly maxStepRad?: number;
  /** Finite-difference step of the linearisation (rad or m, default 1e-6). */
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
   * when status is 'converged'. Coordinates whose reserve exceeds 1e-9 are listed. A
   * posture that ends on the edge of what the exact model holds (e.g. a head balanced where
   * only its extensors could hold it) may need a reserve at the level of the search's
   * accuracy there: status 'needs-reserves' with a tiny maxReserve.
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
    /**
     * Largest derivative of the full problem's Lagrangian in a free search direction, at the
     * last step QP solved (when the search ends with an untested step, at the posture
     * before that step; see the file comment).
     */
    readonly gradientNorm: number;
    /** V = E + P at the solution: the equilibrium QP's objective (effort, contact regularisation, prices of reserves and cap excesses) plus the passive load. */
    readonly objective: number;
    readonly equilibriumStatus: string;
  };
}

// ---------------------------------------------------------------------------------
// Solver object
// ---------------------------------------------------------------------------------

const NVAR = POSTURE_VARIABLES.length;
const NDEP = DEPENDENT_COORDINATES.length;

/**
 * Price of the squared excess (N^2) of a limited passive tissue (ligament, fascia) above its
 * pain-limited force in P: high, so that the posture moves until the cap is met where it
 * can be (an excess of 1 N costs what 1e4 muscles at full activation cost). The muscles'
 * and tendons' caps are priced inside the equilibrium QP (CAP_EXCESS_PRICE there).
 */
export const PASSIVE_CAP_EXCESS_PRICE = 1e4;

/**
 * Damping mu of the posture step (step QP's Hessian on d, per rad^2 or m^2). Small next to
 * the curvature the linearised equilibrium gives the posture (about 1-1000 per rad^2 on
 * the default body), so the step is nearly the Newton step; large enough to keep the step
 * QP's costs within about 1e9 of each other (posture-step-qp.ts).
 */
const STEP_DAMPING = 1e-5;

/** A start of the search: posture variables [9], coordinates [nq] and the equilibrium QP's warm start there. */
export interface StandingPostureStart {
  readonly theta: Float64Array;
  readonly q: Float64Array;
  readonly equilibrium: StandingWarmStart;
  /** The limit rows the warm start was made for (kind and subject of each). */
  limitRows: number;
  readonly limitKind: Int8Array;
  readonly limitSubject: Int32Array;
}

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
  /** [nq] the pose being evaluated, and the pose of theta (the current iterate; the start of a warm solve). */
  readonly q: Float64Array;
  readonly bestQ: Float64Array;
  /** [NVAR] the current iterate (the start of a warm solve) and a trial. */
  readonly theta: Float64Array;
  readonly trialTheta: Float64Array;
  /** [nq] pose of the trial. */
  readonly trialQ: Float64Array;
  /** [NVAR] coordinate range of each variable. */
  readonly lowerBound: Float64Array;
  readonly upperBound: Float64Array;
  /** Closed chain: residual [12], jacobian [12*12], pivots [12]. */
  readonly chainResidual: Float64Array;
  readonly chainJacobian: Float64Array;
  readonly chainPivots: Int32Array;
  /** Search directions: [NVAR*NVAR] direction i as a change of theta (row i); nDirection in use; [NVAR] the first variable each moves. */
  readonly directionBasis: Float64Array;
  readonly directionVariable: Int32Array;
  nDirection: number;
  /** [NVAR*nq] tangent of the closed chain along each direction: dq per unit step (row i). */
  readonly tangent: Float64Array;
  /** Step QP and its inputs (base problem, M reduced or not, P's gradient, damping, curvature factor). */
  readonly stepQp: PostureStepQp;
  readonly stepInput: PostureStepInput & {
    base: PostureStepInput['base'];
    nStep: number;
    correctionFactor: Float64Array | null;
  };
  /** True when the current step QP is mirror-reduced. */
  reduced: boolean;
  /** [maxRows*NVAR] d(A x_k - b)/d(direction) over the full rows, column-major (stride nq + nLimitRow). */
  readonly rowDerivative: Float64Array;
  /** P's residuals: count, prices [maxResidual], Jacobian [maxResidual*NVAR] column-major (stride nResidual). */
  nResidual: number;
  readonly residualPrice: Float64Array;
  readonly residualJacobian: Float64Array;
  /** P at the iterate; its gradient [NVAR] and Gauss-Newton Hessian [NVAR*NVAR] over the directions. */
  baseLoad: number;
  readonly loadGradient: Float64Array;
  readonly gaussNewton: Float64Array;
  /** [NVAR*NVAR] C + the Gauss-Newton Hessian (factored for the step QP). */
  readonly curvatureTotal: Float64Array;
  /** [nq] mirror partner and sign of each coordinate (for the mirror-reduced equilibrium). */
  readonly coordinatePartner: Int32Array;
  readonly coordinateSign: Int8Array;
  /**
   * Secant correction of the step's curvature (see search): C [NVAR*NVAR] over the search
   * directions and its factor L (C = L L'); the last accepted step and the multipliers of
   * its bounds [NVAR]; a gradient scratch [NVAR].
   */
  readonly curvature: Float64Array;
  readonly curvatureFactor: Float64Array;
  readonly curvatureWork: Float64Array;
  readonly lastStep: Float64Array;
  readonly gradient: Float64Array;
  readonly oldGradient: Float64Array;
  hasLastStep: boolean;
  /** The unscaled equilibrium problem at the iterate (the step QP's base). */
  readonly baseProblem: BoundedQpProblem;
  /**
   * Derivatives of the pose-dependent part of the problem per direction: the entries of the
   * muscles' and contact edges' columns that the pose can change (the pattern below)
   * [NVAR][maxPattern] (stride matrixStride) and the targets [NVAR][maxRows] (stride
   * targetStride); scratch of the plus and minus sides, dense [maxRows x nPose] and
   * [maxRows]; [maxRows] rows of a secant gradient.
   */
  readonly matrixDerivative: Float64Array;
  readonly matrixStride: number;
  readonly plusColumns: Float64Array;
  /**
   * The entries of the pose-dependent columns that can be nonzero: row and column of each
   * (coordinate rows from the model's structure: a muscle's column on the coordinates that
   * move one body of its path but not another, an edge's on those that move its point's
   * body; then the force-cap rows' muscles), patternSize in use of [maxRows x nPose].
   */
  readonly patternRow: Int32Array;
  readonly patternColumn: Int32Array;
  readonly structuralPatternSize: number;
  patternSize: number;
  readonly targetDerivative: Float64Array;
  readonly targetStride: number;
  readonly minusColumns: Float64Array;
  readonly minusTargets: Float64Array;
  readonly secantRows: Float64Array;
  /** [maxResidual] P's residuals at the iterate, at a trial, and at perturbed poses. */
  readonly loadResidual: Float64Array;
  readonly trialLoadResidual: Float64Array;
  readonly plusLoadResidual: Float64Array;
  readonly minusLoadResidual: Float64Array;
  /** [NVAR] bounds of the step. */
  readonly stepLower: Float64Array;
  readonly stepUpper: Float64Array;
  /** [npoint] body of each contact point (the external forces of the joint reactions). */
  readonly externalBody: Int32Array;
  /** The start of the next warm solve: the equilibrium warm start at theta / bestQ. */
  readonly start: StandingPostureStart;
  /** True once a solve left a posture to start from. */
  hasPrevious: boolean;
  /** True while the current model and scenario are mirror-symmetric (search in the symmetric subspace). */
  symmetric: boolean;
  /** Mirror partner of every tissue when the model's geometry is mirror-symmetric (checked once per model), else null. */
  tissueMirror: Int32Array | null;
  /** True when the model is mirror-symmetric, tissue parameters included (checked at each solve). */
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

/** True when every path point and wrap object of the tissue is on one body: no posture changes its length. */
function onOneBody(model: Model, tissue: number): boolean {
  const firstPoint = model.tissuePointAdr[tissue];
  const body = model.pointBody[firstPoint];
  for (let point = firstPoint; point < firstPoint + model.tissuePointNum[tissue]; point++) if (model.pointBody[point] !== body) return false;
  const firstWrap = model.tissueWrapAdr[tissue];
  for (let wrap = firstWrap; wrap < firstWrap + model.tissueWrapNum[tissue]; wrap++) if (model.wrapBody[wrap] !== body) return false;
  return true;
}

/**
 * Passive tissues acting on the skeleton (not series tendons) with a toe region, whose
 * length the posture can change: the load term's tissues.
 */
function passiveLoadTissues(model: Model): number[] {
  const tissues: number[] = [];
  for (let t = 0; t < model.ntissue; t++) {
    if (model.tissueLaw[t] !== LawType.passive || model.tissueSeriesNum[t] > 0 || model.tissueActsOnSkeleton[t] === 0) continue;
    if (onOneBody(model, t)) continue;
    if (model.passiveStiffness[t] * model.passiveToeStrain[t] > 0) tissues.push(t);
  }
  return tissues;
}

/**
 * The structural nonzeros of the pose-dependent columns on the coordinate rows (see
 * StandingPostureSolver.patternRow), with room for `capacity` entries (the force-cap rows
 * are appended per solve).
 */
function poseColumnPattern(model: Model, equilibrium: StandingEquilibriumSolver, capacity: number): { row: Int32Array; column: Int32Array; size: number } {
  const nq = model.nq;
  const support = model.bodyCoordinateSupport;
  const row = new Int32Array(capacity);
  const column = new Int32Array(capacity);
  let size = 0;
  for (let index = 0; index < equilibrium.nMuscle; index++) {
    const tissue = equilibrium.muscleTissue[index];
    const bodies: number[] = [];
    for (let point = model.tissuePointAdr[tissue]; point < model.tissuePointAdr[tissue] + model.tissuePointNum[tissue]; point++) bodies.push(model.pointBody[point]);
    for (let wrap = model.tissueWrapAdr[tissue]; wrap < model.tissueWrapAdr[tissue] + model.tissueWrapNum[tissue]; wrap++) bodies.push(model.wrapBody[wrap]);
    for (let j = 0; j < nq; j++) {
      const moved = bodies.filter((body) => support[body * nq + j] === 1).length;
      if (moved === 0 || moved === bodies.length) continue;
      row[size] = j;
      column[size] = index;
      size++;
    }
  }
  const points = equilibrium.support;
  for (let p = 0; p < points.npoint; p++) {
    const body = points.pointBody[p];
    for (let k = 0; k < PYRAMID_EDGES; k++) {
      for (let j = 0; j < nq; j++) {
        if (support[body * nq + j] !== 1) continue;
        row[size] = j;
        column[size] = equilibrium.nMuscle + PYRAMID_EDGES * p + k;
        size++;
      }
    }
  }
  return { row, column, size };
}

/** The structural pattern plus the force-cap rows' muscles of the current limits. */
function setCapPattern(solver: StandingPostureSolver): void {
  const eq = solver.equilibrium;
  const model = solver.model;
  let size = solver.structuralPatternSize;
  for (let limit = 0; limit < eq.nLimitRow; limit++) {
    if (eq.limitKind[limit] !== LimitKind.forceCap) continue;
    const tissue = eq.limitSubject[limit];
    const own = eq.musclePosition[tissue];
    const add = (position: number): void => {
      solver.patternRow[size] = model.nq + limit;
      solver.patternColumn[size] = position;
      size++;
    };
    if (own >= 0) {
      add(own);
    } else {
      for (let k = model.tissueSeriesAdr[tissue]; k < model.tissueSeriesAdr[tissue] + model.tissueSeriesNum[tissue]; k++) {
        const position = eq.musclePosition[model.seriesMuscle[k]];
        if (position >= 0) add(position);
      }
    }
  }
  solver.patternSize = size;
}

/**
 * Mirror partner [nq] and sign [nq] of each coordinate: "_r" <-> "_l"; a midline coordinate
 * about X or Y, or the lateral translation, changes sign (the default body's and OpenSim's
 * conventions). A coordinate with no partner is its own with sign +1 (the model is then
 * not mirror-symmetric, which mirrorGeometry finds).
 */
function coordinateMirror(model: Model): { partner: Int32Array; sign: Int8Array } {
  const partner = new Int32Array(model.nq);
  const sign = new Int8Array(model.nq);
  for (let j = 0; j < model.nq; j++) {
    const name = model.coordinateName[j];
    const other = model.coordinateIndex.get(mirrorName(name));
    partner[j] = other ?? j;
    sign[j] = other === j && ODD_COORDINATE.test(name) ? -1 : 1;
  }
  return { partner, sign };
}

/** Midline coordinates that change sign in the mirror (rotations about X or Y, translation along Z). */
const ODD_COORDINATE = /(_list|_rotation|_bending|_tz)$/;

/** Builds the solver (every buffer) for a model built from the default body's names. */
export function makeStandingPostureSolver(model: Model, options: StandingPostureOptions = {}): StandingPostureSolver {
  const maxIterations = options.maxIterations ?? 100;
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
  const loadTissues = passiveLoadTissues(model);
  const maxVariables = equilibrium.problem.lower.length;
  const maxRows = equilibrium.problem.equalityTarget.length;
  // P's residuals: the load tissues, one per limit row (force caps), one per limited passive tissue.
  const maxResidual = loadTissues.length + equilibrium.maxLimitRows + model.ntissue;
  const stepQp = makePostureStepQp(maxVariables, maxRows, NVAR);
  const nPose = equilibrium.nMuscle + equilibrium.nEdge;
  const pattern = poseColumnPattern(model, equilibrium, maxRows * nPose);
  const mirror = coordinateMirror(model);
  const solver: StandingPostureSolver = {
    model,
    data,
    support,
    equilibrium,
    reaction: makeJointReaction(model),
    options: {
      maxIterations,
      gradientTolerance: positiveOption(options.gradientTolerance, 1e-8, 'gradientTolerance'),
      objectiveTolerance: positiveOption(options.objectiveTolerance, 1e-11, 'objectiveTolerance'),
      stepTolerance: positiveOption(options.stepTolerance, 1e-10, 'stepTolerance'),
      maxStepRad: positiveOption(options.maxStepRad, 0.2, 'maxStepRad'),
      finiteDifferenceStep: positiveOption(options.finiteDifferenceStep, 1e-6, 'finiteDifferenceStep'),
      passiveLoadWeight: nonNegativeOption(options.passiveLoadWeight, 1, 'passiveLoadWeight'),
      centralDifferences: options.centralDifferences ?? false,
    },
    passiveLoadTissue: Int32Array.from(loadTissues),
    passiveLoadInverseScale: Float64Array.from(loadTissues.map((t) => 2 / (model.passiveStiffness[t] * model.passiveToeStrain[t]))),
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
    trialTheta: new Float64Array(NVAR),
    trialQ: Float64Array.from(model.coordinateDefault),
    lowerBound: Float64Array.from(POSTURE_VARIABLES.map((name) => model.coordinateRange[2 * coordinateOf(model, name)])),
    upperBound: Float64Array.from(POSTURE_VARIABLES.map((name) => model.coordinateRange[2 * coordinateOf(model, name) + 1])),
    chainResidual: new Float64Array(NDEP),
    chainJacobian: new Float64Array(NDEP * NDEP),
    chainPivots: new Int32Array(NDEP),
    directionBasis: new Float64Array(NVAR * NVAR),
    directionVariable: new Int32Array(NVAR),
    nDirection: NVAR,
    tangent: new Float64Array(NVAR * model.nq),
    stepQp,
    stepInput: {
      base: equilibrium.problem,
      nStep: NVAR,
      linearisation: new Float64Array(maxRows * NVAR),
      postureGradient: new Float64Array(NVAR),
      damping: new Float64Array(NVAR).fill(STEP_DAMPING),
      correctionFactor: null,
    },
    reduced: false,
    rowDerivative: new Float64Array(maxRows * NVAR),
    nResidual: 0,
    residualPrice: new Float64Array(maxResidual),
    residualJacobian: new Float64Array(maxResidual * NVAR),
    baseLoad: 0,
    loadGradient: new Float64Array(NVAR),
    gaussNewton: new Float64Array(NVAR * NVAR),
    curvatureTotal: new Float64Array(NVAR * NVAR),
    coordinatePartner: mirror.partner,
    coordinateSign: mirror.sign,
    curvature: new Float64Array(NVAR * NVAR),
    curvatureFactor: new Float64Array(NVAR * NVAR),
    curvatureWork: new Float64Array(NVAR * NVAR),
    lastStep: new Float64Array(NVAR),
    gradient: new Float64Array(NVAR),
    oldGradient: new Float64Array(NVAR),
    hasLastStep: false,
    baseProblem: {
      n: 0,
      m: 0,
      hessianKind: 'diagonal',
      hessian: new Float64Array(maxVariables),
      gradient: new Float64Array(maxVariables),
      equalityMatrix: new Float64Array(maxRows * maxVariables),
      equalityTarget: new Float64Array(maxRows),
      lower: new Float64Array(maxVariables),
      upper: new Float64Array(maxVariables),
    },
    matrixDerivative: new Float64Array(NVAR * maxRows * nPose),
    matrixStride: maxRows * nPose,
    plusColumns: new Float64Array(maxRows * nPose),
    patternRow: pattern.row,
    patternColumn: pattern.column,
    structuralPatternSize: pattern.size,
    patternSize: pattern.size,
    targetDerivative: new Float64Array(NVAR * maxRows),
    targetStride: maxRows,
    minusColumns: new Float64Array(maxRows * nPose),
    minusTargets: new Float64Array(maxRows),
    secantRows: new Float64Array(maxRows),
    loadResidual: new Float64Array(maxResidual),
    trialLoadResidual: new Float64Array(maxResidual),
    plusLoadResidual: new Float64Array(maxResidual),
    minusLoadResidual: new Float64Array(maxResidual),
    stepLower: new Float64Array(NVAR),
    stepUpper: new Float64Array(NVAR),
    externalBody: Int32Array.from(support.pointBody),
    start: makePostureStart(model, equilibrium),
    hasPrevious: false,
    symmetric: false,
    tissueMirror: null,
    modelSymmetric: false,
    evaluations: 0,
    gradientEvaluations: 0,
    qpIterations: 0,
  };
  recordAnchorPoses(solver);
  solver.tissueMirror = mirrorGeometry(model, solver.data);
  setDirections(solver, false);
  return solver;
}

function makePostureStart(model: Model, equilibrium: StandingEquilibriumSolver): StandingPostureStart {
  return {
    theta: new Float64Array(NVAR),
    q: Float64Array.from(model.coordinateDefault),
    equilibrium: makeStandingWarmStart(equilibrium),
    limitRows: -1,
    limitKind: new Int8Array(equilibrium.maxLimitRows),
    limitSubject: new Int32Array(equilibrium.maxLimitRows),
  };
}

/**
 * A copy of where the next warm solve of `solver` starts (the posture of its last solve and
 * the equilibrium QP's warm start there). Restoring it (restorePostureStart) before each of
 * several solves makes each a function of its scenario and this start alone.
 */
export function savePostureStart(solver: StandingPostureSolver): StandingPostureStart {
  const copy = makePostureStart(solver.model, solver.equilibrium);
  copyPostureStart(solver.start, copy);
  copy.theta.set(solver.theta);
  copy.q.set(solver.bestQ);
  return copy;
}

/** Makes `start` (from savePostureStart, for a model of the same body) the start of the next warm solve. */
export function restorePostureStart(solver: StandingPostureSolver, start: StandingPostureStart): void {
  if (start.q.length !== solver.bestQ.length) {
    throw new KinechainError('MALFORMED_INPUT', `the posture start has ${start.q.length} coordinates; the model has ${solver.bestQ.length}`);
  }
  solver.theta.set(start.theta);
  solver.bestQ.set(start.q);
  if (start.equilibrium.activeSet.length === solver.start.equilibrium.activeSet.length) {
    copyPostureStart(start, solver.start);
  } else {
    solver.start.limitRows = -1;
  }
  solver.start.theta.set(start.theta);
  solver.start.q.set(start.q);
  solver.hasPrevious = true;
}

function copyPostureStart(from: StandingPostureStart, to: StandingPostureStart): void {
  copyStandingWarmStart(from.equilibrium, to.equilibrium);
  to.limitRows = from.limitRows;
  to.limitKind.set(from.limitKind);
  to.limitSubject.set(from.limitSubject);
  to.theta.set(from.theta);
  to.q.set(from.q);
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
    same(a.tissueActsOnSkeleton, b.tissueActsOnSkeleton) &&
    same(a.tissuePointAdr, b.tissuePointAdr) &&
    same(a.tissuePointNum, b.tissuePointNum) &&
    same(a.pointBody, b.pointBody) &&
    same(a.wrapBody, b.wrapBody)
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
    if (solver.hasPrevious && fresh.q.length === solver.q.length) restorePostureStart(fresh, savePostureStart(solver));
    return fresh;
  }
  solver.model = model;
  solver.tissueMirror = mirrorGeometry(model, solver.data);
  return solver;
}

/**
 * The load term's scales 1 / (tension at the end of the toe region) from the model's
 * current tissue parameters (which an analysis may edit in place between solves).
 */
function refreshLoadScales(solver: StandingPostureSolver): void {
  const model = solver.model;
  solver.passiveLoadTissue.forEach((t, k) => {
    solver.passiveLoadInverseScale[k] = 2 / (model.passiveStiffness[t] * model.passiveToeStrain[t]);
  });
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
 * The mirror partner of every tissue when the model's skeleton and tissue paths are their
 * own mirror image through the sagittal plane (z -> -z): every body and tissue has its
 * mirror partner with the same mass, mirrored centre of mass, and, in the reference pose
 * (which is symmetric), equal path lengths and mirrored moment arms; null otherwise. The
 * tissue laws' parameters, which an analysis may edit in place between solves, are checked
 * at each solve (mirrorTissueParameters). Uses `data` as scratch (runs the kinematics of
 * the reference pose).
 */
function mirrorGeometry(model: Model, data: Data): Int32Array | null {
  for (let b = 1; b < model.nbody; b++) {
    const partner = model.bodyIndex.get(mirrorName(model.bodyName[b]));
    if (partner === undefined) return null;
    if (!close(model.bodyMass[b], model.bodyMass[partner])) return null;
    if (!close(model.bodyCom[3 * b], model.bodyCom[3 * partner])) return null;
    if (!close(model.bodyCom[3 * b + 1], model.bodyCom[3 * partner + 1])) return null;
    if (!close(model.bodyCom[3 * b + 2], -model.bodyCom[3 * partner + 2])) return null;
  }
  const partners = new Int32Array(model.ntissue);
  for (let t = 0; t < model.ntissue; t++) {
    const partner = model.tissueIndex.get(mirrorName(model.tissueName[t]));
    if (partner === undefined) return null;
    partners[t] = partner;
  }
  const coordinatePartner = new Int32Array(model.nq);
  const coordinateSign = new Float64Array(model.nq);
  for (let j = 0; j < model.nq; j++) {
    const name = model.coordinateName[j];
    const partner = model.coordinateIndex.get(mirrorName(name));
    if (partner === undefined) return null;
    coordinatePartner[j] = partner;
    // Midline coordinates about X or Y, and the lateral translation, change sign in the mirror.
    coordinateSign[j] = partner === j && ODD_COORDINATE.test(name) ? -1 : 1;
  }
  forwardKinematics(model, data, model.coordinateDefault);
  pathLength(model, data);
  momentArms(model, data);
  const nq = model.nq;
  for (let t = 0; t < model.ntissue; t++) {
    const partner = partners[t];
    if (!close(data.tissueLength[t], data.tissueLength[partner])) return null;
    for (let j = 0; j < nq; j++) {
      const mirrored = coordinateSign[j] * data.tissueMomentArm[partner * nq + coordinatePartner[j]];
      if (Math.abs(data.tissueMomentArm[t * nq + j] - mirrored) > 1e-9) return null;
    }
  }
  return partners;
}

/** True when every tissue's law parameters equal its mirror partner's (`partners` from mirrorGeometry). */
function mirrorTissueParameters(model: Model, partners: Int32Array): boolean {
  const parameters = [
    model.passiveStiffness,
    model.passiveToeStrain,
    model.passiveSlackLength,
    model.muscleMaxIsometricForce,
    model.muscleOptimalFiberLength,
    model.muscleTendonSlackLength,
    model.musclePennation,
    model.musclePassiveStrainAtF0,
  ];
  for (let t = 0; t < model.ntissue; t++) {
    for (const parameter of parameters) if (!close(parameter[t], parameter[partners[t]])) return false;
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

/**
 * Tangent of the closed chain at solver.q (forwardKinematics done there, chain closed):
 * for each search direction (a change of theta), the change of every coordinate per unit
 * step, the dependent ones from d(chain residual) = 0 and the arms from the arm rule
 * (linear). Writes solver.tangent. False if the chain's Jacobian is singular.
 */
function chainTangents(solver: StandingPostureSolver): boolean {
  const { model, data } = solver;
  const nq = model.nq;
  const jacobian = solver.chainJacobian;
  const rhs = solver.chainResidual;
  const motion = data.coordinateMotion;
  const support = model.bodyCoordinateSupport;
  // d(rearfoot pose)/dq_j for the anchored bodies: [v_j + w_j x p; w_j] where j moves the body.
  const column = (side: number, j: number, row: number): number => {
    const body = solver.anchorBody[side];
    if (support[body * nq + j] === 0) return 0;
    const m = 6 * j;
    if (row >= 3) return motion[m + row - 3];
    const px = data.bodyPosition[3 * body];
    const py = data.bodyPosition[3 * body + 1];
    const pz = data.bodyPosition[3 * body + 2];
    const wx = motion[m];
    const wy = motion[m + 1];
    const wz = motion[m + 2];
    if (row === 0) return motion[m + 3] + wy * pz - wz * py;
    if (row === 1) return motion[m + 4] + wz * px - wx * pz;
    return motion[m + 5] + wx * py - wy * px;
  };
  for (let side = 0; side < 2; side++) {
    for (let row = 0; row < 6; row++) {
      for (let k = 0; k < NDEP; k++) jacobian[(6 * side + row) * NDEP + k] = column(side, solver.dependentCoordinate[k], row);
    }
  }
  if (!luFactor(jacobian, NDEP, solver.chainPivots)) return false;
  const [tilt, lumbar, thoracic] = solver.tiltLumbarThoracic;
  for (let i = 0; i < solver.nDirection; i++) {
    const dq = solver.tangent.subarray(i * nq, (i + 1) * nq);
    dq.fill(0);
    for (let k = 0; k < NVAR; k++) dq[solver.variableCoordinate[k]] = solver.directionBasis[i * NVAR + k];
    for (let side = 0; side < 2; side++) {
      for (let row = 0; row < 6; row++) {
        let sum = 0;
        for (let k = 0; k < NVAR; k++) {
          const change = solver.directionBasis[i * NVAR + k];
          if (change !== 0) sum -= column(side, solver.variableCoordinate[k], row) * change;
        }
        rhs[6 * side + row] = sum;
      }
    }
    luSolve(jacobian, NDEP, solver.chainPivots, rhs);
    for (let k = 0; k < NDEP; k++) dq[solver.dependentCoordinate[k]] = rhs[k];
    const trunk = dq[tilt] + dq[lumbar] + dq[thoracic];
    dq[solver.armFlex[0]] = -trunk;
    dq[solver.armFlex[1]] = -trunk;
    dq[solver.armAdd[0]] = -dq[solver.pelvisList];
    dq[solver.armAdd[1]] = dq[solver.pelvisList];
  }
  return true;
}

/** Index of pelvis_tz and of the knees in POSTURE_VARIABLES (the variables the mirror ties). */
const TZ_VARIABLE = POSTURE_VARIABLES.indexOf('pelvis_tz');
const KNEE_R_VARIABLE = POSTURE_VARIABLES.indexOf('knee_angle_r');
const KNEE_L_VARIABLE = POSTURE_VARIABLES.indexOf('knee_angle_l');

/**
 * Search directions: every variable alone, or in the symmetric subspace seven directions
 * (pelvis_tz held at 0, both knees together).
 */
function setDirections(solver: StandingPostureSolver, symmetric: boolean): void {
  const basis = solver.directionBasis;
  basis.fill(0);
  let count = 0;
  for (let k = 0; k < NVAR; k++) {
    if (symmetric && (k === TZ_VARIABLE || k === KNEE_L_VARIABLE)) continue;
    basis[count * NVAR + k] = 1;
    if (symmetric && k === KNEE_R_VARIABLE) basis[count * NVAR + KNEE_L_VARIABLE] = 1;
    solver.directionVariable[count] = k;
    count++;
  }
  solver.nDirection = count;
  solver.stepInput.nStep = count;
}

/** Projects theta onto the mirror-symmetric subspace (tz = 0, equal knees), in place. */
function symmetrize(theta: Float64Array): void {
  theta[TZ_VARIABLE] = 0;
  const knee = 0.5 * (theta[KNEE_R_VARIABLE] + theta[KNEE_L_VARIABLE]);
  theta[KNEE_R_VARIABLE] = knee;
  theta[KNEE_L_VARIABLE] = knee;
}

// ---------------------------------------------------------------------------------
// Objective, linearisation and search
// ---------------------------------------------------------------------------------

/**
 * The equilibrium of a trial posture: exactly priced reserves; a QP that needs more than
 * TRIAL_QP_ITERATIONS working-set changes (a degenerate problem on which the dual method
 * cycles) fails the trial, which the trust region then shortens.
 */
const TRIAL_QP_ITERATIONS = 600;
const EXACT_PENALTY = Object.freeze({ reserves: 'exact-penalty' as const, maxQpIterations: TRIAL_QP_ITERATIONS });
const FALLBACK_RESERVES = Object.freeze({ reserves: 'fallback' as const });

/**
 * Number of P's residuals for the current limits, and their prices: the load tissues
 * (passiveLoadWeight each, when > 0) and the limited passive tissues
 * (PASSIVE_CAP_EXCESS_PRICE each; the muscles' force caps are priced inside the equilibrium QP).
 */
function setResidualLayout(solver: StandingPostureSolver): void {
  const eq = solver.equilibrium;
  const price = solver.residualPrice;
  let count = 0;
  const weight = solver.options.passiveLoadWeight;
  if (weight > 0) for (let k = 0; k < solver.passiveLoadTissue.length; k++) price[count++] = weight;
  for (let k = 0; k < eq.nPassiveLimit; k++) price[count++] = PASSIVE_CAP_EXCESS_PRICE;
  solver.nResidual = count;
}

/**
 * P's residuals at the current force evaluation (passive tensions in data.tissueForce):
 * load fractions F_t / F_toe,t and passive tissues' excesses over their caps (N). Writes
 * out [nResidual]; returns P = sum price r^2.
 */
function loadResiduals(solver: StandingPostureSolver, out: Float64Array): number {
  const eq = solver.equilibrium;
  const force = solver.data.tissueForce;
  const price = solver.residualPrice;
  let count = 0;
  if (solver.options.passiveLoadWeight > 0) {
    for (let k = 0; k < solver.passiveLoadTissue.length; k++) out[count++] = force[solver.passiveLoadTissue[k]] * solver.passiveLoadInverseScale[k];
  }
  for (let k = 0; k < eq.nPassiveLimit; k++) {
    const excess = force[eq.passiveLimitTissue[k]] - eq.passiveLimitN[k];
    out[count++] = excess > 0 ? excess : 0;
  }
  let sum = 0;
  for (let t = 0; t < count; t++) sum += price[t] * out[t] * out[t];
  return sum;
}

/**
 * V = E + P at the pose already in solver.q and data (kinematics done): the equilibrium QP
 * with exactly priced reserves, and P's residuals into `residual`. +Infinity if the QP fails.
 */
function equilibriumValue(solver: StandingPostureSolver, residual: Float64Array): number {
  const result = solveStandingEquilibriumWithCurrentKinematics(solver.equilibrium, solver.model, solver.data, EXACT_PENALTY);
  solver.qpIterations += result.qpIterations;
  if (result.status !== 'optimal' && result.status !== 'needs-reserves') return Infinity;
  return result.objective + loadResiduals(solver, residual);
}

/** V at theta (chain closed from `start`; the pose is left in solver.q); +Infinity when the legs cannot reach the feet. */
function objective(solver: StandingPostureSolver, theta: Float64Array, start: Float64Array, residual: Float64Array): number {
  solver.evaluations++;
  if (!poseOf(solver, theta, start)) return Infinity;
  return equilibriumValue(solver, residual);
}

/** forwardKinematics, paths and moment arms at solver.bestQ + step * tangent of direction i (into solver.q). */
function perturbedPose(solver: StandingPostureSolver, direction: number, step: number): void {
  const { model, data } = solver;
  const nq = model.nq;
  const q = solver.q;
  for (let j = 0; j < nq; j++) q[j] = solver.bestQ[j] + step * solver.tangent[direction * nq + j];
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);
}

/** A copy of the unscaled equilibrium problem last built, into `to` (the step QP's base at the iterate). */
function copyProblem(from: BoundedQpProblem, to: BoundedQpProblem): void {
  to.n = from.n;
  to.m = from.m;
  to.equalityMatrix.set(from.equalityMatrix.subarray(0, from.n * from.m));
  to.equalityTarget.set(from.equalityTarget.subarray(0, from.m));
  to.hessian.set(from.hessian.subarray(0, from.n));
  to.gradient.set(from.gradient.subarray(0, from.n));
  to.lower.set(from.lower.subarray(0, from.n));
  to.upper.set(from.upper.subarray(0, from.n));
}

/**
 * The pose-dependent part of the equilibrium problem at the kinematics in data (forces and
 * contact evaluated there): the muscles' and contact edges' columns at the pattern's
 * entries into `values` [patternSize] and the targets [rows] into `targets`
 * (standingPoseValues).
 */
function poseDependentPart(solver: StandingPostureSolver, values: Float64Array, targets: Float64Array): void {
  const { model, data } = solver;
  const eq = solver.equilibrium;
  evaluateStandingForces(eq, model, data);
  updateFootSupport(eq.support, model, data);
  standingPoseValues(eq, model, data, solver.patternRow, solver.patternColumn, solver.patternSize, values, targets);
}

/**
 * The linearisation at the iterate (solver.theta, pose solver.bestQ, whose equilibrium was
 * the last one solved and whose kinematics are in data), by finite differences along the
 * chain's tangents: the equilibrium problem at the iterate (solver.baseProblem, unscaled,
 * of the iterate's reserve tier); the derivatives of its pose-dependent part (the muscles'
 * and contact edges' columns and the targets) per direction (matrixDerivative,
 * targetDerivative); from them, with the solution x_k, rowDerivative = d(A x_k - b)/d
 * (direction) [rows x nDirection]; P's residuals and their Jacobian, P's gradient and its
 * Gauss-Newton Hessian 2 J' W J. Leaves data at a perturbed pose. False if the chain's
 * Jacobian is singular.
 */
function linearise(solver: StandingPostureSolver, tier: ReserveTierCode): boolean {
  solver.gradientEvaluations++;
  const { model, data } = solver;
  const eq = solver.equilibrium;
  const nResidual = solver.nResidual;
  const p = solver.nDirection;
  buildStandingProblem(eq, model, data, tier);
  copyProblem(eq.problem, solver.baseProblem);
  const base = solver.baseProblem;
  const rows = base.m;
  const n = base.n;
  solver.baseLoad = loadResiduals(solver, solver.loadResidual);
  if (!chainTangents(solver)) return false;
  const h = solver.options.finiteDifferenceStep;
  const central = solver.options.centralDifferences;
  const jacobian = solver.residualJacobian;
  const x = eq.lastSolution;
  const patternRow = solver.patternRow;
  const patternColumn = solver.patternColumn;
  const patternSize = solver.patternSize;
  // Forward differences: the minus side is the iterate's problem, the same for every direction.
  if (!central) {
    for (let k = 0; k < patternSize; k++) solver.minusColumns[k] = base.equalityMatrix[patternRow[k] * n + patternColumn[k]];
    solver.minusTargets.set(base.equalityTarget.subarray(0, rows));
  }
  const inverseWidth = central ? 1 / (2 * h) : 1 / h;
  for (let i = 0; i < p; i++) {
    const dA = solver.matrixDerivative.subarray(i * solver.matrixStride, i * solver.matrixStride + patternSize);
    const db = solver.targetDerivative.subarray(i * solver.targetStride, (i + 1) * solver.targetStride);
    if (central) {
      perturbedPose(solver, i, -h);
      poseDependentPart(solver, solver.minusColumns, solver.minusTargets);
      loadResiduals(solver, solver.minusLoadResidual);
    }
    perturbedPose(solver, i, h);
    poseDependentPart(solver, solver.plusColumns, db);
    loadResiduals(solver, solver.plusLoadResidual);
    const minusLoad = central ? solver.minusLoadResidual : solver.loadResidual;
    for (let k = 0; k < patternSize; k++) dA[k] = (solver.plusColumns[k] - solver.minusColumns[k]) * inverseWidth;
    for (let row = 0; row < rows; row++) db[row] = (db[row] - solver.minusTargets[row]) * inverseWidth;
    for (let t = 0; t < nResidual; t++) jacobian[i * nResidual + t] = (solver.plusLoadResidual[t] - minusLoad[t]) * inverseWidth;
    constraintDerivative(solver, i, x, solver.rowDerivative, i * rows);
  }
  solver.q.set(solver.bestQ);
  // P = sum w r^2: gradient 2 J' W r, Gauss-Newton Hessian 2 J' W J.
  for (let i = 0; i < p; i++) {
    let gradient = 0;
    for (let t = 0; t < nResidual; t++) gradient += 2 * solver.residualPrice[t] * solver.loadResidual[t] * jacobian[i * nResidual + t];
    solver.loadGradient[i] = gradient;
    for (let k = 0; k <= i; k++) {
      let sum = 0;
      for (let t = 0; t < nResidual; t++) sum += 2 * solver.residualPrice[t] * jacobian[i * nResidual + t] * jacobian[k * nResidual + t];
      solver.gaussNewton[i * p + k] = sum;
      solver.gaussNewton[k * p + i] = sum;
    }
  }
  return true;
}

/** d(A x - b)/d(direction i) [rows] for a solution x, from the stored derivatives of the pose-dependent part, into out at offset. */
function constraintDerivative(solver: StandingPostureSolver, i: number, x: ArrayLike<number>, out: Float64Array, offset: number): void {
  const rows = solver.baseProblem.m;
  const dA = solver.matrixDerivative;
  const db = solver.targetDerivative;
  const first = i * solver.matrixStride;
  for (let row = 0; row < rows; row++) out[offset + row] = -db[i * solver.targetStride + row];
  const patternRow = solver.patternRow;
  const patternColumn = solver.patternColumn;
  for (let k = 0; k < solver.patternSize; k++) out[offset + patternRow[k]] += dA[first + k] * x[patternColumn[k]];
}

/** dV/d(direction i) [nDirection] by the envelope theorem from the linearisation: -lambda' M + dP. */
function envelopeGradient(solver: StandingPostureSolver, out: Float64Array): void {
  const eq = solver.equilibrium;
  const rows = solver.baseProblem.m;
  for (let i = 0; i < solver.nDirection; i++) {
    let sum = solver.loadGradient[i];
    for (let row = 0; row < rows; row++) sum -= eq.lastEqualityMultiplier[row] * solver.rowDerivative[i * rows + row];
    out[i] = sum;
  }
}

/**
 * The curvature of the step QP in the posture: a quasi-Newton (BFGS) estimate B of the
 * Hessian in theta of the full problem's Lagrangian, P - lambda'(A(theta) x - b(theta)),
 * which the linearised constraints leave out (the second derivatives of gravity, moment
 * arms and passive forces, weighted by their multipliers, and P's own curvature). At the
 * start B = 2 J' W J (P's Gauss-Newton Hessian) + INITIAL_CURVATURE I. After a step s from
 * theta_k to theta_k+1, with the new solution x and multipliers lambda,
 *   y = grad L(theta_k+1; x, lambda) - grad L(theta_k; x, lambda)
 * (the old one from the derivatives stored at theta_k, applied to the new x: the
 * Lagrangian with x and lambda fixed is smooth in theta, so y is a valid secant even when
 * muscles switched on or off along s), and B takes the Powell-damped BFGS update, which
 * keeps it positive definite. Call before linearise overwrites the stored derivatives
 * (updateCurvature reads them) with x and lambda those of the new iterate.
 */
function secantGradient(solver: StandingPostureSolver, out: Float64Array): void {
  const eq = solver.equilibrium;
  const rows = solver.baseProblem.m;
  for (let i = 0; i < solver.nDirection; i++) {
    constraintDerivative(solver, i, eq.lastSolution, solver.secantRows, 0);
    let sum = solver.loadGradient[i];
    for (let row = 0; row < rows; row++) sum -= eq.lastEqualityMultiplier[row] * solver.secantRows[row];
    out[i] = sum;
  }
}

function updateCurvature(solver: StandingPostureSolver): void {
  const p = solver.nDirection;
  const hessian = solver.curvature;
  if (!solver.hasLastStep) {
    for (let i = 0; i < p * p; i++) hessian[i] = solver.gaussNewton[i];
    for (let i = 0; i < p; i++) hessian[i * p + i] += INITIAL_CURVATURE;
  } else {
    // y = g(theta_k+1) - g(theta_k), both with the new x and lambda.
    const y = solver.gradient;
    envelopeGradient(solver, y);
    for (let i = 0; i < p; i++) y[i] -= solver.oldGradient[i];
    const s = solver.lastStep;
    const bs = solver.curvatureWork;
    let sBs = 0;
    let sy = 0;
    for (let i = 0; i < p; i++) {
      let sum = 0;
      for (let k = 0; k < p; k++) sum += hessian[i * p + k] * s[k];
      bs[i] = sum;
      sBs += s[i] * sum;
      sy += s[i] * y[i];
    }
    if (sBs > 0) {
      // Powell's damping: y -> phi y + (1 - phi) B s with s'y >= 0.2 s'Bs.
      let phi = 1;
      if (sy < 0.2 * sBs) phi = (0.8 * sBs) / (sBs - sy);
      for (let i = 0; i < p; i++) y[i] = phi * y[i] + (1 - phi) * bs[i];
      sy = phi * sy + (1 - phi) * sBs;
      if (sy > 0) {
        for (let i = 0; i < p; i++) {
          for (let k = 0; k < p; k++) hessian[i * p + k] += (y[i] * y[k]) / sy - (bs[i] * bs[k]) / sBs;
        }
      }
    }
  }
  const total = solver.curvatureTotal;
  total.set(hessian.subarray(0, p * p));
  const largest = positiveSemidefiniteFactor(total, p, solver.curvatureFactor, solver.curvatureWork);
  solver.stepInput.correctionFactor = largest > 0 ? solver.curvatureFactor : null;
}

/** Diagonal of the first curvature estimate (per rad^2 or m^2): of the order of the damping's, small next to the equilibrium's. */
const INITIAL_CURVATURE = 1e-4;

interface SearchOutcome {
  iterations: number;
  stoppingReason: StoppingReason;
  gradientNorm: number;
  value: number;
}

/**
 * Accepted steps that each lower V by less than STALL_FACTOR objectiveTolerance (1 + |V|),
 * three in a row, end the search: it is creeping along a kink of V (e.g. a muscle at the
 * onset of its passive fibre force, where the finite differences see one side only), where
 * what is left to gain is at the level of the QPs' rounding.
 */
const STALL_FACTOR = 10;

/** Most steps taken below the rounding of the QPs' optima (see search). */
const MAX_POLISH_STEPS = 3;

/** Trust-region factors (see the file comment). */
const ACCEPT_RATIO = 1e-4;
const GOOD_RATIO = 0.75;
const POOR_RATIO = 0.25;

/**
 * The step QP's base problem and linearisation at the iterate: the equilibrium QP of the
 * iterate's reserve tier, unscaled, and M, both mirror-reduced when the equilibrium
 * solves reduced (a symmetric search). Call after linearise.
 */
function prepareStep(solver: StandingPostureSolver): void {
  const eq = solver.equilibrium;
  const input = solver.stepInput;
  const rows = solver.baseProblem.m;
  const p = solver.nDirection;
  solver.reduced = reduceStandingProblem(eq, solver.baseProblem);
  if (solver.reduced) {
    input.base = eq.reducedProblem;
    const mr = eq.mirror.mReduced;
    for (let i = 0; i < p; i++) reduceRows(eq.mirror, solver.rowDerivative.subarray(i * rows, (i + 1) * rows), input.linearisation, i * mr);
  } else {
    input.base = solver.baseProblem;
    input.linearisation.set(solver.rowDerivative.subarray(0, p * rows));
  }
  input.postureGradient.set(solver.loadGradient.subarray(0, p));
}

/** The equilibrium QP's active set (full layout) as the x-part of the step QP's (reduced when the step is). */
function seedStepActiveSet(solver: StandingPostureSolver): void {
  const eq = solver.equilibrium;
  const stepQp = solver.stepQp;
  const n0 = solver.stepInput.base.n;
  if (solver.reduced) reduceStates(eq.mirror, eq.lastActiveSet, stepQp.qp.activeSet);
  else stepQp.qp.activeSet.set(eq.lastActiveSet.subarray(0, n0));
  stepQp.qp.activeSet.fill(0, n0, stepQp.problem.n);
}

/** The step QP's x-part active set as the equilibrium's warm start for `tier` (full layout). */
function seedEquilibriumWarmStart(solver: StandingPostureSolver, tier: ReserveTierCode): void {
  const eq = solver.equilibrium;
  const stride = eq.warmStart.activeSet.length / 3;
  const target = eq.warmStart.activeSet.subarray(tier * stride, (tier + 1) * stride);
  if (solver.reduced) expandStates(eq.mirror, solver.stepQp.qp.activeSet, target);
  else target.set(solver.stepQp.qp.activeSet.subarray(0, solver.baseProblem.n));
  eq.warmStart.valid[tier] = 1;
}

/**
 * Sequential quadratic programming from solver.theta (see the file comment). On return
 * solver.theta / bestQ hold the solution; the last equilibrium solved may be that of a
 * trial (the caller re-solves at the solution).
 */
function search(solver: StandingPostureSolver): SearchOutcome {
  const { theta, trialTheta, lowerBound, upperBound, stepLower, stepUpper } = solver;
  const eq = solver.equilibrium;
  const options = solver.options;
  const stepQp = solver.stepQp;
  const nDirection = solver.nDirection;
  let value = objective(solver, theta, solver.bestQ, solver.loadResidual);
  if (!Number.isFinite(value)) {
    throw new KinechainError('DID_NOT_CONVERGE', 'standing posture: the legs cannot reach the feet, or the equilibrium QP failed, at the starting posture');
  }
  solver.bestQ.set(solver.q);
  let radius = options.maxStepRad;
  let smallDecreases = 0;
  let polishSteps = 0;
  let lastPolishStep = Infinity;
  let iterations = 0;
  let gradientNorm = Infinity;
  let reason: StoppingReason = 'max-iterations';
  while (true) {
    if (iterations >= options.maxIterations) {
      reason = 'max-iterations';
      break;
    }
    iterations++;
    // At the iterate: the derivatives, the curvature model, the step QP.
    const tier = eq.result.reserveTier;
    // The old gradient for the secant pair, from the derivatives still stored for theta_k.
    if (solver.hasLastStep) secantGradient(solver, solver.oldGradient);
    if (!linearise(solver, tier)) throw new KinechainError('DID_NOT_CONVERGE', 'standing posture: the closed chain is singular at the iterate');
    updateCurvature(solver);
    prepareStep(solver);
    assemblePostureStepQp(stepQp, solver.stepInput);
    seedStepActiveSet(solver);
    const baseLoad = solver.baseLoad;
    let accepted = false;
    while (true) {
      for (let i = 0; i < nDirection; i++) {
        // The direction's variables share a range (both knees move together).
        const k = solver.directionVariable[i];
        stepLower[i] = Math.max(lowerBound[k] - theta[k], -radius);
        stepUpper[i] = Math.min(upperBound[k] - theta[k], radius);
        // A variable on its bound: keep an open interval (the QP holds it there if it should stay).
        if (!(stepLower[i] < stepUpper[i])) {
          stepLower[i] = Math.min(stepLower[i], -1e-300);
          stepUpper[i] = Math.max(stepUpper[i], 1e-300);
        }
      }
      setPostureStepBounds(stepQp, stepLower, stepUpper);
      const outcome = solvePostureStepQp(stepQp, true);
      solver.qpIterations += outcome.iterations;
      if (outcome.status !== 'optimal') {
        // The step QP failed numerically (its cheapest and costliest columns too far apart
        // for the box it was given): a smaller trust region, or stop at the iterate.
        radius *= 0.25;
        if (radius <= options.stepTolerance) {
          reason = 'step';
          break;
        }
        continue;
      }
      const step = stepQp.step;
      let largest = 0;
      gradientNorm = 0;
      for (let i = 0; i < nDirection; i++) {
        largest = Math.max(largest, Math.abs(step[i]));
        // The Lagrangian's derivative, over the directions not held at a bound of theta's range.
        const k = solver.directionVariable[i];
        const pressed =
          (stepLower[i] === lowerBound[k] - theta[k] && stepQp.boundMultiplier[i] > 0) ||
          (stepUpper[i] === upperBound[k] - theta[k] && stepQp.boundMultiplier[i] < 0);
        if (!pressed) gradientNorm = Math.max(gradientNorm, Math.abs(stepQp.lagrangianGradient[i]));
      }
      const predicted = value - (outcome.objective + baseLoad);
      // A step inside the trust region is the model's own minimiser (a Newton-like step).
      const interior = largest < 0.99 * radius;
      if (interior && (largest <= options.stepTolerance || gradientNorm <= options.gradientTolerance)) {
        reason = 'gradient';
        break;
      }
      for (let k = 0; k < NVAR; k++) {
        let next = theta[k];
        for (let i = 0; i < nDirection; i++) next += solver.directionBasis[i * NVAR + k] * step[i];
        trialTheta[k] = Math.min(Math.max(next, lowerBound[k]), upperBound[k]);
      }
      // Below the rounding of the QPs' optima no trial can measure the decrease left: the
      // model's minimisers are then taken as they come (a Newton-like polish) while they
      // keep halving, and the last one ends the search.
      const polishing = interior && predicted <= options.objectiveTolerance * (1 + Math.abs(value));
      if (polishing && (polishSteps >= MAX_POLISH_STEPS || largest > 0.5 * lastPolishStep)) {
        theta.set(trialTheta);
        reason = 'objective';
        break;
      }
      // The trial's equilibrium starts from the step QP's active set.
      seedEquilibriumWarmStart(solver, tier);
      const trialValue = objective(solver, trialTheta, solver.bestQ, solver.trialLoadResidual);
      const ratio = (value - trialValue) / predicted;
      // A polish step may not raise V beyond the rounding either.
      const polished = polishing && trialValue <= value + options.objectiveTolerance * (1 + Math.abs(value));
      if (polished) {
        polishSteps++;
        lastPolishStep = largest;
      }
      if (Number.isFinite(trialValue) && (ratio >= ACCEPT_RATIO || polished)) {
        // Accepted steps that each gain less than the QPs' rounding: V has stopped falling.
        smallDecreases = value - trialValue <= STALL_FACTOR * options.objectiveTolerance * (1 + Math.abs(value)) ? smallDecreases + 1 : 0;
        theta.set(trialTheta);
        solver.bestQ.set(solver.q);
        solver.loadResidual.set(solver.trialLoadResidual);
        solver.lastStep.set(step.subarray(0, nDirection));
        solver.hasLastStep = true;
        value = trialValue;
        if (ratio >= GOOD_RATIO && largest >= 0.99 * radius) radius = Math.min(2 * radius, options.maxStepRad);
        else if (ratio < POOR_RATIO) radius = 0.5 * largest;
        accepted = true;
        break;
      }
      radius = 0.25 * largest;
      if (radius <= options.stepTolerance) {
        reason = 'step';
        break;
      }
    }
    if (!accepted) break;
    if (smallDecreases >= 3) {
      reason = 'objective';
      break;
    }
  }
  return { iterations, stoppingReason: reason, gradientNorm, value };
}

/**
 * The objective V at posture variables `theta` [9] (POSTURE_VARIABLES order), with the
 * scenario's limits already set on the solver (solveStandingPosture does it; call
 * setPostureLimits otherwise): solves the chain and the equilibrium QP with exactly priced
 * reserves. +Infinity when the legs cannot reach the feet. For checks of the search;
 * allocates nothing.
 */
export function postureObjective(solver: StandingPostureSolver, theta: Float64Array): number {
  const value = objective(solver, theta, solver.bestQ, solver.trialLoadResidual);
  if (Number.isFinite(value)) solver.bestQ.set(solver.q);
  return value;
}

/**
 * dV/dtheta [9] at `theta` by the envelope theorem (the equilibrium solution and its
 * multipliers held fixed; finite differences of the constraints along each variable, the
 * chain kept closed); false if the chain fails. Where V has a kink (a muscle switching on,
 * a multiplier that is not unique) this is one of its one-sided derivatives.
 */
export function postureGradient(solver: StandingPostureSolver, theta: Float64Array, out: Float64Array): boolean {
  const symmetric = solver.symmetric;
  setDirections(solver, false);
  setResidualLayout(solver);
  let ok = Number.isFinite(postureObjective(solver, theta));
  if (ok) {
    solver.theta.set(theta);
    ok = linearise(solver, solver.equilibrium.result.reserveTier);
    if (ok) envelopeGradient(solver, out);
  }
  setDirections(solver, symmetric);
  return ok;
}

/** Sets a scenario's limits (foot loading, force caps, resting tone) on the solver without solving. */
export function setPostureLimits(solver: StandingPostureSolver, scenario: Scenario): void {
  setStandingLimits(solver.equilibrium, solver.model, scenario);
  refreshLoadScales(solver);
  setResidualLayout(solver);
  setCapPattern(solver);
}

// ---------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------

/** True when the equilibrium's limit rows are those the start's warm start was made for. */
function sameLimitRows(solver: StandingPostureSolver): boolean {
  const eq = solver.equilibrium;
  const start = solver.start;
  if (start.limitRows !== eq.nLimitRow) return false;
  for (let row = 0; row < eq.nLimitRow; row++) {
    if (start.limitKind[row] !== eq.limitKind[row] || start.limitSubject[row] !== eq.limitSubject[row]) return false;
  }
  return true;
}

/**
 * Finds the standing posture of `scenario` (whose spec compiles to solver.model, or pass
 * its compiled model through useModel first). The scenario is not modified.
 */
export function solveStandingPosture(solver: StandingPostureSolver, scenario: Scenario, options: { readonly coldStart?: boolean } = {}): StandingPostureResult {
  const { model } = solver;
  const eq = solver.equilibrium;
  setPostureLimits(solver, scenario);
  solver.evaluations = 0;
  solver.gradientEvaluations = 0;
  solver.qpIterations = 0;
  const cold = options.coldStart === true || !solver.hasPrevious;
  if (cold) {
    solver.bestQ.set(model.coordinateDefault);
    for (let k = 0; k < NVAR; k++) solver.theta[k] = model.coordinateDefault[solver.variableCoordinate[k]];
    resetStandingWarmStart(eq);
  } else if (sameLimitRows(solver)) {
    copyStandingWarmStart(solver.start.equilibrium, eq.warmStart);
  } else {
    resetStandingWarmStart(eq);
  }
  // The tissue parameters may have been edited in place since the last solve: check them now.
  solver.modelSymmetric = solver.tissueMirror !== null && mirrorTissueParameters(model, solver.tissueMirror);
  solver.symmetric = solver.modelSymmetric && isMirrorSymmetricScenario(scenario);
  setDirections(solver, solver.symmetric);
  // A symmetric problem: the equilibrium QPs are solved mirror-reduced (half the size, the same solution).
  setStandingMirror(eq, solver.symmetric ? solver.coordinatePartner : null, solver.coordinateSign);
  if (solver.symmetric) symmetrize(solver.theta);
  solver.curvature.fill(0);
  solver.hasLastStep = false;
  solver.stepInput.correctionFactor = null;
  const outcome = search(solver);
  // Final solve at the solution with the reserves fixed at 0 unless no muscle and floor
  // forces can hold the pose; it starts from the search's active set.
  const stride = eq.warmStart.activeSet.length / 3;
  if (eq.warmStart.valid[ReserveTier.joints] === 1) {
    eq.warmStart.activeSet.copyWithin(ReserveTier.none * stride, ReserveTier.joints * stride, (ReserveTier.joints + 1) * stride);
    eq.warmStart.valid[ReserveTier.none] = 1;
  }
  if (!poseOf(solver, solver.theta, solver.bestQ)) {
    throw new KinechainError('DID_NOT_CONVERGE', 'standing posture: the closed chain failed at the solution');
  }
  solver.bestQ.set(solver.q);
  const final = solveStandingEquilibriumWithCurrentKinematics(eq, model, solver.data, FALLBACK_RESERVES);
  solver.qpIterations += final.qpIterations;
  // V at the solution itself (the search may end with a step it did not evaluate).
  outcome.value = final.objective + loadResiduals(solver, solver.trialLoadResidual);
  // Where the next warm solve starts.
  solver.hasPrevious = true;
  const start = solver.start;
  copyStandingWarmStart(eq.warmStart, start.equilibrium);
  start.limitRows = eq.nLimitRow;
  start.limitKind.set(eq.limitKind);
  start.limitSubject.set(eq.limitSubject);
  start.theta.set(solver.theta);
  start.q.set(solver.bestQ);
  return buildResult(solver, outcome);
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

