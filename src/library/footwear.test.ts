import { describe, expect, it } from 'vitest';
import { FOOTWEAR_CATALOGUE, FOOTWEAR_DIMENSIONS, FOOTWEAR_MATERIALS, FOOTWEAR_NAMES, footwearByName } from './footwear.js';
import { BAREFOOT_STANDING_NORMS, PLANTAR_SHAPE_PROPORTIONS, PLANTAR_SOFT_TISSUE, defaultPlantarShape } from './plantar-loading.js';
import { checkPlantarShape } from '../core/contact/foot-outline.js';
import { parseFootwear } from '../spec/footwear-schema.js';
import type { LiteratureValue } from './literature-value.js';

function checkSourced(entries: Readonly<Record<string, LiteratureValue>>): void {
  for (const [key, entry] of Object.entries(entries)) {
    expect(entry.source.length, key).toBeGreaterThan(10);
    expect(entry.low, key).toBeDefined();
    expect(entry.high, key).toBeDefined();
    expect(entry.low! <= entry.value && entry.value <= entry.high!, key).toBe(true);
  }
}

describe('footwear catalogue', () => {
  it('holds the seven designs, each valid and with its source', () => {
    expect([...FOOTWEAR_NAMES]).toEqual(['barefoot', 'flat-sandal', 'flat-shoe', 'rocker-shoe', 'arch-support-insole', 'heel-cup', 'healing-sole']);
    for (const name of FOOTWEAR_NAMES) {
      const design = FOOTWEAR_CATALOGUE[name];
      expect(design.name).toBe(name);
      expect(parseFootwear(design)).toEqual(design);
      expect(design.source.length).toBeGreaterThan(3);
      for (const layer of design.layers) expect(layer.material.source.length).toBeGreaterThan(10);
    }
  });

  it('every dimension and material has a source or a stated assumption and a range', () => {
    checkSourced(FOOTWEAR_DIMENSIONS);
    checkSourced(FOOTWEAR_MATERIALS);
    checkSourced(PLANTAR_SOFT_TISSUE);
    checkSourced(PLANTAR_SHAPE_PROPORTIONS);
    checkSourced(BAREFOOT_STANDING_NORMS);
    expect(BAREFOOT_STANDING_NORMS.heelPeakPressureKPa.source).toContain('Cavanagh');
    checkPlantarShape(defaultPlantarShape());
  });

  it('the variants of the flat shoe change one feature each', () => {
    const flat = FOOTWEAR_CATALOGUE['flat-shoe'];
    for (const name of ['rocker-shoe', 'arch-support-insole', 'heel-cup'] as const) {
      expect(FOOTWEAR_CATALOGUE[name].layers).toEqual(flat.layers);
    }
    expect(FOOTWEAR_CATALOGUE['rocker-shoe'].rocker?.apexFraction).toBeGreaterThanOrEqual(0.55);
    expect(FOOTWEAR_CATALOGUE['rocker-shoe'].rocker?.apexFraction).toBeLessThanOrEqual(0.6);
    expect(FOOTWEAR_CATALOGUE['heel-cup'].insole.shape).toBe('conforming');
    const healing = FOOTWEAR_CATALOGUE['healing-sole'];
    expect(healing.rocker).toBeDefined();
    expect(healing.archSupport).toBeDefined();
    expect(healing.heelZone!.innerMaterial.compressiveModulusPa).toBeLessThan(
      healing.layers.find((layer) => layer.name === healing.heelZone!.layer)!.material.compressiveModulusPa,
    );
  });

  it('finds designs by name and suggests close names', () => {
    expect(footwearByName('heel-cup').name).toBe('heel-cup');
    expect(() => footwearByName('roker-shoe')).toThrow(/close names: rocker-shoe/);
  });
});
