import { describe, expect, it } from 'vitest';
import {
  THELEN_2003_CURVES,
  activeForceLength,
  activeForceLengthSlope,
  elasticTendonMuscleEquilibrium,
  forceVelocity,
  makeMuscleState,
  minFiberLengthAlongTendon,
  passiveFiberForceLength,
  passiveFiberForceLengthSlope,
  rigidTendonMuscle,
  tendonForceStrain,
  tendonForceStrainSlope,
  tendonStrainFromForce,
  type MuscleParameters,
} from './hill-muscle.js';

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

function muscle(overrides: Partial<MuscleParameters> = {}): MuscleParameters {
  return {
    maxIsometricForce: 1000,
    optimalFiberLength: 0.1,
    tendonSlackLength: 0.25,
    pennation: 0.2,
    maxContractionVelocity: 10,
    passiveStrainAtF0: 0.6,
    tendonStrainAtF0: 0.033,
    ...overrides,
  };
}

describe('Thelen 2003 curves', () => {
  it('active force-length peaks at 1 at optimal length', () => {
    expect(activeForceLength(1)).toBe(1);
    expect(Math.abs(activeForceLengthSlope(1))).toBe(0);
    expect(activeForceLength(0.7)).toBeLessThan(1);
    expect(activeForceLength(1.3)).toBeCloseTo(activeForceLength(0.7), 14);
    // Gaussian width 0.45: f_L(1 +- sqrt(0.45)) = exp(-1).
    expect(relativeError(activeForceLength(1 + Math.sqrt(0.45)), Math.exp(-1))).toBeLessThan(1e-14);
  });

  it('force-velocity is 1 isometric, 0 at maximum shortening, -> Flen lengthening', () => {
    expect(forceVelocity(0)).toBe(1);
    expect(forceVelocity(-1)).toBe(0);
    expect(forceVelocity(-2)).toBe(0);
    expect(forceVelocity(1e9)).toBeCloseTo(THELEN_2003_CURVES.maxLengtheningForce, 6);
    let previous = -Infinity;
    for (let v = -1; v <= 2; v += 0.01) {
      const f = forceVelocity(v);
      expect(f).toBeGreaterThanOrEqual(previous);
      previous = f;
    }
    // Thelen's slopes at v = 0: 1 + 1/Af shortening, 2 + 2/Af lengthening.
    const h = 1e-7;
    const af = THELEN_2003_CURVES.forceVelocityShapeFactor;
    expect(relativeError((1 - forceVelocity(-h)) / h, 1 + 1 / af)).toBeLessThan(1e-5);
    expect(relativeError((forceVelocity(h) - 1) / h, 2 + 2 / af)).toBeLessThan(1e-5);
  });

  it('passive fibre force equals F0 at passiveStrainAtF0', () => {
    for (const strainAtF0 of [0.5, 0.6]) {
      expect(relativeError(passiveFiberForceLength(1 + strainAtF0, strainAtF0), 1)).toBeLessThan(1e-14);
      expect(passiveFiberForceLength(1, strainAtF0)).toBe(0);
      expect(passiveFiberForceLength(0.8, strainAtF0)).toBe(0);
    }
    // Through the whole muscle: unpennated, passive, fibre at 1.6 L0 -> tendon force F0.
    const params = muscle({ pennation: 0 });
    const state = makeMuscleState();
    const force = rigidTendonMuscle(params, params.tendonSlackLength + 1.6 * params.optimalFiberLength, 0, 0, state);
    expect(relativeError(force, params.maxIsometricForce)).toBeLessThan(1e-12);
  });

  it('slopes match central differences', () => {
    const h = 1e-6;
    for (const l of [0.6, 0.95, 1.2, 1.5]) {
      const numericActive = (activeForceLength(l + h) - activeForceLength(l - h)) / (2 * h);
      expect(relativeError(numericActive, activeForceLengthSlope(l))).toBeLessThan(1e-7);
      const numericPassive = (passiveFiberForceLength(l + h, 0.6) - passiveFiberForceLength(l - h, 0.6)) / (2 * h);
      if (l > 1) expect(relativeError(numericPassive, passiveFiberForceLengthSlope(l, 0.6))).toBeLessThan(1e-7);
    }
  });

  it('tendon curve: 1 at e0T, continuous force and slope at the toe end, invertible', () => {
    const e0T = 0.033;
    expect(relativeError(tendonForceStrain(e0T, e0T), 1)).toBeLessThan(1e-12);
    expect(tendonForceStrain(0, e0T)).toBe(0);
    expect(tendonForceStrain(-0.01, e0T)).toBe(0);
    const toeEnd = tendonStrainFromForce(THELEN_2003_CURVES.tendonToeForce, e0T);
    const below = toeEnd * (1 - 1e-12);
    const above = toeEnd * (1 + 1e-12);
    expect(relativeError(tendonForceStrain(below, e0T), tendonForceStrain(above, e0T))).toBeLessThan(1e-9);
    expect(relativeError(tendonForceStrainSlope(below, e0T), tendonForceStrainSlope(above, e0T))).toBeLessThan(1e-9);
    for (const f of [0.01, 0.2, 0.33, 0.5, 1, 1.5]) {
      expect(relativeError(tendonForceStrain(tendonStrainFromForce(f, e0T), e0T), f)).toBeLessThan(1e-12);
    }
  });
});

