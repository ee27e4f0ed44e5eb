import { describe, expect, it } from 'vitest';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { compile } from '../spec/compile.js';
import { FOOTWEAR_CATALOGUE, FOOTWEAR_NAMES } from '../library/footwear.js';
import { BAREFOOT_STANDING_NORMS, QUIET_STANDING_CENTER_OF_PRESSURE } from '../library/plantar-loading.js';
import { literatureRange } from '../library/literature-value.js';
import { parseFootwear, type Footwear, type FootwearInput } from '../spec/footwear-schema.js';
import { setPose } from '../core/model/pose.js';
import { makeData } from '../core/model/make-data.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { PLANTAR_REGION_NAMES } from '../core/contact/foot-outline.js';
import { KinechainError } from '../core/errors.js';
import {
  makeStaticFootLoading,
  solveStandingOnBothFeet,
  solveStaticFootLoading,
  type StaticFootLoadingResult,
} from './static-foot-loading.js';

const model = compile(buildBody(DEFAULT_SUBJECT));
const HALF_BODY_WEIGHT = (DEFAULT_SUBJECT.massKg * 9.80665) / 2;

function stand(footwear: Footwear, side: 'r' | 'l' = 'r', load = HALF_BODY_WEIGHT): StaticFootLoadingResult {
  return solveStaticFootLoading(model, { side, footwear, verticalLoadN: load });
}

function within(value: number, range: [number, number]): boolean {
  return value >= range[0] && value <= range[1];
}

const heelRimShare = (result: StaticFootLoadingResult) =>
  (result.regions.medialHeel.forceN + result.regions.lateralHeel.forceN) / result.zones.heel.forceN;

