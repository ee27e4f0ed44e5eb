/**
 * Published passive joint moment-angle curves of the lower limb: the targets against which
 * the default body's passive muscle parameters are calibrated (tissues/passive-fibre-strain.ts)
 * and tested (passive-joint-moments.test.ts).
 *
 * Source curves. Riener R, Edrich T 1999, Identification of passive elastic joint moments in
 * the lower extremities, J Biomech 32:539-544: ten healthy subjects, hip, knee and ankle
 * moved passively with the neighbouring joints held at several angles, and the moments
 * fitted with double exponentials (angles in degrees, moments in N m):
 *   hip   M = exp(1.4655 - 0.0034 K - 0.0750 H) - exp(1.3403 - 0.0226 K + 0.0305 H) + 8.072
 *   knee  M = exp(1.800 - 0.0460 A - 0.0352 K + 0.0217 H) - exp(-3.971 - 0.0004 A + 0.0495 K - 0.0128 H)
 *             - 4.820 + exp(2.220 - 0.150 K)
 *   ankle M = exp(2.1016 - 0.0843 A - 0.0176 K) - exp(-7.9763 + 0.1949 A + 0.0008 K) - 1.792
 * with H hip flexion, K knee flexion, A ankle plantarflexion (all positive in those
 * directions), and M positive in hip flexion, knee flexion and ankle plantarflexion. These
 * are the only signs under which each exponential behaves as the tissue it stands for: the
 * hip's second term (hip extensors) grows with hip flexion and fades with knee flexion, the
 * knee's first term (knee flexors) grows with hip flexion and dorsiflexion, the ankle's first
 * term (triceps surae) grows with dorsiflexion and fades with knee flexion. This file states
 * them in kinechain's signs:
 * hip_flexion (+ flexion), knee_angle (gait2392: negative = flexion) and ankle_angle
 * (+ dorsiflexion); a moment is the generalised force on that coordinate (positive drives
 * the coordinate positive).
 *
 * Comparison band. A published curve is the mean of ten people; passive stiffness differs
 * about twofold between people (McHugh MP et al. 1999, Am J Sports Med 27:594: hamstring
 * stiffness 20.3 vs 36.2 N m/rad in compliant and stiff groups). And each fit carries a
 * constant (8.07 N m at the hip, 4.82 at the knee, 1.79 at the ankle) that holds at every
 * angle, which no muscle can give (a relaxed muscle is slack over part of the range) and
 * which stands for structures the model lacks (capsules, ligaments, skin). The model's
 * muscles must therefore give the published moment within +-50 % of it plus the magnitude of
 * the joint's constant. Where the model lacks the structure that dominates in vivo (hip
 * extension: the iliofemoral ligament and anterior capsule), the muscles must resist the
 * motion, but by no more than the published total plus the band.
 *
 * Ranges. Each test compares at angles inside, or at the end of, the normal passive range
 * of motion (AAOS 1965 / Greene & Heckman 1994 as in joint-ranges.ts, and the clinical end
 * ranges of stretch-tolerance.ts; each test's `range` says which): the fits are not used
 * beyond the angles people reach (a straight-leg raise is compared up to 75 deg, not at the
 * 90 deg few people reach passively).
 */
import { literature, type LiteratureValue } from './literature-value.js';

/** Coefficients of the Riener & Edrich 1999 fits, in their own signs (see file comment). */
export const RIENER_EDRICH_1999 = Object.freeze({
  source: 'Riener & Edrich 1999, J Biomech 32:539: double-exponential fits to the passive moments of ten healthy subjects',
  hip: { a: [1.4655, -0.0034, -0.075], b: [1.3403, -0.0226, 0.0305], constant: 8.072 },
  knee: { a: [1.8, -0.046, -0.0352, 0.0217], b: [-3.971, -0.0004, 0.0495, -0.0128], constant: -4.82, c: [2.22, -0.15] },
  ankle: { a: [2.1016, -0.0843, -0.0176], b: [-7.9763, 0.1949, 0.0008], constant: -1.792 },
});

/** Joint whose published curve a test uses. */
export type PassiveMomentJoint = 'hip' | 'knee' | 'ankle';

