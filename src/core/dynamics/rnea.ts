/**
 * Recursive Newton-Euler inverse dynamics (Featherstone 2008, Rigid Body Dynamics
 * Algorithms, sec. 5.3, table 5.1), in the ground frame:
 *
 *   tau = M(q) qdd + C(q, qd) qd + G(q) - J^T f_ext
 *
 * Everything is a spatial vector in ground at the ground origin (core/math/spatial.ts),
 * so a body's velocity is its parent's plus its joint's, and the backward pass just
 * adds each body's force to its parent's: no per-body frame transforms.
 *
 * Forward pass, body b with parent p and joint velocity v_J = sum_j S_j qd_j:
 *   v_b = v_p + v_J
 *   a_b = a_p + sum_j S_j qdd_j + v_p x v_J + c_J          (a_ground = -gravity)
 *   f_b = I_b a_b + v_b x* I_b v_b - f_ext_b
 * Backward pass: tau_j = S_j . f_b for b's coordinates; f_p += f_b.
 *
 * `v_p x v_J` is the rate of change of the joint's axes carried by the moving parent
 * (d/dt of a parent-fixed motion vector is v_p x it, Featherstone eq. 2.34). `c_J` is
 * the joint's own S-dot qd, which a joint with one linear axis (a revolute joint) does
 * not have but others do: later rotation axes turn with earlier rotations, functions
 * curve (f''(q) qd^2), and rotations turn about a translating centre. With
 * theta_k-dot = f_k' qd, u_k the ground rotation axes, t_k the translation axes, c the
 * joint centre and w_<k the joint's angular velocity from the axes before k:
 *   dw = sum_rot [ f_k'' qd^2 u_k + theta_k-dot (w_<k x u_k) ]
 *   w_J = sum_rot theta_k-dot u_k,  v_c = sum_trans f_k' qd t_k,  a_c = sum_trans f_k'' qd^2 t_k
 *   c_J = [ dw ; a_c - w_J x v_c + c x dw ]
 * (the derivative of [w_J ; v_c + c x w_J] with F held fixed, expressed in ground).
 * The body force I a + v x* I v is evaluated as Newton-Euler about the centre of mass
 * with the rotational inertia in body axes, which needs no inertia in ground.
 *
 * Speed: forwardKinematics runs once per call and its results (spatial axes, axis
 * directions, function slopes and curvatures) are reused. Each pass fetches the model's
 * and data's arrays once, outside the body loop, since in V8 those property loads cost
 * as much as the arithmetic.
 */
import { KinechainError } from '../errors.js';
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { AxisShape } from '../model/make-skeleton-data.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';

