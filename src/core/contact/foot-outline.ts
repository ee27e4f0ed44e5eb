/**
 * The plantar surface of a foot: its outline (footprint), the unloaded height of the
 * plantar skin above the floor, which foot segment each part of the sole belongs to, and
 * a pedobarographic region mask -- all scaled to the foot's length.
 *
 * Foot coordinates (as foot-geometry.ts): origin on the floor below the most posterior
 * point of the heel, x forward along the foot's long axis, y up, z lateral for the RIGHT
 * foot. Shape parameters are fractions of foot length; the left foot mirrors z. The
 * numbers of a particular foot (outline widths, arch height, heel curvature, landmark
 * positions) are data: the default body's live in src/library/plantar-loading.ts.
 *
 * Unloaded skin height h(x, z) (fraction of foot length above the floor plane of the
 * reference pose, where the heel, the metatarsal heads and the toe pulps touch y = 0):
 *   h = posterior heel rise + transverse rounding + medial arch + toe sulcus + toe tip
 * - posterior heel rise: behind the lowest point of the heel the skin follows a circle of
 *   radius heelPosteriorRadius (the rounded back of the heel);
 * - transverse rounding: rim(x) |zeta|^n(x), with zeta = -1 at the medial edge of the
 *   outline, +1 at the lateral edge; under the heel rim = heelRimRise and n = 2 (a bowl:
 *   the heel touches first at its centre), under the forefoot rim = forefootRimRise and
 *   n = 6 (flat, with rounded edges), blended linearly between heelBlendStartX and
 *   heelBlendEndX;
 * - longitudinal arches: a raised-cosine bump along x (zero at archStartX and archEndX,
 *   one at archPeakX) times [midfootLift + archHeight s(across)], where midfootLift lifts
 *   the whole width (the low lateral arch: the lateral midfoot band touches the floor
 *   only once the heel and forefoot pads have compressed) and s is a smoothstep across
 *   the foot, zero over the lateral archLateralContactFraction of the local width and
 *   one at the medial edge (the medial longitudinal arch);
 * - toe sulcus: the skin under the bases of the proximal phalanges is raised by
 *   toeSulcusRise (a parabolic bump of half-width toeSulcusHalfWidth centred that far
 *   ahead of the toe crease), so the toes touch the floor with their pulps;
 * - toe tip: rises by toeTipRise (quadratically) from toeTipStartX to the tip.
 *
 * Segments (which body a point of the sole moves with): the calcaneus (rearfoot) behind
 * the midtarsal joint line x = midtarsalX; the midfoot-forefoot body up to the oblique
 * metatarsal break (the line through the first and fifth metatarsal head centres,
 * Bojsen-Moller 1979); the toes ahead of it. The skin and fat pad ahead of the head
 * centres move with the toes: the plantar plates, which that pad sits on, insert on the
 * proximal phalanges, so as the toes dorsiflex the sole there wraps round the heads with
 * them (assumption from that anatomy) instead of pivoting with the metatarsals and
 * digging into the floor as the heel rises. Regions (the pressure masks) are not
 * segments: the metatarsal-head regions reach to the toe crease, toeCreaseOffset ahead
 * of the break.
 *
 * Region mask (REGION_MASK below): an anatomical mask built from the positions of the
 * metatarsal heads, in the spirit of the anatomically-based masks of Forghany, Bonanno,
 * Menz & Landorf 2018 (J Foot Ankle Res), with the proportions of the traditional
 * percentage mask (heel behind 30% of foot length; forefoot from about 51% to 81%; toes
 * ahead; e.g. Cavanagh & Ulbrecht 1994, The Foot 4:123, for pressure masks). Assumptions:
 * - heel: x < 0.30; split into medial, central and lateral thirds of the local width;
 * - metatarsal heads: from metatarsalBandBehind (0.12) behind the oblique metatarsal
 *   break to the toe crease; split among the five heads at the midpoints between their
 *   mediolateral positions (heads 2-4 spaced evenly between the first and the fifth);
 * - midfoot: between the heel and the metatarsal band;
 * - toes: ahead of the toe crease; the hallux medial of the midpoint between the first
 *   and second heads, the lesser toes lateral of it.
 *
 * plantarCells() lays a square grid over the outline (set-up: it allocates).
 */
import { KinechainError, requireFinite } from '../errors.js';

