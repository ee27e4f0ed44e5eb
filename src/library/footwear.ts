/**
 * The footwear catalogue: sole designs to compare on the same foot and load, each
 * written as a footwear document (spec/footwear-schema.ts) with every dimension from a
 * named source or a stated assumption. Uncertain numbers are LiteratureValues with a
 * range (FOOTWEAR_DIMENSIONS, FOOTWEAR_MATERIALS), so analyses can report intervals.
 *
 * Designs:
 * - barefoot: no sole.
 * - flat-sandal: a thin flat flip-flop (one firm EVA layer).
 * - flat-shoe: a cushioned flat (zero-drop) control shoe: insole, midsole, outsole.
 * - rocker-shoe: the same shoe with a rocker bottom, apex at 57% of sole length.
 * - arch-support-insole: the flat shoe with a contoured medial arch support.
 * - heel-cup: the flat shoe with a conforming heel cup (follows the heel fat pad).
 * - healing-sole: a recovery sandal combining a rocker bottom, a raised arch support and
 *   a soft inner heel in a firm outer heel. No dimensions of such sandals are published:
 *   every number is a stated assumption.
 */
import { KinechainError } from '../core/errors.js';
import { closestNames } from '../core/math/edit-distance.js';
import { parseFootwear, type Footwear, type FootwearInput, type Material, type ThicknessProfile } from '../spec/footwear-schema.js';
import { literature, type LiteratureValue } from './literature-value.js';

const DEG = Math.PI / 180;

/** Compressive (foundation) moduli of the materials used below (Pa), with their ranges. */
export const FOOTWEAR_MATERIALS = Object.freeze({
  midsoleEva: literature(
    1.5e6,
    'Pa',
    'assumption: EVA midsole foam of walking/running shoes, compressive modulus of order 1-4 MPa at walking strains ' +
      '(cf. Verdejo & Mills 2004, J Biomech 37:1379, heel-shoe interactions and EVA midsole foams)',
    [0.8e6, 4e6],
  ),
  firmEva: literature(
    3e6,
    'Pa',
    'assumption: dense EVA of sandals and flip-flops, firmer than cushioning midsoles (order 2-6 MPa)',
    [1.5e6, 6e6],
  ),
  outsoleRubber: literature(
    8e6,
    'Pa',
    'assumption: solid rubber outsole (Shore A 55-70); a thin bonded layer compresses little (order 5-20 MPa)',
    [4e6, 20e6],
  ),
  insoleFoam: literature(
    0.4e6,
    'Pa',
    'assumption: cushioning polyurethane insole foam (PORON-type), order 0.2-0.8 MPa; such foams lower peak plantar ' +
      'pressure (Gerrard, Bonanno, Whittaker & Landorf 2020, J Foot Ankle Res 13:35, systematic review)',
    [0.2e6, 0.8e6],
  ),
  archSupportShell: literature(
    2e6,
    'Pa',
    'assumption: firm EVA of prefabricated contoured orthoses (order 1-5 MPa)',
    [1e6, 5e6],
  ),
  recoveryFootbed: literature(
    0.8e6,
    'Pa',
    'assumption: soft closed-cell footbed foam of recovery sandals (order 0.4-1.5 MPa); no published value',
    [0.4e6, 1.5e6],
  ),
  recoveryFirmHeel: literature(
    4e6,
    'Pa',
    'assumption: firm EVA rim of the heel of a recovery sandal; no published value',
    [2e6, 8e6],
  ),
  recoverySoftInnerHeel: literature(
    0.3e6,
    'Pa',
    'assumption: soft gel or foam insert in the centre of the heel of a recovery sandal; no published value',
    [0.15e6, 0.6e6],
  ),
  recoveryArchSupport: literature(
    1.2e6,
    'Pa',
    'assumption: moulded arch of a recovery sandal, softer than an orthosis shell; no published value',
    [0.6e6, 3e6],
  ),
});

function material(name: string, modulus: LiteratureValue): Material {
  return {
    name,
    compressiveModulusPa: modulus.value,
    modulusRangePa: [modulus.low ?? modulus.value, modulus.high ?? modulus.value],
    source: modulus.source,
  };
}

function uniform(thicknessM: number): ThicknessProfile {
  return { heelM: thicknessM, archM: thicknessM, forefootM: thicknessM, toeM: thicknessM };
}

