/**
 * The default body's passive joint moments (all muscles relaxed: sum over tissues of moment
 * arm times passive tension) against the published passive moment-angle curves of Riener &
 * Edrich 1999, within the stated band, at the poses of each test in PASSIVE_MOMENT_TESTS.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import type { Data, Model } from '../core/model/model.js';
import { setPose } from '../core/model/pose.js';
import { momentArms } from '../core/paths/moment-arm.js';
import { pathLength } from '../core/paths/path-length.js';
import { tissueForces, tissueGeneralizedForces, type TendonCompliance } from '../core/tissues/tissue-forces.js';
import { compile } from '../spec/compile.js';
import { buildBody, DEFAULT_SUBJECT } from './default-body.js';
import {
  PASSIVE_MOMENT_TESTS,
  passiveMomentAgrees,
  passiveMomentTolerance,
  publishedPassiveMoment,
  rienerEdrichAnkleMoment,
  rienerEdrichHipMoment,
  rienerEdrichKneeMoment,
  STRAIGHT_LEG_RAISE_STIFFNESS,
  type PassiveMomentTest,
} from './passive-joint-moments.js';
import { END_RANGE_TESTS } from './stretch-tolerance.js';
import { MUSCLE_PARAMETERS } from './tissues/index.js';

const DEG = Math.PI / 180;

let model: Model;
let data: Data;
let generalizedForce: Float64Array;

beforeAll(() => {
  model = compile(buildBody(DEFAULT_SUBJECT));
  data = makeData(model);
  generalizedForce = new Float64Array(model.nq);
});

/** Poses the body (deg, kinechain signs), relaxes every muscle and evaluates the tissue tensions and their generalised forces. */
function relaxedAt(poseDeg: Record<string, number>, tendon: TendonCompliance = 'rigid'): void {
  const q = setPose(model, Object.fromEntries(Object.entries(poseDeg).map(([name, deg]) => [name, deg * DEG])));
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);
  data.tissueActivation.fill(0);
  tissueForces(model, data, tendon);
  tissueGeneralizedForces(model, data, generalizedForce);
}

function poseOf(test: PassiveMomentTest, angleDeg: number): Record<string, number> {
  return { ...test.heldDeg, [test.coordinate]: angleDeg };
}

/** Passive generalised force (N m) on the test's coordinate at one angle of its sweep. */
function modelMoment(test: PassiveMomentTest, angleDeg: number, tendon: TendonCompliance = 'rigid'): number {
  relaxedAt(poseOf(test, angleDeg), tendon);
  return generalizedForce[model.coordinateIndex.get(test.coordinate)!];
}

/** The part of the last evaluated moment on `coordinate` that the named muscles (both sides) give (N m). */
function momentOf(baseNames: readonly string[], coordinate: string): number {
  const j = model.coordinateIndex.get(coordinate)!;
  let sum = 0;
  for (let t = 0; t < model.ntissue; t++) {
    if (!baseNames.includes(model.tissueName[t].replace(/_[rl]$/, ''))) continue;
    sum += data.tissueMomentArm[t * model.nq + j] * data.tissueForce[t];
  }
  return sum;
}

describe('published passive moment curves (Riener & Edrich 1999) in kinechain signs', () => {
  it('reproduce values computed by hand from the published coefficients', () => {
    // Hip flexed 90 deg, knee extended: exp(1.4655 - 6.75) - exp(1.3403 + 2.745) + 8.072.
    expect(rienerEdrichHipMoment(90, 0)).toBeCloseTo(Math.exp(-5.2845) - Math.exp(4.0853) + 8.072, 12);
    // Knee extended with the hip at 90 deg and the ankle neutral: flexing moment, so negative on knee_angle.
    expect(rienerEdrichKneeMoment(90, 0, 0)).toBeCloseTo(-(Math.exp(1.8 + 1.953) - Math.exp(-3.971 - 1.152) - 4.82 + Math.exp(2.22)), 12);
    // 20 deg of dorsiflexion = -20 deg of their plantarflexion angle; plantarflexing, so negative on ankle_angle.
    expect(rienerEdrichAnkleMoment(0, 20)).toBeCloseTo(-(Math.exp(2.1016 + 1.686) - Math.exp(-7.9763 - 3.898) - 1.792), 12);
  });

  it('resist each stretch: the moment opposes the motion that lengthens the limiting muscles', () => {
    // Hip flexion with the knee straight and knee extension with the hip flexed stretch the hamstrings.
    expect(rienerEdrichHipMoment(75, 0)).toBeLessThan(rienerEdrichHipMoment(45, 0));
    expect(rienerEdrichKneeMoment(90, 20, 0)).toBeLessThan(rienerEdrichKneeMoment(90, 45, 0));
    // Knee flexion relaxes the hamstrings: less hip-extending moment at the same hip flexion.
    expect(rienerEdrichHipMoment(75, 90)).toBeGreaterThan(rienerEdrichHipMoment(75, 0));
    // Dorsiflexion stretches the triceps surae; knee flexion slackens the gastrocnemius.
    expect(rienerEdrichAnkleMoment(0, 20)).toBeLessThan(rienerEdrichAnkleMoment(0, 0));
    expect(rienerEdrichAnkleMoment(75, 20)).toBeGreaterThan(rienerEdrichAnkleMoment(0, 20));
  });
});

