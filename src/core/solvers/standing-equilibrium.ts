/**
 * Standing equilibrium: the muscle activations and floor contact forces that hold a given
 * pose with both feet on a flat floor, sharing the load by least muscular effort.
 *
 * Unknowns x = [a (muscles) | c (friction-pyramid edge coefficients of every contact
 * point, foot-support.ts) | t (lock reactions of the locked coordinates) | s (slacks of
 * the limit rows) | e (excesses of the force caps, one per limit row) | u+ | u- (the two
 * parts of the reserves, one each per coordinate)].
 * Equality, for EVERY coordinate j, root (pelvis) coordinates included:
 *
 *   G_j(q) = tau_passive,j(q) + sum_m r_jm (k_m a_m) + sum_{p,k} (J_p^T d_k)_j c_pk + t_j + u_j
 *
 * G(q): generalised gravity (gravity-force.ts), the generalised force that holds the pose.
 * tau_passive: every passive tissue that acts on the skeleton (ligament, fascia: the
 * passive law at the pose) plus the muscles' passive fibre force p_m, with r = -dL/dq the
 * moment arms. A muscle's force is k_m a_m + p_m (rigid tendon, zero velocity: k_m is the
 * active fibre force along the tendon at a = 1, exactly as static-optimization.ts).
 * Contact: c_pk >= 0 on the pyramid edges d_k = n + mu t_k (the floor only pushes, friction
 * inside the linearised cone). The root equations are the whole body's force and moment
 * balance, so c >= 0 keeps the centre of mass over the base of support.
 *
 * Locked coordinates (option lockedCoordinates): joints an analysis holds at a fixed angle
 * by its own kinematic constraint, e.g. the midtarsal and metatarsophalangeal joints of a
 * foot standing flat, whose angles the floor contact fixes. Their equation is met by the
 * lock's reaction t_j (what the joint's passive structures carry when the joint cannot
 * move: for the foot, the plantar ligaments and the plantar aponeurosis acting as the
 * arch's tie; in relaxed standing the arch is held by them, not by muscle: Basmajian &
 * Stecko 1963, J Bone Joint Surg Am 45:1184). t is free in sign and nearly free of cost.
 * Other coordinates carry no such term.
 *
 * Reserves u (one per coordinate; none on a locked coordinate, whose lock carries it) are
 * generalised forces that no modelled structure supplies (the "reserve actuators" of
 * OpenSim practice, which should be small next to the net joint moments: Hicks et al.
 * 2015, J Biomech Eng 137:020905). They are used only where nothing else can hold the
 * pose, in tiers (ReserveTier):
 *   none    every reserve fixed at 0: the exact model;
 *   joints  reserves on the joint coordinates, none on the root (the pelvis's free joint):
 *           internal moments that no muscle can make (e.g. a joint no muscle of the
 *           catalogue can turn one way), while the floor alone still balances the whole
 *           body, so it carries exactly the body weight;
 *   all     reserves on the root as well (the centre of mass outside the feet, or more
 *           friction than the floor has): external "residual" forces.
 * 'fallback' solves (the default) try the tiers in this order and stop at the first
 * feasible one; the status is 'optimal' for the first, 'needs-reserves' for the others,
 * and result.reserveForce shows where and how much. 'exact-penalty' and 'penalty' solves
 * (for a posture search, which must be able to price any pose) start at 'joints'.
 * A reserve is the difference of two non-negative parts u = u+ - u-, priced
 *   RESERVE_PRICE (u+ + u-) + RESERVE_QUADRATIC_PRICE (u+^2 + u-^2)
 * The linear part makes the price exact (an l1 exact penalty): whenever muscles, floor and
 * locks can hold the pose at a marginal effort below RESERVE_PRICE per N m (N), every
 * reserve is exactly 0 even when it is free, so a posture search that prices reserves
 * finds the postures the exact model holds and stops on their boundary, not beyond it.
 * The quadratic part keeps the QP strictly convex and its costs within about 1e9 of each
 * other (a much larger reserve price makes the reserve columns vanish numerically next to
 * the cheap contact columns: the Schur complement of the QP then loses its digits).
 * 'penalty' solves price the reserves RESERVE_COST u^2 instead (no linear part): smooth in
 * the pose, not exact (see RESERVE_COST).
 *
 * Objective (the QP's 1/2 x'Hx + g'x):
 *   sum_m a_m^2 + w_c [ sum_{p,k} (c_pk / W)^2 + sum_s (s / W)^2 + sum_j (t_j / (W LOCK_LEVER_M))^2 ]
 *   + sum_caps (CAP_EXCESS_LINEAR_PRICE e + CAP_EXCESS_PRICE e^2)
 *   [+ sum_j RESERVE_PRICE (u+_j + u-_j) + RESERVE_QUADRATIC_PRICE (u+_j^2 + u-_j^2)]
 * with W the body weight. sum a^2 is the muscular effort (Crowninshield & Brand 1981, J Biomech 14:793). The
 * contact forces do not enter the effort, so many distributions over the contact points
 * give the same activations; the small weight w_c (default 1e-3: a point carrying a tenth
 * of the body weight costs 1e-5, against efforts of order 1e-2) picks the most even of
 * them, which makes the solution unique; lock reactions and load-limit slacks share it.
 *
 * Limits (setStandingLimits, from a scenario):
 * - resting activation (scenario.restingActivation): a_m >= a_rest (tone acts, the
 *   optimiser may add to it);
 * - pain-limited force (scenario.tissueForceLimitN) of a muscle (k a + p <= L) or of a
 *   series tendon (e.g. achilles_tendon_r: the sum of its muscles' forces,
 *   sum_m (k_m a_m + p_m) <= L): a row sum k a + s - e = L - sum p with a slack s >= 0
 *   and an excess e >= 0, priced exactly (see CAP_EXCESS_PRICE). When the passive forces (with the
 *   muscles at their resting activation) alone exceed the cap, no activation can meet it
 *   (a posture change can): the row then holds the muscles at rest, e is the excess
 *   (reported as limitExcessN), and its price is what a posture search acts on; otherwise
 *   e = 0. (The excess variable keeps the row feasible, and linear in the pose, wherever
 *   the pose goes.) The cap of a passive tissue (ligament, fascia) cannot be met by the
 *   muscles at all (its force is fixed by the pose): its excess is only reported
 *   (passiveLimitExcessN);
 * - foot loading (scenario.footLoading): the normal load of a foot <= fraction * W, and the
 *   heel's share of a foot's load <= fraction (rows with slacks; a fraction of 1 adds no row).
 *
 * Scaling: each row of A x = b is divided by sqrt(sum_i A_ki^2 / h_ii) before the solve
 * (equilibrateRows), so the Schur complement of the QP has a unit diagonal; contact and
 * muscle columns differ by many orders of magnitude and would otherwise cost the Cholesky
 * factor most of its digits.
 *
 * Method: the dual active-set bounded QP of core/math/bounded-qp.ts (exact, warm-started
 * from the last active set of the same tier unless told otherwise). The solver holds every
 * buffer (made once by makeStandingEquilibrium); a solve allocates nothing.
 *
 * Sensitivities (for a posture search): standingResidual gives A(q) x - b(q) for a fixed x
 * at the current force evaluation, so its finite differences over the pose are the columns
 * of the linearised constraints; standingLagrangian gives -lambda'(A(q) x* - b(q)), whose
 * derivative is that of the optimal value (the envelope theorem).
 */
import { KinechainError, requireFinite } from '../errors.js';
import { LawType, type SkeletonData, type SkeletonModel, type TissueData, type TissueModel } from '../model/model.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from '../paths/path-length.js';
import { momentArms } from '../paths/moment-arm.js';
import { generalizedGravityWithCurrentKinematics } from '../dynamics/gravity-force.js';
import { makeMuscleParameters, makeMuscleState, readMuscleParameters, rigidTendonMuscle } from '../tissues/hill-muscle.js';
import { passiveTissueForce } from '../tissues/passive-law.js';
import {
  checkFootLoadingLimits,
  contactForcesFromEdges,
  FootRegionCode,
  FootSideCode,
  PYRAMID_EDGES,
  updateFootSupport,
  type FootLoadingLimits,
  type FootSupport,
} from '../contact/foot-support.js';
import {
  expandMultipliers,
  expandStates,
  expandVariables,
  makeMirrorReduction,
  reduceQp,
  reduceStates,
  setMirrorMaps,
  type MirrorReduction,
} from './mirror-reduction.js';
import {
  equilibrateRows,
  makeBoundedQpWorkspace,
  solveBoundedQp,
  type BoundedQpOptions,
  type BoundedQpResult,
  type BoundedQpProblem,
  type BoundedQpStatus,
  type BoundedQpWorkspace,
} from '../math/bounded-qp.js';

type EquilibriumModel = SkeletonModel & TissueModel;
type EquilibriumData = SkeletonData & TissueData;

