/**
 * The plantar side of the default foot: the soft tissue between the bones and the floor
 * (heel pad, forefoot pad), the shape of the unloaded sole, and the published plantar
 * loading of barefoot standing that the contact model is checked against.
 *
 * Plantar soft tissue law. Each point of the sole is a column of soft tissue of unloaded
 * thickness h compressed by a strain e; its pressure follows a stiffening ("locking")
 * law p = E0 e / (1 - e / e_max): E0 is the modulus at small strain and e_max the strain
 * the tissue cannot pass (the fat-pad chambers are emptied). Two in vivo heel-pad data
 * points fix E0 and e_max (assumption: the law is fitted, not measured): a strain of about
 * 0.3 at the 100-150 kPa of standing and about 0.4 at the 300-400 kPa of walking
 * (heel-pad strains in walking of about 0.35-0.45: Gefen, Megido-Ravid & Itzchak 2001,
 * J Biomech 34:1661; Wearing et al. 2009, Clin Biomech 24:397). That gives E0 = 200 kPa
 * and e_max = 0.5. The same law is used for the forefoot and toe pads with their own
 * thickness (assumption; the submetatarsal pad is of similar fibro-adipose structure).
 *
 * Shape of the sole (foot-outline.ts explains each term). The footprint outline, the
 * heel bowl and the arch are assumptions for an adult foot of normal arch, in fractions
 * of foot length: a ball width of about 35% and a heel width of about 24% of foot length
 * (typical adult proportions, cf. Hawes & Sovak 1994, Ergonomics 37:1213), a medial arch
 * whose footprint leaves the lateral ~45% of the midfoot width on the floor (a normal
 * arch index of about 0.21-0.26, Cavanagh & Rodgers 1987, J Biomech 20:547).
 */
import type { PlantarShape } from '../core/contact/foot-outline.js';
import { footLandmarks, FOOT_PROPORTIONS } from './foot-geometry.js';
import { literature, type LiteratureValue } from './literature-value.js';

/** Plantar soft tissue: pad thicknesses (m, unloaded) and the compressive law. */
export const PLANTAR_SOFT_TISSUE = Object.freeze({
  heelPadThicknessM: literature(
    0.018,
    'm',
    'unloaded heel pad thickness about 16-20 mm in adults (Prichasuk 1994, J Bone Joint Surg Br 76:140; ' +
      'Cavanagh 1999, J Biomech 32:623; Wearing et al. 2009, Clin Biomech 24:397)',
    [0.014, 0.022],
  ),
  forefootPadThicknessM: literature(
    0.011,
    'm',
    'unloaded soft tissue under the metatarsal heads about 9-14 mm (Cavanagh 1999, J Biomech 32:623, ' +
      'plantar soft tissue thickness during ground contact in walking)',
    [0.008, 0.015],
  ),
  midfootPadThicknessM: literature(
    0.01,
    'm',
    'assumption: soft tissue under the lateral midfoot (cuboid, 5th metatarsal base) slightly thinner than under the heads',
    [0.007, 0.014],
  ),
  toePadThicknessM: literature(
    0.008,
    'm',
    'assumption: pulp of the toes about 6-10 mm thick',
    [0.006, 0.011],
  ),
  initialModulusPa: literature(
    200e3,
    'Pa',
    'assumption fitted so the locking law passes through in vivo heel-pad strains of ~0.3 in standing and ~0.4 at ' +
      'the 300-400 kPa of walking (Gefen, Megido-Ravid & Itzchak 2001, J Biomech 34:1661; Wearing et al. 2009, ' +
      'Clin Biomech 24:397); in vivo small-strain moduli of the heel pad are of order 100-300 kPa',
    [100e3, 400e3],
  ),
  limitStrain: literature(
    0.5,
    'unitless',
    'assumption fitted with initialModulusPa (see above); isolated heel pads stiffen steeply past ~50% compression ' +
      '(Aerts, Ker, De Clercq, Ilsley & Alexander 1995, J Biomech 28:1299)',
    [0.45, 0.65],
  ),
});

