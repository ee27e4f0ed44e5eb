/**
 * Clinical passive range-of-motion tests as kinechain reproduces them on a body, and the
 * calibration that tightens a muscle group until a test gives a chosen range.
 *
 * - Knee-extended ankle dorsiflexion test (Bolivar et al. 2013, Foot Ankle Int 34:42, use
 *   it to tell plantar fasciitis from controls): supine, knee straight, the examiner
 *   dorsiflexes the foot and reads the angle where the resistance stops the push. With the
 *   knee flexed the gastrocnemius slackens and only the soleus limits the range.
 * - Straight-leg raise (SLR): supine, knee straight, the hip is flexed until the
 *   resistance of the hamstrings stops it.
 *
 * The examiner's push at the end of the range is modelled as a fixed resisting torque of
 * the relaxed tissues about the tested coordinate (core/solvers/passive-end-range.ts). The
 * torques are uncertain parameters: see HEEL_CORD_END_RANGE_TORQUE and
 * SLR_END_RANGE_TORQUE.
 */
import { KinechainError } from '../core/errors.js';
import { makeData } from '../core/model/make-data.js';
import type { Model } from '../core/model/model.js';
import { muscleShorteningForEndRange, passiveEndRange, type EndRangeTest } from '../core/solvers/passive-end-range.js';
import type { ModelSpec } from '../spec/schema.js';
import { literature, type LiteratureValue } from './literature-value.js';
import type { Side } from './scenario.js';
import { compileCached, shortenSlackLength } from './spec-edits.js';

const DEG = Math.PI / 180;

/**
 * Resisting ankle torque at the end of the knee-extended dorsiflexion test (N m).
 * DiGiovanni et al. 2002 (J Bone Joint Surg Am 84:962) measured equinus with an
 * equinometer at a constant 10 N m, chosen as the average push of their examiners when
 * testing for equinus by hand. The range 7-15 N m is an assumption: manual tests are not
 * torque-controlled and examiners differ.
 */
export const HEEL_CORD_END_RANGE_TORQUE: LiteratureValue = literature(
  10,
  'N m',
  'DiGiovanni et al. 2002, J Bone Joint Surg Am 84:962 (equinometer at a constant 10 N m, the average examiner push when testing ' +
    'for equinus); range assumption: manual tests are not torque-controlled and examiners differ',
  [7, 15],
);

/**
 * Resisting hip torque at the end of a passive straight-leg raise (N m). ASSUMPTION: the
 * SLR has no standard end-range torque; its end point is the examiner's judgement or the
 * subject's tolerance (Ylinen et al. 2009, J Rehabil Med 41:80, measured the lifting force
 * instrumentally and found it rising with the range after stretching). Nominal 50 N m with
 * a wide range, 30-80 N m, so that results depending on it carry that uncertainty.
 */
export const SLR_END_RANGE_TORQUE: LiteratureValue = literature(
  50,
  'N m',
  'assumption: no standard end-range torque exists for the passive straight-leg raise (its end point is the examiner\'s judgement ' +
    'or the subject\'s stretch tolerance, Ylinen et al. 2009, J Rehabil Med 41:80); 50 N m with a wide range',
  [30, 80],
);

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

/** The end of the passive range (deg) a test gives on a body, and what limited it. */
export function clinicalEndRangeDeg(
  spec: ModelSpec,
  test: EndRangeTest,
  model: Model = compileCached(spec),
): { readonly rangeDeg: number; readonly limitedBy: 'tissues' | 'joint-limit' | 'start' } {
  const result = passiveEndRange(model, makeData(model), test);
  return { rangeDeg: result.value / DEG, limitedBy: result.limitedBy };
}

/** The muscles of the triceps surae on a side: the muscles the Achilles tendon is in series with. */
export function tricepsSuraeMuscles(spec: ModelSpec, side: Side): string[] {
  const tendon = spec.tissues.find((tissue) => tissue.name === `achilles_tendon_${side}`);
  const muscles = tendon?.seriesOf.length ? [...tendon.seriesOf] : [`gastrocnemius_medial_${side}`, `gastrocnemius_lateral_${side}`, `soleus_${side}`];
  return muscles;
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
  const result = muscleShorteningForEndRange(model, makeData(model), test, targetRad, indices, perUnit);
  if (result.scale === 0) return { spec, fibreShorteningFraction: 0, resistanceBeforeNm: result.resistanceBeforeNm };
  const shortened = shortenSlackLength(
    spec,
    muscleNames,
    (tissue) => result.scale * model.muscleOptimalFiberLength[model.tissueIndex.get(tissue.name) as number],
    model,
  );
  return { spec: shortened, fibreShorteningFraction: result.scale, resistanceBeforeNm: result.resistanceBeforeNm };
}
