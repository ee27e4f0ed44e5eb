import { beforeAll, describe, expect, it } from 'vitest';
import {
  comparePostures,
  makeStandingPostureSolver,
  postureGradient,
  postureObjective,
  POSTURE_VARIABLES,
  restorePostureStart,
  savePostureStart,
  setPostureLimits,
  solveStandingPosture,
  standingPosture,
  type StandingPostureResult,
} from './standing-posture.js';
import { compile } from '../spec/compile.js';
import { makeData } from '../core/model/make-data.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { pathLength } from '../core/paths/path-length.js';
import { momentArms } from '../core/paths/moment-arm.js';
import { generalizedGravity } from '../core/dynamics/gravity-force.js';
import { tissueGeneralizedForces } from '../core/tissues/tissue-forces.js';
import { distanceInsidePolygon, makeFootSupport, supportPolygon, updateFootSupport } from '../core/contact/foot-support.js';
import { isKinechainError } from '../core/errors.js';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { baselineScenario, type ModifierDefinition, type Scenario } from '../library/scenario.js';
import { defaultFootContactPoints } from '../library/foot-contact.js';
import { scaleMaxIsometricForce } from '../library/spec-edits.js';
import { STANDING_LUMBOSACRAL_COMPRESSION_N } from '../library/validation-ranges.js';
import type { JointSpec, ModelSpec } from '../spec/schema.js';

const TIMEOUT = 120_000;
const spec = buildBody(DEFAULT_SUBJECT);
const model = compile(spec);
const baseline = baselineScenario(spec);
const weight = model.totalMass * 9.80665;

function solve(scenario: Scenario): StandingPostureResult {
  return solveStandingPosture(makeStandingPostureSolver(model), scenario, { coldStart: true });
}

/** The mirror partner of a name ("_r" <-> "_l"). */
const mirror = (name: string): string => (name.endsWith('_r') ? `${name.slice(0, -2)}_l` : name.endsWith('_l') ? `${name.slice(0, -2)}_r` : name);

let base: StandingPostureResult;
beforeAll(() => {
  base = solve(baseline);
}, TIMEOUT);