describe('Hill muscle evaluation', () => {
  it('rigid tendon keeps the muscle thickness constant (constant-thickness pennation)', () => {
    const params = muscle();
    const state = makeMuscleState();
    const thickness = params.optimalFiberLength * Math.sin(params.pennation);
    for (const extra of [0.05, 0.08, 0.1, 0.14]) {
      rigidTendonMuscle(params, params.tendonSlackLength + extra, 0, 0.5, state);
      const sinAlpha = Math.sqrt(1 - state.cosPennation ** 2);
      expect(relativeError(state.fiberLength * sinAlpha, thickness)).toBeLessThan(1e-12);
      expect(relativeError(state.fiberLengthAlongTendon, extra)).toBeLessThan(1e-12);
      const expected = (state.activeFiberForce + state.passiveFiberForce) * state.cosPennation;
      expect(relativeError(state.tendonForce, expected)).toBeLessThan(1e-15);
    }
  });

  it('rigid tendon: fibre velocity is musculotendon velocity times cos(pennation); shortening lowers force', () => {
    const params = muscle();
    const state = makeMuscleState();
    const length = params.tendonSlackLength + 0.1;
    const isometric = rigidTendonMuscle(params, length, 0, 1, state);
    rigidTendonMuscle(params, length, -0.2, 1, state);
    const expectedNormalizedVelocity =
      (-0.2 * state.cosPennation) / (params.maxContractionVelocity * params.optimalFiberLength);
    expect(relativeError(state.normalizedFiberVelocity, expectedNormalizedVelocity)).toBeLessThan(1e-12);
    expect(state.tendonForce).toBeLessThan(isometric);
    expect(rigidTendonMuscle(params, length, 0.2, 1, state)).toBeGreaterThan(isometric);
  });

  it('elastic-tendon equilibrium: tendon force equals fibre force along the tendon', () => {
    const params = muscle();
    const state = makeMuscleState();
    for (const activation of [0, 0.05, 0.3, 1]) {
      for (const extra of [0.07, 0.09, 0.1, 0.12, 0.15, 0.18]) {
        const length = params.tendonSlackLength + extra;
        const force = elasticTendonMuscleEquilibrium(params, length, activation, state);
        const fibreAlongTendon = (state.activeFiberForce + state.passiveFiberForce) * state.cosPennation;
        expect(Math.abs(force - fibreAlongTendon)).toBeLessThan(1e-10 * params.maxIsometricForce);
        expect(Math.abs(state.equilibriumResidual)).toBeLessThan(1e-10 * params.maxIsometricForce);
        // Lengths add up and the tendon is stretched by the force it carries.
        expect(relativeError(state.tendonLength + state.fiberLengthAlongTendon, length)).toBeLessThan(1e-14);
        if (force > 0) {
          const strain = tendonStrainFromForce(force / params.maxIsometricForce, params.tendonStrainAtF0);
          expect(Math.abs(state.tendonStrain - strain)).toBeLessThan(1e-9);
        }
        expect(state.iterations).toBeLessThan(50);
      }
    }
  });

  it('elastic tendon tends to the rigid tendon as its stiffness grows', () => {
    const state = makeMuscleState();
    for (const extra of [0.08, 0.1, 0.13]) {
      let previousGap = Infinity;
      for (const tendonStrainAtF0 of [1e-2, 1e-4, 1e-6, 1e-8]) {
        const params = muscle({ tendonStrainAtF0 });
        const length = params.tendonSlackLength + extra;
        const rigid = rigidTendonMuscle(params, length, 0, 0.7, state);
        const elastic = elasticTendonMuscleEquilibrium(params, length, 0.7, state);
        const gap = Math.abs(elastic - rigid) / rigid;
        expect(gap).toBeLessThanOrEqual(previousGap);
        previousGap = gap;
      }
      expect(previousGap).toBeLessThan(1e-6);
    }
  });

  it('slack unit carries no force; fibre never shortens past its minimum', () => {
    const params = muscle();
    const state = makeMuscleState();
    expect(elasticTendonMuscleEquilibrium(params, params.tendonSlackLength * 0.9, 1, state)).toBe(0);
    rigidTendonMuscle(params, params.tendonSlackLength * 0.9, -1, 1, state);
    expect(relativeError(state.fiberLengthAlongTendon, minFiberLengthAlongTendon(params))).toBeLessThan(1e-15);
    expect(state.cosPennation).toBeGreaterThanOrEqual(0.1 - 1e-12);
  });
});
