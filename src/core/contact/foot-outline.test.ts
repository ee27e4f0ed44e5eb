import { describe, expect, it } from 'vitest';
import {
  PLANTAR_REGION_NAMES,
  checkPlantarShape,
  footSegmentAt,
  insideOutline,
  metatarsalBreakX,
  outlineEdges,
  plantarCells,
  plantarRegionAt,
  toeCreaseX,
  unloadedSkinHeight,
  type PlantarShape,
} from './foot-outline.js';
import { defaultPlantarShape } from '../../library/plantar-loading.js';
import { footLandmarks } from '../../library/foot-geometry.js';
import { KinechainError } from '../errors.js';

const SHAPE = defaultPlantarShape();
const FOOT_LENGTH = 0.266;

/** Area of the outline (fraction^2) by integrating its width. */
function outlineArea(shape: PlantarShape): number {
  const edges = [0, 0];
  let area = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    outlineEdges(shape, (i + 0.5) / n, edges);
    area += (edges[1] - edges[0]) / n;
  }
  return area;
}

describe('plantar outline and region mask', () => {
  it('the cells cover the outline: their area converges to the outline area', () => {
    const exact = outlineArea(SHAPE) * FOOT_LENGTH * FOOT_LENGTH;
    const errors = [0.01, 0.005, 0.0025].map((size) => {
      const cells = plantarCells(SHAPE, FOOT_LENGTH, size);
      const area = cells.reduce((sum, cell) => sum + cell.areaM2, 0);
      return Math.abs(area / exact - 1);
    });
    expect(errors[2]).toBeLessThan(0.01);
    expect(errors[2]).toBeLessThan(errors[0]);
    // A 26.6 cm adult footprint outline (arch included) is of order 150 cm^2.
    expect(exact * 1e4).toBeGreaterThan(120);
    expect(exact * 1e4).toBeLessThan(200);
  });

  it('every region and segment has cells, and every cell lies inside the outline', () => {
    const cells = plantarCells(SHAPE, FOOT_LENGTH, 0.005);
    for (const region of PLANTAR_REGION_NAMES) expect(cells.some((cell) => cell.region === region)).toBe(true);
    for (const segment of ['calcn', 'forefoot', 'toes'] as const) expect(cells.some((cell) => cell.segment === segment)).toBe(true);
    for (const cell of cells) expect(insideOutline(SHAPE, cell.x / FOOT_LENGTH, cell.z / FOOT_LENGTH)).toBe(true);
  });

  it('the grid is symmetric about the foot axis, so the left foot mirrors the right exactly', () => {
    const size = 0.005;
    const onLattice = (z: number) => Math.abs(z / size - 0.5 - Math.round(z / size - 0.5)) < 1e-9;
    // Cell centres sit at (j + 1/2) size; that lattice maps onto itself under z -> -z.
    for (const cell of plantarCells(SHAPE, FOOT_LENGTH, size)) {
      expect(onLattice(cell.z)).toBe(true);
      expect(onLattice(-cell.z)).toBe(true);
    }
  });

  it('the heel, metatarsal heads and toe pulps rest on the floor; the arch and the sulcus do not', () => {
    const landmarks = footLandmarks();
    const heel = unloadedSkinHeight(SHAPE, landmarks.heelContact[0], 0.01);
    expect(heel).toBeLessThan(0.002);
    expect(unloadedSkinHeight(SHAPE, landmarks.firstMetatarsalHead[0], landmarks.firstMetatarsalHead[2])).toBeLessThan(0.003);
    expect(unloadedSkinHeight(SHAPE, landmarks.fifthMetatarsalHead[0], landmarks.fifthMetatarsalHead[2])).toBeLessThan(0.01);
    expect(unloadedSkinHeight(SHAPE, landmarks.toePulpContact[0], landmarks.toePulpContact[2])).toBeLessThan(0.003);
    // The medial arch is high, the lateral midfoot low.
    const medialArch = unloadedSkinHeight(SHAPE, SHAPE.archPeakX, -0.11);
    const lateralArch = unloadedSkinHeight(SHAPE, SHAPE.archPeakX, 0.1);
    expect(medialArch).toBeGreaterThan(0.05);
    expect(lateralArch).toBeLessThan(0.02);
    // The heel is a bowl: higher at its edges than at its centre line.
    expect(unloadedSkinHeight(SHAPE, 0.1, -0.1)).toBeGreaterThan(0.02);
    expect(unloadedSkinHeight(SHAPE, 0.02, 0.01)).toBeGreaterThan(unloadedSkinHeight(SHAPE, 0.08, 0.01));
    // Under the bases of the proximal phalanges the skin is off the floor.
    expect(unloadedSkinHeight(SHAPE, toeCreaseX(SHAPE, -0.1) + SHAPE.toeSulcusHalfWidth, -0.1)).toBeCloseTo(SHAPE.toeSulcusRise, 2);
  });

  it('regions follow the mask: heel thirds, metatarsal heads along the oblique break, hallux medial', () => {
    expect(plantarRegionAt(SHAPE, 0.1, -0.09)).toBe('medialHeel');
    expect(plantarRegionAt(SHAPE, 0.1, 0.01)).toBe('centralHeel');
    expect(plantarRegionAt(SHAPE, 0.1, 0.11)).toBe('lateralHeel');
    expect(plantarRegionAt(SHAPE, 0.4, 0.1)).toBe('midfoot');
    const [x1, z1] = SHAPE.firstMetatarsalHead;
    const [x5, z5] = SHAPE.fifthMetatarsalHead;
    expect(plantarRegionAt(SHAPE, x1, z1)).toBe('firstMetatarsalHead');
    expect(plantarRegionAt(SHAPE, x5, z5)).toBe('fifthMetatarsalHead');
    expect(plantarRegionAt(SHAPE, metatarsalBreakX(SHAPE, (z1 + z5) / 2), (z1 + z5) / 2)).toBe('thirdMetatarsalHead');
    expect(plantarRegionAt(SHAPE, 0.93, -0.1)).toBe('hallux');
    expect(plantarRegionAt(SHAPE, 0.86, 0.05)).toBe('lesserToes');
    // Segments: calcaneus behind the midtarsal line, toes ahead of the metatarsal break.
    expect(footSegmentAt(SHAPE, SHAPE.midtarsalX - 0.01, 0)).toBe('calcn');
    expect(footSegmentAt(SHAPE, SHAPE.midtarsalX + 0.01, 0)).toBe('forefoot');
    expect(footSegmentAt(SHAPE, metatarsalBreakX(SHAPE, 0) - 0.001, 0)).toBe('forefoot');
    expect(footSegmentAt(SHAPE, metatarsalBreakX(SHAPE, 0) + 0.001, 0)).toBe('toes');
    // The toe regions lie on the toe segment; the toe segment's other cells are the skin
    // under the heads ahead of the break (metatarsal-head regions).
    for (const cell of plantarCells(SHAPE, FOOT_LENGTH, 0.005)) {
      if (cell.region === 'hallux' || cell.region === 'lesserToes') expect(cell.segment).toBe('toes');
      if (cell.segment === 'toes' && cell.region !== 'hallux' && cell.region !== 'lesserToes') {
        expect(cell.region).toMatch(/MetatarsalHead$/);
        expect(cell.x / FOOT_LENGTH).toBeGreaterThanOrEqual(metatarsalBreakX(SHAPE, cell.z / FOOT_LENGTH));
      }
    }
  });

  it('rejects bad shapes and grids with the reason', () => {
    expect(() => checkPlantarShape({ ...SHAPE, outlineX: [0, 0.5, 0.4, 1] , outlineMedialZ: [0, 0, 0, 0], outlineLateralZ: [0, 0, 0, 0] })).toThrow(/increase/);
    expect(() => checkPlantarShape({ ...SHAPE, archPeakX: 0.1 })).toThrow(/archPeakX/);
    expect(() => plantarCells(SHAPE, FOOT_LENGTH, 0.05)).toThrow(KinechainError);
    expect(() => plantarCells(SHAPE, 2, 0.005)).toThrow(/implausible/);
  });
});
