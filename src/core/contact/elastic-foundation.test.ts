import { describe, expect, it } from 'vitest';
import {
  LOCK_FRACTION,
  evaluateElasticFoundation,
  makeElasticFoundation,
  makeSolePlacement,
  makeSoleSurface,
  onSoleOutline,
  placeSole,
  seriesPressure,
  seriesStiffness,
  soleCompliance,
  soleRollingContact,
  soleTopHeight,
  type FoundationCellSpec,
  type PlantarTissueLaw,
  type SoleSurface,
} from './elastic-foundation.js';
import { heelShapeHeight, type PlantarShape } from './foot-outline.js';
import { defaultPlantarShape } from '../../library/plantar-loading.js';
import { FOOTWEAR_CATALOGUE } from '../../library/footwear.js';
import { parseFootwear, type FootwearInput } from '../../spec/footwear-schema.js';
import { KinechainError } from '../errors.js';

const LAW: PlantarTissueLaw = { initialModulusPa: 200e3, limitStrain: 0.5 };
const FOOT_LENGTH = 0.266;
const SHAPE: PlantarShape = defaultPlantarShape();

/** Penetration of a tissue column of thickness h and sole compliance C at pressure p (the inverse of seriesPressure). */
function penetrationAt(pressure: number, h: number, law: PlantarTissueLaw, compliance: number): number {
  const lockStrain = LOCK_FRACTION * law.limitStrain;
  const lockPressure = (law.initialModulusPa * lockStrain) / (1 - LOCK_FRACTION);
  if (pressure <= lockPressure) {
    const strain = (pressure * law.limitStrain) / (law.initialModulusPa * law.limitStrain + pressure);
    return h * strain + compliance * pressure;
  }
  const lockStiffness = law.initialModulusPa / (h * (1 - LOCK_FRACTION) ** 2);
  return h * lockStrain + (pressure - lockPressure) / lockStiffness + compliance * pressure;
}

/** Gauss-Legendre (8 points) on n panels: an accurate reference integral. */
function integrate(f: (x: number) => number, a: number, b: number, panels = 400): number {
  const nodes = [
    -0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498, 0.1834346424956498,
    0.5255324099163290, 0.7966664774136267, 0.9602898564975363,
  ];
  const weights = [
    0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620, 0.3626837833783620,
    0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
  ];
  let sum = 0;
  const width = (b - a) / panels;
  for (let k = 0; k < panels; k++) {
    const mid = a + (k + 0.5) * width;
    for (let i = 0; i < 8; i++) sum += (weights[i] * width * f(mid + (nodes[i] * width) / 2)) / 2;
  }
  return sum;
}

describe('series column of plantar tissue and sole layers', () => {
  it('seriesPressure inverts the penetration law exactly, in the locking and the tangent ranges', () => {
    for (const compliance of [0, 1e-9, 1.5e-8, 1e-7]) {
      for (const h of [0.008, 0.018]) {
        for (const pressure of [1, 1e3, 5e4, 1.5e5, 4e5, 1.9e6, 3e6]) {
          const d = penetrationAt(pressure, h, LAW, compliance);
          expect(Math.abs(seriesPressure(d, h, LAW, compliance) / pressure - 1)).toBeLessThan(1e-11);
        }
      }
    }
  });

  it('gives no pressure without penetration and reduces to the tissue law without a sole', () => {
    expect(seriesPressure(0, 0.018, LAW, 1e-8)).toBe(0);
    expect(seriesPressure(-0.001, 0.018, LAW, 0)).toBe(0);
    // Locking law p = E0 e / (1 - e / e_max) at e = 0.3.
    const expected = (200e3 * 0.3) / (1 - 0.3 / 0.5);
    expect(seriesPressure(0.3 * 0.018, 0.018, LAW, 0) / expected - 1).toBeLessThan(1e-12);
  });

  it('a softer sole in series needs more penetration for the same pressure, and stiffness is dp/dd', () => {
    const d = 0.006;
    expect(seriesPressure(d, 0.018, LAW, 2e-8)).toBeLessThan(seriesPressure(d, 0.018, LAW, 0));
    for (const compliance of [0, 2e-8]) {
      for (const penetration of [0.001, 0.005, 0.0085, 0.02]) {
        const p = seriesPressure(penetration, 0.018, LAW, compliance);
        const step = 1e-8;
        const numeric =
          (seriesPressure(penetration + step, 0.018, LAW, compliance) - seriesPressure(penetration - step, 0.018, LAW, compliance)) /
          (2 * step);
        expect(seriesStiffness(p, 0.018, LAW, compliance) / numeric - 1).toBeLessThan(1e-6);
      }
    }
  });
});