export const PLANTAR_REGION_NAMES = [
  'medialHeel',
  'centralHeel',
  'lateralHeel',
  'midfoot',
  'firstMetatarsalHead',
  'secondMetatarsalHead',
  'thirdMetatarsalHead',
  'fourthMetatarsalHead',
  'fifthMetatarsalHead',
  'hallux',
  'lesserToes',
] as const;
export type PlantarRegion = (typeof PLANTAR_REGION_NAMES)[number];
export const PLANTAR_REGION_COUNT = PLANTAR_REGION_NAMES.length;

/** Region codes (index into PLANTAR_REGION_NAMES). */
export const PlantarRegionCode: Readonly<Record<PlantarRegion, number>> = Object.freeze(
  Object.fromEntries(PLANTAR_REGION_NAMES.map((name, index) => [name, index])) as Record<PlantarRegion, number>,
);

export const PLANTAR_REGION_LABELS: Readonly<Record<PlantarRegion, string>> = Object.freeze({
  medialHeel: 'medial heel',
  centralHeel: 'central heel',
  lateralHeel: 'lateral heel',
  midfoot: 'midfoot / arch',
  firstMetatarsalHead: '1st metatarsal head',
  secondMetatarsalHead: '2nd metatarsal head',
  thirdMetatarsalHead: '3rd metatarsal head',
  fourthMetatarsalHead: '4th metatarsal head',
  fifthMetatarsalHead: '5th metatarsal head',
  hallux: 'hallux',
  lesserToes: 'lesser toes',
});

/** Regions that make up the heel (for heel totals and the rim share). */
export const HEEL_REGIONS: readonly PlantarRegion[] = ['medialHeel', 'centralHeel', 'lateralHeel'];
export const METATARSAL_HEAD_REGIONS: readonly PlantarRegion[] = [
  'firstMetatarsalHead',
  'secondMetatarsalHead',
  'thirdMetatarsalHead',
  'fourthMetatarsalHead',
  'fifthMetatarsalHead',
];
export const TOE_REGIONS: readonly PlantarRegion[] = ['hallux', 'lesserToes'];

/** The foot body a point of the sole is fixed in. */
export type FootSegment = 'calcn' | 'forefoot' | 'toes';
export const FOOT_SEGMENTS: readonly FootSegment[] = ['calcn', 'forefoot', 'toes'];

/** Soft-tissue zone of a point of the sole (each has its own pad thickness). */
export type PlantarPadZone = 'heel' | 'midfoot' | 'forefoot' | 'toes';

/** The region mask's fixed proportions (fractions of foot length); see the file header. */
export const REGION_MASK = Object.freeze({
  heelEndX: 0.3,
  metatarsalBandBehind: 0.12,
});

/** Shape of the plantar surface of a right foot; every length is a fraction of foot length. */
export interface PlantarShape {
  /** [n] stations along the foot, increasing, from 0 (back of the heel) to 1 (toe tip). */
  readonly outlineX: readonly number[];
  /** [n] medial edge of the footprint outline at each station (z; medial is negative). */
  readonly outlineMedialZ: readonly number[];
  /** [n] lateral edge of the footprint outline at each station (z). */
  readonly outlineLateralZ: readonly number[];
  /** x of the lowest point of the heel (the heel pad's centre). */
  readonly heelCenterX: number;
  /** Sagittal radius of the rounded back of the heel. */
  readonly heelPosteriorRadius: number;
  /** Unloaded rise of the skin at the heel outline's medial and lateral edges above its centre line. */
  readonly heelRimRise: number;
  /** Unloaded rise of the skin at the forefoot outline's edges (edge rounding). */
  readonly forefootRimRise: number;
  /** The heel bowl blends into the forefoot rounding between these stations. */
  readonly heelBlendStartX: number;
  readonly heelBlendEndX: number;
  /** Unloaded height of the skin at the medial border under the apex of the medial arch (above midfootLift). */
  readonly archHeight: number;
  /** Unloaded height of the whole midfoot width under the arch apex (the low lateral arch). */
  readonly midfootLift: number;
  readonly archStartX: number;
  readonly archPeakX: number;
  readonly archEndX: number;
  /** Fraction of the local width, from the lateral edge, that the arch leaves on the floor. */
  readonly archLateralContactFraction: number;
  /** Unloaded rise of the skin under the bases of the proximal phalanges, and the bump's half-width. */
  readonly toeSulcusRise: number;
  readonly toeSulcusHalfWidth: number;
  /** The toe tip rises by toeTipRise from toeTipStartX to x = 1. */
  readonly toeTipStartX: number;
  readonly toeTipRise: number;
  /** Midtarsal (Chopart) joint line: the rearfoot / midfoot-forefoot boundary. */
  readonly midtarsalX: number;
  /** Centres of the first and fifth metatarsal heads, [x, z]. */
  readonly firstMetatarsalHead: readonly [number, number];
  readonly fifthMetatarsalHead: readonly [number, number];
  /** Distance of the toe crease ahead of the oblique metatarsal break. */
  readonly toeCreaseOffset: number;
}

