/**
 * Elastic-foundation (spring-bed) contact under the plantar surface of one foot.
 *
 * The sole of the foot is a grid of cells (foot-outline.ts), each fixed to the foot body
 * under it (calcaneus, midfoot-forefoot or toes) at the point of the unloaded plantar
 * skin. Under each cell is a column of springs in series (a Winkler bed: columns do not
 * share load with their neighbours):
 *   bone -> plantar soft tissue (heel pad, forefoot pad) -> sole layers -> rigid base,
 * and the base is either the floor or a sole's rigid base resting on the floor.
 *
 * Plantar soft tissue: unloaded thickness h, stiffening "locking" law
 *   p = E0 e / (1 - e / e_max),   e = tissue compression / h,
 * (E0 the small-strain modulus, e_max the strain the tissue cannot pass; numbers in
 * src/library/plantar-loading.ts). Past e_lock = 0.95 e_max (pressures of ~20 E0 e_max,
 * far above any physiological load) the law continues along its tangent, so every
 * penetration has a finite pressure and Newton solvers stay well posed.
 * Sole layers: linear, compliance C = sum of (thickness / modulus) over the column (m/Pa).
 * In series the tissue and the sole carry the same pressure p, and the penetration d
 * splits as d = d_tissue(p) + C p. With the locking law that is a quadratic in p,
 *   C p^2 + (h e_max + C E0 e_max - d) p - d E0 e_max = 0,
 * solved in closed form (seriesPressure); dp/dd = 1 / (dd_tissue/dp + C) (seriesStiffness).
 *
 * Penetration of a cell: how far its unloaded skin point lies below the support surface,
 * measured along the support's normal:
 * - on a sole: d = top(s, w) - height of the skin point above the sole's base, in the
 *   sole's frame (s along the sole from its heel end, w across it, lateral positive);
 *   top = the layer stack plus the contours (arch support, heel cup) of the SoleSurface;
 * - off the sole (barefoot, or a cell beyond a sole's outline): d = floor height - y.
 * The cell's force is p A n (A the cell area, n the support normal), applied at the
 * support surface point below the cell. Totals: force, moment about the ground origin,
 * and the centre of pressure on the floor plane y = floorHeight, the point where the
 * moment of the resultant has no horizontal components:
 *   x_cop = (M_z + h F_x) / F_y,  z_cop = (h F_z - M_x) / F_y.
 * Load spreading (optional, loadSpreadingReach > 0): the columns of a Winkler bed are
 * independent, and with a stiffening law near its limit strain a column's pressure copies
 * sub-millimetre differences of the skin's shape, so the map peaks at a few columns. The
 * pad spreads load (src/library/plantar-loading.ts, PLANTAR_LOAD_SPREADING): each column's
 * force p_i A_i is shared among the cells j in contact within the reach with weights
 *   w_ij = K(r_ij) c_j / sum_k K(r_ik) c_k,  K(r) = (1 + r^2/t^2)^(-5/2)
 * (Boussinesq's vertical stress at depth t under a point load; t the spreading depth of
 * column i), c_j a smooth ramp from 0 to 1 over the first loadSpreadingContactM of the
 * cell's penetration (skin not touching takes nothing; the ramp keeps the forces
 * continuous in the placement). Each column's total is kept, so the total normal force is
 * the bed's; the pressure map, the region loads and the centre of pressure follow the
 * spread pressures. cellColumnPressure keeps the columns' own pressures.
 * Regions (foot-outline.ts): force (sum of p A), peak pressure, contact area and mean
 * pressure (force / contact area, as pressure platforms report it).
 *
 * The sole (makeSoleSurface): the footwear document (spec/footwear-schema.ts) compiled
 * for one foot length into profiles sampled along the sole (stack height, rocker lift of
 * the bottom, column compliance, outline) and a grid of the top contours. The sole's
 * base is rigid in bending: its pose is a pitch about the floor on which its bottom
 * rolls (placeSole): at pitch 0 it rests on its flat part, toe down it rolls on the toe
 * rocker arc, toe up on the heel bevel arc, and past the arcs it stands on its end.
 *
 * evaluateElasticFoundation allocates nothing: every output buffer is allocated by
 * makeElasticFoundation.
 */
import { KinechainError, requireFinite } from '../errors.js';
import type { Footwear } from '../../spec/footwear-schema.js';
import { THICKNESS_STATIONS } from '../../spec/footwear-schema.js';
import {
  PLANTAR_REGION_COUNT,
  PLANTAR_REGION_NAMES,
  PlantarRegionCode,
  heelShapeHeight,
  outlineEdges,
  type PlantarRegion,
  type PlantarShape,
} from './foot-outline.js';

// ---------------------------------------------------------------------------------
// Tissue and sole in series
// ---------------------------------------------------------------------------------

/** Compressive law of the plantar soft tissue. */
export interface PlantarTissueLaw {
  /** Small-strain modulus E0 (Pa). */
  readonly initialModulusPa: number;
  /** Strain the tissue cannot pass, e_max (0..1). */
  readonly limitStrain: number;
}

/** Past this fraction of e_max the tissue law continues along its tangent. */
export const LOCK_FRACTION = 0.95;

/**
 * Pressure (Pa) in a column of soft tissue (thickness h, m) in series with sole layers of
 * compliance C (m/Pa), compressed by penetration d (m) in total. 0 for d <= 0.
 */
export function seriesPressure(penetration: number, tissueThickness: number, law: PlantarTissueLaw, compliance: number): number {
  if (!(penetration > 0)) return 0;
  const e0 = law.initialModulusPa;
  const limit = law.limitStrain;
  const lockStrain = LOCK_FRACTION * limit;
  const lockPressure = (e0 * lockStrain) / (1 - LOCK_FRACTION);
  const lockPenetration = tissueThickness * lockStrain + compliance * lockPressure;
  if (penetration > lockPenetration) {
    const lockStiffness = e0 / (tissueThickness * (1 - LOCK_FRACTION) * (1 - LOCK_FRACTION));
    return lockPressure + (penetration - lockPenetration) / (1 / lockStiffness + compliance);
  }
  const a = e0 * limit;
  const b = tissueThickness * limit + compliance * a - penetration;
  const root = Math.sqrt(b * b + 4 * compliance * penetration * a);
  // Two algebraically equal forms of the positive root; each avoids cancellation on its side.
  return b >= 0 ? (2 * penetration * a) / (b + root) : (root - b) / (2 * compliance);
}

