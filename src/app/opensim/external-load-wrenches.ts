/**
 * OpenSim ExternalForces (an ExternalLoads file and its data, io/opensim/external-loads.ts)
 * as kinechain's world-frame body wrenches: for every body, [moment about the ground
 * origin (3), force (3)] in ground, the layout rnea takes as externalForces [nbody*6].
 *
 * As OpenSim's ExternalForce does:
 * - each component (force, point, torque x/y/z) is a function of time: a constant for
 *   one sample, piecewise linear for two or three, otherwise the interpolating cubic
 *   GCV spline (degree 3, error variance 0) through the samples; sampled at the tool's
 *   frame times;
 * - the force and torque are expressed in force_expressed_in_body and rotated into
 *   ground with that body's orientation at the frame's pose; the point is expressed in
 *   point_expressed_in_body (a ground point, or a point fixed in that body); without a
 *   point the force acts at the applied body's origin;
 * - the wrench on the applied body is F and p x F + T about the ground origin.
 *
 * OpenSim 4 no longer re-expresses ground points in the applied body with the
 * external_loads_model_kinematics_file (filtered at lowpass_cutoff_frequency_for_load_kinematics);
 * nor does kinechain: a warning says so when the file names one.
 */
import { KinechainError } from '../../core/errors.js';
import { didYouMean } from '../../core/math/edit-distance.js';
import { evaluateGcvSpline, fitGcvSpline, type GcvSpline } from '../../core/math/gcv-spline.js';
import type { SkeletonData, SkeletonModel } from '../../core/model/model.js';
import { readExternalLoadsFile, type ExternalLoads } from '../../io/opensim/external-loads.js';

/** One scalar component of an external force as a function of time. */
type ComponentFunction =
  | { kind: 'constant'; value: number }
  | { kind: 'linear'; time: Float64Array; values: Float64Array }
  | { kind: 'spline'; spline: GcvSpline };

export interface PreparedExternalLoads {
  /** ExternalForce names, in file order (enabled ones only). */
  readonly names: readonly string[];
  /** [nforce] body each force is applied to. */
  readonly appliedBody: Int32Array;
  /** [nforce] body the force and torque are expressed in (0 = ground). */
  readonly forceFrame: Int32Array;
  /** [nforce] body the point is expressed in (0 = ground), -1 when the force has no point. */
  readonly pointFrame: Int32Array;
  /** [nforce] 1 when the force has a torque. */
  readonly hasTorque: Uint8Array;
  /** [nforce*9] component functions: force xyz, point xyz, torque xyz (null when absent). */
  readonly components: readonly (ComponentFunction | null)[];
  readonly warnings: readonly string[];
}

/** [nframe*nforce*9] force, point, torque components at each frame time. */
export interface ExternalLoadSamples {
  readonly prepared: PreparedExternalLoads;
  readonly frameCount: number;
  readonly values: Float64Array;
}

function bodyIndex(model: SkeletonModel, name: string, where: string): number {
  const index = model.bodyIndex.get(name);
  if (index === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `${where}: the model has no body "${name}"${didYouMean(name, model.bodyName)}`, { body: name });
  }
  return index;
}

function componentFunction(time: Float64Array, values: Float64Array): ComponentFunction {
  if (time.length === 1) return { kind: 'constant', value: values[0] };
  if (time.length <= 3) return { kind: 'linear', time, values };
  return { kind: 'spline', spline: fitGcvSpline(time, values, { degree: 3, errorVariance: 0 }) };
}

function evaluateComponent(component: ComponentFunction, t: number): number {
  switch (component.kind) {
    case 'constant':
      return component.value;
    case 'spline':
      return evaluateGcvSpline(component.spline, t, 0);
    case 'linear': {
      // Linear interpolation, extrapolated from the end segments (PiecewiseLinearFunction).
      const x = component.time;
      const y = component.values;
      let i = 0;
      while (i < x.length - 2 && t >= x[i + 1]) i++;
      return y[i] + ((y[i + 1] - y[i]) * (t - x[i])) / (x[i + 1] - x[i]);
    }
  }
}

/**
 * Reads a tool's external-loads file, if its setup names one, and prepares it for the model;
 * the preparation's warnings are appended to `warnings`.
 */
export async function readPreparedExternalLoads(
  path: string | undefined,
  model: SkeletonModel,
  warnings: string[],
): Promise<PreparedExternalLoads | undefined> {
  if (path === undefined) return undefined;
  const prepared = prepareExternalLoads(await readExternalLoadsFile(path), model);
  warnings.push(...prepared.warnings);
  return prepared;
}