/** Magnitude of the constant term of each joint's fit (N m): the part of the band no muscle can give. */
export const FIT_CONSTANT_NM: Readonly<Record<PassiveMomentJoint, number>> = Object.freeze({
  hip: Math.abs(RIENER_EDRICH_1999.hip.constant),
  knee: Math.abs(RIENER_EDRICH_1999.knee.constant),
  ankle: Math.abs(RIENER_EDRICH_1999.ankle.constant),
});

/** Relative half-width of the comparison band: between-person spread of passive stiffness. */
export const BETWEEN_PERSON_SPREAD: LiteratureValue = literature(
  0.5,
  'fraction of the published moment',
  'McHugh et al. 1999, Am J Sports Med 27:594: passive hamstring stiffness 20.3 +- 1.8 (compliant) vs 36.2 +- 3.3 N m/rad (stiff), ' +
    'about twofold between people; a body within +-50 % of the ten-subject mean of Riener & Edrich 1999 is within that spread',
);

/**
 * Published passive hip moment (N m, + flexing) at hip flexion and knee flexion (deg, both
 * positive in flexion), Riener & Edrich 1999.
 */
export function rienerEdrichHipMoment(hipFlexionDeg: number, kneeFlexionDeg: number): number {
  const { a, b, constant } = RIENER_EDRICH_1999.hip;
  return (
    Math.exp(a[0] + a[1] * kneeFlexionDeg + a[2] * hipFlexionDeg) -
    Math.exp(b[0] + b[1] * kneeFlexionDeg + b[2] * hipFlexionDeg) +
    constant
  );
}

/**
 * Published passive knee moment (N m) as the generalised force on knee_angle (+ extending),
 * at hip flexion, knee flexion and ankle dorsiflexion (deg), Riener & Edrich 1999. (Their
 * ankle angle is plantarflexion and their moment is + flexing: both signs are turned here.)
 */
export function rienerEdrichKneeMoment(hipFlexionDeg: number, kneeFlexionDeg: number, ankleDorsiflexionDeg: number): number {
  const { a, b, c, constant } = RIENER_EDRICH_1999.knee;
  const plantarflexion = -ankleDorsiflexionDeg;
  const flexing =
    Math.exp(a[0] + a[1] * plantarflexion + a[2] * kneeFlexionDeg + a[3] * hipFlexionDeg) -
    Math.exp(b[0] + b[1] * plantarflexion + b[2] * kneeFlexionDeg + b[3] * hipFlexionDeg) +
    constant +
    Math.exp(c[0] + c[1] * kneeFlexionDeg);
  return -flexing;
}

/**
 * Published passive ankle moment (N m) as the generalised force on ankle_angle
 * (+ dorsiflexing), at knee flexion and ankle dorsiflexion (deg), Riener & Edrich 1999.
 */
export function rienerEdrichAnkleMoment(kneeFlexionDeg: number, ankleDorsiflexionDeg: number): number {
  const { a, b, constant } = RIENER_EDRICH_1999.ankle;
  const plantarflexion = -ankleDorsiflexionDeg;
  const plantarflexing =
    Math.exp(a[0] + a[1] * plantarflexion + a[2] * kneeFlexionDeg) - Math.exp(b[0] + b[1] * plantarflexion + b[2] * kneeFlexionDeg) + constant;
  return -plantarflexing;
}

/** How a test compares the model with the published curve. */
export type PassiveMomentComparison =
  /** |model - published| <= spread * |published| + the joint's fit constant. */
  | 'within-band'
  /** The muscles resist the motion (moment of the published total's sign, or zero) but by no more than published + band. */
  | 'resists-at-most';

/** One passive test: a sweep of one right-side coordinate with the others held. */
export interface PassiveMomentTest {
  readonly key: string;
  readonly title: string;
  /** The coordinate swept; its generalised force is compared (N m). */
  readonly coordinate: 'hip_flexion_r' | 'knee_angle_r' | 'ankle_angle_r';
  readonly joint: PassiveMomentJoint;
  /** Coordinates held during the sweep (deg, kinechain signs); the rest stay at their reference value. */
  readonly heldDeg: Readonly<Record<string, number>>;
  /** Angles of the swept coordinate (deg, kinechain sign) at which the model is compared. */
  readonly anglesDeg: readonly number[];
  /** Why those angles: where in the range of motion they lie, with sources. */
  readonly range: string;
  readonly comparison: PassiveMomentComparison;
  /** Base names of the muscles that limit the motion in vivo. */
  readonly limitedBy: readonly string[];
}