/**
 * Linear price of a reserve, per N m (or N): an l1 exact penalty (see the file comment).
 * A reserve of 1 N m costs what one muscle at full activation costs; the marginal effort of
 * holding a standing pose is of order 1e-3..1e-1 per N m, well below it.
 */
export const RESERVE_PRICE = 1;
/** Quadratic price of a reserve, per (N m)^2 (or N^2): that of an activation. */
export const RESERVE_QUADRATIC_PRICE = 1;
/**
 * Price of a reserve in 'penalty' solves, per (N m)^2 (or N^2), with no linear part: the
 * optimal value is then a smooth function of the pose (every coordinate row keeps a free
 * variable, so the dual is unique), at the cost of tiny reserves (about lambda / (2 price))
 * wherever the pose is held at a positive marginal effort.
 */
export const RESERVE_COST = 1e4;
/**
 * Price of the excess e of a force cap that no activation can meet at the pose:
 * CAP_EXCESS_LINEAR_PRICE e + CAP_EXCESS_PRICE e^2 (e in N). The linear part makes it exact,
 * as the reserves' price: e = 0 wherever the muscles can meet the cap at a marginal effort
 * below 1 per N, and a posture search moves the pose until the cap is met wherever a change
 * of posture can meet it at that price (an excess of 1 N costs what a muscle at full
 * activation costs, about 30 times the effort of quiet standing). The quadratic part keeps
 * the QP strictly convex with costs within about 1e9 of each other (see the reserves).
 */
export const CAP_EXCESS_PRICE = 1;
export const CAP_EXCESS_LINEAR_PRICE = 1;
/** Which reserves may act (see the file comment). */
export const ReserveTier = { none: 0, joints: 1, all: 2 } as const;
export type ReserveTierCode = (typeof ReserveTier)[keyof typeof ReserveTier];
const TIER_COUNT = 3;
/** Default weight of the contact regularisation (see the file comment). */
export const DEFAULT_CONTACT_WEIGHT = 1e-3;
/** Lever (m) that turns a lock reaction into a force for its regularisation: t / (W LOCK_LEVER_M). */
export const LOCK_LEVER_M = 0.1;

/** Kinds of load-limit rows. */
export const LimitKind = { footLoad: 0, heelShare: 1, forceCap: 2 } as const;

export interface StandingEquilibriumOptions {
  /** Weight w_c of the contact, lock and slack regularisation (default 1e-3, > 0). */
  readonly contactWeight?: number;
  /** Coordinates held by a lock whose reaction meets their equation (default none). */
  readonly lockedCoordinates?: readonly string[];
}

/** The limits of a scenario the equilibrium obeys (a Scenario has these fields). */
export interface StandingLimits {
  readonly footLoading: FootLoadingLimits;
  /** Pain-limited force (N) by tissue name. */
  readonly tissueForceLimitN: Readonly<Record<string, number>>;
  /** Resting activation in [0, 1] by muscle name. */
  readonly restingActivation: Readonly<Record<string, number>>;
}

/**
 * 'optimal': muscles, contact and locks hold the pose (every reserve exactly 0);
 * 'needs-reserves': reserves carry what they cannot (see reserveForce); 'max-iterations' /
 * 'infeasible': the QP failed.
 */
export type StandingEquilibriumStatus = 'optimal' | 'needs-reserves' | BoundedQpStatus;

export interface StandingEquilibriumResult {
  status: StandingEquilibriumStatus;
  /** [nMuscle] activation and tension (N) of each muscle (order of solver.muscleTissue). */
  readonly activation: Float64Array;
  readonly muscleForce: Float64Array;
  /** [npoint*PYRAMID_EDGES] edge coefficients; [npoint*3] contact forces in ground (N). */
  readonly contactEdge: Float64Array;
  readonly contactForce: Float64Array;
  /** [nq] lock reactions (0 on coordinates that are not locked), N m or N. */
  readonly lockForce: Float64Array;
  /** [nq] reserve generalised forces u+ - u- (0 unless status is 'needs-reserves'). */
  readonly reserveForce: Float64Array;
  /** The reserve tier of the solution (ReserveTier). */
  reserveTier: ReserveTierCode;
  /** max_j |reserveForce_j|. */
  maxReserve: number;
  /** [nq] G - (tissue + contact + lock + reserve generalised forces) at the solution (N m or N). */
  readonly equilibriumResidual: Float64Array;
  /** max_j |equilibriumResidual_j|. */
  maxEquilibriumResidual: number;
  /** sum a^2 (muscular effort). */
  effort: number;
  /** The QP objective: effort + contact regularisation (+ reserve price). */
  objective: number;
  /** [2] normal load of the right and left foot (N); [2] of their heels. */
  readonly footLoadN: Float64Array;
  readonly heelLoadN: Float64Array;
  /** [nPassiveLimit] force above the limit of each limited passive tissue (N, 0 if within). */
  readonly passiveLimitExcessN: Float64Array;
  /** [maxLimitRows] force above the cap of each limit row that no activation can remove (N; force caps only). */
  readonly limitExcessN: Float64Array;
  /** Force caps not met at this pose (limitExcessN or passiveLimitExcessN > 0). */
  unreachableLimits: number;
  qpIterations: number;
  qpSolves: number;
}

export interface StandingEquilibriumSolver {
  readonly nq: number;
  readonly ntissue: number;
  readonly support: FootSupport;
  /** Body weight W = total mass * |g| (N). */
  readonly bodyWeightN: number;
  readonly contactWeight: number;
  /** [nMuscle] tissue index of each muscle acting on the skeleton. */
  readonly muscleTissue: Int32Array;
  /** [ntissue] position of a tissue in muscleTissue, -1 for other tissues. */
  readonly musclePosition: Int32Array;
  readonly nMuscle: number;
  readonly nEdge: number;
  /** [nLock] locked coordinates. */
  readonly lockCoordinate: Int32Array;
  readonly nLock: number;
  /** [nq] 1 for a locked coordinate; 1 for a root coordinate (of a joint to ground). */
  readonly lockedCoordinate: Uint8Array;
  readonly rootCoordinate: Uint8Array;
  /** Largest number of limit rows: 2 feet + 2 heels + a cap on every muscle and series tendon. */
  readonly maxLimitRows: number;
  // ---- limits (setStandingLimits) ----
  /** [nMuscle] activation lower bound (resting activation). */
  readonly restingActivation: Float64Array;
  /** Limit rows in use, and per row: LimitKind, side code or tissue index, fraction or limit (N). */
  nLimitRow: number;
  readonly limitKind: Int8Array;
  readonly limitSubject: Int32Array;
  readonly limitValue: Float64Array;
  /** Limited passive tissues (indices) and their limits (N). */
  readonly passiveLimitTissue: Int32Array;
  readonly passiveLimitN: Float64Array;
  nPassiveLimit: number;
  // ---- per-solve state ----
  /** [nMuscle] k (N) and p (N) at the last evaluation. */
  readonly muscleCapacity: Float64Array;
  readonly musclePassive: Float64Array;
  /** [nq] G(q) and the passive generalised force at the last evaluation. */
  readonly gravityForce: Float64Array;
  readonly passiveGeneralizedForce: Float64Array;
  readonly problem: BoundedQpProblem;
  readonly qp: BoundedQpWorkspace;
  /** Copies of the last solution for sensitivities: x [n], lambda [m] (of the unscaled rows), nu [n], bound states [n]. */
  readonly lastSolution: Float64Array;
  readonly lastEqualityMultiplier: Float64Array;
  readonly lastBoundMultiplier: Float64Array;
  readonly lastActiveSet: Int8Array;
  /** [nq + maxLimitRows] scratch of lagrangian evaluations. */
  readonly rowScratch: Float64Array;
  /** [nq + maxLimitRows] scale applied to each row of A x = b (equilibrateRows). */
  readonly rowScale: Float64Array;
  readonly muscleParameters: ReturnType<typeof makeMuscleParameters>;
  readonly muscleState: ReturnType<typeof makeMuscleState>;
  readonly result: StandingEquilibriumResult;
  /** Where each solve starts: the last optimal active set of each reserve tier. */
  readonly warmStart: StandingWarmStart;
  // ---- mirror reduction (setStandingMirror) ----
  /** True while solves use the mirror-reduced QP (a mirror-symmetric body and limits). */
  mirrorEnabled: boolean;
  /** [nq] mirror partner and sign of each coordinate (set by setStandingMirror). */
  readonly coordinatePartner: Int32Array;
  readonly coordinateSign: Int8Array;
  /** [nMuscle] mirror partner of each muscle; [ntissue] of each tissue; [npoint] of each contact point (-1 if none). */
  readonly musclePartner: Int32Array;
  readonly tissuePartner: Int32Array;
  readonly pointPartner: Int32Array;
  /** Maps of the current layout [maxVariables], [maxRows], and the reduction with its QP. */
  readonly variablePartner: Int32Array;
  readonly rowPartner: Int32Array;
  readonly rowSign: Int8Array;
  readonly mirror: MirrorReduction;
  readonly reducedProblem: BoundedQpProblem;
  readonly reducedQp: BoundedQpWorkspace;
  readonly reducedRowScale: Float64Array;
  /** [maxRows] multipliers of the reduced rows, unscaled; [maxVariables] reduced active set scratch. */
  readonly reducedMultiplier: Float64Array;
}

