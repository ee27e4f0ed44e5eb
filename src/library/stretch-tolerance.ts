/**
 * Stretch tolerance: the clinical end point of a stretch is a tolerated passive tension,
 * not a fixed length.
 *
 * People stop a passive stretch when the tension (torque at the joint) reaches what they
 * tolerate: flexible people tolerate a higher passive torque at their larger end angle,
 * and at equal angles their torque is the same as that of inflexible people (Magnusson
 * SP, Simonsen EB, Aagaard P, Sorensen H, Kjaer M 1996, A mechanism for altered
 * flexibility in human skeletal muscle, J Physiol 497:291-298; Magnusson et al. 1997,
 * Determinants of musculoskeletal flexibility: viscoelastic properties, cross-sectional
 * area, EMG and stretch tolerance, Scand J Med Sci Sports 7:195-202). Four weeks of daily
 * hamstring stretching raised the straight-leg raise by 17 deg and the tolerated force by
 * 19 N with no change in compliance (Ylinen et al. 2009, J Rehabil Med 41:80-85). Passive
 * hamstring stiffness varies about twofold between people, 20.3 +- 1.8 (compliant) to
 * 36.2 +- 3.3 N m/rad (stiff) (McHugh et al. 1999, Am J Sports Med 27:594-599).
 *
 * How the tolerated tension of each tissue is set. The default body's passive muscle
 * curves are calibrated to the passive joint moments of Riener & Edrich 1999 (J Biomech
 * 32:539; library/passive-joint-moments.ts: about 16 N m at 60 deg of straight-leg raise
 * against 15.7 published), but a person's tolerated tension in newtons is not published
 * per tissue, and the between-person spread of passive stiffness is about twofold
 * (McHugh et al. 1999: 20-36 N m/rad). Each tissue's tolerance is
 * therefore stated as the end range of the clinical test that stretches it (or, for a
 * ligament no test isolates, a tolerated strain), a literature value with its range,
 * and turned into a tension by the mechanics in the reference body (the unimpaired
 * default body of the same stature, mass and sex; see analyses/tolerated-tension.ts). A
 * normal person completes every one of the single-region tests to its normative end;
 * the superficial back line passes tension
 * between its tracks, so a test loads more than the tissue it is named for (a straight-leg
 * raise also pulls on the gastrocnemius track through the femoral-condyle junction). A
 * tissue's tolerated tension is therefore the largest tension it carries at the end of any
 * single-region test, or of a whole-chain test that names it: no tissue is past its
 * tolerance at the end of a normal single-region test, and each tissue is at it at the
 * end of the test that loads it most (usually the one named for it; the gastrocnemius
 * track, for one, is loaded more by the straight-leg raise than by dorsiflexion). A
 * tissue made shorter or stiffer by an impairment reaches that tension earlier; a higher
 * stretch tolerance (scenario.stretchToleranceScale) lets it go further. The error in
 * the absolute passive stiffness of the model cancels to first order; differences in
 * stiffness between scenarios do not.
 *
 * The standing forward bend is a whole-chain test named for the erector spinae tracks:
 * clinics measure the range of lumbar flexion in it, and its normative end posture is
 * known (Esola et al. 1996: hips 69.4, lumbar spine 41.6 deg). It matters because the
 * superficial back line couples the hamstrings to the erector spinae: with the nominal
 * junction anchorage, hip flexion raises the erector spinae tracks' tension well above
 * what the spine's own end range gives them (full_trunk_flexion), so calibrated on that
 * alone the model would stop a normal forward bend at the back at about 45 deg of hip
 * flexion, where people stop at the hamstrings (Kippers & Parker 1987: the toe-touch
 * measures hip flexion). The forward bend calibrates the erector spinae tracks only; for
 * every other tissue of the chain the end of a toe-touch is a prediction (the hamstrings
 * come from the straight-leg raise). A normal default body's toe-touch therefore ends near
 * Esola's posture partly by construction, and its reach is a consistency check of the
 * kinematics and the tests more than an independent prediction of the norm; the changes
 * that impairments, tissue properties and stretch tolerance make are predictions of the
 * mechanics.
 *
 * Tissue groups (the members' base names; each side separately): hamstrings,
 * gastrocnemius/soleus, plantar fascia, erector spinae with the posterior thoracolumbar
 * fascia, sacrotuberous ligament, gluteus maximus.
 */
import { literature, type LiteratureValue } from './literature-value.js';

/** A clinical end-range test: a pose, the tested side's coordinates written with `{side}`. */
export interface EndRangeTest {
  readonly key: string;
  readonly title: string;
  readonly description: string;
  /**
   * Which tissues the test calibrates: 'all' for a test of one region, which a normal
   * person completes whatever tissue the superficial back line loads on the way;
   * 'named' for a whole-chain movement, which calibrates only the tissues that name it.
   */
  readonly calibrates: 'all' | 'named';
  /** Coordinate (with `{side}` for the tested side) -> angle (deg). Coordinates not listed stay at their reference value. */
  readonly poseDeg: Readonly<Record<string, LiteratureValue>>;
}

