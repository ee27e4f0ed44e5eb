import { describe, expect, it } from 'vitest';
import { makeData } from '../core/model/make-data.js';
import type { Model } from '../core/model/model.js';
import { setPose } from '../core/model/pose.js';
import { solveChainTensionAtPose } from '../core/solvers/chain-tension.js';
import { tissueForces } from '../core/tissues/tissue-forces.js';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { TOE_TOUCH_FINGERTIP_TO_FLOOR_CM } from '../library/flexibility-norms.js';
import { baselineScenario, type Scenario } from '../library/scenario.js';
import { GASTROCNEMIUS_SLACK_ONSET } from '../library/tissues/foot-ankle.js';
import type { ModelSpec } from '../spec/schema.js';
import { compile } from '../spec/compile.js';
import { forwardBendCoordinates } from './forward-bend-kinematics.js';
import { makeRegionalOutputExtractor, toeTouchRegionalOutputs } from './regional-outputs.js';
import {
  analyseToeTouch,
  TOE_TOUCH_HOLD_RESERVE_THRESHOLD_NM,
  TOE_TOUCH_TRUNK_COORDINATES,
  ToeTouchSolver,
  type ToeTouchResult,
} from './toe-touch.js';

const DEG = Math.PI / 180;
const baseSpec = buildBody(DEFAULT_SUBJECT);
const baseModel = compile(baseSpec);
const baseline = baselineScenario(baseSpec);

/**
 * A copy of the default body with the tendon slack length of the named muscles (both
 * sides) shortened by `metres`: a tight heel cord (gastrocnemius and soleus) or tight
 * hamstrings, written inline here as spec edits.
 */
function shortenTendons(spec: ModelSpec, model: Model, muscles: readonly string[], metres: number): ModelSpec {
  const edited = structuredClone(spec);
  for (const tissue of edited.tissues) {
    const base = tissue.name.replace(/_[rl]$/, '');
    if (!muscles.includes(base) || tissue.law.type !== 'muscle') continue;
    tissue.law.tendonSlackLengthM = model.muscleTendonSlackLength[model.tissueIndex.get(tissue.name)!] - metres;
  }
  return edited;
}

const HEEL_CORD = ['gastrocnemius_medial', 'gastrocnemius_lateral', 'soleus'];
const HAMSTRINGS = ['biceps_femoris_long', 'semitendinosus', 'semimembranosus'];

function expectEndPointInvariants(result: ToeTouchResult): void {
  expect(result.endedBy).toBe('tissue');
  expect(result.limitingTissue).not.toBeNull();
  const limiting = result.limitingTissue!;
  // The limiting tissue is at its tolerance ...
  expect(Math.abs(limiting.tensionN / limiting.toleratedTensionN - 1)).toBeLessThan(1e-6);
  expect(Math.abs(result.tensionToToleranceRatio - 1)).toBeLessThan(1e-6);
  // ... and every other monitored tissue at or below its own.
  for (const tissue of result.tissues) expect(tissue.ratio, tissue.name).toBeLessThanOrEqual(1 + 1e-6);
  expect(result.postureResidualM).toBeLessThan(1e-8);
}