/** A one-body test rig: cells on a square grid under body 1 with skin heights r^2 / (2R) (a paraboloid). */
function paraboloidRig(cellSize: number, radius: number, sink: number, compliance = 0, loadSpreadingReach = 0) {
  const cells: FoundationCellSpec[] = [];
  const reach = Math.sqrt(2 * radius * sink) + 2 * cellSize;
  const n = Math.ceil(reach / cellSize);
  for (let i = -n; i < n; i++) {
    for (let j = -n; j < n; j++) {
      const x = (i + 0.5) * cellSize;
      const z = (j + 0.5) * cellSize;
      cells.push({
        body: 1,
        location: [x, (x * x + z * z) / (2 * radius), z],
        areaM2: cellSize * cellSize,
        tissueThicknessM: 0.018,
        region: 'centralHeel',
        footX: x,
        footZ: z,
      });
    }
  }
  const foundation = makeElasticFoundation(cells, { side: 'r', nbody: 2, tissueLaw: LAW, sole: null, loadSpreadingReach });
  const rotation = new Float64Array(18);
  rotation[0] = rotation[4] = rotation[8] = rotation[9] = rotation[13] = rotation[17] = 1;
  const position = new Float64Array([0, 0, 0, 0.01, -sink, -0.02]);
  evaluateElasticFoundation(foundation, rotation, position, null);
  const expected = 2 * Math.PI * radius * integrate((u) => seriesPressure(u, 0.018, LAW, compliance), 0, sink);
  return { foundation, expected };
}

