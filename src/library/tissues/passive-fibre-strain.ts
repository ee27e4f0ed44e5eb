/**
 * Passive fibre strain at F0 (Thelen 2003's e0M, `passiveStrainAtF0`) of the default body's
 * muscles, and why most leg muscles carry a larger value than Thelen's 0.6.
 *
 * Thelen's curve describes the muscle fibres, in series with an elastic tendon. The static
 * analyses evaluate muscles with a rigid tendon (hill-muscle.ts rigidTendonMuscle): every
 * millimetre the musculotendon unit lengthens goes into the fibre. In relaxed human muscle
 * it does not: ultrasound shows the tendon and aponeurosis taking about half of a passive
 * lengthening (gastrocnemius: 52.4 +- 11.7 % of the length above slack, Hoang et al. 2007;
 * tibialis anterior fascicles "saw" 55 +- 13 % of the unit's length change, Herbert et al.
 * 2002), and the sarcomeres of the resting vastus lateralis lengthen by only 0.33 um between
 * 50 and 110 deg of knee flexion (Chen et al. 2016), a quarter of what a rigid tendon gives
 * on the default body's path. With a fraction g of the unit's lengthening reaching the
 * fascicles, a rigid-tendon fibre reproduces the unit's passive force-length curve with
 *   e0M_effective = 0.6 / g,
 * because Thelen's passive force depends on strain only through strain / e0M. Without it,
 * the default body's passive hip moment at 60 deg of straight-leg raise was about 410 N m
 * where people have tens of N m (passive-joint-moments.ts).
 *
 * The values below are the measured gearings; each muscle table (foot-ankle.ts,
 * knee-thigh.ts, hip-pelvis.ts) says which one it uses, or the value calibrated against the
 * passive joint moments of Riener & Edrich 1999 within these ranges. The other muscles keep
 * Thelen's 0.6: those no passive test here constrains (trunk, neck, arm, foot intrinsics,
 * deep calf muscles, gluteus medius), and the hip flexors (iliopsoas, tensor fasciae latae,
 * adductor longus, sartorius), whose passive moments in hip extension already stay below the
 * published totals, which the anterior hip capsule dominates.
 *
 * Sources:
 * - Thelen DG 2003, J Biomech Eng 125:70-77 (e0M = 0.6 young, 0.5 older adults).
 * - Hoang PD, Herbert RD, Todd G, Gorman RB, Gandevia SC 2007, Passive mechanical properties
 *   of human gastrocnemius muscle-tendon units, muscle fascicles and tendons in vivo, J Exp
 *   Biol 210:4159-4168.
 * - Herbert RD, Moseley AM, Butler JE, Gandevia SC 2002, Change in length of relaxed muscle
 *   fascicles and tendons with knee and ankle movement in humans, J Physiol 539:637-645.
 * - Chen X, Sanchez GN, Schnitzer MJ, Delp SL 2016, Changes in sarcomere lengths of the
 *   human vastus lateralis muscle with knee flexion measured using in vivo microendoscopy,
 *   J Biomech 49:2989-2994.
 */
import { literature, type LiteratureValue } from '../literature-value.js';

const UNIT = 'fibre strain at which the passive force reaches F0';

/** Thelen 2003's passive fibre strain at F0: the muscle fibre's own curve. */
export const THELEN_PASSIVE_STRAIN_AT_F0: LiteratureValue = literature(
  0.6,
  UNIT,
  'Thelen 2003, J Biomech Eng 125:70: 0.6 for young adults, 0.5 for older adults',
  [0.5, 0.6],
);

/**
 * Gastrocnemius: the tendon took 52.4 +- 11.7 % of the relaxed unit's lengthening above slack
 * (Hoang et al. 2007), so g = 0.476 (0.359-0.593) and e0M = 0.6 / g = 1.26 (1.01-1.67).
 */
export const GASTROCNEMIUS_GEARED_PASSIVE_STRAIN: LiteratureValue = literature(
  1.26,
  UNIT,
  'Hoang et al. 2007, J Exp Biol 210:4159: tendon 52.4 +- 11.7 % of the relaxed gastrocnemius lengthening, so a rigid-tendon ' +
    'fibre needs e0M = 0.6 / 0.476 (Thelen 2003 fibre curve); range from +-1 SD',
  [1.01, 1.67],
);

/**
 * Tibialis anterior: relaxed fascicles saw 55 +- 13 % of the unit's length change (Herbert et
 * al. 2002), so e0M = 0.6 / 0.55 = 1.09 (0.88-1.43).
 */
export const TIBIALIS_ANTERIOR_GEARED_PASSIVE_STRAIN: LiteratureValue = literature(
  1.09,
  UNIT,
  "Herbert et al. 2002, J Physiol 539:637: relaxed tibialis anterior fascicles 'saw' 55 +- 13 % of the unit's length change, " +
    'so a rigid-tendon fibre needs e0M = 0.6 / 0.55 (Thelen 2003 fibre curve); range from +-1 SD',
  [0.88, 1.43],
);

