import { beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { parseXml } from '../io/xml/parse-xml.js';
import type { XmlElement } from '../io/xml/xml-element.js';
import { FOOTWEAR_CATALOGUE, FOOTWEAR_NAMES } from '../library/footwear.js';
import { parseFootwear } from '../spec/footwear-schema.js';
import {
  compareFootwear,
  FOOTWEAR_MEASURE_KEYS,
  footwearCatalog,
  footwearComparisonSvg,
  HELP_THRESHOLD_PERCENT,
  IMPAIRMENT_FOCUS,
  type FootwearComparison,
} from './footwear.js';
import { STANCE_PRESSURE_REGIONS, stanceAnalysis } from './stance.js';

const SLOW_MS = 300_000;

function measure(comparison: FootwearComparison, key: string) {
  const found = comparison.measures.find((entry) => entry.key === key);
  if (found === undefined) throw new Error(`no measure ${key}`);
  return found;
}

function elements(root: XmlElement, predicate: (element: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement): void => {
    if (predicate(element)) found.push(element);
    element.children.forEach(visit);
  };
  visit(root);
  return found;
}

/** flat-shoe (reference), heel-cup, flat-shoe again; a painful heel. */
let heel: FootwearComparison;
/** healing-sole (reference) and flat-sandal; no impairment. */
let healing: FootwearComparison;
const progress: [number, number][] = [];

beforeAll(() => {
  heel = compareFootwear({
    footwear: ['flat-shoe', 'heel-cup', 'flat-shoe'],
    impairments: [{ name: 'painful-heel' }],
    onProgress: (done, total) => progress.push([done, total]),
  });
  healing = compareFootwear({ footwear: ['healing-sole', 'flat-sandal'] });
}, SLOW_MS);

describe('footwearCatalog', () => {
  it('lists every catalogue design with its validated document, stack heights and features', () => {
    const catalog = footwearCatalog();
    expect(catalog.map((entry) => entry.name)).toEqual([...FOOTWEAR_NAMES]);
    for (const entry of catalog) {
      expect(parseFootwear(JSON.parse(JSON.stringify(entry.design)))).toEqual(FOOTWEAR_CATALOGUE[entry.name as keyof typeof FOOTWEAR_CATALOGUE]);
      const heelStack = 1000 * entry.design.layers.reduce((sum, layer) => sum + layer.thickness.heelM, 0);
      expect(entry.stackHeelMm).toBeCloseTo(heelStack, 9);
      expect(entry.dropMm).toBeCloseTo(entry.stackHeelMm - entry.stackForefootMm, 9);
      expect(entry.layers).toHaveLength(entry.design.layers.length);
    }
    const byName = Object.fromEntries(catalog.map((entry) => [entry.name, entry]));
    expect(byName.barefoot.stackHeelMm).toBe(0);
    expect(byName['flat-shoe'].features).toEqual([]);
    expect(byName['rocker-shoe'].features.join()).toMatch(/rocker/);
    expect(byName['heel-cup'].features.join()).toMatch(/heel cup/);
    expect(byName['healing-sole'].features.join()).toMatch(/rocker.*arch support.*soft inner heel/);
  });
});

describe('compareFootwear: the table', () => {
  it('has every measure, one value per design, and differences against the first design', () => {
    for (const comparison of [heel, healing]) {
      expect(comparison.measures.map((entry) => entry.key)).toEqual([...FOOTWEAR_MEASURE_KEYS]);
      for (const entry of comparison.measures) {
        expect(entry.values).toHaveLength(comparison.designs.length);
        entry.values.forEach((value, d) => {
          expect(Number.isFinite(value)).toBe(true);
          expect(entry.differences[d]).toBe(value - entry.values[0]);
          const relative = entry.relativeDifferencesPercent[d];
          if (relative !== null) expect(relative).toBeCloseTo((100 * entry.differences[d]) / Math.abs(entry.values[0]), 9);
        });
        expect(entry.differences[0]).toBe(0);
      }
    }
  });

  it('gives exactly zero difference for a design compared with itself', () => {
    for (const entry of heel.measures) {
      expect(entry.differences[2], entry.key).toBe(0);
      expect(entry.relativeDifferencesPercent[2] ?? 0, entry.key).toBe(0);
    }
    expect(heel.designs[2].curves).toEqual(heel.designs[0].curves);
  });

  it('lowers the heel peak pressure with the heel cup against the flat shoe it is built on', () => {
    const heelPeak = measure(heel, 'peakPressureKPa.heel');
    expect(heelPeak.differences[1]).toBeLessThan(0);
    expect(heelPeak.values[1]).toBeLessThan(heelPeak.values[0]);
    // The cup changes nothing under the forefoot: same shoe, same trial.
    expect(measure(heel, 'peakPressureKPa.mth1').differences[1]).toBeCloseTo(0, 6);
  });

  it('contains every plantar region and the L5/S1 row for healing-sole against flat-sandal', () => {
    const keys = healing.measures.map((entry) => entry.key);
    for (const region of STANCE_PRESSURE_REGIONS) expect(keys).toContain(`peakPressureKPa.${region}`);
    for (const key of ['l5s1PeakCompressionBW', 'plantarFasciaPeakForceBW', 'plantarFasciaPeakStrain', 'mtp1PeakDorsiflexionDeg', 'achillesPeakForceBW']) {
      expect(keys).toContain(key);
    }
    const l5s1 = measure(healing, 'l5s1PeakCompressionBW');
    expect(l5s1.unit).toBe('BW');
    expect(l5s1.values[0]).toBe(healing.designs[0].summary.l5s1PeakCompressionBW);
    expect(healing.reference).toBe('healing-sole');
  });

  it('matches the stance analysis of each design, and reports progress per design', () => {
    const single = stanceAnalysis({ footwear: 'heel-cup' });
    expect(heel.designs[1].summary).toEqual(single.summary);
    expect(heel.designs[1].curves.l5s1CompressionBW).toEqual(single.timeSeries.l5s1CompressionBW);
    expect(progress).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(healing))).toEqual(healing);
  });
});

