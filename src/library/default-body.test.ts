import { describe, expect, it } from 'vitest';
import { isKinechainError } from '../core/errors.js';
import type { BodySpec, JointSpec, ModelSpec, TissueSpec } from '../spec/schema.js';
import { parseSpec } from '../spec/compile.js';
import { buildBody, DEFAULT_SUBJECT } from './default-body.js';
import { MUSCLE_PARAMETERS, PASSIVE_PARAMETERS } from './tissues/index.js';

/** Tissue names fixed by the body-names contract (each _r and _l unless midline). */
const BILATERAL_TISSUES = [
  'plantar_fascia', 'flexor_digitorum_brevis', 'flexor_hallucis_longus', 'tibialis_posterior', 'tibialis_anterior',
  'peroneus_longus', 'extensor_digitorum_longus', 'gastrocnemius_medial', 'gastrocnemius_lateral', 'soleus',
  'achilles_tendon', 'biceps_femoris_long', 'semitendinosus', 'semimembranosus', 'rectus_femoris', 'vastus_lateralis',
  'vastus_medialis', 'vastus_intermedius', 'patellar_tendon', 'tensor_fasciae_latae', 'iliotibial_tract',
  'adductor_longus', 'adductor_magnus', 'sartorius', 'gluteus_maximus', 'gluteus_medius', 'iliopsoas',
  'sacrotuberous_ligament', 'erector_spinae_lumbar', 'erector_spinae_thoracic', 'multifidus', 'quadratus_lumborum',
  'rectus_abdominis', 'external_oblique', 'internal_oblique', 'latissimus_dorsi', 'thoracolumbar_fascia_posterior',
  'thoracolumbar_fascia_crossing', 'pectoralis_major', 'pectoralis_minor', 'trapezius_upper', 'rhomboid', 'deltoid',
  'infraspinatus', 'biceps_brachii', 'triceps_brachii', 'wrist_flexors', 'wrist_extensors', 'splenius_capitis',
  'semispinalis_capitis', 'sternocleidomastoid', 'longus_colli', 'longus_capitis',
];
const MIDLINE_TISSUES = ['nuchal_ligament', 'epicranial_fascia', 'lumbar_posterior_ligaments'];
const EXPECTED_KIND: Record<string, TissueSpec['kind']> = {
  plantar_fascia: 'fascia', achilles_tendon: 'tendon', patellar_tendon: 'tendon', iliotibial_tract: 'fascia',
  sacrotuberous_ligament: 'ligament', thoracolumbar_fascia_posterior: 'fascia', thoracolumbar_fascia_crossing: 'fascia',
  nuchal_ligament: 'ligament', epicranial_fascia: 'fascia', lumbar_posterior_ligaments: 'ligament',
};

/** Body, joint and coordinate names fixed by the body-names contract. */
const JOINTS: Record<string, { parent: string; joint: string; coordinates: string[] }> = {
  pelvis: { parent: 'ground', joint: 'ground_pelvis', coordinates: ['pelvis_tilt', 'pelvis_list', 'pelvis_rotation', 'pelvis_tx', 'pelvis_ty', 'pelvis_tz'] },
  lumbar: { parent: 'pelvis', joint: 'lumbosacral', coordinates: ['lumbar_extension', 'lumbar_bending', 'lumbar_rotation'] },
  thorax: { parent: 'lumbar', joint: 'thoracolumbar', coordinates: ['thoracic_extension', 'thoracic_bending', 'thoracic_rotation'] },
  neck: { parent: 'thorax', joint: 'cervicothoracic', coordinates: ['neck_extension', 'neck_bending', 'neck_rotation'] },
  head: { parent: 'neck', joint: 'atlanto_occipital', coordinates: ['head_extension', 'head_bending'] },
};
for (const s of ['r', 'l']) {
  Object.assign(JOINTS, {
    [`femur_${s}`]: { parent: 'pelvis', joint: `hip_${s}`, coordinates: [`hip_flexion_${s}`, `hip_adduction_${s}`, `hip_rotation_${s}`] },
    [`tibia_${s}`]: { parent: `femur_${s}`, joint: `knee_${s}`, coordinates: [`knee_angle_${s}`] },
    [`talus_${s}`]: { parent: `tibia_${s}`, joint: `ankle_${s}`, coordinates: [`ankle_angle_${s}`] },
    [`calcn_${s}`]: { parent: `talus_${s}`, joint: `subtalar_${s}`, coordinates: [`subtalar_angle_${s}`] },
    [`forefoot_${s}`]: { parent: `calcn_${s}`, joint: `midtarsal_${s}`, coordinates: [`midtarsal_angle_${s}`] },
    [`toes_${s}`]: { parent: `forefoot_${s}`, joint: `mtp_${s}`, coordinates: [`mtp_angle_${s}`] },
    [`humerus_${s}`]: { parent: 'thorax', joint: `shoulder_${s}`, coordinates: [`arm_flex_${s}`, `arm_add_${s}`, `arm_rot_${s}`] },
    [`forearm_${s}`]: { parent: `humerus_${s}`, joint: `elbow_${s}`, coordinates: [`elbow_flex_${s}`] },
    [`hand_${s}`]: { parent: `forearm_${s}`, joint: `wrist_${s}`, coordinates: [`wrist_flex_${s}`] },
  });
}

