/**
 * kinechain's default body: 23 segments scaled to a subject's stature, mass and sex, with
 * the tissue catalogue attached.
 *
 * Bodies and joints (names fixed for every part of kinechain):
 * - pelvis: free joint `ground_pelvis` (tilt, list, rotation about Z, X, Y; then x, y, z).
 *   Its origin is the midpoint between the hip joint centres; pelvis_ty's default is the
 *   height of that point when the feet rest flat on the floor.
 * - hips: custom joints, body-fixed rotations about Z (flexion), X (adduction), Y (internal
 *   rotation), as OpenSim's gait models (left axes mirrored so the signs mean the same).
 * - knees: custom joint, rotation about Z with gait2392's sign (negative = flexion) and
 *   gait2392's femoral-rollback translations (Delp 1990; Yamaguchi & Zajac 1989), scaled.
 * - ankle and subtalar: revolute about gait2392's oblique axes (Inman 1976);
 *   midtarsal: revolute about the mediolateral axis (sagittal arch motion);
 *   mtp: revolute about the oblique metatarsal-head axis (foot-geometry.ts).
 * - lumbosacral (L5/S1), thoracolumbar (T12/L1), cervicothoracic (C7/T1): custom joints with
 *   body-fixed rotations about Z (extension +), then X (bending, + to the right), then Y
 *   (axial rotation, + turns the front to the left), as OpenSim's lumbar joint.
 * - atlanto_occipital: custom joint, Z (head extension +) then X (bending).
 * - shoulders: custom joints Z (flexion), X (adduction), Y (internal rotation) as
 *   Rajagopal 2016's acromial joint; elbows and wrists: revolute about Z (flexion +).
 *
 * Inertial parameters: de Leva 1996 (anthropometry.ts); geometry: body-geometry.ts and
 * foot-geometry.ts; ranges of motion: joint-ranges.ts; tissues: tissues/; myofascial
 * lines: myofascial-lines.ts.
 */
import { KinechainError, requireFinite } from '../core/errors.js';
import type { BodySpec, CoordinateSpec, JointSpec, ModelSpec, TransformAxisSpec } from '../spec/schema.js';
import { SPEC_VERSION } from '../spec/schema.js';
import type { Sex } from './anthropometry.js';
import {
  computeBodyGeometry,
  DEFAULT_BODY_NAMES,
  DEFAULT_BODY_PARENT,
  type BodyGeometry,
  type DefaultBodyName,
  type Side,
  type Vec3,
} from './body-geometry.js';
import { JOINT_RANGES_DEG, type JointRangeKey } from './joint-ranges.js';
import { buildLines } from './myofascial-lines.js';
import { buildTissueCatalogue } from './tissues/index.js';
import { splitIliopsoas } from './tissues/psoas-iliacus.js';

export interface SubjectOptions {
  /** Stature (m), 1.0 to 2.3. */
  readonly heightM: number;
  /** Body mass (kg), 20 to 250. */
  readonly massKg: number;
  readonly sex: Sex;
}

export const DEFAULT_SUBJECT: Readonly<SubjectOptions> = Object.freeze({ heightM: 1.75, massKg: 75, sex: 'male' });

/** Allowed subject sizes: the adult proportions of the tables do not hold outside them. */
export const SUBJECT_LIMITS = Object.freeze({
  heightM: [1.0, 2.3] as const,
  massKg: [20, 250] as const,
});

