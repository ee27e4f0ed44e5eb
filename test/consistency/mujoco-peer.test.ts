/**
 * The benchmark's MuJoCo peer is only a fair peer if it is the same mechanical system.
 * On the fixture (identity joint functions) MuJoCo's inverse dynamics must equal
 * kinechain's rnea at any state; on the default body, whose OpenSim-style custom joints
 * MuJoCo cannot express exactly, the two must still agree on the tree, the masses and
 * the gravity forces in the pose the MJCF was written at (q = 0).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMujocoPeer, type MujocoPeer } from '../../bench/mujoco-peer.js';
import { defaultModel } from '../../src/app/index.js';
import { rnea } from '../../src/core/dynamics/rnea.js';
import { makeData } from '../../src/core/model/make-data.js';
import type { Model } from '../../src/core/model/model.js';
import { compile } from '../../src/spec/compile.js';
import { CLI_FIXTURE_SPEC } from '../fixtures/cli-fixture.js';

function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647 - 0.5;
  };
}

/** Largest |a - b| relative to the largest |b| (at least 1). */
function relativeDifference(a: Float64Array, b: Float64Array): number {
  let difference = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    difference = Math.max(difference, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return difference / scale;
}

function inverseDynamicsBothWays(model: Model, peer: MujocoPeer, q: Float64Array, qd: Float64Array, qdd: Float64Array) {
  const data = makeData(model);
  rnea(model, data, q, qd, qdd);
  peer.setState(q, qd, qdd);
  peer.mujoco.mj_inverse(peer.model, peer.data);
  return { ours: new Float64Array(data.generalizedForce), mujoco: peer.inverseForces(new Float64Array(model.nq)) };
}

describe('MuJoCo peer of the fixture', () => {
  const model = compile(CLI_FIXTURE_SPEC);
  let peer: MujocoPeer;
  beforeAll(async () => {
    peer = await createMujocoPeer(model);
  });
  afterAll(() => peer?.dispose());

  it('has one MuJoCo dof per coordinate and the same total mass', () => {
    expect(peer.nv).toBe(model.nq);
    expect([...peer.mjcf.coordinateOfDof].sort((a, b) => a - b)).toEqual([...Array(model.nq).keys()]);
    expect(peer.mujoco.mj_getTotalmass(peer.model)).toBeCloseTo(model.totalMass, 12);
  });

  it('mj_inverse equals rnea at random states (same kinematics at every q)', () => {
    const random = pseudoRandom(2024);
    for (let trial = 0; trial < 5; trial++) {
      const q = Float64Array.from({ length: model.nq }, () => 2 * random());
      const qd = Float64Array.from({ length: model.nq }, () => 4 * random());
      const qdd = Float64Array.from({ length: model.nq }, () => 10 * random());
      const { ours, mujoco } = inverseDynamicsBothWays(model, peer, q, qd, qdd);
      expect(relativeDifference(ours, mujoco)).toBeLessThan(1e-9);
    }
  });

  it('would notice a wrong mass: scaling the state does not hide a mismatch', () => {
    // Guard that the comparison can fail: gravity-only forces are large and nonzero.
    const zero = new Float64Array(model.nq);
    const { ours } = inverseDynamicsBothWays(model, peer, zero, zero, zero);
    expect(Math.max(...ours.map(Math.abs))).toBeGreaterThan(100);
  });
});

describe('MuJoCo peer of the default body', () => {
  const model = defaultModel();
  let peer: MujocoPeer;
  beforeAll(async () => {
    peer = await createMujocoPeer(model);
  });
  afterAll(() => peer?.dispose());

  it('has one MuJoCo dof per coordinate, the same bodies and the same total mass', () => {
    expect(peer.nv).toBe(model.nq);
    expect(peer.model.nbody).toBe(model.nbody);
    expect(peer.mujoco.mj_getTotalmass(peer.model)).toBeCloseTo(model.totalMass, 10);
  });

  it('gives the same gravity forces at q = 0, where the MJCF was written', () => {
    const zero = new Float64Array(model.nq);
    const { ours, mujoco } = inverseDynamicsBothWays(model, peer, zero, zero, zero);
    expect(relativeDifference(ours, mujoco)).toBeLessThan(1e-9);
  });
});
