/**
 * Static foot loading: one foot (or both) carrying a given vertical load on a given sole
 * at a given pose of its joints; the plantar pressure that results.
 *
 * The foot's joints (ankle, subtalar, midtarsal, MTP) keep the angles of the pose q; the
 * foot as a whole is placed by two unknowns, applied to every foot body (talus,
 * calcaneus, midfoot-forefoot, toes) after forward kinematics:
 *   lift  dy    (m)   a vertical translation,
 *   tilt  theta (rad) a sagittal rotation about the ankle joint centre (positive = toes up),
 *                     about the horizontal axis k = forward x up (forward: the calcaneus's
 *                     long axis projected on the floor).
 * Two equations fix them (Newton's method on the contact, elastic-foundation.ts):
 *   vertical force balance   F_y(dy, theta) - W = 0,
 *   moment balance           either the centre of pressure at a prescribed point P (the
 *                            floor point a given horizontal distance, as a fraction of
 *                            foot length, ahead of the back of the heel): k . M_P = 0;
 *                            or a given moment of the floor forces about the ankle joint
 *                            centre: k . M_ankle - M_target = 0 (positive = the floor
 *                            pushes the toes up, the moment the plantarflexors resist).
 *                            or, with the foot's posture prescribed, a given tilt: only
 *                            the lift is solved and the centre of pressure follows.
 * Newton: the 2x2 jacobian by forward differences, steps halved until the merit
 * R_F^2 + (R_M / foot length)^2 decreases; a first one-dimensional solve of the lift alone
 * (bracketing, then safeguarded secant) brings the foot onto its support.
 * Warm start (StaticLoadCase.warmStart, for sequences such as the instants of a stance
 * phase): Newton starts from the previous solution's placement in the ground (the same
 * calcaneus pitch and ankle height) and its jacobian, updated by Broyden's rule and
 * rebuilt by finite differences only when it stops giving descent; the sole's pitch is
 * bracketed outwards from its previous value. If that fails, the cold solve runs. Both
 * stop at the same tolerances, so they give the same solution to those tolerances.
 *
 * With a sole, the sole's rigid base must also be in equilibrium: it rests on the floor
 * where the centre of pressure is. At pitch 0 it stands on its flat part; if the centre
 * of pressure lies ahead of the rocker apex (or behind the heel bevel) the sole rolls
 * onto the arc until its contact line is under the centre of pressure. The sole's pitch
 * is found by a bracketed root search (Illinois) on that condition, each trial solving
 * the foot's placement. A centre of pressure beyond the sole's ends cannot be held
 * (OUT_OF_RANGE).
 *
 * Outputs: pressure, force and area per region (foot-outline.ts), the centre of pressure,
 * the contact area, the moment about the ankle, the plantar fascia's strain at the pose
 * (its path length over its slack length, minus 1; the rigid placement does not change
 * it), and the residuals of the solve. SI units, pressures in kPa where the name says so.
 */
import { KinechainError, requireFinite } from '../core/errors.js';
import type { Data, Model } from '../core/model/model.js';
import { makeData } from '../core/model/make-data.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { tissuePathLength } from '../core/paths/path-length.js';
import {
  PLANTAR_REGION_NAMES,
  HEEL_REGIONS,
  METATARSAL_HEAD_REGIONS,
  TOE_REGIONS,
  plantarCells,
  type PlantarPadZone,
  type PlantarRegion,
  type PlantarShape,
} from '../core/contact/foot-outline.js';
import {
  evaluateElasticFoundation,
  makeElasticFoundation,
  makeSolePlacement,
  makeSoleSurface,
  placeSole,
  soleRollingContact,
  type ElasticFoundation,
  type FoundationCellSpec,
  type SolePlacement,
  type SoleSurface,
} from '../core/contact/elastic-foundation.js';
import type { Footwear } from '../spec/footwear-schema.js';
import { computeBodyGeometry, type DefaultBodyName } from '../library/body-geometry.js';
import { makeAttachments } from '../library/tissues/attachments.js';
import {
  PLANTAR_LOAD_SPREADING,
  QUIET_STANDING_CENTER_OF_PRESSURE,
  defaultPlantarShape,
  defaultPlantarTissue,
  type PlantarTissueParameters,
} from '../library/plantar-loading.js';

export type FootSide = 'r' | 'l';

/** The second equation of the solve. */
export type StaticBalance =
  | {
      readonly kind: 'centerOfPressure';
      /** Horizontal distance of the centre of pressure ahead of the back of the heel / foot length. */
      readonly fractionOfFootLength: number;
    }
  | {
      readonly kind: 'ankleMoment';
      /** Moment of the floor forces about the ankle joint centre, about the pitch axis (N m; + pushes the toes up). */
      readonly momentNm: number;
    }
  | {
      /**
       * The foot's tilt is given (its posture is prescribed, e.g. the heel rise of a walking
       * trial): only the lift is solved, and the centre of pressure is where the contact puts it.
       */
      readonly kind: 'tilt';
      /** Tilt about the ankle relative to the pose q (rad, + toes up), as footTiltRad reports it. */
      readonly tiltRad: number;
    };

export interface StaticFootLoadingSetup {
  readonly side: FootSide;
  readonly footwear: Footwear;
  /** Side of the square plantar cells (m); default 0.005 (4 cells per cm^2, as common pressure platforms). */
  readonly cellSizeM?: number;
  /** Plantar soft tissue; default: the library's nominal values. */
  readonly tissue?: PlantarTissueParameters;
  /** Shape of the sole of the foot; default: the library's. */
  readonly shape?: PlantarShape;
  /** Height of the floor (m), default 0. */
  readonly floorHeightM?: number;
  /**
   * Load spreading through the plantar pad (elastic-foundation.ts), the kernel's reach in
   * pad thicknesses; default PLANTAR_LOAD_SPREADING.reach; 0 makes the bed a pure Winkler bed.
   */
  readonly loadSpreadingReach?: number;
}