/** Binds the enabled ExternalForces to the model's bodies and fits their component functions. */
export function prepareExternalLoads(loads: ExternalLoads, model: SkeletonModel): PreparedExternalLoads {
  const warnings: string[] = [];
  const source = loads.settings.source;
  if (loads.settings.modelKinematicsFile !== undefined) {
    warnings.push(
      `${source}: external_loads_model_kinematics_file is ignored, as OpenSim 4 ignores it: points expressed in ground stay in ground`,
    );
  }
  const time = loads.data.table.time;
  if (time.length === 0) throw new KinechainError('MALFORMED_INPUT', `${loads.dataFilePath}: the external loads data file has no rows`);
  const enabled = loads.forces.filter((force) => force.enabled);
  const count = enabled.length;
  const appliedBody = new Int32Array(count);
  const forceFrame = new Int32Array(count);
  const pointFrame = new Int32Array(count).fill(-1);
  const hasTorque = new Uint8Array(count);
  const components: (ComponentFunction | null)[] = [];
  enabled.forEach((force, k) => {
    const where = `${source}: line ${force.line}: ExternalForce "${force.name}"`;
    appliedBody[k] = bodyIndex(model, force.appliedToBody, `${where}, applied_to_body`);
    if (appliedBody[k] === 0) warnings.push(`${where} is applied to ground and has no effect on the model`);
    forceFrame[k] = bodyIndex(model, force.forceExpressedInBody, `${where}, force_expressed_in_body`);
    if (force.point !== undefined) pointFrame[k] = bodyIndex(model, force.pointExpressedInBody, `${where}, point_expressed_in_body`);
    hasTorque[k] = force.torque !== undefined ? 1 : 0;
    for (const vector of [force.force, force.point, force.torque]) {
      for (let axis = 0; axis < 3; axis++) components.push(vector === undefined ? null : componentFunction(time, vector.columns[axis]));
    }
  });
  for (const force of loads.forces) {
    if (!force.enabled) warnings.push(`${source}: line ${force.line}: ExternalForce "${force.name}" is disabled and was not applied`);
  }
  return { names: enabled.map((force) => force.name), appliedBody, forceFrame, pointFrame, hasTorque, components, warnings };
}

/** Evaluates every component at every frame time (allocated once, before the frame loop). */
export function sampleExternalLoads(prepared: PreparedExternalLoads, times: Float64Array): ExternalLoadSamples {
  const nforce = prepared.names.length;
  const values = new Float64Array(times.length * nforce * 9);
  for (let frame = 0; frame < times.length; frame++) {
    const t = times[frame];
    for (let c = 0; c < nforce * 9; c++) {
      const component = prepared.components[c];
      values[frame * nforce * 9 + c] = component === null ? 0 : evaluateComponent(component, t);
    }
  }
  return { prepared, frameCount: times.length, values };
}

/**
 * Writes the world wrenches of frame `frame` into out [nbody*6] (zeroed first). Needs
 * forwardKinematics at that frame's pose (body rotations and origins). Allocates nothing.
 */
export function externalWrenches(model: SkeletonModel, data: SkeletonData, samples: ExternalLoadSamples, frame: number, out: Float64Array): void {
  const prepared = samples.prepared;
  const nforce = prepared.names.length;
  const values = samples.values;
  const rotation = data.bodyRotation;
  const position = data.bodyPosition;
  out.fill(0, 0, 6 * model.nbody);
  for (let k = 0; k < nforce; k++) {
    const body = prepared.appliedBody[k];
    if (body === 0) continue;
    const v = (frame * nforce + k) * 9;
    // Force and torque into ground.
    const fb = prepared.forceFrame[k];
    let fx = values[v], fy = values[v + 1], fz = values[v + 2];
    let tx = values[v + 6], ty = values[v + 7], tz = values[v + 8];
    if (fb !== 0) {
      const r = 9 * fb;
      const gx = rotation[r] * fx + rotation[r + 1] * fy + rotation[r + 2] * fz;
      const gy = rotation[r + 3] * fx + rotation[r + 4] * fy + rotation[r + 5] * fz;
      const gz = rotation[r + 6] * fx + rotation[r + 7] * fy + rotation[r + 8] * fz;
      fx = gx;
      fy = gy;
      fz = gz;
      const hx = rotation[r] * tx + rotation[r + 1] * ty + rotation[r + 2] * tz;
      const hy = rotation[r + 3] * tx + rotation[r + 4] * ty + rotation[r + 5] * tz;
      const hz = rotation[r + 6] * tx + rotation[r + 7] * ty + rotation[r + 8] * tz;
      tx = hx;
      ty = hy;
      tz = hz;
    }
    // Point of application in ground.
    let px: number, py: number, pz: number;
    const pb = prepared.pointFrame[k];
    if (pb < 0) {
      px = position[3 * body];
      py = position[3 * body + 1];
      pz = position[3 * body + 2];
    } else {
      const lx = values[v + 3], ly = values[v + 4], lz = values[v + 5];
      if (pb === 0) {
        px = lx;
        py = ly;
        pz = lz;
      } else {
        const r = 9 * pb;
        px = position[3 * pb] + rotation[r] * lx + rotation[r + 1] * ly + rotation[r + 2] * lz;
        py = position[3 * pb + 1] + rotation[r + 3] * lx + rotation[r + 4] * ly + rotation[r + 5] * lz;
        pz = position[3 * pb + 2] + rotation[r + 6] * lx + rotation[r + 7] * ly + rotation[r + 8] * lz;
      }
    }
    const o = 6 * body;
    out[o] += py * fz - pz * fy + tx;
    out[o + 1] += pz * fx - px * fz + ty;
    out[o + 2] += px * fy - py * fx + tz;
    out[o + 3] += fx;
    out[o + 4] += fy;
    out[o + 5] += fz;
  }
}