describe('compareFootwear: where each design helps', () => {
  it('ranks the measures a painful heel loads, and only those', () => {
    const focus = heel.measures.filter((entry) => entry.focus).map((entry) => entry.key);
    expect(focus.sort()).toEqual([...IMPAIRMENT_FOCUS['painful-heel'].measures].sort());
    expect(heel.focus.map((entry) => entry.impairment)).toEqual(['painful-heel']);
    expect(heel.bestByMeasure.map((best) => best.key).sort()).toEqual(focus.sort());
  });

  it('finds the heel cup helping under the heel, from the numbers, and the repeated design helping nowhere', () => {
    const cup = heel.helps.find((help) => help.design === 'heel-cup');
    const again = heel.helps.find((help) => help.index === 2);
    expect(cup?.helps.map((change) => change.key)).toContain('peakPressureKPa.heel');
    expect(heel.bestByMeasure.find((best) => best.key === 'peakPressureKPa.heel')?.design).toBe('heel-cup');
    expect(again?.helps).toEqual([]);
    expect(again?.costs).toEqual([]);
    expect(again?.meanChangePercent).toBe(0);
    expect(again?.text).toMatch(/no focus measure/);
    // Ranked: lowest mean change first; the cup lowers the heel loads, so it comes first.
    expect(heel.helps[0].design).toBe('heel-cup');
  });

  it('credits each design with the focus measures it is lowest in by the threshold, and a repeated design with none', () => {
    const byIndex = (comparison: FootwearComparison, index: number) => comparison.strengths.find((strength) => strength.index === index);
    expect(byIndex(heel, 1)?.lowest.map((entry) => entry.key)).toContain('peakPressureKPa.heel');
    // flat-shoe is listed twice: it ties with itself wherever it is lowest.
    expect(byIndex(heel, 0)?.lowest).toEqual([]);
    expect(byIndex(heel, 2)?.lowest).toEqual([]);
    expect(heel.strengths[0].design).toBe('heel-cup');
    for (const comparison of [heel, healing]) {
      expect(comparison.strengths.map((strength) => strength.index).sort()).toEqual(comparison.designs.map((_, d) => d));
      for (const strength of comparison.strengths) {
        for (const entry of strength.lowest) {
          const values = measure(comparison, entry.key).values;
          values.forEach((value, d) => {
            if (d !== strength.index) expect(value).toBeGreaterThanOrEqual(entry.value * (1 + HELP_THRESHOLD_PERCENT / 100) - 1e-9);
          });
        }
      }
      for (let i = 1; i < comparison.strengths.length; i++) {
        expect(comparison.strengths[i].lowest.length).toBeLessThanOrEqual(comparison.strengths[i - 1].lowest.length);
      }
    }
  });

  it('finds the rocker-bottomed healing sole lowest under the first metatarsal head against the thin flat sandal', () => {
    const strength = healing.strengths.find((entry) => entry.design === 'healing-sole');
    expect(strength?.lowest.map((entry) => entry.key)).toContain('peakPressureKPa.mth1');
  });

  it('lists as helps exactly the focus measures lowered by the threshold, largest relief first', () => {
    for (const comparison of [heel, healing]) {
      for (const help of comparison.helps) {
        const expected = comparison.measures
          .filter((entry) => entry.focus && (entry.relativeDifferencesPercent[help.index] ?? 0) <= -HELP_THRESHOLD_PERCENT)
          .map((entry) => entry.key);
        expect(help.helps.map((change) => change.key).sort()).toEqual(expected.sort());
        for (let i = 1; i < help.helps.length; i++) {
          expect(help.helps[i].relativeDifferencePercent).toBeGreaterThanOrEqual(help.helps[i - 1].relativeDifferencePercent);
        }
        for (const cost of help.costs) expect(cost.relativeDifferencePercent).toBeGreaterThanOrEqual(HELP_THRESHOLD_PERCENT);
      }
      for (let i = 1; i < comparison.helps.length; i++) {
        expect(comparison.helps[i].meanChangePercent).toBeGreaterThanOrEqual(comparison.helps[i - 1].meanChangePercent);
      }
    }
  });

  it('ranks every load measure without impairments, but never the joint moments', () => {
    const focus = healing.measures.filter((entry) => entry.focus);
    expect(focus.length).toBe(healing.measures.filter((entry) => entry.ranked).length);
    expect(healing.measures.filter((entry) => entry.group === 'joint moment').every((entry) => !entry.focus && !entry.ranked)).toBe(true);
  });
});