describe('standing posture: quiet standing of the default body', () => {
  it('is held: every coordinate balanced, both feet flat where they stood, the floor carrying the weight', () => {
    expect(['converged', 'needs-reserves']).toContain(base.status);
    for (const [name, residual] of Object.entries(base.equilibriumResidualByCoordinate)) {
      expect(Math.abs(residual), name).toBeLessThan(1e-6);
    }
    // What no modelled structure carries is small next to the joint moments of standing.
    expect(base.maxReserve).toBeLessThan(1e-3);
    expect(base.footPlacementError).toBeLessThan(1e-9);
    expect(Math.abs(base.totalLoadN - weight)).toBeLessThan(1e-3);
    expect(base.feet.r.loadN + base.feet.l.loadN).toBeCloseTo(base.totalLoadN, 9);
    // The centre of pressure lies under the centre of mass (static balance) ...
    expect(base.centreOfPressureM[0]).toBeCloseTo(base.centreOfMassM[0], 4);
    // ... and inside each foot's support polygon.
    const support = makeFootSupport(model, defaultFootContactPoints(DEFAULT_SUBJECT), { friction: 0.6 });
    const data = makeData(model);
    forwardKinematics(model, data, model.coordinateName.map((name) => base.coordinates[name]));
    updateFootSupport(support, model, data);
    for (const side of ['r', 'l'] as const) {
      const cop = base.feet[side].centreOfPressureM;
      expect(distanceInsidePolygon(supportPolygon(support, { side }), cop[0], cop[2])).toBeGreaterThan(0);
    }
  });

  it('a symmetric body gives a symmetric posture, symmetric forces and a centre of pressure on the midline', () => {
    for (const [name, value] of Object.entries(base.coordinates)) {
      const partner = mirror(name);
      if (partner !== name) expect(Math.abs(value - base.coordinates[partner]), name).toBeLessThan(1e-6);
      else if (/(_list|_rotation|_bending|_tz)$/.test(name)) expect(Math.abs(value), name).toBeLessThan(1e-6);
    }
    for (const [name, force] of Object.entries(base.tissueForceN)) {
      expect(Math.abs(force - base.tissueForceN[mirror(name)]), name).toBeLessThan(1e-6 * (1 + force));
    }
    expect(Math.abs(base.feet.r.loadN - base.feet.l.loadN)).toBeLessThan(1e-6);
    expect(Math.abs(base.centreOfPressureM[2])).toBeLessThan(1e-6);
    expect(Math.abs(base.lumbosacral.lateralShearN)).toBeLessThan(1e-6);
  });

  it('L5/S1 compression: above the weight it carries, within 1.5 times the in-vivo range of relaxed standing', () => {
    // In vivo (Wilke 1999, converted): 400-700 N. The default body lands above that range
    // (about 800-850 N): in its least-effort posture the lumbar segment leans forward and
    // the erector spinae and multifidus hold it, and the lumped L1-S1 joint has no disc
    // stiffness to share that moment. The checks below are the physical bounds: the joint
    // carries at least the weight above it (every muscle crossing it compresses it), and
    // the prediction stays within half the range's width of the measurements.
    const range = STANDING_LUMBOSACRAL_COMPRESSION_N;
    let massAbove = 0;
    const lumbar = model.bodyIndex.get('lumbar') as number;
    for (let body = lumbar; body < model.nbody; body++) {
      let ancestor = body;
      while (ancestor > lumbar) ancestor = model.bodyParent[ancestor];
      if (ancestor === lumbar) massAbove += model.bodyMass[body];
    }
    expect(base.lumbosacral.compressionN).toBeGreaterThan(massAbove * 9.80665 * Math.cos(0.35));
    expect(base.lumbosacral.compressionN).toBeGreaterThanOrEqual((range.low as number) * 0.5);
    expect(base.lumbosacral.compressionN).toBeLessThanOrEqual((range.high as number) * 1.5);
  });

  it('reports the named loads as sums of their tissues', () => {
    const f = base.tissueForceN;
    expect(base.erectorSpinaeN.r).toBeCloseTo(f.erector_spinae_lumbar_r + f.erector_spinae_thoracic_r, 9);
    expect(base.erectorSpinaeN.total).toBeCloseTo(base.erectorSpinaeN.r + base.erectorSpinaeN.l, 9);
    expect(base.hamstringsN.l).toBeCloseTo(f.biceps_femoris_long_l + f.semitendinosus_l + f.semimembranosus_l, 9);
    expect(base.thoracolumbarFasciaN.total).toBeCloseTo(
      f.thoracolumbar_fascia_posterior_r + f.thoracolumbar_fascia_posterior_l + f.thoracolumbar_fascia_crossing_r + f.thoracolumbar_fascia_crossing_l,
      9,
    );
    expect(base.achillesTendonN.r).toBeCloseTo(f.gastrocnemius_medial_r + f.gastrocnemius_lateral_r + f.soleus_r, 9);
    expect(base.plantarFasciaN.r).toBe(f.plantar_fascia_r);
    expect(base.cervicothoracic.compressionN).toBeGreaterThan(0);
    expect(base.lumbosacral.compressionN).toBeGreaterThan(0);
  });
});

