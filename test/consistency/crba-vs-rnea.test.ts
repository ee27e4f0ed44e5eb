/**
 * The mass matrix two ways: crba directly, and column by column from rnea
 * (M e_j = rnea(q, 0, e_j) - rnea(q, 0, 0)); plus its defining properties (symmetric,
 * positive definite, 1/2 qd^T M qd = kinetic energy) and the closed-form double pendulum.
 */
import { describe, expect, it } from 'vitest';
import { compileSkeleton } from '../../src/spec/compile-skeleton.js';
import { makeSkeletonData } from '../../src/core/model/make-skeleton-data.js';
import { crba } from '../../src/core/dynamics/crba.js';
import { rnea } from '../../src/core/dynamics/rnea.js';
import { choleskyFactor } from '../../src/core/math/linear-algebra.js';
import { jointChainSpec, randomPose, seededRandom } from '../fixtures/joint-chain.js';
import { LINK_1, LINK_2, doublePendulumSpec } from '../fixtures/pendulum.js';
import { kineticEnergy } from '../fixtures/energy.js';

const model = compileSkeleton(jointChainSpec());
const nq = model.nq;

function largestAbs(values: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  return largest;
}

describe('crba on the chain with every joint type', () => {
  const data = makeSkeletonData(model);
  const random = seededRandom(17);
  const poses = Array.from({ length: 8 }, () => randomPose(model.coordinateRange, nq, random, -0.1));

  it('equals rnea(q, 0, e_j) - rnea(q, 0, 0) column by column', () => {
    const zero = new Float64Array(nq);
    const unit = new Float64Array(nq);
    for (const q of poses) {
      crba(model, data, q);
      const mass = Float64Array.from(data.massMatrix);
      const scale = largestAbs(mass);
      rnea(model, data, q, zero, zero);
      const bias = Float64Array.from(data.generalizedForce);
      for (let j = 0; j < nq; j++) {
        unit.fill(0);
        unit[j] = 1;
        rnea(model, data, q, zero, unit);
        for (let i = 0; i < nq; i++) {
          const column = data.generalizedForce[i] - bias[i];
          expect(Math.abs(column - mass[i * nq + j]), `M[${model.coordinateName[i]}][${model.coordinateName[j]}]`).toBeLessThan(1e-12 * scale);
        }
      }
    }
  });

  it('is symmetric and positive definite', () => {
    for (const q of poses) {
      crba(model, data, q);
      for (let i = 0; i < nq; i++) for (let j = 0; j < i; j++) expect(data.massMatrix[i * nq + j]).toBe(data.massMatrix[j * nq + i]);
      expect(choleskyFactor(Float64Array.from(data.massMatrix), nq)).toBe(true);
    }
  });

  it('gives the kinetic energy 1/2 qd^T M qd computed body by body', () => {
    for (const q of poses) {
      const qd = Float64Array.from({ length: nq }, () => 4 * random() - 2);
      crba(model, data, q);
      let quadratic = 0;
      for (let i = 0; i < nq; i++) for (let j = 0; j < nq; j++) quadratic += qd[i] * data.massMatrix[i * nq + j] * qd[j];
      const energy = kineticEnergy(model, makeSkeletonData(model), q, qd);
      expect(Math.abs(0.5 * quadratic - energy)).toBeLessThan(1e-12 * energy);
    }
  });

  it('has zero entries between coordinates on different branches', () => {
    crba(model, data, poses[0]);
    const arm = model.coordinateIndex.get('arm_flexion') as number;
    const knee = model.coordinateIndex.get('knee_angle') as number;
    expect(data.massMatrix[arm * nq + knee]).toBe(0);
    expect(data.massMatrix[knee * nq + arm]).toBe(0);
  });
});

describe('crba on a double pendulum', () => {
  it('matches the closed-form mass matrix', () => {
    const pendulum = compileSkeleton(doublePendulumSpec());
    const data = makeSkeletonData(pendulum);
    const l1 = LINK_1.lengthM;
    const a2 = LINK_2.massKg * LINK_2.comDistanceM;
    const j1 = LINK_1.inertiaZ + LINK_1.massKg * LINK_1.comDistanceM ** 2;
    const j2 = LINK_2.inertiaZ + LINK_2.massKg * LINK_2.comDistanceM ** 2;
    for (const t2 of [-2, -0.3, 0, 1.1, 2.9]) {
      crba(pendulum, data, [0.4, t2]);
      const expected = [j1 + j2 + LINK_2.massKg * l1 * l1 + 2 * a2 * l1 * Math.cos(t2), j2 + a2 * l1 * Math.cos(t2), j2 + a2 * l1 * Math.cos(t2), j2];
      for (let i = 0; i < 4; i++) expect(Math.abs(data.massMatrix[i] - expected[i])).toBeLessThan(1e-13 * expected[0]);
    }
  });
});