const HAMSTRINGS = ['biceps_femoris_long', 'semitendinosus', 'semimembranosus'];
const QUADRICEPS = ['rectus_femoris', 'vastus_lateralis', 'vastus_medialis', 'vastus_intermedius'];

export const PASSIVE_MOMENT_TESTS: readonly PassiveMomentTest[] = Object.freeze<PassiveMomentTest[]>([
  {
    key: 'hip_flexion_knee_extended',
    title: 'hip flexion with the knee extended (straight-leg raise; hamstring-limited)',
    coordinate: 'hip_flexion_r',
    joint: 'hip',
    heldDeg: { knee_angle_r: 0, ankle_angle_r: 0 },
    anglesDeg: [0, 15, 30, 45, 60, 75],
    range: 'up to the normal end of a passive straight-leg raise, 74 deg (Gajdosik et al. 1990, stretch-tolerance.ts)',
    comparison: 'within-band',
    limitedBy: HAMSTRINGS,
  },
  {
    key: 'hip_flexion_knee_flexed',
    title: 'hip flexion with the knee flexed 90 deg (gluteus maximus and the slackened hamstrings)',
    coordinate: 'hip_flexion_r',
    joint: 'hip',
    heldDeg: { knee_angle_r: -90, ankle_angle_r: 0 },
    anglesDeg: [30, 60, 90, 105, 120],
    range: 'up to the AAOS hip flexion of 120 deg with the knee flexed (joint-ranges.ts)',
    comparison: 'within-band',
    limitedBy: ['gluteus_maximus', 'adductor_magnus', ...HAMSTRINGS],
  },
  {
    key: 'knee_extension_hip_flexed',
    title: 'knee extension with the hip flexed 90 deg (hamstring-limited)',
    coordinate: 'knee_angle_r',
    joint: 'knee',
    heldDeg: { hip_flexion_r: 90, ankle_angle_r: 0 },
    anglesDeg: [-90, -60, -45, -30, -20],
    range:
      'from 90 to 20 deg of knee flexion: with the hip at 90 deg few people extend the knee further passively (assumption: ' +
      'normal popliteal angles of a few tens of degrees)',
    comparison: 'within-band',
    limitedBy: HAMSTRINGS,
  },
  {
    key: 'knee_flexion_hip_extended',
    title: 'knee flexion with the hip at 0 deg (prone knee bend; rectus femoris and vasti)',
    coordinate: 'knee_angle_r',
    joint: 'knee',
    heldDeg: { hip_flexion_r: 0, ankle_angle_r: 0 },
    anglesDeg: [-60, -90, -120],
    range: 'up to 120 deg of knee flexion, the default body\'s limit (AAOS 135 deg; joint-ranges.ts)',
    comparison: 'within-band',
    limitedBy: QUADRICEPS,
  },
  {
    key: 'dorsiflexion_knee_extended',
    title: 'ankle dorsiflexion with the knee extended (gastrocnemius and soleus)',
    coordinate: 'ankle_angle_r',
    joint: 'ankle',
    heldDeg: { knee_angle_r: 0 },
    anglesDeg: [-20, -10, 0, 10, 15, 20],
    range:
      'from 20 deg of plantarflexion to 20 deg of dorsiflexion, past the knee-extended norms of 4 (1-8) deg (Baumbach et al. ' +
      '2014) and 12.6 +- 4.4 deg (Boone & Azen 1979) (stretch-tolerance.ts)',
    comparison: 'within-band',
    limitedBy: ['gastrocnemius_medial', 'gastrocnemius_lateral', 'soleus'],
  },
  {
    key: 'dorsiflexion_knee_flexed',
    title: 'ankle dorsiflexion with the knee flexed 75 deg (soleus-limited)',
    coordinate: 'ankle_angle_r',
    joint: 'ankle',
    heldDeg: { knee_angle_r: -75 },
    anglesDeg: [-20, -10, 0, 10, 20, 25],
    range: 'up to 25 deg of dorsiflexion with the knee flexed 75 deg: the norm is 20 (16-24) deg (Baumbach et al. 2014, stretch-tolerance.ts)',
    comparison: 'within-band',
    limitedBy: ['soleus'],
  },
  {
    key: 'hip_extension_knee_flexed',
    title: 'hip extension with the knee flexed 90 deg (rectus femoris and iliopsoas; Thomas test position)',
    coordinate: 'hip_flexion_r',
    joint: 'hip',
    heldDeg: { knee_angle_r: -90, ankle_angle_r: 0 },
    anglesDeg: [-20, -10, 0],
    range: 'to 20 deg of hip extension (AAOS 30 deg; joint-ranges.ts); the anterior capsule, which dominates in vivo, is not modelled',
    comparison: 'resists-at-most',
    limitedBy: ['rectus_femoris', 'iliopsoas'],
  },
  {
    key: 'hip_extension_knee_extended',
    title: 'hip extension with the knee extended (iliopsoas and the anterior hip capsule)',
    coordinate: 'hip_flexion_r',
    joint: 'hip',
    heldDeg: { knee_angle_r: 0, ankle_angle_r: 0 },
    anglesDeg: [-20, -10],
    range: 'to 20 deg of hip extension (AAOS 30 deg; joint-ranges.ts); the anterior capsule, which dominates in vivo, is not modelled',
    comparison: 'resists-at-most',
    limitedBy: ['iliopsoas'],
  },
]);

