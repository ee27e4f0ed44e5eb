/**
 * Imports the OpenSim reference models (shared/reference/opensim) and checks the result
 * against values read straight from the files (regular expressions, not the importer)
 * and against an independent forward-kinematics evaluation of the XML: 4x4 transforms,
 * Rodrigues rotations and a SimmSpline solved as a dense linear system with its end
 * conditions written out, rather than OpenSim's tridiagonal recurrence.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isKinechainError, type KinechainError } from '../../core/errors.js';
import { forwardKinematics } from '../../core/kinematics/forward-kinematics.js';
import { makeData } from '../../core/model/make-data.js';
import { WrapKind, type Model } from '../../core/model/model.js';
import { pathLength } from '../../core/paths/path-length.js';
import { momentArms } from '../../core/paths/moment-arm.js';
import { compile } from '../../spec/compile.js';
import { parseXml } from '../xml/parse-xml.js';
import { childElement, childElements, type XmlElement } from '../xml/xml-element.js';
import { importOsim, type ImportOsimOptions } from './osim-import.js';

const REFERENCE_DIR =
  process.env.KINECHAIN_OPENSIM_REFERENCE ?? fileURLToPath(new URL('../../../../shared/reference/opensim/', import.meta.url));

function referenceText(relative: string): string {
  const path = `${REFERENCE_DIR.replace(/\/$/, '')}/${relative}`;
  if (!existsSync(path)) throw new Error(`reference model ${path} is missing (set KINECHAIN_OPENSIM_REFERENCE to the folder)`);
  return readFileSync(path, 'utf8');
}

function thrown(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (isKinechainError(error)) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

// ---------------------------------------------------------------------------------
// Values read directly from the file text
// ---------------------------------------------------------------------------------

const numbers = (text: string) => text.trim().split(/\s+/).map(Number);

/** The document without its <defaults> block (templates, not model components). */
function withoutDefaults(text: string): string {
  return text.replace(/<defaults>[\s\S]*?<\/defaults>/, '');
}

function fileBodies(text: string): { name: string; mass: number }[] {
  return [...withoutDefaults(text).matchAll(/<Body name="([^"]+)">([\s\S]*?)<\/Body>/g)]
    .map((match) => ({ name: match[1], mass: Number(/<mass>([^<]*)<\/mass>/.exec(match[2])?.[1] ?? 'NaN') }))
    .filter((body) => body.name !== 'ground');
}

function fileCoordinates(text: string): Map<string, { range: number[]; defaultValue: number }> {
  const found = new Map<string, { range: number[]; defaultValue: number }>();
  for (const match of withoutDefaults(text).matchAll(/<Coordinate name="([^"]+)">([\s\S]*?)<\/Coordinate>/g)) {
    const range = /<range>([^<]*)<\/range>/.exec(match[2]);
    const value = /<default_value>([^<]*)<\/default_value>/.exec(match[2]);
    found.set(match[1], { range: range ? numbers(range[1]) : [-10, 10], defaultValue: value ? Number(value[1]) : 0 });
  }
  return found;
}

interface FileMuscle {
  name: string;
  maxIsometricForce: number;
  optimalFiberLength: number;
  tendonSlackLength: number;
  pennation: number;
}

function fileMuscles(text: string, type: string): FileMuscle[] {
  const pattern = new RegExp(`<${type} name="([^"]+)">([\\s\\S]*?)</${type}>`, 'g');
  return [...withoutDefaults(text).matchAll(pattern)].map((match) => {
    const value = (tag: string) => Number(new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(match[2])?.[1] ?? 'NaN');
    const pennation = /<pennation_angle_at_optimal>/.test(match[2]) ? value('pennation_angle_at_optimal') : value('pennation_angle');
    return {
      name: match[1],
      maxIsometricForce: value('max_isometric_force'),
      optimalFiberLength: value('optimal_fiber_length'),
      tendonSlackLength: value('tendon_slack_length'),
      pennation,
    };
  });
}

