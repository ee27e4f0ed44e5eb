/**
 * Tissues of the thigh and knee (right side; the left is mirrored): hamstrings,
 * quadriceps with the patellar tendon, tensor fasciae latae and the iliotibial tract,
 * adductors and sartorius.
 *
 * Attachments: Rajagopal et al. 2016, scaled (attachments.ts). The patella is not a body:
 * the patellar tendon is nearly inextensible, so the patella is carried as a point fixed in
 * the tibia, about 5 cm in front of the knee centre. The quadriceps run from a
 * suprapatellar point on the femur over a cylinder around the femoral condyles (the
 * trochlea; radius set so the knee-extensor moment arm is about 4.5-5 cm) to that patella
 * point, then to the tibial tuberosity. The patellar tendon joins the patella point to the
 * tuberosity: a series tendon, its path only routes it.
 */
import type { TissueSpec } from '../../spec/schema.js';
import type { BodyGeometry, Vec3 } from '../body-geometry.js';
import { literature, type LiteratureValue } from '../literature-value.js';
import { makeAttachments, referencePolylineLength } from './attachments.js';
import { HAMSTRING_PASSIVE_STRAIN, HIP_EXTENSOR_PASSIVE_STRAIN, QUADRICEPS_PASSIVE_STRAIN } from './passive-fibre-strain.js';
import {
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
 * Passive calibration (passive-fibre-strain.ts, tested in passive-joint-moments.test.ts):
 * with Rajagopal's standing fibre lengths and Thelen's passive curve on a rigid tendon the
 * hamstrings gave a passive hip moment of about 410 N m at 60 deg of straight-leg raise and
 * the quadriceps about 1800 N m at 90 deg of knee flexion with the hip extended, against
 * 16 and 6 N m in Riener & Edrich 1999 (J Biomech 32:539). The passive fibre strain at F0 of
 * these muscles is therefore their rigid-tendon value (the tendon and aponeurosis take part
 * of a relaxed lengthening), and their standing fibre length is the low end of its range so
 * that the relaxed muscles start to resist later:
 * - hamstrings: ratio -0.1, because the knee-extended passive hip moment of Riener & Edrich
 *   stays small up to about 30 deg of hip flexion;
 * - vasti: ratio -0.1, because resting vastus lateralis sarcomeres are still near optimal
 *   length (2.84 um) at 50 deg of knee flexion (Chen et al. 2016, J Biomech 49:2989);
 *   rectus femoris: ratio -0.1 as the vasti, calibrated on the knee moment in knee flexion
 *   with the hip extended (Riener & Edrich 1999);
 * - adductor magnus: the hip-extensor value of the gluteus maximus (hip-pelvis.ts), its
 *   standing fibre length unchanged.
 * Tensor fasciae latae, adductor longus and sartorius keep Thelen's curve: their passive hip
 * moments stay below the published totals (passive-joint-moments.ts).
 */
const HAMSTRING_ONSET =
  'lowered so the relaxed hamstrings resist later: the knee-extended passive hip moment of Riener & Edrich 1999 (J Biomech 32:539) ' +
  'stays small up to about 30 deg of hip flexion';
const VASTI_ONSET =
  'lowered so the relaxed vasti resist later: resting vastus lateralis sarcomeres are near optimal (2.84 um) at 50 deg of knee ' +
  'flexion (Chen et al. 2016, J Biomech 49:2989)';
const RECTUS_ONSET =
  'lowered as the vasti; calibrated on the passive knee moment in knee flexion with the hip extended (Riener & Edrich 1999, J Biomech 32:539)';

function calibrated(parameters: MuscleParameters, passiveStrainAtF0: LiteratureValue, onsetReason: string): MuscleParameters {
  return withPassiveProperties(parameters, {
    passiveStrainAtF0,
    referenceFiberLengthRatio: shiftedReferenceRatio(parameters, -0.1, onsetReason),
  });
}

export const KNEE_THIGH_MUSCLES: Readonly<Record<string, MuscleParameters>> = Object.freeze({
  biceps_femoris_long: calibrated(rajagopalMuscle('bflh_r', 1313.184, 0.0976, 0.3252, 0.1759, 0.926), HAMSTRING_PASSIVE_STRAIN, HAMSTRING_ONSET),
  semitendinosus: calibrated(rajagopalMuscle('semiten_r', 591.2951, 0.193, 0.2472, 0.2413, 1.091), HAMSTRING_PASSIVE_STRAIN, HAMSTRING_ONSET),
  semimembranosus: calibrated(rajagopalMuscle('semimem_r', 2200.987, 0.069, 0.3476, 0.2546, 0.951), HAMSTRING_PASSIVE_STRAIN, HAMSTRING_ONSET),
  rectus_femoris: calibrated(rajagopalMuscle('recfem_r', 2191.741, 0.0759, 0.4485, 0.217, 0.865), QUADRICEPS_PASSIVE_STRAIN, RECTUS_ONSET),
  vastus_lateralis: calibrated(rajagopalMuscle('vaslat_r', 5148.767, 0.0994, 0.2206, 0.2529, 0.796), QUADRICEPS_PASSIVE_STRAIN, VASTI_ONSET),
  vastus_medialis: calibrated(rajagopalMuscle('vasmed_r', 2747.823, 0.0968, 0.1999, 0.4222, 0.834), QUADRICEPS_PASSIVE_STRAIN, VASTI_ONSET),
  vastus_intermedius: calibrated(rajagopalMuscle('vasint_r', 1697.361, 0.0993, 0.2022, 0.0631, 0.807), QUADRICEPS_PASSIVE_STRAIN, VASTI_ONSET),
  tensor_fasciae_latae: rajagopalMuscle('tfl_r', 411.2066, 0.095, 0.4495, 0.0524, 1.034),
  adductor_longus: rajagopalMuscle('addlong_r', 916.8, 0.1082, 0.1318, 0.1378, 1.042),
  // One line for the four Rajagopal parts: summed force, force-weighted mean architecture.
  adductor_magnus: withPassiveProperties(rajagopalMuscle('addmagDist/Isch/Mid/Prox_r summed', 2389.18, 0.1442, 0.0975, 0.2204, 0.773), {
    passiveStrainAtF0: HIP_EXTENSOR_PASSIVE_STRAIN,
  }),
  sartorius: rajagopalMuscle('sart_r', 249.4131, 0.403, 0.124, 0.0261, 1.145),
});

/**
 * Patellar tendon: in vivo modulus about 1.2 GPa (0.9-2.0) and cross-section about 90 mm^2
 * (70-110) (Hansen et al. 2006, Clin Biomech 21:54).
 */
export const PATELLAR_TENDON_PARAMETERS: PassiveParameters = passiveParameters(
  'Hansen et al. 2006, Clin Biomech 21:54 (in vivo modulus about 1.2 GPa) x cross-section about 90 mm^2',
  [108000, 63000, 220000],
);

/**
 * Iliotibial tract: fascia lata modulus about 400 MPa (Butler et al. 1984, J Biomech 17:579)
 * times a cross-section of about 60 mm^2 (assumption: 1-2 mm thick, 3-4 cm wide).
 */
export const ILIOTIBIAL_TRACT_PARAMETERS: PassiveParameters = passiveParameters(
  'Butler et al. 1984, J Biomech 17:579 (fascia lata modulus about 400 MPa) x cross-section 60 mm^2 (assumption, 30-100 mm^2)',
  [24000, 9000, 40000],
);

/** Knee-extensor wrap radius / Rajagopal femur scale (m at a 0.404 m thigh). */
const KNEE_EXTENSOR_WRAP_RADIUS_M = literature(0.045, 'm', 'assumption: knee-extensor moment arm about 4.5 cm near full extension, as measured in vivo', [0.038, 0.052]);

const PELVIS = {
  ischialTuberosityBiceps: [-0.104, -0.1191, 0.0586] as Vec3,
  ischialTuberositySemitendinosus: [-0.1038, -0.1253, 0.0515] as Vec3,
  ischialTuberositySemimembranosus: [-0.0987, -0.114, 0.0614] as Vec3,
  anteriorInferiorIliacSpine: [-0.024, -0.0388, 0.0933] as Vec3,
  tflOrigin: [-0.0311, 0.0214, 0.1241] as Vec3,
  iliacTubercle: [-0.05, 0.03, 0.125] as Vec3,
  pubicBody: [-0.00758, -0.0889, 0.01888] as Vec3,
  ischialRamus: [-0.07404, -0.12767, 0.03982] as Vec3,
  anteriorSuperiorIliacSpine: [-0.0195, -0.0156, 0.1056] as Vec3,
};
const FEMUR = {
  kneeCenter: [0.0036, -0.4027, 0.0021] as Vec3,
  condyleCenter: [0.005, -0.41, 0] as Vec3,
  condyleRadius: 0.025,
  suprapatellarRectus: [0.0543, -0.3698, 0.0007] as Vec3,
  suprapatellarLateral: [0.0546, -0.3765, 0.0141] as Vec3,
  suprapatellarMedial: [0.0506, -0.3743, -0.017] as Vec3,
  suprapatellarIntermedius: [0.0501, -0.3708, -0.0006] as Vec3,
  vastusLateralisOrigin: [0.0048, -0.1854, 0.0349] as Vec3,
  vastusLateralisMid: [0.0269, -0.2591, 0.0409] as Vec3,
  vastusMedialisOrigin: [0.014, -0.2099, 0.0188] as Vec3,
  vastusMedialisMid: [0.0356, -0.2769, 0.0009] as Vec3,
  vastusIntermediusOrigin: [0.029, -0.1924, 0.031] as Vec3,
  vastusIntermediusMid: [0.0335, -0.2084, 0.0285] as Vec3,
  tflInsertion: [0.0294, -0.0995, 0.0597] as Vec3,
  greaterTrochanterLateral: [-0.005, -0.02, 0.075] as Vec3,
  lateralEpicondyle: [0.0107, -0.405, 0.0324] as Vec3,
  adductorLongusInsertion: [0.01126, -0.23937, 0.01583] as Vec3,
  adductorMagnusInsertion: [0.01125, -0.2625, 0.0193] as Vec3,
  sartoriusMedialKnee: [-0.003, -0.3568, -0.0421] as Vec3,
  // Hamstring bellies behind the mid-thigh (assumption: on the straight standing path, held to the femur by the fascia lata).
  bicepsFemorisBelly: [-0.048, -0.22, 0.02] as Vec3,
  semitendinosusBelly: [-0.045, -0.22, -0.01] as Vec3,
  semimembranosusBelly: [-0.045, -0.22, 0] as Vec3,
};
const TIBIA = {
  bicepsInsertion: [-0.0337, -0.035, 0.0253] as Vec3,
  bicepsFibularHead: [-0.0287, -0.0455, 0.0303] as Vec3,
  semitendinosusPosterior: [-0.0312, -0.0508, -0.0229] as Vec3,
  pesAnserinus: [0.0019, -0.0773, -0.0117] as Vec3,
  semimembranosusInsertion: [-0.029, -0.0417, -0.0196] as Vec3,
  tibialTuberosity: [0.0326, -0.0631, -0.0005] as Vec3,
  /** Patella, carried by the patellar tendon: 5 cm in front of the knee centre (Rajagopal knee centre + (0.05, 0, 0)). */
  patella: [0.0419, -0.0035, 0] as Vec3,
  /** Inferior pole of the patella, where Rajagopal's patella has it in the standing pose. */
  patellaInferiorPole: [0.0412, -0.0154, 0] as Vec3,
  gerdysTubercle: [0.0108, -0.041, 0.0346] as Vec3,
  sartoriusPosteromedial: [-0.0251, -0.0401, -0.0365] as Vec3,
  sartoriusMedial: [-0.0159, -0.0599, -0.0264] as Vec3,
  sartoriusInsertion: [0.0136, -0.081, -0.0026] as Vec3,
};

export function buildKneeThighTissues(geometry: BodyGeometry): TissueSpec[] {
  const at = makeAttachments(geometry);
  const H = geometry.heightM;
  const femurScale = geometry.segmentLengthM.femur_r / 0.40443;
  const muscle = (name: keyof typeof KNEE_THIGH_MUSCLES) => muscleLaw(KNEE_THIGH_MUSCLES[name], H);
  const hipCenterOnPelvis = at.standingLocation('pelvis', [
    geometry.originWorld.femur_r[0] / H,
    geometry.originWorld.femur_r[1] / H,
    geometry.originWorld.femur_r[2] / H,
  ]);
  // Hamstrings pass below the hip joint in deep hip flexion: the ischial tuberosity and femoral head region
  // (segment ischial tuberosity -> posterior thigh, counterclockwise seen from +Z).
  const hamstringHipWrap = (name: string) =>
    at.cylinder(name, 'pelvis', hipCenterOnPelvis, [0, 0, 1], 0.035 * femurScale, 1, [0, 1]);
  // Behind the femoral condyles in knee flexion (as gastrocnemius).
  const hamstringKneeWrap = (name: string, between: [number, number]) =>
    at.cylinder(name, 'femur_r', at.rajagopalLocation('femur_r', FEMUR.condyleCenter), [0, 0, 1], FEMUR.condyleRadius * femurScale, 1, between);
  // In front of the knee: the quadriceps tendon over the trochlea; clockwise seen from +Z.
  const extensorWrap = (name: string, between: [number, number]) =>
    at.cylinder(name, 'femur_r', at.rajagopalLocation('femur_r', FEMUR.kneeCenter), [0, 0, 1], KNEE_EXTENSOR_WRAP_RADIUS_M.value * femurScale, -1, between);

  const patella = at.fromRajagopal('tibia_r', TIBIA.patella, 'patella (carried by the patellar tendon)');
  const tuberosity = at.fromRajagopal('tibia_r', TIBIA.tibialTuberosity, 'tibial tuberosity');
  const tissues: TissueSpec[] = [];
  const add = (
    name: string,
    region: string,
    points: TissueSpec['path']['points'],
    wraps: TissueSpec['path']['wraps'],
    parameters: keyof typeof KNEE_THIGH_MUSCLES,
  ) =>
    tissues.push({
      name: `${name}_r`,
      kind: 'muscle',
      region,
      side: 'r',
      path: { points, wraps },
      law: muscle(parameters),
      seriesOf: [],
      source: KNEE_THIGH_MUSCLES[parameters].source,
    });

  add(
    'biceps_femoris_long',
    'hip',
    [
      at.fromRajagopal('pelvis', PELVIS.ischialTuberosityBiceps, 'ischial tuberosity'),
      at.fromRajagopal('femur_r', FEMUR.bicepsFemorisBelly, 'posterior thigh (long head of biceps femoris)'),
      at.fromRajagopal('tibia_r', TIBIA.bicepsInsertion, 'lateral tibial condyle'),
      at.fromRajagopal('tibia_r', TIBIA.bicepsFibularHead, 'head of the fibula'),
    ],
    [hamstringHipWrap('biceps_femoris_long_hip_r'), hamstringKneeWrap('biceps_femoris_long_condyles_r', [1, 2])],
    'biceps_femoris_long',
  );
  add(
    'semitendinosus',
    'hip',
    [
      at.fromRajagopal('pelvis', PELVIS.ischialTuberositySemitendinosus, 'ischial tuberosity'),
      at.fromRajagopal('femur_r', FEMUR.semitendinosusBelly, 'posteromedial thigh'),
      at.fromRajagopal('tibia_r', TIBIA.semitendinosusPosterior, 'posteromedial tibial condyle'),
      at.fromRajagopal('tibia_r', TIBIA.pesAnserinus, 'pes anserinus, medial tibia'),
    ],
    [hamstringHipWrap('semitendinosus_hip_r'), hamstringKneeWrap('semitendinosus_condyles_r', [1, 2])],
    'semitendinosus',
  );
  add(
    'semimembranosus',
    'hip',
    [
      at.fromRajagopal('pelvis', PELVIS.ischialTuberositySemimembranosus, 'ischial tuberosity'),
      at.fromRajagopal('femur_r', FEMUR.semimembranosusBelly, 'posteromedial thigh'),
      at.fromRajagopal('tibia_r', TIBIA.semimembranosusInsertion, 'posteromedial tibial condyle'),
    ],
    [hamstringHipWrap('semimembranosus_hip_r'), hamstringKneeWrap('semimembranosus_condyles_r', [1, 2])],
    'semimembranosus',
  );
  add(
    'rectus_femoris',
    'knee',
    [
      at.fromRajagopal('pelvis', PELVIS.anteriorInferiorIliacSpine, 'anterior inferior iliac spine'),
      at.fromRajagopal('femur_r', FEMUR.suprapatellarRectus, 'quadriceps tendon above the patella'),
      patella,
      tuberosity,
    ],
    [extensorWrap('rectus_femoris_knee_r', [1, 2])],
    'rectus_femoris',
  );
  add(
    'vastus_lateralis',
    'knee',
    [
      at.fromRajagopal('femur_r', FEMUR.vastusLateralisOrigin, 'greater trochanter and lateral linea aspera'),
      at.fromRajagopal('femur_r', FEMUR.vastusLateralisMid, 'lateral thigh'),
      at.fromRajagopal('femur_r', FEMUR.suprapatellarLateral, 'quadriceps tendon above the patella'),
      patella,
      tuberosity,
    ],
    [extensorWrap('vastus_lateralis_knee_r', [2, 3])],
    'vastus_lateralis',
  );
  add(
    'vastus_medialis',
    'knee',
    [
      at.fromRajagopal('femur_r', FEMUR.vastusMedialisOrigin, 'medial linea aspera'),
      at.fromRajagopal('femur_r', FEMUR.vastusMedialisMid, 'medial thigh'),
      at.fromRajagopal('femur_r', FEMUR.suprapatellarMedial, 'quadriceps tendon above the patella'),
      patella,
      tuberosity,
    ],
    [extensorWrap('vastus_medialis_knee_r', [2, 3])],
    'vastus_medialis',
  );
  add(
    'vastus_intermedius',
    'knee',
    [
      at.fromRajagopal('femur_r', FEMUR.vastusIntermediusOrigin, 'anterior femoral shaft'),
      at.fromRajagopal('femur_r', FEMUR.vastusIntermediusMid, 'anterior femoral shaft'),
      at.fromRajagopal('femur_r', FEMUR.suprapatellarIntermedius, 'quadriceps tendon above the patella'),
      patella,
      tuberosity,
    ],
    [extensorWrap('vastus_intermedius_knee_r', [2, 3])],
    'vastus_intermedius',
  );
  tissues.push({
    name: 'patellar_tendon_r',
    kind: 'tendon',
    region: 'knee',
    side: 'r',
    path: {
      points: [at.fromRajagopal('tibia_r', TIBIA.patellaInferiorPole, 'inferior pole of the patella'), tuberosity],
      wraps: [],
    },
    law: passiveLaw(PATELLAR_TENDON_PARAMETERS),
    seriesOf: ['rectus_femoris_r', 'vastus_lateralis_r', 'vastus_medialis_r', 'vastus_intermedius_r'],
    source: PATELLAR_TENDON_PARAMETERS.source,
    description: 'patellar ligament; carries the sum of the quadriceps tensions (its path routes it only)',
  });
  add(
    'tensor_fasciae_latae',
    'hip',
    [
      at.fromRajagopal('pelvis', PELVIS.tflOrigin, 'anterior iliac crest below the ASIS'),
      at.fromRajagopal('femur_r', FEMUR.tflInsertion, 'junction with the iliotibial tract'),
    ],
    [],
    'tensor_fasciae_latae',
  );
  const iliotibialPoints = [
    at.fromRajagopal('pelvis', PELVIS.iliacTubercle, 'tubercle of the iliac crest'),
    at.fromRajagopal('femur_r', FEMUR.greaterTrochanterLateral, 'over the greater trochanter'),
    at.fromRajagopal('femur_r', FEMUR.lateralEpicondyle, 'lateral femoral epicondyle'),
    at.fromRajagopal('tibia_r', TIBIA.gerdysTubercle, "Gerdy's tubercle"),
  ];
  tissues.push({
    name: 'iliotibial_tract_r',
    kind: 'fascia',
    region: 'knee',
    side: 'r',
    path: { points: iliotibialPoints, wraps: [] },
    law: passiveLaw(ILIOTIBIAL_TRACT_PARAMETERS),
    seriesOf: [],
    source: ILIOTIBIAL_TRACT_PARAMETERS.source,
    description: `iliac crest to Gerdy's tubercle (reference length ${referencePolylineLength(geometry, iliotibialPoints).toFixed(3)} m)`,
  });
  add(
    'adductor_longus',
    'hip',
    [
      at.fromRajagopal('pelvis', PELVIS.pubicBody, 'body of the pubis'),
      at.fromRajagopal('femur_r', FEMUR.adductorLongusInsertion, 'middle third of the linea aspera'),
    ],
    [],
    'adductor_longus',
  );
  add(
    'adductor_magnus',
    'hip',
    [
      at.fromRajagopal('pelvis', PELVIS.ischialRamus, 'ischiopubic ramus'),
      at.fromRajagopal('femur_r', FEMUR.adductorMagnusInsertion, 'linea aspera'),
    ],
    [],
    'adductor_magnus',
  );
  add(
    'sartorius',
    'hip',
    [
      at.fromRajagopal('pelvis', PELVIS.anteriorSuperiorIliacSpine, 'anterior superior iliac spine'),
      at.fromRajagopal('femur_r', FEMUR.sartoriusMedialKnee, 'medial femoral condyle'),
      at.fromRajagopal('tibia_r', TIBIA.sartoriusPosteromedial, 'posteromedial knee'),
      at.fromRajagopal('tibia_r', TIBIA.sartoriusMedial, 'medial tibia'),
      at.fromRajagopal('tibia_r', TIBIA.sartoriusInsertion, 'pes anserinus'),
    ],
    [],
    'sartorius',
  );
  return tissues;
}