export type ToleranceSpec =
  | {
      readonly kind: 'end-range';
      /** The test named for the tissue first, then any whole-chain test that also calibrates it. */
      readonly tests: readonly string[];
    }
  | {
      readonly kind: 'strain';
      /** Tolerated strain (L / slack - 1) of a passive tissue. */
      readonly strain: LiteratureValue;
    };

export interface ToleranceMember {
  /** Tissue name without its side suffix. */
  readonly tissue: string;
  readonly tolerance: ToleranceSpec;
}

export interface ToleranceGroup {
  readonly key: string;
  readonly label: string;
  readonly members: readonly ToleranceMember[];
}

export const END_RANGE_TESTS: Readonly<Record<string, EndRangeTest>> = Object.freeze({
  passive_straight_leg_raise: {
    key: 'passive_straight_leg_raise',
    calibrates: 'all',
    title: 'passive straight-leg raise',
    description: 'supine, knee extended, pelvis and opposite leg held: the hip flexed until the subject stops the stretch',
    poseDeg: {
      'hip_flexion_{side}': literature(
        74,
        'deg',
        'Gajdosik, Giuliani & Bohannon 1990, Clin Biomech 5:23: straight-leg raise 73.8 deg in healthy men whose hamstrings were not ' +
          'clinically short, 61.0 deg in men with short hamstrings (pelvis stabilised; also Gajdosik et al. 1993, J Orthop Sports ' +
          'Phys Ther 18:614: 61 +- 6.7 deg); 80 deg is the usual threshold of normal hamstring length (Ayala et al. 2013, Phys Ther ' +
          'Sport 14:98)',
        [61, 90],
      ),
    },
  },
  knee_extended_dorsiflexion: {
    key: 'knee_extended_dorsiflexion',
    calibrates: 'all',
    title: 'passive ankle dorsiflexion, knee extended',
    description: 'non-weight-bearing, knee straight: the gastrocnemius is stretched over both joints',
    poseDeg: {
      'ankle_angle_{side}': literature(
        4,
        'deg',
        'Baumbach et al. 2014, BMC Musculoskelet Disord 15:246: 4 deg (95% CI 1-8) non-weight-bearing with the knee extended, ' +
          'n = 20; range widened to include the 12.6 +- 4.4 deg goniometric norm of Boone & Azen 1979 (J Bone Joint Surg Am 61:756)',
        [0, 15],
      ),
    },
  },
  knee_flexed_dorsiflexion: {
    key: 'knee_flexed_dorsiflexion',
    calibrates: 'all',
    title: 'passive ankle dorsiflexion, knee flexed',
    description: 'non-weight-bearing, knee flexed 75 deg: the gastrocnemius is slack, the soleus limits',
    poseDeg: {
      'knee_angle_{side}': literature(-75, 'deg', 'Baumbach et al. 2014, BMC Musculoskelet Disord 15:246: knee flexed 75 deg (gait2392 sign: negative = flexion)'),
      'ankle_angle_{side}': literature(
        20,
        'deg',
        'Baumbach et al. 2014, BMC Musculoskelet Disord 15:246: 20 deg (95% CI 16-24) with the knee 75 deg flexed; range widened (AAOS 1965: 20 deg)',
        [14, 26],
      ),
    },
  },
  passive_toe_extension: {
    key: 'passive_toe_extension',
    calibrates: 'all',
    title: 'passive extension of the toes (windlass)',
    description: 'ankle neutral, knee extended: the toes extended over the metatarsal heads until the stretch is stopped',
    poseDeg: {
      'mtp_angle_{side}': literature(
        70,
        'deg',
        'AAOS 1965 / Greene & Heckman 1994: first metatarsophalangeal extension 70 deg (joint-ranges.ts); range assumption',
        [55, 80],
      ),
    },
  },
  full_trunk_flexion: {
    key: 'full_trunk_flexion',
    calibrates: 'all',
    title: 'full thoracolumbar flexion',
    description: 'the spine flexed to the end of its passive range with the hips neutral (the lumbar extensors and fascia stretched on their own)',
    poseDeg: {
      lumbar_extension: literature(
        -50,
        'deg',
        'AAOS 1965 / Greene & Heckman 1994 thoracolumbar flexion 80 deg, lumbosacral share 50 deg (joint-ranges.ts split, assumption)',
        [-60, -42],
      ),
      thoracic_extension: literature(
        -30,
        'deg',
        'assumption: thoracolumbar share of the AAOS 80 deg total beyond the lumbar 50 deg (joint-ranges.ts allows 40 deg)',
        [-40, -20],
      ),
    },
  },
  standing_forward_bend: {
    key: 'standing_forward_bend',
    calibrates: 'named',
    title: 'standing forward bend (lumbar flexion range)',
    description:
      'standing, knees extended, bending forward as far as possible: the posture in which the clinical range of lumbar ' +
      'flexion is measured (inclinometry over T12 and the sacrum); both sides at once',
    poseDeg: {
      hip_flexion_r: literature(69.4, 'deg', 'Esola et al. 1996, Spine 21:71: hip flexion at the end of forward bending, mean of 41 adults; range assumption', [55, 85]),
      hip_flexion_l: literature(69.4, 'deg', 'Esola et al. 1996, Spine 21:71 (as the right side)', [55, 85]),
      lumbar_extension: literature(
        -41.6,
        'deg',
        'Esola et al. 1996, Spine 21:71: lumbar flexion 41.6 deg at the end of forward bending (negative = flexion); range assumption',
        [-55, -30],
      ),
      thoracic_extension: literature(
        -20.8,
        'deg',
        'assumption: thoracic flexion half the lumbar flexion (forward-bend-rhythm.ts thoracicToLumbarRatio); not measured by Esola et al. 1996',
        [-31, -10],
      ),
    },
  },
  knee_to_chest: {
    key: 'knee_to_chest',
    calibrates: 'all',
    title: 'passive hip flexion with the knee flexed',
    description: 'supine knee-to-chest: the hamstrings are slack, the gluteus maximus limits',
    poseDeg: {
      'hip_flexion_{side}': literature(120, 'deg', 'AAOS 1965 / Greene & Heckman 1994: hip flexion 120 deg with the knee flexed', [110, 130]),
      'knee_angle_{side}': literature(-120, 'deg', 'knee fully flexed (gait2392 limit -120 deg) so that the hamstrings are slack'),
    },
  },
});