/**
 * Warm-start state of the equilibrium QP: per reserve tier, the active set [maxVariables]
 * of its last optimal solve and whether it is valid for the current limit rows. A caller
 * that needs a solve to depend on its inputs alone (not on the solves before it) saves
 * and restores it (copyStandingWarmStart) or clears it (resetStandingWarmStart).
 */
export interface StandingWarmStart {
  /** [TIER_COUNT * maxVariables] active sets, tier by tier. */
  readonly activeSet: Int8Array;
  /** [TIER_COUNT] 1 when the tier's active set is valid. */
  readonly valid: Uint8Array;
}

const WARM_START: BoundedQpOptions = Object.freeze({ warmStart: true });
const COLD_START: BoundedQpOptions = Object.freeze({ warmStart: false });
/** Options of a QP solve with an iteration limit (module scratch: one object, reused). */
const limitedStart = { warmStart: true, maxIterations: 0 };

/** Builds the solver for `model` with contact `support` (made for the same model); no limits set. */
export function makeStandingEquilibrium(
  model: EquilibriumModel,
  support: FootSupport,
  options: StandingEquilibriumOptions = {},
): StandingEquilibriumSolver {
  const nq = model.nq;
  if (support.nq !== nq) {
    throw new KinechainError('MALFORMED_INPUT', `foot support was made for ${support.nq} coordinates; the model has ${nq}`);
  }
  const contactWeight = requireFinite(options.contactWeight ?? DEFAULT_CONTACT_WEIGHT, 'contactWeight');
  if (!(contactWeight > 0)) throw new KinechainError('OUT_OF_RANGE', `contactWeight must be > 0, got ${contactWeight}`);
  const gravity = Math.hypot(model.gravity[0], model.gravity[1], model.gravity[2]);
  const bodyWeightN = model.totalMass * gravity;
  if (!(bodyWeightN > 0)) {
    throw new KinechainError('INVALID_SPEC', `model "${model.name}" has no weight (mass ${model.totalMass} kg, gravity ${gravity} m/s^2)`);
  }
  const muscles: number[] = [];
  const musclePosition = new Int32Array(model.ntissue).fill(-1);
  let seriesTendons = 0;
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueLaw[tissue] === LawType.muscle && model.tissueActsOnSkeleton[tissue] === 1) {
      musclePosition[tissue] = muscles.length;
      muscles.push(tissue);
    }
    if (model.tissueSeriesNum[tissue] > 0) seriesTendons++;
  }
  const locked: number[] = [];
  for (const name of options.lockedCoordinates ?? []) {
    const j = model.coordinateIndex.get(name);
    if (j === undefined) {
      throw new KinechainError('UNKNOWN_NAME', `lockedCoordinates: no coordinate named "${name}" in model "${model.name}"`, { coordinate: name });
    }
    if (locked.includes(j)) throw new KinechainError('INVALID_SPEC', `lockedCoordinates names "${name}" twice`, { coordinate: name });
    locked.push(j);
  }
  const nMuscle = muscles.length;
  const nEdge = support.npoint * PYRAMID_EDGES;
  const nLock = locked.length;
  const maxLimitRows = 4 + nMuscle + seriesTendons;
  const maxVariables = nMuscle + nEdge + nLock + 2 * maxLimitRows + 2 * nq;
  const maxRows = nq + maxLimitRows;
  const lockedCoordinate = new Uint8Array(nq);
  for (const j of locked) lockedCoordinate[j] = 1;
  const rootCoordinate = new Uint8Array(nq);
  for (let body = 1; body < model.nbody; body++) {
    if (model.bodyParent[body] !== 0) continue;
    const first = model.jointCoordAdr[body];
    for (let j = first; j < first + model.jointCoordNum[body]; j++) rootCoordinate[j] = 1;
  }
  const problem: BoundedQpProblem = {
    n: nMuscle + nEdge + nLock + 2 * nq,
    m: nq,
    hessianKind: 'diagonal',
    hessian: new Float64Array(maxVariables),
    gradient: new Float64Array(maxVariables),
    equalityMatrix: new Float64Array(maxRows * maxVariables),
    equalityTarget: new Float64Array(maxRows),
    lower: new Float64Array(maxVariables),
    upper: new Float64Array(maxVariables),
  };
  const vector = (size: number): Float64Array => new Float64Array(size);
  return {
    nq,
    ntissue: model.ntissue,
    support,
    bodyWeightN,
    contactWeight,
    muscleTissue: Int32Array.from(muscles),
    musclePosition,
    nMuscle,
    nEdge,
    lockCoordinate: Int32Array.from(locked),
    nLock,
    lockedCoordinate,
    rootCoordinate,
    maxLimitRows,
    restingActivation: vector(nMuscle),
    nLimitRow: 0,
    limitKind: new Int8Array(maxLimitRows),
    limitSubject: new Int32Array(maxLimitRows),
    limitValue: vector(maxLimitRows),
    passiveLimitTissue: new Int32Array(model.ntissue),
    passiveLimitN: vector(model.ntissue),
    nPassiveLimit: 0,
    muscleCapacity: vector(nMuscle),
    musclePassive: vector(nMuscle),
    gravityForce: vector(nq),
    passiveGeneralizedForce: vector(nq),
    problem,
    qp: makeBoundedQpWorkspace(maxVariables, maxRows, { denseHessian: false }),
    lastSolution: vector(maxVariables),
    lastEqualityMultiplier: vector(maxRows),
    lastBoundMultiplier: vector(maxVariables),
    lastActiveSet: new Int8Array(maxVariables),
    rowScratch: vector(maxRows),
    rowScale: vector(maxRows),
    muscleParameters: makeMuscleParameters(),
    muscleState: makeMuscleState(),
    result: {
      status: 'optimal',
      activation: vector(nMuscle),
      muscleForce: vector(nMuscle),
      contactEdge: vector(nEdge),
      contactForce: vector(support.npoint * 3),
      lockForce: vector(nq),
      reserveForce: vector(nq),
      reserveTier: ReserveTier.none,
      maxReserve: 0,
      equilibriumResidual: vector(nq),
      maxEquilibriumResidual: 0,
      effort: 0,
      objective: 0,
      footLoadN: vector(2),
      heelLoadN: vector(2),
      passiveLimitExcessN: vector(model.ntissue),
      limitExcessN: vector(maxLimitRows),
      unreachableLimits: 0,
      qpIterations: 0,
      qpSolves: 0,
    },
    warmStart: { activeSet: new Int8Array(TIER_COUNT * maxVariables), valid: new Uint8Array(TIER_COUNT) },
    mirrorEnabled: false,
    coordinatePartner: new Int32Array(nq),
    coordinateSign: new Int8Array(nq),
    musclePartner: Int32Array.from(muscles, (tissue) => {
      const partner = model.tissueIndex.get(mirrorName(model.tissueName[tissue]));
      return partner === undefined ? -1 : musclePosition[partner];
    }),
    tissuePartner: Int32Array.from(model.tissueName, (name) => model.tissueIndex.get(mirrorName(name)) ?? -1),
    pointPartner: Int32Array.from(support.pointName, (name) => support.pointName.indexOf(mirrorName(name))),
    variablePartner: new Int32Array(maxVariables),
    rowPartner: new Int32Array(maxRows),
    rowSign: new Int8Array(maxRows),
    mirror: makeMirrorReduction(maxVariables, maxRows),
    reducedProblem: {
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
    reducedQp: makeBoundedQpWorkspace(maxVariables, maxRows, { denseHessian: false }),
    reducedRowScale: vector(maxRows),
    reducedMultiplier: vector(maxRows),
  };
}

/** The mirror image of a name: "_r" <-> "_l" at its end; other names are their own image. */
function mirrorName(name: string): string {
  if (name.endsWith('_r')) return `${name.slice(0, -2)}_l`;
  if (name.endsWith('_l')) return `${name.slice(0, -2)}_r`;
  return name;
}

/**
 * Makes the solves use the mirror-reduced QP (mirror-reduction.ts): half the variables and
 * rows, the same solution, for a body and limits that are their own mirror image (the
 * caller checks that; the reduction is exact only then). coordinatePartner [nq] gives the
 * mirror partner of each coordinate and coordinateSign [nq] its sign (-1 for a coordinate
 * that changes sign in the mirror, e.g. a pelvis list); muscles and contact points pair by
 * their "_r"/"_l" names. null disables the reduction. A solve whose layout has no mirror
 * (a limit on one side only) is solved in full.
 */