function expectImportMatchesFile(text: string, model: Model, muscleType: string, muscleCount: number): void {
  const bodies = fileBodies(text);
  expect(model.nbody - 1).toBe(bodies.length);
  expect(model.bodyName.slice(1).sort()).toEqual(bodies.map((body) => body.name).sort());
  const fileMass = bodies.reduce((sum, body) => sum + body.mass, 0);
  expect(Math.abs(model.totalMass - fileMass)).toBeLessThan(1e-12 * fileMass);

  const coordinates = fileCoordinates(text);
  expect([...model.coordinateName].sort()).toEqual([...coordinates.keys()].sort());
  model.coordinateName.forEach((name, j) => {
    const expected = coordinates.get(name);
    expect(expected).toBeDefined();
    expect([model.coordinateRange[2 * j], model.coordinateRange[2 * j + 1]]).toEqual(expected?.range);
    expect(model.coordinateDefault[j]).toBe(expected?.defaultValue);
  });

  const muscles = fileMuscles(text, muscleType);
  expect(muscles.length).toBe(muscleCount);
  expect(model.ntissue).toBe(muscleCount);
  for (const muscle of muscles) {
    const t = model.tissueIndex.get(muscle.name);
    expect(t, muscle.name).toBeDefined();
    const i = t as number;
    expect(model.muscleMaxIsometricForce[i]).toBe(muscle.maxIsometricForce);
    expect(model.muscleOptimalFiberLength[i]).toBe(muscle.optimalFiberLength);
    expect(model.muscleTendonSlackLength[i]).toBe(muscle.tendonSlackLength);
    expect(model.musclePennation[i]).toBe(muscle.pennation);
  }
}

// ---------------------------------------------------------------------------------
// Independent forward kinematics of a 4.x document
// ---------------------------------------------------------------------------------

type Matrix4 = number[][];

const identity4 = (): Matrix4 => [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

function multiply4(a: Matrix4, b: Matrix4): Matrix4 {
  return a.map((row) => [0, 1, 2, 3].map((j) => row.reduce((sum, value, k) => sum + value * b[k][j], 0)));
}

function inverse4(m: Matrix4): Matrix4 {
  const r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => m[j][i]));
  const t = [0, 1, 2].map((i) => -(r[i][0] * m[0][3] + r[i][1] * m[1][3] + r[i][2] * m[2][3]));
  return [[...r[0], t[0]], [...r[1], t[1]], [...r[2], t[2]], [0, 0, 0, 1]];
}

/** Rotation by `angle` about the (normalised) `axis`, Rodrigues' formula. */
function axisAngle(axis: number[], angle: number): Matrix4 {
  const n = Math.hypot(axis[0], axis[1], axis[2]);
  const [x, y, z] = axis.map((v) => v / n);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const v = 1 - c;
  return [
    [c + x * x * v, x * y * v - z * s, x * z * v + y * s, 0],
    [y * x * v + z * s, c + y * y * v, y * z * v - x * s, 0],
    [z * x * v - y * s, z * y * v + x * s, c + z * z * v, 0],
    [0, 0, 0, 1],
  ];
}

function translation4(p: number[]): Matrix4 {
  const m = identity4();
  [0, 1, 2].forEach((i) => (m[i][3] = p[i]));
  return m;
}

/** Offset frame: translate, then body-fixed X, Y, Z rotations. */
function offset4(translation: number[], orientation: number[]): Matrix4 {
  const rotation = multiply4(multiply4(axisAngle([1, 0, 0], orientation[0]), axisAngle([0, 1, 0], orientation[1])), axisAngle([0, 0, 1], orientation[2]));
  return multiply4(translation4(translation), rotation);
}

/** Solves A x = b by Gaussian elimination with partial pivoting. */
function solveDense(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) pivot = row;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let row = col + 1; row < n; row++) {
      const factor = m[row][col] / m[col][col];
      for (let k = col; k <= n; k++) m[row][k] -= factor * m[col][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = m[row][n];
    for (let k = row + 1; k < n; k++) sum -= m[row][k] * x[k];
    x[row] = sum / m[row][row];
  }
  return x;
}

/**
 * SimmSpline by its definition: the interpolating cubic spline whose third derivative on
 * the first (last) interval equals that of the cubic through the first (last) four knots
 * (6 times their third divided difference; 0 with three knots), solved for the knot
 * second derivatives M_i as a dense system; linear extrapolation with the end slopes.
 */