const SACROTUBEROUS_STRAIN = literature(
  0.06,
  'strain',
  'assumption: no tolerance data for the sacrotuberous ligament; ligaments are loaded within and just past their toe region ' +
    '(2-4 % strain) in daily activity and begin to yield at about 8-10 %; a stretch is taken as stopped at 6 % (4-8 %)',
  [0.04, 0.08],
);

export const TOLERANCE_GROUPS: readonly ToleranceGroup[] = Object.freeze([
  {
    key: 'hamstrings',
    label: 'hamstrings',
    members: [
      { tissue: 'biceps_femoris_long', tolerance: { kind: 'end-range', tests: ['passive_straight_leg_raise'] } },
      { tissue: 'semitendinosus', tolerance: { kind: 'end-range', tests: ['passive_straight_leg_raise'] } },
      { tissue: 'semimembranosus', tolerance: { kind: 'end-range', tests: ['passive_straight_leg_raise'] } },
    ],
  },
  {
    key: 'triceps_surae',
    label: 'gastrocnemius and soleus',
    members: [
      { tissue: 'gastrocnemius_medial', tolerance: { kind: 'end-range', tests: ['knee_extended_dorsiflexion'] } },
      { tissue: 'gastrocnemius_lateral', tolerance: { kind: 'end-range', tests: ['knee_extended_dorsiflexion'] } },
      { tissue: 'soleus', tolerance: { kind: 'end-range', tests: ['knee_flexed_dorsiflexion'] } },
    ],
  },
  {
    key: 'plantar_fascia',
    label: 'plantar fascia',
    members: [{ tissue: 'plantar_fascia', tolerance: { kind: 'end-range', tests: ['passive_toe_extension'] } }],
  },
  {
    key: 'erector_spinae',
    label: 'erector spinae and thoracolumbar fascia',
    members: [
      { tissue: 'erector_spinae_lumbar', tolerance: { kind: 'end-range', tests: ['full_trunk_flexion', 'standing_forward_bend'] } },
      { tissue: 'erector_spinae_thoracic', tolerance: { kind: 'end-range', tests: ['full_trunk_flexion', 'standing_forward_bend'] } },
      { tissue: 'thoracolumbar_fascia_posterior', tolerance: { kind: 'end-range', tests: ['full_trunk_flexion'] } },
    ],
  },
  {
    key: 'sacrotuberous_ligament',
    label: 'sacrotuberous ligament',
    members: [{ tissue: 'sacrotuberous_ligament', tolerance: { kind: 'strain', strain: SACROTUBEROUS_STRAIN } }],
  },
  {
    key: 'gluteus_maximus',
    label: 'gluteus maximus',
    members: [{ tissue: 'gluteus_maximus', tolerance: { kind: 'end-range', tests: ['knee_to_chest'] } }],
  },
]);

/**
 * Between-person spread of stretch tolerance, as a multiplier on every tolerated tension
 * (for intervals over a population). Assumption: Magnusson et al. 1996 found flexible
 * subjects tolerating markedly higher end-range torque than inflexible ones; McHugh et al.
 * 1999's stiff and compliant groups differ by a factor of about 1.8 in stiffness. A factor
 * of about 1.5 each way is taken.
 */
export const STRETCH_TOLERANCE_BETWEEN_PERSONS: LiteratureValue = literature(
  1,
  'multiplier',
  'assumption from Magnusson et al. 1996 (J Physiol 497:291) and McHugh et al. 1999 (Am J Sports Med 27:594): about 1.5-fold each way',
  [0.67, 1.5],
);

/** The group a tissue base name belongs to, and its member entry; undefined if none. */
export function findToleranceMember(tissueBaseName: string): { group: ToleranceGroup; member: ToleranceMember } | undefined {
  for (const group of TOLERANCE_GROUPS) {
    for (const member of group.members) if (member.tissue === tissueBaseName) return { group, member };
  }
  return undefined;
}
