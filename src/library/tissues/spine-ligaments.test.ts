/**
 * The lumbar posterior ligamentous complex: zero moment in neutral, a moment that is
 * exactly -dV/dq of its elastic energy, and, with the other passive tissues, a passive
 * lumbar moment at full flexion inside the in vivo range of Dolan et al. 1994.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forwardKinematics } from '../../core/kinematics/forward-kinematics.js';
import { makeData } from '../../core/model/make-data.js';
import type { Data, Model } from '../../core/model/model.js';
import { setPose } from '../../core/model/pose.js';
import { momentArms } from '../../core/paths/moment-arm.js';
import { pathLength } from '../../core/paths/path-length.js';
import { tissueForces, tissueGeneralizedForces } from '../../core/tissues/tissue-forces.js';
import { compile } from '../../spec/compile.js';
import { buildBody, DEFAULT_SUBJECT } from '../default-body.js';
import { END_RANGE_TESTS } from '../stretch-tolerance.js';
import { LUMBAR_PASSIVE_EXTENSOR_MOMENT_FULL_FLEXION, LUMBAR_POSTERIOR_LIGAMENTS_PARAMETERS } from './spine-ligaments.js';

const DEG = Math.PI / 180;
let model: Model;
let data: Data;
let generalizedForce: Float64Array;
let ligament: number;
let lumbar: number;

beforeAll(() => {
  model = compile(buildBody(DEFAULT_SUBJECT));
  data = makeData(model);
  generalizedForce = new Float64Array(model.nq);
  ligament = model.tissueIndex.get('lumbar_posterior_ligaments') as number;
  lumbar = model.coordinateIndex.get('lumbar_extension') as number;
});

/** Relaxed evaluation at a pose (deg); leaves forces and moment arms in data. */
function relaxedAt(poseDeg: Record<string, number>): void {
  const q = setPose(model, Object.fromEntries(Object.entries(poseDeg).map(([name, deg]) => [name, deg * DEG])));
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);
  data.tissueActivation.fill(0);
  tissueForces(model, data, 'rigid');
  tissueGeneralizedForces(model, data, generalizedForce);
}

/** Elastic energy (J) of the passive law at path length `length` (closed form of the integral of the force over length). */
function elasticEnergy(length: number): number {
  const slack = model.passiveSlackLength[ligament];
  const k = model.passiveStiffness[ligament];
  const toe = model.passiveToeStrain[ligament];
  const strain = length / slack - 1;
  if (strain <= 0) return 0;
  if (strain < toe) return (slack * k * strain ** 3) / (6 * toe);
  const toeEnergy = (k * toe * toe) / 6;
  return slack * (toeEnergy + k * ((strain * strain - toe * toe) / 2 - (toe * (strain - toe)) / 2));
}

function ligamentMomentAt(lumbarDeg: number): { moment: number; length: number } {
  relaxedAt({ lumbar_extension: lumbarDeg });
  return { moment: data.tissueMomentArm[ligament * model.nq + lumbar] * data.tissueForce[ligament], length: data.tissueLength[ligament] };
}

describe('lumbar posterior ligamentous complex', () => {
  it('is a midline ligament crossing the lumbosacral joint only', () => {
    expect(model.tissueSide[ligament]).toBe('midline');
    relaxedAt({ lumbar_extension: -40 });
    for (let j = 0; j < model.nq; j++) {
      const name = model.coordinateName[j];
      if (name.startsWith('lumbar_') || name.startsWith('pelvis_')) continue;
      expect(data.tissueMomentArm[ligament * model.nq + j], name).toBe(0);
    }
  });

  it('is slack and gives no moment in neutral standing and in extension', () => {
    for (const angle of [0, 10, 20]) {
      const { moment } = ligamentMomentAt(angle);
      expect(data.tissueForce[ligament], `${angle} deg`).toBe(0);
      expect(moment).toBe(0);
    }
  });

  it('resists flexion: its moment extends the lumbar spine and grows with flexion', () => {
    let previous = 0;
    for (const angle of [-20, -30, -40, -50]) {
      const { moment } = ligamentMomentAt(angle);
      expect(moment, `${angle} deg`).toBeGreaterThan(previous);
      previous = moment;
    }
  });

  it('gives a moment equal to -dV/dq of its elastic energy (energy consistency)', () => {
    const h = 1e-6;
    for (const angle of [-15, -25, -35, -45]) {
      const { moment } = ligamentMomentAt(angle);
      const plus = elasticEnergy(ligamentMomentAt(angle + h / DEG).length);
      const minus = elasticEnergy(ligamentMomentAt(angle - h / DEG).length);
      const derivative = (plus - minus) / (2 * h);
      expect(Math.abs(moment + derivative), `${angle} deg`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(moment)));
    }
  });

  it('with the other passive tissues, resists a flexion moment inside the in vivo range at full lumbar flexion (Dolan et al. 1994)', () => {
    const pose = END_RANGE_TESTS.full_trunk_flexion.poseDeg;
    relaxedAt({ lumbar_extension: pose.lumbar_extension.value, thoracic_extension: pose.thoracic_extension.value });
    const passive = generalizedForce[lumbar];
    const [low, high] = [LUMBAR_PASSIVE_EXTENSOR_MOMENT_FULL_FLEXION.low as number, LUMBAR_PASSIVE_EXTENSOR_MOMENT_FULL_FLEXION.high as number];
    expect(passive).toBeGreaterThanOrEqual(low);
    expect(passive).toBeLessThanOrEqual(high);
    // The complex carries a real share of it, not all of it (passive muscles and fascia carry the rest).
    const ligamentShare = (data.tissueMomentArm[ligament * model.nq + lumbar] * data.tissueForce[ligament]) / passive;
    expect(ligamentShare).toBeGreaterThan(0.1);
    expect(ligamentShare).toBeLessThan(0.9);
  });

  it('states its parameters as literature values inside their ranges', () => {
    for (const value of [LUMBAR_POSTERIOR_LIGAMENTS_PARAMETERS.stiffnessN, LUMBAR_POSTERIOR_LIGAMENTS_PARAMETERS.referenceStrain]) {
      expect(value.low).toBeLessThanOrEqual(value.value);
      expect(value.high).toBeGreaterThanOrEqual(value.value);
      expect(value.source.length).toBeGreaterThan(20);
    }
  });
});