function simmSplineByDefinition(xs: number[], ys: number[], x: number): number {
  const n = xs.length;
  if (n === 2) return ys[0] + ((ys[1] - ys[0]) / (xs[1] - xs[0])) * (x - xs[0]);
  const h = xs.slice(1).map((value, i) => value - xs[i]);
  const slope = h.map((width, i) => (ys[i + 1] - ys[i]) / width);
  const thirdDifference = (i: number) => {
    const d1 = (slope[i + 1] - slope[i]) / (xs[i + 2] - xs[i]);
    const d2 = (slope[i + 2] - slope[i + 1]) / (xs[i + 3] - xs[i + 1]);
    return (d2 - d1) / (xs[i + 3] - xs[i]);
  };
  const a = xs.map(() => new Array<number>(n).fill(0));
  const b = new Array<number>(n).fill(0);
  a[0][0] = -1 / h[0];
  a[0][1] = 1 / h[0];
  b[0] = n > 3 ? 6 * thirdDifference(0) : 0;
  a[n - 1][n - 2] = -1 / h[n - 2];
  a[n - 1][n - 1] = 1 / h[n - 2];
  b[n - 1] = n > 3 ? 6 * thirdDifference(n - 4) : 0;
  for (let i = 1; i < n - 1; i++) {
    a[i][i - 1] = h[i - 1];
    a[i][i] = 2 * (h[i - 1] + h[i]);
    a[i][i + 1] = h[i];
    b[i] = 6 * (slope[i] - slope[i - 1]);
  }
  const m = solveDense(a, b);
  const endSlope = (i: number, atRight: boolean) =>
    atRight ? slope[i] + (h[i] * (m[i] + 2 * m[i + 1])) / 6 : slope[i] - (h[i] * (2 * m[i] + m[i + 1])) / 6;
  if (x <= xs[0]) return ys[0] + endSlope(0, false) * (x - xs[0]);
  if (x >= xs[n - 1]) return ys[n - 1] + endSlope(n - 2, true) * (x - xs[n - 1]);
  let i = 0;
  while (x > xs[i + 1]) i++;
  const t = x - xs[i];
  const u = xs[i + 1] - x;
  return (m[i] * u ** 3 + m[i + 1] * t ** 3) / (6 * h[i]) + (ys[i] / h[i] - (m[i] * h[i]) / 6) * u + (ys[i + 1] / h[i] - (m[i + 1] * h[i]) / 6) * t;
}

function functionElement(axis: XmlElement): XmlElement {
  const found = axis.children.find((child) => child.attributes.name === 'function') ?? childElement(axis, 'function')?.children[0];
  if (!found) throw new Error(`no function at line ${axis.line}`);
  return found;
}

function evaluateXmlFunction(element: XmlElement, x: number): number {
  const child = (name: string) => numbers((childElement(element, name) as XmlElement).text);
  switch (element.name) {
    case 'Constant':
      return child('value')[0];
    case 'LinearFunction': {
      const [slope, intercept] = child('coefficients');
      return slope * x + intercept;
    }
    case 'SimmSpline':
      return simmSplineByDefinition(child('x'), child('y'), x);
    case 'MultiplierFunction':
      return child('scale')[0] * evaluateXmlFunction(functionElement(element), x);
    default:
      throw new Error(`independent evaluator: no ${element.name}`);
  }
}