const SHOE = 'assumption: a typical cushioned walking shoe';
const SANDAL = 'assumption: a typical thin flip-flop';
const RECOVERY = 'assumption: recovery-sandal dimensions are not published';

/** Every dimension of the catalogue, with its source or assumption and a range. */
export const FOOTWEAR_DIMENSIONS = Object.freeze({
  sandalThicknessM: literature(0.012, 'm', `${SANDAL}: one EVA layer of 10-15 mm`, [0.008, 0.016]),
  sandalLengthFraction: literature(1.03, 'fraction of foot length', `${SANDAL}: a few mm longer than the foot`, [1.0, 1.08]),
  sandalWidthFraction: literature(0.38, 'fraction of foot length', `${SANDAL}: about as wide as the foot at the ball`, [0.35, 0.42]),
  shoeLengthFraction: literature(1.04, 'fraction of foot length', `${SHOE}: sole about 1 cm longer than the foot`, [1.02, 1.1]),
  shoeWidthFraction: literature(0.4, 'fraction of foot length', `${SHOE}: sole slightly wider than the foot at the ball`, [0.37, 0.45]),
  shoeInsoleThicknessM: literature(0.004, 'm', `${SHOE}: removable insole 3-6 mm`, [0.003, 0.006]),
  shoeMidsoleThicknessM: literature(
    0.022,
    'm',
    `${SHOE}: flat (zero-drop) midsole about 2 cm thick, enough to cut a rocker from (same shoe in rocker-shoe)`,
    [0.015, 0.03],
  ),
  shoeMidsoleToeThicknessM: literature(0.02, 'm', `${SHOE}: slightly thinner under the toes`, [0.012, 0.025]),
  shoeOutsoleThicknessM: literature(0.003, 'm', `${SHOE}: rubber outsole 2-4 mm`, [0.002, 0.005]),
  rockerApexFraction: literature(
    0.57,
    'fraction of sole length',
    'rocker apex at 52-62% of shoe length lowers forefoot pressure; more anterior apices (> 60%) help less ' +
      '(Chapman et al. 2013, Clin Biomech, rocker shoe design features; Preece et al. 2017, J Foot Ankle Res, ' +
      'optimisation of rocker sole footwear)',
    [0.52, 0.62],
  ),
  rockerToeAngleRad: literature(
    15 * DEG,
    'rad',
    'rocker angles of 15-20 deg tested in Chapman et al. 2013 (Clin Biomech) and Preece et al. 2017 (J Foot Ankle Res); ' +
      '15 deg is the more acceptable, thinner design',
    [10 * DEG, 20 * DEG],
  ),
  rockerHeelBevelFraction: literature(0.12, 'fraction of sole length', 'assumption: heel bevel over the last ~3 cm of the heel', [0.06, 0.18]),
  rockerHeelBevelAngleRad: literature(10 * DEG, 'rad', 'assumption: heel bevel of about 10 deg', [5 * DEG, 15 * DEG]),
  archSupportHeightM: literature(
    0.012,
    'm',
    'assumption: prefabricated contoured orthoses raise the medial arch by about 10-15 mm (cf. Bonanno et al. 2011, ' +
      'Gait Posture 33:385, contoured prefabricated orthosis)',
    [0.008, 0.018],
  ),
  heelCupDepthM: literature(0.01, 'm', 'assumption: heel cups 8-15 mm deep', [0.006, 0.015]),
  heelCupConformity: literature(
    0.85,
    'fraction',
    'assumption: a moulded heel cup follows most, not all, of the heel fat pad\'s shape',
    [0.6, 1],
  ),
  recoveryLengthFraction: literature(1.06, 'fraction of foot length', RECOVERY, [1.03, 1.1]),
  recoveryWidthFraction: literature(0.42, 'fraction of foot length', RECOVERY, [0.38, 0.46]),
  recoveryFootbedThicknessM: literature(0.005, 'm', RECOVERY, [0.003, 0.008]),
  recoveryHeelInsertThicknessM: literature(0.012, 'm', `${RECOVERY}: heel insert (soft centre, firm rim) about 1 cm deep`, [0.008, 0.016]),
  recoveryMidsoleHeelThicknessM: literature(0.018, 'm', RECOVERY, [0.012, 0.024]),
  recoveryMidsoleThicknessM: literature(0.024, 'm', `${RECOVERY}: thick midsole to carry the rocker`, [0.018, 0.03]),
  recoveryMidsoleToeThicknessM: literature(0.02, 'm', RECOVERY, [0.015, 0.026]),
  recoveryOutsoleThicknessM: literature(0.004, 'm', RECOVERY, [0.003, 0.006]),
  recoveryInnerHeelHalfLengthM: literature(0.022, 'm', `${RECOVERY}: inner zone about 4.5 cm long under the calcaneal tuberosity`, [0.015, 0.03]),
  recoveryInnerHeelHalfWidthM: literature(0.017, 'm', `${RECOVERY}: inner zone about 3.5 cm wide`, [0.012, 0.022]),
  recoveryRockerApexFraction: literature(0.6, 'fraction of sole length', RECOVERY, [0.55, 0.65]),
  recoveryRockerToeAngleRad: literature(12 * DEG, 'rad', RECOVERY, [8 * DEG, 18 * DEG]),
  recoveryHeelBevelFraction: literature(0.1, 'fraction of sole length', RECOVERY, [0.05, 0.15]),
  recoveryHeelBevelAngleRad: literature(8 * DEG, 'rad', RECOVERY, [4 * DEG, 12 * DEG]),
  recoveryArchSupportHeightM: literature(0.01, 'm', RECOVERY, [0.006, 0.015]),
});