export function setStandingMirror(
  solver: StandingEquilibriumSolver,
  coordinatePartner: ArrayLike<number> | null,
  coordinateSign?: ArrayLike<number>,
): void {
  if (coordinatePartner === null) {
    solver.mirrorEnabled = false;
    return;
  }
  for (let j = 0; j < solver.nq; j++) {
    solver.coordinatePartner[j] = coordinatePartner[j];
    solver.coordinateSign[j] = coordinateSign === undefined ? 1 : coordinateSign[j];
  }
  solver.mirrorEnabled = true;
}

/** Partner and sign maps of the current layout (variables and rows); false when some part has no mirror. */
function layoutMirror(solver: StandingEquilibriumSolver): boolean {
  const nq = solver.nq;
  const problem = solver.problem;
  const partner = solver.variablePartner;
  for (let index = 0; index < solver.nMuscle; index++) {
    if (solver.musclePartner[index] < 0) return false;
    partner[index] = solver.musclePartner[index];
  }
  const firstEdge = edgeOffset(solver);
  // Pyramid edges +X, -X, +Z, -Z: the mirror (z -> -z) swaps the last two.
  const edgeMirror = [0, 1, 3, 2];
  for (let p = 0; p < solver.support.npoint; p++) {
    const other = solver.pointPartner[p];
    if (other < 0) return false;
    for (let k = 0; k < PYRAMID_EDGES; k++) partner[firstEdge + PYRAMID_EDGES * p + k] = firstEdge + PYRAMID_EDGES * other + edgeMirror[k];
  }
  const firstLock = lockOffset(solver);
  for (let k = 0; k < solver.nLock; k++) {
    const other = solver.lockCoordinate.indexOf(solver.coordinatePartner[solver.lockCoordinate[k]]);
    if (other < 0 || solver.coordinateSign[solver.lockCoordinate[k]] !== 1) return false;
    partner[firstLock + k] = firstLock + other;
  }
  const firstSlack = slackOffset(solver);
  const firstExcess = excessOffset(solver);
  for (let row = 0; row < solver.nLimitRow; row++) {
    const kind = solver.limitKind[row];
    const subject = solver.limitSubject[row];
    let mirrored = -1;
    if (kind === LimitKind.forceCap) {
      const tissue = solver.tissuePartner[subject];
      for (let other = 0; other < solver.nLimitRow && mirrored < 0; other++) {
        if (solver.limitKind[other] === kind && solver.limitSubject[other] === tissue) mirrored = other;
      }
    } else {
      for (let other = 0; other < solver.nLimitRow && mirrored < 0; other++) {
        if (solver.limitKind[other] === kind && solver.limitSubject[other] === 1 - subject) mirrored = other;
      }
    }
    if (mirrored < 0 || solver.limitValue[mirrored] !== solver.limitValue[row]) return false;
    partner[firstSlack + row] = firstSlack + mirrored;
    partner[firstExcess + row] = firstExcess + mirrored;
    solver.rowPartner[nq + row] = nq + mirrored;
    solver.rowSign[nq + row] = 1;
  }
  const firstReserve = reserveOffset(solver);
  for (let j = 0; j < nq; j++) {
    const other = solver.coordinatePartner[j];
    const sign = solver.coordinateSign[j];
    solver.rowPartner[j] = other;
    solver.rowSign[j] = sign;
    // u = u+ - u-: a coordinate that changes sign swaps the parts.
    partner[firstReserve + j] = firstReserve + (sign === 1 ? 0 : nq) + other;
    partner[firstReserve + nq + j] = firstReserve + (sign === 1 ? nq : 0) + other;
  }
  setMirrorMaps(solver.mirror, problem.n, problem.m, partner, solver.rowPartner, solver.rowSign);
  return true;
}

/** A buffer for copyStandingWarmStart of `solver`'s warm-start state. */
export function makeStandingWarmStart(solver: StandingEquilibriumSolver): StandingWarmStart {
  return { activeSet: new Int8Array(solver.warmStart.activeSet.length), valid: new Uint8Array(TIER_COUNT) };
}

/** Copies a warm-start state (e.g. the solver's into a saved one, or back). */
export function copyStandingWarmStart(from: StandingWarmStart, to: StandingWarmStart): void {
  to.activeSet.set(from.activeSet);
  to.valid.set(from.valid);
}

/** Forgets every warm start: the next solves start cold (a solve then depends on its inputs alone). */
export function resetStandingWarmStart(solver: StandingEquilibriumSolver): void {
  solver.warmStart.valid.fill(0);
}

/** Variable offsets of the current layout. */
function edgeOffset(solver: StandingEquilibriumSolver): number {
  return solver.nMuscle;
}
function lockOffset(solver: StandingEquilibriumSolver): number {
  return solver.nMuscle + solver.nEdge;
}
function slackOffset(solver: StandingEquilibriumSolver): number {
  return solver.nMuscle + solver.nEdge + solver.nLock;
}
function excessOffset(solver: StandingEquilibriumSolver): number {
  return solver.nMuscle + solver.nEdge + solver.nLock + solver.nLimitRow;
}
function reserveOffset(solver: StandingEquilibriumSolver): number {
  return solver.nMuscle + solver.nEdge + solver.nLock + 2 * solver.nLimitRow;
}

/** First variable of the reserves' positive parts u+ (the negative parts u- follow, nq each). */
export function standingReserveOffset(solver: StandingEquilibriumSolver): number {
  return reserveOffset(solver);
}

/**
 * Sets the limits of a scenario (checked: unknown names, NaN, out-of-range values throw
 * KinechainError). Call once per scenario; it resets the warm start when the rows change.
 */
export function setStandingLimits(solver: StandingEquilibriumSolver, model: EquilibriumModel, limits: StandingLimits): void {
  checkFootLoadingLimits(limits.footLoading);
  const previousRows = solver.nLimitRow;
  const previousKinds = Array.from(solver.limitKind.subarray(0, previousRows));
  const previousSubjects = Array.from(solver.limitSubject.subarray(0, previousRows));

  solver.restingActivation.fill(0);
  for (const [name, value] of Object.entries(limits.restingActivation)) {
    const tissue = tissueByName(model, name, 'restingActivation');
    const position = solver.musclePosition[tissue];
    if (position < 0) {
      throw new KinechainError('OUT_OF_RANGE', `restingActivation names "${name}", which is not a muscle acting on the skeleton`, { tissue: name });
    }
    requireFinite(value, `restingActivation.${name}`);
    if (!(value >= 0 && value <= 1)) {
      throw new KinechainError('OUT_OF_RANGE', `restingActivation.${name} = ${value} must lie in [0, 1]`, { tissue: name, value });
    }
    solver.restingActivation[position] = value;
  }

  let rows = 0;
  const addRow = (kind: number, subject: number, value: number): void => {
    solver.limitKind[rows] = kind;
    solver.limitSubject[rows] = subject;
    solver.limitValue[rows] = value;
    rows++;
  };
  for (const side of ['r', 'l'] as const) {
    const fraction = limits.footLoading.maxFootLoadFraction[side];
    if (fraction < 1) addRow(LimitKind.footLoad, FootSideCode[side], fraction);
  }
  for (const side of ['r', 'l'] as const) {
    const fraction = limits.footLoading.maxHeelLoadFraction[side];
    if (fraction < 1) addRow(LimitKind.heelShare, FootSideCode[side], fraction);
  }
  solver.nPassiveLimit = 0;
  for (const [name, value] of Object.entries(limits.tissueForceLimitN)) {
    const tissue = tissueByName(model, name, 'tissueForceLimitN');
    requireFinite(value, `tissueForceLimitN.${name}`);
    if (!(value >= 0)) {
      throw new KinechainError('OUT_OF_RANGE', `tissueForceLimitN.${name} = ${value} N must be >= 0`, { tissue: name, value });
    }
    if (model.tissueSeriesNum[tissue] > 0 || solver.musclePosition[tissue] >= 0) {
      addRow(LimitKind.forceCap, tissue, value);
    } else {
      solver.passiveLimitTissue[solver.nPassiveLimit] = tissue;
      solver.passiveLimitN[solver.nPassiveLimit] = value;
      solver.nPassiveLimit++;
    }
  }
  solver.nLimitRow = rows;
  solver.result.limitExcessN.fill(0);
  let sameRows = rows === previousRows;
  for (let row = 0; sameRows && row < rows; row++) {
    sameRows = solver.limitKind[row] === previousKinds[row] && solver.limitSubject[row] === previousSubjects[row];
  }
  if (!sameRows) resetStandingWarmStart(solver);
  const problem = solver.problem;
  problem.n = solver.nMuscle + solver.nEdge + solver.nLock + 2 * rows + 2 * solver.nq;
  problem.m = solver.nq + rows;
}

function tissueByName(model: EquilibriumModel, name: string, what: string): number {
  const tissue = model.tissueIndex.get(name);
  if (tissue === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `${what}: no tissue named "${name}" in model "${model.name}"`, { tissue: name });
  }
  return tissue;
}

/**
 * Muscle capacities and passive forces, passive tissue tensions (into data.tissueForce),
 * G(q) and the passive generalised force at the current kinematics (forwardKinematics,
 * pathLength, momentArms done; zero velocity).
 */
