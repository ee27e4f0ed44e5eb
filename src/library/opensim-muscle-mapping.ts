/**
 * How the muscles and coordinates of OpenSim's gait models (gait10dof18musc, gait2392 /
 * gait2354, Rajagopal 2016) correspond to the default body's tissues and coordinates,
 * by anatomical name and role. Used to read an imported model's muscle forces as the
 * default body's tissues (and so as tracks of the myofascial lines), and to drive the
 * default body with a trial recorded on such a model.
 *
 * Muscle names are compared without the side suffix (_r / _l) and must match exactly
 * (OpenSim's own names, e.g. "glut_max1"). An entry maps one or several OpenSim muscles
 * (their forces add) to one or several default-body tissues (the OpenSim muscle stands
 * for all of them together: gait10dof18musc's "hamstrings" lumps biceps femoris long head,
 * semitendinosus and semimembranosus). Tendons of the default body that carry muscles in
 * series are mapped to the sum of those muscles (patellar tendon, Achilles tendon).
 *
 * What cannot be mapped, and why:
 * - OpenSim muscles the default body lacks: biceps femoris short head (bifemsh), gracilis,
 *   pectineus, gluteus minimus, piriformis, the short hip rotators (gemelli, quadratus
 *   femoris), peroneus brevis and tertius, extensor hallucis longus, adductor brevis.
 * - Default-body tissues OpenSim gait models lack: the plantar fascia and the ligaments
 *   and fasciae (sacrotuberous ligament, iliotibial tract, thoracolumbar fascia, epicranial
 *   fascia); in gait10dof18musc also every lumbar, abdominal, arm and neck muscle (its trunk
 *   is one segment driven by a reserve actuator), so L5/S1 compression cannot be derived
 *   from its muscles.
 *
 * The gait analysis's default body splits the iliopsoas (library/tissues/psoas-iliacus.ts):
 * there the tissue iliopsoas is the psoas major and the iliacus is a tissue of its own with
 * no entry below, so an imported model's iliopsoas (or iliacus + psoas) read as the
 * tissue iliopsoas is a lumped reading of the psoas track.
 *
 * Source of the OpenSim names: the model files distributed with OpenSim (Delp et al. 1990,
 * IEEE Trans Biomed Eng 37:757, gait2392; Rajagopal et al. 2016, IEEE Trans Biomed Eng
 * 63:2068; gait10dof18musc from the OpenSim examples). The correspondence itself is
 * anatomical (same muscle, same attachments), not a fitted parameter.
 */

/** One correspondence between OpenSim muscles and default-body tissues (names without side). */
export interface OpenSimMuscleCorrespondence {
  /** OpenSim muscle names, without _r / _l; their forces add. */
  readonly opensim: readonly string[];
  /** Default-body tissue names, without _r / _l, that these muscles stand for together. */
  readonly tissues: readonly string[];
  /** Anatomical role, in words. */
  readonly role: string;
}