export interface StaticLoadCase {
  /** Vertical load the foot carries (N), e.g. half the body weight. */
  readonly verticalLoadN: number;
  /** Default: the centre of pressure at QUIET_STANDING_CENTER_OF_PRESSURE. */
  readonly balance?: StaticBalance;
  /** Full coordinate vector [nq] (the foot's joint angles are used); default: the reference pose. */
  readonly q?: ArrayLike<number>;
  /** Convergence: |force residual| (N) and |moment residual| (N m); defaults 1e-8 N and 1e-9 N m. */
  readonly forceToleranceN?: number;
  readonly momentToleranceNm?: number;
  /** Newton iterations per placement solve (default 80). */
  readonly maxIterations?: number;
  /**
   * Start from the previous solve of this solver (default false): the foot keeps the
   * placement it had in the ground (pitch of the calcaneus, height of the ankle), the sole
   * its pitch, and Newton its jacobian, updated by Broyden's rule instead of being
   * rebuilt by finite differences at every step. For a sequence of nearby load cases
   * (the instants of a stance phase) that needs a few evaluations of the contact instead of
   * dozens. The solution is the same to the tolerances; if Newton does not converge from
   * the previous placement, the solve falls back to the cold start.
   */
  readonly warmStart?: boolean;
}

export interface RegionLoading {
  readonly forceN: number;
  /** Share of the foot's total normal force. */
  readonly loadShare: number;
  readonly peakPressureKPa: number;
  readonly meanPressureKPa: number;
  readonly contactAreaM2: number;
}

export interface StaticFootLoadingResult {
  readonly side: FootSide;
  readonly footwear: string;
  readonly verticalLoadN: number;
  /** Placement of the foot: lift (m), tilt (rad, + toes up) relative to the pose q, and the sole's pitch (rad). */
  readonly footLiftM: number;
  readonly footTiltRad: number;
  readonly solePitchRad: number;
  /** Resultant of the support's forces on the foot (N, ground). */
  readonly totalForceN: readonly [number, number, number];
  /** Centre of pressure on the floor (m, ground). */
  readonly centerOfPressure: readonly [number, number, number];
  /** Horizontal distance of the centre of pressure ahead of the back of the heel / foot length. */
  readonly centerOfPressureFromHeel: number;
  /** Moment of the support's forces about the ankle joint centre, about the pitch axis (N m). */
  readonly ankleMomentNm: number;
  readonly contactAreaM2: number;
  readonly peakPressureKPa: number;
  readonly regions: Readonly<Record<PlantarRegion, RegionLoading>>;
  /** Totals of the heel, midfoot, metatarsal-head and toe regions. */
  readonly zones: Readonly<Record<PlantarPadZone, RegionLoading>>;
  /** Strain of plantar_fascia_<side> at the pose (null if the model has none) and its path length (m). */
  readonly plantarFasciaStrain: number | null;
  readonly plantarFasciaLengthM: number | null;
  /** Residuals of the solve: F_y - W (N) and the moment equation (N m). */
  readonly residualForceN: number;
  readonly residualMomentNm: number;
  /** Newton iterations of the final placement solve. */
  readonly iterations: number;
  /** Evaluations of the contact the whole solve took (its cost). */
  readonly contactEvaluations?: number;
  /** Pressure map: per cell, position in right-foot foot coordinates (m) and pressure (kPa). */
  readonly cells: { readonly footX: Float64Array; readonly footZ: Float64Array; readonly pressureKPa: Float64Array };
}

export interface StaticFootLoadingSolver {
  readonly side: FootSide;
  readonly footwear: Footwear;
  readonly footLengthM: number;
  readonly foundation: ElasticFoundation;
  readonly sole: SoleSurface | null;
  readonly placement: SolePlacement;
  /** Solves a load case; reuses every buffer of the solver. */
  solve(loadCase: StaticLoadCase): StaticFootLoadingResult;
  /**
   * Places the foot (lift, tilt about the ankle) and the sole (pitch) for the pose q
   * and evaluates the contact, without solving (for direct checks of the contact).
   */
  evaluateAt(q: ArrayLike<number> | undefined, liftM: number, tiltRad: number, solePitchRad: number): ElasticFoundation;
}

const FOOT_SEGMENTS = ['talus', 'calcn', 'forefoot', 'toes'] as const;
const DEFAULT_CELL_SIZE_M = 0.005;

function padThickness(tissue: PlantarTissueParameters, zone: PlantarPadZone): number {
  switch (zone) {
    case 'heel':
      return tissue.heelPadThicknessM;
    case 'midfoot':
      return tissue.midfootPadThicknessM;
    case 'forefoot':
      return tissue.forefootPadThicknessM;
    case 'toes':
      return tissue.toePadThicknessM;
  }
}