export function evaluateStandingForces(solver: StandingEquilibriumSolver, model: EquilibriumModel, data: EquilibriumData): void {
  const nq = model.nq;
  generalizedGravityWithCurrentKinematics(model, data, solver.gravityForce);
  const passiveForce = solver.passiveGeneralizedForce;
  passiveForce.fill(0);
  const momentArm = data.tissueMomentArm;
  const params = solver.muscleParameters;
  const state = solver.muscleState;
  const muscles = solver.muscleTissue;
  for (let index = 0; index < muscles.length; index++) {
    const tissue = muscles[index];
    readMuscleParameters(model, tissue, params);
    rigidTendonMuscle(params, data.tissueLength[tissue], 0, 1, state);
    const capacity = state.activeFiberForce * state.cosPennation;
    const passive = state.passiveFiberForce * state.cosPennation;
    solver.muscleCapacity[index] = capacity;
    solver.musclePassive[index] = passive;
    if (passive !== 0) {
      const row = tissue * nq;
      for (let j = 0; j < nq; j++) passiveForce[j] += momentArm[row + j] * passive;
    }
  }
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueLaw[tissue] !== LawType.passive || model.tissueSeriesNum[tissue] > 0) continue;
    const tension = passiveTissueForce(
      data.tissueLength[tissue],
      0,
      model.passiveSlackLength[tissue],
      model.passiveStiffness[tissue],
      model.passiveToeStrain[tissue],
      model.passiveDamping[tissue],
    );
    data.tissueForce[tissue] = tension;
    if (tension === 0 || model.tissueActsOnSkeleton[tissue] === 0) continue;
    const row = tissue * nq;
    for (let j = 0; j < nq; j++) passiveForce[j] += momentArm[row + j] * tension;
  }
}

/**
 * The muscles a force cap on `tissue` covers: the muscle itself, or the muscles of a series
 * tendon. Calls visit(position in muscleTissue) for each.
 */
function forEachCappedMuscle(solver: StandingEquilibriumSolver, model: EquilibriumModel, tissue: number, visit: (position: number) => void): void {
  const own = solver.musclePosition[tissue];
  if (own >= 0) {
    visit(own);
    return;
  }
  const first = model.tissueSeriesAdr[tissue];
  for (let k = first; k < first + model.tissueSeriesNum[tissue]; k++) {
    const position = solver.musclePosition[model.seriesMuscle[k]];
    if (position >= 0) visit(position);
  }
}

/** Right-hand side of force-cap row `row`: L - sum p (N). */
function capTarget(solver: StandingEquilibriumSolver, model: EquilibriumModel, row: number): number {
  return solver.limitValue[row] - cappedPassive(solver, model, solver.limitSubject[row]);
}

/**
 * The excess of force-cap row `row` that no activation can remove at the current force
 * evaluation: the active force at the resting activations above L - sum p (N, >= 0).
 */
function forcedCapExcess(solver: StandingEquilibriumSolver, model: EquilibriumModel, row: number): number {
  let restingForce = 0;
  forEachCappedMuscle(solver, model, solver.limitSubject[row], (position) => {
    restingForce += solver.muscleCapacity[position] * solver.restingActivation[position];
  });
  const excess = restingForce - capTarget(solver, model, row);
  return excess > 0 ? excess : 0;
}

/**
 * Sum of the squared force-cap excesses (N^2) that no activation can remove, at the
 * current force evaluation (after evaluateStandingForces), the passive tissues above
 * their caps included.
 */
export function standingCapExcessSquared(solver: StandingEquilibriumSolver, model: EquilibriumModel, data: TissueData): number {
  let sum = 0;
  for (let row = 0; row < solver.nLimitRow; row++) {
    if (solver.limitKind[row] !== LimitKind.forceCap) continue;
    const excess = forcedCapExcess(solver, model, row);
    sum += excess * excess;
  }
  for (let k = 0; k < solver.nPassiveLimit; k++) {
    const excess = data.tissueForce[solver.passiveLimitTissue[k]] - solver.passiveLimitN[k];
    if (excess > 0) sum += excess * excess;
  }
  return sum;
}

/** Sum of the passive forces p (N) of the muscles a cap on `tissue` covers. */
function cappedPassive(solver: StandingEquilibriumSolver, model: EquilibriumModel, tissue: number): number {
  let sum = 0;
  const own = solver.musclePosition[tissue];
  if (own >= 0) return solver.musclePassive[own];
  const first = model.tissueSeriesAdr[tissue];
  for (let k = first; k < first + model.tissueSeriesNum[tissue]; k++) {
    const position = solver.musclePosition[model.seriesMuscle[k]];
    if (position >= 0) sum += solver.musclePassive[position];
  }
  return sum;
}

/**
 * Fills the QP (A, b, H, g, bounds; rows not yet scaled) at the current force evaluation
 * (evaluateStandingForces and updateFootSupport done) with the reserves of `tier` free.
 */
export function buildStandingProblem(
  solver: StandingEquilibriumSolver,
  model: EquilibriumModel,
  data: EquilibriumData,
  tier: ReserveTierCode,
  pricing: ReservePricing = 'exact',
): void {
  const nq = model.nq;
  const problem = solver.problem;
  const n = problem.n;
  const a = problem.equalityMatrix;
  a.fill(0, 0, problem.m * n);
  const nMuscle = solver.nMuscle;
  const momentArm = data.tissueMomentArm;
  const weight = solver.bodyWeightN;
  const regularisation = (2 * solver.contactWeight) / (weight * weight);

  // Coordinate rows: targets and muscle columns.
  for (let j = 0; j < nq; j++) problem.equalityTarget[j] = solver.gravityForce[j] - solver.passiveGeneralizedForce[j];
  for (let index = 0; index < nMuscle; index++) {
    const tissue = solver.muscleTissue[index];
    const capacity = solver.muscleCapacity[index];
    const row = tissue * nq;
    for (let j = 0; j < nq; j++) {
      const r = momentArm[row + j];
      if (r !== 0) a[j * n + index] = r * capacity;
    }
    problem.hessian[index] = 2;
    problem.lower[index] = solver.restingActivation[index];
    problem.upper[index] = 1;
  }

  // Contact columns: J_p^T d_k.
  const support = solver.support;
  const jacobian = support.pointJacobian;
  const edge = support.edgeDirection;
  const firstEdge = edgeOffset(solver);
  for (let p = 0; p < support.npoint; p++) {
    const base = 3 * p * nq;
    for (let k = 0; k < PYRAMID_EDGES; k++) {
      const column = firstEdge + PYRAMID_EDGES * p + k;
      const dx = edge[3 * k];
      const dy = edge[3 * k + 1];
      const dz = edge[3 * k + 2];
      for (let j = 0; j < nq; j++) {
        const value = dx * jacobian[base + j] + dy * jacobian[base + nq + j] + dz * jacobian[base + 2 * nq + j];
        if (value !== 0) a[j * n + column] = value;
      }
      problem.hessian[column] = regularisation;
      problem.lower[column] = 0;
      problem.upper[column] = Infinity;
    }
  }

  // Lock reactions: a unit column on their coordinate, free in sign.
  const firstLock = lockOffset(solver);
  const lockHessian = regularisation / (LOCK_LEVER_M * LOCK_LEVER_M);
  for (let k = 0; k < solver.nLock; k++) {
    a[solver.lockCoordinate[k] * n + firstLock + k] = 1;
    problem.hessian[firstLock + k] = lockHessian;
    problem.lower[firstLock + k] = -Infinity;
    problem.upper[firstLock + k] = Infinity;
  }

  // Limit rows.
  const firstSlack = slackOffset(solver);
  const firstExcess = excessOffset(solver);
  for (let row = 0; row < solver.nLimitRow; row++) {
    const equation = nq + row;
    const rowStart = equation * n;
    const kind = solver.limitKind[row];
    const subject = solver.limitSubject[row];
    const value = solver.limitValue[row];
    if (kind === LimitKind.footLoad || kind === LimitKind.heelShare) {
      for (let p = 0; p < support.npoint; p++) {
        if (support.pointSide[p] !== subject) continue;
        // Foot load: sum of normals. Heel share: heel normals - fraction * foot normals.
        const coefficient =
          kind === LimitKind.footLoad ? 1 : (support.pointRegion[p] === FootRegionCode.heel ? 1 : 0) - value;
        for (let k = 0; k < PYRAMID_EDGES; k++) a[rowStart + firstEdge + PYRAMID_EDGES * p + k] = coefficient;
      }
      problem.equalityTarget[equation] = kind === LimitKind.footLoad ? value * weight : 0;
    } else {
      // Force cap: sum k_m a_m + s - e = L - sum p_m.
      forEachCappedMuscle(solver, model, subject, (position) => {
        a[rowStart + position] = solver.muscleCapacity[position];
      });
      problem.equalityTarget[equation] = capTarget(solver, model, row);
      a[rowStart + firstExcess + row] = -1;
    }
    a[rowStart + firstSlack + row] = 1;
    problem.hessian[firstSlack + row] = regularisation;
    problem.lower[firstSlack + row] = 0;
    problem.upper[firstSlack + row] = Infinity;
    problem.hessian[firstExcess + row] = 2 * CAP_EXCESS_PRICE;
    problem.lower[firstExcess + row] = 0;
    problem.upper[firstExcess + row] = kind === LimitKind.forceCap ? Infinity : 0;
  }

  // Reserves u+ (column +1) and u- (column -1): free in the tier's coordinates, else fixed at 0.
  problem.gradient.fill(0, 0, n);
  for (let row = 0; row < solver.nLimitRow; row++) problem.gradient[firstExcess + row] = CAP_EXCESS_LINEAR_PRICE;
  const firstReserve = reserveOffset(solver);
  for (let j = 0; j < nq; j++) {
    const free =
      solver.lockedCoordinate[j] === 0 && (tier === ReserveTier.all || (tier === ReserveTier.joints && solver.rootCoordinate[j] === 0));
    for (let part = 0; part < 2; part++) {
      const variable = firstReserve + part * nq + j;
      a[j * n + variable] = part === 0 ? 1 : -1;
      problem.hessian[variable] = 2 * (pricing === 'exact' ? RESERVE_QUADRATIC_PRICE : RESERVE_COST);
      problem.gradient[variable] = pricing === 'exact' ? RESERVE_PRICE : 0;
      problem.lower[variable] = 0;
      problem.upper[variable] = free ? Infinity : 0;
    }
  }
}

