import { describe, expect, it } from 'vitest';
import { jointBodyByName, jointReaction, makeJointReaction } from './joint-reaction.js';
import { compile } from '../../spec/compile.js';
import { makeData } from '../model/make-data.js';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from '../paths/path-length.js';
import { momentArms } from '../paths/moment-arm.js';
import { isKinechainError } from '../errors.js';
import { twoLinkArmSpec, SHOULDER_CENTER, HUMERUS_LENGTH } from '../../../test/fixtures/two-link-arm.js';
import { buildBody, DEFAULT_SUBJECT } from '../../library/default-body.js';
import { baselineScenario } from '../../library/scenario.js';
import { defaultFootContactPoints } from '../../library/foot-contact.js';
import { makeFootSupport } from '../contact/foot-support.js';
import { makeStandingEquilibrium, setStandingLimits, solveStandingEquilibrium } from '../solvers/standing-equilibrium.js';

const G = 9.80665;

type V3 = [number, number, number];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const scale = (a: V3, s: number): V3 => [a[0] * s, a[1] * s, a[2] * s];
const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const norm = (a: V3): number => Math.hypot(a[0], a[1], a[2]);

describe('joint reaction: two-link arm solved by hand', () => {
  // Elbow flexed 90 deg: the forearm points forward (+X), held by the biceps alone.
  const model = compile(twoLinkArmSpec());
  const data = makeData(model);
  const q = new Float64Array(model.nq);
  q[model.coordinateIndex.get('elbow_flexion') as number] = Math.PI / 2;
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);

  // Geometry by hand (fixture numbers): rotating the forearm +90 deg about Z maps (x, y) to (-y, x).
  const elbow: V3 = [SHOULDER_CENTER[0], SHOULDER_CENTER[1] - HUMERUS_LENGTH, SHOULDER_CENTER[2]];
  const forearmCom: V3 = add(elbow, [0.11, 0, 0]); // (0, -0.11, 0) rotated
  const insertion: V3 = add(elbow, [0.045, 0.018, 0]); // radial tuberosity (0.018, -0.045, 0) rotated
  const via: V3 = add(SHOULDER_CENTER, [0.03, -0.06, 0.005]); // bicipital groove on the humerus
  const weight: V3 = [0, -1.2 * G, 0];
  const pull = scale(sub(via, insertion), 1 / norm(sub(via, insertion)));
  // Elbow moment balance about Z fixes the biceps tension.
  const tension = -cross(sub(forearmCom, elbow), weight)[2] / cross(sub(insertion, elbow), pull)[2];
  const expectedForce = scale(add(weight, scale(pull, tension)), -1);
  const expectedMoment = scale(add(cross(sub(forearmCom, elbow), weight), cross(sub(insertion, elbow), scale(pull, tension))), -1);

  it('equals the hand solution: R = -(m g + T u), M = -(r_c x m g + r_i x T u), no moment about the hinge', () => {
    data.tissueForce.fill(0);
    data.tissueForce[model.tissueIndex.get('biceps_brachii') as number] = tension;
    const workspace = makeJointReaction(model);
    const reaction = jointReaction(model, data, workspace, jointBodyByName(model, 'elbow'));
    expect(tension).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      expect(reaction.jointCenter[i]).toBeCloseTo(elbow[i], 12);
      expect(reaction.force[i]).toBeCloseTo(expectedForce[i], 9);
      expect(reaction.moment[i]).toBeCloseTo(expectedMoment[i], 9);
    }
    // The hinge carries no moment about its own axis: the muscle balanced it.
    expect(Math.abs(reaction.moment[2])).toBeLessThan(1e-12);
    // Joint frame = forearm frame, turned 90 deg: its long axis (Y) points back along -X.
    expect(reaction.longAxisSign).toBe(-1);
    expect(reaction.forceInJointFrame[0]).toBeCloseTo(expectedForce[1], 9);
    expect(reaction.forceInJointFrame[1]).toBeCloseTo(-expectedForce[0], 9);
    expect(reaction.compression).toBeCloseTo(expectedForce[0], 9);
    // Parts add up and each is what it should be.
    expect(reaction.gravityForce[1]).toBeCloseTo(-1.2 * G, 12);
    for (let i = 0; i < 3; i++) expect(reaction.tissueForce[i]).toBeCloseTo(pull[i] * tension, 9);
  });

  it('a tissue that does not cross the cut adds nothing; an external force on the subtree is counted', () => {
    data.tissueForce.fill(0);
    const workspace = makeJointReaction(model);
    // A 10 N push up at the forearm's centre of mass cancels part of the weight at the shoulder.
    const body = model.bodyIndex.get('forearm') as number;
    const external = { count: 1, body: [body], point: forearmCom, force: [0, 10, 0] };
    const shoulder = jointReaction(model, data, workspace, jointBodyByName(model, 'shoulder'), external);
    expect(shoulder.force[1]).toBeCloseTo((2 + 1.2) * G - 10, 9);
    // Biceps tension crossing both joints: at the shoulder only its ground segment crosses.
    data.tissueForce[model.tissueIndex.get('biceps_brachii') as number] = 100;
    const withBiceps = jointReaction(model, data, workspace, jointBodyByName(model, 'shoulder'));
    const origin: V3 = [0.02, 1.43, 0.01];
    const viaPull = scale(sub(origin, via), 100 / norm(sub(origin, via)));
    for (let i = 0; i < 3; i++) expect(withBiceps.tissueForce[i]).toBeCloseTo(viaPull[i], 9);
  });

  it('rejects bad joints and workspaces with KinechainError', () => {
    const workspace = makeJointReaction(model);
    for (const run of [
      () => jointReaction(model, data, workspace, 0),
      () => jointBodyByName(model, 'knee'),
      () => jointReaction(compile(buildBody(DEFAULT_SUBJECT)), makeData(compile(buildBody(DEFAULT_SUBJECT))), workspace, 1),
    ]) {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(isKinechainError(caught)).toBe(true);
    }
  });
});

