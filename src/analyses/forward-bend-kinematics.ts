/**
 * The standing toe-touch movement as a one-parameter family of poses: a bend parameter
 * s in [0, 1] maps to a whole-body posture.
 *
 * - Knees extended (knee angle 0), feet flat on the floor at their reference placement.
 * - Hips and lumbar spine flex together with the lumbopelvic rhythm of Esola et al. 1996
 *   (library/forward-bend-rhythm.ts): s sets the total flexion T = s * T_max (hip +
 *   lumbar, deg); the lumbar share follows Esola's phase ratios (dL/dT = r / (1 + r) in
 *   each 30 deg phase), the hips take the rest. T_max is where the hip reaches its range
 *   limit, so s = 1 is the hip's end of range.
 * - The thoracic spine flexes in proportion to the lumbar spine; the neck and the head
 *   flex with the trunk, reaching their full-bend values when the lumbar spine does.
 * - The arms hang vertically from the shoulders (shoulder flexion equals the thorax's
 *   inclination), elbows, wrists and fingers straight.
 * - The legs' inclination is solved so that the whole-body centre of mass stays above its
 *   quiet-standing position (the hips shift back as the trunk goes forward), with the
 *   ankle angle turning the foot back to flat and the pelvis translated so that the ankle
 *   joint centres stay at their reference positions.
 *
 * What "flat" means with the default body's oblique ankle axis (gait2392, Inman 1976):
 * the ankle angle is solved so that the rearfoot's long (X) axis is horizontal; turning
 * about an oblique axis leaves a small roll and yaw of the foot (well under a degree for
 * the few degrees of ankle motion of a toe-touch). The subtalar, midtarsal and toe joints
 * stay at 0. The pelvis tilt of the bent poses passes the free joint's nominal +-90 deg
 * range near s = 1, and the shoulder can pass 180 deg there: those ranges are conventions
 * of a free joint and of a hanging arm, far beyond any toe-touch end point.
 *
 * Cost: one forward kinematics pass per posture iteration (2-4 iterations with a warm
 * start from the previous s) plus re-placing the foot bodies; nothing is allocated after
 * construction.
 */
import { KinechainError } from '../core/errors.js';
import { centerOfMass } from '../core/kinematics/center-of-mass.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { bodyPointPosition } from '../core/kinematics/jacobian.js';
import { placeBodies } from '../core/kinematics/joint-transform.js';
import { AxisKind, type Data, type Model } from '../core/model/model.js';
import { FORWARD_BEND_RHYTHM } from '../library/forward-bend-rhythm.js';
import { HAND_LENGTH_TO_FINGERTIP } from '../library/reach-landmarks.js';

const DEG = Math.PI / 180;

/** Rhythm parameters as plain numbers (deg for angles, ratios unitless): nominal values of FORWARD_BEND_RHYTHM by default. */
export interface ForwardBendRhythmValues {
  readonly phaseWidthDeg: number;
  readonly earlyLumbarToHipRatio: number;
  readonly middleLumbarToHipRatio: number;
  readonly lateLumbarToHipRatio: number;
  readonly endLumbarToHipRatio: number;
  readonly thoracicToLumbarRatio: number;
  readonly neckFlexionAtFullBendDeg: number;
  readonly headFlexionAtFullBendDeg: number;
}

export function nominalForwardBendRhythm(): ForwardBendRhythmValues {
  const r = FORWARD_BEND_RHYTHM;
  return {
    phaseWidthDeg: r.phaseWidthDeg.value,
    earlyLumbarToHipRatio: r.earlyLumbarToHipRatio.value,
    middleLumbarToHipRatio: r.middleLumbarToHipRatio.value,
    lateLumbarToHipRatio: r.lateLumbarToHipRatio.value,
    endLumbarToHipRatio: r.endLumbarToHipRatio.value,
    thoracicToLumbarRatio: r.thoracicToLumbarRatio.value,
    neckFlexionAtFullBendDeg: r.neckFlexionAtFullBendDeg.value,
    headFlexionAtFullBendDeg: r.headFlexionAtFullBendDeg.value,
  };
}

