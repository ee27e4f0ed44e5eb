import { describe, expect, it } from 'vitest';
import { bodyPointPosition } from '../core/kinematics/jacobian.js';
import { makeData } from '../core/model/make-data.js';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { FORWARD_BEND_RHYTHM } from '../library/forward-bend-rhythm.js';
import { buildLandmarks } from '../library/landmarks.js';
import { compile } from '../spec/compile.js';
import { ForwardBendKinematics, lumbarShareDeg, nominalForwardBendRhythm } from './forward-bend-kinematics.js';

const DEG = Math.PI / 180;
const model = compile(buildBody(DEFAULT_SUBJECT));
const landmarks = buildLandmarks(DEFAULT_SUBJECT).filter((landmark) => landmark.floorContact);
const heelBack = buildLandmarks(DEFAULT_SUBJECT).filter((landmark) => landmark.name.startsWith('heel_posterior'));
const toeTips = buildLandmarks(DEFAULT_SUBJECT).filter((landmark) => landmark.name.startsWith('toe_tip'));

function worldOf(kinematics: ForwardBendKinematics, body: string, location: readonly number[]): Float64Array {
  const out = new Float64Array(3);
  bodyPointPosition(kinematics.data, model.bodyIndex.get(body)!, location, out);
  return out;
}

describe('lumbopelvic rhythm (Esola et al. 1996)', () => {
  const rhythm = nominalForwardBendRhythm();
  it('gives each phase its lumbar-to-hip ratio', () => {
    for (const [start, ratio] of [
      [0, rhythm.earlyLumbarToHipRatio],
      [30, rhythm.middleLumbarToHipRatio],
      [60, rhythm.lateLumbarToHipRatio],
    ] as const) {
      const lumbar = lumbarShareDeg(rhythm, start + 20) - lumbarShareDeg(rhythm, start + 10);
      const hip = 10 - lumbar;
      expect(lumbar / hip).toBeCloseTo(ratio, 12);
    }
  });
  it('ends near Esola\'s measured lumbar flexion (41.6 deg) and adds nothing past 90 deg with the nominal end ratio', () => {
    expect(FORWARD_BEND_RHYTHM.endLumbarToHipRatio.value).toBe(0);
    expect(lumbarShareDeg(rhythm, 111)).toBeCloseTo(lumbarShareDeg(rhythm, 90), 12);
    expect(Math.abs(lumbarShareDeg(rhythm, 111) - 41.6)).toBeLessThan(1.5);
  });
});