function copyInto(target: Float64Array, source: ArrayLike<number>, n: number, what: string): void {
  if (source.length < n) throw new KinechainError('MALFORMED_INPUT', `${what} has ${source.length} values; the model needs ${n}`);
  if (source !== target) for (let i = 0; i < n; i++) target[i] = source[i];
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
  const simpleJoint = scratch.simpleJoint;
  const axisWorld = scratch.axisWorld;
  const axisSlope = scratch.axisSlope;
  const axisCurvature = scratch.axisCurvature;
  const axisShape = scratch.axisShape;
  const jointCenter = scratch.jointCenter;
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  const bodyMass = model.bodyMass;
  const bodyCom = model.bodyCom;
  const bodyInertia = model.bodyInertia;
  const motion = data.coordinateMotion;
  const qd = data.qd;
  const qdd = data.qdd;
  const bodyParent = model.bodyParent;
  const jointCoordAdr = model.jointCoordAdr;
  const jointCoordNum = model.jointCoordNum;
  const jointAxisAdr = model.jointAxisAdr;
  const jointAxisNum = model.jointAxisNum;
  const axisCoordinate = model.axisCoordinate;
  const gravity = model.gravity;
  const nbody = model.nbody;

  // Ground "accelerates upwards" at -g, so gravity needs no separate term (Featherstone sec. 5.3).
  for (let i = 0; i < 6; i++) velocity[i] = 0;
  acceleration[0] = 0;
  acceleration[1] = 0;
  acceleration[2] = 0;
  acceleration[3] = -gravity[0];
  acceleration[4] = -gravity[1];
  acceleration[5] = -gravity[2];

  for (let b = 1; b < nbody; b++) {
    const o = 6 * b;
    const po = 6 * bodyParent[b];
    const firstCoordinate = jointCoordAdr[b];
    const endCoordinate = firstCoordinate + jointCoordNum[b];

    // Joint velocity v_J = sum S_j qd_j and the acceleration sum S_j qdd_j + c_J.
    let jwx = 0, jwy = 0, jwz = 0, jvx = 0, jvy = 0, jvz = 0;
    let awx = acceleration[po], awy = acceleration[po + 1], awz = acceleration[po + 2];
    let avx = acceleration[po + 3], avy = acceleration[po + 4], avz = acceleration[po + 5];
    for (let j = firstCoordinate; j < endCoordinate; j++) {
      const s = 6 * j;
      const rate = qd[j];
      const accel = qdd[j];
      jwx += motion[s] * rate;
      jwy += motion[s + 1] * rate;
      jwz += motion[s + 2] * rate;
      jvx += motion[s + 3] * rate;
      jvy += motion[s + 4] * rate;
      jvz += motion[s + 5] * rate;
      awx += motion[s] * accel;
      awy += motion[s + 1] * accel;
      awz += motion[s + 2] * accel;
      avx += motion[s + 3] * accel;
      avy += motion[s + 4] * accel;
      avz += motion[s + 5] * accel;
    }
    if (simpleJoint[b] !== 1) {
      // c_J from the joint's axes (file comment). w accumulates w_<k as the axes are visited in order.
      let wx = 0, wy = 0, wz = 0, dwx = 0, dwy = 0, dwz = 0;
      let vx = 0, vy = 0, vz = 0, ax = 0, ay = 0, az = 0;
      const endAxis = jointAxisAdr[b] + jointAxisNum[b];
      for (let k = jointAxisAdr[b]; k < endAxis; k++) {
        const j = axisCoordinate[k];
        if (j < 0) continue;
        const rate = qd[j];
        const axisRate = axisSlope[k] * rate;
        const curving = axisCurvature[k] * rate * rate;
        const ux = axisWorld[3 * k];
        const uy = axisWorld[3 * k + 1];
        const uz = axisWorld[3 * k + 2];
        if (axisShape[k] === AxisShape.translation) {
          vx += axisRate * ux;
          vy += axisRate * uy;
          vz += axisRate * uz;
          ax += curving * ux;
          ay += curving * uy;
          az += curving * uz;
        } else {
          dwx += curving * ux + axisRate * (wy * uz - wz * uy);
          dwy += curving * uy + axisRate * (wz * ux - wx * uz);
          dwz += curving * uz + axisRate * (wx * uy - wy * ux);
          wx += axisRate * ux;
          wy += axisRate * uy;
          wz += axisRate * uz;
        }
      }
      const cx = jointCenter[3 * b];
      const cy = jointCenter[3 * b + 1];
      const cz = jointCenter[3 * b + 2];
      awx += dwx;
      awy += dwy;
      awz += dwz;
      avx += ax - (wy * vz - wz * vy) + (cy * dwz - cz * dwy);
      avy += ay - (wz * vx - wx * vz) + (cz * dwx - cx * dwz);
      avz += az - (wx * vy - wy * vx) + (cx * dwy - cy * dwx);
    }

    // a_b += v_p x v_J (Featherstone eq. 2.31), then v_b = v_p + v_J.
    const pwx = velocity[po], pwy = velocity[po + 1], pwz = velocity[po + 2];
    const pvx = velocity[po + 3], pvy = velocity[po + 4], pvz = velocity[po + 5];
    const alx = awx + (pwy * jwz - pwz * jwy);
    const aly = awy + (pwz * jwx - pwx * jwz);
    const alz = awz + (pwx * jwy - pwy * jwx);
    const aox = avx + (pwy * jvz - pwz * jvy) + (pvy * jwz - pvz * jwy);
    const aoy = avy + (pwz * jvx - pwx * jvz) + (pvz * jwx - pvx * jwz);
    const aoz = avz + (pwx * jvy - pwy * jvx) + (pvx * jwy - pvy * jwx);
    const omx = pwx + jwx, omy = pwy + jwy, omz = pwz + jwz;
    const vox = pvx + jvx, voy = pvy + jvy, voz = pvz + jvz;
    acceleration[o] = alx;
    acceleration[o + 1] = aly;
    acceleration[o + 2] = alz;
    acceleration[o + 3] = aox;
    acceleration[o + 4] = aoy;
    acceleration[o + 5] = aoz;
    velocity[o] = omx;
    velocity[o + 1] = omy;
    velocity[o + 2] = omz;
    velocity[o + 3] = vox;
    velocity[o + 4] = voy;
    velocity[o + 5] = voz;

    // f_b = I a_b + v_b x* (I v_b) (Featherstone eq. 5.9), evaluated as Newton-Euler about
    // the centre of mass c: F = m a_c with a_c = a_O + alpha x c + w x v_c the classical
    // acceleration of c, N_c = R (I alpha_b + w_b x I w_b) in body axes (I is constant
    // there), and the moment about the ground origin N_c + c x F. Same result as the 6x6
    // form, fewer operations and no inertia re-expressed in ground.
    const r = 9 * b;
    const r00 = rotation[r], r01 = rotation[r + 1], r02 = rotation[r + 2];
    const r10 = rotation[r + 3], r11 = rotation[r + 4], r12 = rotation[r + 5];
    const r20 = rotation[r + 6], r21 = rotation[r + 7], r22 = rotation[r + 8];
    const lx = bodyCom[3 * b], ly = bodyCom[3 * b + 1], lz = bodyCom[3 * b + 2];
    const comx = position[3 * b] + r00 * lx + r01 * ly + r02 * lz;
    const comy = position[3 * b + 1] + r10 * lx + r11 * ly + r12 * lz;
    const comz = position[3 * b + 2] + r20 * lx + r21 * ly + r22 * lz;
    // Angular velocity and acceleration in body axes: R^T w, R^T alpha.
    const bwx = r00 * omx + r10 * omy + r20 * omz;
    const bwy = r01 * omx + r11 * omy + r21 * omz;
    const bwz = r02 * omx + r12 * omy + r22 * omz;
    const bax = r00 * alx + r10 * aly + r20 * alz;
    const bay = r01 * alx + r11 * aly + r21 * alz;
    const baz = r02 * alx + r12 * aly + r22 * alz;
    const ib = 9 * b;
    const ixx = bodyInertia[ib], ixy = bodyInertia[ib + 1], ixz = bodyInertia[ib + 2];
    const iyy = bodyInertia[ib + 4], iyz = bodyInertia[ib + 5], izz = bodyInertia[ib + 8];
    const lwx = ixx * bwx + ixy * bwy + ixz * bwz;
    const lwy = ixy * bwx + iyy * bwy + iyz * bwz;
    const lwz = ixz * bwx + iyz * bwy + izz * bwz;
    const nbx = ixx * bax + ixy * bay + ixz * baz + (bwy * lwz - bwz * lwy);
    const nby = ixy * bax + iyy * bay + iyz * baz + (bwz * lwx - bwx * lwz);
    const nbz = ixz * bax + iyz * bay + izz * baz + (bwx * lwy - bwy * lwx);
    // Velocity of the centre of mass v_c = v_O + w x c, then F = m (a_O + alpha x c + w x v_c).
    const vcx = vox + (omy * comz - omz * comy);
    const vcy = voy + (omz * comx - omx * comz);
    const vcz = voz + (omx * comy - omy * comx);
    const mass = bodyMass[b];
    const fx = mass * (aox + (aly * comz - alz * comy) + (omy * vcz - omz * vcy));
    const fy = mass * (aoy + (alz * comx - alx * comz) + (omz * vcx - omx * vcz));
    const fz = mass * (aoz + (alx * comy - aly * comx) + (omx * vcy - omy * vcx));
    force[o] = r00 * nbx + r01 * nby + r02 * nbz + (comy * fz - comz * fy);
    force[o + 1] = r10 * nbx + r11 * nby + r12 * nbz + (comz * fx - comx * fz);
    force[o + 2] = r20 * nbx + r21 * nby + r22 * nbz + (comx * fy - comy * fx);
    force[o + 3] = fx;
    force[o + 4] = fy;
    force[o + 5] = fz;
    if (externalForces !== undefined) for (let i = 0; i < 6; i++) force[o + i] -= externalForces[o + i];
  }
}