describe('standing posture: the L5/S1 reaction against the generalised force balance of the body above it', () => {
  it('equals the force a translational joint at L5/S1 would have to supply', () => {
    // The same body with three extra translations at the lumbosacral joint (held at 0):
    // their generalised forces G - tissue are the force the joint transmits along the pelvis axes.
    const augmented = structuredClone(spec) as ModelSpec;
    const lumbar = augmented.bodies.find((body) => body.name === 'lumbar');
    if (lumbar === undefined) throw new Error('no lumbar body');
    const joint = lumbar.joint as Extract<JointSpec, { type: 'custom' }>;
    expect(joint.type).toBe('custom');
    const axes: [number, number, number][] = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    axes.forEach((axis, k) => {
      const name = `lumbosacral_t${k}`;
      joint.coordinates.push({ name, kind: 'translational', range: [-0.1, 0.1], defaultValue: 0, locked: false, description: 'test' });
      joint.spatialTransform.push({ kind: 'translation', axis, coordinate: name, function: { type: 'linear', slope: 1, intercept: 0 } });
    });
    const extended = compile(augmented);
    const data = makeData(extended);
    const q = Float64Array.from(extended.coordinateName.map((name) => base.coordinates[name] ?? 0));
    forwardKinematics(extended, data, q);
    pathLength(extended, data);
    momentArms(extended, data);
    for (const [name, force] of Object.entries(base.tissueForceN)) data.tissueForce[extended.tissueIndex.get(name) as number] = force;
    const gravity = new Float64Array(extended.nq);
    const tissue = new Float64Array(extended.nq);
    generalizedGravity(extended, data, q, gravity);
    tissueGeneralizedForces(extended, data, tissue);
    // Pelvis axes in ground (the translations' parent offset frame is the pelvis frame).
    const pelvis = extended.bodyIndex.get('pelvis') as number;
    const rotation = data.bodyRotation.subarray(9 * pelvis, 9 * pelvis + 9);
    const reaction = base.lumbosacral.forceN;
    axes.forEach((_, k) => {
      const j = extended.coordinateIndex.get(`lumbosacral_t${k}`) as number;
      // The joint supplies G - tissue along its axis (no contact force acts above L5/S1).
      const balance = gravity[j] - tissue[j];
      const alongAxis = reaction[0] * rotation[k] + reaction[1] * rotation[3 + k] + reaction[2] * rotation[6 + k];
      expect(Math.abs(balance - alongAxis)).toBeLessThan(1e-6 * (1 + Math.abs(alongAxis)));
    });
  });
});

describe('standing posture: scenarios', () => {
  it(
    'a right foot limited to 20% of body weight puts at least 80% on the left and stays in equilibrium',
    () => {
      const scenario: Scenario = { ...baseline, footLoading: { ...baseline.footLoading, maxFootLoadFraction: { r: 0.2, l: 1 } } };
      const result = solve(scenario);
      expect(result.feet.r.loadN).toBeLessThanOrEqual(0.2 * weight + 1e-6);
      expect(result.feet.l.loadN).toBeGreaterThanOrEqual(0.8 * weight - 1e-3);
      expect(result.equilibriumResidual).toBeLessThan(1e-6);
      expect(result.maxReserve).toBeLessThan(1e-3);
      // The body shifts over the left foot.
      expect(result.centreOfMassM[2]).toBeLessThan(-0.01);
    },
    TIMEOUT,
  );

  it(
    'a heel load limit moves that foot\u2019s centre of pressure forward',
    () => {
      const scenario: Scenario = { ...baseline, footLoading: { ...baseline.footLoading, maxHeelLoadFraction: { r: 0.3, l: 1 } } };
      const result = solve(scenario);
      expect(result.feet.r.heelN).toBeLessThanOrEqual(0.3 * result.feet.r.loadN + 1e-6);
      expect(result.feet.r.centreOfPressureM[0]).toBeGreaterThan(base.feet.r.centreOfPressureM[0] + 0.005);
      expect(result.equilibriumResidual).toBeLessThan(1e-6);
    },
    TIMEOUT,
  );

  it(
    'an Achilles force cap is respected',
    () => {
      const cap = base.achillesTendonN.r - 30;
      const result = solve({ ...baseline, tissueForceLimitN: { achilles_tendon_r: cap } });
      expect(result.achillesTendonN.r).toBeLessThanOrEqual(cap + 0.5);
      expect(result.equilibriumResidual).toBeLessThan(1e-6);
    },
    TIMEOUT,
  );

  it(
    'a modifier at its neutral severity gives exactly the baseline',
    () => {
      const heelPain: ModifierDefinition = {
        name: 'test-heel-pain',
        kind: 'impairment',
        title: 'test',
        description: 'test',
        source: 'test',
        severity: { default: 0.5, min: 0, max: 1, unit: 'fraction', meaning: 'test', neutral: 0 },
        parameters: {},
        apply: (scenario, severity) => ({
          ...scenario,
          footLoading: { ...scenario.footLoading, maxHeelLoadFraction: { r: 1 - 0.7 * severity, l: 1 } },
          tissueForceLimitN: severity > 0 ? { ...scenario.tissueForceLimitN, achilles_tendon_r: 1000 / severity } : scenario.tissueForceLimitN,
        }),
      };
      const neutral = heelPain.apply(baseline, heelPain.severity.neutral, {});
      expect(solve(neutral)).toEqual(base);
    },
    TIMEOUT,
  );

  it(
    'standingPosture (compile, solve) agrees with a reusable solver, and a warm re-solve only lowers the objective',
    () => {
      const oneOff = standingPosture(baseline);
      expect(oneOff).toEqual(base);
      // A warm restart from the optimum continues the same descent: it can only lower the objective.
      const solver = makeStandingPostureSolver(model);
      const first = solveStandingPosture(solver, baseline);
      const again = solveStandingPosture(solver, baseline);
      expect(again.solver.objective).toBeLessThanOrEqual(first.solver.objective + 1e-12);
      expect(again.equilibriumResidual).toBeLessThan(1e-6);
    },
    TIMEOUT,
  );
});