const D = FOOTWEAR_DIMENSIONS;
const M = FOOTWEAR_MATERIALS;

const shoeLayers: FootwearInput['layers'] = [
  { name: 'insole', material: material('polyurethane insole foam', M.insoleFoam), thickness: uniform(D.shoeInsoleThicknessM.value) },
  {
    name: 'midsole',
    material: material('EVA midsole foam', M.midsoleEva),
    thickness: {
      heelM: D.shoeMidsoleThicknessM.value,
      archM: D.shoeMidsoleThicknessM.value,
      forefootM: D.shoeMidsoleThicknessM.value,
      toeM: D.shoeMidsoleToeThicknessM.value,
    },
  },
  { name: 'outsole', material: material('rubber outsole', M.outsoleRubber), thickness: uniform(D.shoeOutsoleThicknessM.value) },
];

const shoeBase = {
  length: { unit: 'footLength', value: D.shoeLengthFraction.value },
  width: { unit: 'footLength', value: D.shoeWidthFraction.value },
  heelMarginM: 0.008,
  layers: shoeLayers,
} as const satisfies Partial<FootwearInput>;

const CATALOGUE_INPUT = {
  barefoot: {
    name: 'barefoot',
    description: 'bare foot on a rigid floor',
    source: 'no sole',
    layers: [],
  },
  'flat-sandal': {
    name: 'flat-sandal',
    description: 'thin flat flip-flop: one firm EVA layer, no contour',
    source: SANDAL,
    length: { unit: 'footLength', value: D.sandalLengthFraction.value },
    width: { unit: 'footLength', value: D.sandalWidthFraction.value },
    heelMarginM: 0.005,
    layers: [{ name: 'sole', material: material('firm EVA', M.firmEva), thickness: uniform(D.sandalThicknessM.value) }],
  },
  'flat-shoe': {
    name: 'flat-shoe',
    description: 'cushioned flat (zero-drop) control shoe: polyurethane insole, EVA midsole, rubber outsole',
    source: SHOE,
    ...shoeBase,
  },
  'rocker-shoe': {
    name: 'rocker-shoe',
    description: 'the flat shoe with a rocker bottom: apex at 57% of sole length, 15 deg toe rocker, 10 deg heel bevel',
    source: `${SHOE}; rocker after Chapman et al. 2013 (Clin Biomech) and Preece et al. 2017 (J Foot Ankle Res)`,
    ...shoeBase,
    rocker: {
      apexFraction: D.rockerApexFraction.value,
      toeRockerAngleRad: D.rockerToeAngleRad.value,
      heelBevelFraction: D.rockerHeelBevelFraction.value,
      heelBevelAngleRad: D.rockerHeelBevelAngleRad.value,
    },
  },
  'arch-support-insole': {
    name: 'arch-support-insole',
    description: 'the flat shoe with a contoured medial arch support (prefabricated orthosis)',
    source: `${SHOE}; arch support: assumption (cf. Bonanno et al. 2011, Gait Posture 33:385)`,
    ...shoeBase,
    archSupport: {
      heightM: D.archSupportHeightM.value,
      startFraction: 0.18,
      peakFraction: 0.42,
      endFraction: 0.66,
      lateralOnsetFraction: 0.35,
      medialFullFraction: 1,
      material: material('firm EVA orthosis shell', M.archSupportShell),
    },
  },
  'heel-cup': {
    name: 'heel-cup',
    description: 'the flat shoe with a conforming heel cup that follows the heel fat pad',
    source: `${SHOE}; heel cup: assumption`,
    ...shoeBase,
    insole: { shape: 'conforming', heelCupDepthM: D.heelCupDepthM.value, conformity: D.heelCupConformity.value, cupLengthFraction: 0.3 },
  },
  'healing-sole': {
    name: 'healing-sole',
    description:
      'recovery sandal: rocker bottom, raised arch support, and a soft inner heel set in a firm outer heel',
    source: `${RECOVERY}; every dimension is an assumption (FOOTWEAR_DIMENSIONS)`,
    length: { unit: 'footLength', value: D.recoveryLengthFraction.value },
    width: { unit: 'footLength', value: D.recoveryWidthFraction.value },
    heelMarginM: 0.008,
    layers: [
      { name: 'footbed', material: material('soft closed-cell footbed foam', M.recoveryFootbed), thickness: uniform(D.recoveryFootbedThicknessM.value) },
      {
        name: 'heel-insert',
        material: material('firm EVA heel rim', M.recoveryFirmHeel),
        thickness: { heelM: D.recoveryHeelInsertThicknessM.value, archM: 0, forefootM: 0, toeM: 0 },
      },
      {
        name: 'midsole',
        material: material('firm EVA midsole', M.firmEva),
        thickness: {
          heelM: D.recoveryMidsoleHeelThicknessM.value,
          archM: D.recoveryMidsoleThicknessM.value,
          forefootM: D.recoveryMidsoleThicknessM.value,
          toeM: D.recoveryMidsoleToeThicknessM.value,
        },
      },
      { name: 'outsole', material: material('rubber outsole', M.outsoleRubber), thickness: uniform(D.recoveryOutsoleThicknessM.value) },
    ],
    rocker: {
      apexFraction: D.recoveryRockerApexFraction.value,
      toeRockerAngleRad: D.recoveryRockerToeAngleRad.value,
      heelBevelFraction: D.recoveryHeelBevelFraction.value,
      heelBevelAngleRad: D.recoveryHeelBevelAngleRad.value,
    },
    archSupport: {
      heightM: D.recoveryArchSupportHeightM.value,
      startFraction: 0.2,
      peakFraction: 0.42,
      endFraction: 0.64,
      lateralOnsetFraction: 0.35,
      medialFullFraction: 1,
      material: material('moulded footbed arch', M.recoveryArchSupport),
    },
    heelZone: {
      layer: 'heel-insert',
      centerFraction: 0.1,
      innerHalfLengthM: D.recoveryInnerHeelHalfLengthM.value,
      innerHalfWidthM: D.recoveryInnerHeelHalfWidthM.value,
      innerMaterial: material('soft inner heel insert', M.recoverySoftInnerHeel),
    },
  },
} as const satisfies Record<string, FootwearInput>;