/** Poses of all bodies of a 4.x document in ground at coordinates q (others at 0). */
function independentPoses(text: string, q: Record<string, number>): Map<string, Matrix4> {
  const model = childElement(parseXml(text), 'Model') as XmlElement;
  const joints = (childElement(childElement(model, 'JointSet') as XmlElement, 'objects') as XmlElement).children;
  const frame = (joint: XmlElement, socket: string): { body: string; transform: Matrix4 } => {
    const name = (childElement(joint, socket) as XmlElement).text.trim();
    const offset = childElements(childElement(joint, 'frames') as XmlElement, 'PhysicalOffsetFrame').find((f) => f.attributes.name === name);
    if (!offset) throw new Error(`frame ${name} not found`);
    const vector = (tag: string) => numbers((childElement(offset, tag) as XmlElement).text);
    const parent = (childElement(offset, 'socket_parent') as XmlElement).text.trim();
    return { body: parent.split('/').pop() as string, transform: offset4(vector('translation'), vector('orientation')) };
  };
  const jointTransform = (joint: XmlElement): Matrix4 => {
    const coordinates = childElements(childElement(joint, 'coordinates') ?? joint, 'Coordinate').map((c) => q[c.attributes.name] ?? 0);
    switch (joint.name) {
      case 'WeldJoint':
        return identity4();
      case 'PinJoint':
        return axisAngle([0, 0, 1], coordinates[0]);
      case 'UniversalJoint':
        return multiply4(axisAngle([1, 0, 0], coordinates[0]), axisAngle([0, 1, 0], coordinates[1]));
      case 'CustomJoint': {
        const axes = childElements(childElement(joint, 'SpatialTransform') as XmlElement, 'TransformAxis');
        let rotation = identity4();
        const position = [0, 0, 0];
        for (const axis of axes) {
          const names = (childElement(axis, 'coordinates') as XmlElement).text.trim();
          const value = evaluateXmlFunction(functionElement(axis), names === '' ? 0 : (q[names] ?? 0));
          const direction = numbers((childElement(axis, 'axis') as XmlElement).text);
          if (axis.attributes.name.startsWith('rotation')) rotation = multiply4(rotation, axisAngle(direction, value));
          else {
            const n = Math.hypot(direction[0], direction[1], direction[2]);
            [0, 1, 2].forEach((i) => (position[i] += (value * direction[i]) / n));
          }
        }
        return multiply4(translation4(position), rotation);
      }
      default:
        throw new Error(`independent evaluator: no ${joint.name}`);
    }
  };
  const poses = new Map<string, Matrix4>([['ground', identity4()]]);
  let remaining = [...joints];
  while (remaining.length > 0) {
    const next = remaining.filter((joint) => {
      const parent = frame(joint, 'socket_parent_frame');
      const parentPose = poses.get(parent.body);
      if (!parentPose) return true;
      const child = frame(joint, 'socket_child_frame');
      poses.set(child.body, multiply4(multiply4(multiply4(parentPose, parent.transform), jointTransform(joint)), inverse4(child.transform)));
      return false;
    });
    if (next.length === remaining.length) throw new Error('joint tree not connected');
    remaining = next;
  }
  return poses;
}

/** Largest difference between our FK and the independent poses, over all bodies. */
function poseDifference(model: Model, q: Record<string, number>, text: string): number {
  const data = makeData(model);
  const values = Float64Array.from(model.coordinateDefault);
  for (const [name, value] of Object.entries(q)) {
    const j = model.coordinateIndex.get(name);
    if (j === undefined) throw new Error(`no coordinate ${name}`);
    values[j] = value;
  }
  forwardKinematics(model, data, values);
  const all: Record<string, number> = {};
  model.coordinateName.forEach((name, j) => (all[name] = values[j]));
  const poses = independentPoses(text, all);
  let largest = 0;
  for (let b = 1; b < model.nbody; b++) {
    const pose = poses.get(model.bodyName[b]) as Matrix4;
    for (let i = 0; i < 3; i++) {
      largest = Math.max(largest, Math.abs(data.bodyPosition[3 * b + i] - pose[i][3]));
      for (let k = 0; k < 3; k++) largest = Math.max(largest, Math.abs(data.bodyRotation[9 * b + 3 * i + k] - pose[i][k]));
    }
  }
  return largest;
}

// ---------------------------------------------------------------------------------

const PERMISSIVE: ImportOsimOptions = { ignoreUnsupportedWrapping: true, freezePathPointsAtDefaultPose: true, keepUncomposableCouplers: true };

