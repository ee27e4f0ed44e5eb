/**
 * Normative reach of healthy adults in the standing toe-touch and the seated
 * sit-and-reach, for checking the model's baseline and reading its results.
 *
 * Sign conventions (kinechain's, used by the analyses):
 * - toe-touch: fingertip-to-floor distance, the signed vertical distance of the fingertip
 *   above the floor plane (cm); negative = below the floor, i.e. past the soles, which is
 *   measured standing on a box or step.
 * - sit-and-reach: reach beyond the soles (cm), measured horizontally from the plane of
 *   the soles (the face of the box the feet press against); positive = past the toes.
 *   Boxes print their own zero: the feet sit at the 23 cm mark on the President's
 *   Challenge box, 26 cm on the Canadian (CSEP) box, 15 cm in Eurofit and 15 in (38.1 cm)
 *   on the YMCA yardstick; subtract that mark from a box reading to get kinechain's reach.
 */
import { literature, type LiteratureValue } from './literature-value.js';

/**
 * Fingertip-to-floor distance in the standing toe-touch with the knees extended:
 * -3 +- 8 cm (mean +- SD) in 33 healthy young adults, 16 men and 17 women (Kippers V,
 * Parker AW 1987, Toe-touch test: a measure of its validity. Phys Ther 67:1680-1684;
 * measured from lateral photographs, test-retest r = 0.97). Range: mean +- 2 SD.
 */
export const TOE_TOUCH_FINGERTIP_TO_FLOOR_CM: LiteratureValue = literature(
  -3,
  'cm (above the floor; negative = below)',
  'Kippers & Parker 1987, Phys Ther 67:1680: -3 +- 8 cm (n = 33 healthy young adults); range mean +- 2 SD',
  [-19, 13],
);

/**
 * Box marks at the soles (cm) of common sit-and-reach protocols: a box reading minus the
 * mark is kinechain's reach beyond the soles.
 */
export const SIT_AND_REACH_BOX_FOOT_MARK_CM: Readonly<Record<string, LiteratureValue>> = Object.freeze({
  canadian: literature(26, 'cm', 'Canadian Physical Activity, Fitness and Lifestyle Approach (CSEP): feet at the 26 cm mark'),
  presidentsChallenge: literature(23, 'cm', "President's Challenge protocol: feet at the 23 cm mark (10 cm past the toes scores 33 cm)"),
  eurofit: literature(15, 'cm', 'Eurofit manual: feet at the 15 cm mark'),
  ymca: literature(38.1, 'cm', 'YMCA protocol: heels at the 15 in mark of a yardstick'),
});

/**
 * Sit-and-reach of adult men aged 20-39 in kinechain's convention (reach beyond the
 * soles). The Canadian trunk forward flexion norms tabulated by ACSM (Guidelines for
 * Exercise Testing and Prescription; CSEP box, feet at 26 cm) grade men aged 20-29 "good"
 * at 30-33 cm and "fair" at 25-29 cm, i.e. +4 to +7 and -1 to +3 cm beyond the soles, and
 * men aged 30-39 about 2 cm lower. The YMCA norms (ACE, adapted from the YMCA) give an
 * average of 19 in on the yardstick at 26-35 years, i.e. about +10 cm. The nominal value
 * is the middle of the average-to-good band; the range spans "needs improvement" to
 * "very good" (about -5 to +15 cm).
 */
export const SIT_AND_REACH_ADULT_MALE_CM: LiteratureValue = literature(
  3,
  'cm beyond the soles',
  'ACSM Guidelines (Canadian trunk forward flexion norms, CSEP box feet at 26 cm), men 20-39; YMCA norms via ACE; range from "needs improvement" to "very good"',
  [-5, 15],
);