/** dp/dd (Pa/m) of the series column at pressure p (from seriesPressure). */
export function seriesStiffness(pressure: number, tissueThickness: number, law: PlantarTissueLaw, compliance: number): number {
  const e0 = law.initialModulusPa;
  const limit = law.limitStrain;
  const lockPressure = (e0 * LOCK_FRACTION * limit) / (1 - LOCK_FRACTION);
  if (pressure > lockPressure) {
    return 1 / ((tissueThickness * (1 - LOCK_FRACTION) * (1 - LOCK_FRACTION)) / e0 + compliance);
  }
  const a = e0 * limit;
  const denominator = a + pressure;
  return 1 / ((tissueThickness * limit * a) / (denominator * denominator) + compliance);
}

// ---------------------------------------------------------------------------------
// The sole, compiled for one foot
// ---------------------------------------------------------------------------------

/** Samples along the sole of the longitudinal profiles. */
const SOLE_SAMPLES = 401;
/** Spacing of the contour grid (m). */
const CONTOUR_SPACING_M = 0.0025;
/** Least material a rocker may leave under the foot (m). */
const MIN_COLUMN_M = 0.002;

export interface SoleSurface {
  readonly name: string;
  readonly footLengthM: number;
  /** Sole length Ls (m); s runs from 0 (heel end) to Ls. */
  readonly lengthM: number;
  /** Distance of the sole's heel end behind the back of the heel (m). */
  readonly heelMarginM: number;
  readonly sampleCount: number;
  readonly sampleSpacingM: number;
  /** [sampleCount] height of the top of the layer stack above the base plane (m). */
  readonly stackTop: Float64Array;
  /** [sampleCount] rocker lift of the bottom above the base plane (m). */
  readonly bottomLift: Float64Array;
  /** [sampleCount] compliance of the column of layers left after the rocker cut (m/Pa). */
  readonly layerCompliance: Float64Array;
  /** [sampleCount] thickness of the heel-zone layer left after the rocker cut (m; 0 without a heel zone). */
  readonly zoneLayerThickness: Float64Array;
  /** [sampleCount] lateral position of the sole's centre line and its half-width (m, right-foot w). */
  readonly centerW: Float64Array;
  readonly halfWidth: Float64Array;
  /** Heel zone: 1/E_inner - 1/E_layer (1/Pa), centre (s, w) and semi-axes (m); factor 0 = no zone. */
  readonly zoneComplianceFactor: number;
  readonly zoneCenterS: number;
  readonly zoneCenterW: number;
  readonly zoneHalfLengthM: number;
  readonly zoneHalfWidthM: number;
  /** Contour grid: countS x countW nodes from (0, contourW0), spacing (m). */
  readonly contourCountS: number;
  readonly contourCountW: number;
  readonly contourW0: number;
  readonly contourSpacingS: number;
  readonly contourSpacingW: number;
  /** [countS*countW] (row i = s index) contour height above the stack (m) and its compliance (m/Pa). */
  readonly contourHeight: Float64Array;
  readonly contourCompliance: Float64Array;
  /** Rocker: flat bottom between heelBevelS and apexS; arcs of the radii beyond (Infinity: no arc). */
  readonly apexS: number;
  readonly toeRadiusM: number;
  readonly toeAngleRad: number;
  readonly heelBevelS: number;
  readonly heelRadiusM: number;
  readonly heelAngleRad: number;
  /** Highest point of the top (stack plus contours) above the base plane (m): skin above it cannot touch. */
  readonly highestTopM?: number;
}

function thicknessAt(profile: { heelM: number; archM: number; forefootM: number; toeM: number }, x: number): number {
  const stations = [THICKNESS_STATIONS.heel, THICKNESS_STATIONS.arch, THICKNESS_STATIONS.forefoot, THICKNESS_STATIONS.toe];
  const values = [profile.heelM, profile.archM, profile.forefootM, profile.toeM];
  if (x <= stations[0]) return values[0];
  for (let i = 1; i < stations.length; i++) {
    if (x <= stations[i]) {
      const t = (x - stations[i - 1]) / (stations[i] - stations[i - 1]);
      return values[i - 1] + t * (values[i] - values[i - 1]);
    }
  }
  return values[values.length - 1];
}

