import { describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { PLANTAR_REGION_NAMES, type PlantarRegion } from '../core/contact/foot-outline.js';
import { parseXml } from '../io/xml/parse-xml.js';
import type { XmlElement } from '../io/xml/xml-element.js';
import { defaultPlantarShape } from '../library/plantar-loading.js';
import { pressureColor, pressureMapRegions, pressureMapsSvg, pressureScaleMax, type PressureMapInput } from './pressure-map-svg.js';
import { STANCE_PRESSURE_REGIONS, type StancePressureRegion } from './stance-phase.js';

function elements(root: XmlElement, predicate: (element: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement): void => {
    if (predicate(element)) found.push(element);
    element.children.forEach(visit);
  };
  visit(root);
  return found;
}

/** Relative luminance (ITU-R BT.709 weights on the sRGB bytes) of "#rrggbb". */
function luminance(color: string): number {
  const r = parseInt(color.slice(1, 3), 16);
  const g = parseInt(color.slice(3, 5), 16);
  const b = parseInt(color.slice(5, 7), 16);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function map(label: string, scale: number): PressureMapInput {
  const peakPressureKPa = {} as Record<PlantarRegion, number>;
  PLANTAR_REGION_NAMES.forEach((region, index) => (peakPressureKPa[region] = scale * (20 + 25 * index)));
  return { label, peakPressureKPa };
}

const shape = defaultPlantarShape();

describe('pressureColor', () => {
  it('darkens monotonically from 0 to the top of the scale and saturates beyond it', () => {
    let previous = Infinity;
    for (let k = 0; k <= 400; k++) {
      const value = luminance(pressureColor((k / 400) * 300, 300));
      expect(value).toBeLessThanOrEqual(previous + 1e-9);
      previous = value;
    }
    expect(luminance(pressureColor(0, 300))).toBeGreaterThan(luminance(pressureColor(300, 300)) + 100);
    expect(pressureColor(-5, 300)).toBe(pressureColor(0, 300));
    expect(pressureColor(900, 300)).toBe(pressureColor(300, 300));
  });

  it('refuses an empty scale and a value that is not finite', () => {
    expect(() => pressureColor(10, 0)).toThrow(KinechainError);
    expect(() => pressureColor(Number.NaN, 100)).toThrow(KinechainError);
  });
});

describe('pressureMapsSvg', () => {
  const maps = [map('flat <sandal> & "friends"', 1), map('heel-cup', 0.5), map('rocker', 1.2)];
  const svg = pressureMapsSvg('Peak plantar pressure', maps, { shape });
  const root = parseXml(svg);
  const drawn = elements(root, (e) => e.name === 'g' && e.attributes.class === 'pressure-map');

  it('is a well-formed standalone SVG with one map per input, in order, labels escaped', () => {
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(Number(root.attributes.width)).toBeGreaterThan(0);
    expect(drawn.map((g) => g.attributes['data-label'])).toEqual(maps.map((m) => m.label));
    expect(svg).toContain('flat &lt;sandal&gt; &amp; &quot;friends&quot;');
  });

  it('fills every region of every map with the colour of its value on one common scale', () => {
    const top = pressureScaleMax(maps);
    let largest = 0;
    for (const m of maps) for (const region of PLANTAR_REGION_NAMES) largest = Math.max(largest, m.peakPressureKPa[region]);
    expect(top).toBeGreaterThanOrEqual(largest);
    expect(top).toBeLessThan(2 * largest);
    drawn.forEach((g, m) => {
      const regions = elements(g, (e) => e.name === 'path' && e.attributes.class === 'region');
      expect(regions.map((r) => r.attributes['data-region'])).toEqual([...PLANTAR_REGION_NAMES]);
      for (const region of regions) {
        const name = region.attributes['data-region'] as PlantarRegion;
        expect(Number(region.attributes['data-value'])).toBe(maps[m].peakPressureKPa[name]);
        expect(region.attributes.fill).toBe(pressureColor(maps[m].peakPressureKPa[name], top));
        // Every region of the mask covers some of the footprint.
        expect(region.attributes.d.length).toBeGreaterThan(10);
        expect(region.children.find((child) => child.name === 'title')?.text).toContain(`peak ${maps[m].peakPressureKPa[name].toFixed(0)} kPa`);
      }
    });
  });

  it('draws one legend whose ticks rise from 0 to the top of the scale', () => {
    const legends = elements(root, (e) => e.name === 'g' && e.attributes.class === 'pressure-legend');
    expect(legends).toHaveLength(1);
    const ticks = elements(legends[0], (e) => e.name === 'text' && e.attributes.class === 'tick').map((e) => Number(e.text));
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBe(pressureScaleMax(maps));
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBeGreaterThan(ticks[i - 1]);
  });

  it('refuses no maps, and a pressure that is negative or not finite', () => {
    expect(() => pressureMapsSvg('t', [], { shape })).toThrow(KinechainError);
    const bad = map('bad', 1);
    expect(() => pressureMapsSvg('t', [{ ...bad, peakPressureKPa: { ...bad.peakPressureKPa, hallux: Number.NaN } }], { shape })).toThrow(/hallux/);
    expect(() => pressureMapsSvg('t', [{ ...bad, peakPressureKPa: { ...bad.peakPressureKPa, midfoot: -1 } }], { shape })).toThrow(/midfoot/);
  });
});

describe('pressureMapRegions', () => {
  it('takes each drawn region from the stance phase region of the same place', () => {
    const peaks = {} as Record<StancePressureRegion, number>;
    STANCE_PRESSURE_REGIONS.forEach((region, index) => (peaks[region] = index + 1));
    const regions = pressureMapRegions(peaks);
    expect(Object.keys(regions).sort()).toEqual([...PLANTAR_REGION_NAMES].sort());
    expect(regions.medialHeel).toBe(peaks.heelMedial);
    expect(regions.centralHeel).toBe(peaks.heelCentral);
    expect(regions.lateralHeel).toBe(peaks.heelLateral);
    expect(regions.firstMetatarsalHead).toBe(peaks.mth1);
    expect(regions.fifthMetatarsalHead).toBe(peaks.mth5);
    expect(regions.lesserToes).toBe(peaks.lesserToes);
  });
});
