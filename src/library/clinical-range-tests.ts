/**
 * Clinical passive range-of-motion tests as kinechain reproduces them on a body, and the
 * calibration that tightens a muscle group until a test gives a chosen range.
 *
 * - Knee-extended ankle dorsiflexion test (Bolivar et al. 2013, Foot Ankle Int 34:42, use
 *   it to tell plantar fasciitis from controls): supine, knee straight, the examiner
 *   dorsiflexes the foot until the resistance stops the push. With the knee flexed the
 *   gastrocnemius slackens and only the soleus limits the range.
 * - Straight-leg raise (SLR): supine, knee straight, the hip is flexed until the
 *   resistance of the hamstrings stops it.
 *
 * The end of a test is where the resisting torque of the relaxed tissues about the tested
 * coordinate reaches an end-range torque (core/solvers/passive-end-range.ts).
 *
 * Which end-range torque. A clinical push can be given in N m (DiGiovanni et al. 2002, J
 * Bone Joint Surg Am 84:962, measured equinus with an equinometer at a constant 10 N m),
 * but the default body's passive torques, though calibrated to group means (Riener &
 * Edrich 1999; library/passive-joint-moments.ts), are matched only within about half
 * their published value, so a torque in N m would put a test's end away from its
 * clinical norm. The end-range torque is therefore the
 * torque the reference body (the unimpaired default body of the same stature, mass and
 * sex) resists with at the normative end of the test, the same calibration the
 * stretch-tolerance model of the toe-touch analysis uses (END_RANGE_TESTS). The reference
 * body then ends each test at its norm by construction, a body made tighter ends it
 * earlier, and the model's error in absolute passive stiffness cancels to first order.
 * The normative range is an uncertain parameter of the impairments that use it.
 */
import { KinechainError } from '../core/errors.js';
import { makeData } from '../core/model/make-data.js';
import type { Data, Model } from '../core/model/model.js';
import {
  muscleShorteningForEndRange,
  passiveEndRange,
  passiveResistance,
  type EndRangeTest,
} from '../core/solvers/passive-end-range.js';
import type { ModelSpec } from '../spec/schema.js';
import { buildBody } from './default-body.js';
import type { LiteratureValue } from './literature-value.js';
import type { Side } from './scenario.js';
import { compileCached, shortenSlackLength } from './spec-edits.js';
import { END_RANGE_TESTS } from './stretch-tolerance.js';

const DEG = Math.PI / 180;

/** Normative knee-extended passive dorsiflexion range (deg), shared with the stretch-tolerance model. */
export const KNEE_EXTENDED_DORSIFLEXION_NORM: LiteratureValue =
  END_RANGE_TESTS.knee_extended_dorsiflexion.poseDeg['ankle_angle_{side}'];

/** Normative passive straight-leg-raise angle (deg), shared with the stretch-tolerance model. */
export const STRAIGHT_LEG_RAISE_NORM: LiteratureValue = END_RANGE_TESTS.passive_straight_leg_raise.poseDeg['hip_flexion_{side}'];

/** Knee flexion used for the knee-flexed (soleus) variant of the dorsiflexion test (gait2392 sign: negative = flexion). */
export const KNEE_FLEXED_TEST_ANGLE_RAD = -45 * DEG;

/** The knee-extended (or, with kneeAngleRad < 0, knee-flexed) passive ankle dorsiflexion test. */
export function dorsiflexionTest(side: Side, endRangeTorqueNm: number, kneeAngleRad = 0): EndRangeTest {
  return {
    coordinate: `ankle_angle_${side}`,
    direction: 1,
    pose: { [`knee_angle_${side}`]: kneeAngleRad },
    endRangeTorqueNm,
  };
}

/** The passive straight-leg raise (hip flexion with the knee extended and the ankle neutral). */
export function straightLegRaiseTest(side: Side, endRangeTorqueNm: number, kneeAngleRad = 0): EndRangeTest {
  return {
    coordinate: `hip_flexion_${side}`,
    direction: 1,
    pose: { [`knee_angle_${side}`]: kneeAngleRad },
    endRangeTorqueNm,
  };
}

const referenceModels = new Map<string, Model>();
const scratchData = new WeakMap<Model, Data>();

function dataFor(model: Model): Data {
  let data = scratchData.get(model);
  if (data === undefined) {
    data = makeData(model);
    scratchData.set(model, data);
  }
  return data;
}

/** The reference body of a spec: the unimpaired default body of its subject, or the spec itself when it has no subject. */
export function referenceModel(spec: ModelSpec): Model {
  const subject = spec.subject;
  if (subject === undefined) return compileCached(spec);
  const key = `${subject.heightM}|${subject.massKg}|${subject.sex}`;
  let model = referenceModels.get(key);
  if (model === undefined) {
    model = compileCached(buildBody(subject));
    if (referenceModels.size >= 8) referenceModels.delete(referenceModels.keys().next().value as string);
    referenceModels.set(key, model);
  }
  return model;
}