/** Checks the subject options, throwing NOT_FINITE / OUT_OF_RANGE / INVALID_SPEC with a fix-it message. */
export function validateSubject(options: SubjectOptions): SubjectOptions {
  if (options === null || typeof options !== 'object') {
    throw new KinechainError('INVALID_SPEC', 'subject options must be an object { heightM, massKg, sex }');
  }
  const heightM = requireFinite(options.heightM, 'subject height (m)');
  const massKg = requireFinite(options.massKg, 'subject mass (kg)');
  if (heightM < SUBJECT_LIMITS.heightM[0] || heightM > SUBJECT_LIMITS.heightM[1]) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `subject height ${heightM} m is outside ${SUBJECT_LIMITS.heightM[0]}-${SUBJECT_LIMITS.heightM[1]} m; give the stature in metres (e.g. 1.75)`,
      { what: 'heightM', value: heightM, range: [...SUBJECT_LIMITS.heightM] },
    );
  }
  if (massKg < SUBJECT_LIMITS.massKg[0] || massKg > SUBJECT_LIMITS.massKg[1]) {
    throw new KinechainError(
      'OUT_OF_RANGE',
      `subject mass ${massKg} kg is outside ${SUBJECT_LIMITS.massKg[0]}-${SUBJECT_LIMITS.massKg[1]} kg; give the body mass in kilograms`,
      { what: 'massKg', value: massKg, range: [...SUBJECT_LIMITS.massKg] },
    );
  }
  if (options.sex !== 'male' && options.sex !== 'female') {
    throw new KinechainError('INVALID_SPEC', `subject sex must be "male" or "female", got ${JSON.stringify(options.sex)}`, {
      what: 'sex',
    });
  }
  return { heightM, massKg, sex: options.sex };
}

const DEG = Math.PI / 180;

function coordinate(name: string, key: JointRangeKey, description: string): CoordinateSpec {
  const range = JOINT_RANGES_DEG[key];
  return {
    name,
    kind: 'rotational',
    range: [range.min.value * DEG, range.max.value * DEG],
    defaultValue: 0,
    locked: false,
    description,
  };
}

function translational(name: string, range: [number, number], defaultValue: number, description: string): CoordinateSpec {
  return { name, kind: 'translational', range, defaultValue, locked: false, description };
}

function rotationAxis(axis: Vec3, coordinateName: string): TransformAxisSpec {
  return { kind: 'rotation', axis, coordinate: coordinateName, function: { type: 'linear', slope: 1, intercept: 0 } };
}

/** Mirrors a rotation axis (a pseudo-vector) through the sagittal plane, so a left coordinate means the same motion as the right one. */
function mirrorAxis(axis: Vec3, side: Side): Vec3 {
  return side === 'r' ? axis : [0 - axis[0], 0 - axis[1], axis[2]];
}

function frames(location: Vec3): Pick<JointSpec, 'locationInParent' | 'orientationInParent' | 'locationInChild' | 'orientationInChild'> {
  return { locationInParent: location, orientationInParent: [0, 0, 0], locationInChild: [0, 0, 0], orientationInChild: [0, 0, 0] };
}

/** gait2392 knee translations (Delp 1990), tibia origin in the femur frame vs knee angle. */
const GAIT2392_KNEE = {
  /** Knee centre distance below the hip in gait2392 at full extension (m), for scaling. */
  femurLengthM: 0.39582,
  x: {
    knots: [-2.0944, -1.74533, -1.39626, -1.0472, -0.698132, -0.349066, -0.174533, 0, 0.197344, 0.337395, 0.490178, 1.52146, 2.0944],
    values: [-0.0032, 0.00179, 0.00411, 0.0041, 0.00212, -0.001, -0.0031, -0.0045, -0.005227, -0.005435, -0.005574, -0.005435, -0.00525],
  },
  y: {
    knots: [-2.0944, -1.22173, -0.523599, -0.349066, -0.174533, 0, 0.159149, 2.0944],
    values: [-0.4226, -0.4082, -0.399, -0.3976, -0.3966, -0.39582, -0.395264, -0.396],
  },
};

/** The gait2392 translation as a spline of the knee angle, zero at full extension and scaled to this thigh. */
function kneeTranslation(table: { knots: number[]; values: number[] }, scale: number): TransformAxisSpec['function'] {
  const atZero = table.values[table.knots.indexOf(0)];
  return { type: 'naturalCubicSpline', x: [...table.knots], y: table.values.map((v) => (v - atZero) * scale) };
}