describe('arm26 (OpenSim 1.9 layout, Version 10901)', () => {
  const text = referenceText('arm26/arm26.osim');

  it('imports its ellipsoid wraps over the humeral head without ignoreUnsupportedWrapping', () => {
    const { spec, report } = importOsim(text, { fileName: 'arm26.osim' });
    expect(report.droppedWraps).toEqual([]);
    const model = compile(spec);
    const ellipsoids = spec.tissues.flatMap((tissue) => tissue.path.wraps.filter((wrap) => wrap.type === 'ellipsoid').map((wrap) => ({ tissue: tissue.name, wrap })));
    expect(ellipsoids.map(({ tissue, wrap }) => `${tissue}/${wrap.name}`)).toEqual(['TRIlong/TRIlonghh', 'BIClong/BIClonghh']);
    const [triceps, biceps] = ellipsoids.map(({ wrap }) => wrap);
    expect(triceps).toMatchObject({ body: 'r_humerus', radiiM: [0.035, 0.02, 0.02], side: { axis: 'z', sign: 1 }, center: [-0.0078, -0.0041, -0.0014] });
    expect(biceps).toMatchObject({ body: 'r_humerus', radiiM: [0.025, 0.02, 0.02], side: { axis: 'y', sign: -1 } });
    // Each wraps at some shoulder angle of the sweep and then lengthens its path.
    const data = makeData(model);
    const shoulder = model.coordinateIndex.get('r_shoulder_elev') as number;
    for (const name of ['TRIlong', 'BIClong']) {
      const t = model.tissueIndex.get(name) as number;
      let wrap = model.tissueWrapAdr[t];
      while (model.wrapKind[wrap] !== WrapKind.ellipsoid) wrap++;
      let wrapped = 0;
      for (const angle of [-1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3]) {
        const q = Float64Array.from(model.coordinateDefault);
        q[shoulder] = angle;
        forwardKinematics(model, data, q);
        pathLength(model, data);
        if (data.wrapActive[wrap] === 1) wrapped++;
      }
      expect(wrapped, name).toBeGreaterThan(0);
    }
  });

  it('imports with ignoreUnsupportedWrapping: bodies, mass, coordinates and muscles as in the file', () => {
    const { spec, report } = importOsim(text, { fileName: 'arm26.osim', ignoreUnsupportedWrapping: true });
    const model = compile(spec);
    expectImportMatchesFile(text, model, 'Thelen2003Muscle', 6);
    expect(report.format).toBe('1.x');
    expect(report.droppedWraps).toEqual([]);
    // The Thelen strains given in the file reach the law (1.x: FmaxTendonStrain 0.033).
    const t = model.tissueIndex.get('TRIlong') as number;
    expect(model.muscleTendonStrainAtF0[t]).toBe(0.033);
    expect(model.musclePassiveStrainAtF0[t]).toBe(0.6);
    // The elbow cylinder wraps the triceps' humerus-to-ulna segment; a flexed elbow lengthens it.
    const wraps = spec.tissues.find((tissue) => tissue.name === 'TRIlat')?.path.wraps ?? [];
    expect(wraps.map((wrap) => [wrap.name, wrap.between])).toEqual([['TRI', [3, 4]]]);
    const data = makeData(model);
    const q = Float64Array.from([0, 0]);
    const lengths = [0, 1.5].map((elbow) => {
      q[model.coordinateIndex.get('r_elbow_flex') as number] = elbow;
      forwardKinematics(model, data, q);
      pathLength(model, data);
      return data.tissueLength[model.tissueIndex.get('TRIlat') as number];
    });
    expect(lengths[1]).toBeGreaterThan(lengths[0]);
    expect(report.markers.map((marker) => marker.name)).toEqual(['r_acromion', 'r_humerus_epicondyle', 'r_radius_styloid']);
  });
});

