/**
 * Recursive Newton-Euler inverse dynamics (Featherstone 2008, Rigid Body Dynamics
 * Algorithms, sec. 5.3, table 5.1), in the ground frame:
 *
 *   tau = M(q) qdd + C(q, qd) qd + G(q) - J^T f_ext
 *
 * Everything is a spatial vector in ground at the ground origin (core/math/spatial.ts),
 * so a body's velocity is its parent's plus its joint's, and the backward pass just
 * adds each body's force to its parent's: no per-body frame transforms. The price,
 * re-expressing each body inertia in ground, is paid once per body per call.
 *
 * Forward pass, body b with parent p and joint velocity v_J = sum_j S_j qd_j:
 *   v_b = v_p + v_J
 *   a_b = a_p + sum_j S_j qdd_j + v_p x v_J + c_J          (a_ground = -gravity)
 *   f_b = I_b a_b + v_b x* I_b v_b - f_ext_b
 * Backward pass: tau_j = S_j . f_b for b's coordinates; f_p += f_b.
 *
 * `v_p x v_J` is the rate of change of the joint's axes carried by the moving parent
 * (d/dt of a parent-fixed motion vector is v_p x it, Featherstone eq. 2.34). `c_J` is
 * the joint's own S-dot qd, which a plain revolute joint does not have but a custom
 * joint does: its later rotation axes turn with its earlier rotations, its functions
 * curve (f''(q) qd^2), and its rotations turn about a translating centre. With
 * theta_k-dot = f_k' qd, u_k the ground rotation axes, t_k the translation axes, c the
 * joint centre and w_<k the joint's angular velocity from the axes before k:
 *   dw = sum_rot [ f_k'' qd^2 u_k + theta_k-dot (w_<k x u_k) ]
 *   w_J = sum_rot theta_k-dot u_k,  v_c = sum_trans f_k' qd t_k,  a_c = sum_trans f_k'' qd^2 t_k
 *   c_J = [ dw ; a_c - w_J x v_c + c x dw ]
 * (the derivative of [w_J ; v_c + c x w_J] with F held fixed, expressed in ground).
 */
import { KinechainError } from '../errors.js';
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { AxisKind } from '../model/model.js';
import { addForceCross, spatialInertiaInGround, spatialInertiaTimesMotion, spatialDot } from '../math/spatial.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';

function copyInto(target: Float64Array, source: ArrayLike<number>, n: number, what: string): void {
  if (source.length < n) throw new KinechainError('MALFORMED_INPUT', `${what} has ${source.length} values; the model needs ${n}`);
  if (source !== target) for (let i = 0; i < n; i++) target[i] = source[i];
}

/** scratch.bodyInertiaGround[10b..] = spatial inertia of every body in ground (needs kinematics). */
export function bodyInertiasInGround(model: SkeletonModel, data: SkeletonData): Float64Array {
  const inertia = data.scratch.bodyInertiaGround;
  for (let b = 1; b < model.nbody; b++) {
    spatialInertiaInGround(
      inertia, 10 * b, model.bodyMass[b], model.bodyCom, 3 * b, model.bodyInertia, 9 * b,
      data.bodyRotation, 9 * b, data.bodyPosition, 3 * b,
    );
  }
  return inertia;
}

/**
 * Adds the velocity-product acceleration of body b's joint, c_J (see the file comment),
 * to acceleration[6b..]; writes the joint velocity v_J to jointVelocity[0..5].
 */
