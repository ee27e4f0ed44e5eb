/**
 * The default body compiled and posed: it stands on the floor, its centre of mass is where
 * people's is, and its tissues have plausible lengths and moment arms of the right sign.
 */
import { describe, expect, it } from 'vitest';
import { centerOfMass } from '../core/kinematics/center-of-mass.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { makeData } from '../core/model/make-data.js';
import type { Data, Model } from '../core/model/model.js';
import { setPose } from '../core/model/pose.js';
import { momentArms } from '../core/paths/moment-arm.js';
import { pathLength } from '../core/paths/path-length.js';
import { compile } from '../spec/compile.js';
import { buildBody, DEFAULT_SUBJECT, type SubjectOptions } from './default-body.js';
import { buildLandmarks } from './landmarks.js';

const DEG = Math.PI / 180;

function build(subject: SubjectOptions): { model: Model; data: Data } {
  const model = compile(buildBody(subject));
  const data = makeData(model);
  return { model, data };
}

function evaluate(model: Model, data: Data, q: Float64Array): void {
  forwardKinematics(model, data, q);
  pathLength(model, data);
  momentArms(model, data);
}

function worldPoint(model: Model, data: Data, body: string, location: readonly number[]): [number, number, number] {
  const b = model.bodyIndex.get(body)!;
  const R = data.bodyRotation.subarray(9 * b, 9 * b + 9);
  const p = data.bodyPosition.subarray(3 * b, 3 * b + 3);
  return [
    p[0] + R[0] * location[0] + R[1] * location[1] + R[2] * location[2],
    p[1] + R[3] * location[0] + R[4] * location[1] + R[5] * location[2],
    p[2] + R[6] * location[0] + R[7] * location[1] + R[8] * location[2],
  ];
}

function tissue(model: Model, name: string): number {
  const index = model.tissueIndex.get(name);
  if (index === undefined) throw new Error(`no tissue ${name}`);
  return index;
}

function momentArm(model: Model, data: Data, tissueName: string, coordinate: string): number {
  return data.tissueMomentArm[tissue(model, tissueName) * model.nq + model.coordinateIndex.get(coordinate)!];
}

const SUBJECTS: SubjectOptions[] = [DEFAULT_SUBJECT, { heightM: 1.62, massKg: 58, sex: 'female' }, { heightM: 2.05, massKg: 110, sex: 'male' }];