describe('gait10dof18musc and subject01 (OpenSim 4.0 layout)', () => {
  const text = referenceText('gait10dof18musc/gait10dof18musc.osim');
  const scaled = referenceText('gait10dof18musc/subject01.osim');

  it('imports its conditional and moving points exactly: same skeleton, same paths in the default pose, exact moment arms', () => {
    const exact = importOsim(text, { fileName: 'gait10dof18musc.osim' });
    const frozen = importOsim(text, { fileName: 'gait10dof18musc.osim', freezePathPointsAtDefaultPose: true });
    expect(exact.report.frozenPathPoints).toEqual([]);
    const points = exact.spec.tissues.flatMap((tissue) => tissue.path.points);
    expect(points.filter((point) => point.activeRange !== undefined).map((point) => point.label)).toEqual([
      'psoas_r-P3', 'rect_fem_r-P2', 'vas_int_r-P3', 'med_gas_r-P2', 'psoas_l-P3', 'rect_fem_l-P2', 'vas_int_l-P3', 'med_gas_l-P2',
    ]);
    expect(points.filter((point) => point.movingLocation !== undefined).length).toBe(4);
    // The skeleton (hence inverse kinematics and dynamics) does not depend on the path points.
    expect(exact.spec.bodies).toEqual(frozen.spec.bodies);
    const model = compile(exact.spec);
    const frozenModel = compile(frozen.spec);
    const data = makeData(model);
    const frozenData = makeData(frozenModel);
    forwardKinematics(model, data, model.coordinateDefault);
    pathLength(model, data);
    forwardKinematics(frozenModel, frozenData, frozenModel.coordinateDefault);
    pathLength(frozenModel, frozenData);
    for (let t = 0; t < model.ntissue; t++) {
      expect(Math.abs(data.tissueLength[t] - frozenData.tissueLength[t]), model.tissueName[t]).toBeLessThan(1e-15);
    }
    // Moment arms are -dL/dq (central differences) in walking poses, on both sides of the
    // gastrocnemius switch (knee -0.785) and with the moving quadriceps points.
    const nq = model.nq;
    const step = 1e-5;
    for (const kneeAngle of [-0.3, -1.1]) {
      const q = Float64Array.from(model.coordinateDefault);
      const set = (name: string, value: number) => (q[model.coordinateIndex.get(name) as number] = value);
      set('hip_flexion_r', 0.5);
      set('knee_angle_r', kneeAngle);
      set('ankle_angle_r', 0.15);
      set('hip_flexion_l', -0.2);
      set('knee_angle_l', -0.6);
      set('pelvis_tilt', 0.05);
      forwardKinematics(model, data, q);
      pathLength(model, data);
      momentArms(model, data);
      const analytic = Float64Array.from(data.tissueMomentArm);
      for (let j = 0; j < nq; j++) {
        const lengthAt = (delta: number) => {
          const shifted = Float64Array.from(q);
          shifted[j] += delta;
          forwardKinematics(model, data, shifted);
          pathLength(model, data);
          return Float64Array.from(data.tissueLength);
        };
        const plus = lengthAt(step);
        const minus = lengthAt(-step);
        for (let t = 0; t < model.ntissue; t++) {
          const numeric = -(plus[t] - minus[t]) / (2 * step);
          const r = analytic[t * nq + j];
          expect(Math.abs(r - numeric) / Math.max(Math.abs(r), 1e-4), `${model.tissueName[t]} / ${model.coordinateName[j]}`).toBeLessThan(1e-6);
        }
      }
    }
  });

  for (const [name, document] of [
    ['gait10dof18musc', text],
    ['subject01', scaled],
  ] as const) {
    it(`${name}: bodies, mass, coordinates and muscles as in the file`, () => {
      const { spec, report } = importOsim(document, { fileName: `${name}.osim`, freezePathPointsAtDefaultPose: true });
      const model = compile(spec);
      expectImportMatchesFile(document, model, 'Millard2012EquilibriumMuscle', 18);
      expect(report.format).toBe('4.x');
      // 8 conditional and 4 moving points, each reported.
      expect(report.frozenPathPoints.filter((point) => point.action === 'frozen').length).toBe(4);
      expect(report.frozenPathPoints.filter((point) => point.element === 'ConditionalPathPoint').length).toBe(8);
      // Millard defaults reach the law: tendon strain 0.049, passive strain 0.7.
      expect(model.muscleTendonStrainAtF0[0]).toBe(0.049);
      expect(model.musclePassiveStrainAtF0[0]).toBe(0.7);
      expect(report.joints.map((joint) => joint.mappedAs)).toEqual([
        'custom', 'revolute', 'custom', 'revolute', 'weld', 'weld', 'revolute', 'custom', 'revolute', 'weld', 'weld', 'revolute',
      ]);
    });

    it(`${name}: forward kinematics equals an independent evaluation of the XML`, () => {
      const model = compile(importOsim(document, PERMISSIVE).spec);
      const pose = { pelvis_tilt: 0.1, pelvis_tx: 0.3, pelvis_ty: 0.9, hip_flexion_r: 0.4, knee_angle_r: -Math.PI / 3, ankle_angle_r: -0.2, hip_flexion_l: -0.3, knee_angle_l: -0.1, lumbar_extension: 0.2 };
      expect(poseDifference(model, pose, document)).toBeLessThan(1e-12);
      // Out of the splines' knot range too (linear extrapolation).
      expect(poseDifference(model, { knee_angle_r: -2.5, knee_angle_l: 0.3 }, document)).toBeLessThan(1e-12);
    });
  }

  it('hand check: knee flexed 60 deg places the tibia by the knee splines', () => {
    const model = compile(importOsim(text, PERMISSIVE).spec);
    const data = makeData(model);
    const q = Float64Array.from(model.coordinateDefault);
    const knee = -1.0472; // a knot of the knee's x-translation spline
    q[model.coordinateIndex.get('knee_angle_r') as number] = knee;
    forwardKinematics(model, data, q);
    const tibia = model.bodyIndex.get('tibia_r') as number;
    // Pelvis at (0, 0.95, 0.02), untilted; hip at (-0.0707, -0.0661, 0.0835) in the pelvis;
    // femur frame = hip frame at zero hip flexion; tibia origin = femur + (x(q), y(q), 0).
    expect(data.bodyPosition[3 * tibia]).toBeCloseTo(-0.0707 + 0.0041, 14);
    const y = data.bodyPosition[3 * tibia + 1] - (0.95 - 0.0661);
    const yKnots = [-0.4082, -0.399]; // values at the neighbouring knots -1.22173 and -0.523599
    expect(y).toBeGreaterThan(Math.min(...yKnots) - 0.002);
    expect(y).toBeLessThan(Math.max(...yKnots) + 0.002);
    expect(y).toBeCloseTo(
      simmSplineByDefinition([-2.0944, -1.22173, -0.523599, -0.349066, -0.174533, 0.159149, 2.0944], [-0.4226, -0.4082, -0.399, -0.3976, -0.3966, -0.395264, -0.396], knee),
      14,
    );
    expect(data.bodyPosition[3 * tibia + 2]).toBeCloseTo(0.02 + 0.0835, 14);
    // Tibia rotated by the knee angle about Z.
    expect(data.bodyRotation[9 * tibia]).toBeCloseTo(Math.cos(knee), 14);
    expect(data.bodyRotation[9 * tibia + 3]).toBeCloseTo(Math.sin(knee), 14);
  });
});