/**
 * How reserves enter a solve (see the file comment):
 * - 'fallback' (default): tiers none, joints, all, in this order; the first feasible one
 *   is the solution. Exact: no reserve where none is needed.
 * - 'exact-penalty': tiers joints, then all, reserves at the exact (l1) price: exactly 0
 *   wherever the pose can be held at a marginal effort below RESERVE_PRICE. The optimal
 *   value is continuous in the pose but has kinks where the dual is not unique.
 * - 'penalty': tiers joints, then all, reserves at the smooth price RESERVE_COST u^2: the
 *   optimal value is smooth in the pose (a unique dual); reserves are tiny, not zero.
 */
export type ReserveMode = 'fallback' | 'exact-penalty' | 'penalty';

/** How the free reserves are priced: 'exact' (l1 + quadratic) or 'smooth' (RESERVE_COST u^2). */
export type ReservePricing = 'exact' | 'smooth';

export interface SolveStandingEquilibriumOptions {
  readonly reserves?: ReserveMode;
  /** Start each tier's QP from its last optimal active set (default true); false solves cold. */
  readonly warmStart?: boolean;
  /**
   * Largest number of working-set changes of each QP solve (default bounded-qp's,
   * 10 (n + m) + 100). A search that can reject a pose cheaply passes less: the dual
   * active-set method can cycle on degenerate problems (a row whose variables all sit on
   * their bounds at the solution).
   */
  readonly maxQpIterations?: number;
}

const FALLBACK_RESERVES: SolveStandingEquilibriumOptions = Object.freeze({ reserves: 'fallback' });

/**
 * Solves the equilibrium at the kinematics already in `data` (forwardKinematics,
 * pathLength and momentArms at the pose). Fills data.tissueActivation and
 * data.tissueForce (every tissue) and solver.result, which it returns.
 */
export function solveStandingEquilibriumWithCurrentKinematics(
  solver: StandingEquilibriumSolver,
  model: EquilibriumModel,
  data: EquilibriumData,
  options: SolveStandingEquilibriumOptions = FALLBACK_RESERVES,
): StandingEquilibriumResult {
  if (model.nq !== solver.nq || model.ntissue !== solver.ntissue) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `the standing equilibrium solver was made for ${solver.nq} coordinates and ${solver.ntissue} tissues; ` +
        `this model has ${model.nq} and ${model.ntissue}: make a solver for it`,
    );
  }
  data.tissueVelocity.fill(0);
  evaluateStandingForces(solver, model, data);
  updateFootSupport(solver.support, model, data);
  const result = solver.result;
  result.qpIterations = 0;
  result.qpSolves = 0;
  const firstTier = options.reserves === 'penalty' || options.reserves === 'exact-penalty' ? ReserveTier.joints : ReserveTier.none;
  const pricing: ReservePricing = options.reserves === 'penalty' ? 'smooth' : 'exact';
  const warm = options.warmStart !== false;
  let status: BoundedQpStatus = 'infeasible';
  let objective = 0;
  let tier: ReserveTierCode = firstTier;
  for (; tier <= ReserveTier.all; tier++) {
    buildStandingProblem(solver, model, data, tier as ReserveTierCode, pricing);
    const outcome = solveTier(solver, tier as ReserveTierCode, warm, options.maxQpIterations);
    status = outcome.status;
    objective = outcome.objective;
    // 'infeasible': the next tier frees more reserves; anything else is the answer.
    if (status !== 'infeasible') break;
  }
  if (tier > ReserveTier.all) tier = ReserveTier.all;
  result.reserveTier = tier as ReserveTierCode;
  const final: StandingEquilibriumStatus = status === 'optimal' ? (tier === ReserveTier.none ? 'optimal' : 'needs-reserves') : status;
  finishSolve(solver, model, data, final, objective);
  // Exactly priced reserves that are all 0: the muscles, floor and locks hold the pose.
  if (result.status === 'needs-reserves' && result.maxReserve === 0) result.status = 'optimal';
  return result;
}

/**
 * Scales the rows of the built problem (equilibrateRows) and solves it, warm-started from
 * the tier's last active set when there is one; a warm start that ends in 'max-iterations'
 * (or anything but 'optimal' in the tier 'all', which is always feasible) is retried cold.
 * Keeps the active set of an optimal solve for the tier.
 */
function solveTier(solver: StandingEquilibriumSolver, tier: ReserveTierCode, warm: boolean, maxIterations: number | undefined): BoundedQpResult {
  if (solver.mirrorEnabled && layoutMirror(solver)) return solveMirroredTier(solver, tier, warm, maxIterations);
  const problem = solver.problem;
  const n = problem.n;
  const result = solver.result;
  equilibrateRows(problem, solver.rowScale);
  const start = solver.warmStart;
  const stride = start.activeSet.length / TIER_COUNT;
  const haveStart = warm && start.valid[tier] === 1;
  if (haveStart) solver.qp.activeSet.set(start.activeSet.subarray(tier * stride, tier * stride + n));
  let outcome = solveBoundedQp(problem, solver.qp, qpOptions(haveStart, maxIterations));
  result.qpIterations += outcome.iterations;
  result.qpSolves++;
  if (haveStart && outcome.status !== 'optimal' && (outcome.status === 'max-iterations' || tier === ReserveTier.all)) {
    outcome = solveBoundedQp(problem, solver.qp, qpOptions(false, maxIterations));
    result.qpIterations += outcome.iterations;
    result.qpSolves++;
  }
  if (outcome.status === 'optimal') {
    start.activeSet.set(solver.qp.activeSet.subarray(0, n), tier * stride);
    start.valid[tier] = 1;
  }
  return outcome;
}

/** The QP options of a solve: warm or cold, with the iteration limit if one is given. */
function qpOptions(warm: boolean, maxIterations: number | undefined): BoundedQpOptions {
  if (maxIterations === undefined) return warm ? WARM_START : COLD_START;
  limitedStart.warmStart = warm;
  limitedStart.maxIterations = maxIterations;
  return limitedStart;
}

/**
 * solveTier on the mirror-reduced QP (layoutMirror done): reduce, scale, solve (warm-started
 * from the tier's full active set, reduced), and write the full solution, multipliers
 * (unscaled: solver.rowScale is set to 1) and active set into solver.qp as a full solve
 * would.
 */
function solveMirroredTier(solver: StandingEquilibriumSolver, tier: ReserveTierCode, warm: boolean, maxIterations: number | undefined): BoundedQpResult {
  const mirror = solver.mirror;
  const reduced = solver.reducedProblem;
  const qp = solver.reducedQp;
  const result = solver.result;
  reduceQp(mirror, solver.problem, reduced);
  equilibrateRows(reduced, solver.reducedRowScale);
  const start = solver.warmStart;
  const stride = start.activeSet.length / TIER_COUNT;
  const haveStart = warm && start.valid[tier] === 1;
  if (haveStart) reduceStates(mirror, start.activeSet.subarray(tier * stride, (tier + 1) * stride), qp.activeSet);
  let outcome = solveBoundedQp(reduced, qp, qpOptions(haveStart, maxIterations));
  result.qpIterations += outcome.iterations;
  result.qpSolves++;
  if (haveStart && outcome.status !== 'optimal' && (outcome.status === 'max-iterations' || tier === ReserveTier.all)) {
    outcome = solveBoundedQp(reduced, qp, qpOptions(false, maxIterations));
    result.qpIterations += outcome.iterations;
    result.qpSolves++;
  }
  const full = solver.qp;
  expandVariables(mirror, qp.x, full.x);
  expandStates(mirror, qp.activeSet, full.activeSet);
  for (let k = 0; k < mirror.mReduced; k++) solver.reducedMultiplier[k] = qp.equalityMultiplier[k] * solver.reducedRowScale[k];
  expandMultipliers(mirror, solver.reducedMultiplier, qp.boundMultiplier, full.equalityMultiplier, full.boundMultiplier);
  solver.rowScale.fill(1, 0, mirror.mFull);
  if (outcome.status === 'optimal') {
    start.activeSet.set(full.activeSet.subarray(0, mirror.nFull), tier * stride);
    start.valid[tier] = 1;
  }
  return outcome;
}

