/**
 * Whole-body centre of mass, and the mass and first moment of every subtree (used by
 * the centre-of-mass jacobian). Both need forwardKinematics first.
 */
import { KinechainError } from '../errors.js';
import type { SkeletonData, SkeletonModel } from '../model/model.js';

/**
 * Fills scratch.subtreeMass [nbody*4]: for each body, the mass of its subtree (itself
 * and all descendants) and the subtree's first moment sum(m_i c_i) in ground (kg m),
 * with c_i each body's centre of mass. One backward pass: children before parents.
 */
export function subtreeMassMoments(model: SkeletonModel, data: SkeletonData): Float64Array {
  const subtree = data.scratch.subtreeMass;
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  const com = model.bodyCom;
  for (let b = 0; b < model.nbody; b++) {
    const mass = model.bodyMass[b];
    const r = 9 * b;
    const lx = com[3 * b];
    const ly = com[3 * b + 1];
    const lz = com[3 * b + 2];
    subtree[4 * b] = mass;
    subtree[4 * b + 1] = mass * (position[3 * b] + rotation[r] * lx + rotation[r + 1] * ly + rotation[r + 2] * lz);
    subtree[4 * b + 2] = mass * (position[3 * b + 1] + rotation[r + 3] * lx + rotation[r + 4] * ly + rotation[r + 5] * lz);
    subtree[4 * b + 3] = mass * (position[3 * b + 2] + rotation[r + 6] * lx + rotation[r + 7] * ly + rotation[r + 8] * lz);
  }
  for (let b = model.nbody - 1; b > 0; b--) {
    const p = model.bodyParent[b];
    for (let i = 0; i < 4; i++) subtree[4 * p + i] += subtree[4 * b + i];
  }
  return subtree;
}

/** Fills data.comPosition [3] (m, ground). Throws if the model has no mass. */
export function centerOfMass(model: SkeletonModel, data: SkeletonData): void {
  if (!(model.totalMass > 0)) {
    throw new KinechainError('INVALID_SPEC', `model "${model.name}" has zero total mass, so its centre of mass is undefined`);
  }
  const subtree = subtreeMassMoments(model, data);
  const inverseMass = 1 / subtree[0];
  data.comPosition[0] = subtree[1] * inverseMass;
  data.comPosition[1] = subtree[2] * inverseMass;
  data.comPosition[2] = subtree[3] * inverseMass;
}
