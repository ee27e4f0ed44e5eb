/**
 * Tissues of the hip and pelvis (right side; the left is mirrored): gluteus maximus and
 * medius, iliopsoas, and the sacrotuberous ligament.
 *
 * Each gluteus is one line carrying the summed force of Rajagopal et al. 2016's parts.
 * The sacrotuberous ligament joins two points of the pelvis (the sacroiliac joint is not
 * modelled), so its length never changes: it matters as a track of the superficial back
 * line, whose junctions slide along it.
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry, Vec3 } from '../body-geometry.js';
import { makeAttachments } from './attachments.js';
import { HIP_EXTENSOR_PASSIVE_STRAIN } from './passive-fibre-strain.js';
import {
  literatureMuscle,
  muscleLaw,
  passiveLaw,
  passiveParameters,
  rajagopalMuscle,
  withPassiveProperties,
  type MuscleParameters,
  type PassiveParameters,
} from './tissue-builder.js';

const GLUTEUS_MAXIMUS_RAJAGOPAL_PARAMETERS = rajagopalMuscle('glmax1/2/3_r summed; path of glmax2', 3337.584, 0.157, 0.0679, 0.3674, 1.024);

export const HIP_PELVIS_MUSCLES: Readonly<Record<string, MuscleParameters>> = Object.freeze({
  // Passive calibration (passive-fibre-strain.ts, passive-joint-moments.test.ts): with Thelen's
  // curve on a rigid tendon the gluteus maximus alone gave about 120 N m of passive hip moment
  // at 90 deg of hip flexion with the knee flexed, where Riener & Edrich 1999 (J Biomech
  // 32:539) give a net moment near zero. Its passive strain at F0 is the calibrated
  // hip-extensor value; its standing fibre length stays Rajagopal's.
  gluteus_maximus: withPassiveProperties(GLUTEUS_MAXIMUS_RAJAGOPAL_PARAMETERS, { passiveStrainAtF0: HIP_EXTENSOR_PASSIVE_STRAIN }),
  gluteus_medius: rajagopalMuscle('glmed1/2/3_r summed', 2729.758, 0.073, 0.0554, 0.3166, 0.953),
  iliopsoas: literatureMuscle(
    'Rajagopal et al. 2016 psoas_r (1426.8 N) + iliacus_r (1021.1 N), force-weighted architecture; psoas origin on the lumbar vertebrae (Bogduk et al. 1992, Clin Biomech 7:109)',
    1.7,
    [2447.9, 1713.5, 3182.3],
    [0.1126, 0.0957, 0.1295],
    [0.2424, 0.1424, 0.3424],
    [1.092, 0.992, 1.192],
    'Rajagopal et al. 2016: force-weighted fibre length of psoas and iliacus in the default pose',
  ),
});

/**
 * Sacrotuberous ligament: no tensile rigidity in SCIENCE.md; assumption of a ligament
 * modulus of order 100 MPa times a cross-section of about 50 mm^2 (the band is 1-2 cm wide
 * and a few mm thick), with a wide range.
 */
export const SACROTUBEROUS_PARAMETERS: PassiveParameters = passiveParameters(
  'assumption: ligament modulus of order 100 MPa x cross-section about 50 mm^2; role in load transfer: Vleeming et al. 1989, Clin Biomech 4:204',
  [5000, 2000, 12000],
);

/** Rajagopal pelvis-frame points (m). */
export const GLUTEUS_MAXIMUS_RAJAGOPAL = {
  /** Posterior ilium / lateral sacrum: the origin the thoracolumbar fascia's crossing fibres reach. */
  sacralOrigin: [-0.1317, 0.0087, 0.0462] as Vec3,
  /**
   * Rajagopal's via (-0.1344, -0.0609, 0.0813) moved down to the level of the ischium, so
   * the wrap over the cylinder stays under 180 deg up to 120 deg of hip flexion.
   */
  pelvicVia: [-0.1364, -0.1035, 0.0813] as Vec3,
  wrapCenter: [-0.08, -0.083, 0.068] as Vec3,
  wrapRadius: 0.04,
  femurProximal: [-0.045, -0.0584, 0.0252] as Vec3,
  glutealTuberosity: [-0.0156, -0.1016, 0.0419] as Vec3,
};

