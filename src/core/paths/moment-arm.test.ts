import { describe, expect, it } from 'vitest';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from './path-length.js';
import { momentArms } from './moment-arm.js';
import { pathVelocity } from './path-velocity.js';
import { tissueForces, tissueGeneralizedForces } from '../tissues/tissue-forces.js';
import { HUMERUS_LENGTH, TRICEPS_WRAP_RADIUS, twoLinkArmSpec } from '../../../test/fixtures/two-link-arm.js';
import { calfSeriesTendonSpec } from '../../../test/fixtures/calf-series-tendon.js';
import { buildTissueModel, lengthsAt, type TissueTestData, type TissueTestModel } from '../../../test/fixtures/tissue-model.js';

function evaluate(model: TissueTestModel, data: TissueTestData, q: ArrayLike<number>): void {
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);
}

/**
 * Checks r = -dL/dq against central differences on every coordinate, to 1e-6 relative
 * (with a floor of 0.1 mm on the scale: below it, round-off in the differences dominates).
 */
function expectMomentArmsMatchFiniteDifferences(model: TissueTestModel, data: TissueTestData, q: Float64Array): void {
  evaluate(model, data, q);
  const analytic = Float64Array.from(data.tissueMomentArm);
  const step = 1e-5;
  let checked = 0;
  for (let j = 0; j < model.nq; j++) {
    const plus = Float64Array.from(q);
    const minus = Float64Array.from(q);
    plus[j] += step;
    minus[j] -= step;
    const lengthPlus = lengthsAt(model, data, plus);
    const lengthMinus = lengthsAt(model, data, minus);
    for (let t = 0; t < model.ntissue; t++) {
      const numeric = -(lengthPlus[t] - lengthMinus[t]) / (2 * step);
      const r = analytic[t * model.nq + j];
      const scale = Math.max(Math.abs(r), 1e-4);
      expect(Math.abs(r - numeric) / scale, `${model.tissueName[t]} / ${model.coordinateName[j]}`).toBeLessThan(1e-6);
      if (r !== 0) checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
}

describe('moment arms', () => {
  const arm = buildTissueModel(twoLinkArmSpec());
  const triceps = arm.model.tissueIndex.get('triceps_brachii') as number;
  const elbow = arm.model.coordinateIndex.get('elbow_flexion') as number;

  function armPose(shoulder: [number, number, number], elbowAngle: number): Float64Array {
    const q = new Float64Array(arm.model.nq);
    q[arm.model.coordinateIndex.get('shoulder_x') as number] = shoulder[0];
    q[arm.model.coordinateIndex.get('shoulder_y') as number] = shoulder[1];
    q[arm.model.coordinateIndex.get('shoulder_z') as number] = shoulder[2];
    q[elbow] = elbowAngle;
    return q;
  }

  it('match -dL/dq on every coordinate without wrapping', () => {
    const q = armPose([0.2, -0.3, 0.4], 0.15);
    evaluate(arm.model, arm.data, q);
    expect(arm.data.wrapActive[0]).toBe(0);
    expectMomentArmsMatchFiniteDifferences(arm.model, arm.data, q);
  });

  it('match -dL/dq on every coordinate with the triceps wrapped over the elbow', () => {
    for (const elbowAngle of [1.9, 2.2, 2.5]) {
      const q = armPose([-0.3, 0.5, 0.8], elbowAngle);
      evaluate(arm.model, arm.data, q);
      expect(arm.data.wrapActive[0]).toBe(1);
      expectMomentArmsMatchFiniteDifferences(arm.model, arm.data, q);
    }
  });

  it('give the wrapped triceps a moment arm of about the wrap radius (extensor: negative)', () => {
    evaluate(arm.model, arm.data, armPose([0, 0, 0], 2.2));
    expect(arm.data.wrapActive[0]).toBe(1);
    const r = arm.data.tissueMomentArm[triceps * arm.model.nq + elbow];
    // The path leaves the cylinder tangentially: the lever is the radius, shortened only
    // by the small tilt of the helix out of the plane normal to the axis.
    expect(r).toBeLessThan(0);
    expect(Math.abs(r)).toBeLessThanOrEqual(0.022 + 1e-12);
    expect(Math.abs(r)).toBeGreaterThan(0.02);
  });

  it('match -dL/dq for the calf model (chain of three joints)', () => {
    const calf = buildTissueModel(calfSeriesTendonSpec());
    expectMomentArmsMatchFiniteDifferences(calf.model, calf.data, new Float64Array([0.3, -0.2, 0.4]));
  });

  it('satisfy virtual work: sum_j r_j F dq_j = -F dL, and tau_tissue . dq = -sum_k F_k dL_k', () => {
    const { model, data } = arm;
    const q = armPose([0.1, 0.2, 0.3], 1.9);
    evaluate(model, data, q);
    expect(data.wrapActive[0]).toBe(1);
    data.tissueActivation.fill(0.4);
    tissueForces(model, data);
    const tau = new Float64Array(model.nq);
    tissueGeneralizedForces(model, data, tau);
    const forces = Float64Array.from(data.tissueForce);
    const arms = Float64Array.from(data.tissueMomentArm);
    const direction = [0.3, -0.7, 0.2, 0.6];
    const epsilon = 1e-6;
    const plus = Float64Array.from(q, (v, j) => v + epsilon * direction[j]);
    const minus = Float64Array.from(q, (v, j) => v - epsilon * direction[j]);
    const lengthPlus = lengthsAt(model, data, plus);
    const lengthMinus = lengthsAt(model, data, minus);
    let tissueWork = 0;
    for (let t = 0; t < model.ntissue; t++) {
      expect(forces[t]).toBeGreaterThan(0);
      const dL = (lengthPlus[t] - lengthMinus[t]) / 2;
      let work = 0;
      for (let j = 0; j < model.nq; j++) work += arms[t * model.nq + j] * forces[t] * epsilon * direction[j];
      expect(Math.abs(work + forces[t] * dL) / Math.abs(forces[t] * dL)).toBeLessThan(1e-6);
      tissueWork -= forces[t] * dL;
    }
    let tauWork = 0;
    for (let j = 0; j < model.nq; j++) tauWork += tau[j] * epsilon * direction[j];
    expect(Math.abs(tauWork - tissueWork) / Math.abs(tissueWork)).toBeLessThan(1e-6);
  });

  it('give the path velocity -sum r qd, equal to the time derivative of length', () => {
    const { model, data } = arm;
    const q = armPose([0.25, -0.1, 0.5], 1.2);
    const qd = new Float64Array([0.4, -1.1, 0.7, 2.0]);
    evaluate(model, data, q);
    pathVelocity(model, data, qd);
    const dt = 1e-6;
    const ahead = lengthsAt(model, data, Float64Array.from(q, (v, j) => v + dt * qd[j]));
    const behind = lengthsAt(model, data, Float64Array.from(q, (v, j) => v - dt * qd[j]));
    for (let t = 0; t < model.ntissue; t++) {
      const numeric = (ahead[t] - behind[t]) / (2 * dt);
      expect(Math.abs(data.tissueVelocity[t] - numeric) / Math.abs(numeric)).toBeLessThan(1e-6);
    }
  });

  it('are zero for coordinates that do not move the path', () => {
    const calf = buildTissueModel(calfSeriesTendonSpec());
    evaluate(calf.model, calf.data, new Float64Array([0.3, -0.2, 0.4]));
    const nq = calf.model.nq;
    const soleus = calf.model.tissueIndex.get('soleus') as number;
    const fascia = calf.model.tissueIndex.get('plantar_fascia') as number;
    const knee = calf.model.coordinateIndex.get('knee_angle') as number;
    const ankle = calf.model.coordinateIndex.get('ankle_angle') as number;
    const mtp = calf.model.coordinateIndex.get('mtp_angle') as number;
    expect(calf.data.tissueMomentArm[soleus * nq + knee]).toBe(0);
    expect(calf.data.tissueMomentArm[soleus * nq + mtp]).toBe(0);
    expect(calf.data.tissueMomentArm[soleus * nq + ankle]).not.toBe(0);
    expect(calf.data.tissueMomentArm[fascia * nq + knee]).toBe(0);
    expect(calf.data.tissueMomentArm[fascia * nq + ankle]).toBe(0);
    expect(calf.data.tissueMomentArm[fascia * nq + mtp]).not.toBe(0);
  });
});

describe('moment arms over an ellipsoid wrap', () => {
  /** The two-link arm with the triceps wrapped over a tilted ellipsoid at the elbow instead of its cylinder. */
  function ellipsoidArm() {
    const spec = twoLinkArmSpec();
    const triceps = spec.tissues.find((tissue) => tissue.name === 'triceps_brachii');
    if (!triceps) throw new Error('two-link arm has no triceps');
    const tilt = 0.3;
    triceps.path.wraps = [
      {
        type: 'ellipsoid',
        name: 'elbow_ellipsoid',
        body: 'humerus',
        center: [0, -HUMERUS_LENGTH, 0],
        rotation: [Math.cos(tilt), -Math.sin(tilt), 0, Math.sin(tilt), Math.cos(tilt), 0, 0, 0, 1],
        radiiM: [TRICEPS_WRAP_RADIUS, 1.3 * TRICEPS_WRAP_RADIUS, 2.5 * TRICEPS_WRAP_RADIUS],
        side: null,
        between: [0, 1],
      },
    ];
    return buildTissueModel(spec);
  }

  it('match -dL/dq on every coordinate with the triceps wrapped', () => {
    const arm = ellipsoidArm();
    const index = (name: string) => arm.model.coordinateIndex.get(name) as number;
    let wrapped = 0;
    for (const elbowAngle of [1.9, 2.2, 2.5]) {
      const q = new Float64Array(arm.model.nq);
      q[index('shoulder_x')] = -0.3;
      q[index('shoulder_y')] = 0.5;
      q[index('shoulder_z')] = 0.8;
      q[index('elbow_flexion')] = elbowAngle;
      evaluate(arm.model, arm.data, q);
      wrapped += arm.data.wrapActive[0];
      expectMomentArmsMatchFiniteDifferences(arm.model, arm.data, q);
    }
    expect(wrapped).toBe(3);
  });
});