function jointAxes(joint: JointSpec): [number, number, number][] {
  switch (joint.type) {
    case 'revolute':
      return [joint.axis];
    case 'custom':
      return joint.spatialTransform.filter((axis) => axis.kind === 'rotation').map((axis) => axis.axis);
    default:
      return [];
  }
}

function mirrorName(name: string): string {
  return name.endsWith('_r') ? `${name.slice(0, -2)}_l` : name;
}

function expectMirrored(right: [number, number, number], left: [number, number, number]): void {
  expect(left[0]).toBe(right[0]);
  expect(left[1]).toBe(right[1]);
  expect(left[2]).toBe(0 - right[2]);
}

function expectAxisMirrored(right: [number, number, number], left: [number, number, number]): void {
  // Rotation axes are pseudo-vectors: mirrored through the sagittal plane as (-x, -y, z).
  expect(left[0]).toBe(0 - right[0]);
  expect(left[1]).toBe(0 - right[1]);
  expect(left[2]).toBe(right[2]);
}

function bodyByName(spec: ModelSpec): Map<string, BodySpec> {
  return new Map(spec.bodies.map((body) => [body.name, body]));
}

function tissueByName(spec: ModelSpec): Map<string, TissueSpec> {
  return new Map(spec.tissues.map((tissue) => [tissue.name, tissue]));
}