/**
 * The end-range torque of a test (N m): the resisting torque of the reference body of
 * `spec` with the tested coordinate at its normative end `normalRangeRad`. `test`'s own
 * endRangeTorqueNm is ignored. Throws UNSUPPORTED if the reference body does not resist
 * the test motion there (the norm lies inside its slack range).
 */
export function referenceEndRangeTorqueNm(spec: ModelSpec, test: EndRangeTest, normalRangeRad: number): number {
  const model = referenceModel(spec);
  const torque = passiveResistance(model, dataFor(model), { ...test, endRangeTorqueNm: 1 }, normalRangeRad);
  if (!(torque > 0)) {
    throw new KinechainError(
      'UNSUPPORTED',
      `the reference body does not resist "${test.coordinate}" at its normative end range ${(normalRangeRad / DEG).toFixed(1)} deg ` +
        `(resisting torque ${torque.toFixed(2)} N m), so that norm cannot calibrate the test`,
      { coordinate: test.coordinate, normalRangeRad, torque },
    );
  }
  return torque;
}

/** The end of the passive range (deg) a test gives on a body, and what limited it. */
export function clinicalEndRangeDeg(
  spec: ModelSpec,
  test: EndRangeTest,
): { readonly rangeDeg: number; readonly limitedBy: 'tissues' | 'joint-limit' | 'start' } {
  const model = compileCached(spec);
  const result = passiveEndRange(model, dataFor(model), test);
  return { rangeDeg: result.value / DEG, limitedBy: result.limitedBy };
}

/** The muscles of the triceps surae on a side: the muscles the Achilles tendon is in series with. */
export function tricepsSuraeMuscles(spec: ModelSpec, side: Side): string[] {
  const tendon = spec.tissues.find((tissue) => tissue.name === `achilles_tendon_${side}`);
  return tendon?.seriesOf.length ? [...tendon.seriesOf] : [`gastrocnemius_medial_${side}`, `gastrocnemius_lateral_${side}`, `soleus_${side}`];
}

/** The hamstrings (biarticular) of a side. */
export function hamstringMuscles(side: Side): string[] {
  return [`biceps_femoris_long_${side}`, `semitendinosus_${side}`, `semimembranosus_${side}`];
}

export interface TighteningResult {
  /** The body with the muscles shortened (the input spec itself when nothing needed shortening). */
  readonly spec: ModelSpec;
  /**
   * Shortening of each muscle's resting length, as a fraction of its optimal fibre length
   * (the same for every muscle of the group); 0 when the range already ended at or before
   * the target.
   */
  readonly fibreShorteningFraction: number;
  /** Resisting torque at the target angle before tightening (N m). */
  readonly resistanceBeforeNm: number;
}

/**
 * Tightens a muscle group until `test` ends at `targetRad`: every muscle's tendon slack
 * length is shortened by the same fraction of its own optimal fibre length, which shifts
 * all their passive fibre curves by the same normalised amount (a contracture of the
 * muscle bellies, as in gastrocnemius-soleus equinus). Tightening only: when the body's
 * range already ends at or before the target, the spec is returned unchanged.
 *
 * Throws UNKNOWN_NAME for muscles not in the body and OUT_OF_RANGE when the target cannot
 * be reached by shortening these muscles.
 */
export function tightenMusclesToEndRange(
  spec: ModelSpec,
  test: EndRangeTest,
  targetRad: number,
  muscleNames: readonly string[],
): TighteningResult {
  const model = compileCached(spec);
  const indices = muscleNames.map((name) => {
    const index = model.tissueIndex.get(name);
    if (index === undefined) {
      throw new KinechainError('UNKNOWN_NAME', `the body has no muscle "${name}", which this test tightens`, { tissue: name });
    }
    return index;
  });
  const perUnit = indices.map((index) => model.muscleOptimalFiberLength[index]);
  const result = muscleShorteningForEndRange(model, dataFor(model), test, targetRad, indices, perUnit);
  if (result.scale === 0) return { spec, fibreShorteningFraction: 0, resistanceBeforeNm: result.resistanceBeforeNm };
  const shortened = shortenSlackLength(
    spec,
    muscleNames,
    (tissue) => result.scale * model.muscleOptimalFiberLength[model.tissueIndex.get(tissue.name) as number],
    model,
  );
  return { spec: shortened, fibreShorteningFraction: result.scale, resistanceBeforeNm: result.resistanceBeforeNm };
}