export interface ForwardBendOptions {
  /** Rhythm values; nominalForwardBendRhythm() where absent. */
  readonly rhythm?: Partial<ForwardBendRhythmValues>;
  /** Hand length from the wrist joint centre to the fingertip (m); HAND_LENGTH_TO_FINGERTIP x stature by default. */
  readonly fingertipDistanceM?: number;
  /** Largest |CoM x error| accepted by the posture solve (m). Default 1e-9. */
  readonly tolerance?: number;
}

/** The joint angles the rhythm gives at one s (rad; flexion positive). */
export interface ForwardBendAngles {
  s: number;
  /** Hip + lumbar flexion (rad). */
  totalFlexion: number;
  hipFlexion: number;
  lumbarFlexion: number;
  thoracicFlexion: number;
  neckFlexion: number;
  headFlexion: number;
}

/** The solved posture at one s (reused between calls; angles in rad, positions in m, ground frame). */
export interface ForwardBendState extends ForwardBendAngles {
  /** OpenSim pelvis_tilt (anterior tilt negative). */
  pelvisTilt: number;
  /** Inclination of the (straight) legs in the sagittal plane (rotation about Z): + = the hips behind the ankles. */
  legInclination: number;
  /** Ankle angle (dorsiflexion +), equal on both sides for a mirror-symmetric skeleton. */
  ankleAngleRight: number;
  ankleAngleLeft: number;
  /** Shoulder flexion that hangs the arms vertically. */
  armFlexion: number;
  /** [6] fingertip positions: right x y z, then left x y z. */
  readonly fingertip: Float64Array;
  /** [3] whole-body centre of mass. */
  readonly com: Float64Array;
  /** Posture iterations used and the remaining |CoM x - target| (m). */
  iterations: number;
  residualM: number;
}

function requireCoordinate(model: Model, name: string): number {
  const index = model.coordinateIndex.get(name);
  if (index === undefined) {
    throw new KinechainError(
      'UNKNOWN_NAME',
      `the forward-bend kinematics need coordinate "${name}" (default-body naming, see notes on body names); the model "${model.name}" has no such coordinate`,
      { name },
    );
  }
  return index;
}

function requireBody(model: Model, name: string): number {
  const index = model.bodyIndex.get(name);
  if (index === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `the forward-bend kinematics need body "${name}"; the model "${model.name}" has none`, { name });
  }
  return index;
}

/** First rotation axis of the joint of `body` (index into the transform axes). */
function firstRotationAxis(model: Model, body: number): number {
  const first = model.jointAxisAdr[body];
  for (let k = first; k < first + model.jointAxisNum[body]; k++) {
    if (model.axisKind[k] === AxisKind.rotation && model.axisCoordinate[k] >= 0) return k;
  }
  throw new KinechainError('UNSUPPORTED', `joint "${model.jointName[body]}" has no rotation axis driven by a coordinate`);
}

/** Bodies of the subtree rooted at `root`, which must be contiguous in model order: [first, end). */
function subtreeRange(model: Model, root: number): [number, number] {
  let end = root + 1;
  const inSubtree = (b: number): boolean => {
    for (let a = b; a >= 0; a = model.bodyParent[a]) if (a === root) return true;
    return false;
  };
  while (end < model.nbody && inSubtree(end)) end++;
  for (let b = end; b < model.nbody; b++) {
    if (inSubtree(b)) {
      throw new KinechainError('UNSUPPORTED', `the bodies below "${model.bodyName[root]}" are not contiguous in model order`);
    }
  }
  return [root, end];
}

/**
 * Lumbar flexion (deg) after `totalDeg` of hip + lumbar flexion: the integral of
 * r / (1 + r) over Esola's phases.
 */