/** Builds the contact of one foot of a default-body model (set-up: allocates). */
export function makeStaticFootLoading(model: Model, setup: StaticFootLoadingSetup): StaticFootLoadingSolver {
  const side = setup.side;
  if (side !== 'r' && side !== 'l') {
    throw new KinechainError('INVALID_SPEC', `side must be "r" or "l", got "${String(side)}"`);
  }
  const subject = model.spec.subject;
  if (subject === undefined) {
    throw new KinechainError(
      'INVALID_SPEC',
      `model "${model.name}" records no subject, so its feet cannot be measured for the plantar contact; ` +
        'build it with buildBody({ heightM, massKg, sex })',
    );
  }
  const bodyIndex: number[] = FOOT_SEGMENTS.map((segment) => {
    const name = `${segment}_${side}`;
    const index = model.bodyIndex.get(name);
    if (index === undefined) {
      throw new KinechainError('UNKNOWN_NAME', `model "${model.name}" has no body "${name}"; the plantar contact needs the default foot`, {
        name,
      });
    }
    return index;
  });
  const [talus, calcn] = bodyIndex;
  const geometry = computeBodyGeometry(subject.heightM, subject.sex);
  const attachments = makeAttachments(geometry);
  const footLength = geometry.footLengthM;
  const shape = setup.shape ?? defaultPlantarShape();
  const tissue = setup.tissue ?? defaultPlantarTissue();
  for (const [key, value] of Object.entries(tissue)) {
    if (!(requireFinite(value as number, `plantar tissue ${key}`) > 0)) {
      throw new KinechainError('OUT_OF_RANGE', `plantar tissue ${key} must be > 0, got ${String(value)}`);
    }
  }

  const cells: FoundationCellSpec[] = plantarCells(shape, footLength, setup.cellSizeM ?? DEFAULT_CELL_SIZE_M).map((cell) => {
    const body = `${cell.segment}_${side}` as DefaultBodyName;
    const location = attachments.footLocation(body, [cell.x / footLength, cell.skinHeight / footLength, cell.z / footLength]);
    return {
      body: model.bodyIndex.get(body) as number,
      location,
      areaM2: cell.areaM2,
      tissueThicknessM: padThickness(tissue, cell.padZone),
      region: cell.region,
      footX: cell.x,
      footZ: cell.z,
    };
  });
  const sole = makeSoleSurface(setup.footwear, footLength, shape);
  const foundation = makeElasticFoundation(cells, {
    side,
    nbody: model.nbody,
    tissueLaw: { initialModulusPa: tissue.initialModulusPa, limitStrain: tissue.limitStrain },
    sole,
    floorHeightM: setup.floorHeightM ?? 0,
    loadSpreadingReach: setup.loadSpreadingReach ?? PLANTAR_LOAD_SPREADING.reach.value,
    loadSpreadingDepthFraction: PLANTAR_LOAD_SPREADING.depthFraction.value,
    loadSpreadingContactM: PLANTAR_LOAD_SPREADING.contactRampM.value,
  });
  const heelLocation = Float64Array.from(attachments.footLocation(`calcn_${side}` as DefaultBodyName, [0, 0, 0]));
  const plantarFascia = model.tissueIndex.get(`plantar_fascia_${side}`);

  // Buffers, allocated once.
  const data: Data = makeData(model);
  const baseRotation = new Float64Array(model.nbody * 9);
  const basePosition = new Float64Array(model.nbody * 3);
  const rotation = new Float64Array(model.nbody * 9);
  const position = new Float64Array(model.nbody * 3);
  const placement = makeSolePlacement();
  const pivot = new Float64Array(3);
  const forward = new Float64Array(3);
  const axis = new Float64Array(3);
  const turn = new Float64Array(9);
  const heelPoint = new Float64Array(3);
  const rolling = new Float64Array(3);
  const floor = foundation.floorHeightM;
  let initialTilt = 0;

  /** Forward kinematics at q; the unplaced foot poses, the pivot and the axes. */
  function setPose(q: ArrayLike<number> | undefined): void {
    forwardKinematics(model, data, q ?? model.coordinateDefault);
    baseRotation.set(data.bodyRotation);
    basePosition.set(data.bodyPosition);
    rotation.set(data.bodyRotation);
    position.set(data.bodyPosition);
    pivot[0] = basePosition[3 * talus];
    pivot[1] = basePosition[3 * talus + 1];
    pivot[2] = basePosition[3 * talus + 2];
    const r = 9 * calcn;
    const horizontal = Math.hypot(baseRotation[r], baseRotation[r + 6]);
    if (!(horizontal > 1e-6)) {
      throw new KinechainError('OUT_OF_RANGE', `the ${side} calcaneus points straight up or down in this pose; its long axis must have a horizontal part`);
    }
    forward[0] = baseRotation[r] / horizontal;
    forward[1] = 0;
    forward[2] = baseRotation[r + 6] / horizontal;
    // k = forward x up.
    axis[0] = -forward[2];
    axis[1] = 0;
    axis[2] = forward[0];
    initialTilt = -Math.atan2(baseRotation[r + 3], horizontal);
  }

  /** Moves the foot bodies by (lift, tilt about the pivot), places the sole, evaluates. */
  function evaluate(lift: number, tilt: number, pitch: number): void {
    state.evaluations++;
    // Rodrigues: R = I cos + (1 - cos) k k^T + sin [k]x.
    const c = Math.cos(tilt);
    const s = Math.sin(tilt);
    const kx = axis[0];
    const ky = axis[1];
    const kz = axis[2];
    const v = 1 - c;
    turn[0] = c + v * kx * kx;
    turn[1] = v * kx * ky - s * kz;
    turn[2] = v * kx * kz + s * ky;
    turn[3] = v * ky * kx + s * kz;
    turn[4] = c + v * ky * ky;
    turn[5] = v * ky * kz - s * kx;
    turn[6] = v * kz * kx - s * ky;
    turn[7] = v * kz * ky + s * kx;
    turn[8] = c + v * kz * kz;
    for (const b of bodyIndex) {
      const rb = 9 * b;
      for (let row = 0; row < 3; row++) {
        for (let col = 0; col < 3; col++) {
          rotation[rb + 3 * row + col] =
            turn[3 * row] * baseRotation[rb + col] +
            turn[3 * row + 1] * baseRotation[rb + 3 + col] +
            turn[3 * row + 2] * baseRotation[rb + 6 + col];
        }
      }
      const dx = basePosition[3 * b] - pivot[0];
      const dy = basePosition[3 * b + 1] - pivot[1];
      const dz = basePosition[3 * b + 2] - pivot[2];
      position[3 * b] = pivot[0] + turn[0] * dx + turn[1] * dy + turn[2] * dz;
      position[3 * b + 1] = pivot[1] + turn[3] * dx + turn[4] * dy + turn[5] * dz + lift;
      position[3 * b + 2] = pivot[2] + turn[6] * dx + turn[7] * dy + turn[8] * dz;
    }
    const rc = 9 * calcn;
    const hx = heelLocation[0];
    const hy = heelLocation[1];
    const hz = heelLocation[2];
    heelPoint[0] = rotation[rc] * hx + rotation[rc + 1] * hy + rotation[rc + 2] * hz + position[3 * calcn];
    heelPoint[1] = rotation[rc + 3] * hx + rotation[rc + 4] * hy + rotation[rc + 5] * hz + position[3 * calcn + 1];
    heelPoint[2] = rotation[rc + 6] * hx + rotation[rc + 7] * hy + rotation[rc + 8] * hz + position[3 * calcn + 2];
    if (sole !== null) placeSole(sole, heelPoint, forward, pitch, floor, placement);
    evaluateElasticFoundation(foundation, rotation, position, sole !== null ? placement : null);
  }

  /** Point P about which the moment equation is written, and the target moment. */
  function momentResidual(balance: StaticBalance, lift: number): number {
    let px: number;
    let py: number;
    let pz: number;
    let target = 0;
    if (balance.kind === 'centerOfPressure') {
      const distance = balance.fractionOfFootLength * footLength;
      px = heelPoint[0] + distance * forward[0];
      py = floor;
      pz = heelPoint[2] + distance * forward[2];
    } else if (balance.kind === 'ankleMoment') {
      px = pivot[0];
      py = pivot[1] + lift;
      pz = pivot[2];
      target = balance.momentNm;
    } else {
      return 0; // a given tilt: no moment equation
    }
    // M_P = M_O - P x F, taken about the pitch axis k.
    const f = foundation.totalForce;
    const m = foundation.totalMoment;
    const mPx = m[0] - (py * f[2] - pz * f[1]);
    const mPy = m[1] - (pz * f[0] - px * f[2]);
    const mPz = m[2] - (px * f[1] - py * f[0]);
    return axis[0] * mPx + axis[1] * mPy + axis[2] * mPz - target;
  }

  interface PlacementState {
    lift: number;
    tilt: number;
    /** Tilt the sole's pitch added in the last placement solve (the pitch on a sole, 0 barefoot). */
    pitch: number;
    iterations: number;
    forceResidual: number;
    momentResidual: number;
    /** Contact evaluations since the solve began (reported). */
    evaluations: number;
    /** Jacobian d(R_F, R_M)/d(lift, tilt) of the last placement solve, row-major [2x2], and whether it is usable. */
    jacobian: Float64Array;
    haveJacobian: boolean;
  }
  const state: PlacementState = {
    lift: 0,
    tilt: 0,
    pitch: 0,
    iterations: 0,
    forceResidual: NaN,
    momentResidual: NaN,
    evaluations: 0,
    jacobian: new Float64Array(4),
    haveJacobian: false,
  };
  /** The previous solve's result, for warm starts: placed ankle height, calcaneus pitch and sole pitch. */
  const previous = { solved: false, pivotY: 0, initialTilt: 0, lift: 0, tilt: 0, solePitch: 0, soleTilt: 0 };

  /** A bracket [low, high] of lifts with F_y(low) > load >= F_y(high), searched outwards from `start`. */
  function bracketLift(load: number, tilt: number, pitch: number, start: number): [number, number] {
    let high = start;
    let low = start;
    let step = 0.005;
    evaluate(start, tilt, pitch);
    if (foundation.totalForce[1] > load) {
      for (let k = 0; k < 60 && foundation.totalForce[1] > load; k++) {
        high += step;
        step *= 2;
        evaluate(high, tilt, pitch);
      }
    } else {
      for (let k = 0; k < 60 && foundation.totalForce[1] <= load; k++) {
        low -= step;
        step *= 2;
        evaluate(low, tilt, pitch);
      }
    }
    return [low, high];
  }

  /** Lift alone, tilt fixed: F_y(lift) = load (F_y decreases with lift). */
  function solveLift(load: number, tilt: number, pitch: number, start: number, tolerance: number): number {
    let [low, high] = bracketLift(load, tilt, pitch, start);
    evaluate(low, tilt, pitch);
    let fLow = foundation.totalForce[1] - load;
    evaluate(high, tilt, pitch);
    let fHigh = foundation.totalForce[1] - load;
    if (!(fLow > 0 && fHigh <= 0)) {
      throw new KinechainError('DID_NOT_CONVERGE', `could not bring the ${side} foot onto its support to carry ${load} N`);
    }
    let lastMoved = 0;
    for (let k = 0; k < 200; k++) {
      // Illinois false position: keeps the bracket, converges superlinearly.
      const lift = high - (fHigh * (high - low)) / (fHigh - fLow);
      evaluate(lift, tilt, pitch);
      const f = foundation.totalForce[1] - load;
      if (Math.abs(f) <= tolerance || high - low < 1e-13) return lift;
      if (f > 0) {
        low = lift;
        fLow = f;
        if (lastMoved === 1) fHigh /= 2;
        lastMoved = 1;
      } else {
        high = lift;
        fHigh = f;
        if (lastMoved === -1) fLow /= 2;
        lastMoved = -1;
      }
    }
    return (low + high) / 2;
  }

  type PlacementOptions = Required<Omit<StaticLoadCase, 'q' | 'warmStart'>>;

  /**
   * Newton on (lift, tilt) at a fixed sole pitch; leaves the contact evaluated at the solution.
   * warm: start from the last placement (the foot keeping its tilt relative to the sole as
   * the sole rolls). start: a given (lift, tilt) to run Newton from directly, with the
   * stored jacobian updated by Broyden's rule (quasi-Newton); on failure it throws as the
   * cold solve does, and the caller falls back.
   */
  function solvePlacement(
    loadCase: PlacementOptions,
    pitch: number,
    warm: boolean,
    start: { readonly lift: number; readonly tilt: number } | null = null,
  ): void {
    const load = loadCase.verticalLoadN;
    const balance = loadCase.balance;
    const forceTolerance = loadCase.forceToleranceN;
    const momentTolerance = loadCase.momentToleranceNm;
    // Warm start: the foot keeps its tilt relative to the sole as the sole rolls.
    const soleTilt = sole !== null ? pitch : 0;
    if (balance.kind === 'tilt') {
      // Only the lift: F_y(lift) = load at the given tilt (F_y falls monotonically with the lift).
      const givenTilt = balance.tiltRad;
      const startLift = start !== null ? start.lift : warm ? state.lift : 0;
      const solvedLift = solveLift(load, givenTilt, pitch, startLift, forceTolerance);
      evaluate(solvedLift, givenTilt, pitch);
      state.lift = solvedLift;
      state.tilt = givenTilt;
      state.pitch = soleTilt;
      state.iterations = 0;
      state.forceResidual = foundation.totalForce[1] - load;
      state.momentResidual = 0;
      if (!(Math.abs(state.forceResidual) <= forceTolerance * 10)) {
        throw new KinechainError(
          'DID_NOT_CONVERGE',
          `static foot loading (${side}, ${setup.footwear.name}): the lift at the given tilt left a force residual of ${state.forceResidual.toExponential(2)} N`,
        );
      }
      return;
    }
    let tilt = start !== null ? start.tilt : warm ? state.tilt + (soleTilt - state.pitch) : initialTilt + soleTilt;
    let lift = start !== null ? start.lift : solveLift(load, tilt, pitch, warm ? state.lift : 0, Math.max(1e-3 * load, forceTolerance));
    const quasiNewton = start !== null;
    const scale = footLength;
    const residuals = (l: number, t: number, out: number[]): number => {
      evaluate(l, t, pitch);
      out[0] = foundation.totalForce[1] - load;
      out[1] = momentResidual(balance, l);
      return out[0] * out[0] + (out[1] / scale) * (out[1] / scale);
    };
    const r = [0, 0];
    const trial = [0, 0];
    const plus = [0, 0];
    let merit = residuals(lift, tilt, r);
    if (quasiNewton && Math.abs(r[0]) > 0.5 * load) {
      // Far from carrying the load (the pose moved more than the placement can follow):
      // bring the foot onto its support first, from the warm lift.
      lift = solveLift(load, tilt, pitch, lift, Math.max(1e-3 * load, forceTolerance));
      merit = residuals(lift, tilt, r);
    }
    let iterations = 0;
    const jacobian = state.jacobian;
    // Quasi-Newton keeps the stored jacobian while it gives descent; it is rebuilt by
    // finite differences (central) when it does not, and always in the cold solve.
    let fresh = false;
    let crawling = 0;
    let haveJacobian = quasiNewton && state.haveJacobian;
    for (; iterations < loadCase.maxIterations; iterations++) {
      if (Math.abs(r[0]) <= forceTolerance && Math.abs(r[1]) <= momentTolerance) break;
      if (!haveJacobian || !quasiNewton) {
        // Forward differences from the residuals r at (lift, tilt): two evaluations, not four
        // (the solve stops on the residuals, so the jacobian's accuracy sets only the pace).
        const hLift = 1e-7;
        const hTilt = 1e-6;
        residuals(lift + hLift, tilt, plus);
        jacobian[0] = (plus[0] - r[0]) / hLift;
        jacobian[2] = (plus[1] - r[1]) / hLift;
        residuals(lift, tilt + hTilt, plus);
        jacobian[1] = (plus[0] - r[0]) / hTilt;
        jacobian[3] = (plus[1] - r[1]) / hTilt;
        haveJacobian = true;
        fresh = true;
      }
      const j00 = jacobian[0];
      const j01 = jacobian[1];
      const j10 = jacobian[2];
      const j11 = jacobian[3];
      const determinant = j00 * j11 - j01 * j10;
      if (quasiNewton && !fresh && !(Math.abs(determinant) > 0 && Number.isFinite(determinant))) {
        haveJacobian = false;
        continue;
      }
      if (!(Math.abs(determinant) > 0) || !Number.isFinite(determinant)) {
        throw new KinechainError(
          'DID_NOT_CONVERGE',
          `static foot loading (${side}, ${setup.footwear.name}): the contact cannot resist tilting (singular jacobian); ` +
            'the load may be too small, or the balance condition may ask for a centre of pressure outside the contact',
        );
      }
      const dLift = -(j11 * r[0] - j01 * r[1]) / determinant;
      const dTilt = -(-j10 * r[0] + j00 * r[1]) / determinant;
      let step = 1;
      let accepted = false;
      // A stale (Broyden) jacobian gets a few halvings before it is rebuilt.
      const halvings = quasiNewton && !fresh ? 3 : 40;
      for (let halving = 0; halving < halvings; halving++) {
        const candidate = residuals(lift + step * dLift, tilt + step * dTilt, trial);
        if (candidate < merit) {
          const stepLift = step * dLift;
          const stepTilt = step * dTilt;
          lift += stepLift;
          tilt += stepTilt;
          merit = candidate;
          if (quasiNewton) {
            // Broyden's update J += (dr - J dx) (W dx)^T / (dx^T W dx), W = diag(1/L^2, 1)
            // weighing the lift by the foot length; it makes J dx = dr hold exactly.
            const weightedLift = stepLift / (scale * scale);
            const denominator = stepLift * weightedLift + stepTilt * stepTilt;
            if (denominator > 0) {
              const missF = trial[0] - r[0] - (j00 * stepLift + j01 * stepTilt);
              const missM = trial[1] - r[1] - (j10 * stepLift + j11 * stepTilt);
              jacobian[0] += (missF * weightedLift) / denominator;
              jacobian[1] += (missF * stepTilt) / denominator;
              jacobian[2] += (missM * weightedLift) / denominator;
              jacobian[3] += (missM * stepTilt) / denominator;
            }
          }
          r[0] = trial[0];
          r[1] = trial[1];
          accepted = true;
          // Warm: steps cut to 1/64 or less again and again mean the start was poor (or the
          // balance asks for what the contact cannot give); the cold solve decides.
          crawling = quasiNewton && step <= 1 / 64 ? crawling + 1 : 0;
          break;
        }
        step /= 2;
      }
      fresh = false;
      if (crawling >= 6) break;
      if (!accepted) {
        if (quasiNewton && haveJacobian && halvings < 40) {
          haveJacobian = false;
          continue;
        }
        break;
      }
    }
    merit = residuals(lift, tilt, r);
    state.haveJacobian = haveJacobian;
    state.lift = lift;
    state.tilt = tilt;
    state.pitch = soleTilt;
    state.iterations = iterations;
    state.forceResidual = r[0];
    state.momentResidual = r[1];
    if (!(Math.abs(r[0]) <= forceTolerance * 10 && Math.abs(r[1]) <= momentTolerance * 10)) {
      throw new KinechainError(
        'DID_NOT_CONVERGE',
        `static foot loading (${side}, ${setup.footwear.name}): Newton stopped after ${iterations} iterations with ` +
          `force residual ${r[0].toExponential(2)} N and moment residual ${r[1].toExponential(2)} N m; ` +
          'the balance condition may ask for a centre of pressure outside the part of the foot that can touch the support',
      );
    }
  }

  /**
   * Signed horizontal distance (m) of the centre of pressure outside the sole's floor
   * contact at the current evaluation: > 0 ahead of it, < 0 behind, 0 within.
   */
  function copOutsideSoleContact(pitch: number): number {
    if (sole === null) return 0;
    const cop = foundation.centerOfPressure;
    const copAlong = (cop[0] - heelPoint[0]) * forward[0] + (cop[2] - heelPoint[2]) * forward[2];
    soleRollingContact(sole, pitch, rolling);
    const r = placement.rotation;
    const o = placement.origin;
    const sin = Math.sin(pitch);
    const cos = Math.cos(pitch);
    // Horizontal position (along forward, from the heel point) of the bottom point at s:
    // o + s u + lift n, the lift being zero on the flat part and (mu - s sin) / cos on an arc.
    const along = (s: number): number => {
      const lift = pitch === 0 ? 0 : (rolling[2] - s * sin) / cos;
      const gx = o[0] + s * r[0] + lift * r[1];
      const gz = o[2] + s * r[6] + lift * r[7];
      return (gx - heelPoint[0]) * forward[0] + (gz - heelPoint[2]) * forward[2];
    };
    const first = along(rolling[0]);
    const last = along(rolling[1]);
    if (copAlong > last) return copAlong - last;
    if (copAlong < first) return copAlong - first;
    return 0;
  }

  /**
   * Illinois search of the sole's pitch between a (centre of pressure outside the sole's
   * floor contact by fa) and b (by fb, of the other sign); `place` solves the foot's
   * placement at a pitch. Returns the pitch, the contact evaluated there.
   */
  function rollSole(place: (pitch: number) => void, a: number, fa: number, b: number, fb: number): number {
    let pitch = b;
    let lastSide = 0;
    for (let k = 0; k < 100; k++) {
      pitch = b - (fb * (b - a)) / (fb - fa);
      place(pitch);
      const f = copOutsideSoleContact(pitch);
      if (Math.abs(f) < 1e-10 || Math.abs(b - a) < 1e-12) break;
      if (Math.sign(f) === Math.sign(fa)) {
        a = pitch;
        fa = f;
        if (lastSide === -1) fb /= 2;
        lastSide = -1;
      } else {
        b = pitch;
        fb = f;
        if (lastSide === 1) fa /= 2;
        lastSide = 1;
      }
    }
    return pitch;
  }

  /** The solve from scratch: the foot lowered onto its support, the sole flat, then rolled if it must. */
  function solveCold(options: PlacementOptions): number {
    solvePlacement(options, 0, false);
    const outside = copOutsideSoleContact(0);
    if (sole === null || outside === 0) return 0;
    // Roll the sole: toe down (pitch < 0) for a centre of pressure ahead of its flat part.
    const limit = outside > 0 ? -Math.max(sole.toeAngleRad, 1e-6) : Math.max(sole.heelAngleRad, 1e-6);
    solvePlacement(options, limit, true);
    const atLimit = copOutsideSoleContact(limit);
    if (Math.sign(atLimit) === Math.sign(outside)) {
      throw new KinechainError(
        'OUT_OF_RANGE',
        `the centre of pressure lies ${outside > 0 ? 'ahead of the toe end' : 'behind the heel end'} of the sole's ` +
          `bottom ("${setup.footwear.name}"): the sole would tip over its end; move the centre of pressure onto the sole`,
      );
    }
    return rollSole((pitch) => solvePlacement(options, pitch, true), 0, outside, limit, atLimit);
  }

  /**
   * The solve from the previous one: quasi-Newton from the previous placement in the
   * ground, the sole from its previous pitch, its root bracketed by steps outwards from
   * there. Throws DID_NOT_CONVERGE when that does not work (the caller starts cold).
   */
  function solveWarm(options: PlacementOptions): number {
    const giveUp = (): never => {
      throw new KinechainError('DID_NOT_CONVERGE', 'the warm start did not bracket the sole pitch');
    };
    // Same calcaneus pitch and ankle height in the ground as the previous solution.
    solvePlacement(options, previous.solePitch, false, {
      lift: previous.lift + previous.pivotY - pivot[1],
      tilt: previous.tilt + (initialTilt - previous.initialTilt),
    });
    if (sole === null) return 0;
    /** Placement at another pitch: the foot keeps its tilt relative to the sole; cold within the pitch if that fails. */
    const place = (pitch: number): void => {
      const soleTilt = pitch;
      try {
        solvePlacement(options, pitch, false, { lift: state.lift, tilt: state.tilt + (soleTilt - state.pitch) });
      } catch (error) {
        if (!(error instanceof KinechainError) || error.code !== 'DID_NOT_CONVERGE') throw error;
        solvePlacement(options, pitch, true);
      }
    };
    const low = -Math.max(sole.toeAngleRad, 1e-6);
    const high = Math.max(sole.heelAngleRad, 1e-6);
    let a = previous.solePitch;
    let fa = copOutsideSoleContact(a);
    if (Math.abs(fa) < 1e-10) return a;
    // The centre of pressure ahead of the contact (f > 0) needs the sole rolled further toe down.
    const direction = fa > 0 ? -1 : 1;
    let step = 0.01;
    for (let k = 0; k < 30; k++) {
      let b = Math.min(high, Math.max(low, a + direction * step));
      // Crossing pitch 0 (the flat part): stop there first.
      if (a !== 0 && Math.sign(b) !== Math.sign(a)) b = 0;
      if (b === a) giveUp();
      place(b);
      const fb = copOutsideSoleContact(b);
      if (b === 0 && fb === 0) return 0;
      if (Math.abs(fb) < 1e-10) return b;
      if (Math.sign(fb) !== Math.sign(fa)) return rollSole(place, a, fa, b, fb);
      if (b === 0) giveUp();
      a = b;
      fa = fb;
      step *= 2;
    }
    return giveUp();
  }

  function solve(loadCase: StaticLoadCase): StaticFootLoadingResult {
    const load = requireFinite(loadCase.verticalLoadN, 'vertical load (N)');
    if (!(load > 0)) throw new KinechainError('OUT_OF_RANGE', `vertical load must be > 0 N, got ${load}`);
    const balance: StaticBalance = loadCase.balance ?? {
      kind: 'centerOfPressure',
      fractionOfFootLength: QUIET_STANDING_CENTER_OF_PRESSURE.value,
    };
    if (balance.kind === 'centerOfPressure') {
      const fraction = requireFinite(balance.fractionOfFootLength, 'centre of pressure (fraction of foot length)');
      if (!(fraction > 0 && fraction < 1)) {
        throw new KinechainError('OUT_OF_RANGE', `centre of pressure must lie on the foot: fraction of foot length in (0, 1), got ${fraction}`);
      }
    } else if (balance.kind === 'ankleMoment') {
      requireFinite(balance.momentNm, 'ankle moment (N m)');
    } else if (balance.kind === 'tilt') {
      requireFinite(balance.tiltRad, 'foot tilt (rad)');
    } else {
      throw new KinechainError('INVALID_SPEC', 'balance.kind must be "centerOfPressure", "ankleMoment" or "tilt"');
    }
    const options = {
      verticalLoadN: load,
      balance,
      forceToleranceN: requireFinite(loadCase.forceToleranceN ?? 1e-8, 'force tolerance (N)'),
      momentToleranceNm: requireFinite(loadCase.momentToleranceNm ?? 1e-9, 'moment tolerance (N m)'),
      maxIterations: loadCase.maxIterations ?? 80,
    };
    setPose(loadCase.q);
    state.evaluations = 0;
    let pitch: number | null = null;
    if (loadCase.warmStart === true && previous.solved) {
      try {
        pitch = solveWarm(options);
      } catch (error) {
        if (!(error instanceof KinechainError) || (error.code !== 'DID_NOT_CONVERGE' && error.code !== 'OUT_OF_RANGE')) throw error;
        pitch = null;
      }
    }
    if (pitch === null) pitch = solveCold(options);
    previous.solved = true;
    previous.pivotY = pivot[1];
    previous.initialTilt = initialTilt;
    previous.lift = state.lift;
    previous.tilt = state.tilt;
    previous.solePitch = pitch;
    return makeResult(load, pitch);
  }

  function makeResult(load: number, pitch: number): StaticFootLoadingResult {
    // The contact is evaluated at the solution (solvePlacement's last call).
    const total = foundation.summary.normalForceN;
    const loading = (force: number, peak: number, area: number): RegionLoading => ({
      forceN: force,
      loadShare: total > 0 ? force / total : 0,
      peakPressureKPa: peak / 1000,
      meanPressureKPa: area > 0 ? force / area / 1000 : 0,
      contactAreaM2: area,
    });
    const regions = {} as Record<PlantarRegion, RegionLoading>;
    PLANTAR_REGION_NAMES.forEach((name, k) => {
      regions[name] = loading(foundation.regionForce[k], foundation.regionPeakPressure[k], foundation.regionContactArea[k]);
    });
    const zoneOf = (names: readonly PlantarRegion[]): RegionLoading => {
      let force = 0;
      let peak = 0;
      let area = 0;
      for (const name of names) {
        const k = PLANTAR_REGION_NAMES.indexOf(name);
        force += foundation.regionForce[k];
        area += foundation.regionContactArea[k];
        peak = Math.max(peak, foundation.regionPeakPressure[k]);
      }
      return loading(force, peak, area);
    };
    const cop = foundation.centerOfPressure;
    const copAlong = (cop[0] - heelPoint[0]) * forward[0] + (cop[2] - heelPoint[2]) * forward[2];
    const ankleMoment = momentResidual({ kind: 'ankleMoment', momentNm: 0 }, state.lift);
    let plantarFasciaStrain: number | null = null;
    let plantarFasciaLengthM: number | null = null;
    if (plantarFascia !== undefined) {
      // data still holds the forward kinematics of q from setPose (the placement moves copies).
      plantarFasciaLengthM = tissuePathLength(model, data, plantarFascia);
      plantarFasciaStrain = plantarFasciaLengthM / model.passiveSlackLength[plantarFascia] - 1;
    }
    const ncell = foundation.ncell;
    const footX = new Float64Array(ncell);
    const footZ = new Float64Array(ncell);
    const pressureKPa = new Float64Array(ncell);
    for (let i = 0; i < ncell; i++) {
      footX[i] = foundation.cellFootPosition[2 * i];
      footZ[i] = foundation.cellFootPosition[2 * i + 1];
      pressureKPa[i] = foundation.cellPressure[i] / 1000;
    }
    return {
      side,
      footwear: setup.footwear.name,
      verticalLoadN: load,
      footLiftM: state.lift,
      footTiltRad: state.tilt,
      solePitchRad: pitch,
      totalForceN: [foundation.totalForce[0], foundation.totalForce[1], foundation.totalForce[2]],
      centerOfPressure: [cop[0], cop[1], cop[2]],
      centerOfPressureFromHeel: copAlong / footLength,
      ankleMomentNm: ankleMoment,
      contactAreaM2: foundation.summary.contactAreaM2,
      peakPressureKPa: foundation.summary.peakPressurePa / 1000,
      regions,
      zones: {
        heel: zoneOf(HEEL_REGIONS),
        midfoot: zoneOf(['midfoot']),
        forefoot: zoneOf(METATARSAL_HEAD_REGIONS),
        toes: zoneOf(TOE_REGIONS),
      },
      plantarFasciaStrain,
      plantarFasciaLengthM,
      residualForceN: state.forceResidual,
      residualMomentNm: state.momentResidual,
      iterations: state.iterations,
      contactEvaluations: state.evaluations,
      cells: { footX, footZ, pressureKPa },
    };
  }

  return {
    side,
    footwear: setup.footwear,
    footLengthM: footLength,
    foundation,
    sole,
    placement,
    solve,
    evaluateAt(q, liftM, tiltRad, solePitchRad) {
      setPose(q);
      evaluate(requireFinite(liftM, 'lift (m)'), requireFinite(tiltRad, 'tilt (rad)'), requireFinite(solePitchRad, 'sole pitch (rad)'));
      return foundation;
    },
  };
}

/** One foot, one load case: makeStaticFootLoading then solve. */
export function solveStaticFootLoading(model: Model, setup: StaticFootLoadingSetup & StaticLoadCase): StaticFootLoadingResult {
  return makeStaticFootLoading(model, setup).solve(setup);
}

/**
 * Both feet standing on the same footwear, each carrying half of totalLoadN (default:
 * the model's body weight), each with the same balance condition.
 */
export function solveStandingOnBothFeet(
  model: Model,
  setup: Omit<StaticFootLoadingSetup, 'side'> & Omit<StaticLoadCase, 'verticalLoadN'> & { readonly totalLoadN?: number },
): { readonly r: StaticFootLoadingResult; readonly l: StaticFootLoadingResult } {
  const gravity = Math.hypot(model.gravity[0], model.gravity[1], model.gravity[2]);
  const total = requireFinite(setup.totalLoadN ?? model.totalMass * gravity, 'total load (N)');
  const perFoot = { ...setup, verticalLoadN: total / 2 };
  return {
    r: makeStaticFootLoading(model, { ...setup, side: 'r' }).solve(perFoot),
    l: makeStaticFootLoading(model, { ...setup, side: 'l' }).solve(perFoot),
  };
}