export const OPENSIM_MUSCLE_CORRESPONDENCE: readonly OpenSimMuscleCorrespondence[] = Object.freeze([
  // gait10dof18musc (one actuator per muscle group)
  { opensim: ['hamstrings'], tissues: ['biceps_femoris_long', 'semitendinosus', 'semimembranosus'], role: 'biarticular hip extensor / knee flexor (the three hamstrings lumped)' },
  { opensim: ['glut_max'], tissues: ['gluteus_maximus'], role: 'hip extensor' },
  { opensim: ['iliopsoas'], tissues: ['iliopsoas'], role: 'hip flexor' },
  { opensim: ['rect_fem'], tissues: ['rectus_femoris'], role: 'biarticular hip flexor / knee extensor' },
  { opensim: ['vasti'], tissues: ['vastus_lateralis', 'vastus_medialis', 'vastus_intermedius'], role: 'knee extensor (the three vasti lumped)' },
  { opensim: ['gastroc'], tissues: ['gastrocnemius_medial', 'gastrocnemius_lateral'], role: 'biarticular knee flexor / ankle plantarflexor (both heads lumped)' },
  { opensim: ['soleus'], tissues: ['soleus'], role: 'ankle plantarflexor' },
  { opensim: ['tib_ant'], tissues: ['tibialis_anterior'], role: 'ankle dorsiflexor' },
  // gait2392 / gait2354 (several actuators per muscle)
  { opensim: ['bifemlh'], tissues: ['biceps_femoris_long'], role: 'hip extensor / knee flexor' },
  { opensim: ['semiten'], tissues: ['semitendinosus'], role: 'hip extensor / knee flexor' },
  { opensim: ['semimem'], tissues: ['semimembranosus'], role: 'hip extensor / knee flexor' },
  { opensim: ['glut_max1', 'glut_max2', 'glut_max3'], tissues: ['gluteus_maximus'], role: 'hip extensor' },
  { opensim: ['glut_med1', 'glut_med2', 'glut_med3'], tissues: ['gluteus_medius'], role: 'hip abductor' },
  { opensim: ['iliacus', 'psoas'], tissues: ['iliopsoas'], role: 'hip flexor' },
  { opensim: ['vas_lat'], tissues: ['vastus_lateralis'], role: 'knee extensor' },
  { opensim: ['vas_med'], tissues: ['vastus_medialis'], role: 'knee extensor' },
  { opensim: ['vas_int'], tissues: ['vastus_intermedius'], role: 'knee extensor' },
  { opensim: ['med_gas'], tissues: ['gastrocnemius_medial'], role: 'knee flexor / ankle plantarflexor' },
  { opensim: ['lat_gas'], tissues: ['gastrocnemius_lateral'], role: 'knee flexor / ankle plantarflexor' },
  { opensim: ['tib_post'], tissues: ['tibialis_posterior'], role: 'ankle plantarflexor / invertor, arch support' },
  { opensim: ['flex_dig'], tissues: ['flexor_digitorum_brevis'], role: 'toe flexor (long flexor in OpenSim; nearest default-body toe flexor)' },
  { opensim: ['flex_hal'], tissues: ['flexor_hallucis_longus'], role: 'hallux flexor' },
  { opensim: ['per_long'], tissues: ['peroneus_longus'], role: 'evertor / first-ray plantarflexor' },
  { opensim: ['ext_dig'], tissues: ['extensor_digitorum_longus'], role: 'toe extensor / dorsiflexor' },
  { opensim: ['sar'], tissues: ['sartorius'], role: 'hip flexor / knee flexor' },
  { opensim: ['tfl'], tissues: ['tensor_fasciae_latae'], role: 'hip flexor / abductor' },
  { opensim: ['add_long'], tissues: ['adductor_longus'], role: 'hip adductor' },
  { opensim: ['add_mag1', 'add_mag2', 'add_mag3'], tissues: ['adductor_magnus'], role: 'hip adductor / extensor' },
  { opensim: ['ercspn'], tissues: ['erector_spinae_lumbar'], role: 'trunk extensor' },
  { opensim: ['intobl'], tissues: ['internal_oblique'], role: 'trunk flexor / rotator' },
  { opensim: ['extobl'], tissues: ['external_oblique'], role: 'trunk flexor / rotator' },
  // Rajagopal 2016
  { opensim: ['bflh'], tissues: ['biceps_femoris_long'], role: 'hip extensor / knee flexor' },
  { opensim: ['glmax1', 'glmax2', 'glmax3'], tissues: ['gluteus_maximus'], role: 'hip extensor' },
  { opensim: ['glmed1', 'glmed2', 'glmed3'], tissues: ['gluteus_medius'], role: 'hip abductor' },
  { opensim: ['recfem'], tissues: ['rectus_femoris'], role: 'hip flexor / knee extensor' },
  { opensim: ['vaslat'], tissues: ['vastus_lateralis'], role: 'knee extensor' },
  { opensim: ['vasmed'], tissues: ['vastus_medialis'], role: 'knee extensor' },
  { opensim: ['vasint'], tissues: ['vastus_intermedius'], role: 'knee extensor' },
  { opensim: ['gasmed'], tissues: ['gastrocnemius_medial'], role: 'knee flexor / ankle plantarflexor' },
  { opensim: ['gaslat'], tissues: ['gastrocnemius_lateral'], role: 'knee flexor / ankle plantarflexor' },
  { opensim: ['tibant'], tissues: ['tibialis_anterior'], role: 'ankle dorsiflexor' },
  { opensim: ['tibpost'], tissues: ['tibialis_posterior'], role: 'ankle plantarflexor / invertor' },
  { opensim: ['perlong'], tissues: ['peroneus_longus'], role: 'evertor' },
  { opensim: ['edl'], tissues: ['extensor_digitorum_longus'], role: 'toe extensor / dorsiflexor' },
  { opensim: ['fhl'], tissues: ['flexor_hallucis_longus'], role: 'hallux flexor' },
  { opensim: ['sart'], tissues: ['sartorius'], role: 'hip flexor / knee flexor' },
  { opensim: ['addlong'], tissues: ['adductor_longus'], role: 'hip adductor' },
  { opensim: ['addmagDist', 'addmagIsch', 'addmagMid', 'addmagProx'], tissues: ['adductor_magnus'], role: 'hip adductor / extensor' },
]);