export function lumbarShareDeg(rhythm: ForwardBendRhythmValues, totalDeg: number): number {
  const width = rhythm.phaseWidthDeg;
  const ratios = [rhythm.earlyLumbarToHipRatio, rhythm.middleLumbarToHipRatio, rhythm.lateLumbarToHipRatio];
  let lumbar = 0;
  let start = 0;
  for (const ratio of ratios) {
    const inPhase = Math.min(Math.max(totalDeg - start, 0), width);
    lumbar += (inPhase * ratio) / (1 + ratio);
    start += width;
  }
  const end = rhythm.endLumbarToHipRatio;
  lumbar += (Math.max(totalDeg - start, 0) * end) / (1 + end);
  return lumbar;
}

/**
 * The standing forward bend of one model: prepared once (indices, reference positions,
 * scratch), then `pose(s)` solves the posture at any s into `q`, `data` and `state`.
 */
export class ForwardBendKinematics {
  readonly model: Model;
  readonly data: Data;
  /** [nq] coordinates of the last posture solved. */
  readonly q: Float64Array;
  readonly state: ForwardBendState;
  readonly rhythm: ForwardBendRhythmValues;
  /** Total flexion at s = 1 (deg). */
  readonly maxTotalFlexionDeg: number;
  /** Lumbar flexion at which the neck and head reach their full-bend values (deg). */
  readonly lumbarFlexionAtFullBendDeg: number;
  /** Centre of mass x held by the posture solve: its quiet-standing value (m). */
  readonly comTargetX: number;
  /** [6] ankle joint centres (talus origins) in the reference pose: right then left (m). */
  readonly ankleReference: Float64Array;
  /** [3] fingertip in the hand frame (m). */
  readonly fingertipInHand: Float64Array;
  private readonly tolerance: number;
  private readonly index: {
    pelvisTilt: number; pelvisTx: number; pelvisTy: number;
    hipR: number; hipL: number; kneeR: number; kneeL: number; ankleR: number; ankleL: number;
    lumbar: number; thoracic: number; neck: number; head: number;
    armR: number; armL: number; elbowR: number; elbowL: number; wristR: number; wristL: number;
  };
  private readonly talusR: number;
  private readonly talusL: number;
  private readonly calcnR: number;
  private readonly calcnL: number;
  private readonly handR: number;
  private readonly handL: number;
  private readonly ankleAxisR: number;
  private readonly ankleAxisL: number;
  private readonly footRangeR: [number, number];
  private readonly footRangeL: [number, number];
  /** Mass of everything but the feet / total mass (the part the leg inclination turns about the ankles). */
  private readonly massAboveAnkles: number;