function jointFor(body: DefaultBodyName, geometry: BodyGeometry): JointSpec {
  const parent = DEFAULT_BODY_PARENT[body];
  const origin = geometry.originWorld[body];
  const parentOrigin: Vec3 = parent === 'ground' ? [0, 0, 0] : geometry.originWorld[parent];
  const location: Vec3 = [origin[0] - parentOrigin[0], origin[1] - parentOrigin[1], origin[2] - parentOrigin[2]];
  const side: Side = body.endsWith('_l') ? 'l' : 'r';
  const s = `_${side}`;
  const segment = body.replace(/_[rl]$/, '');
  switch (segment) {
    case 'pelvis':
      return {
        name: 'ground_pelvis',
        type: 'free',
        ...frames([0, 0, 0]),
        coordinates: [
          coordinate('pelvis_tilt', 'pelvis_tilt', 'rotation about Z; + = posterior tilt (anterior superior iliac spines up)'),
          coordinate('pelvis_list', 'pelvis_list', 'rotation about X; + = right side down'),
          coordinate('pelvis_rotation', 'pelvis_rotation', 'rotation about Y; + = front turns to the left'),
          translational('pelvis_tx', [-10, 10], 0, 'forward position of the pelvis origin (m)'),
          translational('pelvis_ty', [-1, 3], geometry.pelvisHeightM, 'height of the pelvis origin (mid-hip) above the floor (m)'),
          translational('pelvis_tz', [-10, 10], 0, 'rightward position of the pelvis origin (m)'),
        ],
      };
    case 'femur':
      return {
        name: `hip${s}`,
        type: 'custom',
        ...frames(location),
        coordinates: [
          coordinate(`hip_flexion${s}`, 'hip_flexion', 'flexion positive'),
          coordinate(`hip_adduction${s}`, 'hip_adduction', 'adduction positive'),
          coordinate(`hip_rotation${s}`, 'hip_rotation', 'internal rotation positive'),
        ],
        spatialTransform: [
          rotationAxis([0, 0, 1], `hip_flexion${s}`),
          rotationAxis(mirrorAxis([1, 0, 0], side), `hip_adduction${s}`),
          rotationAxis(mirrorAxis([0, 1, 0], side), `hip_rotation${s}`),
        ],
      };
    case 'tibia': {
      const scale = geometry.segmentLengthM[body] / GAIT2392_KNEE.femurLengthM;
      return {
        name: `knee${s}`,
        type: 'custom',
        ...frames(location),
        coordinates: [coordinate(`knee_angle${s}`, 'knee_angle', 'extension positive, flexion negative (gait2392)')],
        spatialTransform: [
          rotationAxis([0, 0, 1], `knee_angle${s}`),
          { kind: 'translation', axis: [1, 0, 0], coordinate: `knee_angle${s}`, function: kneeTranslation(GAIT2392_KNEE.x, scale) },
          { kind: 'translation', axis: [0, 1, 0], coordinate: `knee_angle${s}`, function: kneeTranslation(GAIT2392_KNEE.y, scale) },
        ],
      };
    }
    case 'talus':
      return {
        name: `ankle${s}`,
        type: 'revolute',
        ...frames(location),
        // gait2392 ankle axis (Inman 1976): lateral end lower and more posterior.
        axis: mirrorAxis([-0.10501355, -0.17402245, 0.97912632], side),
        coordinates: [coordinate(`ankle_angle${s}`, 'ankle_angle', 'dorsiflexion positive')],
      };
    case 'calcn':
      return {
        name: `subtalar${s}`,
        type: 'revolute',
        ...frames(location),
        // gait2392 subtalar axis (Inman 1976): rises anteriorly and medially.
        axis: mirrorAxis([0.78717961, 0.60474746, -0.12094949], side),
        coordinates: [coordinate(`subtalar_angle${s}`, 'subtalar_angle', 'inversion positive')],
      };
    case 'forefoot':
      return {
        name: `midtarsal${s}`,
        type: 'revolute',
        ...frames(location),
        axis: [0, 0, 1],
        coordinates: [
          coordinate(`midtarsal_angle${s}`, 'midtarsal_angle', 'forefoot dorsiflexion relative to the rearfoot positive (arch flattens and lengthens)'),
        ],
      };
    case 'toes': {
      const axis = geometry.foot.metatarsophalangealAxis;
      return {
        name: `mtp${s}`,
        type: 'revolute',
        ...frames(location),
        axis: mirrorAxis([axis[0], axis[1], axis[2]], side),
        coordinates: [coordinate(`mtp_angle${s}`, 'mtp_angle', 'toe dorsiflexion (extension) positive')],
      };
    }
    case 'lumbar':
      return spineJoint('lumbosacral', 'lumbar', location);
    case 'thorax':
      return spineJoint('thoracolumbar', 'thoracic', location);
    case 'neck':
      return spineJoint('cervicothoracic', 'neck', location);
    case 'head':
      return {
        name: 'atlanto_occipital',
        type: 'custom',
        ...frames(location),
        coordinates: [
          coordinate('head_extension', 'head_extension', 'extension positive'),
          coordinate('head_bending', 'head_bending', 'bending to the right positive'),
        ],
        spatialTransform: [rotationAxis([0, 0, 1], 'head_extension'), rotationAxis([1, 0, 0], 'head_bending')],
      };
    case 'humerus':
      return {
        name: `shoulder${s}`,
        type: 'custom',
        ...frames(location),
        coordinates: [
          coordinate(`arm_flex${s}`, 'arm_flex', 'flexion positive'),
          coordinate(`arm_add${s}`, 'arm_add', 'adduction positive'),
          coordinate(`arm_rot${s}`, 'arm_rot', 'internal rotation positive'),
        ],
        spatialTransform: [
          rotationAxis([0, 0, 1], `arm_flex${s}`),
          rotationAxis(mirrorAxis([1, 0, 0], side), `arm_add${s}`),
          rotationAxis(mirrorAxis([0, 1, 0], side), `arm_rot${s}`),
        ],
      };
    case 'forearm':
      return {
        name: `elbow${s}`,
        type: 'revolute',
        ...frames(location),
        axis: [0, 0, 1],
        coordinates: [coordinate(`elbow_flex${s}`, 'elbow_flex', 'flexion positive')],
      };
    case 'hand':
      return {
        name: `wrist${s}`,
        type: 'revolute',
        ...frames(location),
        axis: [0, 0, 1],
        coordinates: [coordinate(`wrist_flex${s}`, 'wrist_flex', 'flexion (palm towards the forearm) positive')],
      };
    default:
      throw new KinechainError('INTERNAL', `no joint defined for body "${body}"`);
  }
}

