import { beforeAll, describe, expect, it } from 'vitest';
import { KinechainError } from '../core/errors.js';
import { FOOTWEAR_CATALOGUE } from '../library/footwear.js';
import { STANCE_PRESSURE_REGIONS, stanceAnalysis, type StanceAnalysis } from './stance.js';

const SLOW_MS = 300_000;

function max(values: readonly number[]): number {
  return values.reduce((best, value) => Math.max(best, value), -Infinity);
}

function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

function expectClose(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected)));
}

let flat: StanceAnalysis;
let painful: StanceAnalysis;
let tight: StanceAnalysis;

beforeAll(() => {
  flat = stanceAnalysis({ footwear: 'flat-shoe' });
  painful = stanceAnalysis({ footwear: 'flat-shoe', impairments: [{ name: 'painful-heel', severity: 0.8 }] });
  tight = stanceAnalysis({ footwear: 'flat-shoe', impairments: ['tight-plantar-fascia=2'] });
}, SLOW_MS);

describe('stanceAnalysis: units at the edges', () => {
  it('is plain JSON: it survives a round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(flat))).toEqual(flat);
    expect(flat.footwear).toEqual({
      name: 'flat-shoe',
      description: FOOTWEAR_CATALOGUE['flat-shoe'].description,
      source: FOOTWEAR_CATALOGUE['flat-shoe'].source,
      fromCatalogue: true,
    });
  });

  it('runs from heel strike (0%) to toe-off (100%) with one value of every series per instant', () => {
    const series = flat.timeSeries;
    const n = flat.instants;
    expect(series.stancePercent[0]).toBeCloseTo(0, 12);
    expect(series.stancePercent[n - 1]).toBeCloseTo(100, 12);
    for (const [name, values] of Object.entries(series)) {
      if (name === 'peakPressureKPa') continue;
      expect((values as number[]).length, name).toBe(n);
    }
    for (const region of STANCE_PRESSURE_REGIONS) expect(series.peakPressureKPa[region]).toHaveLength(n);
  });

  it('reports each peak as the largest value of its own series, at the stance percentage where it occurs', () => {
    const { summary, timeSeries: series } = flat;
    for (const region of STANCE_PRESSURE_REGIONS) {
      expect(summary.peakPressureKPa[region]).toBe(max(series.peakPressureKPa[region]));
      expectClose(summary.peakPressureTimingPercent[region], series.stancePercent[argMax(series.peakPressureKPa[region])]);
    }
    expectClose(summary.plantarFasciaPeakForceBW, max(series.plantarFasciaForceBW));
    expectClose(summary.plantarFasciaPeakForceTimingPercent, series.stancePercent[argMax(series.plantarFasciaForceBW)]);
    expectClose(summary.plantarFasciaPeakStrain, max(series.plantarFasciaStrain));
    expectClose(summary.mtp1PeakDorsiflexionDeg, max(series.mtp1DorsiflexionDeg));
    expectClose(summary.achillesPeakForceBW, max(series.achillesForceBW));
    expectClose(summary.l5s1PeakCompressionBW, max(series.l5s1CompressionBW));
    expectClose(summary.ankleMomentPeakNmPerKg, max(series.ankleMomentNmPerKg));
    expectClose(summary.kneeMomentPeakNmPerKg, max(series.kneeMomentNmPerKg));
    expectClose(summary.hipMomentPeakNmPerKg, max(series.hipMomentNmPerKg));
  });

  it('scales forces by the body weight and moments by the body mass of the subject', () => {
    // Body weight = mass x g: a force in BW times the weight, and a moment per kg times the mass, are the same load.
    expectClose(flat.bodyWeightN / flat.subject.massKg, 9.80665, 1e-6);
    // The whole heel is its three thirds; the forefoot is its five heads.
    const peaks = flat.summary.peakPressureKPa;
    expect(peaks.heel).toBe(Math.max(peaks.heelMedial, peaks.heelCentral, peaks.heelLateral));
    expect(peaks.forefoot).toBe(Math.max(peaks.mth1, peaks.mth2, peaks.mth3, peaks.mth4, peaks.mth5));
    // The vertical force of walking peaks near 1.0-1.3 BW.
    expect(max(flat.timeSeries.verticalForceBW)).toBeGreaterThan(0.9);
    expect(max(flat.timeSeries.verticalForceBW)).toBeLessThan(1.5);
  });
});

