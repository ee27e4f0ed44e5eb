/**
 * setPose: a coordinate vector from the reference pose plus named values, checked
 * against the model (unknown names, NaN, joint limits) with messages a clinician can act on.
 */
import { KinechainError } from '../errors.js';
import { closestNames } from '../math/edit-distance.js';
import { CoordinateKind, type SkeletonModel } from './model.js';

const DEGREES_PER_RADIAN = 180 / Math.PI;

function describeValue(model: SkeletonModel, j: number, value: number): string {
  const [min, max] = [model.coordinateRange[2 * j], model.coordinateRange[2 * j + 1]];
  if (model.coordinateKind[j] === CoordinateKind.rotational) {
    const deg = (x: number) => (x * DEGREES_PER_RADIAN).toFixed(1);
    return `${value} rad (${deg(value)} deg) is outside its range [${min}, ${max}] rad ([${deg(min)}, ${deg(max)}] deg)`;
  }
  return `${value} m is outside its range [${min}, ${max}] m`;
}

/**
 * Returns `out` [nq] (allocated if absent) holding model.coordinateDefault with the
 * named coordinates replaced by their values (rad or m).
 * Throws UNKNOWN_NAME (listing close names), NOT_FINITE, or OUT_OF_RANGE (naming the
 * coordinate, the value and its range; the range ends are allowed).
 */
export function setPose(model: SkeletonModel, namedValues: Record<string, number>, out?: Float64Array): Float64Array {
  if (out !== undefined && out.length !== model.nq) {
    throw new KinechainError('MALFORMED_INPUT', `pose buffer has ${out.length} entries; the model has ${model.nq} coordinates`);
  }
  const pose = out ?? new Float64Array(model.nq);
  pose.set(model.coordinateDefault);
  for (const [name, value] of Object.entries(namedValues)) {
    const j = model.coordinateIndex.get(name);
    if (j === undefined) {
      const close = closestNames(name, model.coordinateName);
      const hint = close.length > 0 ? `; close names: ${close.join(', ')}` : '';
      throw new KinechainError('UNKNOWN_NAME', `unknown coordinate "${name}"${hint}`, { name, closeNames: close });
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new KinechainError('NOT_FINITE', `coordinate "${name}" must be a finite number, got ${String(value)}`, {
        coordinate: name,
        value: String(value),
      });
    }
    const min = model.coordinateRange[2 * j];
    const max = model.coordinateRange[2 * j + 1];
    if (value < min || value > max) {
      throw new KinechainError('OUT_OF_RANGE', `coordinate "${name}" = ${describeValue(model, j, value)}`, {
        coordinate: name,
        value,
        range: [min, max],
      });
    }
    pose[j] = value;
  }
  return pose;
}