describe('static foot loading: the solve', () => {
  it('balances the vertical load and the moment to well below 1e-6 N on every catalogue design', () => {
    for (const name of FOOTWEAR_NAMES) {
      const result = stand(FOOTWEAR_CATALOGUE[name]);
      expect(Math.abs(result.residualForceN), name).toBeLessThan(1e-6);
      expect(Math.abs(result.totalForceN[1] - HALF_BODY_WEIGHT), name).toBeLessThan(1e-6);
      expect(Math.abs(result.residualMomentNm), name).toBeLessThan(1e-6);
      // The centre of pressure is where it was prescribed.
      expect(result.centerOfPressureFromHeel, name).toBeCloseTo(QUIET_STANDING_CENTER_OF_PRESSURE.value, 8);
      expect(result.footwear).toBe(name);
    }
  });

  it('the two balance conditions agree: the ankle moment of a centre-of-pressure solve gives back that solve', () => {
    const solver = makeStaticFootLoading(model, { side: 'r', footwear: FOOTWEAR_CATALOGUE['flat-shoe'] });
    const byCop = solver.solve({ verticalLoadN: HALF_BODY_WEIGHT, balance: { kind: 'centerOfPressure', fractionOfFootLength: 0.42 } });
    const byMoment = solver.solve({ verticalLoadN: HALF_BODY_WEIGHT, balance: { kind: 'ankleMoment', momentNm: byCop.ankleMomentNm } });
    expect(byMoment.ankleMomentNm).toBeCloseTo(byCop.ankleMomentNm, 8);
    expect(byMoment.centerOfPressureFromHeel).toBeCloseTo(0.42, 7);
    expect(byMoment.footTiltRad).toBeCloseTo(byCop.footTiltRad, 7);
    expect(byMoment.footLiftM).toBeCloseTo(byCop.footLiftM, 9);
    // The centre of pressure ahead of the ankle: the floor pushes the toes up (positive moment).
    expect(byCop.ankleMomentNm).toBeGreaterThan(0);
    // On a sole lying flat every force is vertical: the moment about the ankle is the load times the
    // lever arm of the centre of pressure ahead of the ankle joint centre (the tilt turns about it).
    const data = makeData(model);
    forwardKinematics(model, data, model.coordinateDefault);
    const ankleX = data.bodyPosition[3 * model.bodyIndex.get('talus_r')!];
    expect(byCop.totalForceN[0]).toBe(0);
    expect(byCop.ankleMomentNm).toBeCloseTo(byCop.totalForceN[1] * (byCop.centerOfPressure[0] - ankleX), 9);
  });

  it('region loads add up to the total and the load shares to one', () => {
    const result = stand(FOOTWEAR_CATALOGUE['healing-sole']);
    let force = 0;
    let share = 0;
    for (const name of PLANTAR_REGION_NAMES) {
      force += result.regions[name].forceN;
      share += result.regions[name].loadShare;
      expect(result.regions[name].peakPressureKPa).toBeGreaterThanOrEqual(result.regions[name].meanPressureKPa);
    }
    const magnitude = Math.hypot(...result.totalForceN);
    expect(force / magnitude - 1).toBeLessThan(1e-9);
    expect(share).toBeCloseTo(1, 12);
    const zones = result.zones;
    expect(zones.heel.forceN + zones.midfoot.forceN + zones.forefoot.forceN + zones.toes.forceN).toBeCloseTo(force, 9);
    // The pressure map integrates to the same force.
    let mapForce = 0;
    const area = 0.005 * 0.005;
    for (const pressure of result.cells.pressureKPa) mapForce += pressure * 1000 * area;
    expect(mapForce / force - 1).toBeLessThan(1e-9);
  });

  it('reports the plantar fascia strain of the pose: the windlass stretches it with the toes dorsiflexed', () => {
    const reference = stand(FOOTWEAR_CATALOGUE.barefoot);
    const referenceStrain = reference.plantarFasciaStrain!;
    const index = model.tissueIndex.get('plantar_fascia_r')!;
    expect(reference.plantarFasciaLengthM! / model.passiveSlackLength[index] - 1).toBeCloseTo(referenceStrain, 12);
    const q = setPose(model, { mtp_angle_r: 0.3 });
    const windlass = solveStaticFootLoading(model, {
      side: 'r',
      footwear: FOOTWEAR_CATALOGUE['flat-shoe'],
      verticalLoadN: HALF_BODY_WEIGHT,
      q,
    });
    expect(windlass.plantarFasciaStrain!).toBeGreaterThan(referenceStrain + 0.005);
    // Toes held up: they carry less.
    expect(windlass.zones.toes.forceN).toBeLessThan(stand(FOOTWEAR_CATALOGUE['flat-shoe']).zones.toes.forceN);
  });

  it('both feet together carry the body weight', () => {
    const both = solveStandingOnBothFeet(model, { footwear: FOOTWEAR_CATALOGUE['flat-shoe'] });
    expect(both.r.totalForceN[1] + both.l.totalForceN[1]).toBeCloseTo(model.totalMass * 9.80665, 6);
  });

  it('rejects impossible load cases with the reason', () => {
    const solver = makeStaticFootLoading(model, { side: 'r', footwear: FOOTWEAR_CATALOGUE['flat-shoe'] });
    expect(() => solver.solve({ verticalLoadN: -10 })).toThrow(/must be > 0 N/);
    expect(() => solver.solve({ verticalLoadN: 300, balance: { kind: 'centerOfPressure', fractionOfFootLength: 1.2 } })).toThrow(
      /fraction of foot length in \(0, 1\)/,
    );
    // A centre of pressure at the very tip of the toes cannot be held.
    try {
      solver.solve({ verticalLoadN: 300, balance: { kind: 'centerOfPressure', fractionOfFootLength: 0.995 } });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(KinechainError);
      expect(['DID_NOT_CONVERGE', 'OUT_OF_RANGE']).toContain((error as KinechainError).code);
    }
    expect(() => makeStaticFootLoading(model, { side: 'x' as 'r', footwear: FOOTWEAR_CATALOGUE.barefoot })).toThrow(/side must be/);
  });
});