/**
 * The mirror-reduced form (rows not scaled) of the problem last built by
 * buildStandingProblem (or of a copy of it, `problem`), when the solver's mirror is enabled
 * and the layout has one (into solver.reducedProblem, with the maps in solver.mirror); false
 * otherwise.
 */
export function reduceStandingProblem(solver: StandingEquilibriumSolver, problem: BoundedQpProblem = solver.problem): boolean {
  if (!solver.mirrorEnabled || !layoutMirror(solver)) return false;
  reduceQp(solver.mirror, problem, solver.reducedProblem);
  return true;
}

/** Stores the solution and its multipliers (for standingLagrangian) and writes the results. */
function finishSolve(
  solver: StandingEquilibriumSolver,
  model: EquilibriumModel,
  data: EquilibriumData,
  status: StandingEquilibriumStatus,
  objective: number,
): StandingEquilibriumResult {
  const result = solver.result;
  const n = solver.problem.n;
  const m = solver.problem.m;
  result.status = status;
  result.objective = objective;
  solver.lastSolution.set(solver.qp.x.subarray(0, n));
  // Multipliers of the unscaled rows: lambda = scale * lambda_scaled.
  for (let row = 0; row < m; row++) solver.lastEqualityMultiplier[row] = solver.qp.equalityMultiplier[row] * solver.rowScale[row];
  solver.lastBoundMultiplier.set(solver.qp.boundMultiplier.subarray(0, n));
  solver.lastActiveSet.set(solver.qp.activeSet.subarray(0, n));
  writeSolution(solver, model, data);
  return result;
}

/** forwardKinematics(q), pathLength, momentArms, then solveStandingEquilibriumWithCurrentKinematics. */
export function solveStandingEquilibrium(
  solver: StandingEquilibriumSolver,
  model: EquilibriumModel,
  data: EquilibriumData,
  q: ArrayLike<number>,
  options: SolveStandingEquilibriumOptions = FALLBACK_RESERVES,
): StandingEquilibriumResult {
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);
  return solveStandingEquilibriumWithCurrentKinematics(solver, model, data, options);
}

/** Activations, forces, contact forces, loads and the residual of every coordinate from the QP solution. */
function writeSolution(solver: StandingEquilibriumSolver, model: EquilibriumModel, data: EquilibriumData): void {
  const nq = model.nq;
  const result = solver.result;
  const x = solver.lastSolution;
  const problem = solver.problem;
  let effort = 0;
  for (let index = 0; index < solver.nMuscle; index++) {
    let activation = x[index];
    // The QP meets bounds to rounding: clip so a reads as a valid activation.
    if (activation < problem.lower[index]) activation = problem.lower[index];
    if (activation > problem.upper[index]) activation = problem.upper[index];
    const force = activation * solver.muscleCapacity[index] + solver.musclePassive[index];
    const tissue = solver.muscleTissue[index];
    result.activation[index] = activation;
    result.muscleForce[index] = force;
    data.tissueActivation[tissue] = activation;
    data.tissueForce[tissue] = force;
    effort += activation * activation;
  }
  result.effort = effort;
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    const count = model.tissueSeriesNum[tissue];
    if (count === 0) continue;
    const first = model.tissueSeriesAdr[tissue];
    let sum = 0;
    for (let k = first; k < first + count; k++) sum += data.tissueForce[model.seriesMuscle[k]];
    data.tissueForce[tissue] = sum;
  }
  const support = solver.support;
  const firstEdge = edgeOffset(solver);
  for (let e = 0; e < solver.nEdge; e++) {
    const value = x[firstEdge + e];
    result.contactEdge[e] = value > 0 ? value : 0;
  }
  contactForcesFromEdges(support, result.contactEdge, result.contactForce);
  const firstReserve = reserveOffset(solver);
  let maxReserve = 0;
  for (let j = 0; j < nq; j++) {
    const reserve = x[firstReserve + j] - x[firstReserve + nq + j] + 0;
    result.reserveForce[j] = reserve;
    if (Math.abs(reserve) > maxReserve) maxReserve = Math.abs(reserve);
  }
  result.maxReserve = maxReserve;
  const firstExcess = excessOffset(solver);
  for (let row = 0; row < solver.nLimitRow; row++) {
    const excess = x[firstExcess + row];
    result.limitExcessN[row] = excess > 0 ? excess : 0;
  }
  result.lockForce.fill(0);
  const firstLock = lockOffset(solver);
  for (let k = 0; k < solver.nLock; k++) result.lockForce[solver.lockCoordinate[k]] = x[firstLock + k] + 0;

  // Residual G - tissue - contact - lock - reserve with the forces as written.
  const residual = result.equilibriumResidual;
  for (let j = 0; j < nq; j++) residual[j] = solver.gravityForce[j] - result.lockForce[j] - result.reserveForce[j];
  const momentArm = data.tissueMomentArm;
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueActsOnSkeleton[tissue] === 0) continue;
    const tension = data.tissueForce[tissue];
    if (tension === 0) continue;
    const row = tissue * nq;
    for (let j = 0; j < nq; j++) residual[j] -= momentArm[row + j] * tension;
  }
  const jacobian = support.pointJacobian;
  const force = result.contactForce;
  result.footLoadN.fill(0);
  result.heelLoadN.fill(0);
  for (let p = 0; p < support.npoint; p++) {
    const fx = force[3 * p];
    const fy = force[3 * p + 1];
    const fz = force[3 * p + 2];
    const side = support.pointSide[p];
    result.footLoadN[side] += fy;
    if (support.pointRegion[p] === FootRegionCode.heel) result.heelLoadN[side] += fy;
    if (fx === 0 && fy === 0 && fz === 0) continue;
    const base = 3 * p * nq;
    for (let j = 0; j < nq; j++) residual[j] -= fx * jacobian[base + j] + fy * jacobian[base + nq + j] + fz * jacobian[base + 2 * nq + j];
  }
  let largest = 0;
  for (let j = 0; j < nq; j++) if (Math.abs(residual[j]) > largest) largest = Math.abs(residual[j]);
  result.maxEquilibriumResidual = largest;

  let unreachable = 0;
  for (let row = 0; row < solver.nLimitRow; row++) if (result.limitExcessN[row] > 0) unreachable++;
  for (let k = 0; k < solver.nPassiveLimit; k++) {
    const excess = data.tissueForce[solver.passiveLimitTissue[k]] - solver.passiveLimitN[k];
    result.passiveLimitExcessN[k] = excess > 0 ? excess : 0;
    if (excess > 0) unreachable++;
  }
  result.unreachableLimits = unreachable;
}

/**
 * The part of A and b that depends on the pose, at the current force evaluation
 * (evaluateStandingForces and updateFootSupport done): for every row of A x = b (the nq
 * coordinate rows, then the limit rows; not scaled), the columns of the muscles and of the
 * contact edges (the first nMuscle + nEdge variables) into `columns` [rows x (nMuscle +
 * nEdge)], row-major, and the target into `targets` [rows]; exactly the values
 * buildStandingProblem writes there. Every other column of A is a constant of the layout.
 * For finite differences of the problem over the pose. Allocates nothing.
 */
