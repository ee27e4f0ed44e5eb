/**
 * Composite Rigid Body Algorithm for the joint-space mass matrix M(q) (Featherstone
 * 2008, sec. 6.2, table 6.2), in the ground frame.
 *
 * The composite inertia of body b's subtree is the plain sum of the subtree's body
 * inertias when all are expressed in ground (spatial.ts). For each coordinate j of b,
 * F = I_composite(b) S_j is the force that accelerating coordinate j alone at unit rate
 * requires from the subtree; M[j][l] = S_l . F for the coordinates l of b's joint and
 * of every ancestor's joint, and 0 for the rest. Because everything is in ground, F is
 * not transformed on its way up the tree.
 */
import type { SkeletonData, SkeletonModel } from '../model/model.js';
import { spatialDot, spatialInertiaAdd, spatialInertiaInGround, spatialInertiaTimesMotion } from '../math/spatial.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';

/** out [nbody*10]: the spatial inertia of every body in ground (spatial.ts layout; needs kinematics). */
export function bodyInertiasInGround(model: SkeletonModel, data: SkeletonData, out: Float64Array): void {
  const inertia = out;
  const mass = model.bodyMass;
  const com = model.bodyCom;
  const bodyInertia = model.bodyInertia;
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  for (let b = 1; b < model.nbody; b++) {
    spatialInertiaInGround(inertia, 10 * b, mass[b], com, 3 * b, bodyInertia, 9 * b, rotation, 9 * b, position, 3 * b);
  }
}

/** M(q) into data.massMatrix [nq*nq], at the pose of the last forwardKinematics call. */
export function crbaWithCurrentKinematics(model: SkeletonModel, data: SkeletonData): void {
  const nq = model.nq;
  const mass = data.massMatrix;
  const motion = data.coordinateMotion;
  const composite = data.scratch.compositeInertia;
  const column = data.scratch.spatialColumn;
  const bodyParent = model.bodyParent;
  const jointCoordAdr = model.jointCoordAdr;
  const jointCoordNum = model.jointCoordNum;
  bodyInertiasInGround(model, data, composite);
  mass.fill(0);
  for (let b = model.nbody - 1; b > 0; b--) {
    const firstCoordinate = jointCoordAdr[b];
    const endCoordinate = firstCoordinate + jointCoordNum[b];
    for (let j = firstCoordinate; j < endCoordinate; j++) {
      spatialInertiaTimesMotion(column, 0, composite, 10 * b, motion, 6 * j);
      // Own joint: the lower triangle only, mirrored, so M is exactly symmetric.
      for (let l = firstCoordinate; l <= j; l++) {
        const value = spatialDot(motion, 6 * l, column, 0);
        mass[j * nq + l] = value;
        mass[l * nq + j] = value;
      }
      for (let ancestor = bodyParent[b]; ancestor > 0; ancestor = bodyParent[ancestor]) {
        const first = jointCoordAdr[ancestor];
        const end = first + jointCoordNum[ancestor];
        for (let l = first; l < end; l++) {
          const value = spatialDot(motion, 6 * l, column, 0);
          mass[j * nq + l] = value;
          mass[l * nq + j] = value;
        }
      }
    }
    const parent = bodyParent[b];
    if (parent > 0) spatialInertiaAdd(composite, 10 * parent, composite, 10 * b);
  }
}

/** M(q) into data.massMatrix [nq*nq] (row-major, symmetric): runs forwardKinematics(q) first. */
export function crba(model: SkeletonModel, data: SkeletonData, q: ArrayLike<number>): void {
  forwardKinematics(model, data, q);
  crbaWithCurrentKinematics(model, data);
}
