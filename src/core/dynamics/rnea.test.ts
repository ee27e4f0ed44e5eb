import { describe, expect, it } from 'vitest';
import { compileSkeleton } from '../../spec/compile-skeleton.js';
import { makeSkeletonData } from '../model/make-skeleton-data.js';
import { rnea, rneaWithCurrentKinematics } from './rnea.js';
import { crba } from './crba.js';
import { generalizedGravity } from './gravity-force.js';
import { bodyPointJacobian, bodyPointPosition } from '../kinematics/jacobian.js';
import {
  LINK_1,
  STANDARD_GRAVITY,
  doublePendulumInverseDynamics,
  doublePendulumSpec,
  singlePendulumSpec,
} from '../../../test/fixtures/pendulum.js';
import { jointChainSpec, randomPose, seededRandom } from '../../../test/fixtures/joint-chain.js';

function expectRelativeClose(actual: number, expected: number, tolerance: number, label = ''): void {
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

describe('rnea on a single pendulum', () => {
  const model = compileSkeleton(singlePendulumSpec());
  const data = makeSkeletonData(model);
  const { massKg: m, comDistanceM: c, inertiaZ } = LINK_1;

  it('gives tau = m g c sin(theta) + (I + m c^2) qdd at any speed', () => {
    for (const theta of [-2.8, -1.0, 0, 0.4, 1.7, 3.0]) {
      for (const qdd of [-3, 0, 2.5]) {
        for (const qd of [0, 4]) {
          rnea(model, data, [theta], [qd], [qdd]);
          const expected = m * STANDARD_GRAVITY * c * Math.sin(theta) + (inertiaZ + m * c * c) * qdd;
          expectRelativeClose(data.generalizedForce[0], expected, 1e-12, `theta ${theta}`);
        }
      }
    }
  });

  it('gives the same holding torque from generalizedGravity', () => {
    const out = new Float64Array(1);
    generalizedGravity(model, data, [0.9], out);
    expectRelativeClose(out[0], m * STANDARD_GRAVITY * c * Math.sin(0.9), 1e-12);
  });
});

describe('rnea on a double pendulum', () => {
  const model = compileSkeleton(doublePendulumSpec());
  const data = makeSkeletonData(model);
  it('matches the closed-form equations of motion', () => {
    const random = seededRandom(2);
    for (let trial = 0; trial < 25; trial++) {
      const q = [6 * random() - 3, 6 * random() - 3];
      const qd = [10 * random() - 5, 10 * random() - 5];
      const qdd = [20 * random() - 10, 20 * random() - 10];
      rnea(model, data, q, qd, qdd);
      const expected = doublePendulumInverseDynamics(q, qd, qdd);
      expectRelativeClose(data.generalizedForce[0], expected[0], 1e-12, 'tau1');
      expectRelativeClose(data.generalizedForce[1], expected[1], 1e-12, 'tau2');
    }
  });
});

describe('rnea external forces', () => {
  const model = compileSkeleton(jointChainSpec());
  const data = makeSkeletonData(model);
  const nq = model.nq;

  it('subtracts J^T F for a force F applied at a point of a body', () => {
    const random = seededRandom(31);
    const jacobian = new Float64Array(3 * nq);
    const point = new Float64Array(3);
    const external = new Float64Array(6 * model.nbody);
    for (let trial = 0; trial < 4; trial++) {
      const q = randomPose(model.coordinateRange, nq, random);
      const qd = Float64Array.from({ length: nq }, () => random() - 0.5);
      const qdd = Float64Array.from({ length: nq }, () => random() - 0.5);
      rnea(model, data, q, qd, qdd);
      const free = Float64Array.from(data.generalizedForce);
      for (let b = 1; b < model.nbody; b++) {
        const local = [random() - 0.5, random() - 0.5, random() - 0.5];
        const force = [50 * (random() - 0.5), 50 * (random() - 0.5), 50 * (random() - 0.5)];
        bodyPointPosition(data, b, local, point);
        // Wrench about the ground origin: [p x F; F].
        external.fill(0);
        external.set(
          [
            point[1] * force[2] - point[2] * force[1],
            point[2] * force[0] - point[0] * force[2],
            point[0] * force[1] - point[1] * force[0],
            ...force,
          ],
          6 * b,
        );
        rneaWithCurrentKinematics(model, data, qd, qdd, external);
        bodyPointJacobian(model, data, b, local, jacobian);
        for (let j = 0; j < nq; j++) {
          const jtf = jacobian[j] * force[0] + jacobian[nq + j] * force[1] + jacobian[2 * nq + j] * force[2];
          expectRelativeClose(data.generalizedForce[j], free[j] - jtf, 1e-10, `${model.bodyName[b]} ${model.coordinateName[j]}`);
        }
      }
    }
  });

  it('rejects an external force array of the wrong size', () => {
    const zeros = new Float64Array(nq);
    expect(() => rnea(model, data, model.coordinateDefault, zeros, zeros, new Float64Array(6))).toThrow(/6 per body/);
  });
});

describe('rnea and crba leave data consistent', () => {
  it('copies q, qd and qdd into data and does not depend on previous calls', () => {
    const model = compileSkeleton(jointChainSpec());
    const data = makeSkeletonData(model);
    const random = seededRandom(8);
    const q = randomPose(model.coordinateRange, model.nq, random);
    const qd = Float64Array.from({ length: model.nq }, () => random());
    const qdd = Float64Array.from({ length: model.nq }, () => random());
    rnea(model, data, q, qd, qdd);
    const first = Float64Array.from(data.generalizedForce);
    crba(model, data, randomPose(model.coordinateRange, model.nq, random));
    rnea(model, data, randomPose(model.coordinateRange, model.nq, random), qdd, qd);
    rnea(model, data, q, qd, qdd);
    expect(Array.from(data.generalizedForce)).toEqual(Array.from(first));
    expect(Array.from(data.qd)).toEqual(Array.from(qd));
    expect(Array.from(data.qdd)).toEqual(Array.from(qdd));
  });
});
