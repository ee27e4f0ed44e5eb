/**
 * The posterior ligamentous complex of the lumbar spine, lumped into one midline passive
 * element across the lumbosacral joint (the default body bends its whole lumbar spine
 * there: the lumbar body is L1-L5 in one piece).
 *
 * What it stands for: the supraspinous and interspinous ligaments, the ligamenta flava,
 * the facet joint capsules and the posterior annulus of the discs, the structures that
 * resist lumbar flexion besides the passive back muscles and the thoracolumbar fascia.
 * In full trunk flexion the erector spinae fall electrically silent (the flexion-relaxation
 * phenomenon, Floyd & Silver 1955) and these passive tissues, with the stretched muscles
 * and fascia, hold the trunk: in vivo the flexion moment resisted by electrically silent
 * tissues rises from about 25 N m in lordotic postures to 120 N m (men) and 77 N m (women)
 * at full lumbar flexion (Dolan, Mannion & Adams 1994, J Biomech 27:1077,
 * LUMBAR_PASSIVE_EXTENSOR_MOMENT_FULL_FLEXION).
 *
 * Geometry: a straight cord from the dorsal sacrum (median sacral crest) to the lumbar
 * spinous processes at L3, about 4 cm behind the disc centres (between the spinous
 * processes, about 5-6 cm, and the facet capsules and ligamenta flava, about 2-4 cm: the
 * resultant of the complex; assumption). Its moment at the lumbosacral joint is the cord
 * tension times that lever, and, being a path element with a tension-only law, its moment
 * is exactly -dV/dq of its elastic energy and zero wherever it is slack.
 *
 * Law (assumptions with wide ranges; no single published test gives the lumped complex's
 * force-length curve): slack in upright standing (the posterior ligaments are slack in
 * lordosis and tighten in the second half of flexion), taut after about 15 deg of lumbar
 * flexion (referenceStrain: the cord's stretch at which it engages), a long toe region
 * (the crimp of ligaments that strain tens of percent in full flexion), and an axial
 * rigidity chosen so that the default body's passive tissues together (passive muscles,
 * thoracolumbar fascia and this complex) resist a flexion moment inside the in vivo range
 * of Dolan et al. 1994 at full lumbar flexion (library test spine-ligaments.test.ts).
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry } from '../body-geometry.js';
import { literature, type LiteratureValue } from '../literature-value.js';
import { makeAttachments } from './attachments.js';
import { passiveLaw, passiveParameters, type PassiveParameters } from './tissue-builder.js';

/**
 * Flexion moment resisted by the electrically silent ("passive") tissues of the lumbar
 * spine at full flexion (N m): 120 N m in men, 77 N m in women, from about 25 N m in
 * lordotic postures (Dolan P, Mannion AF, Adams MA 1994, Passive tissues help the back
 * muscles to generate extensor moments during lifting, J Biomech 27:1077-1085; 149
 * subjects, intercept of the extensor moment-EMG line). Range: the women's to the men's
 * mean, widened by the between-person spread of passive stiffness (about 1.5-fold each
 * way, as STRETCH_TOLERANCE_BETWEEN_PERSONS; assumption).
 */
export const LUMBAR_PASSIVE_EXTENSOR_MOMENT_FULL_FLEXION: LiteratureValue = literature(
  120,
  'N m',
  'Dolan, Mannion & Adams 1994, J Biomech 27:1077: passive (electrically silent) lumbar extensor moment 120 N m (men), 77 N m ' +
    '(women) at full flexion, 25 N m in lordotic postures; range widened 1.5-fold each way for between-person spread (assumption)',
  [77 / 1.5, 120 * 1.5],
);

/** Passive lumbar extensor moment in lordotic (upright) postures (N m), Dolan et al. 1994. */
export const LUMBAR_PASSIVE_EXTENSOR_MOMENT_LORDOTIC: LiteratureValue = literature(
  25,
  'N m',
  'Dolan, Mannion & Adams 1994, J Biomech 27:1077: about 25 N m in lordotic postures (the intercept of the moment-EMG line; ' +
    'includes what the EMG cannot see at low effort); range assumption',
  [0, 40],
);

export const LUMBAR_POSTERIOR_LIGAMENTS_PARAMETERS: PassiveParameters = passiveParameters(
  'assumption: lumped lumbar posterior ligamentous complex (supraspinous, interspinous, ligamenta flava, facet capsules, ' +
    'posterior annulus); axial rigidity set so that the passive tissues of the default body resist a flexion moment inside ' +
    'the in vivo range of Dolan, Mannion & Adams 1994 (J Biomech 27:1077) at full lumbar flexion; range 0.5-2x',
  [15000, 7500, 30000],
  // Slack in standing: the cord engages after about 15 deg of lumbar flexion (range about 8-25 deg; assumption).
  [-0.1, -0.15, -0.05],
  // Long toe region of ligaments that strain tens of percent at full flexion (assumption).
  [0.08, 0.04, 0.12],
);

/** Standing positions (fractions of stature) of the complex's ends: 4 cm behind the L5/S1 disc centre at (-0.014, 0.596) H. */
export const LUMBAR_POSTERIOR_LIGAMENTS_PATH = Object.freeze({
  sacral: [-0.037, 0.585, 0] as [number, number, number],
  lumbar: [-0.037, 0.64, 0] as [number, number, number],
});

/** The spinal ligament tissues of the default body (midline). */
export function buildSpineLigamentTissues(geometry: BodyGeometry): TissueSpec[] {
  const at = makeAttachments(geometry);
  return [
    {
      name: 'lumbar_posterior_ligaments',
      kind: 'ligament',
      region: 'lumbar',
      side: 'midline',
      path: {
        points: [
          at.atStanding('pelvis', LUMBAR_POSTERIOR_LIGAMENTS_PATH.sacral, 'median sacral crest (supraspinous ligament origin)'),
          at.atStanding('lumbar', LUMBAR_POSTERIOR_LIGAMENTS_PATH.lumbar, 'spinous process and laminae of L3 (resultant of the complex)'),
        ],
        wraps: [],
      },
      law: passiveLaw(LUMBAR_POSTERIOR_LIGAMENTS_PARAMETERS),
      seriesOf: [],
      source: LUMBAR_POSTERIOR_LIGAMENTS_PARAMETERS.source,
      description:
        'lumped posterior ligamentous complex of L1-S1: supraspinous and interspinous ligaments, ligamenta flava, facet capsules, posterior annulus',
    },
  ];
}
