/**
 * Tissues of the trunk (right side; the left is mirrored): erector spinae (lumbar and
 * thoracic parts), multifidus, quadratus lumborum, the abdominal wall, latissimus dorsi,
 * and the thoracolumbar fascia (its ipsilateral posterior layer and the superficial
 * fibres that cross the midline to the opposite gluteus maximus).
 *
 * Attachments are written as standing positions in fractions of stature (attachments.ts),
 * placed relative to the spinal joint centres of body-geometry.ts (L5/S1 at (-0.014, 0.596),
 * T12/L1 at (-0.018, 0.696) H): the erector spinae run about 5-6 cm behind the disc centres,
 * the rectus abdominis about 10 cm in front (moment arms of the order reported for the
 * lumbar spine, e.g. Bogduk et al. 1992).
 *
 * Muscle forces: physiological cross-sectional area (PCSA) times a specific tension;
 * spine models use 35-100 N/cm^2 (Bogduk et al. 1992: 46; Christophy et al. 2012: 100),
 * here 60 N/cm^2 nominal with the ranges spanning both ends. Values for the abdominal
 * wall, quadratus lumborum and latissimus are approximate (orders of magnitude from
 * Brown et al. 2011 and Holzbaur et al. 2005) and carry wide ranges.
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry, Vec3 } from '../body-geometry.js';
import { makeAttachments } from './attachments.js';
import { GLUTEUS_MAXIMUS_RAJAGOPAL } from './hip-pelvis.js';
import { literatureMuscle, muscleLaw, passiveLaw, passiveParameters, type MuscleParameters, type PassiveParameters } from './tissue-builder.js';

const SPINE_TENSION = 'x specific tension 60 N/cm^2 (35-100 N/cm^2 across spine models: Bogduk et al. 1992, Spine 17:897; Christophy et al. 2012, Biomech Model Mechanobiol 11:19)';

export const TRUNK_MUSCLES: Readonly<Record<string, MuscleParameters>> = Object.freeze({
  erector_spinae_lumbar: literatureMuscle(
    `longissimus thoracis and iliocostalis lumborum pars lumborum, PCSA about 15 cm^2 per side (Bogduk et al. 1992) ${SPINE_TENSION}`,
    1.75,
    [900, 500, 1500],
    [0.1, 0.08, 0.13],
    [0.05, 0, 0.2],
  ),
  erector_spinae_thoracic: literatureMuscle(
    `longissimus thoracis and iliocostalis lumborum pars thoracis, PCSA about 18 cm^2 per side (Bogduk et al. 1992) ${SPINE_TENSION}`,
    1.75,
    [1080, 600, 1800],
    [0.12, 0.09, 0.15],
    [0.05, 0, 0.2],
  ),
  multifidus: literatureMuscle(
    `lumbar multifidus, PCSA about 20 cm^2 and fibre length about 5.7 cm (Ward et al. 2009, J Bone Joint Surg Am 91:176) ${SPINE_TENSION}`,
    1.75,
    [1200, 700, 1600],
    [0.057, 0.045, 0.07],
    [0.2, 0.1, 0.35],
    [0.9, 0.8, 1.0],
    'Ward et al. 2009: multifidus sarcomeres on the ascending limb in neutral standing',
  ),
  quadratus_lumborum: literatureMuscle(`assumption: PCSA about 5 cm^2 (3-8 cm^2 reported) ${SPINE_TENSION}; approximate`, 1.75, [300, 150, 500], [0.08, 0.06, 0.1], [0, 0, 0.1]),
  rectus_abdominis: literatureMuscle(
    `rectus abdominis, fibre length about 28 cm, cross-section about 5-8 cm^2 (Brown et al. 2011, Spine 36:355; approximate) ${SPINE_TENSION}`,
    1.75,
    [400, 150, 700],
    [0.28, 0.22, 0.32],
    [0, 0, 0.1],
  ),
  external_oblique: literatureMuscle(
    `external oblique, fibre length about 14 cm (Brown et al. 2011; approximate) ${SPINE_TENSION}`,
    1.75,
    [600, 300, 900],
    [0.14, 0.1, 0.17],
    [0, 0, 0.1],
  ),
  internal_oblique: literatureMuscle(
    `internal oblique, fibre length about 11 cm (Brown et al. 2011; approximate) ${SPINE_TENSION}`,
    1.75,
    [500, 300, 800],
    [0.11, 0.08, 0.14],
    [0, 0, 0.1],
  ),
  latissimus_dorsi: literatureMuscle(
    'latissimus dorsi, summed parts of the order of Holzbaur et al. 2005 (Ann Biomed Eng 33:829) LAT1-3 (about 1060 N, fibre length about 0.25 m); approximate',
    1.75,
    [1060, 600, 1300],
    [0.25, 0.2, 0.3],
    [0, 0, 0.35],
  ),
});

const FASCIA_LOAD_TRANSFER = 'load transfer: Vleeming et al. 1995, Spine 20:753; Barker et al. 2004, Spine 29:129';
/**
 * Standing slack of the thoracolumbar fascia paths (strain in the reference pose, negative =
 * slack). The straight paths below stretch by about 30 % from standing to full trunk
 * flexion; with a 3 % toe region and no slack they carried about 2.8 kN per side and a
 * passive extension moment of about 380 N m at the lumbosacral joint at the end of a
 * toe-touch, three times the whole in vivo passive moment at full flexion (120 N m in men,
 * 77 N m in women: Dolan, Mannion & Adams 1994, J Biomech 27:1077), and previous estimates
 * of large fascial tensions were shown to rest on mistaken anatomy (Macintosh, Bogduk &
 * Gracovetsky 1987, Clin Biomech 2:78). The posterior layer is a lattice of obliquely
 * running laminae, so a longitudinal stretch first takes up its slack and reorients the
 * lattice before the collagen is loaded. Assumption: slack of 22 % of the path in standing
 * (10-30 %), so the fascia engages in the last part of trunk flexion and still carries
 * tension at full flexion (where its stretch tolerance is calibrated, stretch-tolerance.ts).
 */
