/**
 * Centre-of-mass accelerations against inverse dynamics: with no external force, the
 * generalised forces rnea needs on the pelvis's translations are the whole body's
 * m a - m g along the ground axes (Newton's second law for the whole body), so
 * sum_b m_b a_b from the second difference must match them.
 */
import { describe, expect, it } from 'vitest';
import { rnea } from '../core/dynamics/rnea.js';
import { makeData } from '../core/model/make-data.js';
import { buildBody, DEFAULT_SUBJECT } from '../library/default-body.js';
import { compile } from '../spec/compile.js';
import { centerOfMassAccelerations, makeCenterOfMassScratch } from './gait-com-acceleration.js';

describe('centerOfMassAccelerations', () => {
  const model = compile(buildBody({ ...DEFAULT_SUBJECT }));
  const data = makeData(model);
  const nq = model.nq;

  it('sum of m a equals the pelvis translation forces of rnea minus gravity', () => {
    for (const seed of [1, 2, 3]) {
      const q = Float64Array.from(model.coordinateDefault);
      const qd = new Float64Array(nq);
      const qdd = new Float64Array(nq);
      for (let j = 0; j < nq; j++) {
        const wave = Math.sin(seed * 12.9898 + j * 78.233);
        q[j] += 0.2 * wave;
        qd[j] = 1.5 * Math.cos(seed + 3 * j);
        qdd[j] = 4 * Math.sin(seed * 7 + j);
      }
      rnea(model, data, q, qd, qdd);
      const tau = Float64Array.from(data.generalizedForce);
      const position = new Float64Array(3 * model.nbody);
      const acceleration = new Float64Array(3 * model.nbody);
      centerOfMassAccelerations(model, data, makeCenterOfMassScratch(model), q, qd, qdd, position, acceleration);
      const total = [0, 0, 0];
      let mass = 0;
      for (let b = 1; b < model.nbody; b++) {
        mass += model.bodyMass[b];
        for (let i = 0; i < 3; i++) total[i] += model.bodyMass[b] * acceleration[3 * b + i];
      }
      const gravity = model.spec.gravity ?? [0, -9.80665, 0];
      ['pelvis_tx', 'pelvis_ty', 'pelvis_tz'].forEach((name, i) => {
        const expected = tau[model.coordinateIndex.get(name) as number];
        const predicted = total[i] - mass * gravity[i];
        expect(Math.abs(predicted - expected)).toBeLessThan(1e-5 * (Math.abs(expected) + mass * 9.81));
      });
    }
  });
});