describe('Rajagopal 2016 (OpenSim 4.0 layout, coupled patella)', () => {
  const text = referenceText('models/Rajagopal2016.osim');

  it('rejects the patella couplers (two joints share a coordinate), naming the constraint and its line', () => {
    const error = thrown(() => importOsim(text, { fileName: 'Rajagopal2016.osim', ignoreUnsupportedWrapping: true }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/^<CoordinateCouplerConstraint name="patellofemoral_knee_angle_r_con"> at line 5239 of Rajagopal2016\.osim/);
  });

  it('rejects two cylinders on one segment unless wraps may be dropped', () => {
    const error = thrown(() => importOsim(text, { fileName: 'Rajagopal2016.osim', keepUncomposableCouplers: true }));
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/Gastroc_at_condyles_r.*second wrap on the same path segment/);
  });

  it('imports with the couplers kept and extra wraps dropped, as the file says', () => {
    const { spec, report } = importOsim(text, { fileName: 'Rajagopal2016.osim', ...PERMISSIVE });
    const model = compile(spec);
    expectImportMatchesFile(text, model, 'Millard2012EquilibriumMuscle', 80);
    expect(model.nq).toBe(39);
    expect(report.couplings.map((c) => [c.dependent, c.independent, c.mapping])).toEqual([
      ['knee_angle_r_beta', 'knee_angle_r', 'kept'],
      ['knee_angle_l_beta', 'knee_angle_l', 'kept'],
    ]);
    expect(report.droppedWraps.map((wrap) => `${wrap.tissue}/${wrap.wrapObject}`)).toEqual([
      'gaslat_r/Gastroc_at_condyles_r',
      'gasmed_r/Gastroc_at_condyles_r',
      'gaslat_l/Gastroc_at_condyles_l',
      'gasmed_l/Gastroc_at_condyles_l',
    ]);
    // The 17 reserve-style coordinate actuators of the ForceSet (not the <defaults> template).
    expect(spec.actuators?.length).toBe(17);
    // Its controls are unbounded (-Inf, Inf in the file): no bounds in the spec, infinities in the report.
    expect(spec.actuators?.[0]).toEqual({
      name: 'lumbar_ext',
      type: 'coordinate',
      coordinate: 'lumbar_extension',
      optimalForce: Number(/<CoordinateActuator name="lumbar_ext">[\s\S]*?<optimal_force>([^<]*)</.exec(text)?.[1]),
    });
    expect(report.actuators[0]).toMatchObject({ name: 'lumbar_ext', minControl: -Infinity, maxControl: Infinity, inSpec: true });
    // Vasti wrap the femoral condyles between femur and patella (the segment that wraps in knee flexion).
    const vasint = spec.tissues.find((tissue) => tissue.name === 'vasint_r');
    expect(vasint?.path.wraps.map((wrap) => [wrap.name, wrap.between])).toEqual([['KnExt_at_fem_r', [1, 2]]]);
    expect(report.skipped.some((entry) => entry.element === 'defaults')).toBe(true);
  });

  it('forward kinematics (walker knee, patella held at the coupling, universal wrists) equals an independent evaluation', () => {
    const model = compile(importOsim(text, PERMISSIVE).spec);
    const pose = {
      pelvis_tilt: -0.1, pelvis_list: 0.05, pelvis_rotation: 0.2, pelvis_tx: 0.1, pelvis_ty: 0.95, pelvis_tz: -0.05,
      hip_flexion_r: 0.5, hip_adduction_r: -0.1, hip_rotation_r: 0.2, knee_angle_r: 1.1, knee_angle_r_beta: 1.1, ankle_angle_r: 0.2,
      subtalar_angle_r: 0.1, mtp_angle_r: 0.3, knee_angle_l: 0.4, knee_angle_l_beta: 0.4, lumbar_extension: -0.2, arm_flex_r: 0.3,
      elbow_flex_r: 1.2, pro_sup_r: 0.5, wrist_flex_r: 0.3, wrist_dev_r: -0.1,
    };
    expect(poseDifference(model, pose, text)).toBeLessThan(1e-12);
  });
});

