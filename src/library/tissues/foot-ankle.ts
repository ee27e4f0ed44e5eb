/**
 * Tissues of the foot and ankle (right side; the left is mirrored): the plantar fascia
 * with its windlass over the metatarsal heads, the short and long toe flexors, the
 * extrinsic foot muscles, the triceps surae and the Achilles tendon.
 *
 * Foot attachments are written in foot coordinates (foot-geometry.ts); shank attachments
 * are Rajagopal et al. 2016's, scaled. Muscle parameters: rajagopalMuscle (tissue-builder.ts)
 * unless stated.
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry, Vec3 } from '../body-geometry.js';
import { besideMetatarsalHeads, FOOT_PROPORTIONS, type FootVector } from '../foot-geometry.js';
import { literature, type LiteratureValue } from '../literature-value.js';
import { makeAttachments, referencePolylineLength } from './attachments.js';
import { GASTROCNEMIUS_GEARED_PASSIVE_STRAIN, TIBIALIS_ANTERIOR_GEARED_PASSIVE_STRAIN } from './passive-fibre-strain.js';
import {
  literatureMuscle,
  muscleLaw,
  passiveLaw,
  passiveParameters,
  rajagopalMuscle,
  shiftedReferenceRatio,
  withPassiveProperties,
  type MuscleParameters,
  type PassiveParameters,
} from './tissue-builder.js';

/**
 * Plantar fascia axial rigidity. Cadaver tensile tests give a linear-region modulus of
 * about 350 MPa (Wright & Rennels 1964, J Bone Joint Surg Am 46:482; the value used by
 * foot finite-element models, e.g. Cheung et al. 2004) and a whole-aponeurosis stiffness
 * of about 200 N/mm (Kitaoka et al. 1994, Foot Ankle Int 15:557). With a cross-section of
 * 30-50 mm^2 that is E*A of about 10-18 kN, i.e. 4-7% strain at the 96% body weight
 * tension Erdemir et al. 2004 measured. The 10-14 MPa "healthy" modulus (Appl Sci 2021,
 * 11:1517) is a low-strain (toe-region/elastography) value: used as E*A it would need more
 * than 100% strain to carry one body weight, so it sets only the lower end of the range.
 */
export const PLANTAR_FASCIA_PARAMETERS: PassiveParameters = passiveParameters(
  'Wright & Rennels 1964 (modulus about 350 MPa) x cross-section 40 mm^2 (30-50 mm^2); Kitaoka et al. 1994 (about 200 N/mm); ' +
    'low end: 12 MPa x 40 mm^2 (Appl Sci 2021, 11:1517, toe-region modulus)',
  [14000, 480, 30000],
  [0.01, 0, 0.02],
);

/** In vivo Achilles tendon stiffness (N/m), converted to E*A with the tendon's reference path length. */
export const ACHILLES_STIFFNESS_N_PER_M = literature(
  180e3,
  'N/m',
  'in vivo Achilles tendon (with aponeurosis) stiffness 150-200 N/mm (Maganaris & Paul 2002, J Biomech 35:1639; Lichtwark & Wilson 2005, J Exp Biol 208:4715)',
  [150e3, 200e3],
);

/**
 * Where the gastrocnemius falls slack. With the ankle at 10 deg of dorsiflexion, the passive
 * ankle moment the gastrocnemius adds during passive knee extension begins at 43 +- 8 deg
 * of knee flexion (Muraoka T, Chino K, Muramatsu T, Fukunaga T, Kanehisa H 2005, In vivo
 * passive mechanical properties of the human gastrocnemius muscle belly, J Biomech
 * 38:1213-1219; n = 11); the relaxed muscle-tendon unit is slack over the shortest
 * 2.3 +- 1.2 cm of its range (Hoang et al. 2007, J Exp Biol 210:4159). The Rajagopal 2016
 * default-pose fibre lengths (0.856 medial, 1.07 lateral) leave the medial head slack in
 * the default body until about 10 deg of dorsiflexion with the knee straight, so passive
 * dorsiflexion with the knee extended would hardly load it. The normalised fibre length
 * in standing is instead set so that the fibres reach optimal length (where the passive
 * curve starts) at knee flexion 43 deg and ankle dorsiflexion 10 deg, computed on the
 * default body's paths (musculotendon length 8.4 mm shorter there than in standing); the
 * range follows Muraoka's 35-51 deg.
 */