describe('default body in the reference pose', () => {
  it('stands with the heels and metatarsal heads on the floor (y = 0 within 1 mm)', () => {
    for (const subject of SUBJECTS) {
      const { model, data } = build(subject);
      evaluate(model, data, model.coordinateDefault);
      const contacts = buildLandmarks(subject).filter((landmark) => landmark.floorContact);
      expect(contacts.length).toBe(8);
      let lowest = Number.POSITIVE_INFINITY;
      for (const landmark of contacts) {
        const y = worldPoint(model, data, landmark.body, landmark.location)[1];
        expect(Math.abs(y), landmark.name).toBeLessThan(1e-3);
        lowest = Math.min(lowest, y);
      }
      expect(Math.abs(lowest)).toBeLessThan(1e-3);
      // Nothing else of the skeleton is below the floor: every joint centre is above it.
      for (let b = 1; b < model.nbody; b++) expect(data.bodyPosition[3 * b + 1]).toBeGreaterThan(0.005);
      // The head reaches the stature.
      const vertex = buildLandmarks(subject).find((landmark) => landmark.name === 'vertex')!;
      expect(worldPoint(model, data, vertex.body, vertex.location)[1]).toBeCloseTo(subject.heightM, 9);
    }
  });

  it('has the feet flat: heel and metatarsal-head contacts of a foot at the same height after a pelvis lift', () => {
    const { model, data } = build(DEFAULT_SUBJECT);
    const q = setPose(model, { pelvis_ty: model.coordinateDefault[model.coordinateIndex.get('pelvis_ty')!] + 0.1 });
    evaluate(model, data, q);
    for (const landmark of buildLandmarks(DEFAULT_SUBJECT).filter((l) => l.floorContact)) {
      expect(worldPoint(model, data, landmark.body, landmark.location)[1]).toBeCloseTo(0.1, 9);
    }
  });

  it('puts the whole-body centre of mass at 55-57% of stature, over the base of support', () => {
    for (const subject of SUBJECTS) {
      const { model, data } = build(subject);
      evaluate(model, data, model.coordinateDefault);
      centerOfMass(model, data);
      const fraction = data.comPosition[1] / subject.heightM;
      expect(fraction).toBeGreaterThan(0.55);
      expect(fraction).toBeLessThan(0.57);
      expect(Math.abs(data.comPosition[2])).toBeLessThan(1e-12);
      const heel = buildLandmarks(subject).find((l) => l.name === 'heel_contact_r')!;
      const ball = buildLandmarks(subject).find((l) => l.name === 'first_metatarsal_head_contact_r')!;
      const heelX = worldPoint(model, data, heel.body, heel.location)[0];
      const ballX = worldPoint(model, data, ball.body, ball.location)[0];
      expect(data.comPosition[0]).toBeGreaterThan(heelX);
      expect(data.comPosition[0]).toBeLessThan(ballX);
    }
  });

  it('gives every tissue a positive, anatomically plausible reference length', () => {
    const { model } = build(DEFAULT_SUBJECT);
    const ranges: Record<string, [number, number]> = {
      plantar_fascia: [0.12, 0.2],
      achilles_tendon: [0.12, 0.3],
      patellar_tendon: [0.03, 0.08],
      biceps_femoris_long: [0.35, 0.5],
      semitendinosus: [0.35, 0.5],
      semimembranosus: [0.35, 0.5],
      gastrocnemius_medial: [0.4, 0.55],
      soleus: [0.28, 0.42],
      rectus_femoris: [0.45, 0.6],
      sartorius: [0.5, 0.7],
      iliotibial_tract: [0.45, 0.7],
      erector_spinae_lumbar: [0.1, 0.25],
      sacrotuberous_ligament: [0.06, 0.12],
      thoracolumbar_fascia_posterior: [0.15, 0.35],
      nuchal_ligament: [0.08, 0.2],
      epicranial_fascia: [0.2, 0.35],
      biceps_brachii: [0.28, 0.42],
    };
    for (let t = 0; t < model.ntissue; t++) {
      const name = model.tissueName[t];
      const length = model.tissueReferenceLength[t];
      expect(length, name).toBeGreaterThan(0.05);
      expect(length, name).toBeLessThan(0.75);
      const range = ranges[name.replace(/_[rl]$/, '')];
      if (range !== undefined) {
        expect(length, name).toBeGreaterThan(range[0]);
        expect(length, name).toBeLessThan(range[1]);
      }
    }
  });

  it('has equal left and right tissue lengths and mirrored moment arms in the symmetric reference pose', () => {
    const { model, data } = build(DEFAULT_SUBJECT);
    evaluate(model, data, model.coordinateDefault);
    const flexion = ['hip_flexion', 'knee_angle', 'ankle_angle', 'mtp_angle', 'elbow_flex', 'arm_flex'];
    for (let t = 0; t < model.ntissue; t++) {
      const name = model.tissueName[t];
      if (!name.endsWith('_r')) continue;
      const left = tissue(model, `${name.slice(0, -2)}_l`);
      expect(Math.abs(data.tissueLength[left] - data.tissueLength[t])).toBeLessThan(1e-12);
      for (const coordinate of flexion) {
        expect(momentArm(model, data, `${name.slice(0, -2)}_l`, `${coordinate}_l`)).toBeCloseTo(momentArm(model, data, name, `${coordinate}_r`), 12);
      }
      // Spine: sagittal moment arms equal, axial rotation and lateral bending opposite.
      expect(momentArm(model, data, `${name.slice(0, -2)}_l`, 'lumbar_extension')).toBeCloseTo(momentArm(model, data, name, 'lumbar_extension'), 12);
      expect(momentArm(model, data, `${name.slice(0, -2)}_l`, 'lumbar_rotation')).toBeCloseTo(-momentArm(model, data, name, 'lumbar_rotation'), 12);
      expect(momentArm(model, data, `${name.slice(0, -2)}_l`, 'lumbar_bending')).toBeCloseTo(-momentArm(model, data, name, 'lumbar_bending'), 12);
    }
  });

  it('gives the tissues moment arms of the expected sign (r = -dL/dq)', () => {
    const { model, data } = build(DEFAULT_SUBJECT);
    evaluate(model, data, model.coordinateDefault);
    // [tissue (both sides), coordinate (both sides), expected sign]
    const expected: [string, string, 1 | -1][] = [
      ['soleus', 'ankle_angle', -1], // dorsiflexion lengthens it: plantarflexor
      ['gastrocnemius_medial', 'ankle_angle', -1],
      ['gastrocnemius_lateral', 'knee_angle', -1], // knee flexor (extension positive)
      ['achilles_tendon', 'ankle_angle', -1],
      ['tibialis_anterior', 'ankle_angle', 1],
      ['tibialis_posterior', 'subtalar_angle', 1], // invertor
      ['peroneus_longus', 'subtalar_angle', -1], // evertor
      ['flexor_hallucis_longus', 'mtp_angle', -1],
      ['extensor_digitorum_longus', 'mtp_angle', 1],
      ['plantar_fascia', 'mtp_angle', -1], // windlass: toe dorsiflexion stretches it
      ['plantar_fascia', 'midtarsal_angle', -1], // arch flattening stretches it
      ['biceps_femoris_long', 'hip_flexion', -1], // hip extensor
      ['semitendinosus', 'hip_flexion', -1],
      ['semimembranosus', 'knee_angle', -1], // knee flexor
      ['gluteus_maximus', 'hip_flexion', -1],
      ['gluteus_medius', 'hip_adduction', -1], // abductor
      ['adductor_longus', 'hip_adduction', 1],
      ['iliopsoas', 'hip_flexion', 1],
      ['rectus_femoris', 'hip_flexion', 1],
      ['rectus_femoris', 'knee_angle', 1],
      ['vastus_lateralis', 'knee_angle', 1],
      ['tensor_fasciae_latae', 'hip_adduction', -1],
      ['latissimus_dorsi', 'arm_flex', -1], // shoulder extensor
      ['pectoralis_major', 'arm_add', 1],
      ['deltoid', 'arm_add', -1], // abductor
      ['infraspinatus', 'arm_rot', -1], // external rotator
      ['biceps_brachii', 'elbow_flex', 1],
      ['triceps_brachii', 'elbow_flex', -1],
      ['wrist_flexors', 'wrist_flex', 1],
      ['wrist_extensors', 'wrist_flex', -1],
    ];
    for (const [base, coordinate, sign] of expected) {
      for (const side of ['r', 'l']) {
        const r = momentArm(model, data, `${base}_${side}`, `${coordinate}_${side}`);
        expect(Math.sign(r), `${base}_${side} on ${coordinate}_${side}: ${r}`).toBe(sign);
        expect(Math.abs(r)).toBeGreaterThan(0.002);
      }
    }
    const axial: [string, string, 1 | -1][] = [
      ['erector_spinae_lumbar', 'lumbar_extension', 1],
      ['erector_spinae_thoracic', 'thoracic_extension', 1],
      ['multifidus', 'lumbar_extension', 1],
      ['thoracolumbar_fascia_posterior', 'lumbar_extension', 1],
      ['rectus_abdominis', 'lumbar_extension', -1],
      ['iliopsoas', 'lumbar_extension', -1],
      ['quadratus_lumborum', 'lumbar_bending', 1],
      ['splenius_capitis', 'neck_extension', 1],
      ['sternocleidomastoid', 'neck_extension', -1],
    ];
    for (const [base, coordinate, sign] of axial) {
      for (const side of ['r', 'l']) {
        const r = momentArm(model, data, `${base}_${side}`, coordinate);
        // Lateral bending to the right is positive: the left-side muscle bends to the left.
        const expectedSign = coordinate.endsWith('bending') && side === 'l' ? -sign : sign;
        expect(Math.sign(r), `${base}_${side} on ${coordinate}: ${r}`).toBe(expectedSign);
      }
    }
    expect(momentArm(model, data, 'nuchal_ligament', 'neck_extension')).toBeGreaterThan(0);
    expect(momentArm(model, data, 'nuchal_ligament', 'head_extension')).toBeGreaterThan(0);
    // External oblique turns the trunk to the opposite side, internal oblique to the same side
    // (rotation positive = front turns left).
    expect(momentArm(model, data, 'external_oblique_r', 'thoracic_rotation') + momentArm(model, data, 'external_oblique_r', 'lumbar_rotation')).toBeGreaterThan(0);
    expect(momentArm(model, data, 'internal_oblique_r', 'thoracic_rotation') + momentArm(model, data, 'internal_oblique_r', 'lumbar_rotation')).toBeLessThan(0);
  });

  it('has plausible moment-arm magnitudes at the ankle, knee, hip and lumbar spine (cm)', () => {
    const { model, data } = build(DEFAULT_SUBJECT);
    evaluate(model, data, model.coordinateDefault);
    const magnitudes: [string, string, number, number][] = [
      ['achilles_tendon_r', 'ankle_angle_r', 0.04, 0.065],
      ['biceps_femoris_long_r', 'hip_flexion_r', 0.04, 0.08],
      ['gluteus_maximus_r', 'hip_flexion_r', 0.04, 0.09],
      ['vastus_lateralis_r', 'knee_angle_r', 0.035, 0.065],
      ['erector_spinae_lumbar_r', 'lumbar_extension', 0.04, 0.07],
    ];
    for (const [name, coordinate, low, high] of magnitudes) {
      const r = Math.abs(momentArm(model, data, name, coordinate));
      expect(r, `${name} on ${coordinate}`).toBeGreaterThan(low);
      expect(r, `${name} on ${coordinate}`).toBeLessThan(high);
    }
  });
});