describe('footwearComparisonSvg', () => {
  it('draws one pressure map per design on one scale and one curve per design in each panel', () => {
    const root = parseXml(footwearComparisonSvg(healing));
    const maps = elements(root, (e) => e.name === 'g' && e.attributes.class === 'pressure-map');
    expect(maps.map((g) => g.attributes['data-label'])).toEqual(['healing-sole', 'flat-sandal']);
    const heelCentral = maps.map((g) => elements(g, (e) => e.attributes['data-region'] === 'centralHeel')[0]);
    heelCentral.forEach((path, d) => expect(Number(path.attributes['data-value'])).toBe(healing.designs[d].summary.peakPressureKPa.heelCentral));
    const panels = elements(root, (e) => e.name === 'g' && e.attributes.class === 'curve-panel');
    expect(panels.map((g) => g.attributes['data-title'])).toEqual([
      'Vertical ground reaction force',
      'Plantar fascia force',
      'First MTP dorsiflexion',
      'L5/S1 compression',
    ]);
    for (const panel of panels) expect(elements(panel, (e) => e.name === 'polyline')).toHaveLength(2);
  });
});

describe('compareFootwear: bad requests', () => {
  const failure = (request: unknown): string => {
    try {
      compareFootwear(request as never);
    } catch (error) {
      expect(error).toBeInstanceOf(KinechainError);
      return `${(error as KinechainError).code}: ${(error as KinechainError).message}`;
    }
    return 'no error';
  };

  it('needs two to eight designs, each a catalogue name or a valid design, before running any', () => {
    expect(failure({ footwear: ['flat-shoe'] })).toMatch(/^MALFORMED_INPUT: compare 2 to 8/);
    expect(failure({ footwear: 'flat-shoe' })).toMatch(/^MALFORMED_INPUT/);
    expect(failure({ footwear: ['flat-shoe', 'rocker'] })).toMatch(/^UNKNOWN_NAME: unknown footwear "rocker" \(did you mean "rocker-shoe"/);
    expect(failure({ footwear: ['flat-shoe', { name: 'x' }] })).toMatch(/^INVALID_SPEC: invalid footwear 2/);
    expect(failure({ footwear: ['flat-shoe', 'heel-cup'], impairments: ['painful-heel=2'] })).toMatch(/^OUT_OF_RANGE/);
  });
});
