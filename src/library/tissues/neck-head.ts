/**
 * Tissues of the neck and head: splenius capitis, semispinalis capitis and
 * sternocleidomastoid (right side; the left is mirrored), and two midline tissues, the
 * nuchal ligament and the epicranial fascia (galea aponeurotica).
 *
 * Attachments are standing positions in fractions of stature (attachments.ts) placed
 * around the joint centres of body-geometry.ts: C7/T1 at (-0.020, 0.848) H and the
 * atlanto-occipital joint at (-0.008, 0.915) H; the external occipital protuberance about
 * 7 cm behind and 3 cm above the occipital condyles, the mastoid process about 5 cm lateral.
 * The nuchal ligament's lower end is taken on the C7-T1 spinous processes (thorax) so that
 * it spans the cervical joints, which the model lumps into one.
 *
 * Neck muscle forces: of the order of Vasavada, Li & Delp 1998 (Spine 23:412); approximate.
 * Passive tissues: no tensile data in SCIENCE.md; assumptions with wide ranges.
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry } from '../body-geometry.js';
import { makeAttachments } from './attachments.js';
import { literatureMuscle, muscleLaw, passiveLaw, passiveParameters, type MuscleParameters, type PassiveParameters } from './tissue-builder.js';

const VASAVADA = 'Vasavada, Li & Delp 1998, Spine 23:412 (PCSA-based, order of magnitude); approximate';

export const NECK_MUSCLES: Readonly<Record<string, MuscleParameters>> = Object.freeze({
  splenius_capitis: literatureMuscle(`splenius capitis, ${VASAVADA}`, 1.75, [130, 70, 200], [0.11, 0.08, 0.14], [0, 0, 0.1]),
  semispinalis_capitis: literatureMuscle(`semispinalis capitis, ${VASAVADA}`, 1.75, [185, 100, 300], [0.095, 0.07, 0.12], [0, 0, 0.1]),
  sternocleidomastoid: literatureMuscle(`sternocleidomastoid, ${VASAVADA}`, 1.75, [150, 100, 250], [0.13, 0.1, 0.16], [0, 0, 0.1]),
});

export const NUCHAL_LIGAMENT_PARAMETERS: PassiveParameters = passiveParameters(
  'assumption: the human ligamentum nuchae is mostly a thin fascial septum (Mercer & Bogduk 2003, Clin Anat 16:484); no tensile data. ' +
    'Slack in standing (30 % of its path, range 15-40 %): its straight path stretches by about 30 % in a full forward bend, and a ' +
    'septum taut from upright would hold the hanging head up with tens of N m that no neck flexor of the model can resist',
  [1500, 500, 5000],
  [-0.3, -0.4, -0.15],
);
export const EPICRANIAL_FASCIA_PARAMETERS: PassiveParameters = passiveParameters(
  'assumption: galea aponeurotica, an aponeurosis about 1 mm thick; no tensile data',
  [1000, 300, 3000],
);

const EXTERNAL_OCCIPITAL_PROTUBERANCE = [-0.048, 0.933, 0] as const;

export function buildNeckHeadTissues(geometry: BodyGeometry): TissueSpec[] {
  const at = makeAttachments(geometry);
  const H = geometry.heightM;
  const tissues: TissueSpec[] = [];
  const addMuscle = (name: keyof typeof NECK_MUSCLES, points: TissueSpec['path']['points']) =>
    tissues.push({
      name: `${name}_r`,
      kind: 'muscle',
      region: 'neck',
      side: 'r',
      path: { points, wraps: [] },
      law: muscleLaw(NECK_MUSCLES[name], H),
      seriesOf: [],
      source: NECK_MUSCLES[name].source,
    });
  addMuscle('splenius_capitis', [
    at.atStanding('thorax', [-0.057, 0.82, 0.005], 'spinous processes C7-T3 and lower nuchal ligament'),
    at.atStanding('neck', [-0.045, 0.875, 0.022], 'posterolateral neck'),
    at.atStanding('head', [-0.02, 0.918, 0.03], 'mastoid process and lateral superior nuchal line'),
  ]);
  addMuscle('semispinalis_capitis', [
    at.atStanding('thorax', [-0.045, 0.8, 0.018], 'transverse processes C7-T6'),
    at.atStanding('neck', [-0.045, 0.87, 0.012], 'articular processes C4-C6'),
    at.atStanding('head', [-0.04, 0.928, 0.012], 'occiput between the superior and inferior nuchal lines'),
  ]);
  addMuscle('sternocleidomastoid', [
    at.atStanding('thorax', [0.045, 0.818, 0.02], 'manubrium and medial clavicle'),
    at.atStanding('neck', [0.01, 0.87, 0.042], 'anterolateral neck'),
    at.atStanding('head', [-0.015, 0.916, 0.03], 'mastoid process'),
  ]);
  tissues.push({
    name: 'nuchal_ligament',
    kind: 'ligament',
    region: 'neck',
    side: 'midline',
    path: {
      points: [
        at.atStanding('thorax', [-0.06, 0.843, 0], 'spinous processes C7-T1 (supraspinous ligament)'),
        at.atStanding('neck', [-0.055, 0.88, 0], 'posterior border over the cervical spinous processes'),
        at.atStanding('head', [...EXTERNAL_OCCIPITAL_PROTUBERANCE], 'external occipital protuberance'),
      ],
      wraps: [],
    },
    law: passiveLaw(NUCHAL_LIGAMENT_PARAMETERS),
    seriesOf: [],
    source: NUCHAL_LIGAMENT_PARAMETERS.source,
  });
  tissues.push({
    name: 'epicranial_fascia',
    kind: 'fascia',
    region: 'neck',
    side: 'midline',
    path: {
      points: [
        at.atStanding('head', [...EXTERNAL_OCCIPITAL_PROTUBERANCE], 'occipital ridge (superior nuchal line, occipitalis)'),
        at.atStanding('head', [-0.035, 0.975, 0], 'over the occipital bone'),
        at.atStanding('head', [-0.008, 0.997, 0], 'vertex'),
        at.atStanding('head', [0.03, 0.985, 0], 'over the frontal bone'),
        at.atStanding('head', [0.048, 0.95, 0], 'frontal bone above the supraorbital ridge (frontalis)'),
      ],
      wraps: [],
    },
    law: passiveLaw(EPICRANIAL_FASCIA_PARAMETERS),
    seriesOf: [],
    source: EPICRANIAL_FASCIA_PARAMETERS.source,
    description: 'galea aponeurotica, occipital ridge to the frontal bone; one rigid body, so its length is constant',
  });
  return tissues;
}
