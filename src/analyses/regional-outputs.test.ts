import { beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../core/model/model.js';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { baselineScenario, type Scenario } from '../library/scenario.js';
import { compile } from '../spec/compile.js';
import {
  makeRegionalOutputExtractor,
  REACH_OUTPUT,
  REGIONAL_LOAD_OUTPUTS,
  regionalLoads,
  SACROILIAC_GLUTEUS_FRACTION,
  standingRegionalOutputs,
  toeTouchRegionalOutputs,
  type LoadedPosture,
  type RegionalOutputExtractor,
} from './regional-outputs.js';
import { makeStandingPostureSolver, solveStandingPosture, type StandingPostureResult } from './standing-posture.js';
import { ToeTouchSolver, type ToeTouchResult } from './toe-touch.js';

const spec = buildBody(DEFAULT_SUBJECT);
const model: Model = compile(spec);
const gravity = Math.hypot(model.gravity[0], model.gravity[1], model.gravity[2]);

/** Mass (kg) of the subtree rooted at `bodyName`. */
function subtreeMass(bodyName: string): number {
  const root = model.bodyIndex.get(bodyName) as number;
  let mass = 0;
  for (let body = 1; body < model.nbody; body++) {
    for (let b = body; b >= 0; b = model.bodyParent[b]) {
      if (b === root) {
        mass += model.bodyMass[body];
        break;
      }
    }
  }
  return mass;
}

function relaxed(overrides: Record<string, number> = {}, contactPoints: LoadedPosture['contactPoints'] = []): LoadedPosture {
  const tissueForceN: Record<string, number> = {};
  for (const name of model.tissueName) tissueForceN[name] = 0;
  return { coordinates: {}, tissueForceN: { ...tissueForceN, ...overrides }, contactPoints };
}

describe('regional output definitions', () => {
  it('have unique keys and sided outputs that mirror each other', () => {
    const keys = REGIONAL_LOAD_OUTPUTS.map((output) => output.key);
    expect(new Set([...keys, REACH_OUTPUT.key]).size).toBe(keys.length + 1);
    for (const output of REGIONAL_LOAD_OUTPUTS) {
      const mirror = REGIONAL_LOAD_OUTPUTS.find((candidate) => candidate.key === output.mirrorKey);
      expect(mirror, output.key).toBeDefined();
      if (output.side === 'midline') expect(output.mirrorKey).toBe(output.key);
      else expect(mirror?.side).toBe(output.side === 'r' ? 'l' : 'r');
      expect(output.change).toBe('percent');
    }
    expect(REACH_OUTPUT.change).toBe('absolute');
    expect(REACH_OUTPUT.unit).toBe('cm');
  });
});

describe('regionalLoads on postures built by hand (exact statics)', () => {
  const extractor = makeRegionalOutputExtractor(model);

  it('a relaxed body in the reference pose: each joint carries the weight of what hangs on it', () => {
    const values = regionalLoads(extractor, relaxed());
    // Upright spine: compression is the weight of everything above the joint.
    expect(values.l5s1).toBeCloseTo(subtreeMass('lumbar') * gravity, 9);
    expect(values.neck).toBeCloseTo(subtreeMass('neck') * gravity, 9);
    // No floor: the shank and foot hang from the knee (tension, negative compression); the hip holds the whole leg.
    expect(values.knee_r).toBeCloseTo(-subtreeMass('tibia_r') * gravity, 9);
    expect(values.knee_l).toBeCloseTo(-subtreeMass('tibia_l') * gravity, 9);
    expect(values.hip_r).toBeCloseTo(subtreeMass('femur_r') * gravity, 9);
    for (const key of ['plantar_fascia_r', 'achilles_l', 'hamstrings_r', 'sacroiliac_l', 'thoracolumbar_fascia']) expect(values[key]).toBe(0);
  });

  it('a floor force under the heel is carried up through the knee and hip', () => {
    const pushN = 400;
    const posture = relaxed({}, [{ side: 'r', region: 'heel', positionM: [0, 0, 0.1], forceN: [0, pushN, 0] }]);
    const values = regionalLoads(extractor, posture);
    expect(values.knee_r).toBeCloseTo(pushN - subtreeMass('tibia_r') * gravity, 9);
    expect(values.hip_r).toBeCloseTo(Math.abs(subtreeMass('femur_r') * gravity - pushN), 9);
    // The other leg and the spine do not see it.
    expect(values.knee_l).toBeCloseTo(-subtreeMass('tibia_l') * gravity, 9);
    expect(values.l5s1).toBeCloseTo(subtreeMass('lumbar') * gravity, 9);
  });

  it('tissue sums follow their definitions, and a tissue within a free body loads no joint of it', () => {
    const tensions = {
      plantar_fascia_r: 11,
      gastrocnemius_medial_l: 100,
      gastrocnemius_lateral_l: 50,
      soleus_l: 200,
      biceps_femoris_long_r: 10,
      semitendinosus_r: 20,
      semimembranosus_r: 30,
      gluteus_maximus_r: 100,
      sacrotuberous_ligament_r: 40,
      thoracolumbar_fascia_posterior_r: 5,
      thoracolumbar_fascia_posterior_l: 6,
      thoracolumbar_fascia_crossing_r: 7,
      thoracolumbar_fascia_crossing_l: 8,
    };
    const values = regionalLoads(extractor, relaxed(tensions));
    expect(values.plantar_fascia_r).toBe(11);
    expect(values.plantar_fascia_l).toBe(0);
    expect(values.achilles_l).toBe(350);
    expect(values.hamstrings_r).toBe(60);
    // Right SI: 70% of gluteus maximus, sacrotuberous ligament, right posterior layer, crossing fibres from the left latissimus.
    expect(values.sacroiliac_r).toBeCloseTo(SACROILIAC_GLUTEUS_FRACTION.value * 100 + 40 + 5 + 8, 12);
    expect(values.sacroiliac_l).toBeCloseTo(6 + 7, 12);
    expect(values.thoracolumbar_fascia).toBe(26);
    // The plantar fascia lies within the foot: the knee and hip loads are those of the relaxed body.
    const fasciaOnly = regionalLoads(extractor, relaxed({ plantar_fascia_r: 500 }));
    const none = regionalLoads(extractor, relaxed());
    expect(fasciaOnly.knee_r).toBe(none.knee_r);
    expect(fasciaOnly.hip_r).toBe(none.hip_r);
    // The gastrocnemius crosses the knee: pulling the tibia up to the femur compresses the knee.
    const calf = regionalLoads(extractor, relaxed({ gastrocnemius_medial_r: 300 }));
    expect(calf.knee_r).toBeGreaterThan(none.knee_r + 100);
  });

  it('rejects postures naming coordinates the model lacks', () => {
    expect(() => regionalLoads(extractor, { ...relaxed(), coordinates: { knee_flexion_r: 0.1 } })).toThrow(/knee_flexion_r/);
    expect(() => regionalLoads(extractor, { ...relaxed(), coordinates: { knee_angle_r: NaN } })).toThrow(/knee_angle_r/);
  });
});

describe('regional outputs of the analyses on the default body', () => {
  let scenario: Scenario;
  let extractor: RegionalOutputExtractor;
  let standing: StandingPostureResult;
  let toeTouch: ToeTouchResult;

  beforeAll(() => {
    scenario = baselineScenario(spec);
    const toeTouchSolver = new ToeTouchSolver(scenario);
    extractor = makeRegionalOutputExtractor(toeTouchSolver.model);
    standing = solveStandingPosture(makeStandingPostureSolver(toeTouchSolver.model), scenario, { coldStart: true });
    toeTouch = toeTouchSolver.solve();
  });

  it('standing: the recomputed joint reactions and tissue sums agree with the posture result', () => {
    const values = standingRegionalOutputs(extractor, standing);
    const close = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
    close(values.l5s1, standing.lumbosacral.compressionN);
    close(values.neck, standing.cervicothoracic.compressionN);
    close(values.plantar_fascia_r, standing.plantarFasciaN.r);
    close(values.plantar_fascia_l, standing.plantarFasciaN.l);
    close(values.achilles_r, standing.achillesTendonN.r);
    close(values.achilles_l, standing.achillesTendonN.l);
    close(values.hamstrings_r, standing.hamstringsN.r);
    close(values.hamstrings_l, standing.hamstringsN.l);
    close(values.thoracolumbar_fascia, standing.thoracolumbarFasciaN.total);
    // Standing loads the knees and hips in compression.
    for (const key of ['knee_r', 'knee_l', 'hip_r', 'hip_l', 'l5s1', 'neck']) expect(values[key], key).toBeGreaterThan(0);
  });

  it('toe-touch: the reach is minus the fingertip-to-floor distance, and the held end pose stands on the floor', () => {
    const { values, hold } = toeTouchRegionalOutputs(extractor, toeTouch, scenario);
    expect(values.reach).toBe(-toeTouch.fingertipToFloorCm);
    // The floor carries the body weight in the hold.
    const weight = model.totalMass * gravity;
    const vertical = hold.contactPoints.reduce((sum, point) => sum + point.forceN[1], 0);
    expect(Math.abs(vertical - weight)).toBeLessThan(1e-6 * weight);
    // Bent forward, the back muscles hold the trunk: L5/S1 is more compressed than in standing.
    const standingValues = standingRegionalOutputs(extractor, standing);
    expect(values.l5s1).toBeGreaterThan(standingValues.l5s1);
    for (const output of REGIONAL_LOAD_OUTPUTS) expect(Number.isFinite(values[output.key]), output.key).toBe(true);
  });
});

describe('the toe-touch hold on a symmetric body', () => {
  it('is held symmetrically, any reserve on the joints only, the floor carrying the body weight', () => {
    const scenario = baselineScenario(spec);
    const solver = new ToeTouchSolver(scenario);
    const extractor = makeRegionalOutputExtractor(solver.model);
    const { values, hold } = toeTouchRegionalOutputs(extractor, solver.solve(), scenario);
    expect(['optimal', 'needs-reserves']).toContain(hold.status);
    for (const name of ['pelvis_tilt', 'pelvis_list', 'pelvis_rotation', 'pelvis_tx', 'pelvis_ty', 'pelvis_tz']) expect(hold.reserveByCoordinate[name], name).toBeUndefined();
    const weight = solver.model.totalMass * Math.hypot(...solver.model.gravity);
    const vertical = hold.contactPoints.reduce((sum, point) => sum + point.forceN[1], 0);
    expect(Math.abs(vertical - weight)).toBeLessThan(1e-6 * weight);
    // Mirror outputs agree (the hold's QP is strictly convex: its one solution is symmetric).
    for (const output of REGIONAL_LOAD_OUTPUTS) {
      const mirror = values[output.mirrorKey];
      expect(Math.abs(values[output.key] - mirror), output.key).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(mirror)));
    }
    for (const [name, force] of Object.entries(hold.tissueForceN)) {
      const partner = name.endsWith('_r') ? `${name.slice(0, -2)}_l` : name.endsWith('_l') ? `${name.slice(0, -2)}_r` : name;
      expect(Math.abs(force - hold.tissueForceN[partner]), name).toBeLessThanOrEqual(1e-6 * Math.max(1, force));
    }
  });
});