describe('ForwardBendKinematics on the default body', () => {
  const kinematics = new ForwardBendKinematics(model, makeData(model));
  const reference = landmarks.map((landmark) => {
    kinematics.pose(0);
    return worldOf(kinematics, landmark.body, landmark.location);
  });

  it('starts from the reference standing pose at s = 0', () => {
    kinematics.pose(0);
    for (let j = 0; j < model.nq; j++) expect(kinematics.q[j]).toBeCloseTo(model.coordinateDefault[j], 9);
  });

  it('keeps the feet flat on the floor at their reference placement through the bend', () => {
    for (let s = 0.05; s <= 1.0001; s += 0.05) {
      kinematics.pose(Math.min(s, 1));
      landmarks.forEach((landmark, i) => {
        const p = worldOf(kinematics, landmark.body, landmark.location);
        // The rearfoot is returned exactly to its reference orientation; the ankle centres are
        // held at their mean reference position, so a contact point moves only by what the
        // hip's axial rotation shifts the ankle (a fraction of a millimetre).
        expect(Math.abs(p[1]), `${landmark.name} height at s = ${s}`).toBeLessThan(1e-4);
        expect(Math.hypot(p[0] - reference[i][0], p[2] - reference[i][2]), `${landmark.name} slide at s = ${s}`).toBeLessThan(5e-4);
      });
    }
  });

  it('brings each rearfoot back to its reference orientation with small hip rotation and subtalar angles', () => {
    for (const s of [0.3, 0.7]) {
      const state = kinematics.pose(s);
      for (const name of ['calcn_r', 'calcn_l']) {
        const b = model.bodyIndex.get(name)!;
        const rotation = kinematics.data.bodyRotation.subarray(9 * b, 9 * b + 9);
        [1, 0, 0, 0, 1, 0, 0, 0, 1].forEach((value, k) => expect(rotation[k]).toBeCloseTo(value, 10));
      }
      expect(Math.abs(state.hipRotationRight)).toBeLessThan(10 * DEG);
      expect(Math.abs(state.subtalarAngleRight)).toBeLessThan(10 * DEG);
      expect(state.hipRotationLeft).toBeCloseTo(state.hipRotationRight, 9);
      expect(state.ankleAngleLeft).toBeCloseTo(state.ankleAngleRight, 9);
      // Hips behind the ankles: the ankles plantarflex.
      expect(state.ankleAngleRight).toBeLessThan(0);
    }
  });

  it('holds the centre of mass over the base of support (at its standing position) while the hips shift back', () => {
    kinematics.pose(0);
    const target = kinematics.comTargetX;
    const heel = Math.min(...heelBack.map((landmark) => worldOf(kinematics, landmark.body, landmark.location)[0]));
    const toe = Math.max(...toeTips.map((landmark) => worldOf(kinematics, landmark.body, landmark.location)[0]));
    const pelvisTx = model.coordinateIndex.get('pelvis_tx')!;
    let previousShift = 0;
    for (let s = 0.1; s <= 0.7001; s += 0.1) {
      const state = kinematics.pose(s);
      expect(Math.abs(state.com[0] - target)).toBeLessThan(1e-8);
      expect(state.com[0]).toBeGreaterThan(heel);
      expect(state.com[0]).toBeLessThan(toe);
      const shiftBack = -kinematics.q[pelvisTx];
      expect(shiftBack).toBeGreaterThan(previousShift);
      previousShift = shiftBack;
    }
  });

  it('follows the rhythm: hips and spine flex together, arms hang vertically, knees straight', () => {
    const state = kinematics.pose(0.5);
    const total = 0.5 * kinematics.maxTotalFlexionDeg;
    expect(state.lumbarFlexion / DEG).toBeCloseTo(lumbarShareDeg(kinematics.rhythm, total), 9);
    expect((state.hipFlexion + state.lumbarFlexion) / DEG).toBeCloseTo(total, 9);
    expect(state.thoracicFlexion / state.lumbarFlexion).toBeCloseTo(kinematics.rhythm.thoracicToLumbarRatio, 12);
    expect(kinematics.q[model.coordinateIndex.get('knee_angle_r')!]).toBe(0);
    // Arm hanging: the fingertip straight below the shoulder (glenohumeral centre = humerus origin).
    const humerus = model.bodyIndex.get('humerus_r')!;
    const shoulder = kinematics.data.bodyPosition.subarray(3 * humerus, 3 * humerus + 3);
    expect(state.fingertip[0]).toBeCloseTo(shoulder[0], 9);
    expect(state.fingertip[2]).toBeCloseTo(shoulder[2], 9);
    expect(state.fingertip[1]).toBeLessThan(shoulder[1]);
  });

  it('lowers the fingertips monotonically as the bend deepens, and s = 1 reaches the hip range limit', () => {
    let previous = Number.POSITIVE_INFINITY;
    for (let s = 0; s <= 0.8001; s += 0.1) {
      kinematics.pose(s);
      const height = kinematics.fingertipHeightM();
      expect(height).toBeLessThan(previous);
      previous = height;
    }
    const end = kinematics.pose(1);
    expect(end.hipFlexion).toBeCloseTo(model.coordinateRange[2 * model.coordinateIndex.get('hip_flexion_r')! + 1], 9);
  });

  it('places the standing fingertip at about Winter\'s 0.377 H', () => {
    kinematics.pose(0);
    expect(kinematics.fingertipHeightM() / DEFAULT_SUBJECT.heightM).toBeCloseTo(0.374, 2);
  });

  it('rejects s outside [0, 1] and a bad rhythm', () => {
    expect(() => kinematics.pose(1.2)).toThrow(/\[0, 1\]/);
    expect(() => new ForwardBendKinematics(model, makeData(model), { rhythm: { earlyLumbarToHipRatio: Number.NaN } })).toThrow(
      /earlyLumbarToHipRatio/,
    );
  });
});