  constructor(model: Model, data: Data, options: ForwardBendOptions = {}) {
    this.model = model;
    this.data = data;
    this.q = new Float64Array(model.nq);
    const rhythm = { ...nominalForwardBendRhythm(), ...options.rhythm };
    for (const [key, value] of Object.entries(rhythm)) {
      if (!(Number.isFinite(value) && value >= 0)) {
        throw new KinechainError('OUT_OF_RANGE', `forward-bend rhythm "${key}" must be a finite number >= 0, got ${String(value)}`, { key });
      }
    }
    if (!(rhythm.phaseWidthDeg > 0)) throw new KinechainError('OUT_OF_RANGE', 'forward-bend rhythm phaseWidthDeg must be > 0');
    this.rhythm = Object.freeze(rhythm);
    this.tolerance = options.tolerance ?? 1e-9;
    const c = (name: string) => requireCoordinate(model, name);
    this.index = {
      pelvisTilt: c('pelvis_tilt'), pelvisTx: c('pelvis_tx'), pelvisTy: c('pelvis_ty'),
      hipR: c('hip_flexion_r'), hipL: c('hip_flexion_l'), kneeR: c('knee_angle_r'), kneeL: c('knee_angle_l'),
      ankleR: c('ankle_angle_r'), ankleL: c('ankle_angle_l'),
      lumbar: c('lumbar_extension'), thoracic: c('thoracic_extension'), neck: c('neck_extension'), head: c('head_extension'),
      armR: c('arm_flex_r'), armL: c('arm_flex_l'), elbowR: c('elbow_flex_r'), elbowL: c('elbow_flex_l'),
      wristR: c('wrist_flex_r'), wristL: c('wrist_flex_l'),
    };
    this.talusR = requireBody(model, 'talus_r');
    this.talusL = requireBody(model, 'talus_l');
    this.calcnR = requireBody(model, 'calcn_r');
    this.calcnL = requireBody(model, 'calcn_l');
    this.handR = requireBody(model, 'hand_r');
    this.handL = requireBody(model, 'hand_l');
    this.ankleAxisR = firstRotationAxis(model, this.talusR);
    this.ankleAxisL = firstRotationAxis(model, this.talusL);
    this.footRangeR = subtreeRange(model, this.talusR);
    this.footRangeL = subtreeRange(model, this.talusL);
    let footMass = 0;
    for (const [first, end] of [this.footRangeR, this.footRangeL]) for (let b = first; b < end; b++) footMass += model.bodyMass[b];
    this.massAboveAnkles = (model.totalMass - footMass) / model.totalMass;

    const hipMaxDeg = model.coordinateRange[2 * this.index.hipR + 1] / DEG;
    // T_max: the hip reaches its limit; the lumbar share is then constant if the end ratio is 0.
    let total = hipMaxDeg;
    for (let k = 0; k < 50; k++) total = hipMaxDeg + lumbarShareDeg(this.rhythm, total);
    this.maxTotalFlexionDeg = total;
    this.lumbarFlexionAtFullBendDeg = Math.max(lumbarShareDeg(this.rhythm, 3 * this.rhythm.phaseWidthDeg), 1e-9);

    const fingertip = options.fingertipDistanceM ?? HAND_LENGTH_TO_FINGERTIP.value * (model.spec.subject?.heightM ?? 1.75);
    if (!(Number.isFinite(fingertip) && fingertip > 0)) {
      throw new KinechainError('OUT_OF_RANGE', `fingertipDistanceM must be a positive length in m, got ${String(fingertip)}`);
    }
    this.fingertipInHand = Float64Array.of(0, -fingertip, 0);

    // Reference pose: ankle centres and the quiet-standing centre of mass.
    this.q.set(model.coordinateDefault);
    forwardKinematics(model, data, this.q);
    centerOfMass(model, data);
    this.comTargetX = data.comPosition[0];
    this.ankleReference = new Float64Array(6);
    for (let i = 0; i < 3; i++) {
      this.ankleReference[i] = data.bodyPosition[3 * this.talusR + i];
      this.ankleReference[3 + i] = data.bodyPosition[3 * this.talusL + i];
    }
    this.state = {
      s: 0, totalFlexion: 0, hipFlexion: 0, lumbarFlexion: 0, thoracicFlexion: 0, neckFlexion: 0, headFlexion: 0,
      pelvisTilt: model.coordinateDefault[this.index.pelvisTilt], legInclination: 0,
      ankleAngleRight: 0, ankleAngleLeft: 0, armFlexion: 0,
      fingertip: new Float64Array(6), com: new Float64Array(3), iterations: 0, residualM: 0,
    };
  }

  /** The rhythm's joint angles at s (no kinematics). Writes and returns `out`. */
  angles(s: number, out: ForwardBendAngles): ForwardBendAngles {
    if (!(s >= 0 && s <= 1)) {
      throw new KinechainError('OUT_OF_RANGE', `bend parameter s must lie in [0, 1], got ${String(s)}`, { s: String(s) });
    }
    const totalDeg = s * this.maxTotalFlexionDeg;
    const lumbarDeg = lumbarShareDeg(this.rhythm, totalDeg);
    const progress = Math.min(lumbarDeg / this.lumbarFlexionAtFullBendDeg, 1);
    out.s = s;
    out.totalFlexion = totalDeg * DEG;
    out.lumbarFlexion = lumbarDeg * DEG;
    out.hipFlexion = (totalDeg - lumbarDeg) * DEG;
    out.thoracicFlexion = this.rhythm.thoracicToLumbarRatio * lumbarDeg * DEG;
    out.neckFlexion = progress * this.rhythm.neckFlexionAtFullBendDeg * DEG;
    out.headFlexion = progress * this.rhythm.headFlexionAtFullBendDeg * DEG;
    return out;
  }