/** One cell of the plantar grid, in foot coordinates of the RIGHT foot (m). */
export interface PlantarCell {
  /** Cell centre along the foot and across it (m; z lateral for the right foot). */
  readonly x: number;
  readonly z: number;
  /** Unloaded height of the plantar skin above the floor plane of the reference pose (m). */
  readonly skinHeight: number;
  readonly areaM2: number;
  readonly region: PlantarRegion;
  readonly segment: FootSegment;
  readonly padZone: PlantarPadZone;
}

function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + t * (ys[hi] - ys[lo]);
}

function smoothstep(t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

/** Checks a shape's tables and proportions; throws INVALID_SPEC naming the field. */
export function checkPlantarShape(shape: PlantarShape): void {
  const n = shape.outlineX.length;
  if (n < 3 || shape.outlineMedialZ.length !== n || shape.outlineLateralZ.length !== n) {
    throw new KinechainError(
      'INVALID_SPEC',
      `plantar shape: outlineX, outlineMedialZ and outlineLateralZ must have the same length (>= 3); got ${n}, ` +
        `${shape.outlineMedialZ.length}, ${shape.outlineLateralZ.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    requireFinite(shape.outlineX[i], `plantar shape outlineX[${i}]`);
    requireFinite(shape.outlineMedialZ[i], `plantar shape outlineMedialZ[${i}]`);
    requireFinite(shape.outlineLateralZ[i], `plantar shape outlineLateralZ[${i}]`);
    if (i > 0 && !(shape.outlineX[i] > shape.outlineX[i - 1])) {
      throw new KinechainError('INVALID_SPEC', `plantar shape: outlineX must increase; entry ${i} (${shape.outlineX[i]}) does not`);
    }
    if (shape.outlineLateralZ[i] < shape.outlineMedialZ[i]) {
      throw new KinechainError('INVALID_SPEC', `plantar shape: at station ${i} the lateral edge lies medial of the medial edge`);
    }
  }
  if (shape.outlineX[0] !== 0 || shape.outlineX[n - 1] !== 1) {
    throw new KinechainError('INVALID_SPEC', 'plantar shape: outlineX must run from 0 (back of the heel) to 1 (toe tip)');
  }
  const ordered: [string, number][] = [
    ['archStartX', shape.archStartX],
    ['archPeakX', shape.archPeakX],
    ['archEndX', shape.archEndX],
  ];
  for (let i = 1; i < ordered.length; i++) {
    if (!(ordered[i][1] > ordered[i - 1][1])) {
      throw new KinechainError('INVALID_SPEC', `plantar shape: ${ordered[i][0]} must lie ahead of ${ordered[i - 1][0]}`);
    }
  }
  if (!(shape.heelBlendEndX > shape.heelBlendStartX)) {
    throw new KinechainError('INVALID_SPEC', 'plantar shape: heelBlendEndX must lie ahead of heelBlendStartX');
  }
  if (shape.firstMetatarsalHead[1] >= shape.fifthMetatarsalHead[1]) {
    throw new KinechainError('INVALID_SPEC', 'plantar shape: the first metatarsal head must lie medial of the fifth');
  }
}

/** Medial and lateral outline edges at x (fractions): writes [medial, lateral] into out. */
export function outlineEdges(shape: PlantarShape, x: number, out: Float64Array | number[]): void {
  out[0] = interpolate(shape.outlineX, shape.outlineMedialZ, x);
  out[1] = interpolate(shape.outlineX, shape.outlineLateralZ, x);
}

/** True if the point (x, z) (fractions, right foot) lies inside the footprint outline. */
export function insideOutline(shape: PlantarShape, x: number, z: number): boolean {
  if (x < 0 || x > 1) return false;
  const medial = interpolate(shape.outlineX, shape.outlineMedialZ, x);
  const lateral = interpolate(shape.outlineX, shape.outlineLateralZ, x);
  return z >= medial && z <= lateral;
}

/** x of the oblique metatarsal break (line through the 1st and 5th head centres) at mediolateral position z. */
export function metatarsalBreakX(shape: PlantarShape, z: number): number {
  const [x1, z1] = shape.firstMetatarsalHead;
  const [x5, z5] = shape.fifthMetatarsalHead;
  return x1 + ((z - z1) * (x5 - x1)) / (z5 - z1);
}

/** x of the toe crease at z. */
export function toeCreaseX(shape: PlantarShape, z: number): number {
  return metatarsalBreakX(shape, z) + shape.toeCreaseOffset;
}

/** Blend weight of the heel shape at x: 1 behind heelBlendStartX, 0 ahead of heelBlendEndX. */
function heelWeight(shape: PlantarShape, x: number): number {
  if (x <= shape.heelBlendStartX) return 1;
  if (x >= shape.heelBlendEndX) return 0;
  return 1 - (x - shape.heelBlendStartX) / (shape.heelBlendEndX - shape.heelBlendStartX);
}

/** Rise of the back of the heel behind its lowest point (fraction). */
function posteriorRise(shape: PlantarShape, x: number): number {
  const behind = shape.heelCenterX - x;
  if (behind <= 0) return 0;
  const radius = shape.heelPosteriorRadius;
  const d = Math.min(behind, radius);
  return radius - Math.sqrt(radius * radius - d * d);
}

/** Transverse rounding rim(x) |zeta|^n(x) (fraction). |zeta| may exceed 1 outside the outline. */
function transverseRise(shape: PlantarShape, x: number, z: number): number {
  const medial = interpolate(shape.outlineX, shape.outlineMedialZ, x);
  const lateral = interpolate(shape.outlineX, shape.outlineLateralZ, x);
  const halfWidth = Math.max((lateral - medial) / 2, 1e-9);
  const zeta = Math.abs((z - (medial + lateral) / 2) / halfWidth);
  const w = heelWeight(shape, x);
  const rim = w * shape.heelRimRise + (1 - w) * shape.forefootRimRise;
  const exponent = w * 2 + (1 - w) * 6;
  return rim * Math.pow(zeta, exponent);
}

/**
 * Unloaded shape of the heel alone (posterior rise plus the heel's share of the
 * transverse bowl), fraction of foot length: what a conforming heel cup follows.
 */
export function heelShapeHeight(shape: PlantarShape, x: number, z: number): number {
  const w = heelWeight(shape, x);
  if (w === 0) return 0;
  return posteriorRise(shape, x) + w * transverseRise(shape, x, z);
}

/** Unloaded height of the plantar skin above the floor at (x, z) (fractions, right foot). */
export function unloadedSkinHeight(shape: PlantarShape, x: number, z: number): number {
  let height = posteriorRise(shape, x) + transverseRise(shape, x, z);

  // Longitudinal arches.
  if (x > shape.archStartX && x < shape.archEndX) {
    const along =
      x <= shape.archPeakX
        ? 0.5 - 0.5 * Math.cos((Math.PI * (x - shape.archStartX)) / (shape.archPeakX - shape.archStartX))
        : 0.5 + 0.5 * Math.cos((Math.PI * (x - shape.archPeakX)) / (shape.archEndX - shape.archPeakX));
    const medial = interpolate(shape.outlineX, shape.outlineMedialZ, x);
    const lateral = interpolate(shape.outlineX, shape.outlineLateralZ, x);
    const fromLateral = (lateral - z) / Math.max(lateral - medial, 1e-9);
    const onset = shape.archLateralContactFraction;
    const across = smoothstep((fromLateral - onset) / (1 - onset));
    height += along * (shape.midfootLift + shape.archHeight * across);
  }

  // Toe sulcus: the bases of the proximal phalanges sit above the floor.
  const sulcusCenter = toeCreaseX(shape, z) + shape.toeSulcusHalfWidth;
  const u = (x - sulcusCenter) / shape.toeSulcusHalfWidth;
  if (u > -1 && u < 1) height += shape.toeSulcusRise * (1 - u * u);

  // Toe tip.
  if (x > shape.toeTipStartX) {
    const t = (x - shape.toeTipStartX) / (1 - shape.toeTipStartX);
    height += shape.toeTipRise * t * t;
  }
  return height;
}

/** Pedobarographic region of the point (x, z) (fractions, right foot). */
export function plantarRegionAt(shape: PlantarShape, x: number, z: number): PlantarRegion {
  if (x < REGION_MASK.heelEndX) {
    const medial = interpolate(shape.outlineX, shape.outlineMedialZ, x);
    const lateral = interpolate(shape.outlineX, shape.outlineLateralZ, x);
    const across = (z - medial) / Math.max(lateral - medial, 1e-9);
    if (across < 1 / 3) return 'medialHeel';
    if (across < 2 / 3) return 'centralHeel';
    return 'lateralHeel';
  }
  const breakX = metatarsalBreakX(shape, z);
  if (x < breakX - REGION_MASK.metatarsalBandBehind) return 'midfoot';
  const z1 = shape.firstMetatarsalHead[1];
  const spacing = (shape.fifthMetatarsalHead[1] - z1) / 4;
  if (x < breakX + shape.toeCreaseOffset) {
    // Heads 1..5 at z1 + k spacing; boundaries half-way between them.
    const k = Math.round((z - z1) / spacing);
    return METATARSAL_HEAD_REGIONS[Math.min(4, Math.max(0, k))];
  }
  return z < z1 + spacing / 2 ? 'hallux' : 'lesserToes';
}

/** Foot body the point (x, z) of the sole moves with. */
export function footSegmentAt(shape: PlantarShape, x: number, z: number): FootSegment {
  if (x < shape.midtarsalX) return 'calcn';
  if (x < metatarsalBreakX(shape, z)) return 'forefoot';
  return 'toes';
}

function padZoneOf(region: PlantarRegion): PlantarPadZone {
  if (HEEL_REGIONS.includes(region)) return 'heel';
  if (region === 'midfoot') return 'midfoot';
  if (TOE_REGIONS.includes(region)) return 'toes';
  return 'forefoot';
}

/**
 * Square cells of side cellSizeM over the footprint of a foot of length footLengthM:
 * every cell whose centre lies inside the outline, in right-foot coordinates (m).
 * Allocates (set-up).
 */
export function plantarCells(shape: PlantarShape, footLengthM: number, cellSizeM: number): PlantarCell[] {
  checkPlantarShape(shape);
  const length = requireFinite(footLengthM, 'foot length (m)');
  const size = requireFinite(cellSizeM, 'plantar cell size (m)');
  if (!(length > 0.05 && length < 0.5)) {
    throw new KinechainError('OUT_OF_RANGE', `foot length ${length} m is implausible; expected 0.05-0.5 m`);
  }
  if (!(size >= 0.001 && size <= 0.02)) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `plantar cell size ${size} m must lie in [0.001, 0.02] m (pressure platforms use 0.005-0.01 m sensors)`,
    );
  }
  let zMin = Infinity;
  let zMax = -Infinity;
  for (let i = 0; i < shape.outlineX.length; i++) {
    zMin = Math.min(zMin, shape.outlineMedialZ[i]);
    zMax = Math.max(zMax, shape.outlineLateralZ[i]);
  }
  const cells: PlantarCell[] = [];
  const nx = Math.ceil(length / size);
  // The grid is centred on z = 0 so that the left foot's mirrored grid is the same grid.
  const halfCountZ = Math.ceil(Math.max(-zMin, zMax) * length / size) + 1;
  for (let i = 0; i < nx; i++) {
    const x = (i + 0.5) * size;
    const xf = x / length;
    for (let j = -halfCountZ; j < halfCountZ; j++) {
      const z = (j + 0.5) * size;
      const zf = z / length;
      if (!insideOutline(shape, xf, zf)) continue;
      const region = plantarRegionAt(shape, xf, zf);
      cells.push({
        x,
        z,
        skinHeight: unloadedSkinHeight(shape, xf, zf) * length,
        areaM2: size * size,
        region,
        segment: footSegmentAt(shape, xf, zf),
        padZone: padZoneOf(region),
      });
    }
  }
  return cells;
}