const FASCIA_STANDING_SLACK: [number, number, number] = [-0.22, -0.3, -0.1];
export const THORACOLUMBAR_FASCIA_POSTERIOR_PARAMETERS: PassiveParameters = passiveParameters(
  `assumption: posterior layer about 0.5-1 mm thick over a 5 cm band, fascial tensile modulus of a few hundred MPa; slack in standing ` +
    `(lattice reorientation; Dolan, Mannion & Adams 1994, J Biomech 27:1077 bound the passive moment); ${FASCIA_LOAD_TRANSFER}`,
  [10000, 3000, 25000],
  FASCIA_STANDING_SLACK,
);
export const THORACOLUMBAR_FASCIA_CROSSING_PARAMETERS: PassiveParameters = passiveParameters(
  `assumption: superficial lamina fibres crossing the midline at L4-S2, about half the longitudinal band; slack in standing as the ` +
    `posterior layer; ${FASCIA_LOAD_TRANSFER}`,
  [5000, 1500, 12000],
  FASCIA_STANDING_SLACK,
);

/** The latissimus dorsi's aponeurotic origin on the thoracolumbar fascia at L3-L5 (standing, fractions of H). */
export const LATISSIMUS_FASCIAL_ORIGIN: Vec3 = [-0.062, 0.63, 0.02];