describe('joint reaction: equilibrium of every free body of the standing default body', () => {
  it('the reaction does no work along its own joint coordinates beyond what the locks and reserves carry', () => {
    const spec = buildBody(DEFAULT_SUBJECT);
    const model = compile(spec);
    const data = makeData(model);
    const support = makeFootSupport(model, defaultFootContactPoints(DEFAULT_SUBJECT), { friction: 0.6 });
    const solver = makeStandingEquilibrium(model, support, {
      lockedCoordinates: ['midtarsal_angle_r', 'mtp_angle_r', 'midtarsal_angle_l', 'mtp_angle_l'],
    });
    setStandingLimits(solver, model, baselineScenario(spec));
    const result = solveStandingEquilibrium(solver, model, data, model.coordinateDefault);
    expect(result.maxEquilibriumResidual).toBeLessThan(1e-6);
    const workspace = makeJointReaction(model);
    const external = { count: support.npoint, body: support.pointBody, point: support.pointWorld, force: result.contactForce };
    let checked = 0;
    for (let body = 1; body < model.nbody; body++) {
      const reaction = jointReaction(model, data, workspace, body, external);
      // Wrench of the reaction about the ground origin: M_O = M_c + c x R.
      const c = reaction.jointCenter;
      const r = reaction.force;
      const mo = [
        reaction.moment[0] + c[1] * r[2] - c[2] * r[1],
        reaction.moment[1] + c[2] * r[0] - c[0] * r[2],
        reaction.moment[2] + c[0] * r[1] - c[1] * r[0],
      ];
      const first = model.jointCoordAdr[body];
      for (let j = first; j < first + model.jointCoordNum[body]; j++) {
        const s = data.coordinateMotion.subarray(6 * j, 6 * j + 6);
        const power = s[0] * mo[0] + s[1] * mo[1] + s[2] * mo[2] + s[3] * r[0] + s[4] * r[1] + s[5] * r[2];
        // The joint's own equation: gravity = tissue + contact + lock + reserve, so along its
        // axes the joint carries exactly the lock and reserve terms.
        expect(Math.abs(power - result.lockForce[j] - result.reserveForce[j])).toBeLessThan(1e-6);
        checked++;
      }
    }
    expect(checked).toBe(model.nq);
  });
});