export const GASTROCNEMIUS_SLACK_ONSET = Object.freeze({
  medialReferenceRatio: literature(
    1.157,
    'fraction of optimal fibre length',
    'Muraoka et al. 2005, J Biomech 38:1213 (passive onset at knee flexion 43 +- 8 deg with the ankle at 10 deg dorsiflexion), ' +
      'fibre length in standing computed on the default body; range from 35-51 deg',
    [1.091, 1.229],
  ),
  lateralReferenceRatio: literature(
    1.134,
    'fraction of optimal fibre length',
    'Muraoka et al. 2005, J Biomech 38:1213 (as the medial head), fibre length in standing computed on the default body; range from 35-51 deg',
    [1.075, 1.2],
  ),
});

/**
 * The gastrocnemius heads: slack onset from Muraoka et al. 2005 (above) and the passive
 * strain at F0 of a rigid-tendon fibre geared as Hoang et al. 2007 measured in this muscle
 * (passive-fibre-strain.ts; with Thelen's 0.6 the triceps surae gave about 170 N m at 20 deg
 * of dorsiflexion with the knee extended, Riener & Edrich 1999 about 40 N m).
 */
function withGastrocnemiusSlack(parameters: MuscleParameters, ratio: LiteratureValue): MuscleParameters {
  return withPassiveProperties(parameters, { passiveStrainAtF0: GASTROCNEMIUS_GEARED_PASSIVE_STRAIN, referenceFiberLengthRatio: ratio });
}

const SOLEUS_RAJAGOPAL_PARAMETERS = rajagopalMuscle('soleus_r', 6194.843, 0.044, 0.2768, 0.3814, 1.111);

export const FOOT_ANKLE_MUSCLES: Readonly<Record<string, MuscleParameters>> = Object.freeze({
  flexor_digitorum_brevis: literatureMuscle(
    'PCSA about 4 cm^2 and fibre length about 4.5 cm (Kura et al. 1997, Anat Rec 249:143; Ledoux et al. 2001) x 35-60 N/cm^2; approximate',
    1.75,
    [200, 120, 320],
    [0.045, 0.035, 0.06],
    [0.1, 0, 0.2],
  ),
  flexor_hallucis_longus: rajagopalMuscle('fhl_r', 907.8393, 0.0527, 0.3543, 0.258, 0.99),
  tibialis_posterior: rajagopalMuscle('tibpost_r', 1730.154, 0.0378, 0.2808, 0.2265, 1.057),
  // Passive strain at F0 of a rigid-tendon fibre geared as Herbert et al. 2002 measured in the
  // relaxed tibialis anterior (passive-fibre-strain.ts); the extensor digitorum longus is assumed alike.
  tibialis_anterior: withPassiveProperties(rajagopalMuscle('tibant_r', 1227.452, 0.0683, 0.2405, 0.1952, 0.977), {
    passiveStrainAtF0: TIBIALIS_ANTERIOR_GEARED_PASSIVE_STRAIN,
  }),
  peroneus_longus: rajagopalMuscle('perlong_r', 1115.371, 0.0508, 0.3322, 0.248, 1.086),
  extensor_digitorum_longus: withPassiveProperties(rajagopalMuscle('edl_r', 603.4982, 0.0693, 0.3689, 0.2183, 1.011), {
    passiveStrainAtF0: TIBIALIS_ANTERIOR_GEARED_PASSIVE_STRAIN,
  }),
  gastrocnemius_medial: withGastrocnemiusSlack(
    rajagopalMuscle('gasmed_r', 3115.515, 0.051, 0.3987, 0.1657, 0.856),
    GASTROCNEMIUS_SLACK_ONSET.medialReferenceRatio,
  ),
  gastrocnemius_lateral: withGastrocnemiusSlack(
    rajagopalMuscle('gaslat_r', 1575.059, 0.0588, 0.3761, 0.2102, 1.07),
    GASTROCNEMIUS_SLACK_ONSET.lateralReferenceRatio,
  ),
  // Passive calibration: the gastrocnemius gearing (assumption: the soleus also inserts through
  // the Achilles tendon along a long aponeurosis; Hoang et al. 2007) and a standing fibre length
  // at the low end of its range. Rajagopal's 1.111 holds the relaxed soleus beyond optimal length
  // in standing, and with Thelen's curve it gave about 100 N m at 20 deg of dorsiflexion with the
  // knee flexed, where Riener & Edrich 1999 (J Biomech 32:539) give about 10 N m.
  soleus: withPassiveProperties(SOLEUS_RAJAGOPAL_PARAMETERS, {
    passiveStrainAtF0: GASTROCNEMIUS_GEARED_PASSIVE_STRAIN,
    referenceFiberLengthRatio: shiftedReferenceRatio(
      SOLEUS_RAJAGOPAL_PARAMETERS,
      -0.1,
      'lowered so the relaxed soleus starts to resist near the neutral ankle: calibrated on the knee-flexed passive ankle moment ' +
        '(Riener & Edrich 1999, J Biomech 32:539)',
    ),
  }),
});

