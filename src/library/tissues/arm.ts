/**
 * Tissues of the shoulder girdle and arm (right side; the left is mirrored).
 *
 * The scapula and clavicle are part of the thorax body (there is no shoulder-girdle
 * joint), so pectoralis minor and rhomboid, which join the thorax to the scapula, keep a
 * constant length: they are in the catalogue for the myofascial lines (spiral and arm
 * lines), not for shoulder mechanics. Thorax attachments are standing positions in
 * fractions of stature; arm attachments are fractions of the segment lengths (de Leva
 * 1996). The glenohumeral centre is at (0, 0.798, 0.100) H (body-geometry.ts).
 *
 * Parameters: biceps and triceps from OpenSim's arm26 model (after Holzbaur et al. 2005,
 * Ann Biomed Eng 33:829), heads summed; the rest of the order of Holzbaur et al. 2005 and
 * approximate, with wide ranges.
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry } from '../body-geometry.js';
import { makeAttachments } from './attachments.js';
import { literatureMuscle, muscleLaw, type MuscleParameters } from './tissue-builder.js';

const HOLZBAUR = 'of the order of Holzbaur et al. 2005, Ann Biomed Eng 33:829; approximate';
const ARM26 = 'OpenSim arm26 model (after Holzbaur et al. 2005)';

export const ARM_MUSCLES: Readonly<Record<string, MuscleParameters>> = Object.freeze({
  pectoralis_major: literatureMuscle(`pectoralis major PECM1-3 summed, ${HOLZBAUR}`, 1.75, [1270, 800, 1600], [0.15, 0.13, 0.18], [0, 0, 0.1]),
  pectoralis_minor: literatureMuscle('pectoralis minor, assumption: PCSA about 7 cm^2 x 60 N/cm^2; approximate', 1.75, [400, 250, 600], [0.1, 0.08, 0.12], [0, 0, 0.1]),
  trapezius_upper: literatureMuscle('upper trapezius, assumption: PCSA about 5 cm^2 x 60 N/cm^2; approximate', 1.75, [300, 150, 500], [0.12, 0.09, 0.15], [0, 0, 0.1]),
  rhomboid: literatureMuscle('rhomboid major and minor, assumption: PCSA about 5 cm^2 x 60 N/cm^2, fibres about 8 cm; approximate', 1.75, [300, 200, 500], [0.08, 0.06, 0.1], [0, 0, 0.1]),
  deltoid: literatureMuscle(`middle deltoid (DELT2 1142.6 N, fibre length 0.108 m, pennation 15 deg), ${HOLZBAUR}`, 1.75, [1142.6, 800, 1500], [0.108, 0.09, 0.13], [0.26, 0.1, 0.35]),
  infraspinatus: literatureMuscle(`infraspinatus (INFSP about 1210 N), ${HOLZBAUR}; fibre length about 8.7 cm and pennation about 12 deg (Ward et al. 2006, Clin Orthop Relat Res 448:157)`, 1.75, [1210.8, 800, 1500], [0.087, 0.07, 0.1], [0.2, 0.1, 0.35]),
  biceps_brachii: literatureMuscle(
    `biceps brachii, ${ARM26}: BIClong 624.3 N + BICshort 435.56 N; fibre lengths 0.1157 / 0.1321 m`,
    1.75,
    [1059.86, 700, 1300],
    [0.124, 0.11, 0.14],
    [0, 0, 0.1],
  ),
  triceps_brachii: literatureMuscle(
    `triceps brachii, ${ARM26}: TRIlong 798.52 + TRIlat 624.3 + TRImed 624.3 N; fibre lengths 0.134 / 0.1138 / 0.1138 m; pennation 0.157-0.209 rad`,
    1.75,
    [2047.12, 1400, 2600],
    [0.121, 0.1, 0.14],
    [0.17, 0.05, 0.25],
  ),
  wrist_flexors: literatureMuscle(
    `flexor carpi radialis + ulnaris (FCR 407.99 + FCU 479.02 N; fibre lengths 0.063 / 0.051 m), ${HOLZBAUR}`,
    1.75,
    [887, 600, 1100],
    [0.057, 0.045, 0.065],
    [0.12, 0.05, 0.25],
  ),
  wrist_extensors: literatureMuscle(
    `extensor carpi radialis longus + brevis + ulnaris (304.89 + 100.5 + 93.2 N), ${HOLZBAUR}`,
    1.75,
    [498.6, 350, 650],
    [0.068, 0.055, 0.085],
    [0.05, 0, 0.2],
  ),
});

export function buildArmTissues(geometry: BodyGeometry): TissueSpec[] {
  const at = makeAttachments(geometry);
  const H = geometry.heightM;
  const upperArm = geometry.segmentLengthM.humerus_r;
  const shoulder = geometry.originWorld.humerus_r;
  const thorax = geometry.originWorld.thorax;
  const shoulderCenterOnThorax: [number, number, number] = [shoulder[0] - thorax[0], shoulder[1] - thorax[1], shoulder[2] - thorax[2]];
  const tissues: TissueSpec[] = [];
  const addMuscle = (
    name: keyof typeof ARM_MUSCLES,
    region: string,
    points: TissueSpec['path']['points'],
    wraps: TissueSpec['path']['wraps'] = [],
    description?: string,
  ) =>
    tissues.push({
      name: `${name}_r`,
      kind: 'muscle',
      region,
      side: 'r',
      path: { points, wraps },
      law: muscleLaw(ARM_MUSCLES[name], H),
      seriesOf: [],
      source: ARM_MUSCLES[name].source,
      ...(description === undefined ? {} : { description }),
    });

  addMuscle('pectoralis_major', 'shoulder', [
    at.atStanding('thorax', [0.06, 0.765, 0.03], 'sternum, costal cartilages 2-6 and medial clavicle'),
    at.atStanding('thorax', [0.045, 0.77, 0.085], 'anterior axillary fold'),
    at.onBody('humerus_r', [0.06, -0.2, 0.03], 'lateral lip of the intertubercular groove'),
  ]);
  addMuscle(
    'pectoralis_minor',
    'shoulder',
    [
      at.atStanding('thorax', [0.055, 0.745, 0.06], 'ribs 3-5 near their cartilages'),
      at.atStanding('thorax', [0.02, 0.8, 0.075], 'coracoid process'),
    ],
    [],
    'thorax to scapula; the scapula is part of the thorax body, so its length is constant',
  );
  addMuscle('trapezius_upper', 'neck', [
    at.atStanding('head', [-0.045, 0.93, 0.012], 'superior nuchal line (medial third) and nuchal ligament'),
    at.atStanding('neck', [-0.045, 0.87, 0.04], 'posterolateral neck'),
    at.atStanding('thorax', [-0.01, 0.815, 0.085], 'lateral third of the clavicle and acromion'),
  ]);
  addMuscle(
    'rhomboid',
    'shoulder',
    [
      at.atStanding('thorax', [-0.06, 0.81, 0.005], 'spinous processes C7-T5'),
      at.atStanding('thorax', [-0.06, 0.77, 0.055], 'medial border of the scapula'),
    ],
    [],
    'spine to scapula; the scapula is part of the thorax body, so its length is constant',
  );
  addMuscle(
    'deltoid',
    'shoulder',
    [
      at.atStanding('thorax', [0, 0.816, 0.118], 'acromion and lateral clavicle'),
      at.onBody('humerus_r', [0.02, -0.45, 0.09], 'deltoid tuberosity'),
    ],
    // Over the humeral head: a cylinder along the anteroposterior axis through the glenohumeral
    // centre, fixed in the thorax (the head turns about that centre), counterclockwise seen from +X.
    [at.cylinder('deltoid_humeral_head_r', 'thorax', shoulderCenterOnThorax, [1, 0, 0], 0.12 * upperArm, 1, [0, 1])],
  );
  addMuscle('infraspinatus', 'shoulder', [
    at.atStanding('thorax', [-0.05, 0.765, 0.075], 'infraspinous fossa of the scapula'),
    at.onBody('humerus_r', [-0.035, 0, 0.085], 'greater tubercle (middle facet)'),
  ]);
  addMuscle('biceps_brachii', 'arm', [
    at.atStanding('thorax', [0.01, 0.812, 0.085], 'supraglenoid tubercle and coracoid process'),
    at.onBody('humerus_r', [0.08, -0.15, 0], 'intertubercular groove'),
    at.onBody('humerus_r', [0.1, -0.85, 0], 'anterior to the distal humerus'),
    at.onBody('forearm_r', [0.06, -0.12, 0], 'radial tuberosity'),
  ]);
  addMuscle(
    'triceps_brachii',
    'arm',
    [
      at.atStanding('thorax', [-0.008, 0.785, 0.09], 'infraglenoid tubercle (long head)'),
      at.onBody('humerus_r', [-0.09, -0.5, 0], 'posterior humerus'),
      at.onBody('humerus_r', [-0.1, -0.9, 0], 'posterior distal humerus'),
      at.onBody('forearm_r', [-0.08, 0.03, 0], 'olecranon'),
    ],
    // Around the back of the elbow in flexion (counterclockwise seen from +Z).
    [at.cylinder('triceps_brachii_elbow_r', 'humerus_r', [0, -upperArm, 0], [0, 0, 1], 0.065 * upperArm, 1, [2, 3])],
  );
  addMuscle('wrist_flexors', 'arm', [
    at.onBody('humerus_r', [0, -0.98, -0.14], 'medial epicondyle (common flexor origin)'),
    at.onBody('forearm_r', [0.08, -0.85, -0.02], 'anterior distal forearm'),
    at.onBody('hand_r', [0.2, -0.25, 0], 'palmar bases of the 2nd-3rd metacarpals and pisiform'),
  ]);
  addMuscle('wrist_extensors', 'arm', [
    at.onBody('humerus_r', [0, -0.97, 0.13], 'lateral epicondyle and supracondylar ridge (common extensor origin)'),
    at.onBody('forearm_r', [-0.07, -0.85, 0.02], 'dorsal distal forearm (extensor retinaculum)'),
    at.onBody('hand_r', [-0.18, -0.3, 0], 'dorsal bases of the 2nd, 3rd and 5th metacarpals'),
  ]);
  return tissues;
}