export type FootwearName = keyof typeof CATALOGUE_INPUT;
export const FOOTWEAR_NAMES = Object.freeze(Object.keys(CATALOGUE_INPUT) as FootwearName[]);

/** The catalogue, validated (parseFootwear) when this module loads. */
export const FOOTWEAR_CATALOGUE: Readonly<Record<FootwearName, Footwear>> = Object.freeze(
  Object.fromEntries(
    FOOTWEAR_NAMES.map((name) => [name, Object.freeze(parseFootwear(CATALOGUE_INPUT[name], `catalogue footwear "${name}"`))]),
  ) as Record<FootwearName, Footwear>,
);

/** A catalogue design by name; UNKNOWN_NAME (with close names) if there is none. */
export function footwearByName(name: string): Footwear {
  if (Object.prototype.hasOwnProperty.call(FOOTWEAR_CATALOGUE, name)) return FOOTWEAR_CATALOGUE[name as FootwearName];
  const close = closestNames(name, FOOTWEAR_NAMES);
  throw new KinechainError(
    'UNKNOWN_NAME',
    `no footwear named "${name}" in the catalogue${close.length > 0 ? `; close names: ${close.join(', ')}` : ''}; ` +
      `available: ${FOOTWEAR_NAMES.join(', ')}`,
    { name, closeNames: close },
  );
}
