/**
 * The plantar ligaments that hold the longitudinal arch with the plantar fascia: the long
 * plantar ligament, the short plantar (plantar calcaneocuboid) ligament and the spring
 * (plantar calcaneonavicular) ligament. In the stance-phase arch balance they act about the
 * midtarsal joint of the default foot as tension-only springs lying below the joint: a
 * ligament of length L, moment arm r below the joint axis and axial stiffness k is
 * stretched by r (theta - theta_slack) when the arch flattens (midtarsal angle theta
 * positive), so it resists with F r, F = passiveElasticForce(strain, k L, toe strain).
 *
 * What is known: sequential sectioning of cadaver feet under 230-690 N (Huang, Kitaoka, An
 * & Chao 1993, Foot Ankle 14:353) ranks the arch's passive stabilisers plantar fascia >
 * plantar ligaments (long and short) > spring ligament, and dividing the fascia lowered the
 * arch's stiffness by 25%. The plantar aponeurosis, the long plantar ligament and the spring
 * ligament are the main structures maintaining the arch (Caravaggi et al. 2009, J Exp Biol
 * 212:2491). The ligaments' own tensile stiffnesses in situ are not well measured, so the
 * stiffnesses below are assumptions with wide ranges, chosen so that the fascia stays the
 * largest single contributor (rotational stiffness k r^2 of about 85 N m/rad for the default
 * fascia: E*A 14 kN over ~0.2 m at a ~3.5 cm moment arm) and carries roughly a quarter to a
 * third of the arch's passive rotational stiffness, as Huang et al.'s sectioning implies.
 * Lengths and moment arms are anatomical assumptions for an adult foot of ~26 cm.
 */
import { literature, type LiteratureValue } from './literature-value.js';

export interface PlantarLigament {
  readonly name: string;
  readonly description: string;
  /** Length between its attachments (m). */
  readonly lengthM: LiteratureValue;
  /** Distance below the midtarsal joint axis (m). */
  readonly momentArmM: LiteratureValue;
  /** Axial stiffness in its linear region (N/m). */
  readonly stiffnessNPerM: LiteratureValue;
  /** Midtarsal angle (rad) at which it becomes taut; below it the ligament is slack. */
  readonly slackAngleRad: LiteratureValue;
  /** Strain of the toe (crimp) region of its force law. */
  readonly toeStrain: LiteratureValue;
}

const DEG = Math.PI / 180;
const SLACK_SOURCE =
  'assumption: the ligaments are just taut at the arch of the reference (standing) foot, a little above it when ' +
  'unloaded (navicular drop from sitting to standing of a few mm, Brody 1982, Orthop Clin North Am 13:541)';
const TOE_SOURCE = 'assumption: ligament toe region up to about 2-3% strain, as other ligaments of the foot and ankle';

export const PLANTAR_LIGAMENTS: readonly PlantarLigament[] = Object.freeze([
  {
    name: 'long_plantar_ligament',
    description: 'long plantar ligament: plantar calcaneus to the cuboid ridge and the bases of metatarsals 2-5',
    lengthM: literature(0.07, 'm', 'assumption: calcaneal tuberosity to the metatarsal bases, about 6-8 cm', [0.06, 0.085]),
    momentArmM: literature(
      0.025,
      'm',
      'assumption: it runs along the plantar face of the cuboid, about 2-3 cm below the midtarsal (Chopart) joint axis',
      [0.018, 0.032],
    ),
    stiffnessNPerM: literature(
      120e3,
      'N/m',
      'assumption: set so that the fascia stays the largest contributor to arch stiffness (Huang et al. 1993, Foot Ankle ' +
        '14:353: fascia > plantar ligaments > spring ligament; fascia division lowered arch stiffness by 25%)',
      [60e3, 240e3],
    ),
    slackAngleRad: literature(-2 * DEG, 'rad', SLACK_SOURCE, [-5 * DEG, 0]),
    toeStrain: literature(0.02, 'unitless', TOE_SOURCE, [0.01, 0.03]),
  },
  {
    name: 'short_plantar_ligament',
    description: 'short plantar (plantar calcaneocuboid) ligament: anterior calcaneal tubercle to the plantar cuboid',
    lengthM: literature(0.025, 'm', 'assumption: about 2-3 cm, deep to the long plantar ligament', [0.018, 0.032]),
    momentArmM: literature(0.018, 'm', 'assumption: about 1.5-2 cm below the midtarsal joint axis, deep to the long plantar ligament', [0.012, 0.024]),
    stiffnessNPerM: literature(
      150e3,
      'N/m',
      'assumption: short, wide and strong ligament; the plantar ligaments together rank second after the fascia (Huang et al. 1993, Foot Ankle 14:353)',
      [75e3, 300e3],
    ),
    slackAngleRad: literature(-2 * DEG, 'rad', SLACK_SOURCE, [-5 * DEG, 0]),
    toeStrain: literature(0.02, 'unitless', TOE_SOURCE, [0.01, 0.03]),
  },
  {
    name: 'spring_ligament',
    description: 'spring (plantar calcaneonavicular) ligament: sustentaculum tali to the navicular, under the talar head',
    lengthM: literature(0.025, 'm', 'assumption: sustentaculum tali to the navicular, about 2-3 cm', [0.018, 0.035]),
    momentArmM: literature(0.015, 'm', 'assumption: it slings the talar head about 1-2 cm below the midtarsal joint axis', [0.01, 0.02]),
    stiffnessNPerM: literature(
      100e3,
      'N/m',
      'assumption: the smallest of the three arch stabilisers in sectioning (Huang et al. 1993, Foot Ankle 14:353)',
      [50e3, 200e3],
    ),
    slackAngleRad: literature(-2 * DEG, 'rad', SLACK_SOURCE, [-5 * DEG, 0]),
    toeStrain: literature(0.02, 'unitless', TOE_SOURCE, [0.01, 0.03]),
  },
]);

/** A ligament's numbers as the arch balance takes them (SI). */
export interface PlantarLigamentParameters {
  readonly name: string;
  readonly lengthM: number;
  readonly momentArmM: number;
  readonly stiffnessNPerM: number;
  readonly slackAngleRad: number;
  readonly toeStrain: number;
}

/** The nominal plantar ligaments of the default foot. */
export function defaultPlantarLigaments(): PlantarLigamentParameters[] {
  return PLANTAR_LIGAMENTS.map((ligament) => ({
    name: ligament.name,
    lengthM: ligament.lengthM.value,
    momentArmM: ligament.momentArmM.value,
    stiffnessNPerM: ligament.stiffnessNPerM.value,
    slackAngleRad: ligament.slackAngleRad.value,
    toeStrain: ligament.toeStrain.value,
  }));
}
