/**
 * Power balance along a smooth trajectory: the power of the generalised forces from
 * rnea equals the rate of change of kinetic plus potential energy,
 *   qd . tau = d/dt (T + V),
 * with T and V computed body by body (fixtures/energy.ts) and d/dt by a five-point
 * finite difference. This checks rnea's velocity-product terms, including those of
 * custom joints whose splines curve (f'' qd^2) and whose axes turn with each other.
 */
import { describe, expect, it } from 'vitest';
import { compileSkeleton } from '../../src/spec/compile-skeleton.js';
import { makeSkeletonData } from '../../src/core/model/make-skeleton-data.js';
import { rnea } from '../../src/core/dynamics/rnea.js';
import type { FunctionSpec, ModelSpec } from '../../src/spec/schema.js';
import type { SkeletonModel } from '../../src/core/model/model.js';
import { HIP_ROTATION_SMOOTH_INTERVAL, jointChainSpec } from '../fixtures/joint-chain.js';
import { doublePendulumSpec } from '../fixtures/pendulum.js';
import { kineticEnergy, potentialEnergy } from '../fixtures/energy.js';

/** q_j(t) = centre_j + amplitude_j sin(rate_j t + phase_j), with its derivatives. */
interface Trajectory {
  centre: Float64Array;
  amplitude: Float64Array;
  rate: Float64Array;
  phase: Float64Array;
}

function trajectory(model: SkeletonModel, limits: Map<string, [number, number]>): Trajectory {
  const nq = model.nq;
  const t: Trajectory = { centre: new Float64Array(nq), amplitude: new Float64Array(nq), rate: new Float64Array(nq), phase: new Float64Array(nq) };
  for (let j = 0; j < nq; j++) {
    const [min, max] = limits.get(model.coordinateName[j]) ?? [model.coordinateRange[2 * j], model.coordinateRange[2 * j + 1]];
    t.centre[j] = 0.5 * (min + max);
    t.amplitude[j] = 0.45 * (max - min);
    t.rate[j] = 1.3 + 0.37 * j;
    t.phase[j] = 0.71 * j;
  }
  return t;
}

function evaluate(t: Trajectory, time: number, derivative: 0 | 1 | 2): Float64Array {
  return t.centre.map((centre, j) => {
    const angle = t.rate[j] * time + t.phase[j];
    const a = t.amplitude[j];
    const w = t.rate[j];
    if (derivative === 0) return centre + a * Math.sin(angle);
    if (derivative === 1) return a * w * Math.cos(angle);
    return -a * w * w * Math.sin(angle);
  });
}

/** Knots of every function, by the coordinate that drives it (finite differences must not straddle them). */
function knotsByCoordinate(spec: ModelSpec): Map<string, number[]> {
  const knots = new Map<string, number[]>();
  const collect = (f: FunctionSpec): number[] => (f.type === 'multiplier' ? collect(f.function) : 'x' in f ? f.x : []);
  for (const body of spec.bodies) {
    if (body.joint.type !== 'custom') continue;
    for (const axis of body.joint.spatialTransform) {
      if (axis.coordinate === null) continue;
      knots.set(axis.coordinate, [...(knots.get(axis.coordinate) ?? []), ...collect(axis.function)]);
    }
  }
  return knots;
}

function checkPowerBalance(spec: ModelSpec, limits: Map<string, [number, number]>, samples: number): number {
  const model = compileSkeleton(spec);
  const data = makeSkeletonData(model);
  const energyData = makeSkeletonData(model);
  const path = trajectory(model, limits);
  const knots = knotsByCoordinate(spec);
  const h = 1e-3;
  const energyAt = (time: number) =>
    kineticEnergy(model, energyData, evaluate(path, time, 0), evaluate(path, time, 1)) +
    potentialEnergy(model, energyData, evaluate(path, time, 0));
  let checked = 0;
  for (let s = 0; s < samples; s++) {
    const time = 0.05 + (2.5 * s) / samples;
    const before = evaluate(path, time - 2 * h, 0);
    const after = evaluate(path, time + 2 * h, 0);
    const straddles = model.coordinateName.some((name, j) =>
      (knots.get(name) ?? []).some((x) => Math.min(before[j], after[j]) <= x && x <= Math.max(before[j], after[j])),
    );
    if (straddles) continue;
    const qd = evaluate(path, time, 1);
    rnea(model, data, evaluate(path, time, 0), qd, evaluate(path, time, 2));
    let power = 0;
    let magnitude = 0;
    for (let j = 0; j < model.nq; j++) {
      power += qd[j] * data.generalizedForce[j];
      magnitude += Math.abs(qd[j] * data.generalizedForce[j]);
    }
    const energyRate = (-energyAt(time + 2 * h) + 8 * energyAt(time + h) - 8 * energyAt(time - h) + energyAt(time - 2 * h)) / (12 * h);
    expect(Math.abs(power - energyRate), `t = ${time}: power ${power} vs dE/dt ${energyRate}`).toBeLessThan(1e-8 * magnitude);
    checked++;
  }
  return checked;
}

describe('power balance qd . tau = d(T + V)/dt', () => {
  it('holds for the double pendulum', () => {
    expect(checkPowerBalance(doublePendulumSpec(), new Map(), 20)).toBe(20);
  });

  it('holds for the chain with every joint type, custom joints with splines included', () => {
    const limits = new Map<string, [number, number]>([['hip_rotation', HIP_ROTATION_SMOOTH_INTERVAL]]);
    expect(checkPowerBalance(jointChainSpec(), limits, 40)).toBeGreaterThan(25);
  });
});