export function buildTrunkTissues(geometry: BodyGeometry): TissueSpec[] {
  const at = makeAttachments(geometry);
  const H = geometry.heightM;
  const tissues: TissueSpec[] = [];
  const addMuscle = (name: keyof typeof TRUNK_MUSCLES, region: string, points: TissueSpec['path']['points']) =>
    tissues.push({
      name: `${name}_r`,
      kind: 'muscle',
      region,
      side: 'r',
      path: { points, wraps: [] },
      law: muscleLaw(TRUNK_MUSCLES[name], H),
      seriesOf: [],
      source: TRUNK_MUSCLES[name].source,
    });

  addMuscle('erector_spinae_lumbar', 'lumbar', [
    at.atStanding('pelvis', [-0.048, 0.565, 0.028], 'posterior iliac crest and sacrum (erector spinae aponeurosis)'),
    at.atStanding('lumbar', [-0.047, 0.662, 0.025], 'accessory and transverse processes L1-L3 (pars lumborum)'),
  ]);
  addMuscle('erector_spinae_thoracic', 'thoracic', [
    at.atStanding('pelvis', [-0.05, 0.57, 0.03], 'sacrum and posterior iliac crest (erector spinae aponeurosis)'),
    at.atStanding('lumbar', [-0.052, 0.65, 0.035], 'over the lumbar spine (aponeurosis)'),
    at.atStanding('thorax', [-0.045, 0.76, 0.045], 'angles of ribs 7-12 and thoracic transverse processes'),
  ]);
  addMuscle('multifidus', 'lumbar', [
    at.atStanding('pelvis', [-0.044, 0.57, 0.012], 'dorsal sacrum and posterior superior iliac spine'),
    at.atStanding('lumbar', [-0.04, 0.65, 0.008], 'laminae and spinous processes L2-L4'),
  ]);
  addMuscle('quadratus_lumborum', 'lumbar', [
    at.atStanding('pelvis', [-0.025, 0.615, 0.06], 'posterior iliac crest and iliolumbar ligament'),
    at.atStanding('lumbar', [-0.025, 0.65, 0.04], 'transverse processes L1-L4'),
    at.atStanding('thorax', [-0.03, 0.7, 0.045], 'twelfth rib'),
  ]);
  addMuscle('rectus_abdominis', 'lumbar', [
    at.atStanding('pelvis', [0.03, 0.525, 0.012], 'pubic crest and symphysis'),
    at.atStanding('lumbar', [0.055, 0.65, 0.03], 'rectus sheath at the umbilicus'),
    at.atStanding('thorax', [0.06, 0.735, 0.04], 'xiphoid process and costal cartilages 5-7'),
  ]);
  // Right external oblique: right lower ribs forward and down to the anterior pelvis (turns the trunk to the left).
  addMuscle('external_oblique', 'lumbar', [
    at.atStanding('thorax', [-0.005, 0.745, 0.085], 'external surfaces of ribs 5-12 (lateral)'),
    at.atStanding('pelvis', [0.035, 0.58, 0.065], 'anterior iliac crest, inguinal ligament and linea alba'),
  ]);
  // Right internal oblique: right iliac crest up and forward to the costal margin (turns the trunk to the right).
  addMuscle('internal_oblique', 'lumbar', [
    at.atStanding('pelvis', [-0.005, 0.6, 0.075], 'iliac crest (anterior two thirds) and thoracolumbar fascia'),
    at.atStanding('thorax', [0.045, 0.73, 0.055], 'cartilages of ribs 9-12 and linea alba'),
  ]);
  addMuscle('latissimus_dorsi', 'shoulder', [
    at.atStanding('lumbar', LATISSIMUS_FASCIAL_ORIGIN, 'thoracolumbar fascia at L3-L5 (aponeurotic origin)'),
    at.atStanding('thorax', [-0.05, 0.7, 0.07], 'lower ribs 9-12, posterolateral'),
    at.atStanding('thorax', [-0.035, 0.76, 0.095], 'inferior angle of the scapula / posterior axillary fold'),
    at.onBody('humerus_r', [0.045, -0.17, -0.03], 'floor of the intertubercular groove'),
  ]);

  tissues.push({
    name: 'thoracolumbar_fascia_posterior_r',
    kind: 'fascia',
    region: 'lumbar',
    side: 'r',
    path: {
      points: [
        at.atStanding('pelvis', [-0.05, 0.575, 0.018], 'posterior superior iliac spine and sacrum'),
        at.atStanding('lumbar', [-0.064, 0.646, 0.02], 'posterior layer over the lumbar spine'),
        at.atStanding('thorax', [-0.06, 0.71, 0.025], 'lower thoracic spinous processes and twelfth rib'),
      ],
      wraps: [],
    },
    law: passiveLaw(THORACOLUMBAR_FASCIA_POSTERIOR_PARAMETERS),
    seriesOf: [],
    source: THORACOLUMBAR_FASCIA_POSTERIOR_PARAMETERS.source,
    description: 'ipsilateral longitudinal part of the posterior layer, sacrum and iliac crest to the lower ribs',
  });
  const leftGluteusOrigin = at.rajagopalLocation('pelvis', GLUTEUS_MAXIMUS_RAJAGOPAL.sacralOrigin);
  tissues.push({
    name: 'thoracolumbar_fascia_crossing_r',
    kind: 'fascia',
    region: 'lumbar',
    side: 'r',
    path: {
      points: [
        at.atStanding('lumbar', LATISSIMUS_FASCIAL_ORIGIN, 'right latissimus dorsi fascial origin'),
        { body: 'pelvis', location: [leftGluteusOrigin[0], leftGluteusOrigin[1], 0 - leftGluteusOrigin[2]], label: 'left gluteus maximus sacral origin' },
      ],
      wraps: [],
    },
    law: passiveLaw(THORACOLUMBAR_FASCIA_CROSSING_PARAMETERS),
    seriesOf: [],
    source: THORACOLUMBAR_FASCIA_CROSSING_PARAMETERS.source,
    description: 'superficial lamina fibres crossing the midline at L4-S2: right latissimus dorsi origin to left gluteus maximus origin',
  });
  return tissues;
}