describe('default body spec', () => {
  const male = buildBody(DEFAULT_SUBJECT);
  const female = buildBody({ heightM: 1.65, massKg: 60, sex: 'female' });

  it('passes the spec schema unchanged', () => {
    for (const spec of [male, female]) {
      const parsed = parseSpec(spec);
      expect(parsed).toEqual(spec);
    }
  });

  it('has body masses that sum to the body mass for both sexes', () => {
    for (const [spec, massKg] of [[male, 75], [female, 60]] as const) {
      const total = spec.bodies.reduce((sum, body) => sum + body.massKg, 0);
      expect(Math.abs(total - massKg) / massKg).toBeLessThan(1e-12);
      for (const body of spec.bodies) expect(body.massKg).toBeGreaterThan(0);
    }
  });

  it('uses de Leva mass fractions that differ between the sexes', () => {
    const maleThigh = bodyByName(male).get('femur_r')!.massKg / 75;
    const femaleThigh = bodyByName(female).get('femur_r')!.massKg / 60;
    expect(femaleThigh).toBeGreaterThan(maleThigh);
  });

  it('has physically valid inertias (positive, triangle inequality)', () => {
    for (const body of male.bodies) {
      const [ixx, iyy, izz] = body.inertia;
      expect(ixx).toBeGreaterThan(0);
      expect(iyy).toBeGreaterThan(0);
      expect(izz).toBeGreaterThan(0);
      expect(ixx + iyy).toBeGreaterThanOrEqual(izz);
      expect(iyy + izz).toBeGreaterThanOrEqual(ixx);
      expect(izz + ixx).toBeGreaterThanOrEqual(iyy);
    }
  });

  it('has the bodies, joints and coordinates of the names contract (43 coordinates)', () => {
    const bodies = bodyByName(male);
    expect(bodies.size).toBe(Object.keys(JOINTS).length);
    let coordinates = 0;
    for (const [name, expected] of Object.entries(JOINTS)) {
      const body = bodies.get(name);
      expect(body, name).toBeDefined();
      expect(body!.parent).toBe(expected.parent);
      expect(body!.joint.name).toBe(expected.joint);
      const joint = body!.joint;
      const names = 'coordinates' in joint ? joint.coordinates.map((c) => c.name) : [];
      expect(names).toEqual(expected.coordinates);
      coordinates += names.length;
    }
    expect(coordinates).toBe(43);
    expect(coordinates).toBeGreaterThanOrEqual(30);
  });

  it('has every coordinate default at 0 except pelvis_ty, inside its range', () => {
    for (const body of male.bodies) {
      const joint = body.joint;
      if (!('coordinates' in joint)) continue;
      for (const coordinate of joint.coordinates) {
        const [min, max] = coordinate.range;
        expect(min).toBeLessThan(max);
        expect(coordinate.defaultValue).toBeGreaterThanOrEqual(min);
        expect(coordinate.defaultValue).toBeLessThanOrEqual(max);
        if (coordinate.name === 'pelvis_ty') expect(coordinate.defaultValue).toBeGreaterThan(0.8);
        else expect(coordinate.defaultValue).toBe(0);
      }
    }
  });

  it('uses the gait2392 knee convention: range [-120, 10] deg, negative = flexion', () => {
    const knee = bodyByName(male).get('tibia_r')!.joint;
    expect(knee.type).toBe('custom');
    const range = 'coordinates' in knee ? knee.coordinates[0].range : [0, 0];
    expect(range[0]).toBeCloseTo((-120 * Math.PI) / 180, 12);
    expect(range[1]).toBeCloseTo((10 * Math.PI) / 180, 12);
  });

  it('contains every tissue of the names contract, on both sides, with the right kind', () => {
    const tissues = tissueByName(male);
    for (const base of BILATERAL_TISSUES) {
      for (const side of ['r', 'l'] as const) {
        const tissue = tissues.get(`${base}_${side}`);
        expect(tissue, `${base}_${side}`).toBeDefined();
        expect(tissue!.side).toBe(side);
        expect(tissue!.kind).toBe(EXPECTED_KIND[base] ?? 'muscle');
      }
    }
    for (const name of MIDLINE_TISSUES) {
      const tissue = tissues.get(name);
      expect(tissue, name).toBeDefined();
      expect(tissue!.side).toBe('midline');
      expect(tissue!.kind).toBe(EXPECTED_KIND[name]);
    }
    expect(male.tissues.length).toBe(2 * BILATERAL_TISSUES.length + MIDLINE_TISSUES.length);
  });

  it('makes the series tendons carry the right muscles', () => {
    const tissues = tissueByName(male);
    for (const side of ['r', 'l']) {
      expect(tissues.get(`achilles_tendon_${side}`)!.seriesOf).toEqual(
        ['gastrocnemius_medial', 'gastrocnemius_lateral', 'soleus'].map((m) => `${m}_${side}`),
      );
      expect(tissues.get(`patellar_tendon_${side}`)!.seriesOf).toEqual(
        ['rectus_femoris', 'vastus_lateralis', 'vastus_medialis', 'vastus_intermedius'].map((m) => `${m}_${side}`),
      );
    }
  });

  it('is bilaterally symmetric: bodies, joints and tissues mirror through the sagittal plane', () => {
    const bodies = bodyByName(male);
    for (const right of male.bodies.filter((body) => body.name.endsWith('_r'))) {
      const left = bodies.get(mirrorName(right.name))!;
      expect(left.massKg).toBe(right.massKg);
      expect(left.inertia).toEqual(right.inertia);
      expectMirrored(right.centerOfMass, left.centerOfMass);
      expectMirrored(right.joint.locationInParent, left.joint.locationInParent);
      const rightAxes = jointAxes(right.joint);
      const leftAxes = jointAxes(left.joint);
      expect(leftAxes.length).toBe(rightAxes.length);
      rightAxes.forEach((axis, i) => expectAxisMirrored(axis, leftAxes[i]));
      if ('coordinates' in right.joint && 'coordinates' in left.joint) {
        expect(left.joint.coordinates.map((c) => c.range)).toEqual(right.joint.coordinates.map((c) => c.range));
      }
    }
    const tissues = tissueByName(male);
    for (const right of male.tissues.filter((tissue) => tissue.side === 'r')) {
      const left = tissues.get(mirrorName(right.name))!;
      expect(left.law).toEqual(right.law);
      expect(left.kind).toBe(right.kind);
      expect(left.region).toBe(right.region);
      expect(left.seriesOf).toEqual(right.seriesOf.map(mirrorName));
      expect(left.path.points.length).toBe(right.path.points.length);
      right.path.points.forEach((point, i) => {
        expect(left.path.points[i].body).toBe(mirrorName(point.body));
        expectMirrored(point.location, left.path.points[i].location);
      });
      expect(left.path.wraps.length).toBe(right.path.wraps.length);
      right.path.wraps.forEach((wrap, i) => {
        const mirrored = left.path.wraps[i];
        if (wrap.type !== 'cylinder' || mirrored.type !== 'cylinder') throw new Error('default body wraps are cylinders');
        expect(mirrored.body).toBe(mirrorName(wrap.body));
        expectMirrored(wrap.center, mirrored.center);
        expectAxisMirrored(wrap.axis, mirrored.axis);
        expect(mirrored.radiusM).toBe(wrap.radiusM);
        expect(mirrored.sign).toBe(wrap.sign);
        expect(mirrored.between).toEqual(wrap.between);
      });
    }
  });

  it('keeps midline tissues in the midsagittal plane', () => {
    for (const tissue of male.tissues.filter((t) => t.side === 'midline')) {
      for (const point of tissue.path.points) expect(point.location[2]).toBe(0);
    }
  });

  it('crosses the midline with the thoracolumbar fascia crossing fibres (right latissimus to left gluteus)', () => {
    const crossing = tissueByName(male).get('thoracolumbar_fascia_crossing_r')!;
    const first = crossing.path.points[0];
    const last = crossing.path.points[crossing.path.points.length - 1];
    expect(first.body).toBe('lumbar');
    expect(first.location[2]).toBeGreaterThan(0);
    expect(last.body).toBe('pelvis');
    expect(last.location[2]).toBeLessThan(0);
    const latissimusOrigin = tissueByName(male).get('latissimus_dorsi_r')!.path.points[0];
    expect(first.location).toEqual(latissimusOrigin.location);
    const leftGluteusOrigin = tissueByName(male).get('gluteus_maximus_l')!.path.points[0];
    expect(last.location).toEqual(leftGluteusOrigin.location);
  });

  it('gives every passive tissue a positive stiffness and every tissue a source', () => {
    for (const tissue of male.tissues) {
      expect(tissue.source.length, tissue.name).toBeGreaterThan(10);
      if (tissue.law.type === 'passive') {
        expect(tissue.law.stiffnessN, tissue.name).toBeGreaterThan(0);
        expect(tissue.kind).not.toBe('muscle');
      } else {
        expect(tissue.kind).toBe('muscle');
        expect(tissue.law.maxIsometricForceN).toBeGreaterThan(0);
        expect(tissue.law.optimalFiberLengthM).toBeGreaterThan(0);
      }
    }
  });

  it('records every tissue parameter as a literature value with a source and a consistent range', () => {
    const entries = [
      ...Object.values(MUSCLE_PARAMETERS).flatMap((p) => [p.maxIsometricForceN, p.optimalFiberLengthM, p.pennationAngleRad, p.referenceFiberLengthRatio]),
      ...Object.values(PASSIVE_PARAMETERS).flatMap((p) => [p.stiffnessN, p.toeStrain, p.referenceStrain]),
    ];
    for (const entry of entries) {
      expect(entry.source.length).toBeGreaterThan(5);
      if (entry.low !== undefined && entry.high !== undefined) {
        expect(entry.low).toBeLessThanOrEqual(entry.value);
        expect(entry.value).toBeLessThanOrEqual(entry.high);
      }
    }
    const muscles = new Set(male.tissues.filter((t) => t.kind === 'muscle').map((t) => t.name.replace(/_[rl]$/, '')));
    expect(new Set(Object.keys(MUSCLE_PARAMETERS))).toEqual(muscles);
  });

  it('scales linearly with stature: doubling the height doubles every attachment and joint offset', () => {
    const small = buildBody({ heightM: 1.0, massKg: 70, sex: 'female' });
    const large = buildBody({ heightM: 2.0, massKg: 70, sex: 'female' });
    // Attachments are rounded to 1e-12 m, so allow that absolutely and 1e-9 relatively.
    const relative = (a: number, b: number) => Math.abs(b - 2 * a) / (1e-3 + Math.abs(b));
    small.tissues.forEach((tissue, t) => {
      const twin = large.tissues[t];
      expect(twin.name).toBe(tissue.name);
      tissue.path.points.forEach((point, i) => {
        for (let k = 0; k < 3; k++) expect(relative(point.location[k], twin.path.points[i].location[k])).toBeLessThan(1e-8);
      });
      tissue.path.wraps.forEach((wrap, i) => {
        const twinWrap = twin.path.wraps[i];
        if (wrap.type !== 'cylinder' || twinWrap.type !== 'cylinder') throw new Error('default body wraps are cylinders');
        for (let k = 0; k < 3; k++) expect(relative(wrap.center[k], twinWrap.center[k])).toBeLessThan(1e-8);
        expect(relative(wrap.radiusM, twinWrap.radiusM)).toBeLessThan(1e-9);
      });
      if (tissue.law.type === 'muscle' && twin.law.type === 'muscle') {
        expect(relative(tissue.law.optimalFiberLengthM, twin.law.optimalFiberLengthM)).toBeLessThan(1e-12);
        expect(twin.law.maxIsometricForceN).toBe(tissue.law.maxIsometricForceN);
      }
    });
    small.bodies.forEach((body, b) => {
      const twin = large.bodies[b];
      for (let k = 0; k < 3; k++) {
        expect(relative(body.joint.locationInParent[k], twin.joint.locationInParent[k])).toBeLessThan(1e-9);
        expect(relative(body.centerOfMass[k], twin.centerOfMass[k])).toBeLessThan(1e-9);
      }
      expect(twin.massKg).toBeCloseTo(body.massKg, 12);
    });
  });

  it('rejects bad subject options with typed errors', () => {
    const codeOf = (options: { heightM: number; massKg: number; sex: 'male' | 'female' }): string => {
      try {
        buildBody(options);
      } catch (error) {
        if (isKinechainError(error)) return error.code;
        throw error;
      }
      return 'none';
    };
    expect(codeOf({ heightM: Number.NaN, massKg: 70, sex: 'male' })).toBe('NOT_FINITE');
    expect(codeOf({ heightM: 1.7, massKg: Number.POSITIVE_INFINITY, sex: 'male' })).toBe('NOT_FINITE');
    expect(codeOf({ heightM: 0.99, massKg: 70, sex: 'male' })).toBe('OUT_OF_RANGE');
    expect(codeOf({ heightM: 2.31, massKg: 70, sex: 'male' })).toBe('OUT_OF_RANGE');
    expect(codeOf({ heightM: 1.7, massKg: 19.9, sex: 'male' })).toBe('OUT_OF_RANGE');
    expect(codeOf({ heightM: 1.7, massKg: 250.1, sex: 'female' })).toBe('OUT_OF_RANGE');
    expect(codeOf({ heightM: 1.7, massKg: 70, sex: 'other' as 'male' })).toBe('INVALID_SPEC');
    expect(codeOf({ heightM: 1.0, massKg: 20, sex: 'female' })).toBe('none');
    expect(codeOf({ heightM: 2.3, massKg: 250, sex: 'male' })).toBe('none');
  });
});