describe('stanceAnalysis: impairments', () => {
  it('reports an impairment that changes only what the person tolerates, and leaves the mechanics as they are', () => {
    expect(painful.impairments.map((impairment) => [impairment.name, impairment.severity, impairment.side])).toEqual([['painful-heel', 0.8, 'r']]);
    expect(painful.mechanicalImpairments).toEqual([]);
    expect(painful.summary).toEqual(flat.summary);
    expect(painful.notes.some((note) => note.includes('painful-heel'))).toBe(true);
  });

  it('loads a shorter, stiffer plantar fascia more over the same stance', () => {
    expect(tight.mechanicalImpairments).toEqual(['tight-plantar-fascia']);
    expect(tight.summary.plantarFasciaPeakForceBW).toBeGreaterThan(flat.summary.plantarFasciaPeakForceBW);
    expect(tight.summary.plantarFasciaPeakStrain).toBeGreaterThan(flat.summary.plantarFasciaPeakStrain);
    // The trial and its ground reaction force are the same.
    expect(tight.timeSeries.verticalForceBW).toEqual(flat.timeSeries.verticalForceBW);
  });

  it('gives the same answer for a catalogue design named or sent as a document', () => {
    const sent = stanceAnalysis({ footwear: JSON.parse(JSON.stringify(FOOTWEAR_CATALOGUE['flat-shoe'])) });
    expect(sent.footwear.fromCatalogue).toBe(false);
    expect(sent.summary).toEqual(flat.summary);
  });
});

describe('stanceAnalysis: bad requests', () => {
  const code = (request: unknown): string => {
    try {
      stanceAnalysis(request as never);
    } catch (error) {
      expect(error).toBeInstanceOf(KinechainError);
      return `${(error as KinechainError).code}: ${(error as KinechainError).message}`;
    }
    return 'no error';
  };

  it('names the closest catalogue designs for an unknown name', () => {
    expect(code({ footwear: 'heel-cups' })).toMatch(/^UNKNOWN_NAME: unknown footwear "heel-cups" \(did you mean "heel-cup"/);
    expect(code({ footwear: '' })).toMatch(/^MALFORMED_INPUT/);
    expect(code({ footwear: 42 })).toMatch(/^MALFORMED_INPUT: .*not number/);
  });

  it('says which field of a design object is wrong', () => {
    expect(code({ footwear: { name: 'mine', description: 'd', source: 's', layers: [{ name: 'sole' }] } })).toMatch(/^INVALID_SPEC: .*layers\[0\]\.material/);
    expect(code({ footwear: { name: 'mine', description: 'd', source: 's', heelMarginM: 1 } })).toMatch(/^OUT_OF_RANGE: .*heelMarginM/);
  });

  it('refuses an impairment that is unknown, off its scale, malformed or on the left foot', () => {
    expect(code({ footwear: 'flat-shoe', impairments: ['painful-heal'] })).toMatch(/^UNKNOWN_NAME: .*did you mean "painful-heel"/);
    expect(code({ footwear: 'flat-shoe', impairments: [{ name: 'painful-heel', severity: 3 }] })).toMatch(/^OUT_OF_RANGE/);
    expect(code({ footwear: 'flat-shoe', impairments: [{ name: 'painful-heel', severity: 'high' }] })).toMatch(/^MALFORMED_INPUT: severity/);
    expect(code({ footwear: 'flat-shoe', impairments: [{ name: 'painful-heel', level: 1 }] })).toMatch(/^MALFORMED_INPUT: .*"level"/);
    expect(code({ footwear: 'flat-shoe', impairments: [{ name: 'painful-heel', side: 'l' }] })).toMatch(/^MALFORMED_INPUT: .*right foot/);
    expect(code({ footwear: 'flat-shoe', instants: 3 })).toMatch(/^OUT_OF_RANGE: instants/);
  });
});