describe('elastic foundation on a flat floor', () => {
  it('total force equals the sum of pressure times area, and converges to the integral of pressure', () => {
    const errors: number[] = [];
    for (const size of [0.004, 0.002, 0.001, 0.0005]) {
      const { foundation, expected } = paraboloidRig(size, 0.06, 0.006);
      let sum = 0;
      for (let i = 0; i < foundation.ncell; i++) sum += foundation.cellPressure[i] * foundation.cellArea[i];
      // Flat floor: every force is vertical.
      expect(foundation.totalForce[1] / sum - 1).toBeLessThan(1e-12);
      expect(foundation.summary.normalForceN / sum - 1).toBeLessThan(1e-12);
      expect(foundation.totalForce[0]).toBe(0);
      expect(foundation.totalForce[2]).toBe(0);
      errors.push(Math.abs(foundation.totalForce[1] / expected - 1));
    }
    // The midpoint rule converges: finer cells, smaller error, below 0.1% at 0.5 mm.
    for (let k = 1; k < errors.length; k++) expect(errors[k]).toBeLessThan(errors[k - 1]);
    expect(errors[errors.length - 1]).toBeLessThan(1e-3);
  });

  it('load spreading through the pad keeps every column total, lowers the peak and converges with the cell size', () => {
    const peaks: number[] = [];
    for (const size of [0.004, 0.002, 0.001]) {
      const winkler = paraboloidRig(size, 0.03, 0.008).foundation;
      const spread = paraboloidRig(size, 0.03, 0.008, 0, 2).foundation;
      let columns = 0;
      let sum = 0;
      for (let i = 0; i < spread.ncell; i++) {
        // The column pressures are the Winkler bed's; spreading only moves them.
        expect(spread.cellColumnPressure[i]).toBe(winkler.cellPressure[i]);
        columns += spread.cellColumnPressure[i] * spread.cellArea[i];
        sum += spread.cellPressure[i] * spread.cellArea[i];
        // Only skin in contact takes load.
        if (spread.cellPenetration[i] <= 0) expect(spread.cellPressure[i]).toBe(0);
      }
      expect(Math.abs(sum / columns - 1)).toBeLessThan(1e-12);
      expect(Math.abs(spread.totalForce[1] / winkler.totalForce[1] - 1)).toBeLessThan(1e-12);
      // Symmetric load: the centre of pressure stays under the apex.
      expect(spread.centerOfPressure[0]).toBeCloseTo(0.01, 9);
      expect(spread.centerOfPressure[2]).toBeCloseTo(-0.02, 9);
      expect(spread.summary.peakPressurePa).toBeLessThan(0.8 * winkler.summary.peakPressurePa);
      peaks.push(spread.summary.peakPressurePa);
    }
    // The spread peak is a property of the pad, not of the grid: within 6% from 4 mm to 1 mm cells.
    expect(Math.abs(peaks[2] / peaks[0] - 1)).toBeLessThan(0.06);
  });

  it('puts the centre of pressure under the apex of a symmetric load, on the floor plane', () => {
    const { foundation } = paraboloidRig(0.001, 0.06, 0.006);
    expect(foundation.centerOfPressure[0]).toBeCloseTo(0.01, 12);
    expect(foundation.centerOfPressure[1]).toBe(0);
    expect(foundation.centerOfPressure[2]).toBeCloseTo(-0.02, 12);
    // Moment about the origin equals r_cop x F for a vertical resultant.
    const [fx, fy, fz] = foundation.totalForce;
    expect(fx).toBe(0);
    expect(fz).toBe(0);
    expect(foundation.totalMoment[2]).toBeCloseTo(0.01 * fy, 10);
    expect(foundation.totalMoment[0]).toBeCloseTo(0.02 * fy, 10);
  });

  it('reports regions: force sums to the total, mean pressure is force over contact area, peak is the largest cell', () => {
    const { foundation } = paraboloidRig(0.002, 0.06, 0.006);
    const k = 1; // centralHeel
    expect(foundation.regionForce[k] / foundation.summary.normalForceN - 1).toBeLessThan(1e-12);
    expect(foundation.regionMeanPressure[k]).toBeCloseTo(foundation.regionForce[k] / foundation.regionContactArea[k], 6);
    expect(foundation.regionPeakPressure[k]).toBe(Math.max(...foundation.cellPressure));
    expect(foundation.regionForce[0]).toBe(0);
  });

  it('rejects bad cells and laws with the reason', () => {
    const cell: FoundationCellSpec = { body: 1, location: [0, 0, 0], areaM2: 1e-4, tissueThicknessM: 0.01, region: 'midfoot', footX: 0, footZ: 0 };
    const make = (cells: FoundationCellSpec[], law = LAW) => () => makeElasticFoundation(cells, { side: 'r', nbody: 2, tissueLaw: law, sole: null });
    expect(make([{ ...cell, body: 2 }])).toThrow(/not a moving body/);
    expect(make([{ ...cell, areaM2: 0 }])).toThrow(/must be > 0/);
    expect(make([{ ...cell, region: 'ankle' as never }])).toThrow(/unknown region/);
    expect(make([cell], { initialModulusPa: 2e5, limitStrain: 1.2 })).toThrow(/limit strain/);
    expect(make([])).toThrow(KinechainError);
  });
});

function sole(name: keyof typeof FOOTWEAR_CATALOGUE): SoleSurface {
  const surface = makeSoleSurface(FOOTWEAR_CATALOGUE[name], FOOT_LENGTH, SHAPE);
  if (surface === null) throw new Error('expected a sole');
  return surface;
}

/** Lift of the bottom at s, read from the sampled profile (linear interpolation). */
function liftAt(surface: SoleSurface, s: number): number {
  const u = Math.min(Math.max(s / surface.sampleSpacingM, 0), surface.sampleCount - 1);
  const i = Math.min(Math.floor(u), surface.sampleCount - 2);
  return surface.bottomLift[i] + (u - i) * (surface.bottomLift[i + 1] - surface.bottomLift[i]);
}