describe('static foot loading: validation against barefoot standing (Cavanagh, Rodgers & Iiboshi 1987)', () => {
  const result = stand(FOOTWEAR_CATALOGUE.barefoot);

  it('heel and forefoot peak pressures lie in the physiological range', () => {
    const heelPeak = result.zones.heel.peakPressureKPa;
    expect(within(heelPeak, literatureRange(BAREFOOT_STANDING_NORMS.heelPeakPressureKPa))).toBe(true);
    expect(within(result.zones.forefoot.peakPressureKPa, literatureRange(BAREFOOT_STANDING_NORMS.forefootPeakPressureKPa))).toBe(true);
    // The heel is the most loaded region in standing.
    expect(result.peakPressureKPa).toBe(heelPeak);
    expect(heelPeak).toBeGreaterThan(1.5 * result.zones.forefoot.peakPressureKPa);
  });

  it('the load shares of heel, midfoot, forefoot and toes lie in their bands', () => {
    expect(within(result.zones.heel.loadShare, literatureRange(BAREFOOT_STANDING_NORMS.heelLoadShare))).toBe(true);
    expect(within(result.zones.midfoot.loadShare, literatureRange(BAREFOOT_STANDING_NORMS.midfootLoadShare))).toBe(true);
    expect(within(result.zones.forefoot.loadShare, literatureRange(BAREFOOT_STANDING_NORMS.forefootLoadShare))).toBe(true);
    expect(within(result.zones.toes.loadShare, literatureRange(BAREFOOT_STANDING_NORMS.toeLoadShare))).toBe(true);
  });

  it('the arch stays off the floor medially: the footprint is a fraction of the outline', () => {
    // Adult barefoot contact area in standing is of order 80-130 cm^2 per foot.
    expect(result.contactAreaM2 * 1e4).toBeGreaterThan(70);
    expect(result.contactAreaM2 * 1e4).toBeLessThan(140);
  });
});

