/**
 * OpenSim's static-optimisation muscle capacities: the OpenSim 3/4 rigid-tendon law
 * against kinechain's own Hill muscle with the same curves, the force-velocity curve's
 * continuity where OpenSim switches to linear extrapolation, and the OpenSim 2 isokinetic
 * capacity's elastic-tendon equilibrium.
 */
import { describe, expect, it } from 'vitest';
import { makeMuscleParameters, makeMuscleState, rigidTendonMuscle, THELEN_2003_CURVES } from '../../core/tissues/hill-muscle.js';
import type { OsimMuscleParameters, OsimThelenCurves } from '../../io/opensim/osim-model.js';
import {
  isokineticElasticTendonCapacity,
  legacyForceVelocity,
  openSimMuscleCapacity,
  rigidTendonCapacity,
  thelenForceVelocity,
} from './opensim-muscle-capacity.js';

const MUSCLE: OsimMuscleParameters = {
  maxIsometricForce: 624.3,
  optimalFiberLength: 0.1157,
  tendonSlackLength: 0.2723,
  pennationAngle: 0.15,
  maxContractionVelocity: 10,
  tendonStrainAtOneNormForce: 0.033,
  passiveFiberStrainAtOneNormForce: 0.6,
};
const KINECHAIN_CURVES: OsimThelenCurves = {
  activeShape: THELEN_2003_CURVES.activeForceLengthWidth,
  passiveShape: THELEN_2003_CURVES.passiveShapeFactor,
  forceVelocityShape: THELEN_2003_CURVES.forceVelocityShapeFactor,
  maxLengtheningForce: THELEN_2003_CURVES.maxLengtheningForce,
  forceVelocityExtrapolationThreshold: 0.999,
};
const ARM26_CURVES: OsimThelenCurves = { activeShape: 0.5, passiveShape: 4, forceVelocityShape: 0.3, maxLengtheningForce: 1.8, forceVelocityExtrapolationThreshold: 0.95 };

describe('OpenSim 3/4 rigid-tendon capacity', () => {
  it('equals kinechain\'s rigid-tendon active force along the tendon at a = 1 with the same curves', () => {
    const params = makeMuscleParameters();
    Object.assign(params, {
      maxIsometricForce: MUSCLE.maxIsometricForce,
      optimalFiberLength: MUSCLE.optimalFiberLength,
      tendonSlackLength: MUSCLE.tendonSlackLength,
      pennation: MUSCLE.pennationAngle,
      maxContractionVelocity: MUSCLE.maxContractionVelocity,
      passiveStrainAtF0: 0.6,
      tendonStrainAtF0: 0.033,
    });
    const state = makeMuscleState();
    for (const length of [0.34, 0.38, 0.41, 0.45]) {
      for (const speed of [-0.5, -0.1, 0, 0.05, 0.2]) {
        rigidTendonMuscle(params, length, speed, 1, state);
        const expected = state.activeFiberForce * state.cosPennation;
        expect(Math.abs(rigidTendonCapacity(MUSCLE, KINECHAIN_CURVES, length, speed) - expected)).toBeLessThan(1e-9 * MUSCLE.maxIsometricForce);
      }
    }
  });

  it('force-velocity: 1 at rest, 0 at the maximum shortening speed, continuous with its slope where the linear extension starts', () => {
    expect(thelenForceVelocity(0, ARM26_CURVES)).toBe(1);
    expect(thelenForceVelocity(-1, ARM26_CURVES)).toBeCloseTo(0, 14);
    // Find the speed where the curve reaches threshold * Flen and compare both sides.
    let low = 0;
    let high = 100;
    const threshold = ARM26_CURVES.forceVelocityExtrapolationThreshold * ARM26_CURVES.maxLengtheningForce;
    const curve = (v: number) => {
      const c = (v * (2 + 2 / ARM26_CURVES.forceVelocityShape)) / (ARM26_CURVES.maxLengtheningForce - 1);
      return (1 + c * ARM26_CURVES.maxLengtheningForce) / (1 + c);
    };
    for (let i = 0; i < 200; i++) {
      const middle = 0.5 * (low + high);
      if (curve(middle) < threshold) low = middle;
      else high = middle;
    }
    const h = 1e-6;
    expect(thelenForceVelocity(low + h, ARM26_CURVES)).toBeCloseTo(threshold, 5);
    const slopeBefore = (curve(low) - curve(low - h)) / h;
    const slopeAfter = (thelenForceVelocity(low + 2 * h, ARM26_CURVES) - thelenForceVelocity(low + h, ARM26_CURVES)) / h;
    expect(Math.abs(slopeAfter - slopeBefore) / slopeBefore).toBeLessThan(1e-3);
    // Past the extrapolation it keeps growing (OpenSim's curve never saturates there).
    expect(thelenForceVelocity(10, ARM26_CURVES)).toBeGreaterThan(threshold);
  });
});

describe('OpenSim 2 isokinetic elastic-tendon capacity', () => {
  it('at rest it is the isometric equilibrium force times f_V(0) = 0.9996; shortening lowers it, lengthening raises it', () => {
    const rest = isokineticElasticTendonCapacity(MUSCLE, ARM26_CURVES, 0.4, 0);
    expect(legacyForceVelocity(0)).toBeCloseTo(1.8 - 1.8 / (1 + Math.exp(0.04 / 0.18)), 15);
    expect(rest).toBeGreaterThan(0.5 * MUSCLE.maxIsometricForce);
    expect(isokineticElasticTendonCapacity(MUSCLE, ARM26_CURVES, 0.4, -0.1)).toBeLessThan(rest);
    expect(isokineticElasticTendonCapacity(MUSCLE, ARM26_CURVES, 0.4, 0.1)).toBeGreaterThan(rest);
  });

  it('a stretched tendon carries the force: the elastic capacity is below the rigid one past optimal length, as the fibre shortens toward it', () => {
    // Long unit: fibre beyond optimal, so the tendon's stretch brings it back up the
    // active curve; with OpenSim 2's passive force included the elastic value is higher.
    const long = 0.43;
    const rigid = rigidTendonCapacity(MUSCLE, ARM26_CURVES, long, 0);
    expect(isokineticElasticTendonCapacity(MUSCLE, ARM26_CURVES, long, 0)).toBeGreaterThan(rigid);
    // Short unit: fibre below optimal, the tendon's stretch shortens it further.
    const short = 0.36;
    expect(isokineticElasticTendonCapacity(MUSCLE, ARM26_CURVES, short, 0)).toBeLessThan(rigidTendonCapacity(MUSCLE, ARM26_CURVES, short, 0) / 0.9996);
  });

  it('a unit shorter than its tendon slack length has no capacity; a non-Thelen muscle gives NaN', () => {
    expect(isokineticElasticTendonCapacity(MUSCLE, ARM26_CURVES, 0.27, 0)).toBe(0);
    expect(openSimMuscleCapacity('rigid-tendon', MUSCLE, 0.4, 0)).toBeNaN();
    expect(openSimMuscleCapacity('rigid-tendon', { ...MUSCLE, thelenCurves: ARM26_CURVES }, 0.4, 0)).toBe(rigidTendonCapacity(MUSCLE, ARM26_CURVES, 0.4, 0));
  });
});