describe('sole surface', () => {
  it('barefoot has no sole', () => {
    expect(makeSoleSurface(FOOTWEAR_CATALOGUE.barefoot, FOOT_LENGTH, SHAPE)).toBeNull();
  });

  it('a flat shoe has the stack height of its layers and their series compliance', () => {
    const flat = sole('flat-shoe');
    const layers = FOOTWEAR_CATALOGUE['flat-shoe'].layers;
    const heelS = flat.heelMarginM + 0.1 * FOOT_LENGTH;
    const expectedTop = layers.reduce((sum, layer) => sum + layer.thickness.heelM, 0);
    const expectedCompliance = layers.reduce((sum, layer) => sum + layer.thickness.heelM / layer.material.compressiveModulusPa, 0);
    expect(soleTopHeight(flat, heelS, 0)).toBeCloseTo(expectedTop, 12);
    expect(soleCompliance(flat, heelS, 0) / expectedCompliance - 1).toBeLessThan(1e-9);
    expect(Math.max(...flat.bottomLift)).toBe(0);
    expect(onSoleOutline(flat, heelS, 0)).toBe(true);
    expect(onSoleOutline(flat, heelS, 0.2)).toBe(false);
    expect(onSoleOutline(flat, -0.001, 0)).toBe(false);
  });

  it('the rocker curves the bottom up beyond the apex and the heel bevel, cut out of the bottom layers', () => {
    const rocker = sole('rocker-shoe');
    const flat = sole('flat-shoe');
    const design = FOOTWEAR_CATALOGUE['rocker-shoe'].rocker;
    if (design === undefined) throw new Error('expected a rocker');
    const apex = design.apexFraction * rocker.lengthM;
    expect(liftAt(rocker, apex - 0.01)).toBe(0);
    expect(liftAt(rocker, apex + 0.03)).toBeGreaterThan(0);
    // At the toe end the bottom leaves the floor at the rocker angle: lift = R (1 - cos angle).
    const radius = (rocker.lengthM - apex) / Math.sin(design.toeRockerAngleRad);
    expect(rocker.bottomLift[rocker.sampleCount - 1]).toBeCloseTo(radius * (1 - Math.cos(design.toeRockerAngleRad)), 12);
    // Same top surface; the thinner column under the toes is stiffer (less compliant).
    const toeS = rocker.lengthM - 0.01;
    expect(soleTopHeight(rocker, toeS, -0.02)).toBeCloseTo(soleTopHeight(flat, toeS, -0.02), 12);
    expect(soleCompliance(rocker, toeS, -0.02)).toBeLessThan(soleCompliance(flat, toeS, -0.02));
    // Between the bevel and the apex nothing changes.
    const midS = 0.4 * rocker.lengthM;
    expect(soleCompliance(rocker, midS, 0)).toBe(soleCompliance(flat, midS, 0));
  });

  it('the rolling contact is the lowest point of the bottom at every pitch', () => {
    const rocker = sole('rocker-shoe');
    const out = new Float64Array(3);
    for (const pitch of [-0.5, -0.26, -0.2, -0.1, -0.01, 0.01, 0.1, 0.17, 0.3]) {
      soleRollingContact(rocker, pitch, out);
      let lowest = Infinity;
      let where = 0;
      for (let k = 0; k <= 40000; k++) {
        const s = (k / 40000) * rocker.lengthM;
        const y = s * Math.sin(pitch) + liftAt(rocker, s) * Math.cos(pitch);
        if (y < lowest) {
          lowest = y;
          where = s;
        }
      }
      expect(out[2]).toBeCloseTo(lowest, 6);
      expect(Math.abs(out[0] - where)).toBeLessThan(2e-3);
    }
    soleRollingContact(rocker, 0, out);
    expect(out[0]).toBeCloseTo(FOOTWEAR_CATALOGUE['rocker-shoe'].rocker!.heelBevelFraction * rocker.lengthM, 12);
    expect(out[1]).toBeCloseTo(FOOTWEAR_CATALOGUE['rocker-shoe'].rocker!.apexFraction * rocker.lengthM, 12);
  });

  it('placeSole rests the base on the floor and puts the heel at the heel margin', () => {
    const rocker = sole('rocker-shoe');
    const placement = makeSolePlacement();
    const heel = [0.1, 0.05, 0.2];
    const forward = [Math.cos(0.2), 0, Math.sin(0.2)];
    for (const pitch of [-0.15, 0, 0.1]) {
      placeSole(rocker, heel, forward, pitch, 0.01, placement);
      const r = placement.rotation;
      // Orthonormal rotation.
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          const dot = r[a] * r[b] + r[3 + a] * r[3 + b] + r[6 + a] * r[6 + b];
          expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
        }
      }
      // Lowest bottom point on the floor y = 0.01.
      let lowest = Infinity;
      for (let k = 0; k <= 2000; k++) {
        const s = (k / 2000) * rocker.lengthM;
        const lift = liftAt(rocker, s);
        lowest = Math.min(lowest, placement.origin[1] + s * r[3] + lift * r[4]);
      }
      expect(lowest).toBeCloseTo(0.01, 6);
      // The heel point lies on the sole's s axis at s = margin (up to a shift along the normal).
      const d = [heel[0] - placement.origin[0], heel[1] - placement.origin[1], heel[2] - placement.origin[2]];
      expect(r[0] * d[0] + r[3] * d[1] + r[6] * d[2]).toBeCloseTo(rocker.heelMarginM, 12);
      expect(r[2] * d[0] + r[5] * d[1] + r[8] * d[2]).toBeCloseTo(0, 12);
    }
  });

  it('an arch support raises the medial midfoot only; a heel cup follows the heel shape', () => {
    const arch = sole('arch-support-insole');
    const flat = sole('flat-shoe');
    const s = arch.heelMarginM + 0.42 * FOOT_LENGTH;
    const medial = -0.12 * FOOT_LENGTH;
    const lateral = 0.13 * FOOT_LENGTH;
    const height = FOOTWEAR_CATALOGUE['arch-support-insole'].archSupport!.heightM;
    expect(soleTopHeight(arch, s, medial) - soleTopHeight(flat, s, medial)).toBeGreaterThan(0.5 * height);
    expect(soleTopHeight(arch, s, lateral) - soleTopHeight(flat, s, lateral)).toBeCloseTo(0, 12);
    const heelS = arch.heelMarginM + 0.1 * FOOT_LENGTH;
    expect(soleTopHeight(arch, heelS, 0)).toBe(soleTopHeight(flat, heelS, 0));

    const cup = sole('heel-cup');
    const design = FOOTWEAR_CATALOGUE['heel-cup'].insole;
    if (design.shape !== 'conforming') throw new Error('expected a conforming insole');
    const x = 0.1;
    for (const z of [-0.08, -0.04, 0, 0.05, 0.09]) {
      const shapeHeight = heelShapeHeight(SHAPE, x, z) * FOOT_LENGTH;
      const rise = soleTopHeight(cup, cup.heelMarginM + x * FOOT_LENGTH, z * FOOT_LENGTH) - soleTopHeight(flat, flat.heelMarginM + x * FOOT_LENGTH, z * FOOT_LENGTH);
      // Bilinear contour grid of 2.5 mm: close to the conformity times the (capped) heel shape.
      expect(rise).toBeCloseTo(design.conformity * Math.min(design.heelCupDepthM, shapeHeight), 3);
    }
  });

  it('a soft inner heel adds compliance inside its ellipse only', () => {
    const healing = sole('healing-sole');
    const zone = FOOTWEAR_CATALOGUE['healing-sole'].heelZone!;
    const noZoneDesign = parseFootwear({ ...FOOTWEAR_CATALOGUE['healing-sole'], heelZone: undefined });
    const plain = makeSoleSurface(noZoneDesign, FOOT_LENGTH, SHAPE)!;
    const s = healing.zoneCenterS;
    const w = healing.zoneCenterW;
    expect(soleCompliance(healing, s, w)).toBeGreaterThan(soleCompliance(plain, s, w));
    expect(soleCompliance(healing, s, w + zone.innerHalfWidthM * 1.2)).toBe(soleCompliance(plain, s, w + zone.innerHalfWidthM * 1.2));
    expect(soleCompliance(healing, s + zone.innerHalfLengthM * 1.2, w)).toBe(soleCompliance(plain, s + zone.innerHalfLengthM * 1.2, w));
  });

  it('rejects a rocker that would cut through the sole, naming the field', () => {
    const thin: FootwearInput = {
      ...FOOTWEAR_CATALOGUE['flat-sandal'],
      rocker: { apexFraction: 0.5, toeRockerAngleRad: 0.5 },
    };
    const design = parseFootwear(thin);
    try {
      makeSoleSurface(design, FOOT_LENGTH, SHAPE);
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(KinechainError);
      expect((error as KinechainError).code).toBe('OUT_OF_RANGE');
      expect((error as KinechainError).message).toMatch(/rocker\.toeRockerAngleRad/);
    }
  });
});