describe('static foot loading: footwear directions', () => {
  const flat = FOOTWEAR_CATALOGUE['flat-shoe'];

  it('a conforming heel cup lowers the heel peak pressure by spreading the heel load over more area', () => {
    const onFlat = stand(flat);
    const inCup = stand(FOOTWEAR_CATALOGUE['heel-cup']);
    expect(inCup.zones.heel.peakPressureKPa).toBeLessThan(0.9 * onFlat.zones.heel.peakPressureKPa);
    expect(inCup.zones.heel.contactAreaM2).toBeGreaterThan(onFlat.zones.heel.contactAreaM2);
  });

  it('an arch support carries load at the midfoot', () => {
    const onFlat = stand(flat);
    const supported = stand(FOOTWEAR_CATALOGUE['arch-support-insole']);
    expect(supported.zones.midfoot.forceN).toBeGreaterThan(1.2 * onFlat.zones.midfoot.forceN);
    expect(supported.zones.midfoot.contactAreaM2).toBeGreaterThan(onFlat.zones.midfoot.contactAreaM2);
  });

  it('a soft inner heel in a firm rim lowers the central heel pressure and raises the rim share', () => {
    const healing = FOOTWEAR_CATALOGUE['healing-sole'];
    const withZone = stand(healing);
    const withoutZone = stand(parseFootwear({ ...healing, heelZone: undefined }));
    expect(withZone.regions.centralHeel.peakPressureKPa).toBeLessThan(withoutZone.regions.centralHeel.peakPressureKPa);
    expect(heelRimShare(withZone)).toBeGreaterThan(heelRimShare(withoutZone));
  });

  it('thicker, softer foam lowers the peak pressure', () => {
    const sole = (thicknessM: number, modulusPa: number): Footwear =>
      parseFootwear({
        name: `foam-${thicknessM}-${modulusPa}`,
        description: 'one foam layer',
        source: 'test',
        layers: [
          {
            name: 'foam',
            material: { name: 'foam', compressiveModulusPa: modulusPa, modulusRangePa: [modulusPa, modulusPa], source: 'test' },
            thickness: { heelM: thicknessM, archM: thicknessM, forefootM: thicknessM, toeM: thicknessM },
          },
        ],
      } satisfies FootwearInput);
    const thinFirm = stand(sole(0.01, 3e6)).peakPressureKPa;
    const thickFirm = stand(sole(0.025, 3e6)).peakPressureKPa;
    const thickSoft = stand(sole(0.025, 0.8e6)).peakPressureKPa;
    expect(thickFirm).toBeLessThan(thinFirm);
    expect(thickSoft).toBeLessThan(thickFirm);
    // And any sole lowers the barefoot peak.
    expect(thinFirm).toBeLessThan(stand(FOOTWEAR_CATALOGUE.barefoot).peakPressureKPa);
  });

  it('left and right feet give mirrored results', () => {
    for (const name of ['barefoot', 'healing-sole'] as const) {
      const right = stand(FOOTWEAR_CATALOGUE[name], 'r');
      const left = stand(FOOTWEAR_CATALOGUE[name], 'l');
      expect(left.centerOfPressure[0]).toBeCloseTo(right.centerOfPressure[0], 9);
      expect(left.centerOfPressure[2]).toBeCloseTo(-right.centerOfPressure[2], 9);
      expect(left.footTiltRad).toBeCloseTo(right.footTiltRad, 9);
      expect(left.footLiftM).toBeCloseTo(right.footLiftM, 9);
      for (const region of PLANTAR_REGION_NAMES) {
        expect(left.regions[region].forceN).toBeCloseTo(right.regions[region].forceN, 6);
        expect(left.regions[region].peakPressureKPa).toBeCloseTo(right.regions[region].peakPressureKPa, 6);
      }
      expect(left.plantarFasciaStrain!).toBeCloseTo(right.plantarFasciaStrain!, 12);
    }
  });

  it('a rocker sole changes nothing standing flat where it does not touch, and rolls when the load moves forward', () => {
    const rockerDesign = FOOTWEAR_CATALOGUE['rocker-shoe'];
    const flatSolver = makeStaticFootLoading(model, { side: 'r', footwear: flat });
    const rockerSolver = makeStaticFootLoading(model, { side: 'r', footwear: rockerDesign });

    // Same placement, sole flat on the floor: identical column pressures over the flat part of
    // the bottom (before the pad spreads them, which mixes in the columns over the rocker).
    const placedFlat = flatSolver.evaluateAt(undefined, 0.024, 0.02, 0);
    const flatPressure = Float64Array.from(placedFlat.cellColumnPressure);
    const placedRocker = rockerSolver.evaluateAt(undefined, 0.024, 0.02, 0);
    const sole = rockerSolver.sole!;
    const apexS = rockerDesign.rocker!.apexFraction * sole.lengthM;
    const bevelS = rockerDesign.rocker!.heelBevelFraction * sole.lengthM;
    let compared = 0;
    let differing = 0;
    for (let i = 0; i < placedRocker.ncell; i++) {
      const s = placedRocker.cellFootPosition[2 * i] + sole.heelMarginM;
      if (s > bevelS + 0.005 && s < apexS - 0.005) {
        expect(placedRocker.cellColumnPressure[i]).toBe(flatPressure[i]);
        compared++;
      } else if (placedRocker.cellColumnPressure[i] !== flatPressure[i]) differing++;
    }
    expect(compared).toBeGreaterThan(300);
    expect(differing).toBeGreaterThan(0);

    // Standing with the centre of pressure over the flat part: the sole does not roll.
    const standingFlat = flatSolver.solve({ verticalLoadN: HALF_BODY_WEIGHT });
    const standingRocker = rockerSolver.solve({ verticalLoadN: HALF_BODY_WEIGHT });
    expect(standingRocker.solePitchRad).toBe(0);
    expect(standingRocker.zones.heel.forceN).toBeCloseTo(standingFlat.zones.heel.forceN, 1);
    expect(standingRocker.zones.heel.peakPressureKPa).toBeCloseTo(standingFlat.zones.heel.peakPressureKPa, 1);

    // Centre of pressure ahead of the apex (late stance): the rocker rolls toe down, the foot tilts
    // forward with it, and the metatarsal heads carry less.
    const forward = { verticalLoadN: HALF_BODY_WEIGHT, balance: { kind: 'centerOfPressure', fractionOfFootLength: 0.75 } } as const;
    const pushFlat = flatSolver.solve(forward);
    const pushRocker = rockerSolver.solve(forward);
    expect(pushFlat.solePitchRad).toBe(0);
    expect(pushRocker.solePitchRad).toBeLessThan(-0.02);
    expect(pushRocker.footTiltRad).toBeLessThan(pushFlat.footTiltRad - 0.02);
    expect(pushRocker.zones.forefoot.forceN).toBeLessThan(pushFlat.zones.forefoot.forceN);
    expect(Math.abs(pushRocker.residualForceN)).toBeLessThan(1e-6);
    // The rolled sole rests on the floor under the centre of pressure: its contact point lies there.
    expect(pushRocker.centerOfPressureFromHeel).toBeCloseTo(0.75, 7);
  });
});