function smoothstep(t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

/** Rocker lift of the bottom at s (m), from the rocker geometry. */
function rockerLift(s: number, apexS: number, toeRadius: number, heelBevelS: number, heelRadius: number): number {
  if (s > apexS && Number.isFinite(toeRadius)) {
    const d = Math.min(s - apexS, toeRadius);
    return toeRadius - Math.sqrt(toeRadius * toeRadius - d * d);
  }
  if (s < heelBevelS && Number.isFinite(heelRadius)) {
    const d = Math.min(heelBevelS - s, heelRadius);
    return heelRadius - Math.sqrt(heelRadius * heelRadius - d * d);
  }
  return 0;
}

/**
 * Compiles a sole design for a foot of length footLengthM and plantar shape `shape`
 * (which the heel cup follows and the sole's outline copies). Returns null for barefoot.
 * Throws OUT_OF_RANGE when the rocker would cut through the sole. Allocates (set-up).
 */
export function makeSoleSurface(footwear: Footwear, footLengthM: number, shape: PlantarShape): SoleSurface | null {
  if (footwear.layers.length === 0) return null;
  const footLength = requireFinite(footLengthM, 'foot length (m)');
  const lengthM = footwear.length.unit === 'm' ? footwear.length.value : footwear.length.value * footLength;
  const widthM = footwear.width.unit === 'm' ? footwear.width.value : footwear.width.value * footLength;
  const margin = footwear.heelMarginM;
  if (lengthM < footLength * 0.8) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `footwear "${footwear.name}": length ${lengthM.toFixed(3)} m is too short for a ${footLength.toFixed(3)} m foot (at least 80%)`,
      { field: 'length' },
    );
  }
  const n = SOLE_SAMPLES;
  const spacing = lengthM / (n - 1);

  // Sole outline: the foot's outline stretched to the sole's length and scaled to its width.
  const edges = [0, 0];
  let widestFoot = 0;
  for (let i = 0; i <= 200; i++) {
    outlineEdges(shape, i / 200, edges);
    widestFoot = Math.max(widestFoot, edges[1] - edges[0]);
  }
  const widthScale = widthM / (widestFoot * footLength);

  // Rocker.
  const rocker = footwear.rocker;
  const apexS = rocker ? rocker.apexFraction * lengthM : lengthM;
  const toeAngle = rocker ? rocker.toeRockerAngleRad : 0;
  const toeRadius = toeAngle > 0 ? (lengthM - apexS) / Math.sin(toeAngle) : Infinity;
  const heelBevelS = rocker ? rocker.heelBevelFraction * lengthM : 0;
  const heelAngle = rocker ? rocker.heelBevelAngleRad : 0;
  const heelRadius = heelAngle > 0 ? heelBevelS / Math.sin(heelAngle) : Infinity;

  const zone = footwear.heelZone;
  const zoneLayerIndex = zone ? footwear.layers.findIndex((layer) => layer.name === zone.layer) : -1;

  const stackTop = new Float64Array(n);
  const bottomLift = new Float64Array(n);
  const layerCompliance = new Float64Array(n);
  const zoneLayerThickness = new Float64Array(n);
  const centerW = new Float64Array(n);
  const halfWidth = new Float64Array(n);
  const remaining = new Float64Array(footwear.layers.length);
  for (let i = 0; i < n; i++) {
    const s = i * spacing;
    const x = (s - margin) / footLength;
    outlineEdges(shape, s / lengthM, edges);
    centerW[i] = ((edges[0] + edges[1]) / 2) * footLength;
    halfWidth[i] = ((edges[1] - edges[0]) / 2) * footLength * widthScale;
    let top = 0;
    footwear.layers.forEach((layer, l) => {
      remaining[l] = thicknessAt(layer.thickness, x);
      top += remaining[l];
    });
    stackTop[i] = top;
    const lift = rockerLift(s, apexS, toeRadius, heelBevelS, heelRadius);
    bottomLift[i] = lift;
    if (lift > top - MIN_COLUMN_M) {
      const field = s > apexS ? 'rocker.toeRockerAngleRad' : 'rocker.heelBevelAngleRad';
      throw new KinechainError(
        'OUT_OF_RANGE',
        `footwear "${footwear.name}": ${field}: the rocker lifts the bottom by ${(lift * 1000).toFixed(1)} mm at ` +
          `${(s * 1000).toFixed(0)} mm from the heel end, but the layers are only ${(top * 1000).toFixed(1)} mm thick there ` +
          `(at least ${MIN_COLUMN_M * 1000} mm must remain); lower the angle, move the apex or bevel towards the end, or thicken the sole`,
        { field, liftM: lift, thicknessM: top },
      );
    }
    // The rocker is cut out of the bottom layers, outsole first.
    let cut = lift;
    for (let l = footwear.layers.length - 1; l >= 0 && cut > 0; l--) {
      const removed = Math.min(cut, remaining[l]);
      remaining[l] -= removed;
      cut -= removed;
    }
    let compliance = 0;
    footwear.layers.forEach((layer, l) => {
      compliance += remaining[l] / layer.material.compressiveModulusPa;
    });
    layerCompliance[i] = compliance;
    zoneLayerThickness[i] = zoneLayerIndex >= 0 ? remaining[zoneLayerIndex] : 0;
  }

  // Contours on top of the stack: arch support and heel cup.
  let wMin = Infinity;
  let wMax = -Infinity;
  for (let i = 0; i < n; i++) {
    wMin = Math.min(wMin, centerW[i] - halfWidth[i]);
    wMax = Math.max(wMax, centerW[i] + halfWidth[i]);
  }
  const countS = Math.ceil(lengthM / CONTOUR_SPACING_M) + 1;
  const spacingS = lengthM / (countS - 1);
  const countW = Math.ceil((wMax - wMin) / CONTOUR_SPACING_M) + 1;
  const spacingW = (wMax - wMin) / (countW - 1);
  const contourHeight = new Float64Array(countS * countW);
  const contourCompliance = new Float64Array(countS * countW);
  const arch = footwear.archSupport;
  const insole = footwear.insole;
  const topModulus = footwear.layers[0].material.compressiveModulusPa;
  for (let i = 0; i < countS; i++) {
    const s = i * spacingS;
    const x = (s - margin) / footLength;
    const sample = Math.min(n - 1, Math.round(s / spacing));
    const edgeLateral = centerW[sample] + halfWidth[sample];
    const width = Math.max(2 * halfWidth[sample], 1e-9);
    for (let j = 0; j < countW; j++) {
      const w = wMin + j * spacingW;
      let archHeight = 0;
      if (arch !== undefined && x > arch.startFraction && x < arch.endFraction) {
        const along =
          x <= arch.peakFraction
            ? 0.5 - 0.5 * Math.cos((Math.PI * (x - arch.startFraction)) / (arch.peakFraction - arch.startFraction))
            : 0.5 + 0.5 * Math.cos((Math.PI * (x - arch.peakFraction)) / (arch.endFraction - arch.peakFraction));
        const fromLateral = (edgeLateral - w) / width;
        const across = smoothstep((fromLateral - arch.lateralOnsetFraction) / (arch.medialFullFraction - arch.lateralOnsetFraction));
        archHeight = arch.heightM * along * across;
      }
      let cupHeight = 0;
      if (insole.shape === 'conforming' && x < insole.cupLengthFraction) {
        const fade = Math.min(1, (insole.cupLengthFraction - x) / 0.05);
        const heel = heelShapeHeight(shape, Math.max(x, -1), w / footLength) * footLength;
        cupHeight = insole.conformity * Math.min(insole.heelCupDepthM, heel) * fade;
      }
      const k = i * countW + j;
      contourHeight[k] = archHeight + cupHeight;
      contourCompliance[k] =
        (arch !== undefined ? archHeight / arch.material.compressiveModulusPa : 0) + cupHeight / topModulus;
    }
  }

  let zoneFactor = 0;
  let zoneCenterS = 0;
  let zoneCenterW = 0;
  if (zone !== undefined) {
    const layerModulus = footwear.layers[zoneLayerIndex].material.compressiveModulusPa;
    zoneFactor = 1 / zone.innerMaterial.compressiveModulusPa - 1 / layerModulus;
    zoneCenterS = margin + zone.centerFraction * footLength;
    outlineEdges(shape, zone.centerFraction, edges);
    zoneCenterW = ((edges[0] + edges[1]) / 2) * footLength;
  }

  let highestTop = 0;
  for (let i = 0; i < n; i++) highestTop = Math.max(highestTop, stackTop[i]);
  let highestContour = 0;
  for (let k = 0; k < contourHeight.length; k++) highestContour = Math.max(highestContour, contourHeight[k]);
  highestTop += highestContour;
  return Object.freeze({
    name: footwear.name,
    footLengthM: footLength,
    lengthM,
    heelMarginM: margin,
    sampleCount: n,
    sampleSpacingM: spacing,
    stackTop,
    bottomLift,
    layerCompliance,
    zoneLayerThickness,
    centerW,
    halfWidth,
    zoneComplianceFactor: zoneFactor,
    zoneCenterS,
    zoneCenterW,
    zoneHalfLengthM: zone?.innerHalfLengthM ?? 0,
    zoneHalfWidthM: zone?.innerHalfWidthM ?? 0,
    contourCountS: countS,
    contourCountW: countW,
    contourW0: wMin,
    contourSpacingS: spacingS,
    contourSpacingW: spacingW,
    contourHeight,
    contourCompliance,
    apexS,
    toeRadiusM: toeRadius,
    toeAngleRad: toeAngle,
    heelBevelS,
    heelRadiusM: heelRadius,
    heelAngleRad: heelAngle,
    highestTopM: highestTop,
  });
}

