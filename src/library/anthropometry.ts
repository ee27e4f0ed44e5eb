/**
 * Body segment parameters from the literature.
 *
 * - de Leva 1996 (J Biomech 29:1223-1230, "Adjustments to Zatsiorsky-Seluyanov's segment
 *   inertia parameters", Table 4): mass as a fraction of body mass, centre of mass as a
 *   fraction of segment length from the first endpoint, radii of gyration as fractions of
 *   segment length (sagittal, transverse, longitudinal), and the mean segment lengths of
 *   the sample (male stature 1741 mm, 73.0 kg; female 1735 mm, 61.9 kg), here divided by
 *   the sample's mean stature. Mass, CoM and radii of the eight main segments are those
 *   listed in SCIENCE.md; the trunk sub-segment radii and every segment length are read
 *   from the same Table 4.
 * - Winter 2009 (Biomechanics and Motor Control of Human Movement, 4th ed., Wiley,
 *   Fig. 4.1 / Table 4.1 after Drillis & Contini 1966): segment lengths and landmark
 *   heights as fractions of stature H. SCIENCE.md is silent on segment lengths; these
 *   sex-neutral proportions sum to the stature by construction, so the default body uses
 *   them for the leg (and de Leva's values bound the range).
 * - Dempster 1955 as tabulated by Winter 2009 (Table 4.1, file
 *   reference/winter/BSP_DempsterWinter.txt): an alternative mass distribution kept for
 *   cross-checks.
 *
 * Ranges: where de Leva's male and female means differ, `low`/`high` span the two;
 * population standard deviations are not given in Table 4.
 */
import { literature, type LiteratureValue } from './literature-value.js';

export type Sex = 'male' | 'female';

export type DeLevaSegment =
  | 'head'
  | 'trunk'
  | 'upperTrunk'
  | 'middleTrunk'
  | 'lowerTrunk'
  | 'upperArm'
  | 'forearm'
  | 'hand'
  | 'thigh'
  | 'shank'
  | 'foot';

export interface SegmentInertialParameters {
  /** The two landmarks that define the segment, first endpoint first. */
  readonly endpoints: string;
  /** Segment mass / body mass. */
  readonly massFraction: LiteratureValue;
  /** Distance of the centre of mass from the first endpoint / segment length. */
  readonly comFraction: LiteratureValue;
  /** Radius of gyration about the sagittal (mediolateral, Z) axis / segment length. */
  readonly radiusSagittal: LiteratureValue;
  /** Radius of gyration about the transverse (anteroposterior, X) axis / segment length. */
  readonly radiusTransverse: LiteratureValue;
  /** Radius of gyration about the longitudinal (Y) axis / segment length. */
  readonly radiusLongitudinal: LiteratureValue;
  /** Mean segment length of de Leva's sample / the sample's mean stature. */
  readonly lengthFraction: LiteratureValue;
}

const DE_LEVA_SOURCE = 'de Leva 1996, J Biomech 29:1223, Table 4';
/** Mean statures of de Leva's samples (m), used to turn his segment lengths into fractions of stature. */
export const DE_LEVA_MEAN_STATURE_M: Readonly<Record<Sex, number>> = { male: 1.741, female: 1.735 };

/**
 * Raw Table 4 rows: [mass %, CoM %, Rg sagittal %, Rg transverse %, Rg longitudinal %,
 * length mm] for male then female.
 */