/** Backward pass: tau_j = S_j . f_b, then the body's force passes to its parent. */
function backwardPass(model: SkeletonModel, data: SkeletonData): void {
  const force = data.scratch.bodyForce;
  const motion = data.coordinateMotion;
  const tau = data.generalizedForce;
  const bodyParent = model.bodyParent;
  const jointCoordAdr = model.jointCoordAdr;
  const jointCoordNum = model.jointCoordNum;
  for (let b = model.nbody - 1; b > 0; b--) {
    const o = 6 * b;
    const nx = force[o], ny = force[o + 1], nz = force[o + 2];
    const fx = force[o + 3], fy = force[o + 4], fz = force[o + 5];
    const endCoordinate = jointCoordAdr[b] + jointCoordNum[b];
    for (let j = jointCoordAdr[b]; j < endCoordinate; j++) {
      const s = 6 * j;
      tau[j] = motion[s] * nx + motion[s + 1] * ny + motion[s + 2] * nz + motion[s + 3] * fx + motion[s + 4] * fy + motion[s + 5] * fz;
    }
    const p = bodyParent[b];
    if (p > 0) {
      const po = 6 * p;
      force[po] += nx;
      force[po + 1] += ny;
      force[po + 2] += nz;
      force[po + 3] += fx;
      force[po + 4] += fy;
      force[po + 5] += fz;
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