/** Linear interpolation of a profile sampled along the sole at s (clamped to the ends). */
function sampleAt(sole: SoleSurface, profile: Float64Array, s: number): number {
  const u = s / sole.sampleSpacingM;
  if (u <= 0) return profile[0];
  const last = sole.sampleCount - 1;
  if (u >= last) return profile[last];
  const i = Math.floor(u);
  const t = u - i;
  return profile[i] + t * (profile[i + 1] - profile[i]);
}

/** Bilinear interpolation of a contour grid at (s, w), zero outside the grid. */
function contourAt(sole: SoleSurface, grid: Float64Array, s: number, w: number): number {
  const u = s / sole.contourSpacingS;
  const v = (w - sole.contourW0) / sole.contourSpacingW;
  const countS = sole.contourCountS;
  const countW = sole.contourCountW;
  if (u < 0 || v < 0 || u > countS - 1 || v > countW - 1) return 0;
  const i = Math.min(Math.floor(u), countS - 2);
  const j = Math.min(Math.floor(v), countW - 2);
  const a = u - i;
  const b = v - j;
  const k = i * countW + j;
  return (
    (1 - a) * ((1 - b) * grid[k] + b * grid[k + 1]) + a * ((1 - b) * grid[k + countW] + b * grid[k + countW + 1])
  );
}

/** Height of the sole's unloaded top above its base at (s, w) (m). */
export function soleTopHeight(sole: SoleSurface, s: number, w: number): number {
  return sampleAt(sole, sole.stackTop, s) + contourAt(sole, sole.contourHeight, s, w);
}

/** Compliance of the sole's column at (s, w) (m/Pa): layers after the rocker cut, heel zone, contours. */
export function soleCompliance(sole: SoleSurface, s: number, w: number): number {
  let compliance = sampleAt(sole, sole.layerCompliance, s) + contourAt(sole, sole.contourCompliance, s, w);
  if (sole.zoneComplianceFactor !== 0) {
    const ds = (s - sole.zoneCenterS) / sole.zoneHalfLengthM;
    const dw = (w - sole.zoneCenterW) / sole.zoneHalfWidthM;
    if (ds * ds + dw * dw <= 1) compliance += sole.zoneComplianceFactor * sampleAt(sole, sole.zoneLayerThickness, s);
  }
  return compliance;
}

/** True if (s, w) lies inside the sole's outline. */
export function onSoleOutline(sole: SoleSurface, s: number, w: number): boolean {
  if (s < 0 || s > sole.lengthM) return false;
  return Math.abs(w - sampleAt(sole, sole.centerW, s)) <= sampleAt(sole, sole.halfWidth, s);
}

// ---------------------------------------------------------------------------------
// The sole's pose: rolling of its rigid base on the floor
// ---------------------------------------------------------------------------------

/** Pose of a sole's frame in ground: R_ground_sole (row-major) and its origin (m). */
export interface SolePlacement {
  /** [9] R_ground_sole: columns are the sole's s axis, its normal, and s x normal. */
  readonly rotation: Float64Array;
  /** [3] origin of the sole frame (heel end of the base plane) in ground (m). */
  readonly origin: Float64Array;
  /** Pitch of the sole about the floor (rad; positive = toe up). */
  pitchRad: number;
}

export function makeSolePlacement(): SolePlacement {
  const rotation = new Float64Array(9);
  rotation[0] = 1;
  rotation[4] = 1;
  rotation[8] = 1;
  return { rotation, origin: new Float64Array(3), pitchRad: 0 };
}