describe('toe-touch of the default adult', () => {
  const result = analyseToeTouch(baseline);

  it('reaches a plausible distance from the floor (about -10 to +20 cm; Kippers & Parker 1987: -3 +- 8 cm)', () => {
    expect(result.fingertipToFloorCm).toBeGreaterThan(-10);
    expect(result.fingertipToFloorCm).toBeLessThan(20);
    expect(result.fingertipToFloorCm).toBeGreaterThan(TOE_TOUCH_FINGERTIP_TO_FLOOR_CM.low!);
    expect(result.fingertipToFloorCm).toBeLessThan(TOE_TOUCH_FINGERTIP_TO_FLOOR_CM.high!);
  });

  it('ends with the limiting tissue at its tolerance and every other below', () => {
    expectEndPointInvariants(result);
  });

  it('reports a bend near the normative end of forward bending (Esola et al. 1996: hips 69.4, lumbar 41.6 deg)', () => {
    expect(result.bend.hipFlexionDeg).toBeGreaterThan(55);
    expect(result.bend.hipFlexionDeg).toBeLessThan(85);
    expect(result.bend.lumbarFlexionDeg).toBeGreaterThan(30);
    expect(result.bend.lumbarFlexionDeg).toBeLessThan(50);
    expect(result.bend.thoracicFlexionDeg).toBeGreaterThan(0);
    // People shift their hips back (centre of mass over the feet): the ankles plantarflex.
    expect(result.bend.hipShiftBackCm).toBeGreaterThan(5);
    expect(result.bend.ankleAngleDeg).toBeLessThan(0);
  });

  it('gives equal left and right superficial back line profiles for the symmetric body', () => {
    const { r, l } = result.superficialBackLine;
    expect(r).toHaveLength(8);
    expect(l).toHaveLength(r.length);
    r.forEach((station, k) => {
      expect(l[k].trackLabel).toBe(station.trackLabel);
      expect(l[k].stationLabel).toBe(station.stationLabel);
      expect(l[k].tensionN).toBeCloseTo(station.tensionN, 8);
      expect(l[k].junctionDisplacementMm).toBeCloseTo(station.junctionDisplacementMm, 8);
    });
    expect(r.map((station) => station.stationLabel).slice(0, 4)).toEqual(['calcaneus', 'femoral condyles', 'ischial tuberosity', 'sacrum']);
    // The bend loads the line: the hamstring track carries tension.
    expect(r[2].tensionN).toBeGreaterThan(50);
  });

  it('labels the limiting tissue anatomically', () => {
    expect(result.limitingTissue!.label.length).toBeGreaterThan(result.limitingTissue!.name.length / 2);
    expect(result.limitingTissue!.group).not.toBeNull();
  });
});

