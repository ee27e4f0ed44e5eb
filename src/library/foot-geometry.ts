/**
 * The multi-segment foot: rearfoot (talus, calcaneus), midfoot-forefoot (navicular,
 * cuboid, cuneiforms, metatarsals) and toes, with the landmarks its joints and tissues
 * attach to.
 *
 * Foot coordinates: origin on the floor directly below the most posterior point of the
 * heel; x forward along the foot's long axis, y up, z lateral (for the right foot; the left
 * foot mirrors z). Every coordinate is a fraction of foot length (heel to the tip of the
 * longest toe), so the foot scales with the subject.
 *
 * Sources and assumptions:
 * - Metatarsal heads: the first metatarsophalangeal joint at 72.5% and the fifth at 63.5%
 *   of foot length from the heel (assumption: the "ball" proportions used for shoe lasts;
 *   cf. Hawes & Sovak 1994, Ergonomics 37:1213, for adult foot morphology). The line
 *   through the two heads is the oblique
 *   metatarsal break (Bojsen-Moller 1979, J Anat 129:165) about which the toes dorsiflex;
 *   its angle to the mediolateral axis follows from the two heads (about 21 deg here,
 *   gait2392's MTP axis (Delp 1990) is 35.5 deg).
 * - Ankle and subtalar joint centres: the talus-to-calcaneus offset of OpenSim's gait2392
 *   and Rajagopal 2016 feet (Delp 1990, after Inman 1976), divided by that model's foot
 *   length (about 0.25 m), with the ankle height of Winter 2009 (0.039 H).
 * - Heights of the arch: navicular tuberosity about 4 cm above the floor in a 26 cm foot
 *   (assumption within the 3-5 cm usually measured in standing adults); midtarsal
 *   (Chopart) joint centre midway between the talonavicular and calcaneocuboid joints.
 * - Plantar soft tissue: heel pad and forefoot pad about 1.5-2 cm thick (assumption; the
 *   calcaneal tuberosity and the metatarsal heads sit that far above the floor).
 */
import { literature, type LiteratureValue } from './literature-value.js';

export type FootVector = readonly [number, number, number];

const ASSUMPTION = 'assumption (see foot-geometry.ts header)';

/** Ankle joint centre height / foot length = Winter's 0.039 H / 0.152 H. */
const ANKLE_HEIGHT_OVER_FOOT_LENGTH = 0.039 / 0.152;

/** Positions along the foot (fractions of foot length) that set the segment boundaries. */
export const FOOT_PROPORTIONS = Object.freeze({
  /** Ankle joint centre (talar dome) distance from the heel / foot length. */
  ankleFromHeel: literature(0.23, 'fraction of foot length', 'gait2392/Rajagopal 2016 foot (Delp 1990): ankle about 5.9 cm ahead of the heel in a 0.25 m foot', [0.19, 0.26]),
  /** First metatarsal head (1st MTP joint centre) from the heel. */
  firstMetatarsalHeadFromHeel: literature(0.725, 'fraction of foot length', 'assumption: shoe-last ball proportions (1st MTP at 72.5% of foot length); cf. Hawes & Sovak 1994, Ergonomics 37:1213', [0.7, 0.75]),
  /** Fifth metatarsal head from the heel. */
  fifthMetatarsalHeadFromHeel: literature(0.635, 'fraction of foot length', 'assumption: shoe-last ball proportions (5th MTP at 63.5% of foot length); cf. Hawes & Sovak 1994', [0.6, 0.67]),
  /** Mediolateral position of the 1st metatarsal head centre (medial is negative). */
  firstMetatarsalHeadLateral: literature(-0.1, 'fraction of foot length', ASSUMPTION, [-0.12, -0.08]),
  /** Mediolateral position of the 5th metatarsal head centre. */
  fifthMetatarsalHeadLateral: literature(0.13, 'fraction of foot length', ASSUMPTION, [0.11, 0.15]),
  /** Height of the metatarsal head centres above the floor (head radius plus forefoot pad). */
  metatarsalHeadHeight: literature(0.075, 'fraction of foot length', ASSUMPTION, [0.06, 0.09]),
  /** Midtarsal (Chopart) joint centre from the heel. */
  midtarsalFromHeel: literature(0.37, 'fraction of foot length', ASSUMPTION + ': Chopart joint line at 35-40% of foot length', [0.34, 0.41]),
  /** Midtarsal joint centre height. */
  midtarsalHeight: literature(0.15, 'fraction of foot length', ASSUMPTION, [0.12, 0.18]),
  /** Navicular tuberosity height (arch height). */
  navicularHeight: literature(0.16, 'fraction of foot length', ASSUMPTION + ': about 4 cm in a 26 cm foot', [0.12, 0.2]),
  /** Radius of the windlass: metatarsal head plus the plantar plate the fascia runs over. */
  windlassRadius: literature(0.05, 'fraction of foot length', ASSUMPTION + ': 1st metatarsal head radius about 1 cm plus sesamoids/plantar plate', [0.035, 0.065]),
});

