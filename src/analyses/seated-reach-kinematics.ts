/**
 * Postures of the seated sit-and-reach, set by two numbers: how far the spine is flexed
 * (a fraction of its end values) and how far the hips are flexed.
 *
 * Posture: long sitting, legs straight and horizontal on the floor (knees 0), soles
 * against the box (ankles 0 deg, so the soles are vertical), hip joint centres fixed (the
 * thighs rest on the floor and the pelvis turns about the hips as it tilts: pelvis tilt =
 * 90 deg - hip flexion). The spine flexes by `spine` in [0, 1] times the end values of the
 * standing forward-bend rhythm (lumbar and thoracic, library/forward-bend-rhythm.ts), the
 * neck and head with it. The arms point forward horizontally (shoulder flexion = 90 deg
 * minus the thorax's inclination), capped at the shoulder's range limit, past which they
 * point slightly down; elbows, wrists and fingers straight.
 *
 * Reach: the horizontal distance (m) of the fingertip past the plane of the soles, the
 * face of the box; positive = past the toes (library/flexibility-norms.ts gives the box
 * conventions). The plane of the soles is the vertical plane through the point of the
 * rearfoot that lay on the floor below the rearfoot's origin in the reference pose.
 * Vertically, the ankle joint centres are placed at their standing height above the
 * floor (the back of the heel rests on the floor); nothing reported depends on it.
 */
import { KinechainError } from '../core/errors.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { bodyPointPosition } from '../core/kinematics/jacobian.js';
import type { Data, Model } from '../core/model/model.js';
import { HAND_LENGTH_TO_FINGERTIP } from '../library/reach-landmarks.js';
import { lumbarShareDeg, nominalForwardBendRhythm, type ForwardBendRhythmValues } from './forward-bend-kinematics.js';

const DEG = Math.PI / 180;

export interface SeatedReachOptions {
  /** Rhythm values of the standing bend whose spinal end values are used (nominal by default). */
  readonly rhythm?: Partial<ForwardBendRhythmValues>;
  /** Wrist joint centre to fingertip (m); HAND_LENGTH_TO_FINGERTIP x stature by default. */
  readonly fingertipDistanceM?: number;
}

export interface SeatedReachState {
  /** Spinal flexion as a fraction of its end values, in [0, 1]. */
  spine: number;
  hipFlexion: number;
  lumbarFlexion: number;
  thoracicFlexion: number;
  neckFlexion: number;
  headFlexion: number;
  armFlexion: number;
  /** [6] fingertips: right x y z, left x y z (m). */
  readonly fingertip: Float64Array;
  /** x of the plane of the soles (m). */
  solePlaneX: number;
}

function index(model: Model, map: ReadonlyMap<string, number>, name: string, what: string): number {
  const found = map.get(name);
  if (found === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `the sit-and-reach kinematics need ${what} "${name}"; the model "${model.name}" has none`, { name });
  }
  return found;
}

export class SeatedReachKinematics {
  readonly model: Model;
  readonly data: Data;
  /** [nq] coordinates of the last pose. */
  readonly q: Float64Array;
  readonly state: SeatedReachState;
  /** Spinal flexion at spine = 1 (deg). */
  readonly lumbarEndDeg: number;
  readonly thoracicEndDeg: number;
  readonly neckEndDeg: number;
  readonly headEndDeg: number;
  /** Largest hip flexion: the hip's range limit (rad). */
  readonly maxHipFlexion: number;
  readonly fingertipInHand: Float64Array;
  private readonly solePointInCalcn: Float64Array;
  private readonly point = new Float64Array(3);
  private readonly ix: Readonly<Record<string, number>>;
  private readonly bodies: { handR: number; handL: number; calcnR: number };
  private readonly shoulderMax: number;
  private readonly seatedTy: number;

