/**
 * Generalised gravity three ways: generalizedGravity (subtree centres of mass),
 * rnea(q, 0, 0), and the gradient of the potential energy V = -sum m g . c by central
 * finite differences. generalizedGravity returns the forces that HOLD the pose,
 * G = +dV/dq; the force gravity itself exerts on the coordinates is -dV/dq.
 */
import { describe, expect, it } from 'vitest';
import { compileSkeleton } from '../../src/spec/compile-skeleton.js';
import { makeSkeletonData } from '../../src/core/model/make-skeleton-data.js';
import { generalizedGravity } from '../../src/core/dynamics/gravity-force.js';
import { rnea } from '../../src/core/dynamics/rnea.js';
import { jointChainSpec, randomPose, seededRandom } from '../fixtures/joint-chain.js';
import { potentialEnergy } from '../fixtures/energy.js';

describe('generalised gravity', () => {
  const model = compileSkeleton(jointChainSpec());
  const nq = model.nq;
  const data = makeSkeletonData(model);
  const energyData = makeSkeletonData(model);
  const random = seededRandom(41);

  it('is the gradient of the potential energy and equals rnea(q, 0, 0)', () => {
    const gravity = new Float64Array(nq);
    const zero = new Float64Array(nq);
    const h = 1e-6;
    for (let trial = 0; trial < 6; trial++) {
      const q = randomPose(model.coordinateRange, nq, random);
      generalizedGravity(model, data, q, gravity);
      rnea(model, data, q, zero, zero);
      let scale = 1;
      for (const value of gravity) scale = Math.max(scale, Math.abs(value));
      for (let j = 0; j < nq; j++) {
        const plus = Float64Array.from(q);
        const minus = Float64Array.from(q);
        plus[j] += h;
        minus[j] -= h;
        const gradient = (potentialEnergy(model, energyData, plus) - potentialEnergy(model, energyData, minus)) / (2 * h);
        const label = model.coordinateName[j];
        expect(Math.abs(gravity[j] - gradient), `${label}: ${gravity[j]} vs dV/dq ${gradient}`).toBeLessThan(1e-7 * scale);
        expect(Math.abs(gravity[j] - data.generalizedForce[j]), label).toBeLessThan(1e-12 * scale);
      }
    }
  });

  it('holds a pose: the pelvis height coordinate carries the whole weight', () => {
    const gravity = new Float64Array(nq);
    generalizedGravity(model, data, model.coordinateDefault, gravity);
    // pelvis_ty translates along the parent offset frame's Y axis; the weight projects onto it.
    const ty = model.coordinateIndex.get('pelvis_ty') as number;
    const axis = data.coordinateMotion.subarray(6 * ty + 3, 6 * ty + 6);
    const weightAlongAxis = -model.totalMass * (model.gravity[0] * axis[0] + model.gravity[1] * axis[1] + model.gravity[2] * axis[2]);
    expect(gravity[ty]).toBeCloseTo(weightAlongAxis, 10);
  });
});