/** The windlass: the plantar fascia (and the toe flexors) wrap the metatarsal heads, so toe dorsiflexion stretches them. */
function windlass(geometry: BodyGeometry, name: string, between: [number, number]) {
  const at = makeAttachments(geometry);
  const foot = geometry.foot;
  const axis = foot.metatarsophalangealAxis;
  return at.cylinder(
    name,
    'forefoot_r',
    at.footLocation('forefoot_r', foot.metatarsophalangeal),
    [axis[0], axis[1], axis[2]],
    FOOT_PROPORTIONS.windlassRadius.value * geometry.footLengthM,
    // The fascia runs under the heads from behind to in front: counterclockwise seen from the lateral side (+Z).
    1,
    between,
  );
}

const TIBIA = {
  fhlOrigin: [-0.031, -0.2163, 0.02] as Vec3,
  fhlMedialMalleolus: [-0.0242, -0.3671, -0.0076] as Vec3,
  tibpostOrigin: [-0.0041, -0.1304, 0.0103] as Vec3,
  tibpostMedialMalleolus: [-0.0164, -0.3655, -0.0175] as Vec3,
  tibantOrigin: [0.0154, -0.1312, 0.0162] as Vec3,
  tibantMid: [0.0251, -0.1906, 0.0128] as Vec3,
  tibantRetinaculum: [0.0233, -0.3659, -0.0132] as Vec3,
  perlongOrigin: [-0.02, -0.1373, 0.0282] as Vec3,
  perlongLateralMalleolus: [-0.0317, -0.39, 0.0237] as Vec3,
  edlOrigin: [-0.016, -0.1157, 0.0205] as Vec3,
  edlRetinaculum: [0.0164, -0.376, 0.0112] as Vec3,
  soleusOrigin: [-0.0076, -0.0916, 0.0098] as Vec3,
};
const FEMUR = {
  gasmedOrigin: [0.008, -0.3788, -0.0208] as Vec3,
  gaslatOrigin: [-0.003, -0.3814, 0.0277] as Vec3,
  condyleCenter: [0.005, -0.41, 0] as Vec3,
  condyleRadius: 0.025,
};

/** Shank via points of the triceps surae (fractions of shank length, tibia frame). */
const CALF = {
  gastrocnemiusMedialBelly: [-0.12, -0.3, -0.045] as Vec3,
  gastrocnemiusLateralBelly: [-0.11, -0.3, 0.045] as Vec3,
  /** Gastrocnemius musculotendinous junction / start of the free Achilles tendon. */
  achillesProximal: [-0.1, -0.55, 0] as Vec3,
  /** Achilles tendon just above the calcaneus, about 5 cm behind the ankle. */
  achillesDistal: [-0.115, -0.88, 0] as Vec3,
};