  /**
   * Solves the posture at bend s: fills this.q, the kinematics of this.data (forward
   * kinematics and centre of mass at the returned pose) and this.state. Starts from the
   * previous leg inclination (warm start).
   */
  pose(s: number): ForwardBendState {
    const state = this.state;
    this.angles(s, state);
    const model = this.model;
    const data = this.data;
    const q = this.q;
    const ix = this.index;
    q.set(model.coordinateDefault);
    q[ix.hipR] = state.hipFlexion;
    q[ix.hipL] = state.hipFlexion;
    q[ix.kneeR] = 0;
    q[ix.kneeL] = 0;
    q[ix.lumbar] = -state.lumbarFlexion;
    q[ix.thoracic] = -state.thoracicFlexion;
    q[ix.neck] = -state.neckFlexion;
    q[ix.head] = -state.headFlexion;
    q[ix.elbowR] = 0;
    q[ix.elbowL] = 0;
    q[ix.wristR] = 0;
    q[ix.wristL] = 0;
    q[ix.ankleR] = state.ankleAngleRight;
    q[ix.ankleL] = state.ankleAngleLeft;
    const baseTx = q[ix.pelvisTx];
    const baseTy = q[ix.pelvisTy];

    // Secant iteration on the leg inclination phi so that CoM x = target, the first step
    // using the rigid-rotation slope dCoMx/dphi = -(m_above/m)(CoM_y - ankle_y).
    let phi = state.legInclination;
    let previousPhi = Number.NaN;
    let previousError = Number.NaN;
    let error = Number.POSITIVE_INFINITY;
    let iterations = 0;
    let shiftX = 0;
    let shiftY = 0;
    for (; iterations < 50; iterations++) {
      this.placeAt(phi, baseTx, baseTy, state);
      shiftX = 0.5 * (this.ankleReference[0] + this.ankleReference[3]) -
        0.5 * (data.bodyPosition[3 * this.talusR] + data.bodyPosition[3 * this.talusL]);
      shiftY = 0.5 * (this.ankleReference[1] + this.ankleReference[4]) -
        0.5 * (data.bodyPosition[3 * this.talusR + 1] + data.bodyPosition[3 * this.talusL + 1]);
      centerOfMass(model, data);
      error = data.comPosition[0] + shiftX - this.comTargetX;
      if (Math.abs(error) <= this.tolerance) break;
      let slope: number;
      if (Number.isFinite(previousError) && previousPhi !== phi && previousError !== error) {
        slope = (error - previousError) / (phi - previousPhi);
      } else {
        const height = data.comPosition[1] + shiftY - 0.5 * (this.ankleReference[1] + this.ankleReference[4]);
        slope = -this.massAboveAnkles * height;
      }
      if (!(Math.abs(slope) > 1e-12)) break;
      previousPhi = phi;
      previousError = error;
      phi -= error / slope;
    }
    if (!(Math.abs(error) <= Math.max(this.tolerance, 1e-6))) {
      throw new KinechainError(
        'DID_NOT_CONVERGE',
        `forward-bend posture at s = ${s}: the centre of mass could not be held over the feet (error ${error} m after ${iterations} iterations)`,
        { s, error },
      );
    }
    // Translate the pelvis so the ankle centres are at their reference positions, and refresh the kinematics.
    q[ix.pelvisTx] = baseTx + shiftX;
    q[ix.pelvisTy] = baseTy + shiftY;
    forwardKinematics(model, data, q);
    centerOfMass(model, data);
    state.legInclination = phi;
    state.iterations = iterations + 1;
    state.residualM = Math.abs(data.comPosition[0] - this.comTargetX);
    state.com[0] = data.comPosition[0];
    state.com[1] = data.comPosition[1];
    state.com[2] = data.comPosition[2];
    bodyPointPosition(data, this.handR, this.fingertipInHand, state.fingertip, 0);
    bodyPointPosition(data, this.handL, this.fingertipInHand, state.fingertip, 3);
    return state;
  }

