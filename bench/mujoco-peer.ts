/**
 * MuJoCo as the benchmark's peer: an MJCF model with the same tree as a compiled
 * kinechain Model, loaded into MuJoCo's own WebAssembly build (`mujoco-js`) in the
 * same process.
 *
 * How the MJCF is made from the Model (at q = 0, after kinechain's forward kinematics):
 * - the same bodies with the same parents, each body frame placed where kinechain puts
 *   it at q = 0 (position and axes relative to the parent body);
 * - the same mass, centre of mass and full inertia tensor (`<inertial fullinertia>`);
 * - one MuJoCo joint per kinechain coordinate, so nq = nv match: a hinge where the
 *   coordinate's motion axis (a column of the space jacobian, Data.coordinateMotion)
 *   has an angular part, through the same line in space; a slide along the linear part
 *   otherwise. Slides are listed before hinges, because kinechain's translations are
 *   expressed in the joint's parent offset frame (applied before its rotations) and
 *   MuJoCo applies a body's joints in order, each in the frame left by the previous
 *   ones — the same body-fixed sequence kinechain uses for rotations;
 * - no geoms (so no collisions), no limits, springs, dampers, armature, actuators,
 *   sensors or equality constraints; contacts and constraints are also disabled by flag.
 *
 * When every joint function is the identity (slope 1, intercept 0), as in the test
 * fixture, the MJCF reproduces kinechain's kinematics at every q and mj_inverse must
 * agree with rnea to rounding: test/consistency/mujoco-peer.test.ts checks this. The
 * default body's custom joints couple some translations to rotations through splines
 * (OpenSim style); MuJoCo cannot express that with one joint per coordinate, so there
 * the MJCF is the same tree, masses and degrees of freedom — the same amount of
 * work — but not the same kinematics away from q = 0.
 */
import loadMujocoModule from 'mujoco-js';
import type { MainModule, MjData, MjModel } from 'mujoco-js';
import { forwardKinematics } from '../src/core/kinematics/forward-kinematics.js';
import { makeData } from '../src/core/model/make-data.js';
import type { Model } from '../src/core/model/model.js';

/** A compiled kinechain model written as MJCF, and how MuJoCo's dofs map to kinechain's coordinates. */
export interface Mjcf {
  readonly xml: string;
  /** [nq] for each MuJoCo qpos/qvel index, the kinechain coordinate index. */
  readonly coordinateOfDof: Int32Array;
}

let mujocoPromise: Promise<MainModule> | undefined;

/** Loads (once) MuJoCo's WebAssembly module. */
export function loadMujoco(): Promise<MainModule> {
  mujocoPromise ??= loadMujocoModule();
  return mujocoPromise;
}

const MIN_NORM = 1e-12;