/**
 * Where the sole's bottom touches the floor at pitch `pitchRad` (positive = toe up):
 * out[0], out[1] = first and last s of the contact (m; equal unless the flat part rests
 * on the floor), out[2] = height of that lowest point above the base-frame origin along
 * ground vertical, i.e. min over s of (s sin(pitch) + lift(s) cos(pitch)) (m).
 */
export function soleRollingContact(sole: SoleSurface, pitchRad: number, out: Float64Array): void {
  const sin = Math.sin(pitchRad);
  const cos = Math.cos(pitchRad);
  if (pitchRad === 0) {
    out[0] = sole.heelBevelS;
    out[1] = sole.apexS;
    out[2] = 0;
    return;
  }
  let s: number;
  let lift: number;
  if (pitchRad < 0) {
    // Toe down: the contact rolls forward along the toe arc, then stays on the toe end.
    const angle = -pitchRad;
    if (sole.toeAngleRad > 0 && angle <= sole.toeAngleRad) {
      s = sole.apexS + sole.toeRadiusM * Math.sin(angle);
      lift = sole.toeRadiusM * (1 - Math.cos(angle));
    } else {
      s = sole.lengthM;
      lift = rockerLift(s, sole.apexS, sole.toeRadiusM, sole.heelBevelS, sole.heelRadiusM);
    }
  } else if (sole.heelAngleRad > 0 && pitchRad <= sole.heelAngleRad) {
    s = sole.heelBevelS - sole.heelRadiusM * Math.sin(pitchRad);
    lift = sole.heelRadiusM * (1 - Math.cos(pitchRad));
  } else {
    s = 0;
    lift = rockerLift(0, sole.apexS, sole.toeRadiusM, sole.heelBevelS, sole.heelRadiusM);
  }
  out[0] = s;
  out[1] = s;
  out[2] = s * sin + lift * cos;
}

const rollingScratch = new Float64Array(3);

/**
 * Places the sole under a foot: its s axis along the horizontal unit direction `forward`
 * pitched by pitchRad, the foot's heel point `heelPoint` (ground, m: the back of the heel
 * at skin level) at s = heelMargin along the sole, and the base rolled onto the floor
 * y = floorHeightM. Writes `out`; allocates nothing.
 */
export function placeSole(
  sole: SoleSurface,
  heelPoint: ArrayLike<number>,
  forward: ArrayLike<number>,
  pitchRad: number,
  floorHeightM: number,
  out: SolePlacement,
): void {
  const sin = Math.sin(pitchRad);
  const cos = Math.cos(pitchRad);
  const fx = forward[0];
  const fz = forward[2];
  // s axis u, normal n, lateral k = u x n.
  const ux = cos * fx;
  const uy = sin;
  const uz = cos * fz;
  const nx = -sin * fx;
  const ny = cos;
  const nz = -sin * fz;
  const kx = uy * nz - uz * ny;
  const ky = uz * nx - ux * nz;
  const kz = ux * ny - uy * nx;
  soleRollingContact(sole, pitchRad, rollingScratch);
  const margin = sole.heelMarginM;
  const along = (floorHeightM - rollingScratch[2] - heelPoint[1] + margin * sin) / cos;
  const r = out.rotation;
  r[0] = ux;
  r[1] = nx;
  r[2] = kx;
  r[3] = uy;
  r[4] = ny;
  r[5] = ky;
  r[6] = uz;
  r[7] = nz;
  r[8] = kz;
  out.origin[0] = heelPoint[0] - margin * ux + along * nx;
  out.origin[1] = heelPoint[1] - margin * uy + along * ny;
  out.origin[2] = heelPoint[2] - margin * uz + along * nz;
  out.pitchRad = pitchRad;
}

// ---------------------------------------------------------------------------------
// The bed of cells
// ---------------------------------------------------------------------------------

/** One plantar cell as the foundation takes it. */
export interface FoundationCellSpec {
  /** Body index in the model the cell is fixed in. */
  readonly body: number;
  /** Unloaded plantar skin point in the body frame (m). */
  readonly location: readonly [number, number, number];
  readonly areaM2: number;
  /** Unloaded thickness of the soft tissue under the bone (m). */
  readonly tissueThicknessM: number;
  readonly region: PlantarRegion;
  /** Position in right-foot foot coordinates (m), for pressure maps. */
  readonly footX: number;
  readonly footZ: number;
}

export interface ElasticFoundationOptions {
  readonly side: 'r' | 'l';
  /** Number of bodies of the model whose poses will be passed in. */
  readonly nbody: number;
  readonly tissueLaw: PlantarTissueLaw;
  /** The compiled sole, or null for barefoot. */
  readonly sole: SoleSurface | null;
  /** Height of the floor (m), default 0. */
  readonly floorHeightM?: number;
  /**
   * Load spreading through the pad (see evaluateElasticFoundation): the reach of the kernel
   * in spreading depths (0 or absent: none, every column carries its own load, a pure Winkler bed).
   */
  readonly loadSpreadingReach?: number;
  /** Depth of the spreading layer as a fraction of the cell's unloaded pad thickness (default 0.6). */
  readonly loadSpreadingDepthFraction?: number;
  /** Penetration over which a cell's skin comes into full contact and can take spread load (m); default 0.5 mm. */
  readonly loadSpreadingContactM?: number;
}

/** Mutable scalars of the last evaluation. */
export interface FoundationSummary {
  /** Sum of p A over the cells (N). */
  normalForceN: number;
  /** Area of the cells in contact (m^2). */
  contactAreaM2: number;
  /** Highest cell pressure (Pa). */
  peakPressurePa: number;
}