function jointVelocityAndBias(
  model: SkeletonModel,
  data: SkeletonData,
  b: number,
  qd: Float64Array,
  jointVelocity: Float64Array,
  acceleration: Float64Array,
): void {
  const scratch = data.scratch;
  const axisWorld = scratch.axisWorld;
  const slope = scratch.axisSlope;
  const curvature = scratch.axisCurvature;
  const first = model.jointAxisAdr[b];
  const end = first + model.jointAxisNum[b];
  let wx = 0, wy = 0, wz = 0; // joint angular velocity so far (w_<k)
  let dwx = 0, dwy = 0, dwz = 0; // velocity-product angular acceleration
  let vx = 0, vy = 0, vz = 0; // velocity of the joint centre
  let ax = 0, ay = 0, az = 0; // velocity-product acceleration of the joint centre
  for (let k = first; k < end; k++) {
    const j = model.axisCoordinate[k];
    if (j < 0) continue;
    const rate = qd[j];
    const axisRate = slope[k] * rate;
    const curving = curvature[k] * rate * rate;
    const ux = axisWorld[3 * k];
    const uy = axisWorld[3 * k + 1];
    const uz = axisWorld[3 * k + 2];
    if (model.axisKind[k] === AxisKind.rotation) {
      dwx += curving * ux + axisRate * (wy * uz - wz * uy);
      dwy += curving * uy + axisRate * (wz * ux - wx * uz);
      dwz += curving * uz + axisRate * (wx * uy - wy * ux);
      wx += axisRate * ux;
      wy += axisRate * uy;
      wz += axisRate * uz;
    } else {
      vx += axisRate * ux;
      vy += axisRate * uy;
      vz += axisRate * uz;
      ax += curving * ux;
      ay += curving * uy;
      az += curving * uz;
    }
  }
  const center = scratch.jointCenter;
  const cx = center[3 * b];
  const cy = center[3 * b + 1];
  const cz = center[3 * b + 2];
  jointVelocity[0] = wx;
  jointVelocity[1] = wy;
  jointVelocity[2] = wz;
  jointVelocity[3] = vx + cy * wz - cz * wy;
  jointVelocity[4] = vy + cz * wx - cx * wz;
  jointVelocity[5] = vz + cx * wy - cy * wx;
  const o = 6 * b;
  acceleration[o] += dwx;
  acceleration[o + 1] += dwy;
  acceleration[o + 2] += dwz;
  acceleration[o + 3] += ax - (wy * vz - wz * vy) + (cy * dwz - cz * dwy);
  acceleration[o + 4] += ay - (wz * vx - wx * vz) + (cz * dwx - cx * dwz);
  acceleration[o + 5] += az - (wx * vy - wy * vx) + (cx * dwy - cy * dwx);
}

/**
 * Forward pass: body velocities, accelerations and net forces (scratch.bodyVelocity,
 * bodyAcceleration, bodyForce), all spatial in ground.
 */
function forwardPass(model: SkeletonModel, data: SkeletonData, externalForces: ArrayLike<number> | undefined): void {
  const scratch = data.scratch;
  const velocity = scratch.bodyVelocity;
  const acceleration = scratch.bodyAcceleration;
  const force = scratch.bodyForce;
  const inertia = bodyInertiasInGround(model, data);
  const momentum = scratch.spatialColumn;
  const jointVelocity = scratch.jointVelocity;
  const motion = data.coordinateMotion;
  const qd = data.qd;
  const qdd = data.qdd;
  const gravity = model.gravity;

  // Ground "accelerates upwards" at -g, so gravity needs no separate term (Featherstone sec. 5.3).
  velocity.fill(0, 0, 6);
  acceleration.fill(0, 0, 3);
  acceleration[3] = -gravity[0];
  acceleration[4] = -gravity[1];
  acceleration[5] = -gravity[2];

  for (let b = 1; b < model.nbody; b++) {
    const o = 6 * b;
    const po = 6 * model.bodyParent[b];
    for (let i = 0; i < 6; i++) acceleration[o + i] = acceleration[po + i];
    const firstCoordinate = model.jointCoordAdr[b];
    const endCoordinate = firstCoordinate + model.jointCoordNum[b];
    for (let j = firstCoordinate; j < endCoordinate; j++) {
      const s = 6 * j;
      const rate = qdd[j];
      for (let i = 0; i < 6; i++) acceleration[o + i] += motion[s + i] * rate;
    }
    jointVelocityAndBias(model, data, b, qd, jointVelocity, acceleration);

    // a_b += v_p x v_J, then v_b = v_p + v_J.
    const pwx = velocity[po], pwy = velocity[po + 1], pwz = velocity[po + 2];
    const pvx = velocity[po + 3], pvy = velocity[po + 4], pvz = velocity[po + 5];
    const jwx = jointVelocity[0], jwy = jointVelocity[1], jwz = jointVelocity[2];
    const jvx = jointVelocity[3], jvy = jointVelocity[4], jvz = jointVelocity[5];
    acceleration[o] += pwy * jwz - pwz * jwy;
    acceleration[o + 1] += pwz * jwx - pwx * jwz;
    acceleration[o + 2] += pwx * jwy - pwy * jwx;
    acceleration[o + 3] += pwy * jvz - pwz * jvy + (pvy * jwz - pvz * jwy);
    acceleration[o + 4] += pwz * jvx - pwx * jvz;
    acceleration[o + 5] += pwx * jvy - pwy * jvx + (pvx * jwy - pvy * jwx);
    velocity[o] = pwx + jwx;
    velocity[o + 1] = pwy + jwy;
    velocity[o + 2] = pwz + jwz;
    velocity[o + 3] = pvx + jvx;
    velocity[o + 4] = pvy + jvy;
    velocity[o + 5] = pvz + jvz;

    // f_b = I a_b + v_b x* (I v_b) - f_ext (Featherstone eq. 5.9, with the external force moved over).
    spatialInertiaTimesMotion(force, o, inertia, 10 * b, acceleration, o);
    spatialInertiaTimesMotion(momentum, 0, inertia, 10 * b, velocity, o);
    addForceCross(force, o, velocity, o, momentum, 0);
    if (externalForces !== undefined) for (let i = 0; i < 6; i++) force[o + i] -= externalForces[o + i];
  }
}