/**
 * Load spreading through the plantar pad. A bed of independent columns (Winkler) lets
 * each column carry only its own compression; with the stiffening law near its limit
 * strain (tangent modulus ~14 MPa at the walking heel strain of ~0.44, against 0.2 MPa
 * unloaded) a rise of the skin of a quarter of a millimetre changes a column's pressure by
 * a quarter, so the pressure map copies the sub-millimetre shape of the sole and peaks at a
 * few columns (heel peaks of ~4-5 times the heel's mean pressure, against the ~2 of
 * platforms). The real pads are not independent columns: the fat sits in fibrous chambers
 * tied to the skin and the bone (Jahss, Michelson, Desai, Kaye, Kummer, Buschman, Watkins &
 * Reich 1992, Foot Ankle 13:233), the tissue is nearly incompressible and the skin is in
 * tension, so a load pressed in by the bone spreads over the floor under it. The contact
 * model spreads each column's force over the skin in contact around it with the weights
 * of Boussinesq's solution for the vertical stress at depth t under a point load,
 * (1 + r^2/t^2)^(-5/2) (Boussinesq 1885; e.g. Johnson 1985, Contact Mechanics, ch. 3),
 * t the pad's thickness at the strain of walking (depthFraction of its unloaded thickness;
 * assumption: the pad treated as an elastic layer of that depth; the floor's confinement,
 * which narrows the spread, is ignored). The kernel is cut at `reach` depths (weight below
 * 2% there). Spreading moves load between columns and keeps each column's total, so the
 * total force is the bed's; only the pressure map and the centre of pressure change.
 */
export const PLANTAR_LOAD_SPREADING = Object.freeze({
  reach: literature(
    2,
    'pad thicknesses',
    'assumption: the Boussinesq weight (1 + r^2/t^2)^(-5/2) is below 2% at r = 2t; the spread is cut there',
    [1.5, 3],
  ),
  depthFraction: literature(
    0.6,
    'fraction of the unloaded pad thickness',
    'the layer the load spreads through: the pad at the compressive strain of walking, about 0.4 (heel-pad strains of ' +
      '0.35-0.45 in walking: Gefen, Megido-Ravid & Itzchak 2001, J Biomech 34:1661; Wearing et al. 2009, Clin Biomech 24:397)',
    [0.5, 1],
  ),
  contactRampM: literature(
    0.0005,
    'm',
    'assumption: skin takes spread load once it is pressed 0.5 mm into the support (a smooth ramp keeps the contact ' +
      'forces continuous in the placement)',
    [0.0002, 0.001],
  ),
});

/** Pad thicknesses (m) by zone, and the law, as the contact model takes them. */
export interface PlantarTissueParameters {
  readonly heelPadThicknessM: number;
  readonly midfootPadThicknessM: number;
  readonly forefootPadThicknessM: number;
  readonly toePadThicknessM: number;
  readonly initialModulusPa: number;
  readonly limitStrain: number;
}

/** The nominal plantar tissue of the default foot. */
export function defaultPlantarTissue(): PlantarTissueParameters {
  return {
    heelPadThicknessM: PLANTAR_SOFT_TISSUE.heelPadThicknessM.value,
    midfootPadThicknessM: PLANTAR_SOFT_TISSUE.midfootPadThicknessM.value,
    forefootPadThicknessM: PLANTAR_SOFT_TISSUE.forefootPadThicknessM.value,
    toePadThicknessM: PLANTAR_SOFT_TISSUE.toePadThicknessM.value,
    initialModulusPa: PLANTAR_SOFT_TISSUE.initialModulusPa.value,
    limitStrain: PLANTAR_SOFT_TISSUE.limitStrain.value,
  };
}

const OUTLINE_SOURCE =
  'assumption: adult footprint with a ball width of ~35% and a heel width of ~24% of foot length ' +
  '(cf. Hawes & Sovak 1994, Ergonomics 37:1213)';

/**
 * Footprint outline of the right foot (fractions of foot length): stations along the foot
 * and the medial (negative) and lateral edges. The widest part is at the metatarsal heads
 * (x 0.63-0.73); the toe tip (x = 1) is the second toe / hallux at z = -0.08.
 */
export const PLANTAR_OUTLINE = Object.freeze({
  x: Object.freeze([0, 0.02, 0.06, 0.12, 0.2, 0.3, 0.4, 0.5, 0.6, 0.66, 0.72, 0.78, 0.84, 0.9, 0.95, 0.98, 1]),
  medialZ: Object.freeze([0.01, -0.055, -0.095, -0.11, -0.11, -0.105, -0.115, -0.13, -0.15, -0.16, -0.165, -0.165, -0.16, -0.15, -0.135, -0.115, -0.09]),
  lateralZ: Object.freeze([0.01, 0.075, 0.115, 0.13, 0.135, 0.14, 0.15, 0.165, 0.18, 0.185, 0.17, 0.14, 0.1, 0.05, -0.01, -0.05, -0.07]),
  source: OUTLINE_SOURCE,
});