export function standingPoseColumns(
  solver: StandingEquilibriumSolver,
  model: EquilibriumModel,
  data: EquilibriumData,
  columns: Float64Array,
  targets: Float64Array,
): void {
  const nq = model.nq;
  const nMuscle = solver.nMuscle;
  const width = nMuscle + solver.nEdge;
  const rows = nq + solver.nLimitRow;
  columns.fill(0, 0, rows * width);
  const momentArm = data.tissueMomentArm;
  for (let j = 0; j < nq; j++) targets[j] = solver.gravityForce[j] - solver.passiveGeneralizedForce[j];
  for (let index = 0; index < nMuscle; index++) {
    const capacity = solver.muscleCapacity[index];
    const base = solver.muscleTissue[index] * nq;
    for (let j = 0; j < nq; j++) {
      const r = momentArm[base + j];
      if (r !== 0) columns[j * width + index] = r * capacity;
    }
  }
  const support = solver.support;
  const jacobian = support.pointJacobian;
  const edge = support.edgeDirection;
  for (let p = 0; p < support.npoint; p++) {
    const base = 3 * p * nq;
    for (let k = 0; k < PYRAMID_EDGES; k++) {
      const column = nMuscle + PYRAMID_EDGES * p + k;
      const dx = edge[3 * k];
      const dy = edge[3 * k + 1];
      const dz = edge[3 * k + 2];
      for (let j = 0; j < nq; j++) columns[j * width + column] = dx * jacobian[base + j] + dy * jacobian[base + nq + j] + dz * jacobian[base + 2 * nq + j];
    }
  }
  for (let row = 0; row < solver.nLimitRow; row++) {
    const kind = solver.limitKind[row];
    const subject = solver.limitSubject[row];
    const value = solver.limitValue[row];
    const start = (nq + row) * width;
    if (kind === LimitKind.forceCap) {
      targets[nq + row] = capTarget(solver, model, row);
      const own = solver.musclePosition[subject];
      if (own >= 0) {
        columns[start + own] = solver.muscleCapacity[own];
      } else {
        const first = model.tissueSeriesAdr[subject];
        for (let k = first; k < first + model.tissueSeriesNum[subject]; k++) {
          const position = solver.musclePosition[model.seriesMuscle[k]];
          if (position >= 0) columns[start + position] = solver.muscleCapacity[position];
        }
      }
    } else {
      targets[nq + row] = kind === LimitKind.footLoad ? value * solver.bodyWeightN : 0;
      for (let p = 0; p < support.npoint; p++) {
        if (support.pointSide[p] !== subject) continue;
        const coefficient = kind === LimitKind.footLoad ? 1 : (support.pointRegion[p] === FootRegionCode.heel ? 1 : 0) - value;
        for (let k = 0; k < PYRAMID_EDGES; k++) columns[start + nMuscle + PYRAMID_EDGES * p + k] = coefficient;
      }
    }
  }
}

/**
 * standingPoseColumns at chosen entries only: the values of the pose-dependent columns at
 * (row[k], column[k]) for k < count into values [count] (0 where A has none: a foot-loading
 * row's or a structural zero), and every row's target into targets [rows]. Allocates nothing.
 */
export function standingPoseValues(
  solver: StandingEquilibriumSolver,
  model: EquilibriumModel,
  data: EquilibriumData,
  row: Int32Array,
  column: Int32Array,
  count: number,
  values: Float64Array,
  targets: Float64Array,
): void {
  const nq = model.nq;
  const nMuscle = solver.nMuscle;
  const momentArm = data.tissueMomentArm;
  const support = solver.support;
  const jacobian = support.pointJacobian;
  const edge = support.edgeDirection;
  for (let j = 0; j < nq; j++) targets[j] = solver.gravityForce[j] - solver.passiveGeneralizedForce[j];
  for (let limit = 0; limit < solver.nLimitRow; limit++) {
    const kind = solver.limitKind[limit];
    targets[nq + limit] =
      kind === LimitKind.forceCap ? capTarget(solver, model, limit) : kind === LimitKind.footLoad ? solver.limitValue[limit] * solver.bodyWeightN : 0;
  }
  for (let k = 0; k < count; k++) {
    const r = row[k];
    const v = column[k];
    if (r >= nq) {
      // A force-cap row's muscle (foot-loading rows do not depend on the pose).
      values[k] = solver.limitKind[r - nq] === LimitKind.forceCap && v < nMuscle ? solver.muscleCapacity[v] : 0;
    } else if (v < nMuscle) {
      values[k] = momentArm[solver.muscleTissue[v] * nq + r] * solver.muscleCapacity[v];
    } else {
      const e = v - nMuscle;
      const p = (e / PYRAMID_EDGES) | 0;
      const k4 = e - PYRAMID_EDGES * p;
      const base = 3 * p * nq;
      values[k] = edge[3 * k4] * jacobian[base + r] + edge[3 * k4 + 1] * jacobian[base + nq + r] + edge[3 * k4 + 2] * jacobian[base + 2 * nq + r];
    }
  }
}

/**
 * The constraint residual A(q) x - b(q) for a given solution vector `x` [n] (the layout of
 * the last built problem; unscaled rows) at the current force evaluation
 * (evaluateStandingForces and updateFootSupport done at the pose): per coordinate row,
 * tissue (x's activations, passive forces) + contact + lock + reserve - G; per limit row
 * its left side minus its target. Writes out [nq + nLimitRow]. The foot-loading rows do
 * not depend on the pose; the force-cap rows do (capacities, passive forces). Allocates
 * nothing.
 */
export function standingResidual(
  solver: StandingEquilibriumSolver,
  model: EquilibriumModel,
  data: EquilibriumData,
  x: ArrayLike<number>,
  out: Float64Array,
): void {
  const nq = model.nq;
  const momentArm = data.tissueMomentArm;
  for (let j = 0; j < nq; j++) out[j] = solver.passiveGeneralizedForce[j] - solver.gravityForce[j];
  for (let index = 0; index < solver.nMuscle; index++) {
    const activeForce = x[index] * solver.muscleCapacity[index];
    if (activeForce === 0) continue;
    const base = solver.muscleTissue[index] * nq;
    for (let j = 0; j < nq; j++) out[j] += momentArm[base + j] * activeForce;
  }
  const support = solver.support;
  const jacobian = support.pointJacobian;
  const edge = support.edgeDirection;
  const firstEdge = edgeOffset(solver);
  for (let p = 0; p < support.npoint; p++) {
    let fx = 0;
    let fy = 0;
    let fz = 0;
    for (let k = 0; k < PYRAMID_EDGES; k++) {
      const c = x[firstEdge + PYRAMID_EDGES * p + k];
      fx += c * edge[3 * k];
      fy += c * edge[3 * k + 1];
      fz += c * edge[3 * k + 2];
    }
    if (fx === 0 && fy === 0 && fz === 0) continue;
    const base = 3 * p * nq;
    for (let j = 0; j < nq; j++) out[j] += fx * jacobian[base + j] + fy * jacobian[base + nq + j] + fz * jacobian[base + 2 * nq + j];
  }
  const firstLock = lockOffset(solver);
  for (let k = 0; k < solver.nLock; k++) out[solver.lockCoordinate[k]] += x[firstLock + k];
  const firstReserve = reserveOffset(solver);
  for (let j = 0; j < nq; j++) out[j] += x[firstReserve + j] - x[firstReserve + nq + j];

  const firstSlack = slackOffset(solver);
  const weight = solver.bodyWeightN;
  for (let limit = 0; limit < solver.nLimitRow; limit++) {
    const kind = solver.limitKind[limit];
    const subject = solver.limitSubject[limit];
    const value = solver.limitValue[limit];
    let sum = x[firstSlack + limit];
    if (kind === LimitKind.forceCap) {
      sum -= capTarget(solver, model, limit) + x[excessOffset(solver) + limit];
      const own = solver.musclePosition[subject];
      if (own >= 0) {
        sum += solver.muscleCapacity[own] * x[own];
      } else {
        const first = model.tissueSeriesAdr[subject];
        for (let k = first; k < first + model.tissueSeriesNum[subject]; k++) {
          const position = solver.musclePosition[model.seriesMuscle[k]];
          if (position >= 0) sum += solver.muscleCapacity[position] * x[position];
        }
      }
    } else {
      for (let p = 0; p < support.npoint; p++) {
        if (support.pointSide[p] !== subject) continue;
        const coefficient = kind === LimitKind.footLoad ? 1 : (support.pointRegion[p] === FootRegionCode.heel ? 1 : 0) - value;
        for (let k = 0; k < PYRAMID_EDGES; k++) sum += coefficient * x[firstEdge + PYRAMID_EDGES * p + k];
      }
      if (kind === LimitKind.footLoad) sum -= value * weight;
    }
    out[nq + limit] = sum;
  }
}

/**
 * The Lagrangian of the last solve re-evaluated at the current kinematics with the
 * solution x* and the row multipliers lambda held fixed:
 *
 *   Phi = -lambda' (A(q) x* - b(q))
 *
 * (the bounds do not depend on the pose). Its derivative with respect to any pose
 * parameter is the derivative of the optimal objective (the envelope theorem: at the
 * optimum the solution's own change does not count), so finite differences of Phi give the
 * gradient of the effort for the price of evaluating the forces, without solving the QP
 * again. Call after forwardKinematics, pathLength and momentArms at the perturbed pose;
 * overwrites data.tissueForce of the passive tissues and the solver's force evaluation
 * (solve again before reading results).
 */
export function standingLagrangian(solver: StandingEquilibriumSolver, model: EquilibriumModel, data: EquilibriumData): number {
  evaluateStandingForces(solver, model, data);
  updateFootSupport(solver.support, model, data);
  const rows = model.nq + solver.nLimitRow;
  const residual = solver.rowScratch;
  standingResidual(solver, model, data, solver.lastSolution, residual);
  const lambda = solver.lastEqualityMultiplier;
  let phi = 0;
  for (let row = 0; row < rows; row++) phi -= lambda[row] * residual[row];
  return phi;
}