/**
 * Vastus lateralis: resting sarcomeres 2.84 +- 0.16 um at 50 deg and 3.17 +- 0.13 um at 110
 * deg of knee flexion (Chen et al. 2016), a fibre strain of 0.33 / 2.7 = 0.122 (optimal
 * sarcomere length 2.7 um), while the default body's rigid-tendon vastus lateralis lengthens
 * by 0.517 optimal fibre lengths over the same range: g = 0.24 and e0M = 2.54. Range: the
 * sarcomere length change taken +-1/3 (assumption: six subjects, SD 0.13-0.16 um at each
 * angle), 1.9-3.8.
 */
export const VASTUS_LATERALIS_GEARED_PASSIVE_STRAIN: LiteratureValue = literature(
  2.54,
  UNIT,
  'Chen et al. 2016, J Biomech 49:2989: resting vastus lateralis sarcomeres 2.84 um at 50 deg and 3.17 um at 110 deg of knee ' +
    'flexion (fibre strain 0.122) against 0.517 optimal lengths of rigid-tendon fibre stretch on the default body, so ' +
    'e0M = 0.6 / 0.236; range for a sarcomere change +-1/3 (assumption)',
  [1.9, 3.8],
);

/**
 * A passive strain at F0 calibrated against passive joint moments (passive-joint-moments.ts),
 * with the reason and the range of the measured gearing(s) it is allowed to take.
 */
export function calibratedPassiveStrain(value: number, source: string, range: readonly [number, number]): LiteratureValue {
  return literature(value, UNIT, source, range);
}

const RIENER = 'Riener & Edrich 1999, J Biomech 32:539 (passive-joint-moments.ts)';

/**
 * Hamstrings (biceps femoris long head, semimembranosus, semitendinosus): calibrated on the
 * passive hip moment with the knee extended and the passive knee moment with the hip flexed,
 * inside the gastrocnemius gearing range (assumption: the semimembranosus and the long head
 * of biceps femoris are, like the gastrocnemius, pennate with short fascicles along long
 * aponeuroses, fascicle/muscle length 0.22 and 0.27; Kellis et al. 2012). The semitendinosus
 * (fascicle/muscle length 0.58) is given the same value: it carries under a tenth of the
 * hamstrings' passive moment.
 */
export const HAMSTRING_PASSIVE_STRAIN: LiteratureValue = calibratedPassiveStrain(
  1.5,
  `calibrated on the knee-extended passive hip moment and the hip-flexed passive knee moment of ${RIENER}; range of the ` +
    'gastrocnemius gearing (Hoang et al. 2007, J Exp Biol 210:4159), assumed alike: fascicle/muscle length 0.22 (SM) and 0.27 ' +
    '(BFlh) (Kellis et al. 2012, J Electromyogr Kinesiol 22:520)',
  [GASTROCNEMIUS_GEARED_PASSIVE_STRAIN.low ?? 1.01, GASTROCNEMIUS_GEARED_PASSIVE_STRAIN.high ?? 1.67],
);

/**
 * Gluteus maximus and adductor magnus (the hip extensors besides the hamstrings): no gearing
 * measurement; calibrated on the passive hip moment with the knee flexed 90 deg, where the
 * hamstrings are partly slack. Range: the measured gearings, gastrocnemius to vastus lateralis.
 */
export const HIP_EXTENSOR_PASSIVE_STRAIN: LiteratureValue = calibratedPassiveStrain(
  3.3,
  `calibrated on the knee-flexed (90 deg) passive hip moment of ${RIENER}; no measurement for these muscles, range spanning ` +
    'the measured gearings from the gastrocnemius (Hoang et al. 2007) to the vastus lateralis (Chen et al. 2016)',
  [GASTROCNEMIUS_GEARED_PASSIVE_STRAIN.low ?? 1.01, VASTUS_LATERALIS_GEARED_PASSIVE_STRAIN.high ?? 3.8],
);

/**
 * Quadriceps (rectus femoris, vasti): calibrated on the passive knee moment in knee flexion
 * with the hip extended, inside the vastus lateralis gearing range (the other heads:
 * assumption, as the vastus lateralis).
 */
export const QUADRICEPS_PASSIVE_STRAIN: LiteratureValue = calibratedPassiveStrain(
  3.3,
  `calibrated on the passive knee moment in knee flexion with the hip extended of ${RIENER}; range of the vastus lateralis ` +
    'gearing (Chen et al. 2016, J Biomech 49:2989), the other heads assumed alike',
  [VASTUS_LATERALIS_GEARED_PASSIVE_STRAIN.low ?? 1.9, VASTUS_LATERALIS_GEARED_PASSIVE_STRAIN.high ?? 3.8],
);