describe('toe-touch directions', () => {
  const base = analyseToeTouch(baseline).fingertipToFloorCm;

  it('reaches further as the stretch tolerance rises, monotonically (one solver reused for every sample)', () => {
    const solver = new ToeTouchSolver(baseline);
    const reach: number[] = [];
    for (const scale of [0.7, 0.85, 1, 1.15, 1.3, 1.6]) {
      for (let i = 0; i < solver.toleratedTension.length; i++) solver.toleratedTension[i] = solver.scenarioTolerance[i] * scale;
      solver.solveEndPoint();
      reach.push(solver.fingertipToFloorM());
    }
    for (let k = 1; k < reach.length; k++) expect(reach[k]).toBeLessThan(reach[k - 1]);
    solver.resetTolerances();
    solver.solveEndPoint();
    expect(solver.fingertipToFloorM() * 100).toBeCloseTo(base, 9);
  });

  it('gives the same end point from scenario.stretchToleranceScale as from editing the solver', () => {
    const scale: Record<string, number> = {};
    for (const tissue of baseSpec.tissues) scale[tissue.name] = 1.3;
    const fromScenario = analyseToeTouch({ ...baseline, stretchToleranceScale: scale });
    const solver = new ToeTouchSolver(baseline);
    for (let i = 0; i < solver.toleratedTension.length; i++) solver.toleratedTension[i] = solver.scenarioTolerance[i] * 1.3;
    solver.solveEndPoint();
    expect(solver.fingertipToFloorM() * 100).toBeCloseTo(fromScenario.fingertipToFloorCm, 9);
    expect(fromScenario.fingertipToFloorCm).toBeLessThan(base);
  });

  it('reaches less with a tight heel cord (shorter gastrocnemius and soleus slack length), more so the tighter', () => {
    const mild = analyseToeTouch(baselineScenario(shortenTendons(baseSpec, baseModel, HEEL_CORD, 0.005)));
    const severe = analyseToeTouch(baselineScenario(shortenTendons(baseSpec, baseModel, HEEL_CORD, 0.01)));
    expect(mild.fingertipToFloorCm).toBeGreaterThan(base);
    expect(severe.fingertipToFloorCm).toBeGreaterThan(mild.fingertipToFloorCm);
    expectEndPointInvariants(severe);
  });

  it('reaches less with tight hamstrings (shorter slack length), more so the tighter', () => {
    const mild = analyseToeTouch(baselineScenario(shortenTendons(baseSpec, baseModel, HAMSTRINGS, 0.005)));
    const severe = analyseToeTouch(baselineScenario(shortenTendons(baseSpec, baseModel, HAMSTRINGS, 0.01)));
    expect(mild.fingertipToFloorCm).toBeGreaterThan(base);
    expect(severe.fingertipToFloorCm).toBeGreaterThan(mild.fingertipToFloorCm);
    expectEndPointInvariants(severe);
  });

  it('keeps the tolerances of the unimpaired reference body under an impairment', () => {
    const impaired = new ToeTouchSolver(baselineScenario(shortenTendons(baseSpec, baseModel, HAMSTRINGS, 0.01)));
    const normal = new ToeTouchSolver(baseline);
    expect(Array.from(impaired.referenceTolerance)).toEqual(Array.from(normal.referenceTolerance));
  });

  it('reaches less when a stiffer hamstring passive force is sampled, and the solver resets exactly', () => {
    const solver = new ToeTouchSolver(baseline);
    solver.solveEndPoint();
    const before = solver.fingertipToFloorM();
    for (const side of ['r', 'l']) {
      for (const muscle of HAMSTRINGS) solver.parameters.muscleMaxIsometricForce[solver.model.tissueIndex.get(`${muscle}_${side}`)!] *= 1.5;
    }
    solver.solveEndPoint();
    expect(solver.fingertipToFloorM()).toBeGreaterThan(before);
    solver.resetParameters();
    solver.solveEndPoint();
    expect(solver.fingertipToFloorM()).toBe(before);
  });

  it('stops at a pain-limited tissue force below its stretch tolerance', () => {
    const limited: Scenario = { ...baseline, tissueForceLimitN: { biceps_femoris_long_r: 60 } };
    const result = analyseToeTouch(limited);
    expect(result.limitingTissue?.name).toBe('biceps_femoris_long_r');
    expect(result.limitingTissue!.tensionN).toBeCloseTo(60, 4);
    expect(result.fingertipToFloorCm).toBeGreaterThan(base);
  });

  it('rejects unknown tissue names and non-positive scales', () => {
    expect(() => analyseToeTouch({ ...baseline, stretchToleranceScale: { hamstring_r: 1.2 } })).toThrow(/unknown|does not have/);
    expect(() => analyseToeTouch({ ...baseline, stretchToleranceScale: { biceps_femoris_long_r: 0 } })).toThrow(/> 0/);
  });
});

describe('superficial back line coupling of the calf and the hamstrings (default body)', () => {
  const model = baseModel;
  const data = makeData(model);
  const line = model.lineIndex.get('superficial_back_line_r')!;
  const femoralCondyles = model.lineJunctionAdr[line] + 1;
  const gastrocnemiusTrack = model.lineTrackAdr[line] + 1;

  function kneeJunctionSlide(kneeDeg: number, ankleDeg: number): number {
    solveChainTensionAtPose(model, data, setPose(model, { knee_angle_r: kneeDeg * DEG, ankle_angle_r: ankleDeg * DEG }), { lines: [line] });
    return data.junctionDisplacement[femoralCondyles];
  }

  it('with the knee extended, passive dorsiflexion pulls the femoral-condyle junction towards the calf', () => {
    const slide = kneeJunctionSlide(0, 10) - kneeJunctionSlide(0, 0);
    expect(slide).toBeLessThan(-2e-3); // more than 2 mm, down towards the gastrocnemius track
  });

  it('with the knee flexed 60 deg the gastrocnemius is slack and the same dorsiflexion leaves the junction where it was', () => {
    const slide = kneeJunctionSlide(-60, 10) - kneeJunctionSlide(-60, 0);
    const extended = kneeJunctionSlide(0, 10) - kneeJunctionSlide(0, 0);
    expect(Math.abs(slide)).toBeLessThan(0.01 * Math.abs(extended));
    kneeJunctionSlide(-60, 10);
    expect(data.trackTension[gastrocnemiusTrack]).toBe(0);
  });

  it('has the gastrocnemius fall slack where Muraoka et al. 2005 measured it (knee flexion 43 +- 8 deg at 10 deg dorsiflexion)', () => {
    const gastrocnemius = model.tissueIndex.get('gastrocnemius_medial_r')!;
    const tension = (kneeDeg: number) => {
      solveChainTensionAtPose(model, data, setPose(model, { knee_angle_r: kneeDeg * DEG, ankle_angle_r: 10 * DEG }), { lines: [] });
      data.tissueActivation.fill(0);
      tissueForces(model, data);
      return data.tissueForce[gastrocnemius];
    };
    expect(tension(-51)).toBe(0);
    expect(tension(-35)).toBeGreaterThan(0);
    expect(GASTROCNEMIUS_SLACK_ONSET.medialReferenceRatio.value).toBeGreaterThan(1);
  });
});