  /**
   * Places the body for leg inclination phi: pelvis tilt phi - hip flexion, arms hanging,
   * then the ankles turned so the rearfoot is level (feet re-placed after the turn).
   */
  private placeAt(phi: number, tx: number, ty: number, state: ForwardBendState): void {
    const model = this.model;
    const data = this.data;
    const q = this.q;
    const ix = this.index;
    const tilt = phi - state.hipFlexion;
    // Thorax inclination in ground (about Z): tilt + lumbar extension + thoracic extension.
    const thoraxAngle = tilt - state.lumbarFlexion - state.thoracicFlexion;
    const arm = -thoraxAngle;
    q[ix.pelvisTilt] = tilt;
    q[ix.pelvisTx] = tx;
    q[ix.pelvisTy] = ty;
    q[ix.armR] = arm;
    q[ix.armL] = arm;
    forwardKinematics(model, data, q);
    state.pelvisTilt = tilt;
    state.armFlexion = arm;
    state.ankleAngleRight = this.levelFoot(ix.ankleR, this.ankleAxisR, this.calcnR, this.footRangeR);
    state.ankleAngleLeft = this.levelFoot(ix.ankleL, this.ankleAxisL, this.calcnL, this.footRangeL);
  }

  /**
   * Turns the ankle (coordinate `coordinate`, ground axis `axis`) so that the rearfoot's X
   * axis is horizontal, and re-places the foot bodies. Rotating the foot by delta about
   * the unit axis u turns the rearfoot axis x into x cos d + (u x x) sin d + u (u.x)(1 - cos d);
   * its vertical component A cos d + B sin d + C = 0 is solved in closed form, taking
   * the root nearest 0.
   */
  private levelFoot(coordinate: number, axis: number, calcn: number, range: [number, number]): number {
    const data = this.data;
    const u = data.scratch.axisWorld;
    const ux = u[3 * axis];
    const uy = u[3 * axis + 1];
    const uz = u[3 * axis + 2];
    const r = data.bodyRotation;
    // Rearfoot X axis in ground: first column of R_ground_calcn.
    const xx = r[9 * calcn];
    const xy = r[9 * calcn + 3];
    const xz = r[9 * calcn + 6];
    const ud = ux * xx + uy * xy + uz * xz;
    const crossY = uz * xx - ux * xz;
    const a = xy - uy * ud;
    const b = crossY;
    const c = uy * ud;
    const amplitude = Math.hypot(a, b);
    if (!(amplitude > 1e-12) || Math.abs(c) > amplitude) {
      throw new KinechainError('DID_NOT_CONVERGE', 'the ankle axis cannot bring the foot level in this posture');
    }
    const base = Math.atan2(b, a);
    const spread = Math.acos(-c / amplitude);
    const first = wrapAngle(base + spread);
    const second = wrapAngle(base - spread);
    const delta = Math.abs(first) < Math.abs(second) ? first : second;
    const q = this.q;
    q[coordinate] += delta;
    placeBodies(this.model, data, q, range[0], range[1]);
    return q[coordinate];
  }

  /** Fingertip-to-floor distance of the last posture (m): the lower of the two fingertips' heights above y = 0. */
  fingertipHeightM(): number {
    return Math.min(this.state.fingertip[1], this.state.fingertip[4]);
  }

  /** Ground position of `pointInBody` (body frame, m) of `body` in the last posture, into out[0..2]. */
  pointPosition(body: number, pointInBody: ArrayLike<number>, out: Float64Array): Float64Array {
    bodyPointPosition(this.data, body, pointInBody, out, 0);
    return out;
  }
}

function wrapAngle(angle: number): number {
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}

/** Coordinates that pose() writes, by name, for reporting (rad or m). */
export function forwardBendCoordinates(kinematics: ForwardBendKinematics): Record<string, number> {
  const out: Record<string, number> = {};
  const model = kinematics.model;
  for (let j = 0; j < model.nq; j++) {
    if (kinematics.q[j] !== model.coordinateDefault[j]) out[model.coordinateName[j]] = kinematics.q[j];
  }
  return out;
}