/** The proportions of the unloaded sole (fractions of foot length). */
export const PLANTAR_SHAPE_PROPORTIONS: Readonly<Record<string, LiteratureValue>> = Object.freeze({
  heelPosteriorRadius: literature(
    0.12,
    'fraction of foot length',
    'assumption: the back of the heel is rounded with a sagittal radius of about 3 cm',
    [0.09, 0.15],
  ),
  heelRimRise: literature(
    0.035,
    'fraction of foot length',
    'assumption: unloaded heel skin about 9 mm higher at the medial and lateral edges of the heel than under its centre ' +
      '(the heel is a rounded bowl: it loads its centre first and spreads as the pad compresses)',
    [0.02, 0.05],
  ),
  forefootRimRise: literature(
    0.015,
    'fraction of foot length',
    'assumption: rounded edges of the forefoot, about 4 mm',
    [0.008, 0.025],
  ),
  heelBlendStartX: literature(0.22, 'fraction of foot length', 'assumption: the heel bowl ends ahead of the calcaneal tuberosity', [0.18, 0.26]),
  heelBlendEndX: literature(0.34, 'fraction of foot length', 'assumption: the heel bowl has blended into the forefoot rounding', [0.3, 0.4]),
  archHeight: literature(
    0.07,
    'fraction of foot length',
    'assumption: plantar skin at the medial border under the arch apex about 18 mm above the floor in standing ' +
      '(navicular tuberosity about 4 cm high, foot-geometry.ts)',
    [0.04, 0.1],
  ),
  midfootLift: literature(
    0.012,
    'fraction of foot length',
    'assumption: the skin under the lateral midfoot (cuboid) about 3 mm above the line from heel to metatarsal heads ' +
      'when unloaded, so that the midfoot carries little of the load in standing (7.8%, Cavanagh, Rodgers & Iiboshi 1987)',
    [0.005, 0.02],
  ),
  archStartX: literature(0.18, 'fraction of foot length', 'assumption: the medial arch rises ahead of the heel pad', [0.15, 0.22]),
  archPeakX: literature(0.42, 'fraction of foot length', 'assumption: arch apex near the navicular (foot-geometry.ts: 0.40)', [0.38, 0.46]),
  archEndX: literature(0.66, 'fraction of foot length', 'assumption: the arch meets the floor behind the first metatarsal head', [0.6, 0.7]),
  archLateralContactFraction: literature(
    0.45,
    'fraction of local width',
    'assumption: a normal arch leaves the lateral ~45% of the midfoot width on the floor (arch index about 0.21-0.26, ' +
      'Cavanagh & Rodgers 1987, J Biomech 20:547)',
    [0.3, 0.6],
  ),
  toeSulcusRise: literature(0.02, 'fraction of foot length', 'assumption: skin under the proximal phalanges about 5 mm above the floor', [0.01, 0.03]),
  toeSulcusHalfWidth: literature(
    0.035,
    'fraction of foot length',
    'assumption: the raised skin under the proximal phalanges spans about 2 cm ahead of the toe crease',
    [0.025, 0.045],
  ),
  toeTipStartX: literature(0.95, 'fraction of foot length', 'assumption: the toe tips curl up from the pulps', [0.93, 0.97]),
  toeTipRise: literature(0.025, 'fraction of foot length', 'assumption (foot-geometry.ts: toe tip 0.035 above the floor)', [0.015, 0.035]),
  toeCreaseOffset: literature(
    0.06,
    'fraction of foot length',
    'assumption: the digital crease lies about 1.5 cm ahead of the metatarsal head centres',
    [0.04, 0.08],
  ),
});

/** The default foot's plantar shape (right foot, fractions of foot length). */
export function defaultPlantarShape(): PlantarShape {
  const landmarks = footLandmarks();
  const p = PLANTAR_SHAPE_PROPORTIONS;
  return {
    outlineX: PLANTAR_OUTLINE.x,
    outlineMedialZ: PLANTAR_OUTLINE.medialZ,
    outlineLateralZ: PLANTAR_OUTLINE.lateralZ,
    heelCenterX: landmarks.heelContact[0],
    heelPosteriorRadius: p.heelPosteriorRadius.value,
    heelRimRise: p.heelRimRise.value,
    forefootRimRise: p.forefootRimRise.value,
    heelBlendStartX: p.heelBlendStartX.value,
    heelBlendEndX: p.heelBlendEndX.value,
    archHeight: p.archHeight.value,
    midfootLift: p.midfootLift.value,
    archStartX: p.archStartX.value,
    archPeakX: p.archPeakX.value,
    archEndX: p.archEndX.value,
    archLateralContactFraction: p.archLateralContactFraction.value,
    toeSulcusRise: p.toeSulcusRise.value,
    toeSulcusHalfWidth: p.toeSulcusHalfWidth.value,
    toeTipStartX: p.toeTipStartX.value,
    toeTipRise: p.toeTipRise.value,
    midtarsalX: FOOT_PROPORTIONS.midtarsalFromHeel.value,
    firstMetatarsalHead: [landmarks.firstMetatarsalHead[0], landmarks.firstMetatarsalHead[2]],
    fifthMetatarsalHead: [landmarks.fifthMetatarsalHead[0], landmarks.fifthMetatarsalHead[2]],
    toeCreaseOffset: p.toeCreaseOffset.value,
  };
}