/** Achilles insertion on the posterior calcaneal tuberosity, foot coordinates. */
const ACHILLES_INSERTION: FootVector = [0.03, 0.15, 0];

export function buildFootAnkleTissues(geometry: BodyGeometry): TissueSpec[] {
  const at = makeAttachments(geometry);
  const foot = geometry.foot;
  const H = geometry.heightM;
  const muscle = (name: keyof typeof FOOT_ANKLE_MUSCLES) => muscleLaw(FOOT_ANKLE_MUSCLES[name], H);
  const gastrocnemiusWrap = (name: string) =>
    at.cylinder(
      name,
      'femur_r',
      at.rajagopalLocation('femur_r', FEMUR.condyleCenter),
      [0, 0, 1],
      (FEMUR.condyleRadius * geometry.segmentLengthM.femur_r) / 0.40443,
      1,
      [0, 1],
    );
  const achillesInsertion = at.onFoot('calcn_r', ACHILLES_INSERTION, 'posterior calcaneal tuberosity (Achilles insertion)');
  const achillesDistal = at.onBody('tibia_r', CALF.achillesDistal, 'Achilles tendon above the calcaneus');

  const tissues: TissueSpec[] = [];
  // Under the heads: 6% of foot length behind and in front of the MTP axis, 2-3% above the floor.
  const underHeads = (lateral: number): [FootVector, FootVector] => [
    besideMetatarsalHeads(foot, lateral, -0.06, 0.02),
    besideMetatarsalHeads(foot, lateral, 0.06, 0.03),
  ];
  const [fasciaBehindHeads, fasciaPhalanges] = underHeads(-0.03);
  const plantarFasciaPoints = [
    at.onFoot('calcn_r', foot.medialCalcanealTubercle, 'medial calcaneal tubercle'),
    at.onFoot('forefoot_r', fasciaBehindHeads, 'plantar aponeurosis behind the metatarsal heads'),
    at.onFoot('toes_r', fasciaPhalanges, 'plantar plates / bases of the proximal phalanges'),
  ];
  tissues.push({
    name: 'plantar_fascia_r',
    kind: 'fascia',
    region: 'foot',
    side: 'r',
    path: { points: plantarFasciaPoints, wraps: [windlass(geometry, 'plantar_fascia_windlass_r', [1, 2])] },
    law: passiveLaw(PLANTAR_FASCIA_PARAMETERS),
    seriesOf: [],
    source: PLANTAR_FASCIA_PARAMETERS.source,
    description: 'plantar aponeurosis, calcaneus to the toes over the metatarsal heads (windlass: toe dorsiflexion stretches it)',
  });
  tissues.push({
    name: 'flexor_digitorum_brevis_r',
    kind: 'muscle',
    region: 'foot',
    side: 'r',
    path: {
      points: [
        at.onFoot('calcn_r', [0.12, 0.06, -0.01], 'medial process of the calcaneal tuberosity'),
        at.onFoot('forefoot_r', underHeads(0.02)[0], 'behind the lesser metatarsal heads'),
        at.onFoot('toes_r', underHeads(0.02)[1], 'flexor sheaths at the bases of the proximal phalanges'),
        at.onFoot('toes_r', foot.lesserToesDistalPhalanges, 'middle phalanges of toes 2-5'),
      ],
      wraps: [windlass(geometry, 'flexor_digitorum_brevis_windlass_r', [1, 2])],
    },
    law: muscle('flexor_digitorum_brevis'),
    seriesOf: [],
    source: FOOT_ANKLE_MUSCLES.flexor_digitorum_brevis.source,
  });
  tissues.push({
    name: 'flexor_hallucis_longus_r',
    kind: 'muscle',
    region: 'ankle',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('tibia_r', TIBIA.fhlOrigin, 'posterior fibula'),
        at.fromRajagopal('tibia_r', TIBIA.fhlMedialMalleolus, 'behind the medial malleolus'),
        at.onFoot('calcn_r', [0.19, 0.19, -0.07], 'groove of the talus / under the sustentaculum tali'),
        at.onFoot('forefoot_r', [0.55, 0.06, -0.09], 'plantar first ray'),
        at.onFoot('forefoot_r', underHeads(-0.1)[0], 'between the sesamoids under the first metatarsal head'),
        at.onFoot('toes_r', underHeads(-0.1)[1], 'plantar base of the proximal phalanx of the hallux'),
        at.onFoot('toes_r', foot.halluxDistalPhalanx, 'base of the distal phalanx of the hallux'),
      ],
      wraps: [windlass(geometry, 'flexor_hallucis_longus_windlass_r', [4, 5])],
    },
    law: muscle('flexor_hallucis_longus'),
    seriesOf: [],
    source: FOOT_ANKLE_MUSCLES.flexor_hallucis_longus.source,
  });
  tissues.push({
    name: 'tibialis_posterior_r',
    kind: 'muscle',
    region: 'ankle',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('tibia_r', TIBIA.tibpostOrigin, 'posterior tibia and interosseous membrane'),
        at.fromRajagopal('tibia_r', TIBIA.tibpostMedialMalleolus, 'behind the medial malleolus'),
        at.onFoot('calcn_r', [0.2, 0.2, -0.09], 'below the medial malleolus'),
        at.onFoot('forefoot_r', foot.navicularTuberosity, 'navicular tuberosity'),
      ],
      wraps: [],
    },
    law: muscle('tibialis_posterior'),
    seriesOf: [],
    source: FOOT_ANKLE_MUSCLES.tibialis_posterior.source,
  });
  tissues.push({
    name: 'tibialis_anterior_r',
    kind: 'muscle',
    region: 'ankle',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('tibia_r', TIBIA.tibantOrigin, 'lateral tibial condyle and shaft'),
        at.fromRajagopal('tibia_r', TIBIA.tibantMid, 'anterior shin'),
        at.fromRajagopal('tibia_r', TIBIA.tibantRetinaculum, 'superior extensor retinaculum'),
        at.onFoot('forefoot_r', foot.medialCuneiform, 'medial cuneiform and base of the first metatarsal'),
      ],
      wraps: [],
    },
    law: muscle('tibialis_anterior'),
    seriesOf: [],
    source: FOOT_ANKLE_MUSCLES.tibialis_anterior.source,
  });
  tissues.push({
    name: 'peroneus_longus_r',
    kind: 'muscle',
    region: 'ankle',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('tibia_r', TIBIA.perlongOrigin, 'head and lateral fibula'),
        at.fromRajagopal('tibia_r', TIBIA.perlongLateralMalleolus, 'behind the lateral malleolus'),
        at.onFoot('calcn_r', [0.22, 0.16, 0.13], 'peroneal trochlea, lateral calcaneus'),
        at.onFoot('forefoot_r', foot.cuboidGroove, 'groove of the cuboid'),
        at.onFoot('forefoot_r', foot.firstMetatarsalBasePlantar, 'plantar base of the first metatarsal / medial cuneiform'),
      ],
      wraps: [],
    },
    law: muscle('peroneus_longus'),
    seriesOf: [],
    source: FOOT_ANKLE_MUSCLES.peroneus_longus.source,
  });
  tissues.push({
    name: 'extensor_digitorum_longus_r',
    kind: 'muscle',
    region: 'ankle',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('tibia_r', TIBIA.edlOrigin, 'lateral tibial condyle and anterior fibula'),
        at.fromRajagopal('tibia_r', TIBIA.edlRetinaculum, 'superior extensor retinaculum'),
        at.onFoot('forefoot_r', [0.42, 0.22, 0.03], 'dorsum of the midfoot (inferior extensor retinaculum)'),
        at.onFoot('forefoot_r', [0.64, 0.12, 0.05], 'dorsum over the lesser metatarsal heads'),
        at.onFoot('toes_r', [0.72, 0.1, 0.05], 'dorsal proximal phalanges of toes 2-5'),
        at.onFoot('toes_r', [0.88, 0.06, 0.03], 'dorsal aponeurosis of toes 2-5'),
      ],
      wraps: [],
    },
    law: muscle('extensor_digitorum_longus'),
    seriesOf: [],
    source: FOOT_ANKLE_MUSCLES.extensor_digitorum_longus.source,
  });
  tissues.push({
    name: 'gastrocnemius_medial_r',
    kind: 'muscle',
    region: 'ankle',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('femur_r', FEMUR.gasmedOrigin, 'posterior medial femoral condyle'),
        at.onBody('tibia_r', CALF.gastrocnemiusMedialBelly, 'medial head of gastrocnemius'),
        at.onBody('tibia_r', CALF.achillesProximal, 'gastrocnemius musculotendinous junction'),
        achillesDistal,
        achillesInsertion,
      ],
      // Behind the femoral condyles: wraps as the knee flexes.
      wraps: [gastrocnemiusWrap('gastrocnemius_medial_condyles_r')],
    },
    law: muscle('gastrocnemius_medial'),
    seriesOf: [],
    source: FOOT_ANKLE_MUSCLES.gastrocnemius_medial.source,
  });
  tissues.push({
    name: 'gastrocnemius_lateral_r',
    kind: 'muscle',
    region: 'ankle',
    side: 'r',
    path: {
      points: [
        at.fromRajagopal('femur_r', FEMUR.gaslatOrigin, 'posterior lateral femoral condyle'),
        at.onBody('tibia_r', CALF.gastrocnemiusLateralBelly, 'lateral head of gastrocnemius'),
        at.onBody('tibia_r', CALF.achillesProximal, 'gastrocnemius musculotendinous junction'),
        achillesDistal,
        achillesInsertion,
      ],
      wraps: [gastrocnemiusWrap('gastrocnemius_lateral_condyles_r')],
    },
    law: muscle('gastrocnemius_lateral'),
    seriesOf: [],
    source: FOOT_ANKLE_MUSCLES.gastrocnemius_lateral.source,
  });
  tissues.push({
    name: 'soleus_r',
    kind: 'muscle',
    region: 'ankle',
    side: 'r',
    path: {
      points: [at.fromRajagopal('tibia_r', TIBIA.soleusOrigin, 'soleal line of the tibia and head of the fibula'), achillesDistal, achillesInsertion],
      wraps: [],
    },
    law: muscle('soleus'),
    seriesOf: [],
    source: FOOT_ANKLE_MUSCLES.soleus.source,
  });
  const achillesPoints = [
    at.onBody('tibia_r', CALF.achillesProximal, 'gastrocnemius musculotendinous junction'),
    achillesDistal,
    achillesInsertion,
  ];
  const achillesLength = referencePolylineLength(geometry, achillesPoints);
  const achillesParameters = passiveParameters(
    `${ACHILLES_STIFFNESS_N_PER_M.source}; E*A = stiffness x reference tendon length`,
    [
      ACHILLES_STIFFNESS_N_PER_M.value * achillesLength,
      (ACHILLES_STIFFNESS_N_PER_M.low ?? ACHILLES_STIFFNESS_N_PER_M.value) * achillesLength,
      (ACHILLES_STIFFNESS_N_PER_M.high ?? ACHILLES_STIFFNESS_N_PER_M.value) * achillesLength,
    ],
  );
  tissues.push({
    name: 'achilles_tendon_r',
    kind: 'tendon',
    region: 'ankle',
    side: 'r',
    path: { points: achillesPoints, wraps: [] },
    law: passiveLaw(achillesParameters),
    seriesOf: ['gastrocnemius_medial_r', 'gastrocnemius_lateral_r', 'soleus_r'],
    source: achillesParameters.source,
    description: 'common tendon of the triceps surae; carries the sum of its muscles\' tensions',
  });
  return tissues;
}