function spineJoint(name: string, prefix: 'lumbar' | 'thoracic' | 'neck', location: Vec3): JointSpec {
  const extension = `${prefix}_extension`;
  const bending = `${prefix}_bending`;
  const rotation = `${prefix}_rotation`;
  return {
    name,
    type: 'custom',
    ...frames(location),
    coordinates: [
      coordinate(extension, extension as JointRangeKey, 'extension positive (rotation about Z)'),
      coordinate(bending, bending as JointRangeKey, 'bending to the right positive (rotation about X)'),
      coordinate(rotation, rotation as JointRangeKey, 'axial rotation, + turns the front to the left (rotation about Y)'),
    ],
    spatialTransform: [rotationAxis([0, 0, 1], extension), rotationAxis([1, 0, 0], bending), rotationAxis([0, 1, 0], rotation)],
  };
}

const BODY_DESCRIPTIONS: Partial<Record<string, string>> = {
  pelvis: 'pelvis and sacrum; origin midway between the hip joint centres',
  lumbar: 'lumbar spine L1-L5 and the abdomen; origin at the L5/S1 disc',
  thorax: 'thoracic spine, rib cage and shoulder girdle; origin at the T12/L1 disc',
  neck: 'cervical spine; origin at the C7/T1 disc',
  head: 'skull; origin at the atlanto-occipital joint',
  femur: 'thigh; origin at the hip joint centre',
  tibia: 'shank (tibia and fibula); origin at the knee joint centre',
  talus: 'talus; origin at the ankle joint centre',
  calcn: 'rearfoot (calcaneus); origin on the subtalar axis',
  forefoot: 'midfoot and metatarsals; origin at the midtarsal (Chopart) joint',
  toes: 'toes (phalanges); origin at the metatarsophalangeal joints',
  humerus: 'upper arm; origin at the glenohumeral joint centre',
  forearm: 'forearm; origin at the elbow joint centre',
  hand: 'hand; origin at the wrist joint centre',
};

