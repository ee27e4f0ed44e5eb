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
 * turning the foot about that axis to bring it level also turns it about the vertical and
 * rolls it, so the ankle angle (pitch), the hip's axial rotation (which turns the straight
 * leg about its own long axis, hip to ankle: heading) and the subtalar angle (roll) are
 * solved together until the rearfoot frame is back to its reference orientation (its X
 * axis horizontal and straight ahead, its Z axis horizontal). The midtarsal and toe
 * joints stay at 0. The pelvis tilt of the bent poses passes the free joint's nominal +-90 deg
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
/** Newton steps of the foot orientation solve at most. */
const MAX_FOOT_ITERATIONS = 20;
/** The foot is flat when its orientation error (sum of the rotation vector's components, rad) is below this. */
const FOOT_ANGLE_TOLERANCE = 1e-12;

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
  /** Hip axial rotation (internal +) that keeps each foot pointing straight ahead. */
  hipRotationRight: number;
  hipRotationLeft: number;
  /** Subtalar angle (inversion +) that keeps each foot from rolling. */
  subtalarAngleRight: number;
  subtalarAngleLeft: number;
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

/** The transform axis driven by coordinate `coordinate` (its first, for a coordinate driving several). */
function axisOfCoordinate(model: Model, coordinate: number): number {
  for (let k = 0; k < model.naxis; k++) if (model.axisCoordinate[k] === coordinate && model.axisKind[k] === AxisKind.rotation) return k;
  throw new KinechainError('UNSUPPORTED', `coordinate "${model.coordinateName[coordinate]}" drives no rotation axis`);
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
    hipR: number; hipL: number; hipRotationR: number; hipRotationL: number; subtalarR: number; subtalarL: number;
    kneeR: number; kneeL: number; ankleR: number; ankleL: number;
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
  private readonly hipRotationAxisR: number;
  private readonly hipRotationAxisL: number;
  private readonly subtalarAxisR: number;
  private readonly subtalarAxisL: number;

  private readonly legRangeR: [number, number];
  private readonly legRangeL: [number, number];
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
      hipR: c('hip_flexion_r'), hipL: c('hip_flexion_l'), hipRotationR: c('hip_rotation_r'), hipRotationL: c('hip_rotation_l'),
      subtalarR: c('subtalar_angle_r'), subtalarL: c('subtalar_angle_l'),
      kneeR: c('knee_angle_r'), kneeL: c('knee_angle_l'),
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
    this.hipRotationAxisR = axisOfCoordinate(model, this.index.hipRotationR);
    this.hipRotationAxisL = axisOfCoordinate(model, this.index.hipRotationL);
    this.subtalarAxisR = axisOfCoordinate(model, this.index.subtalarR);
    this.subtalarAxisL = axisOfCoordinate(model, this.index.subtalarL);

    this.legRangeR = subtreeRange(model, model.coordinateBody[this.index.hipRotationR]);
    this.legRangeL = subtreeRange(model, model.coordinateBody[this.index.hipRotationL]);
    let footMass = 0;
    for (const talus of [this.talusR, this.talusL]) {
      const [first, end] = subtreeRange(model, talus);
      for (let b = first; b < end; b++) footMass += model.bodyMass[b];
    }
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
      ankleAngleRight: 0, ankleAngleLeft: 0, hipRotationRight: 0, hipRotationLeft: 0,
      subtalarAngleRight: 0, subtalarAngleLeft: 0, armFlexion: 0,
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
    q[ix.hipRotationR] = state.hipRotationRight;
    q[ix.hipRotationL] = state.hipRotationLeft;
    q[ix.subtalarR] = state.subtalarAngleRight;
    q[ix.subtalarL] = state.subtalarAngleLeft;
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
    this.squareFoot(ix.hipRotationR, ix.subtalarR, ix.ankleR, this.hipRotationAxisR, this.subtalarAxisR, this.ankleAxisR, this.calcnR, this.legRangeR);
    this.squareFoot(ix.hipRotationL, ix.subtalarL, ix.ankleL, this.hipRotationAxisL, this.subtalarAxisL, this.ankleAxisL, this.calcnL, this.legRangeL);
    state.ankleAngleRight = q[ix.ankleR];
    state.ankleAngleLeft = q[ix.ankleL];
    state.hipRotationRight = q[ix.hipRotationR];
    state.hipRotationLeft = q[ix.hipRotationL];
    state.subtalarAngleRight = q[ix.subtalarR];
    state.subtalarAngleLeft = q[ix.subtalarL];
  }

  /**
   * Brings one rearfoot back to its reference orientation (R_ground_calcn = I: level,
   * straight ahead, not rolled) with the hip's axial rotation, the subtalar angle and the
   * ankle angle. Newton's method on the rotation vector: the rearfoot's orientation error
   * e = vee((R - R^T) / 2) (= sin(angle) * axis) changes by sum_k u_k d_k for small turns
   * d_k about the three joint axes u_k (ground), so each step solves [u_1 u_2 u_3] d = -e
   * (Cramer's rule), applies d and re-places the leg. Converges quadratically from the
   * previous posture's angles.
   */
  private squareFoot(
    hipRotation: number, subtalar: number, ankle: number,
    hipAxis: number, subtalarAxis: number, ankleAxis: number,
    calcn: number, legRange: [number, number],
  ): void {
    const data = this.data;
    const q = this.q;
    const u = data.scratch.axisWorld;
    const r = data.bodyRotation;
    const o = 9 * calcn;
    for (let iteration = 0; iteration < MAX_FOOT_ITERATIONS; iteration++) {
      const ex = 0.5 * (r[o + 7] - r[o + 5]);
      const ey = 0.5 * (r[o + 2] - r[o + 6]);
      const ez = 0.5 * (r[o + 3] - r[o + 1]);
      if (Math.abs(ex) + Math.abs(ey) + Math.abs(ez) < FOOT_ANGLE_TOLERANCE && r[o] > 0 && r[o + 4] > 0 && r[o + 8] > 0) return;
      const a0 = 3 * hipAxis;
      const a1 = 3 * subtalarAxis;
      const a2 = 3 * ankleAxis;
      // Columns of M: the three axes in ground.
      const m00 = u[a0], m10 = u[a0 + 1], m20 = u[a0 + 2];
      const m01 = u[a1], m11 = u[a1 + 1], m21 = u[a1 + 2];
      const m02 = u[a2], m12 = u[a2 + 1], m22 = u[a2 + 2];
      const det = m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20);
      if (!(Math.abs(det) > 1e-9)) {
        throw new KinechainError('DID_NOT_CONVERGE', 'the hip, subtalar and ankle axes are too close to parallel to bring the foot flat');
      }
      const bx = -ex;
      const by = -ey;
      const bz = -ez;
      const d0 = (bx * (m11 * m22 - m12 * m21) - m01 * (by * m22 - m12 * bz) + m02 * (by * m21 - m11 * bz)) / det;
      const d1 = (m00 * (by * m22 - m12 * bz) - bx * (m10 * m22 - m12 * m20) + m02 * (m10 * bz - by * m20)) / det;
      const d2 = (m00 * (m11 * bz - by * m21) - m01 * (m10 * bz - by * m20) + bx * (m10 * m21 - m11 * m20)) / det;
      q[hipRotation] += d0;
      q[subtalar] += d1;
      q[ankle] += d2;
      placeBodies(this.model, data, q, legRange[0], legRange[1]);
    }
    throw new KinechainError('DID_NOT_CONVERGE', 'the foot could not be brought flat on the floor in this posture');
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


/** Coordinates that pose() writes, by name, for reporting (rad or m). */
export function forwardBendCoordinates(kinematics: ForwardBendKinematics): Record<string, number> {
  const out: Record<string, number> = {};
  const model = kinematics.model;
  for (let j = 0; j < model.nq; j++) {
    if (kinematics.q[j] !== model.coordinateDefault[j]) out[model.coordinateName[j]] = kinematics.q[j];
  }
  return out;
}