export interface ElasticFoundation {
  readonly ncell: number;
  readonly side: 'r' | 'l';
  /** +1 for the right foot, -1 for the left: w (lateral) = lateralSign * z of the sole frame. */
  readonly lateralSign: 1 | -1;
  readonly nbody: number;
  readonly tissueLaw: PlantarTissueLaw;
  readonly sole: SoleSurface | null;
  readonly floorHeightM: number;
  /** [ncell] body index; [ncell*3] skin point in the body frame (m); [ncell] area (m^2), tissue thickness (m), region code. */
  readonly cellBody: Int32Array;
  readonly cellLocation: Float64Array;
  readonly cellArea: Float64Array;
  readonly cellTissueThickness: Float64Array;
  readonly cellRegion: Int8Array;
  /** [ncell*2] (x, z) in right-foot foot coordinates (m). */
  readonly cellFootPosition: Float64Array;
  /**
   * Load spreading: for cell i, its neighbours spreadNeighbour[spreadStart[i] .. spreadStart[i+1])
   * (itself first) and their Boussinesq weights; spreadStart [ncell+1]. Empty without spreading.
   */
  readonly spreadStart: Int32Array;
  readonly spreadNeighbour: Int32Array;
  readonly spreadWeight: Float64Array;
  readonly loadSpreadingReach: number;
  readonly loadSpreadingContactM: number;
  /** [ncell] pressure of the column alone before spreading (Pa); equals cellPressure without spreading. */
  readonly cellColumnPressure: Float64Array;
  /** Scratch [ncell]: contact weight (0..1); [ncell*3] support normal. */
  readonly cellContactWeight: Float64Array;
  readonly cellNormal: Float64Array;

  // ---- outputs of evaluateElasticFoundation ----
  /**
   * [ncell] penetration (m; negative = gap; for skin above a sole's highest point, the gap
   * to that point), pressure (Pa), dp/dpenetration of the column (Pa/m), sole compliance (m/Pa).
   */
  readonly cellPenetration: Float64Array;
  readonly cellPressure: Float64Array;
  readonly cellStiffness: Float64Array;
  readonly cellCompliance: Float64Array;
  /** [ncell] 1 if the cell lies over the sole, 0 if over the floor. */
  readonly cellOnSole: Uint8Array;
  /** [ncell*3] force on the foot (N, ground) and its point of application (m, ground). */
  readonly cellForce: Float64Array;
  readonly cellContactPoint: Float64Array;
  /** [3] resultant force (N), moment about the ground origin (N m), centre of pressure on the floor (m; NaN without load). */
  readonly totalForce: Float64Array;
  readonly totalMoment: Float64Array;
  readonly centerOfPressure: Float64Array;
  /** [PLANTAR_REGION_COUNT] per region: force (N), peak and mean pressure (Pa), contact area (m^2). */
  readonly regionForce: Float64Array;
  readonly regionPeakPressure: Float64Array;
  readonly regionMeanPressure: Float64Array;
  readonly regionContactArea: Float64Array;
  readonly summary: FoundationSummary;
}

/** Validates the cells and allocates the foundation and all its output buffers. */
export function makeElasticFoundation(cells: readonly FoundationCellSpec[], options: ElasticFoundationOptions): ElasticFoundation {
  const e0 = requireFinite(options.tissueLaw.initialModulusPa, 'plantar tissue initial modulus (Pa)');
  const limit = requireFinite(options.tissueLaw.limitStrain, 'plantar tissue limit strain');
  if (!(e0 > 0)) throw new KinechainError('OUT_OF_RANGE', `plantar tissue initial modulus must be > 0 Pa, got ${e0}`);
  if (!(limit > 0 && limit < 1)) {
    throw new KinechainError('OUT_OF_RANGE', `plantar tissue limit strain must lie in (0, 1), got ${limit}`);
  }
  if (options.side !== 'r' && options.side !== 'l') {
    throw new KinechainError('INVALID_SPEC', `side must be "r" or "l", got "${String(options.side)}"`);
  }
  if (cells.length === 0) throw new KinechainError('INVALID_SPEC', 'an elastic foundation needs at least one cell');
  const ncell = cells.length;
  const cellBody = new Int32Array(ncell);
  const cellLocation = new Float64Array(ncell * 3);
  const cellArea = new Float64Array(ncell);
  const cellTissueThickness = new Float64Array(ncell);
  const cellRegion = new Int8Array(ncell);
  const cellFootPosition = new Float64Array(ncell * 2);
  cells.forEach((cell, i) => {
    if (!Number.isInteger(cell.body) || cell.body <= 0 || cell.body >= options.nbody) {
      throw new KinechainError('INVALID_SPEC', `cell ${i}: body index ${cell.body} is not a moving body (1..${options.nbody - 1})`);
    }
    for (let r = 0; r < 3; r++) cellLocation[3 * i + r] = requireFinite(cell.location[r], `cell ${i} location`);
    const area = requireFinite(cell.areaM2, `cell ${i} area (m^2)`);
    const thickness = requireFinite(cell.tissueThicknessM, `cell ${i} tissue thickness (m)`);
    if (!(area > 0) || !(thickness > 0)) {
      throw new KinechainError('OUT_OF_RANGE', `cell ${i}: area (${area} m^2) and tissue thickness (${thickness} m) must be > 0`);
    }
    const region = PlantarRegionCode[cell.region];
    if (region === undefined) {
      throw new KinechainError('INVALID_SPEC', `cell ${i}: unknown region "${String(cell.region)}"; regions: ${PLANTAR_REGION_NAMES.join(', ')}`);
    }
    cellBody[i] = cell.body;
    cellArea[i] = area;
    cellTissueThickness[i] = thickness;
    cellRegion[i] = region;
    cellFootPosition[2 * i] = cell.footX;
    cellFootPosition[2 * i + 1] = cell.footZ;
  });
  const reach = requireFinite(options.loadSpreadingReach ?? 0, 'load spreading reach');
  const contactRamp = requireFinite(options.loadSpreadingContactM ?? 0.0005, 'load spreading contact (m)');
  if (!(reach >= 0) || !(contactRamp > 0)) {
    throw new KinechainError('OUT_OF_RANGE', `load spreading reach must be >= 0 and its contact ramp > 0 m, got ${reach} and ${contactRamp}`);
  }
  const depthFraction = requireFinite(options.loadSpreadingDepthFraction ?? 0.6, 'load spreading depth fraction');
  if (!(depthFraction > 0 && depthFraction <= 1)) {
    throw new KinechainError('OUT_OF_RANGE', `load spreading depth fraction must lie in (0, 1], got ${depthFraction}`);
  }
  // Neighbour lists within reach x spreading depth of each cell, itself first, with the
  // Boussinesq weights (1 + r^2/t^2)^(-5/2).
  const starts = new Int32Array(ncell + 1);
  const neighbours: number[] = [];
  const distances: number[] = [];
  for (let i = 0; i < ncell; i++) {
    starts[i] = neighbours.length;
    if (reach === 0) continue;
    const depth = depthFraction * cellTissueThickness[i];
    neighbours.push(i);
    distances.push(1);
    const radius = reach * depth;
    for (let j = 0; j < ncell; j++) {
      if (j === i) continue;
      const dx = cellFootPosition[2 * j] - cellFootPosition[2 * i];
      const dz = cellFootPosition[2 * j + 1] - cellFootPosition[2 * i + 1];
      const squared = dx * dx + dz * dz;
      if (squared <= radius * radius) {
        neighbours.push(j);
        distances.push(Math.pow(1 + squared / (depth * depth), -2.5));
      }
    }
  }
  starts[ncell] = neighbours.length;
  return {
    ncell,
    side: options.side,
    lateralSign: options.side === 'r' ? 1 : -1,
    nbody: options.nbody,
    tissueLaw: Object.freeze({ initialModulusPa: e0, limitStrain: limit }),
    sole: options.sole,
    floorHeightM: requireFinite(options.floorHeightM ?? 0, 'floor height (m)'),
    cellBody,
    cellLocation,
    cellArea,
    cellTissueThickness,
    cellRegion,
    cellFootPosition,
    spreadStart: starts,
    spreadNeighbour: Int32Array.from(neighbours),
    spreadWeight: Float64Array.from(distances),
    loadSpreadingReach: reach,
    loadSpreadingContactM: contactRamp,
    cellColumnPressure: new Float64Array(ncell),
    cellContactWeight: new Float64Array(ncell),
    cellNormal: new Float64Array(ncell * 3),
    cellPenetration: new Float64Array(ncell),
    cellPressure: new Float64Array(ncell),
    cellStiffness: new Float64Array(ncell),
    cellCompliance: new Float64Array(ncell),
    cellOnSole: new Uint8Array(ncell),
    cellForce: new Float64Array(ncell * 3),
    cellContactPoint: new Float64Array(ncell * 3),
    totalForce: new Float64Array(3),
    totalMoment: new Float64Array(3),
    centerOfPressure: new Float64Array(3),
    regionForce: new Float64Array(PLANTAR_REGION_COUNT),
    regionPeakPressure: new Float64Array(PLANTAR_REGION_COUNT),
    regionMeanPressure: new Float64Array(PLANTAR_REGION_COUNT),
    regionContactArea: new Float64Array(PLANTAR_REGION_COUNT),
    summary: { normalForceN: 0, contactAreaM2: 0, peakPressurePa: 0 },
  };
}

