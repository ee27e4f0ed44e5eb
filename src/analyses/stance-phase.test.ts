import { beforeAll, describe, expect, it } from 'vitest';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { compile } from '../spec/compile.js';
import { FOOTWEAR_CATALOGUE } from '../library/footwear.js';
import { literatureRange } from '../library/literature-value.js';
import { parseRightStancePhase, readRightStancePhase, WALKING_FOOT_MECHANICS, type StancePhaseTrial } from '../library/walking-reference.js';
import { KinechainError } from '../core/errors.js';
import { analyzeStancePhase, STANCE_PRESSURE_REGIONS, type StancePhaseResult } from './stance-phase.js';

const model = compile(buildBody(DEFAULT_SUBJECT));
let trial: StancePhaseTrial;
const results: Record<string, StancePhaseResult> = {};

function peakOf(values: Float64Array): number {
  let peak = -Infinity;
  for (const value of values) peak = Math.max(peak, value);
  return peak;
}

beforeAll(() => {
  trial = readRightStancePhase();
  for (const name of ['barefoot', 'flat-shoe', 'rocker-shoe', 'heel-cup', 'arch-support-insole'] as const) {
    results[name] = analyzeStancePhase(model, { footwear: FOOTWEAR_CATALOGUE[name], trial });
  }
}, 600_000);

describe('walking reference', () => {
  it('finds one right stance of the trial, loaded throughout and longer than half a second', () => {
    expect(trial.time.length).toBe(100);
    expect(trial.toeOffTimeS - trial.heelStrikeTimeS).toBeGreaterThan(0.5);
    expect(trial.toeOffTimeS - trial.heelStrikeTimeS).toBeLessThan(1.0);
    for (const force of trial.groundForceY) expect(force).toBeGreaterThanOrEqual(20 - 1e-9);
    // Peak vertical force of walking: about 1-1.3 body weights of the trial's subject (~72 kg).
    expect(peakOf(trial.groundForceY)).toBeGreaterThan(600);
  });

  it('rejects fewer than three instants and a trial without stance', () => {
    expect(() => readRightStancePhase(undefined, 2)).toThrow(KinechainError);
    const header = 'name\nendheader\n';
    const coordinates = `${header}time\tankle_angle_r\n0\t0\n1\t0\n`;
    const forces = `${header}time\tground_force_vx\tground_force_vy\tground_force_vz\tground_force_px\n0\t0\t0\t0\t0\n1\t0\t0\t0\t0\n`;
    expect(() => parseRightStancePhase(coordinates, forces)).toThrow(/no complete right stance/);
  });
});

describe('stance phase: barefoot walking', () => {
  it('carries the trial vertical force at every instant', () => {
    for (const name of Object.keys(results)) {
      const series = results[name].timeSeries;
      for (let i = 0; i < series.time.length; i++) {
        expect(Math.abs(series.contactVerticalForceN[i] - series.verticalForceN[i]), `${name} ${i}`).toBeLessThan(1e-5);
      }
      expect(results[name].summary.maxVerticalForceResidualN).toBeLessThan(1e-5);
    }
  });

  it('gives a plantar fascia peak force and a first-MTP peak dorsiflexion within the published ranges', () => {
    const summary = results.barefoot.summary;
    const [forceLow, forceHigh] = literatureRange(WALKING_FOOT_MECHANICS.plantarFasciaPeakForceBW);
    expect(summary.plantarFasciaPeakForceBW).toBeGreaterThanOrEqual(forceLow);
    expect(summary.plantarFasciaPeakForceBW).toBeLessThanOrEqual(forceHigh);
    const [mtpLow, mtpHigh] = literatureRange(WALKING_FOOT_MECHANICS.firstMtpPeakDorsiflexionDeg);
    expect(summary.mtp1PeakDorsiflexionDeg).toBeGreaterThanOrEqual(mtpLow);
    expect(summary.mtp1PeakDorsiflexionDeg).toBeLessThanOrEqual(mtpHigh);
    // Both peak in late stance (push-off), not at heel strike.
    expect(summary.plantarFasciaPeakForceTiming).toBeGreaterThan(0.5);
    expect(summary.mtp1PeakDorsiflexionTiming).toBeGreaterThan(0.8);
  });

  it('loads the heel early and the forefoot late, and the Achilles tendon in late stance', () => {
    const series = results.barefoot.timeSeries;
    const n = series.time.length;
    expect(series.regionForceN.heel[Math.round(0.1 * n)]).toBeGreaterThan(series.regionForceN.forefoot[Math.round(0.1 * n)]);
    expect(series.regionForceN.forefoot[Math.round(0.8 * n)]).toBeGreaterThan(series.regionForceN.heel[Math.round(0.8 * n)]);
    expect(results.barefoot.summary.achillesPeakForceTiming).toBeGreaterThan(0.5);
    expect(results.barefoot.summary.achillesPeakForceBW).toBeGreaterThan(1);
    // Strain and force follow the same tension-only law: zero force wherever the strain is not positive.
    for (let i = 0; i < n; i++) {
      if (series.plantarFasciaStrain[i] <= 0) expect(series.plantarFasciaForceN[i]).toBe(0);
      else expect(series.plantarFasciaForceN[i]).toBeGreaterThan(0);
    }
  });

  it('reports every region and gives identical results when run twice', () => {
    for (const region of STANCE_PRESSURE_REGIONS) expect(Number.isFinite(results.barefoot.summary.peakPressureKPa[region])).toBe(true);
    const again = analyzeStancePhase(model, { footwear: FOOTWEAR_CATALOGUE.barefoot, trial });
    expect(again.summary).toEqual(results.barefoot.summary);
    expect(again.timeSeries.plantarFasciaForceN).toEqual(results.barefoot.timeSeries.plantarFasciaForceN);
    expect(again.timeSeries.peakPressureKPa.mth1).toEqual(results.barefoot.timeSeries.peakPressureKPa.mth1);
  }, 120_000);
});

describe('stance phase: soles against a flat shoe', () => {
  it('the rocker shoe rolls, lowering the loaded MTP dorsiflexion and the plantar fascia strain', () => {
    const flat = results['flat-shoe'];
    const rocker = results['rocker-shoe'];
    expect(peakOf(rocker.timeSeries.solePitchDeg.map((pitch) => -pitch))).toBeGreaterThan(1);
    expect(rocker.summary.mtp1PeakLoadedDorsiflexionDeg).toBeLessThan(flat.summary.mtp1PeakLoadedDorsiflexionDeg);
    expect(rocker.summary.plantarFasciaPeakStrain).toBeLessThan(flat.summary.plantarFasciaPeakStrain);
  });

  it('the heel cup lowers the heel peak pressure', () => {
    expect(results['heel-cup'].summary.peakPressureKPa.heel).toBeLessThan(results['flat-shoe'].summary.peakPressureKPa.heel);
  });

  it('the arch support carries more load at the midfoot', () => {
    const flat = results['flat-shoe'].timeSeries.regionForceN.midfoot;
    const arch = results['arch-support-insole'].timeSeries.regionForceN.midfoot;
    expect(peakOf(arch)).toBeGreaterThan(peakOf(flat));
  });
});
