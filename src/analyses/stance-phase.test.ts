import { beforeAll, describe, expect, it } from 'vitest';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { compile } from '../spec/compile.js';
import { FOOTWEAR_CATALOGUE } from '../library/footwear.js';
import { literatureRange } from '../library/literature-value.js';
import { BAREFOOT_WALKING_PEAK_PRESSURE } from '../library/plantar-loading.js';
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

  it('puts regional peak pressures in the published ranges of barefoot walking; the midfoot below heel and forefoot', () => {
    const peaks = results.barefoot.summary.peakPressureKPa;
    const [heelLow, heelHigh] = literatureRange(BAREFOOT_WALKING_PEAK_PRESSURE.heelKPa);
    expect(peaks.heel).toBeGreaterThanOrEqual(heelLow);
    expect(peaks.heel).toBeLessThanOrEqual(heelHigh);
    const [headLow, headHigh] = literatureRange(BAREFOOT_WALKING_PEAK_PRESSURE.metatarsalHeadsKPa);
    expect(peaks.forefoot).toBeGreaterThanOrEqual(headLow);
    expect(peaks.forefoot).toBeLessThanOrEqual(headHigh);
    // Putti et al. 2008: the peaks lie under the heads, the hallux and the heel, not the midfoot.
    expect(peaks.midfoot).toBeLessThan(peaks.heel);
    expect(peaks.midfoot).toBeLessThan(peaks.forefoot);
  });

  // Known discrepancy: late in stance the toes lie flat on the floor by kinematics (no toe
  // flexors, no compliance of the MTP joint), so the hallux pulp carries about 45% of body
  // weight (~340 N, against ~100-150 N measured) on its thin (8 mm) pad at its limit strain;
  // the peak is about twice the band's top whatever the cell size (1 cm or 5 mm cells) and
  // with the pad's load spreading. Marked as failing so that this test reports when the
  // toe loading is fixed.
  it.fails('puts the hallux peak pressure in the published range of barefoot walking', () => {
    const [low, high] = literatureRange(BAREFOOT_WALKING_PEAK_PRESSURE.halluxKPa);
    expect(results.barefoot.summary.peakPressureKPa.hallux).toBeGreaterThanOrEqual(low);
    expect(results.barefoot.summary.peakPressureKPa.hallux).toBeLessThanOrEqual(high);
  });

  it('balances the arch: floor moment = fascia + plantar ligaments, the stop carrying only the excess', () => {
    const series = results.barefoot.timeSeries;
    const fascia = series.archFasciaMomentNm!;
    const ligaments = series.archLigamentMomentNm!;
    const upper = model.coordinateRange[2 * model.coordinateIndex.get('midtarsal_angle_r')! + 1] * (180 / Math.PI);
    let inside = 0;
    for (let i = 0; i < series.time.length; i++) {
      const imbalance = series.archMomentNm[i] - fascia[i] - ligaments[i];
      if (series.midtarsalAngleDeg[i] < upper - 1e-9) {
        expect(Math.abs(imbalance), `instant ${i}`).toBeLessThan(1e-3);
        inside++;
      } else expect(imbalance, `instant ${i}`).toBeGreaterThanOrEqual(-1e-3);
      expect(ligaments[i]).toBeGreaterThanOrEqual(0);
    }
    expect(inside).toBeGreaterThan(series.time.length / 2);
    // The ligaments carry a real share of the arch load in midstance (30-50% of stance).
    const midstance = Math.round(0.4 * (series.time.length - 1));
    expect(ligaments[midstance]).toBeGreaterThan(0.2 * series.archMomentNm[midstance]);
  });

  it('without the plantar ligaments the arch flattens further and the fascia carries more', () => {
    const alone = analyzeStancePhase(model, { footwear: FOOTWEAR_CATALOGUE.barefoot, trial, plantarLigaments: [] });
    const withLigaments = results.barefoot.timeSeries;
    const midstance = Math.round(0.4 * (trial.time.length - 1));
    expect(alone.timeSeries.midtarsalAngleDeg[midstance]).toBeGreaterThan(withLigaments.midtarsalAngleDeg[midstance] + 0.1);
    expect(alone.timeSeries.plantarFasciaForceN[midstance]).toBeGreaterThan(withLigaments.plantarFasciaForceN[midstance]);
    for (const value of alone.timeSeries.archLigamentMomentNm!) expect(value).toBe(0);
  }, 120_000);

  it('a warm-started run equals a cold-started run at every instant (to the solves tolerances)', () => {
    for (const name of ['barefoot', 'flat-shoe'] as const) {
      const warm = results[name].timeSeries;
      const cold = analyzeStancePhase(model, { footwear: FOOTWEAR_CATALOGUE[name], trial, warmStart: false });
      // The cold run solves the same instants from scratch: many more contact evaluations.
      expect(cold.contactEvaluations!).toBeGreaterThan(2 * results[name].contactEvaluations!);
      const series = cold.timeSeries;
      for (let i = 0; i < warm.time.length; i++) {
        const at = `${name} instant ${i}`;
        // Angles to 0.02 deg, forces to 0.1 N, pressures to 0.1 kPa, CoP to 1e-4 foot lengths
        // (the arch balance is solved to 1e-3 N m and the contact to 1e-6 N).
        expect(Math.abs(series.midtarsalAngleDeg[i] - warm.midtarsalAngleDeg[i]), at).toBeLessThan(0.02);
        expect(Math.abs(series.mtpDorsiflexionDeg[i] - warm.mtpDorsiflexionDeg[i]), at).toBeLessThan(0.02);
        expect(Math.abs(series.plantarFasciaForceN[i] - warm.plantarFasciaForceN[i]), at).toBeLessThan(0.1);
        expect(Math.abs(series.achillesForceN[i] - warm.achillesForceN[i]), at).toBeLessThan(0.1);
        expect(Math.abs(series.centerOfPressureFromHeel[i] - warm.centerOfPressureFromHeel[i]), at).toBeLessThan(1e-4);
        for (const region of STANCE_PRESSURE_REGIONS) {
          expect(Math.abs(series.peakPressureKPa[region][i] - warm.peakPressureKPa[region][i]), `${at} ${region}`).toBeLessThan(0.1);
        }
      }
    }
  }, 300_000);

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

  it('the heel cup lowers the heel peak pressure by spreading about the same heel load', () => {
    const flat = results['flat-shoe'];
    const cup = results['heel-cup'];
    expect(cup.summary.peakPressureKPa.heel).toBeLessThan(flat.summary.peakPressureKPa.heel);
    // Mechanism: at the flat shoe's heel peak the heel carries nearly the same force in the
    // cup, so the lower peak is spreading (more contact area), not unloading.
    const at = Math.round(flat.summary.peakPressureTiming.heel * (trial.time.length - 1));
    const flatForce = flat.timeSeries.regionForceN.heel[at];
    expect(Math.abs(cup.timeSeries.regionForceN.heel[at] - flatForce)).toBeLessThan(0.1 * flatForce);
    expect(cup.timeSeries.peakPressureKPa.heel[at]).toBeLessThan(flat.timeSeries.peakPressureKPa.heel[at]);
  });

  it('the arch support carries load at the midfoot, taken off the heel and the forefoot', () => {
    const flat = results['flat-shoe'].timeSeries;
    const arch = results['arch-support-insole'].timeSeries;
    expect(peakOf(arch.regionForceN.midfoot)).toBeGreaterThan(peakOf(flat.regionForceN.midfoot));
    // In midstance (same vertical load in both), what the midfoot gains the heel and forefoot lose.
    const midstance = Math.round(0.4 * (trial.time.length - 1));
    const gained = arch.regionForceN.midfoot[midstance] - flat.regionForceN.midfoot[midstance];
    expect(gained).toBeGreaterThan(0);
    const others = (series: typeof flat): number =>
      series.regionForceN.heel[midstance] + series.regionForceN.forefoot[midstance] + series.regionForceN.hallux[midstance] + series.regionForceN.lesserToes[midstance];
    expect(others(arch)).toBeLessThan(others(flat));
  });
});