/** The skeleton (bodies and joints) of the default body for a validated subject. */
export function buildBodies(subject: SubjectOptions, geometry: BodyGeometry): BodySpec[] {
  return DEFAULT_BODY_NAMES.map((name): BodySpec => {
    const inertial = geometry.unitMassInertia[name];
    const massKg = subject.massKg;
    return {
      name,
      parent: DEFAULT_BODY_PARENT[name],
      massKg: inertial.massKg * massKg,
      centerOfMass: [...inertial.centerOfMass],
      inertia: [
        inertial.inertia[0] * massKg,
        inertial.inertia[1] * massKg,
        inertial.inertia[2] * massKg,
        inertial.inertia[3] * massKg,
        inertial.inertia[4] * massKg,
        inertial.inertia[5] * massKg,
      ],
      joint: jointFor(name, geometry),
      lengthM: geometry.segmentLengthM[name],
      description: BODY_DESCRIPTIONS[name.replace(/_[rl]$/, '')],
    };
  });
}

/**
 * Builds the default body for a subject: skeleton scaled by de Leva 1996 and Winter 2009,
 * reference pose standing with the feet flat on the floor, the tissue catalogue, and the
 * Anatomy Trains line instances of myofascial-lines.ts.
 * hipFlexors: 'iliopsoas' (default) lumps psoas and iliacus into one muscle from the lumbar
 * spine; 'psoas-iliacus' splits it (tissues/psoas-iliacus.ts: iliopsoas_<side> becomes the
 * psoas major, iliacus_<side> is added with its pelvic origin).
 * Throws NOT_FINITE / OUT_OF_RANGE for bad options.
 */
export function buildBody(options: {
  heightM: number;
  massKg: number;
  sex: 'male' | 'female';
  hipFlexors?: 'iliopsoas' | 'psoas-iliacus';
}): ModelSpec {
  const subject = validateSubject(options);
  const geometry = computeBodyGeometry(subject.heightM, subject.sex);
  const catalogue = buildTissueCatalogue(geometry, subject);
  return {
    version: SPEC_VERSION,
    name: `kinechain default body (${subject.sex}, ${subject.heightM} m, ${subject.massKg} kg)`,
    gravity: [0, -9.80665, 0],
    bodies: buildBodies(subject, geometry),
    tissues: options.hipFlexors === 'psoas-iliacus' ? splitIliopsoas(catalogue, geometry) : catalogue,
    lines: buildLines(),
    subject: { heightM: subject.heightM, massKg: subject.massKg, sex: subject.sex },
    source:
      'kinechain default body: de Leva 1996 (J Biomech 29:1223) inertial parameters; Winter 2009 segment proportions; ' +
      'gait2392 (Delp 1990) and Rajagopal 2016 joint axes and muscle parameters; see src/library/',
  };
}