/**
 * Quiet standing: where the centre of pressure of one foot lies, as a fraction of foot
 * length from the back of the heel.
 */
export const QUIET_STANDING_CENTER_OF_PRESSURE = literature(
  0.38,
  'fraction of foot length from the heel',
  'assumption: in quiet standing the centre of pressure lies a few centimetres ahead of the ankle (ankle at 23% of ' +
    'foot length, foot-geometry.ts); 38% puts it ~4 cm ahead and leaves the heel carrying about half to two thirds of ' +
    "the foot's load, as measured barefoot (Cavanagh, Rodgers & Iiboshi 1987, Foot Ankle 7:262)",
  [0.3, 0.45],
);

/**
 * Barefoot standing, symptom-free feet (Cavanagh, Rodgers & Iiboshi 1987, "Pressure
 * distribution under symptom-free feet during barefoot standing", Foot Ankle 7:262-276;
 * 107 subjects): mean peak pressures and the share of each foot's load per region. The
 * ranges are the validation bands the contact model must fall in (wider than the
 * published standard deviations: they cover the spread between subjects and platforms).
 */
export const BAREFOOT_STANDING_NORMS = Object.freeze({
  heelPeakPressureKPa: literature(
    139,
    'kPa',
    'Cavanagh, Rodgers & Iiboshi 1987, Foot Ankle 7:262: mean peak heel pressure in barefoot standing; ' +
      'validation band 100-300 kPa',
    [100, 300],
  ),
  forefootPeakPressureKPa: literature(
    63,
    'kPa',
    'Cavanagh, Rodgers & Iiboshi 1987, Foot Ankle 7:262: mean peak forefoot pressure in barefoot standing, ' +
      'about 2.6 times lower than the heel; validation band 25-150 kPa (assumption)',
    [25, 150],
  ),
  heelLoadShare: literature(
    0.605,
    'fraction of the foot load',
    'Cavanagh, Rodgers & Iiboshi 1987, Foot Ankle 7:262: heel 60.5% of the load; validation band 40-75% (assumption)',
    [0.4, 0.75],
  ),
  midfootLoadShare: literature(
    0.078,
    'fraction of the foot load',
    'Cavanagh, Rodgers & Iiboshi 1987, Foot Ankle 7:262: midfoot 7.8%; validation band 0-20% (assumption)',
    [0, 0.2],
  ),
  forefootLoadShare: literature(
    0.281,
    'fraction of the foot load',
    'Cavanagh, Rodgers & Iiboshi 1987, Foot Ankle 7:262: forefoot 28.1%; validation band 15-50% (assumption)',
    [0.15, 0.5],
  ),
  toeLoadShare: literature(
    0.036,
    'fraction of the foot load',
    'Cavanagh, Rodgers & Iiboshi 1987, Foot Ankle 7:262: toes 3.6%; validation band 0-12% (assumption)',
    [0, 0.12],
  ),
});

/**
 * Barefoot walking, healthy adults: peak plantar pressures by region, with wide bands
 * for checks of the stance-phase analysis (a generic foot driven by another subject's
 * trial, with 1 cm contact cells, cannot be held to one platform's means).
 * Putti, Arnold, Cochrane & Abboud 2008 (Gait Posture 27:501; Emed ST4, 53 subjects):
 * highest peaks under the 2nd and 3rd metatarsal heads, 361 (SD 104) and 330 (84) kPa,
 * then the hallux 321 (141) and the heel 313 (77). Shorten, Eden & Himmelsbach 1989
 * (J Biomech 22:1083, abstract; 131 subjects, capacitance mat): heel 367 (115) kPa at
 * 1.0 m/s and 517 (158) at 1.5 m/s; forefoot 635 (211) and 737 (226) kPa.
 */
export const BAREFOOT_WALKING_PEAK_PRESSURE = Object.freeze({
  heelKPa: literature(
    313,
    'kPa',
    'Putti et al. 2008, Gait Posture 27:501: heel 313 (SD 77) kPa; Shorten et al. 1989, J Biomech 22:1083: 367-517 kPa ' +
      '(SD 115-158) at 1.0-1.5 m/s; band 150-850 kPa',
    [150, 850],
  ),
  metatarsalHeadsKPa: literature(
    361,
    'kPa',
    'highest metatarsal-head peak: Putti et al. 2008: 2nd head 361 (SD 104), 3rd 330 (84) kPa; Shorten et al. 1989: forefoot ' +
      '635-737 (SD 211-226) kPa; band 150-1200 kPa',
    [150, 1200],
  ),
  halluxKPa: literature(
    321,
    'kPa',
    'Putti et al. 2008, Gait Posture 27:501: great toe 321 (SD 141) kPa; band 100-1000 kPa (assumption: about mean + 5 SD)',
    [100, 1000],
  ),
});