describe('standing posture: the search', () => {
  it('its gradient (envelope theorem) matches central differences of the objective', () => {
    const solver = makeStandingPostureSolver(model);
    setPostureLimits(solver, baseline);
    const theta = Float64Array.from(POSTURE_VARIABLES.map((name) => base.postureVariables[name]));
    // Move off the optimum (V is piecewise smooth and its minima sit on kinks).
    const offset = [0.02, 0.005, 0, -0.01, -0.01, -0.03, 0.02, -0.04, 0.03];
    offset.forEach((delta, k) => (theta[k] += delta));
    const gradient = new Float64Array(theta.length);
    expect(postureGradient(solver, theta, gradient)).toBe(true);
    const value = postureObjective(solver, theta);
    const h = 1e-6;
    let compared = 0;
    for (let k = 0; k < theta.length; k++) {
      const plus = Float64Array.from(theta);
      plus[k] += h;
      const minus = Float64Array.from(theta);
      minus[k] -= h;
      const right = (postureObjective(solver, plus) - value) / h;
      const left = (value - postureObjective(solver, minus)) / h;
      // Compare where V is smooth (both one-sided slopes agree); on a kink the gradient is one-sided.
      if (Math.abs(right - left) > 1e-3 * (1 + Math.abs(right))) continue;
      expect(Math.abs(gradient[k] - 0.5 * (left + right)), POSTURE_VARIABLES[k]).toBeLessThan(2e-3 * (1 + Math.abs(right)));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });

  it('comparePostures lists the joints and tissues that changed most, largest first', () => {
    const other = { ...base, coordinates: { ...base.coordinates, knee_angle_r: base.coordinates.knee_angle_r - 0.1, lumbar_extension: base.coordinates.lumbar_extension + 0.05 }, tissueForceN: { ...base.tissueForceN, soleus_r: base.tissueForceN.soleus_r + 50 } };
    const change = comparePostures(base, other, { joints: 2, tissues: 1 });
    expect(change.joints.map((entry) => entry.coordinate)).toEqual(['knee_angle_r', 'lumbar_extension']);
    expect(change.joints[0].change).toBeCloseTo(-0.1, 12);
    // (b + 50) - b is 50 only to rounding, so the change is compared to 1e-9 N.
    expect(change.tissues.map((entry) => entry.tissue)).toEqual(['soleus_r']);
    expect(change.tissues[0].beforeN).toBe(base.tissueForceN.soleus_r);
    expect(change.tissues[0].afterN).toBe(base.tissueForceN.soleus_r + 50);
    expect(change.tissues[0].changeN).toBeCloseTo(50, 9);
  });

  it('rejects bad options and bodies without the default names', () => {
    const codes: string[] = [];
    for (const run of [
      () => makeStandingPostureSolver(model, { maxStepRad: 0 }),
      () => makeStandingPostureSolver(model, { passiveLoadWeight: -1 }),
      () => makeStandingPostureSolver(compile({ ...spec, subject: undefined })),
    ]) {
      try {
        run();
        codes.push('none');
      } catch (error) {
        codes.push(isKinechainError(error) ? error.code : 'other');
      }
    }
    expect(codes).toEqual(['OUT_OF_RANGE', 'OUT_OF_RANGE', 'INVALID_SPEC']);
  });
});

describe('standing posture: convergence and reproducibility', () => {
  it('converges tightly: the Lagrangian of the whole problem is stationary, and a warm re-solve stays put', () => {
    expect(base.solver.stoppingReason).not.toBe('max-iterations');
    expect(base.solver.gradientNorm).toBeLessThan(1e-5);
    const solver = makeStandingPostureSolver(model);
    const first = solveStandingPosture(solver, baseline, { coldStart: true });
    const again = solveStandingPosture(solver, baseline);
    expect(again.solver.iterations).toBeLessThanOrEqual(2);
    for (const name of POSTURE_VARIABLES) expect(Math.abs(again.postureVariables[name] - first.postureVariables[name]), name).toBeLessThan(1e-6);
  });

  it(
    'a cold solve depends on its scenario alone, and a warm one on its scenario and its saved start alone',
    () => {
      const solver = makeStandingPostureSolver(model);
      const limited: Scenario = { ...baseline, footLoading: { ...baseline.footLoading, maxHeelLoadFraction: { r: 0.5, l: 0.5 } } };
      const start = (solveStandingPosture(solver, baseline, { coldStart: true }), savePostureStart(solver));
      const warm = solveStandingPosture(solver, limited);
      solveStandingPosture(solver, { ...baseline, footLoading: { ...baseline.footLoading, maxFootLoadFraction: { r: 0.6, l: 1 } } });
      expect(solveStandingPosture(solver, baseline, { coldStart: true })).toEqual(base);
      restorePostureStart(solver, start);
      expect(solveStandingPosture(solver, limited)).toEqual(warm);
      const other = makeStandingPostureSolver(model);
      restorePostureStart(other, start);
      expect(solveStandingPosture(other, limited)).toEqual(warm);
    },
    TIMEOUT,
  );

  it(
    'tissue parameters edited in place are seen: a stronger right soleus gives the posture of the compiled edit, not a symmetric one',
    () => {
      const edited = scaleMaxIsometricForce(spec, ['soleus_r'], 1.2);
      const compiled = solveStandingPosture(makeStandingPostureSolver(compile(edited)), { ...baseline, spec: edited }, { coldStart: true });
      const inPlace = compile(spec);
      const solver = makeStandingPostureSolver(inPlace);
      solveStandingPosture(solver, baseline, { coldStart: true });
      (inPlace.muscleMaxIsometricForce as Float64Array)[inPlace.tissueIndex.get('soleus_r') as number] *= 1.2;
      const result = solveStandingPosture(solver, { ...baseline, spec: edited }, { coldStart: true });
      expect(Math.abs(result.achillesTendonN.r - result.achillesTendonN.l)).toBeGreaterThan(1e-3);
      for (const name of POSTURE_VARIABLES) expect(Math.abs(result.postureVariables[name] - compiled.postureVariables[name]), name).toBeLessThan(1e-9);
    },
    TIMEOUT,
  );
});