describe('toy ligament model (OpenSim 3.0 layout)', () => {
  const text = referenceText('models/std_toyLigamentModelScaled.osim');

  it('maps ligaments onto the passive law exactly at the curve knots, and the free joint as X-Y-Z rotations then translations', () => {
    const { spec, report } = importOsim(text, { fileName: 'std_toyLigamentModelScaled.osim' });
    const model = compile(spec);
    expect(report.format).toBe('3.x');
    expect(model.nbody - 1).toBe(2);
    expect(model.totalMass).toBe(2);
    expect(model.coordinateName).toEqual([
      'grd_block_xRotation', 'grd_block_yRotation', 'grd_block_zRotation',
      'grd_block_xTranslation', 'grd_block_yTranslation', 'grd_block_zTranslation', 'jnt1_coord_0',
    ]);
    // OpenSim's default coordinate range when none is given.
    expect([...model.coordinateRange.slice(0, 2)]).toEqual([-10, 10]);
    const ligaments = [...text.matchAll(/<Ligament name="([^"]+)">([\s\S]*?)<\/Ligament>/g)].map(([, name, body]) => {
      const tag = (t: string) => new RegExp(`<${t}>([^<]*)</${t}>`).exec(body)?.[1] ?? 'NaN';
      return [name, tag('resting_length'), tag('pcsa_force'), tag('x'), tag('y')];
    });
    expect(ligaments.length).toBe(4);
    for (const [name, resting, pcsa, xs, ys] of ligaments) {
      const t = model.tissueIndex.get(name) as number;
      expect(model.tissueKind[t]).toBe(2); // ligament
      expect(model.passiveSlackLength[t]).toBe(Number(resting));
      const k = model.passiveStiffness[t];
      const toe = model.passiveToeStrain[t];
      const law = (e: number) => (e <= 0 ? 0 : e < toe ? (k * e * e) / (2 * toe) : k * (e - toe / 2));
      numbers(xs).forEach((strain, i) => {
        expect(Math.abs(law(strain) - Number(pcsa) * numbers(ys)[i])).toBeLessThan(1e-5 * Number(pcsa));
      });
    }
    // Free joint: R = Rx Ry Rz (body-fixed), origin translated in ground, child frame 0.14 above the block origin.
    const data = makeData(model);
    const q = Float64Array.from([0.3, -0.2, 0.5, 0.1, 0.2, -0.3, 0.4]);
    forwardKinematics(model, data, q);
    const expected = multiply4(
      multiply4(translation4([0.1, 0.2, -0.3]), multiply4(multiply4(axisAngle([1, 0, 0], 0.3), axisAngle([0, 1, 0], -0.2)), axisAngle([0, 0, 1], 0.5))),
      translation4([0, -0.14, 0]),
    );
    const block = model.bodyIndex.get('block') as number;
    for (let i = 0; i < 3; i++) {
      expect(data.bodyPosition[3 * block + i]).toBeCloseTo(expected[i][3], 14);
      for (let j = 0; j < 3; j++) expect(data.bodyRotation[9 * block + 3 * i + j]).toBeCloseTo(expected[i][j], 14);
    }
  });
});