/**
 * Share of the de Leva foot mass carried by each foot body. Talus and toes take the
 * shares of OpenSim's gait2392 foot (talus 0.1 kg, toes 0.2166 kg of 1.5666 kg; Delp 1990);
 * the rest (gait2392's calcn) is split equally between the rearfoot and the
 * midfoot-forefoot (assumption: similar volumes; range 40-60%).
 */
const TALUS_SHARE = 0.1 / 1.5666;
const TOES_SHARE = 0.2166 / 1.5666;
const REST_SHARE = 1 - TALUS_SHARE - TOES_SHARE;
export const FOOT_MASS_SHARES = Object.freeze({
  talus: literature(TALUS_SHARE, 'fraction of foot mass', 'gait2392 (Delp 1990): talus 0.1 of 1.5666 kg', [0.04, 0.08]),
  calcn: literature(REST_SHARE / 2, 'fraction of foot mass', 'gait2392 calcn share (Delp 1990) split equally rearfoot / midfoot-forefoot (assumption)', [REST_SHARE * 0.4, REST_SHARE * 0.6]),
  forefoot: literature(REST_SHARE / 2, 'fraction of foot mass', 'gait2392 calcn share (Delp 1990) split equally rearfoot / midfoot-forefoot (assumption)', [REST_SHARE * 0.4, REST_SHARE * 0.6]),
  toes: literature(TOES_SHARE, 'fraction of foot mass', 'gait2392 (Delp 1990): toes 0.2166 of 1.5666 kg', [0.1, 0.17]),
});

/** The talus-to-subtalar-point offset of gait2392 (m) and that model's foot length (m). */
const GAIT2392_SUBTALAR_OFFSET: FootVector = [-0.04877, -0.04195, 0.00792];
const GAIT2392_FOOT_LENGTH_M = 0.25;

export interface FootLandmarks {
  /** Joint centres (= origins of talus, calcn, forefoot, toes). */
  readonly ankle: FootVector;
  readonly subtalar: FootVector;
  readonly midtarsal: FootVector;
  readonly metatarsophalangeal: FootVector;
  /** Unit direction of the oblique MTP axis (right foot), pointing laterally. */
  readonly metatarsophalangealAxis: FootVector;
  readonly heelPosterior: FootVector;
  /** Plantar heel point resting on the floor. */
  readonly heelContact: FootVector;
  readonly firstMetatarsalHead: FootVector;
  readonly fifthMetatarsalHead: FootVector;
  /** Plantar skin under the 1st and 5th metatarsal heads, resting on the floor. */
  readonly firstMetatarsalHeadContact: FootVector;
  readonly fifthMetatarsalHeadContact: FootVector;
  readonly toeTip: FootVector;
  /** Pulp of the toes, resting on the floor. */
  readonly toePulpContact: FootVector;
  readonly medialCalcanealTubercle: FootVector;
  readonly calcanealTuberosityPosterior: FootVector;
  readonly sustentaculumTali: FootVector;
  readonly peronealTrochlea: FootVector;
  readonly navicularTuberosity: FootVector;
  readonly cuboidGroove: FootVector;
  readonly medialCuneiform: FootVector;
  readonly firstMetatarsalBasePlantar: FootVector;
  readonly halluxDistalPhalanx: FootVector;
  readonly lesserToesDistalPhalanges: FootVector;
  readonly dorsalMidfoot: FootVector;
}

function value(entry: LiteratureValue): number {
  return entry.value;
}