  constructor(model: Model, data: Data, options: SeatedReachOptions = {}) {
    this.model = model;
    this.data = data;
    this.q = new Float64Array(model.nq);
    const rhythm = { ...nominalForwardBendRhythm(), ...options.rhythm };
    const c = (name: string) => index(model, model.coordinateIndex, name, 'coordinate');
    this.ix = {
      tilt: c('pelvis_tilt'), ty: c('pelvis_ty'),
      hipR: c('hip_flexion_r'), hipL: c('hip_flexion_l'), kneeR: c('knee_angle_r'), kneeL: c('knee_angle_l'),
      ankleR: c('ankle_angle_r'), ankleL: c('ankle_angle_l'),
      lumbar: c('lumbar_extension'), thoracic: c('thoracic_extension'), neck: c('neck_extension'), head: c('head_extension'),
      armR: c('arm_flex_r'), armL: c('arm_flex_l'),
    };
    const b = (name: string) => index(model, model.bodyIndex, name, 'body');
    this.bodies = { handR: b('hand_r'), handL: b('hand_l'), calcnR: b('calcn_r') };
    const talusR = b('talus_r');
    this.lumbarEndDeg = lumbarShareDeg(rhythm, 3 * rhythm.phaseWidthDeg);
    this.thoracicEndDeg = rhythm.thoracicToLumbarRatio * this.lumbarEndDeg;
    this.neckEndDeg = rhythm.neckFlexionAtFullBendDeg;
    this.headEndDeg = rhythm.headFlexionAtFullBendDeg;
    this.maxHipFlexion = model.coordinateRange[2 * this.ix.hipR + 1];
    this.shoulderMax = model.coordinateRange[2 * this.ix.armR + 1];
    const fingertip = options.fingertipDistanceM ?? HAND_LENGTH_TO_FINGERTIP.value * (model.spec.subject?.heightM ?? 1.75);
    if (!(Number.isFinite(fingertip) && fingertip > 0)) {
      throw new KinechainError('OUT_OF_RANGE', `fingertipDistanceM must be a positive length in m, got ${String(fingertip)}`);
    }
    this.fingertipInHand = Float64Array.of(0, -fingertip, 0);

    // Reference pose: the floor point below the rearfoot origin, and the ankle height.
    this.q.set(model.coordinateDefault);
    forwardKinematics(model, data, this.q);
    this.solePointInCalcn = Float64Array.of(0, -data.bodyPosition[3 * this.bodies.calcnR + 1], 0);
    const ankleHeight = data.bodyPosition[3 * talusR + 1];
    // Seated (legs horizontal, pelvis upright): put the ankle centres at their standing height.
    this.q[this.ix.hipR] = Math.PI / 2;
    this.q[this.ix.hipL] = Math.PI / 2;
    forwardKinematics(model, data, this.q);
    this.seatedTy = this.q[this.ix.ty] + ankleHeight - data.bodyPosition[3 * talusR + 1];
    this.state = {
      spine: 0, hipFlexion: Math.PI / 2, lumbarFlexion: 0, thoracicFlexion: 0, neckFlexion: 0, headFlexion: 0,
      armFlexion: 0, fingertip: new Float64Array(6), solePlaneX: 0,
    };
  }

  /** Poses the body with spinal flexion fraction `spine` and hip flexion `hipFlexion` (rad); fills state and data. */
  pose(spine: number, hipFlexion: number): SeatedReachState {
    if (!(spine >= 0 && spine <= 1)) {
      throw new KinechainError('OUT_OF_RANGE', `spinal flexion fraction must lie in [0, 1], got ${String(spine)}`);
    }
    if (!(hipFlexion >= 0 && hipFlexion <= this.maxHipFlexion)) {
      throw new KinechainError('OUT_OF_RANGE', `hip flexion must lie in [0, ${this.maxHipFlexion}] rad, got ${String(hipFlexion)}`);
    }
    const state = this.state;
    state.spine = spine;
    state.lumbarFlexion = spine * this.lumbarEndDeg * DEG;
    state.thoracicFlexion = spine * this.thoracicEndDeg * DEG;
    state.neckFlexion = spine * this.neckEndDeg * DEG;
    state.headFlexion = spine * this.headEndDeg * DEG;
    state.hipFlexion = hipFlexion;
    // Legs horizontal: thigh inclination tilt + hip flexion = 90 deg.
    const tilt = Math.PI / 2 - hipFlexion;
    const thoraxAngle = tilt - state.lumbarFlexion - state.thoracicFlexion;
    state.armFlexion = Math.min(Math.PI / 2 - thoraxAngle, this.shoulderMax);

    const q = this.q;
    const ix = this.ix;
    const model = this.model;
    q.set(model.coordinateDefault);
    q[ix.ty] = this.seatedTy;
    q[ix.tilt] = tilt;
    q[ix.hipR] = hipFlexion;
    q[ix.hipL] = hipFlexion;
    q[ix.kneeR] = 0;
    q[ix.kneeL] = 0;
    q[ix.ankleR] = 0;
    q[ix.ankleL] = 0;
    q[ix.lumbar] = -state.lumbarFlexion;
    q[ix.thoracic] = -state.thoracicFlexion;
    q[ix.neck] = -state.neckFlexion;
    q[ix.head] = -state.headFlexion;
    q[ix.armR] = state.armFlexion;
    q[ix.armL] = state.armFlexion;
    forwardKinematics(model, this.data, q);
    bodyPointPosition(this.data, this.bodies.handR, this.fingertipInHand, state.fingertip, 0);
    bodyPointPosition(this.data, this.bodies.handL, this.fingertipInHand, state.fingertip, 3);
    bodyPointPosition(this.data, this.bodies.calcnR, this.solePointInCalcn, this.point, 0);
    state.solePlaneX = this.point[0];
    return state;
  }

  /** Reach past the soles of the last pose (m): the further fingertip's x minus the sole plane's x. */
  reachM(): number {
    const state = this.state;
    return Math.max(state.fingertip[0], state.fingertip[3]) - state.solePlaneX;
  }
}