describe('holding the toe-touch end pose still (flexion-relaxation)', () => {
  const solver = new ToeTouchSolver(baseline);
  const end = solver.solve();
  const extractor = makeRegionalOutputExtractor(solver.model);
  const model = solver.model;
  const erectorSpinae = ['erector_spinae_lumbar_r', 'erector_spinae_lumbar_l', 'erector_spinae_thoracic_r', 'erector_spinae_thoracic_l', 'multifidus_r', 'multifidus_l'].map(
    (name) => model.tissueIndex.get(name) as number,
  );
  /** Holds a pose and returns the hold and the mean activation of the erector spinae and multifidus in it. */
  function hold(pose: Readonly<Record<string, number>>) {
    const outputs = toeTouchRegionalOutputs(extractor, { pose, fingertipToFloorCm: 0 }, baseline);
    let activation = 0;
    for (const muscle of erectorSpinae) activation += extractor.data.tissueActivation[muscle];
    return { ...outputs, erectorActivation: activation / erectorSpinae.length };
  }
  const atEnd = hold(end.pose);

  it('needs no reserve on the trunk joints, and none above the documented threshold anywhere', () => {
    for (const name of TOE_TOUCH_TRUNK_COORDINATES) expect(atEnd.hold.reserveByCoordinate[name], name).toBeUndefined();
    for (const [name, reserve] of Object.entries(atEnd.hold.reserveByCoordinate)) {
      expect(Math.abs(reserve), name).toBeLessThanOrEqual(TOE_TOUCH_HOLD_RESERVE_THRESHOLD_NM);
    }
  });

  it('holds the trunk with passive tissues: the erector spinae are nearly silent at the end and far more active in mid-range flexion', () => {
    solver.kinematics.pose(0.5 * end.s);
    const midRange = hold(forwardBendCoordinates(solver.kinematics));
    expect(midRange.hold.reserveByCoordinate.lumbar_extension).toBeUndefined();
    expect(atEnd.erectorActivation).toBeLessThan(0.15);
    expect(atEnd.erectorActivation).toBeLessThan(0.5 * midRange.erectorActivation);
  });

  it('holds the flexed neck with the deep neck flexors against the passive neck extensors, with no reserve at the cervicothoracic joint', () => {
    // Hold the end pose again: the test above left the mid-range hold in the extractor's data.
    const again = hold(end.pose);
    expect(Object.keys(again.hold.reserveByCoordinate).sort()).toEqual(Object.keys(atEnd.hold.reserveByCoordinate).sort());
    expect(atEnd.hold.reserveByCoordinate.neck_extension).toBeUndefined();
    for (const name of ['longus_colli_r', 'longus_colli_l', 'longus_capitis_r', 'longus_capitis_l']) {
      expect(extractor.data.tissueActivation[model.tissueIndex.get(name) as number], name).toBeGreaterThan(0);
    }
    // What is left at the head is smaller than the passive extensors' pull without them (about 3.5 N m).
    expect(Math.abs(atEnd.hold.reserveByCoordinate.head_extension ?? 0)).toBeLessThan(2.5);
  });

});
