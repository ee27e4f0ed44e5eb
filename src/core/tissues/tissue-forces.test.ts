import { describe, expect, it } from 'vitest';
import { forwardKinematics } from '../kinematics/forward-kinematics.js';
import { pathLength } from '../paths/path-length.js';
import { momentArms } from '../paths/moment-arm.js';
import { tissueForces, tissueGeneralizedForces } from './tissue-forces.js';
import { tissueStrain } from './tissue-strain.js';
import { passiveElasticForce, passiveStrainFromForce } from './passive-law.js';
import {
  elasticTendonMuscleEquilibrium,
  makeMuscleParameters,
  makeMuscleState,
  readMuscleParameters,
  rigidTendonMuscle,
} from './hill-muscle.js';
import { calfSeriesTendonSpec } from '../../../test/fixtures/calf-series-tendon.js';
import { buildTissueModel } from '../../../test/fixtures/tissue-model.js';

describe('tissue forces with a series tendon', () => {
  const { model, data } = buildTissueModel(calfSeriesTendonSpec());
  const index = (name: string): number => model.tissueIndex.get(name) as number;
  const gastrocnemius = index('gastrocnemius');
  const soleus = index('soleus');
  const achilles = index('achilles_tendon');
  const fascia = index('plantar_fascia');

  function evaluateAt(q: number[], activation: number, tendon: 'rigid' | 'elastic' = 'rigid'): void {
    forwardKinematics(model, data, new Float64Array(q));
    pathLength(model, data);
    momentArms(model, data);
    data.tissueVelocity.fill(0);
    data.tissueActivation.fill(activation);
    tissueForces(model, data, tendon);
  }

  it('compiles the series tendon as not acting on the skeleton', () => {
    expect(model.tissueActsOnSkeleton[achilles]).toBe(0);
    expect(model.tissueActsOnSkeleton[gastrocnemius]).toBe(1);
    expect(model.tissueSeriesNum[achilles]).toBe(2);
    const series = Array.from(model.seriesMuscle.subarray(model.tissueSeriesAdr[achilles], model.tissueSeriesAdr[achilles] + 2));
    expect(series).toEqual([gastrocnemius, soleus]);
  });

  it('gives the series tendon the sum of its muscles, for rigid and elastic tendons', () => {
    for (const tendon of ['rigid', 'elastic'] as const) {
      evaluateAt([0.1, 0.25, 0.2], 0.6, tendon);
      expect(data.tissueForce[gastrocnemius]).toBeGreaterThan(0);
      expect(data.tissueForce[soleus]).toBeGreaterThan(0);
      expect(data.tissueForce[achilles]).toBe(data.tissueForce[gastrocnemius] + data.tissueForce[soleus]);
    }
  });

  it('evaluates each muscle with its own law (rigid and elastic tendon)', () => {
    const params = makeMuscleParameters();
    const state = makeMuscleState();
    evaluateAt([0.1, 0.25, 0.2], 0.6);
    readMuscleParameters(model, soleus, params);
    expect(data.tissueForce[soleus]).toBe(rigidTendonMuscle(params, data.tissueLength[soleus], 0, 0.6, state));
    evaluateAt([0.1, 0.25, 0.2], 0.6, 'elastic');
    expect(data.tissueForce[soleus]).toBe(elasticTendonMuscleEquilibrium(params, data.tissueLength[soleus], 0.6, state));
  });

  it('leaves the series tendon out of the generalised forces', () => {
    evaluateAt([0.1, 0.25, 0.2], 0.6);
    const tau = new Float64Array(model.nq).fill(123);
    tissueGeneralizedForces(model, data, tau);
    for (let j = 0; j < model.nq; j++) {
      let expected = 0;
      for (const t of [gastrocnemius, soleus, fascia]) expected += data.tissueMomentArm[t * model.nq + j] * data.tissueForce[t];
      expect(Math.abs(tau[j] - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
    }
    // The calf muscles plantarflex the ankle (negative ankle_angle = plantarflexion).
    expect(tau[model.coordinateIndex.get('ankle_angle') as number]).toBeLessThan(0);
  });

  it('reports strains: series tendon from its force, passive tissue from its length, muscle fibre stretch', () => {
    evaluateAt([0.1, 0.25, 0.2], 0.6);
    const strain = new Float64Array(model.ntissue);
    tissueStrain(model, data, strain);
    const stiffness = model.passiveStiffness[achilles];
    const toe = model.passiveToeStrain[achilles];
    expect(strain[achilles]).toBeCloseTo(passiveStrainFromForce(data.tissueForce[achilles], stiffness, toe), 15);
    expect(passiveElasticForce(strain[achilles], stiffness, toe)).toBeCloseTo(data.tissueForce[achilles], 8);
    expect(strain[fascia]).toBe(data.tissueLength[fascia] / model.passiveSlackLength[fascia] - 1);
    const params = readMuscleParameters(model, soleus, makeMuscleParameters());
    const state = makeMuscleState();
    rigidTendonMuscle(params, data.tissueLength[soleus], 0, 0, state);
    expect(strain[soleus]).toBeCloseTo(state.normalizedFiberLength - 1, 14);
  });

  it('passive tissue: slack gives zero, stretch gives the law', () => {
    // Toes flexed (negative mtp) shortens the fascia below slack; extended stretches it (windlass).
    evaluateAt([0, 0, -0.4], 0);
    expect(data.tissueForce[fascia]).toBe(0);
    evaluateAt([0, 0, 0.6], 0);
    const strain = data.tissueLength[fascia] / model.passiveSlackLength[fascia] - 1;
    expect(strain).toBeGreaterThan(0);
    expect(data.tissueForce[fascia]).toBe(
      passiveElasticForce(strain, model.passiveStiffness[fascia], model.passiveToeStrain[fascia]),
    );
  });
});