type Row = readonly [number, number, number, number, number, number];
const DE_LEVA_ROWS: Readonly<Record<DeLevaSegment, { endpoints: string; male: Row; female: Row }>> = {
  head: { endpoints: 'vertex - mid-gonion', male: [6.94, 59.76, 36.2, 37.6, 31.2, 203.3], female: [6.68, 58.94, 33.0, 35.9, 31.8, 200.2] },
  trunk: { endpoints: 'suprasternale - mid-hip joint centre', male: [43.46, 44.86, 37.2, 34.7, 19.1, 531.9], female: [42.57, 41.51, 35.7, 33.9, 17.1, 529.3] },
  upperTrunk: { endpoints: 'suprasternale - xiphoid', male: [15.96, 29.99, 71.6, 45.4, 65.9, 170.7], female: [15.45, 20.77, 74.6, 50.2, 71.8, 142.5] },
  middleTrunk: { endpoints: 'xiphoid - omphalion', male: [16.33, 45.02, 48.2, 38.3, 46.8, 215.5], female: [14.65, 45.12, 43.3, 35.4, 41.5, 205.3] },
  lowerTrunk: { endpoints: 'omphalion - mid-hip joint centre', male: [11.17, 61.15, 61.5, 55.1, 58.7, 145.7], female: [12.47, 49.2, 43.3, 40.2, 44.4, 181.5] },
  upperArm: { endpoints: 'shoulder joint centre - elbow joint centre', male: [2.71, 57.72, 28.5, 26.9, 15.8, 281.7], female: [2.55, 57.54, 27.8, 26.0, 14.8, 275.1] },
  forearm: { endpoints: 'elbow joint centre - wrist joint centre', male: [1.62, 45.74, 27.6, 26.5, 12.1, 268.9], female: [1.38, 45.59, 26.1, 25.7, 9.4, 264.3] },
  hand: { endpoints: 'wrist joint centre - 3rd metacarpale', male: [0.61, 79.0, 62.8, 51.3, 40.1, 86.2], female: [0.56, 74.74, 53.1, 45.4, 33.5, 78.0] },
  thigh: { endpoints: 'hip joint centre - knee joint centre', male: [14.16, 40.95, 32.9, 32.9, 14.9, 422.2], female: [14.78, 36.12, 36.9, 36.4, 16.2, 368.5] },
  shank: { endpoints: 'knee joint centre - ankle joint centre', male: [4.33, 43.95, 25.1, 24.6, 10.2, 440.3], female: [4.81, 43.52, 26.7, 26.3, 9.2, 438.6] },
  foot: { endpoints: 'heel - tip of the longest toe', male: [1.37, 44.15, 25.7, 24.5, 12.4, 258.1], female: [1.29, 40.14, 29.9, 27.9, 13.9, 228.3] },
};

function sexValue(maleValue: number, femaleValue: number, sex: Sex, unit: string, what: string): LiteratureValue {
  const value = sex === 'male' ? maleValue : femaleValue;
  const low = Math.min(maleValue, femaleValue);
  const high = Math.max(maleValue, femaleValue);
  return literature(value, unit, `${DE_LEVA_SOURCE}, ${what} (${sex}); range spans the male and female means`, [low, high]);
}

function buildDeLeva(sex: Sex): Readonly<Record<DeLevaSegment, SegmentInertialParameters>> {
  const table = {} as Record<DeLevaSegment, SegmentInertialParameters>;
  for (const segment of Object.keys(DE_LEVA_ROWS) as DeLevaSegment[]) {
    const { endpoints, male, female } = DE_LEVA_ROWS[segment];
    const fraction = (i: number, what: string): LiteratureValue =>
      sexValue(male[i] / 100, female[i] / 100, sex, 'fraction', `${segment} ${what}`);
    table[segment] = Object.freeze({
      endpoints,
      massFraction: fraction(0, 'mass / body mass'),
      comFraction: fraction(1, `CoM from ${endpoints.split(' - ')[0]} / length`),
      radiusSagittal: fraction(2, 'sagittal radius of gyration / length'),
      radiusTransverse: fraction(3, 'transverse radius of gyration / length'),
      radiusLongitudinal: fraction(4, 'longitudinal radius of gyration / length'),
      lengthFraction: sexValue(
        male[5] / 1000 / DE_LEVA_MEAN_STATURE_M.male,
        female[5] / 1000 / DE_LEVA_MEAN_STATURE_M.female,
        sex,
        'fraction of stature',
        `${segment} length (${endpoints}) / mean stature`,
      ),
    });
  }
  return Object.freeze(table);
}

/** de Leva 1996 segment parameters, by sex. */
export const DE_LEVA_1996: Readonly<Record<Sex, Readonly<Record<DeLevaSegment, SegmentInertialParameters>>>> = Object.freeze({
  male: buildDeLeva('male'),
  female: buildDeLeva('female'),
});

// ---------------------------------------------------------------------------------
// Winter 2009 segment lengths and landmark heights (fractions of stature H)
// ---------------------------------------------------------------------------------

const WINTER_SOURCE = 'Winter 2009, Biomechanics and Motor Control of Human Movement 4th ed., Fig. 4.1/Table 4.1 (Drillis & Contini 1966)';