describe('static foot loading: warm starts and a given tilt', () => {
  /** A walking-like sequence: ankle and MTP angles changing and the centre of pressure moving forward. */
  function sequence(): { q: Float64Array; load: number; cop: number }[] {
    const ankle = model.coordinateIndex.get('ankle_angle_r')!;
    const mtp = model.coordinateIndex.get('mtp_angle_r')!;
    const cases: { q: Float64Array; load: number; cop: number }[] = [];
    for (let k = 0; k < 12; k++) {
      const q = Float64Array.from(model.coordinateDefault);
      q[ankle] = (-5 + k) * (Math.PI / 180);
      q[mtp] = Math.max(0, k - 6) * (2 * Math.PI) / 180;
      cases.push({ q, load: 300 + 40 * k, cop: 0.2 + 0.04 * k });
    }
    return cases;
  }

  for (const name of ['barefoot', 'flat-shoe', 'rocker-shoe'] as const) {
    it(`a warm-started sequence gives the cold solutions with fewer contact evaluations (${name})`, () => {
      const cold = makeStaticFootLoading(model, { side: 'r', footwear: FOOTWEAR_CATALOGUE[name], cellSizeM: 0.01 });
      const warm = makeStaticFootLoading(model, { side: 'r', footwear: FOOTWEAR_CATALOGUE[name], cellSizeM: 0.01 });
      let coldEvaluations = 0;
      let warmEvaluations = 0;
      for (const { q, load, cop } of sequence()) {
        const loadCase = { verticalLoadN: load, q, balance: { kind: 'centerOfPressure', fractionOfFootLength: cop } } as const;
        const a = cold.solve(loadCase);
        const b = warm.solve({ ...loadCase, warmStart: true });
        coldEvaluations += a.contactEvaluations!;
        warmEvaluations += b.contactEvaluations!;
        expect(Math.abs(b.residualForceN)).toBeLessThan(1e-7);
        expect(Math.abs(b.residualMomentNm)).toBeLessThan(1e-8);
        // Same solution: the placement to the solve's tolerance (1e-8 N on ~1e5 N/m pads: ~1e-12 m).
        expect(b.footLiftM).toBeCloseTo(a.footLiftM, 9);
        expect(b.footTiltRad).toBeCloseTo(a.footTiltRad, 8);
        expect(b.solePitchRad).toBeCloseTo(a.solePitchRad, 8);
        expect(b.peakPressureKPa).toBeCloseTo(a.peakPressureKPa, 4);
      }
      expect(warmEvaluations).toBeLessThan(coldEvaluations);
    });
  }

  it('a given tilt gives back the solve that found it, and its own centre of pressure', () => {
    const solver = makeStaticFootLoading(model, { side: 'r', footwear: FOOTWEAR_CATALOGUE['flat-shoe'] });
    const byCop = solver.solve({ verticalLoadN: HALF_BODY_WEIGHT, balance: { kind: 'centerOfPressure', fractionOfFootLength: 0.5 } });
    const byTilt = solver.solve({ verticalLoadN: HALF_BODY_WEIGHT, balance: { kind: 'tilt', tiltRad: byCop.footTiltRad } });
    expect(byTilt.footTiltRad).toBe(byCop.footTiltRad);
    expect(byTilt.footLiftM).toBeCloseTo(byCop.footLiftM, 9);
    expect(byTilt.centerOfPressureFromHeel).toBeCloseTo(0.5, 6);
    expect(Math.abs(byTilt.totalForceN[1] - HALF_BODY_WEIGHT)).toBeLessThan(1e-7);
    // Toes tilted further down: the centre of pressure moves forward.
    const forward = solver.solve({ verticalLoadN: HALF_BODY_WEIGHT, balance: { kind: 'tilt', tiltRad: byCop.footTiltRad - 0.02 } });
    expect(forward.centerOfPressureFromHeel).toBeGreaterThan(0.5);
    expect(() => solver.solve({ verticalLoadN: HALF_BODY_WEIGHT, balance: { kind: 'tilt', tiltRad: Number.NaN } })).toThrow(KinechainError);
  });
});