describe('default body in motion', () => {
  it('tightens the plantar fascia with toe dorsiflexion (windlass), smoothly', () => {
    const { model, data } = build(DEFAULT_SUBJECT);
    const fascia = tissue(model, 'plantar_fascia_r');
    let previous = 0;
    for (const degrees of [0, 10, 20, 30, 40, 50, 60, 70]) {
      evaluate(model, data, setPose(model, { mtp_angle_r: degrees * DEG }));
      const length = data.tissueLength[fascia];
      if (degrees > 0) expect(length).toBeGreaterThan(previous);
      expect(momentArm(model, data, 'plantar_fascia_r', 'mtp_angle_r')).toBeLessThan(-0.005);
      previous = length;
    }
    // Strain at 60 deg of toe dorsiflexion: of the order of a few percent (windlass).
    const reference = model.tissueReferenceLength[fascia];
    evaluate(model, data, setPose(model, { mtp_angle_r: 60 * DEG }));
    const stretch = data.tissueLength[fascia] / reference - 1;
    expect(stretch).toBeGreaterThan(0.02);
    expect(stretch).toBeLessThan(0.15);
  });

  it('keeps the hamstrings below the hip in deep hip flexion (wrap) and lengthens them monotonically', () => {
    const { model, data } = build(DEFAULT_SUBJECT);
    for (const name of ['biceps_femoris_long_r', 'semitendinosus_r', 'semimembranosus_r']) {
      const index = tissue(model, name);
      let previous = 0;
      for (const degrees of [0, 30, 60, 90, 110, 120]) {
        evaluate(model, data, setPose(model, { hip_flexion_r: degrees * DEG }));
        if (degrees > 0) expect(data.tissueLength[index], `${name} at ${degrees} deg`).toBeGreaterThan(previous);
        expect(momentArm(model, data, name, 'hip_flexion_r')).toBeLessThan(-0.02);
        previous = data.tissueLength[index];
      }
    }
  });

  it('keeps the gastrocnemius and quadriceps on their side of the knee in deep flexion', () => {
    const { model, data } = build(DEFAULT_SUBJECT);
    evaluate(model, data, setPose(model, { knee_angle_r: -110 * DEG }));
    expect(momentArm(model, data, 'gastrocnemius_medial_r', 'knee_angle_r')).toBeLessThan(-0.01);
    expect(momentArm(model, data, 'vastus_lateralis_r', 'knee_angle_r')).toBeGreaterThan(0.02);
    expect(momentArm(model, data, 'rectus_femoris_r', 'knee_angle_r')).toBeGreaterThan(0.02);
  });

  it('has analytic moment arms equal to -dL/dq by central differences', () => {
    const { model, data } = build(DEFAULT_SUBJECT);
    const pose = { hip_flexion_r: 70 * DEG, knee_angle_r: -40 * DEG, ankle_angle_r: 10 * DEG, mtp_angle_r: 30 * DEG, lumbar_extension: -20 * DEG };
    const checks: [string, string][] = [
      ['plantar_fascia_r', 'mtp_angle_r'],
      ['gastrocnemius_medial_r', 'knee_angle_r'],
      ['biceps_femoris_long_r', 'hip_flexion_r'],
      ['gluteus_maximus_r', 'hip_flexion_r'],
      ['rectus_femoris_r', 'knee_angle_r'],
      ['erector_spinae_thoracic_r', 'lumbar_extension'],
      ['thoracolumbar_fascia_crossing_r', 'lumbar_extension'],
    ];
    const q = setPose(model, pose);
    evaluate(model, data, q);
    const analytic = checks.map(([name, coordinate]) => momentArm(model, data, name, coordinate));
    const h = 1e-6;
    checks.forEach(([name, coordinate], i) => {
      const j = model.coordinateIndex.get(coordinate)!;
      const t = tissue(model, name);
      const plus = Float64Array.from(q);
      const minus = Float64Array.from(q);
      plus[j] += h;
      minus[j] -= h;
      forwardKinematics(model, data, plus);
      pathLength(model, data);
      const lengthPlus = data.tissueLength[t];
      forwardKinematics(model, data, minus);
      pathLength(model, data);
      const lengthMinus = data.tissueLength[t];
      expect(analytic[i], `${name} on ${coordinate}`).toBeCloseTo(-(lengthPlus - lengthMinus) / (2 * h), 7);
    });
  });
});