function deLevaLengthRange(segment: DeLevaSegment, winterValue: number): [number, number] {
  const male = DE_LEVA_1996.male[segment].lengthFraction.value;
  const female = DE_LEVA_1996.female[segment].lengthFraction.value;
  return [Math.min(winterValue, male, female), Math.max(winterValue, male, female)];
}

/** Winter's proportions as fractions of stature. Ranges include de Leva's means where he defines the same segment. */
export const WINTER_2009_PROPORTIONS = Object.freeze({
  /** Hip joint centre to knee joint centre. */
  thighLength: literature(0.245, 'fraction of stature', `${WINTER_SOURCE}; range includes de Leva 1996 male/female thigh`, deLevaLengthRange('thigh', 0.245)),
  /** Knee joint centre to ankle joint centre. */
  shankLength: literature(0.246, 'fraction of stature', `${WINTER_SOURCE}; range includes de Leva 1996 male/female shank`, deLevaLengthRange('shank', 0.246)),
  /** Heel to toe tip. */
  footLength: literature(0.152, 'fraction of stature', `${WINTER_SOURCE}; range includes de Leva 1996 male/female foot`, deLevaLengthRange('foot', 0.152)),
  footBreadth: literature(0.055, 'fraction of stature', WINTER_SOURCE),
  /** Floor to ankle joint centre (malleolar height). */
  ankleHeight: literature(0.039, 'fraction of stature', WINTER_SOURCE),
  kneeHeight: literature(0.285, 'fraction of stature', WINTER_SOURCE),
  /** Floor to the hip (greater trochanter / hip joint centre level). */
  hipHeight: literature(0.53, 'fraction of stature', WINTER_SOURCE),
  /** Floor to the shoulder (acromion). */
  shoulderHeight: literature(0.818, 'fraction of stature', WINTER_SOURCE),
  chinHeight: literature(0.87, 'fraction of stature', WINTER_SOURCE),
  eyeHeight: literature(0.936, 'fraction of stature', WINTER_SOURCE),
  elbowHeight: literature(0.63, 'fraction of stature', WINTER_SOURCE),
  wristHeight: literature(0.485, 'fraction of stature', WINTER_SOURCE),
  /** Biacromial breadth. */
  shoulderBreadth: literature(0.259, 'fraction of stature', WINTER_SOURCE),
  /** Hip breadth (bitrochanteric). */
  hipBreadth: literature(0.191, 'fraction of stature', WINTER_SOURCE),
});

// ---------------------------------------------------------------------------------
// Dempster 1955 via Winter 2009 (reference/winter/BSP_DempsterWinter.txt)
// ---------------------------------------------------------------------------------

export interface DempsterSegment {
  readonly endpoints: string;
  /** Segment mass / body mass. */
  readonly massFraction: number;
  /** CoM from the proximal endpoint / length. */
  readonly comFromProximal: number;
  /** Radius of gyration about the CoM / length; null where Winter's table gives none. */
  readonly radiusOfGyration: number | null;
}

/** Dempster's segment parameters as tabulated by Winter 2009 (Table 4.1), for cross-checks. */
export const DEMPSTER_WINTER_2009: Readonly<Record<string, DempsterSegment>> = Object.freeze({
  hand: { endpoints: 'wrist axis - knuckle II middle finger', massFraction: 0.006, comFromProximal: 0.506, radiusOfGyration: 0.297 },
  forearm: { endpoints: 'elbow axis - ulnar styloid', massFraction: 0.016, comFromProximal: 0.43, radiusOfGyration: 0.303 },
  upperArm: { endpoints: 'glenohumeral axis - elbow axis', massFraction: 0.028, comFromProximal: 0.436, radiusOfGyration: 0.322 },
  foot: { endpoints: 'lateral malleolus - head metatarsal II', massFraction: 0.0145, comFromProximal: 0.5, radiusOfGyration: 0.475 },
  shank: { endpoints: 'femoral condyles - medial malleolus', massFraction: 0.0465, comFromProximal: 0.433, radiusOfGyration: 0.302 },
  thigh: { endpoints: 'greater trochanter - femoral condyles', massFraction: 0.1, comFromProximal: 0.433, radiusOfGyration: 0.323 },
  headNeck: { endpoints: 'C7-T1 and 1st rib - ear canal', massFraction: 0.081, comFromProximal: 1.0, radiusOfGyration: 0.495 },
  trunk: { endpoints: 'greater trochanter - glenohumeral joint', massFraction: 0.497, comFromProximal: 0.5, radiusOfGyration: null },
});