/** The published moment (N m, generalised force on the test's coordinate) at the test's pose with the swept angle. */
export function publishedPassiveMoment(test: PassiveMomentTest, angleDeg: number): number {
  const pose: Record<string, number> = { hip_flexion_r: 0, knee_angle_r: 0, ankle_angle_r: 0, ...test.heldDeg, [test.coordinate]: angleDeg };
  const hipFlexion = pose.hip_flexion_r;
  const kneeFlexion = -pose.knee_angle_r;
  const dorsiflexion = pose.ankle_angle_r;
  switch (test.joint) {
    case 'hip':
      return rienerEdrichHipMoment(hipFlexion, kneeFlexion);
    case 'knee':
      return rienerEdrichKneeMoment(hipFlexion, kneeFlexion, dorsiflexion);
    case 'ankle':
      return rienerEdrichAnkleMoment(kneeFlexion, dorsiflexion);
  }
}

/** Half-width of the comparison band (N m) around a published moment of a joint. */
export function passiveMomentTolerance(joint: PassiveMomentJoint, publishedNm: number): number {
  return BETWEEN_PERSON_SPREAD.value * Math.abs(publishedNm) + FIT_CONSTANT_NM[joint];
}

/** Whether a model moment passes the test's comparison with the published moment at one angle. */
export function passiveMomentAgrees(test: PassiveMomentTest, modelNm: number, publishedNm: number): boolean {
  const tolerance = passiveMomentTolerance(test.joint, publishedNm);
  if (test.comparison === 'within-band') return Math.abs(modelNm - publishedNm) <= tolerance;
  // The muscles resist the motion (same sign as the published total, or zero) by at most the total plus the band.
  const sign = Math.sign(publishedNm);
  return sign * modelNm >= 0 && sign * modelNm <= Math.abs(publishedNm) + tolerance;
}

/**
 * Passive hamstring stiffness in a straight-leg raise, compliant to stiff group means
 * (McHugh et al. 1999), widened by the between-person factor of 1.5 each way; compared with
 * the secant of the model's hip moment over the last 15 deg before the normative end.
 */
export const STRAIGHT_LEG_RAISE_STIFFNESS: LiteratureValue = literature(
  28,
  'N m/rad',
  'McHugh et al. 1999, Am J Sports Med 27:594: 20.3 +- 1.8 (compliant) to 36.2 +- 3.3 N m/rad (stiff) passive hamstring stiffness in ' +
    'a straight-leg raise; range widened by 1.5 each way (assumption, as STRETCH_TOLERANCE_BETWEEN_PERSONS)',
  [20.3 / 1.5, 36.2 * 1.5],
);