/**
 * Default-body tendons that carry muscles in series: their force is the sum of those
 * muscles' forces (as the default body's seriesOf says).
 */
export const DEFAULT_BODY_SERIES_TENDONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  achilles_tendon: ['gastrocnemius_medial', 'gastrocnemius_lateral', 'soleus'],
  patellar_tendon: ['rectus_femoris', 'vastus_lateralis', 'vastus_medialis', 'vastus_intermedius'],
});

/** OpenSim muscles known to have no counterpart in the default body (names without side), and why. */
export const OPENSIM_MUSCLES_WITHOUT_COUNTERPART: Readonly<Record<string, string>> = Object.freeze({
  bifemsh: 'biceps femoris short head: the default body has the long head only',
  bfsh: 'biceps femoris short head: the default body has the long head only',
  grac: 'gracilis: not in the default body',
  pect: 'pectineus: not in the default body',
  add_brev: 'adductor brevis: not in the default body',
  addbrev: 'adductor brevis: not in the default body',
  glut_min1: 'gluteus minimus: not in the default body',
  glut_min2: 'gluteus minimus: not in the default body',
  glut_min3: 'gluteus minimus: not in the default body',
  glmin1: 'gluteus minimus: not in the default body',
  glmin2: 'gluteus minimus: not in the default body',
  glmin3: 'gluteus minimus: not in the default body',
  peri: 'piriformis: not in the default body',
  piri: 'piriformis: not in the default body',
  gem: 'gemelli: not in the default body',
  quad_fem: 'quadratus femoris: not in the default body',
  per_brev: 'peroneus brevis: not in the default body',
  perbrev: 'peroneus brevis: not in the default body',
  per_tert: 'peroneus tertius: not in the default body',
  ext_hal: 'extensor hallucis longus: not in the default body',
  ehl: 'extensor hallucis longus: not in the default body',
  fdl: 'flexor digitorum longus: the default body has the short toe flexor only',
});

/**
 * Coordinates of OpenSim gait models that the default body has under the same name and
 * sign convention (library/default-body.ts follows gait2392 / Rajagopal 2016). A trial's
 * coordinate of one of these names drives the default body's coordinate directly.
 * One caveat, reported with the result: a model whose trunk is one segment on one
 * "back" joint (gait10dof18musc, gait2392: lumbar_extension between pelvis and torso)
 * drives the default body's lumbosacral joint with the whole trunk angle, while the
 * default body's thoracolumbar joint stays at its reference angle.
 */
export const SHARED_GAIT_COORDINATES: readonly string[] = Object.freeze([
  'pelvis_tilt',
  'pelvis_list',
  'pelvis_rotation',
  'pelvis_tx',
  'pelvis_ty',
  'pelvis_tz',
  ...['r', 'l'].flatMap((s) => [
    `hip_flexion_${s}`,
    `hip_adduction_${s}`,
    `hip_rotation_${s}`,
    `knee_angle_${s}`,
    `ankle_angle_${s}`,
    `subtalar_angle_${s}`,
    `mtp_angle_${s}`,
    `arm_flex_${s}`,
    `arm_add_${s}`,
    `arm_rot_${s}`,
    `elbow_flex_${s}`,
  ]),
  'lumbar_extension',
  'lumbar_bending',
  'lumbar_rotation',
]);

/** Splits "name_r" into ["name", "r"]; names without a side give [name, null]. */
export function splitSide(name: string): [string, 'r' | 'l' | null] {
  const match = /^(.*)_([rl])$/.exec(name);
  return match === null ? [name, null] : [match[1], match[2] as 'r' | 'l'];
}

/** The correspondence of an OpenSim muscle (with or without side suffix), or undefined. */
export function correspondenceOfOpenSimMuscle(name: string): OpenSimMuscleCorrespondence | undefined {
  const [base] = splitSide(name);
  return OPENSIM_MUSCLE_CORRESPONDENCE.find((entry) => entry.opensim.includes(base));
}