/** Landmarks of the right foot in foot coordinates (fractions of foot length). */
export function footLandmarks(): FootLandmarks {
  const ankleX = value(FOOT_PROPORTIONS.ankleFromHeel);
  const ankle: FootVector = [ankleX, ANKLE_HEIGHT_OVER_FOOT_LENGTH, 0];
  const subtalar: FootVector = [
    ankle[0] + GAIT2392_SUBTALAR_OFFSET[0] / GAIT2392_FOOT_LENGTH_M,
    ankle[1] + GAIT2392_SUBTALAR_OFFSET[1] / GAIT2392_FOOT_LENGTH_M,
    ankle[2] + GAIT2392_SUBTALAR_OFFSET[2] / GAIT2392_FOOT_LENGTH_M,
  ];
  const headHeight = value(FOOT_PROPORTIONS.metatarsalHeadHeight);
  const first: FootVector = [
    value(FOOT_PROPORTIONS.firstMetatarsalHeadFromHeel),
    headHeight,
    value(FOOT_PROPORTIONS.firstMetatarsalHeadLateral),
  ];
  const fifth: FootVector = [
    value(FOOT_PROPORTIONS.fifthMetatarsalHeadFromHeel),
    headHeight,
    value(FOOT_PROPORTIONS.fifthMetatarsalHeadLateral),
  ];
  const axisX = fifth[0] - first[0];
  const axisZ = fifth[2] - first[2];
  const axisLength = Math.hypot(axisX, axisZ);
  const mtp: FootVector = [(first[0] + fifth[0]) / 2, headHeight, (first[2] + fifth[2]) / 2];
  return {
    ankle,
    subtalar,
    midtarsal: [value(FOOT_PROPORTIONS.midtarsalFromHeel), value(FOOT_PROPORTIONS.midtarsalHeight), 0],
    metatarsophalangeal: mtp,
    metatarsophalangealAxis: [axisX / axisLength, 0, axisZ / axisLength],
    heelPosterior: [0, 0.09, 0],
    heelContact: [0.08, 0, 0.01],
    firstMetatarsalHead: first,
    fifthMetatarsalHead: fifth,
    firstMetatarsalHeadContact: [first[0], 0, first[2]],
    fifthMetatarsalHeadContact: [fifth[0], 0, fifth[2]],
    toeTip: [1, 0.035, -0.08],
    toePulpContact: [0.93, 0, -0.06],
    medialCalcanealTubercle: [0.1, 0.07, -0.03],
    calcanealTuberosityPosterior: [0.03, 0.13, 0],
    sustentaculumTali: [0.24, 0.14, -0.09],
    peronealTrochlea: [0.24, 0.1, 0.12],
    navicularTuberosity: [0.4, value(FOOT_PROPORTIONS.navicularHeight), -0.13],
    cuboidGroove: [0.42, 0.06, 0.1],
    medialCuneiform: [0.5, 0.13, -0.12],
    firstMetatarsalBasePlantar: [0.52, 0.07, -0.09],
    halluxDistalPhalanx: [0.94, 0.03, -0.1],
    lesserToesDistalPhalanges: [0.9, 0.03, 0.0],
    dorsalMidfoot: [0.5, 0.22, -0.02],
  };
}

/** Centres of mass of the foot bodies in foot coordinates (the forefoot's x is set so the whole foot matches de Leva). */
export const FOOT_BODY_COM = Object.freeze({
  talus: [0.24, 0.2, 0] as FootVector,
  calcn: [0.2, 0.12, 0.01] as FootVector,
  forefoot: [0.55, 0.09, 0] as FootVector,
  toes: [0.85, 0.03, -0.03] as FootVector,
});

/** Box dimensions [x, y, z] (fractions of foot length) used for the foot bodies' inertia (assumption). */
export const FOOT_BODY_BOX = Object.freeze({
  talus: [0.2, 0.15, 0.15] as FootVector,
  calcn: [0.4, 0.2, 0.25] as FootVector,
  forefoot: [0.35, 0.15, 0.35] as FootVector,
  toes: [0.28, 0.08, 0.35] as FootVector,
});

/**
 * A point near the metatarsal heads at mediolateral position `lateral`: `forward` ahead of
 * (negative: behind) the oblique MTP axis at that position, `height` above the floor (all
 * fractions of foot length). Tissues that wrap the heads (the windlass) pass through such
 * points just behind and just in front of the heads, so that their wrap stays well under
 * half a turn over the whole range of toe dorsiflexion.
 */
export function besideMetatarsalHeads(landmarks: FootLandmarks, lateral: number, forward: number, height: number): FootVector {
  const center = landmarks.metatarsophalangeal;
  const axis = landmarks.metatarsophalangealAxis;
  const axisX = center[0] + (axis[0] / axis[2]) * (lateral - center[2]);
  return [axisX + forward, height, lateral];
}