function formatNumbers(values: readonly number[]): string {
  return values.map((value) => (Math.abs(value) < 1e-15 ? '0' : String(value))).join(' ');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** R^T (a) for a row-major 3x3 R stored at `offset`. */
function transposeTimes(rotation: Float64Array, offset: number, a: readonly number[]): [number, number, number] {
  return [
    rotation[offset] * a[0] + rotation[offset + 3] * a[1] + rotation[offset + 6] * a[2],
    rotation[offset + 1] * a[0] + rotation[offset + 4] * a[1] + rotation[offset + 7] * a[2],
    rotation[offset + 2] * a[0] + rotation[offset + 5] * a[1] + rotation[offset + 8] * a[2],
  ];
}

export function mjcfFromModel(model: Model): Mjcf {
  const data = makeData(model);
  const q = new Float64Array(model.nq);
  forwardKinematics(model, data, q);
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  const motion = data.coordinateMotion;

  const children: number[][] = Array.from({ length: model.nbody }, () => []);
  for (let b = 1; b < model.nbody; b++) children[model.bodyParent[b]].push(b);

  const coordinateOfDof: number[] = [];
  const lines: string[] = [];

  const writeBody = (body: number, indent: string): void => {
    const parent = model.bodyParent[body];
    // Body frame relative to the parent frame at q = 0: p = R_p^T (x_b - x_p), axes = R_p^T R_b.
    const offset = transposeTimes(rotation, 9 * parent, [
      position[3 * body] - position[3 * parent],
      position[3 * body + 1] - position[3 * parent + 1],
      position[3 * body + 2] - position[3 * parent + 2],
    ]);
    const xAxis = transposeTimes(rotation, 9 * parent, [rotation[9 * body], rotation[9 * body + 3], rotation[9 * body + 6]]);
    const yAxis = transposeTimes(rotation, 9 * parent, [rotation[9 * body + 1], rotation[9 * body + 4], rotation[9 * body + 7]]);
    lines.push(
      `${indent}<body name="${escapeXml(model.bodyName[body])}" pos="${formatNumbers(offset)}" xyaxes="${formatNumbers([...xAxis, ...yAxis])}">`,
    );

    const inertia = model.bodyInertia.subarray(9 * body, 9 * body + 9);
    const com = [model.bodyCom[3 * body], model.bodyCom[3 * body + 1], model.bodyCom[3 * body + 2]];
    lines.push(
      `${indent}  <inertial pos="${formatNumbers(com)}" mass="${model.bodyMass[body]}" ` +
        `fullinertia="${formatNumbers([inertia[0], inertia[4], inertia[8], inertia[1], inertia[2], inertia[5]])}"/>`,
    );

    // This body's coordinates: slides first, then hinges, each group in coordinate order.
    const first = model.jointCoordAdr[body];
    const count = model.jointCoordNum[body];
    const slides: string[] = [];
    const hinges: string[] = [];
    const slideDofs: number[] = [];
    const hingeDofs: number[] = [];
    for (let k = 0; k < count; k++) {
      const j = first + k;
      const w = [motion[6 * j], motion[6 * j + 1], motion[6 * j + 2]];
      const v = [motion[6 * j + 3], motion[6 * j + 4], motion[6 * j + 5]];
      const angular = Math.hypot(w[0], w[1], w[2]);
      const name = escapeXml(model.coordinateName[j]);
      if (angular > MIN_NORM) {
        // v = p x w for a pure rotation about a line through p, so the point of the line
        // closest to the ground origin is (w x v) / |w|^2.
        const scale = 1 / (angular * angular);
        const pointWorld = [
          (w[1] * v[2] - w[2] * v[1]) * scale - position[3 * body],
          (w[2] * v[0] - w[0] * v[2]) * scale - position[3 * body + 1],
          (w[0] * v[1] - w[1] * v[0]) * scale - position[3 * body + 2],
        ];
        const anchor = transposeTimes(rotation, 9 * body, pointWorld);
        const axis = transposeTimes(rotation, 9 * body, [w[0] / angular, w[1] / angular, w[2] / angular]);
        hinges.push(`${indent}  <joint name="${name}" type="hinge" pos="${formatNumbers(anchor)}" axis="${formatNumbers(axis)}"/>`);
        hingeDofs.push(j);
      } else {
        const linear = Math.hypot(v[0], v[1], v[2]);
        if (linear <= MIN_NORM) throw new Error(`coordinate ${model.coordinateName[j]} does not move its body at q = 0`);
        const axis = transposeTimes(rotation, 9 * body, [v[0] / linear, v[1] / linear, v[2] / linear]);
        slides.push(`${indent}  <joint name="${name}" type="slide" axis="${formatNumbers(axis)}"/>`);
        slideDofs.push(j);
      }
    }
    lines.push(...slides, ...hinges);
    coordinateOfDof.push(...slideDofs, ...hingeDofs);

    for (const child of children[body]) writeBody(child, `${indent}  `);
    lines.push(`${indent}</body>`);
  };

  for (const root of children[0]) writeBody(root, '    ');

  const gravity = formatNumbers([model.gravity[0], model.gravity[1], model.gravity[2]]);
  const xml = [
    `<mujoco model="${escapeXml(model.name)}">`,
    '  <compiler angle="radian" inertiafromgeom="false" autolimits="true"/>',
    `  <option gravity="${gravity}">`,
    '    <flag contact="disable" constraint="disable" spring="disable" damper="disable" actuation="disable" sensor="disable"/>',
    '  </option>',
    '  <worldbody>',
    ...lines,
    '  </worldbody>',
    '</mujoco>',
    '',
  ].join('\n');
  return { xml, coordinateOfDof: Int32Array.from(coordinateOfDof) };
}

/** A MuJoCo model and data built from a kinechain Model, with typed-array views of the state. */
export interface MujocoPeer {
  readonly mujoco: MainModule;
  readonly model: MjModel;
  readonly data: MjData;
  readonly mjcf: Mjcf;
  readonly nv: number;
  /** Views into MuJoCo's memory; refresh with `views()` if the WebAssembly memory may have grown. */
  views(): { qpos: Float64Array; qvel: Float64Array; qacc: Float64Array; qfrcInverse: Float64Array };
  /** Copies kinechain vectors (q, qd, qdd in coordinate order) into qpos, qvel, qacc. */
  setState(q: ArrayLike<number>, qd: ArrayLike<number>, qdd: ArrayLike<number>): void;
  /** qfrc_inverse in kinechain coordinate order. */
  inverseForces(out: Float64Array): Float64Array;
  dispose(): void;
}

let fileCounter = 0;

export async function createMujocoPeer(model: Model): Promise<MujocoPeer> {
  const mujoco = await loadMujoco();
  const mjcf = mjcfFromModel(model);
  const fs = mujoco.FS as unknown as {
    mkdir(path: string): void;
    writeFile(path: string, data: string): void;
    unlink(path: string): void;
    analyzePath(path: string): { exists: boolean };
  };
  if (!fs.analyzePath('/kinechain').exists) fs.mkdir('/kinechain');
  const path = `/kinechain/model-${fileCounter++}.xml`;
  fs.writeFile(path, mjcf.xml);
  let mjModel: MjModel;
  try {
    mjModel = mujoco.MjModel.loadFromXML(path);
  } finally {
    fs.unlink(path);
  }
  if (!mjModel) throw new Error('MuJoCo could not load the generated MJCF');
  const mjData = new mujoco.MjData(mjModel);
  const nv = mjModel.nv;
  if (nv !== model.nq || mjModel.nq !== model.nq) {
    throw new Error(`MuJoCo model has nq=${mjModel.nq}, nv=${nv}; kinechain has ${model.nq} coordinates`);
  }

  const views = () => ({
    qpos: mjData.qpos as Float64Array,
    qvel: mjData.qvel as Float64Array,
    qacc: mjData.qacc as Float64Array,
    qfrcInverse: mjData.qfrc_inverse as Float64Array,
  });

  return {
    mujoco,
    model: mjModel,
    data: mjData,
    mjcf,
    nv,
    views,
    setState(q, qd, qdd) {
      const { qpos, qvel, qacc } = views();
      for (let dof = 0; dof < nv; dof++) {
        const j = mjcf.coordinateOfDof[dof];
        qpos[dof] = q[j];
        qvel[dof] = qd[j];
        qacc[dof] = qdd[j];
      }
    },
    inverseForces(out) {
      const { qfrcInverse } = views();
      for (let dof = 0; dof < nv; dof++) out[mjcf.coordinateOfDof[dof]] = qfrcInverse[dof];
      return out;
    },
    dispose() {
      mjData.delete();
      mjModel.delete();
    },
  };
}