/** Backward pass: tau_j = S_j . f_b, then the body's force passes to its parent. */
function backwardPass(model: SkeletonModel, data: SkeletonData): void {
  const force = data.scratch.bodyForce;
  const motion = data.coordinateMotion;
  const tau = data.generalizedForce;
  for (let b = model.nbody - 1; b > 0; b--) {
    const o = 6 * b;
    const firstCoordinate = model.jointCoordAdr[b];
    const endCoordinate = firstCoordinate + model.jointCoordNum[b];
    for (let j = firstCoordinate; j < endCoordinate; j++) tau[j] = spatialDot(motion, 6 * j, force, o);
    const p = model.bodyParent[b];
    if (p > 0) {
      const po = 6 * p;
      for (let i = 0; i < 6; i++) force[po + i] += force[o + i];
    }
  }
}

/**
 * Inverse dynamics at the pose of the last forwardKinematics call (which must have been
 * for the same q): fills data.generalizedForce [nq] (N m or N). qd, qdd [nq];
 * externalForces [nbody*6] optional: wrench applied to each body, in ground,
 * [moment about the ground origin(3), force(3)] (ground's entry is ignored).
 */
export function rneaWithCurrentKinematics(
  model: SkeletonModel,
  data: SkeletonData,
  qd: ArrayLike<number>,
  qdd: ArrayLike<number>,
  externalForces?: ArrayLike<number>,
): void {
  copyInto(data.qd, qd, model.nq, 'qd');
  copyInto(data.qdd, qdd, model.nq, 'qdd');
  if (externalForces !== undefined && externalForces.length < 6 * model.nbody) {
    throw new KinechainError(
      'MALFORMED_INPUT',
      `externalForces has ${externalForces.length} values; it needs 6 per body including ground (${6 * model.nbody})`,
    );
  }
  forwardPass(model, data, externalForces);
  backwardPass(model, data);
}

/**
 * tau = M(q) qdd + C(q, qd) qd + G(q) - J^T f_ext into data.generalizedForce [nq].
 * Runs forwardKinematics(q) once (so data's kinematics are left at q) then the two
 * recursive passes. Allocates nothing.
 */
export function rnea(
  model: SkeletonModel,
  data: SkeletonData,
  q: ArrayLike<number>,
  qd: ArrayLike<number>,
  qdd: ArrayLike<number>,
  externalForces?: ArrayLike<number>,
): void {
  forwardKinematics(model, data, q);
  rneaWithCurrentKinematics(model, data, qd, qdd, externalForces);
}