export function buildHipPelvisTissues(geometry: BodyGeometry): TissueSpec[] {
  const at = makeAttachments(geometry);
  const H = geometry.heightM;
  const pelvisScale = geometry.originWorld.femur_r[2] / 0.07726;
  const g = GLUTEUS_MAXIMUS_RAJAGOPAL;
  const tissues: TissueSpec[] = [];
  tissues.push({
    name: 'gluteus_maximus_r',
    kind: 'muscle',
    region: 'hip',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('pelvis', g.sacralOrigin, 'posterior ilium and sacrum'),
        at.fromRajagopal('pelvis', g.pelvicVia, 'over the ischium'),
        at.fromRajagopal('femur_r', g.femurProximal, 'iliotibial tract behind the greater trochanter'),
        at.fromRajagopal('femur_r', g.glutealTuberosity, 'gluteal tuberosity'),
      ],
      // Rajagopal 2016's Gmax2_at_pelvis cylinder, taken mediolateral: keeps the path behind the
      // ischium and greater trochanter in hip flexion (counterclockwise seen from +Z).
      wraps: [at.cylinder('gluteus_maximus_ischium_r', 'pelvis', at.rajagopalLocation('pelvis', g.wrapCenter), [0, 0, 1], g.wrapRadius * pelvisScale, 1, [1, 2])],
    },
    law: muscleLaw(HIP_PELVIS_MUSCLES.gluteus_maximus, H),
    seriesOf: [],
    source: HIP_PELVIS_MUSCLES.gluteus_maximus.source,
  });
  tissues.push({
    name: 'gluteus_medius_r',
    kind: 'muscle',
    region: 'hip',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('pelvis', [-0.065, 0.03, 0.095], 'gluteal surface of the ilium (middle fibres)'),
        at.fromRajagopal('femur_r', [-0.024, -0.009, 0.054], 'lateral greater trochanter'),
      ],
      wraps: [],
    },
    law: muscleLaw(HIP_PELVIS_MUSCLES.gluteus_medius, H),
    seriesOf: [],
    source: HIP_PELVIS_MUSCLES.gluteus_medius.source,
  });
  tissues.push({
    name: 'iliopsoas_r',
    kind: 'muscle',
    region: 'hip',
    side: 'r',
    path: {
      points: [
        at.atStanding('lumbar', [-0.006, 0.646, 0.022], 'psoas origin, L1-L4 bodies and transverse processes (centroid at L3)'),
        at.fromRajagopal('pelvis', [-0.0205, -0.0654, 0.0656], 'over the pelvic brim (iliopubic eminence)'),
        at.fromRajagopal('femur_r', [-0.0132, -0.0467, 0.0046], 'in front of the hip capsule'),
        at.fromRajagopal('femur_r', [-0.0235, -0.0524, 0.0088], 'lesser trochanter'),
      ],
      wraps: [],
    },
    law: muscleLaw(HIP_PELVIS_MUSCLES.iliopsoas, H),
    seriesOf: [],
    source: HIP_PELVIS_MUSCLES.iliopsoas.source,
  });
  tissues.push({
    name: 'sacrotuberous_ligament_r',
    kind: 'ligament',
    region: 'pelvis',
    side: 'r',
    path: {
      points: [
        at.atStanding('pelvis', [-0.045, 0.56, 0.02], 'lateral border of the lower sacrum and posterior iliac spines'),
        at.atStanding('pelvis', [-0.033, 0.512, 0.026], 'medial ischial tuberosity'),
      ],
      wraps: [],
    },
    law: passiveLaw(SACROTUBEROUS_PARAMETERS),
    seriesOf: [],
    source: SACROTUBEROUS_PARAMETERS.source,
  });
  return tissues;
}