/**
 * Contact of the foot with its support. bodyRotation [nbody*9] and bodyPosition
 * [nbody*3] are the body poses in ground (as Data after forwardKinematics, or a copy the
 * caller has moved); `placement` is the sole's pose (placeSole), ignored (and may be
 * null) for barefoot. Fills every output buffer of `foundation`; allocates nothing.
 */
export function evaluateElasticFoundation(
  foundation: ElasticFoundation,
  bodyRotation: Float64Array,
  bodyPosition: Float64Array,
  placement: SolePlacement | null,
): void {
  const sole = foundation.sole;
  if (sole !== null && placement === null) {
    throw new KinechainError('INVALID_SPEC', `footwear "${sole.name}" needs a sole placement (placeSole) to be evaluated`);
  }
  const law = foundation.tissueLaw;
  const floor = foundation.floorHeightM;
  const lateralSign = foundation.lateralSign;
  const cellBody = foundation.cellBody;
  const location = foundation.cellLocation;
  const area = foundation.cellArea;
  const thickness = foundation.cellTissueThickness;
  const regionOf = foundation.cellRegion;
  const penetrationOut = foundation.cellPenetration;
  const pressureOut = foundation.cellPressure;
  const stiffnessOut = foundation.cellStiffness;
  const complianceOut = foundation.cellCompliance;
  const onSoleOut = foundation.cellOnSole;
  const forceOut = foundation.cellForce;
  const pointOut = foundation.cellContactPoint;
  const regionForce = foundation.regionForce;
  const regionPeak = foundation.regionPeakPressure;
  const regionArea = foundation.regionContactArea;
  regionForce.fill(0);
  regionPeak.fill(0);
  regionArea.fill(0);

  // Sole frame (identity placeholders when barefoot).
  let r0 = 1, r1 = 0, r2 = 0, r3 = 0, r4 = 1, r5 = 0, r6 = 0, r7 = 0, r8 = 1;
  let ox = 0, oy = 0, oz = 0;
  if (sole !== null && placement !== null) {
    const r = placement.rotation;
    r0 = r[0]; r1 = r[1]; r2 = r[2]; r3 = r[3]; r4 = r[4]; r5 = r[5]; r6 = r[6]; r7 = r[7]; r8 = r[8];
    ox = placement.origin[0];
    oy = placement.origin[1];
    oz = placement.origin[2];
  }

  const highestTop = sole !== null ? (sole.highestTopM ?? Infinity) : Infinity;
  const columnPressure = foundation.cellColumnPressure;
  const normalOut = foundation.cellNormal;
  const spreading = foundation.loadSpreadingReach > 0;
  const contactWeight = foundation.cellContactWeight;
  const ramp = foundation.loadSpreadingContactM;
  let anyContact = false;
  // Pass 1: each column alone (penetration, pressure, support normal and contact point).
  for (let i = 0; i < foundation.ncell; i++) {
    const b = cellBody[i];
    const rb = 9 * b;
    const lx = location[3 * i];
    const ly = location[3 * i + 1];
    const lz = location[3 * i + 2];
    const px = bodyRotation[rb] * lx + bodyRotation[rb + 1] * ly + bodyRotation[rb + 2] * lz + bodyPosition[3 * b];
    const py = bodyRotation[rb + 3] * lx + bodyRotation[rb + 4] * ly + bodyRotation[rb + 5] * lz + bodyPosition[3 * b + 1];
    const pz = bodyRotation[rb + 6] * lx + bodyRotation[rb + 7] * ly + bodyRotation[rb + 8] * lz + bodyPosition[3 * b + 2];

    let penetration: number;
    let compliance = 0;
    let nx = 0, ny = 1, nz = 0;
    let onSole = 0;
    if (sole !== null) {
      // Skin point in the sole frame: R^T (p - o).
      const dx = px - ox;
      const dy = py - oy;
      const dz = pz - oz;
      const s = r0 * dx + r3 * dy + r6 * dz;
      const height = r1 * dx + r4 * dy + r7 * dz;
      const w = lateralSign * (r2 * dx + r5 * dy + r8 * dz);
      if (onSoleOutline(sole, s, w)) {
        onSole = 1;
        // Skin above the sole's highest point cannot touch: its gap is at least that far
        // (the exact top, the costliest look-up, is read only for skin that may touch).
        if (height > highestTop) penetration = highestTop - height;
        else {
          penetration = soleTopHeight(sole, s, w) - height;
          compliance = soleCompliance(sole, s, w);
        }
        nx = r1;
        ny = r4;
        nz = r7;
      } else penetration = floor - py;
    } else penetration = floor - py;

    const pressure = seriesPressure(penetration, thickness[i], law, compliance);
    penetrationOut[i] = penetration;
    columnPressure[i] = pressure;
    pressureOut[i] = pressure;
    stiffnessOut[i] = penetration > 0 ? seriesStiffness(pressure, thickness[i], law, compliance) : 0;
    complianceOut[i] = compliance;
    onSoleOut[i] = onSole;
    normalOut[3 * i] = nx;
    normalOut[3 * i + 1] = ny;
    normalOut[3 * i + 2] = nz;
    // The support surface point below the cell (the skin point moved out along n).
    const lift = penetration > 0 ? penetration : 0;
    pointOut[3 * i] = px + lift * nx;
    pointOut[3 * i + 1] = py + lift * ny;
    pointOut[3 * i + 2] = pz + lift * nz;
    if (penetration > 0) anyContact = true;
    if (spreading) {
      // Skin in contact takes spread load; the weight ramps up smoothly over the first
      // `ramp` of penetration so that the spread forces are continuous in the placement.
      contactWeight[i] = penetration > 0 ? smoothstep(penetration / ramp) : 0;
    }
  }

  // Pass 2: load spreading through the pad. Each column's force p A is shared among the
  // cells in contact around it with the Boussinesq weights (1 + r^2/t^2)^(-5/2), t the
  // spreading depth; the shares of each column sum to its force.
  if (spreading && anyContact) {
    const start = foundation.spreadStart;
    const neighbour = foundation.spreadNeighbour;
    const weight = foundation.spreadWeight;
    pressureOut.fill(0);
    for (let i = 0; i < foundation.ncell; i++) {
      const force = columnPressure[i] * area[i];
      if (force === 0) continue;
      let norm = 0;
      for (let k = start[i]; k < start[i + 1]; k++) norm += weight[k] * contactWeight[neighbour[k]];
      const scale = force / norm;
      for (let k = start[i]; k < start[i + 1]; k++) {
        const j = neighbour[k];
        const c = contactWeight[j];
        if (c !== 0) pressureOut[j] += (scale * weight[k] * c) / area[j];
      }
    }
  }

  // Pass 3: forces p A n at the support points, totals and regions.
  let fx = 0, fy = 0, fz = 0, mx = 0, my = 0, mz = 0;
  let normalForce = 0;
  let contactArea = 0;
  let peak = 0;
  for (let i = 0; i < foundation.ncell; i++) {
    const pressure = pressureOut[i];
    const magnitude = pressure * area[i];
    const cfx = magnitude * normalOut[3 * i];
    const cfy = magnitude * normalOut[3 * i + 1];
    const cfz = magnitude * normalOut[3 * i + 2];
    forceOut[3 * i] = cfx;
    forceOut[3 * i + 1] = cfy;
    forceOut[3 * i + 2] = cfz;
    if (magnitude === 0) continue;
    const cx = pointOut[3 * i];
    const cy = pointOut[3 * i + 1];
    const cz = pointOut[3 * i + 2];
    fx += cfx;
    fy += cfy;
    fz += cfz;
    mx += cy * cfz - cz * cfy;
    my += cz * cfx - cx * cfz;
    mz += cx * cfy - cy * cfx;
    normalForce += magnitude;
    contactArea += area[i];
    if (pressure > peak) peak = pressure;
    const region = regionOf[i];
    regionForce[region] += magnitude;
    regionArea[region] += area[i];
    if (pressure > regionPeak[region]) regionPeak[region] = pressure;
  }
  for (let k = 0; k < PLANTAR_REGION_COUNT; k++) {
    foundation.regionMeanPressure[k] = regionArea[k] > 0 ? regionForce[k] / regionArea[k] : 0;
  }
  const total = foundation.totalForce;
  total[0] = fx;
  total[1] = fy;
  total[2] = fz;
  const moment = foundation.totalMoment;
  moment[0] = mx;
  moment[1] = my;
  moment[2] = mz;
  const cop = foundation.centerOfPressure;
  if (fy > 0) {
    cop[0] = (mz + floor * fx) / fy;
    cop[1] = floor;
    cop[2] = (floor * fz - mx) / fy;
  } else {
    cop[0] = NaN;
    cop[1] = NaN;
    cop[2] = NaN;
  }
  foundation.summary.normalForceN = normalForce;
  foundation.summary.contactAreaM2 = contactArea;
  foundation.summary.peakPressurePa = peak;
}