describe('passive joint moments of the default body against Riener & Edrich 1999', () => {
  for (const test of PASSIVE_MOMENT_TESTS) {
    it(`${test.title}: within the band at every compared angle`, () => {
      for (const angle of test.anglesDeg) {
        const published = publishedPassiveMoment(test, angle);
        const moment = modelMoment(test, angle);
        const tolerance = passiveMomentTolerance(test.joint, published);
        expect(
          passiveMomentAgrees(test, moment, published),
          `${test.key} at ${angle} deg: model ${moment.toFixed(2)} N m, published ${published.toFixed(2)} +- ${tolerance.toFixed(2)} N m (${test.comparison})`,
        ).toBe(true);
      }
    });
  }

  it('with elastic tendons: smaller by less than a third, the Thelen tendon taking part of the stretch in its toe region', () => {
    // The calibration is for the rigid tendon the static analyses use (passive-fibre-strain.ts): it already
    // gives the fibre the unit's in vivo compliance, so an elastic tendon adds its own compliance on top.
    for (const test of PASSIVE_MOMENT_TESTS) {
      for (const angle of test.anglesDeg) {
        const rigid = modelMoment(test, angle, 'rigid');
        const rigidTensions = data.tissueForce.slice();
        const elastic = modelMoment(test, angle, 'elastic');
        expect(Math.abs(elastic - rigid), `${test.key} at ${angle} deg`).toBeLessThan(Math.abs(rigid) / 3 + 0.1);
        // A compliant tendon can only take up stretch: no relaxed muscle pulls harder with it.
        for (let t = 0; t < model.ntissue; t++) {
          if (model.muscleOptimalFiberLength[t] > 0) expect(data.tissueForce[t]).toBeLessThanOrEqual(rigidTensions[t] + 1e-9);
        }
      }
    }
  });

  it('grows monotonically into each two-sided stretch (no moment reversal along a sweep)', () => {
    for (const test of PASSIVE_MOMENT_TESTS.filter((t) => t.comparison === 'within-band')) {
      const moments = test.anglesDeg.map((angle) => modelMoment(test, angle));
      // The stretch direction is the one in which the published moment falls (becomes more resisting).
      const published = test.anglesDeg.map((angle) => publishedPassiveMoment(test, angle));
      const direction = Math.sign(published[published.length - 1] - published[0]);
      for (let k = 1; k < moments.length; k++) {
        expect(direction * (moments[k] - moments[k - 1]), `${test.key} between ${test.anglesDeg[k - 1]} and ${test.anglesDeg[k]} deg`).toBeGreaterThan(-1e-9);
      }
    }
  });

  it('puts the limiting muscles where the clinical tests say: hamstrings in a straight-leg raise, quadriceps in a prone knee bend, soleus with the knee flexed', () => {
    const share = (key: string, angle: number, muscles: readonly string[]): number => {
      const test = PASSIVE_MOMENT_TESTS.find((t) => t.key === key)!;
      const total = modelMoment(test, angle);
      return momentOf(muscles, test.coordinate) / total;
    };
    expect(share('hip_flexion_knee_extended', 60, ['biceps_femoris_long', 'semitendinosus', 'semimembranosus'])).toBeGreaterThan(0.7);
    expect(share('knee_flexion_hip_extended', -120, ['rectus_femoris', 'vastus_lateralis', 'vastus_medialis', 'vastus_intermedius'])).toBeGreaterThan(0.7);
    expect(share('dorsiflexion_knee_flexed', 20, ['soleus'])).toBeGreaterThan(0.9);
    // With the knee extended both the gastrocnemius and the soleus resist dorsiflexion.
    expect(share('dorsiflexion_knee_extended', 15, ['gastrocnemius_medial', 'gastrocnemius_lateral'])).toBeGreaterThan(0.3);
  });

  it('has a straight-leg-raise stiffness within the between-person range of McHugh et al. 1999', () => {
    const test = PASSIVE_MOMENT_TESTS.find((t) => t.key === 'hip_flexion_knee_extended')!;
    const end = END_RANGE_TESTS.passive_straight_leg_raise.poseDeg['hip_flexion_{side}'].value;
    const start = end - 15;
    const stiffness = (modelMoment(test, start) - modelMoment(test, end)) / (15 * DEG);
    expect(stiffness).toBeGreaterThanOrEqual(STRAIGHT_LEG_RAISE_STIFFNESS.low!);
    expect(stiffness).toBeLessThanOrEqual(STRAIGHT_LEG_RAISE_STIFFNESS.high!);
  });

  it('gives the left leg the mirror moments of the right', () => {
    const test = PASSIVE_MOMENT_TESTS.find((t) => t.key === 'hip_flexion_knee_extended')!;
    relaxedAt({ hip_flexion_r: 60 });
    const right = generalizedForce[model.coordinateIndex.get('hip_flexion_r')!];
    relaxedAt({ hip_flexion_l: 60 });
    const left = generalizedForce[model.coordinateIndex.get('hip_flexion_l')!];
    expect(left).toBeCloseTo(right, 9);
    expect(modelMoment(test, 60)).toBeCloseTo(right, 12);
  });

  it('records every muscle passive strain at F0 as a literature value inside its range, and uses it', () => {
    for (const [name, parameters] of Object.entries(MUSCLE_PARAMETERS)) {
      const value = parameters.passiveStrainAtF0;
      expect(value.source.length, name).toBeGreaterThan(10);
      expect(value.low!, name).toBeLessThanOrEqual(value.value);
      expect(value.value, name).toBeLessThanOrEqual(value.high!);
      const tissue = model.tissueIndex.get(`${name}_r`);
      if (tissue !== undefined) expect(model.musclePassiveStrainAtF0[tissue], name).toBe(value.value);
    }
  });
});
